"""The creation log: its reader, the signatures that name a failure's class, and the findings
joined with what else the context knows."""
