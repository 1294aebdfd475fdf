"""Fix migrations: files that repair what earlier files made, found by their name and by what they do.

By name: a word of the file name starts with fix, hotfix, force, ensure, repair, correct or patch, or is missing
or again. By behaviour: every schema change the file makes is a repair of an earlier file's object (a type,
default, NOT NULL or identity changed; a rename; a re-creation of a name an earlier file created; an IF NOT EXISTS
that found the object there) and it creates nothing new. Comments, drops, new enum labels and statements not
modelled yet neither make nor spoil a repair.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import Change
from consolidator.audit.history import History, Step
from consolidator.audit.lineage import Lineage
from consolidator.replay.effects import Action

_NAME_WORDS = re.compile(r"^(fix|hotfix|force|ensure|repair|correct|patch)|^(missing|again)$")
_REPAIRING_CHANGES = {"type", "default", "not null", "identity", "validated"}


class FixMigration(BaseModel):
    file: str
    reason: str
    by_name: list[str]  # the words of the name that mark it
    by_behaviour: bool
    status: str  # replayed | failed
    changes: list[Change]
    not_modelled: list[str]  # file:line of the statements the model does not carry yet


class Fixes(BaseModel):
    files: list[FixMigration]


def name_words(name: str) -> list[str]:
    words = re.split(r"[^a-z0-9]+", name.lower().rsplit(".", 1)[0])
    return [w for w in words if _NAME_WORDS.search(w)]


def _kind_of(step: Step, history: History, lineage: Lineage) -> str:
    """'repair', 'new' or 'neutral' for one applied step."""
    e = step.effect
    if e.ref is None or e.action in (Action.COMMENTED, Action.NOTED, Action.DROPPED):
        return "neutral"
    if e.action is Action.SKIPPED:
        return "repair" if e.change == "exists" else "neutral"
    if e.action is Action.CREATED:
        earlier = [lt for lt in lineage.named(e.ref) if lt.born is not None and lt.born.position < step.position
                   and history.file_names.index(lt.born.file) < history.file_names.index(step.file)]
        return "repair" if earlier else "new"
    owner = lineage.owner.get(step.position)
    born_earlier = owner is not None and owner.born is not None and \
        history.file_names.index(owner.born.file) < history.file_names.index(step.file)
    if e.action is Action.RENAMED:
        return "repair" if born_earlier else "neutral"
    if e.action is Action.ALTERED and e.change in _REPAIRING_CHANGES:
        return "repair" if born_earlier else "neutral"
    return "neutral"


def compute(history: History, lineage: Lineage) -> Fixes:
    failed = set(history.replay.failed_files)
    out = []
    for name in history.file_names:
        steps = [s for s in history.steps if s.file == name and s.applied]
        kinds = [_kind_of(s, history, lineage) for s in steps]
        by_behaviour = "repair" in kinds and "new" not in kinds
        words = name_words(name)
        if not words and not by_behaviour:
            continue
        reasons = []
        if words:
            reasons.append(f"its name says {', '.join(repr(w) for w in words)}")
        if by_behaviour:
            repairs = sum(1 for k in kinds if k == "repair")
            reasons.append(f"it only repairs what earlier files made ({md.plural(repairs, 'change')}, nothing new)")
        shown = [s for s in history.steps if s.file == name and s.effect.ref is not None]
        not_modelled = [f"{e.span.file}:{e.span.line}" for e in history.events_of(name) if e.status == "not-modelled"]
        out.append(FixMigration(file=name, reason="; ".join(reasons), by_name=words, by_behaviour=by_behaviour,
                                status="failed" if name in failed else "replayed",
                                changes=[Change.of(s) for s in shown], not_modelled=not_modelled))
    return Fixes(files=out)


def markdown(section: Fixes) -> list[str]:
    out = [md.heading(2, "Fix migrations"), ""]
    if not section.files:
        return out + ["No file is a fix by its name or by what it does.", ""]
    named = sum(1 for f in section.files if f.by_name)
    behaving = sum(1 for f in section.files if f.by_behaviour)
    out += [f"{md.plural(len(section.files), 'file')}: {named} by name, {behaving} by behaviour "
            "(they change only what earlier files made, and add nothing).", ""]
    for f in section.files:
        failed = " (failed: rolled back, nothing of it applies)" if f.status == "failed" else ""
        out.append(f"- {md.code(f.file)}: {md.text(f.reason)}{failed}")
        items = [f"{md.code(c.where())}: {md.text(c.sentence)}" + (" (in a DO block)" if c.in_do_block else "")
                 for c in f.changes]
        if f.not_modelled:
            items.append(f"not modelled yet: {', '.join(md.code(w) for w in f.not_modelled)}")
        out += md.bullets(items, indent=2)
    out.append("")
    return out
