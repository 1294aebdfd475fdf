"""Typed scalar values as PostgreSQL computes them, for seed rows (INSERT / UPDATE / DELETE) and their predicates.

A value is a `Datum`: its type's internal name (`int4`, `text`, `varchar`, `numeric`, `bool`, `unknown` for a
quoted literal not yet resolved) and its text output, as the type's output function prints it (None: NULL).
Keeping the text output makes emitting a row and comparing it with the server's exact; each operation parses
what it needs.

- `evaluate(node, columns, calls)`: the value of an expression node (pglast), `columns` resolving column
  references, `calls` computing the functions that act on the model (nextval, user functions);
- `Volatile` (a NotModelled): the expression calls a volatile function, so its value is not known;
- `assign(datum, sql_type, column)`: the value stored into a column of that type (an assignment cast), with the
  server's errors: 22P02 invalid input, 22001 too long, 22003 out of range, 42804 no assignment cast.

What the evaluator cannot compute exactly raises NotModelled; what the server would refuse raises PgError.
"""

from consolidator.query.scalar.assign import assign
from consolidator.query.scalar.datum import NULL, Datum, Volatile
from consolidator.query.scalar.expression import Calls, Columns, evaluate

__all__ = ["NULL", "Calls", "Columns", "Datum", "Volatile", "assign", "evaluate"]
