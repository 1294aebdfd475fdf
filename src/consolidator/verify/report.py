"""The verify report: data for ``--format json``, and the text a reviewer reads."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict

from consolidator.outputs import JSON_FORMAT_VERSION
from consolidator.verify.compare import Finding
from consolidator.verify.legacy import FileOutcome


class VerifyReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    mode: Literal["legacy", "drift"]
    reference_label: str  # "legacy" or "database": the first side of every finding
    legacy_dir: str | None = None
    baseline: str
    dsn: str | None = None  # drift mode, password redacted
    order: str | None = None
    on_error: str | None = None
    files: list[FileOutcome] = []  # legacy mode: what the server did with each file
    skipped: list[str] = []
    predicted_failures: list[str] = []
    volatile: list[str] = []  # seed columns masked because two replays disagree on them
    objects_compared: int = 0
    dump_entries_compared: int = 0  # pg_dump --schema-only entries compared as well (the backstop)
    rows_compared: int = 0
    findings: list[Finding] = []
    gaps: list[Finding] = []  # differences in kinds the model does not carry yet (the build listed those statements)
    not_compared: list[str] = []  # what was left uncompared (privileges without --privileges): not equivalence
    kept: str | None = None  # --keep: how to reach and stop the server

    @property
    def equivalent(self) -> bool:
        """Nothing differs, and nothing was left uncompared: a gap (a difference in what the model does not carry)
        is not equivalence either."""
        return not self.findings and not self.gaps and not self.not_compared

    @property
    def exit_code(self) -> int:
        return 0 if self.equivalent else 1

    def to_json(self) -> str:
        data = {"format_version": JSON_FORMAT_VERSION, **self.model_dump(mode="json")}
        data["equivalent"] = self.equivalent
        return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        out: list[str] = []
        if self.mode == "legacy":
            out.append(
                f"verify {self.legacy_dir} ({len(self.files)} files, order {self.order}, on-error {self.on_error}) "
                f"against {self.baseline}"
            )
            failed = [f for f in self.files if f.status == "failed"]
            not_run = [f for f in self.files if f.status == "not-run"]
            applied = len(self.files) - len(failed) - len(not_run)
            if self.on_error == "statement":
                counts = f"{applied} applied whole, {len(failed)} with failed statements (those statements skipped)"
            else:
                counts = f"{applied} applied, {len(failed)} rejected"
            if not_run:
                counts += f", {len(not_run)} not run"
            out.append(f"PostgreSQL replay: {counts}")
            for f in failed:
                predicted = "predicted by the compiler" if f.name in self.predicted_failures else "NOT predicted"
                verb = "failed in" if self.on_error == "statement" else "rejected"
                out.append(f"  {verb} {f.describe()} ({predicted})")
                for e in f.errors[1:]:
                    out.append(f"    also {f.name}:{e.line}: {e.sqlstate or 'psql'} {e.one_line()}")
            for s in self.skipped:
                out.append(f"  skipped {s}")
        else:
            out.append(f"verify database {self.dsn} against {self.baseline}")
        if self.volatile:
            out.append(f"volatile seed columns (differ between two replays, not compared): {', '.join(self.volatile)}")
        out.append(f"compared {self.objects_compared} catalog objects and {self.rows_compared} seed rows, and "
                   f"{self.dump_entries_compared} entries of pg_dump --schema-only")
        out.append("")
        if self.gaps:
            n = len(self.gaps)
            out.append(f"not equivalent: {n} difference{'s' if n != 1 else ''} in what the model does not carry yet "
                       "(the build lists each such statement as not modelled; the baseline lacks what they did):")
            out.extend(f"  {f.message}" for f in self.gaps)
            out.append("")
        if self.not_compared:
            out.append("not compared, so not shown equivalent:")
            out.extend(f"  {line}" for line in self.not_compared)
            out.append("")
        if self.equivalent:
            what = "the legacy history" if self.mode == "legacy" else "the database"
            out.append(f"equivalent: the baseline builds the same schema and seed rows as {what}")
        elif self.findings:
            n = len(self.findings)
            out.append(f"{n} difference{'s' if n != 1 else ''}:")
            out.extend(f"  {f.message}" for f in self.findings)
        if self.kept:
            out.append("")
            out.append("kept the throwaway servers:")
            out.extend(f"  {line}" for line in self.kept.splitlines())
        return "\n".join(out) + "\n"
