"""consolidator: compile a PostgreSQL migration history into one equivalent baseline."""
