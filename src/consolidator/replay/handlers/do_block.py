"""DO: a PL/pgSQL block run against the catalog (the interpreter is replay/plpgsql/, its expressions query/).

Whatever the interpreter cannot decide exactly (variables, loops, computed EXECUTE strings, a view or
column not modelled) raises `NotModelled`, and the catalog is left as it was before the DO block. A
statement inside the block that the model cannot represent is treated as at top level (the server ran
it): the block goes on and the DO statement is reported not-modelled, with what it did apply.
"""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.parse.expressions import string_value
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, noted
from consolidator.replay.plpgsql import Run, interpret, lose_written_rows
from consolidator.replay.registry import STATEMENTS

# Languages built into every server that have no inline handler: the server refuses DO in them.
_NO_INLINE = ("sql", "c", "internal")


@STATEMENTS.register("DoStmt")
def do_block(ctx: ReplayContext, node: Any) -> Effects:
    body, language = _arguments(node)
    if language != "plpgsql":
        if language in _NO_INLINE:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, f'language "{language}" does not support inline code execution')
        raise NotModelled(f"DO block in LANGUAGE {language} is not modelled: only PL/pgSQL is interpreted")
    savepoint = ctx.catalog.savepoint()
    run = Run(ctx, body)
    try:
        interpret(run)
    except PgError as error:
        ctx.catalog.rollback_to(savepoint)
        where = f" (DO block, line {run.line})" if run.line else ""
        raise PgError(error.sqlstate, f"{error.message}{where}", from_user=error.from_user) from error
    except NotModelled as e:
        ctx.catalog.rollback_to(savepoint)
        message = f"DO block not modelled, left out whole: {e}"
        lose_written_rows(ctx, body, f"{ctx.span.file}:{ctx.span.line} ({message})")
        raise NotModelled(message) from e
    except Exception as e:  # noqa: BLE001  (no input may crash the replay: an odd tree is reported, not raised)
        ctx.catalog.rollback_to(savepoint)
        raise NotModelled(f"DO block not modelled, left out whole: its body is not understood "
                          f"({type(e).__name__}: {e})") from e
    ctx.catalog.release(savepoint)
    sentence = "DO block: " + ("; ".join(run.parts) if run.parts else "nothing to do")
    if run.notes:
        raise NotModelled(f"{sentence}; not modelled inside it: {'; '.join(run.notes)}")
    return noted(sentence, run.effects)


def _arguments(node: Any) -> tuple[str, str]:
    body = language = None
    for arg in node.args or ():
        if not isinstance(arg, ast.DefElem) or arg.defname not in ("as", "language"):
            raise NotModelled("DO block with an unexpected argument is not modelled")
        value = string_value(arg.arg)
        if value is None:
            raise NotModelled("DO block with a non-string argument is not modelled")
        if (body if arg.defname == "as" else language) is not None:
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        if arg.defname == "as":
            body = value
        else:
            language = value
    if body is None:
        raise PgError(SqlState.SYNTAX_ERROR, "no inline code specified")
    return body, language or "plpgsql"
