r"""What the parse already did for psql (`PsqlNote`: an ``\i`` followed, an ``\if`` branch skipped), and what
it could not follow (`PsqlUnmodelled`: a shell command's output, a variable psql sets itself): said as such.
The other meta-commands (`PsqlCommand`) are the handlers' (replay/handlers/other.py)."""

from __future__ import annotations

from consolidator.parse.psql_nodes import PsqlNote, PsqlUnmodelled
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, noted
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("PsqlNote")
def psql_note(ctx: ReplayContext, node: PsqlNote) -> Effects:
    return noted(node.sentence)


@STATEMENTS.register("PsqlUnmodelled")
def psql_unmodelled(ctx: ReplayContext, node: PsqlUnmodelled) -> Effects:
    raise NotModelled(node.reason)
