"""Seed data: INSERT, UPDATE, DELETE and TRUNCATE over the model's rows (model/rows.py), as the server runs them.

- values.py: a value of an expression in a row's scope (query/scalar), defaults, sequence calls, volatile values;
- sources.py: the rows a SELECT, FROM or USING clause reads (constants, VALUES, model tables, generate_series);
- constraints.py: NOT NULL, CHECK, unique keys and foreign keys (with their actions), with the server's errors.

What the model cannot evaluate exactly raises NotModelled, never a guess.
"""
