"""Guarded blocks: every DO block, the branches it took and why, and what the statements inside it did.

The replay interprets each block against the catalog as it stands at that point; the conditions and the branch
each took are in the block's own description (the interpreter's sentence), the statements it ran are effects of
their own. A block the interpreter could not decide, or that the server rejects, is listed with the reason.
"""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import Change
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.replay.effects import Action


class GuardedBlock(BaseModel):
    file: str
    line: int
    status: str  # applied | not-modelled | failed | rolled-back
    description: str  # the branches taken and their conditions, as the replay says them; or why it is not modelled
    effects: list[Change]  # what the statements inside it did


class Guards(BaseModel):
    blocks: list[GuardedBlock]


def compute(history: History, lineage: Lineage | None = None) -> Guards:
    blocks = []
    for event in history.events:
        if event.kind != "DoStmt":
            continue
        notes = [e for e in event.effects if e.action is Action.NOTED]
        description = "; ".join(e.sentence for e in notes) if notes else event.reason
        inner = [Change.of(s) for s in history.steps if s.event is event and s.in_do_block]
        blocks.append(GuardedBlock(file=event.span.file, line=event.span.line, status=event.status,
                                   description=description, effects=inner))
    return Guards(blocks=blocks)


_STATUS = {"applied": "ran", "not-modelled": "not modelled", "failed": "rejected by the server",
           "rolled-back": "rolled back with its file"}


def markdown(section: Guards) -> list[str]:
    out = [md.heading(2, "Guarded blocks"), ""]
    if not section.blocks:
        return out + ["No DO blocks.", ""]
    ran = sum(1 for b in section.blocks if b.status == "applied")
    out += [f"{md.plural(len(section.blocks), 'DO block')} ({ran} ran), each evaluated against the schema as it "
            "stood at that point:", ""]
    for b in section.blocks:
        out.append(f"- {md.code(f'{b.file}:{b.line}')} ({_STATUS.get(b.status, b.status)}): {md.text(b.description)}")
    out.append("")
    return out
