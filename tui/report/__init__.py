"""Turn a finished Diagnosis into text, JSON (schema 1) or Markdown. No Textual, no Rich."""
