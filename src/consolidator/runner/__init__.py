"""The migration runner after the baseline (the user's audit, phase 2): migration files and their requirements,
the tracking table on a live database, migrate / status / repair / rollback / mark-baseline, and lint.

Every command reads the same settings (`config.py`): the migrations folder, the baseline file (whose header names
the tracking table), the legacy folder and an explicit tracking table name.
"""
