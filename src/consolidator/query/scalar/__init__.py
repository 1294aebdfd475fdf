"""Typed scalar values as PostgreSQL computes them, for seed rows (INSERT / UPDATE / DELETE) and their predicates.

A value is a `Datum`: its type's internal name (`int4`, `text`, `varchar`, `numeric`, `bool`, `unknown` for a
quoted literal not yet resolved) and its text output, as the type's output function prints it (None: NULL).
Keeping the text output makes emitting a row and comparing it with the server's exact; each operation parses
what it needs.

- `evaluate(node, columns, calls)`: the value of an expression node (pglast), `columns` resolving column
  references, `calls` computing the functions that act on the model (nextval, user functions);
- `predicate(node, columns, calls)`: a condition's truth (True, False, None for NULL), as WHERE reads it;
- `Volatile` (a NotModelled): the expression calls a volatile function, so its value is not known;
- `assign(datum, sql_type, column)`: the value stored into a column of that type (an assignment cast), with the
  server's errors: 22P02 invalid input, 22001 too long, 22003 out of range, 42804 no assignment cast.

Expressions are analysed as the parser does (every operator and literal resolved, so errors such as 42883 or a
literal's 22P02 come from any branch), then computed as the planner folds constants: CASE, COALESCE, AND and OR
compute only what they need, in order. What the evaluator cannot compute exactly raises NotModelled; what the
server would refuse raises PgError.
"""

from consolidator.query.scalar.assign import assign
from consolidator.query.scalar.datum import NULL, Datum, Volatile
from consolidator.query.scalar.expression import Calls, Columns, analysed, evaluate, predicate
from consolidator.query.scalar.logic import truth

__all__ = ["NULL", "Calls", "Columns", "Datum", "Volatile", "analysed", "assign", "evaluate", "predicate", "truth"]
