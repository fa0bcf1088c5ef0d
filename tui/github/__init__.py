"""GitHub's side: the bounded REST client, the questions asked in order, the facts learned and
the verdicts drawn from them (a pure function)."""
