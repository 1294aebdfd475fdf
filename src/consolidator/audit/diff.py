"""diff: compile the legacy folder as it is at a git revision and as it is in the working tree, and say what changed in
model terms. The revision's files are read with git (plumbing commands, no shell, no checkout) into a temporary
folder of the same name; a folder that does not exist at the revision is an empty history."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from consolidator.audit import markdown as md
from consolidator.audit.compare import FORMAT_VERSION, ModelChange, compare
from consolidator.build import build
from consolidator.errors import InputError, OnError
from consolidator.source.discover import Order


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise InputError("git is not installed: diff needs it to read the revision") from None
    except OSError as e:
        raise InputError(f"cannot run git: {e.strerror or e}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed: {message[-1] if message else 'exit status ' + str(done.returncode)}")
    return done.stdout


@dataclass
class Exported:
    revision: str  # the commit
    notes: list[str] = field(default_factory=list)  # entries not exported (symlinks, submodules, odd names)
    existed: bool = True


def export_folder(folder: Path, rev: str, into: Path) -> Exported:
    """Write the files `folder` held at `rev` (its direct entries) into `into`."""
    if not folder.is_dir():
        raise InputError(f"legacy folder not found: {folder}")
    top = Path(os.fsdecode(_git(["rev-parse", "--show-toplevel"], folder).rstrip(b"\n")))
    prefix = os.fsdecode(_git(["rev-parse", "--show-prefix"], folder).rstrip(b"\n"))
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], folder).decode().strip()
    listing = _git(["ls-tree", "-z", "--full-tree", commit, *(["--", prefix] if prefix else [])], top)
    out = Exported(revision=commit)
    blobs: list[tuple[str, str]] = []
    entries = [e for e in listing.split(b"\0") if e]
    if not entries:
        out.existed = False
    for entry in entries:
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, obj = meta.decode().split(" ")
        name = os.fsdecode(raw_path)[len(prefix):]
        if not name or name in (".", "..") or "/" in name:
            out.notes.append(f"{name!r}: not a plain name, not exported")
        elif kind == "tree":
            (into / name).mkdir()
        elif kind == "blob" and mode in ("100644", "100755"):
            blobs.append((name, obj))
        else:
            out.notes.append(f"{name}: {'symbolic link' if mode == '120000' else kind}, not exported")
    if blobs:
        data = _git(["cat-file", "--batch"], top, stdin="".join(f"{obj}\n" for _, obj in blobs).encode())
        pos = 0
        for name, obj in blobs:
            header_end = data.index(b"\n", pos)
            size = int(data[pos:header_end].split(b" ")[2])
            start = header_end + 1
            (into / name).write_bytes(data[start:start + size])
            pos = start + size + 1
    return out


@dataclass
class Diff:
    against: str
    revision: str
    folder: str
    changes: list[ModelChange]
    notes: list[str]

    def to_text(self) -> str:
        head = f"{self.folder}/ at {self.against} ({self.revision[:12]}) → working tree"
        lines = [head] + [f"  {md.visible(n)}" for n in self.notes]
        lines += [md.visible(c.sentence()) for c in self.changes] or ["no changes in the model"]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        out = [f"**{md.text(self.folder)}/**: model changes from {md.code(self.against)} "
               f"({md.code(self.revision[:12])}) to the working tree", ""]
        out += md.bullets([md.text(n) for n in self.notes])
        if not self.changes:
            out.append("No changes in the model.")
        for c in self.changes:
            if c.change == "changed":
                body = f"{md.text(c.attribute)} {md.code(c.before or '(none)')} → {md.code(c.after or '(none)')}"
            elif c.change == "renamed":
                body = f"renamed from {md.code(c.before)}"
            else:
                body = md.text(c.change)
            by = f" (changed by {md.code(f'{c.file}:{c.line}')})" if c.file and c.line else ""
            out.append(f"- {md.text(c.kind)} {md.code(c.name)}: {body}{by}")
        return "\n".join(out) + "\n"

    def to_json(self) -> str:
        return json.dumps({"format_version": FORMAT_VERSION, "against": self.against, "revision": self.revision,
                           "folder": self.folder, "notes": self.notes,
                           "changes": [c.model_dump() for c in self.changes]}, indent=2, ensure_ascii=False) + "\n"


def diff(folder: str | Path, against: str = "HEAD", order: Order = Order.NAME,
         on_error: OnError = OnError.FILE) -> Diff:
    folder = Path(folder)
    name = folder.resolve().name if folder.is_dir() else folder.name
    with tempfile.TemporaryDirectory(prefix="consolidator-diff-") as tmp:
        then = Path(tmp) / (name or "legacy")
        then.mkdir()
        exported = export_folder(folder, against, then)
        old = build(then, order=order, on_error=on_error)
    new = build(folder, order=order, on_error=on_error)
    notes = list(exported.notes)
    if not exported.existed:
        notes.insert(0, f"the folder does not exist at {against}: compared with an empty history")
    return Diff(against=against, revision=exported.revision, folder=Path(folder).name or str(folder),
                changes=compare(old, new), notes=notes)
