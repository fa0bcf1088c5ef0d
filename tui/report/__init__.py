"""Turn a finished Diagnosis into text, JSON (schema 2) or Markdown. No Textual, no Rich."""
