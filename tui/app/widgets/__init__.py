"""The wizard's widgets: step indicator, finding card, ladder view, step body."""
