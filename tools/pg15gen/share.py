"""Facts read from PostgreSQL 15's share folder and message catalogs (no server needed)."""

from __future__ import annotations

import glob
import os
import re
import struct

_ERRCODE_LINE = re.compile(r"^([0-9A-Z]{5})\s+([EWS])\s+(ERRCODE_[A-Z0-9_]+)(?:\s+([a-z0-9_]+))?\s*$")
_SECTION_LINE = re.compile(r"^Section: Class ([0-9A-Z]{2}) - (.*)$")


def read_errcodes(share_dir: str) -> tuple[list[list], list[list]]:
    """(codes, classes) of errcodes.txt, in file order.

    codes: [code, kind (E/W/S), macro (ERRCODE_...), condition name or None]; classes: [class, title].
    """
    codes: list[list] = []
    classes: list[list] = []
    with open(os.path.join(share_dir, "errcodes.txt"), encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if m := _SECTION_LINE.match(line):
                classes.append([m.group(1), m.group(2).strip()])
                continue
            m = _ERRCODE_LINE.match(line)
            if not m:
                raise SystemExit(f"gen_pg15: errcodes.txt: cannot read line {line!r}")
            codes.append([m.group(1), m.group(2), m.group(3), m.group(4)])
    if len(codes) < 200 or len(classes) < 30:
        raise SystemExit(f"gen_pg15: errcodes.txt looks truncated ({len(codes)} codes)")
    known = {c for c, _ in classes}
    for code, *_ in codes:
        if code[:2] not in known:
            raise SystemExit(f"gen_pg15: errcodes.txt: {code} has no Section line for its class")
    return codes, classes


def _mo_msgids(path: str) -> set[str]:
    """The msgids of one GNU .mo file: singular and plural forms, without msgctxt, without the header."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    if struct.unpack(order + "I", data[:4])[0] != 0x950412DE:
        raise SystemExit(f"gen_pg15: {path} is not a .mo file")
    count, originals = struct.unpack(order + "II", data[8:16])
    out: set[str] = set()
    for i in range(count):
        length, offset = struct.unpack(order + "II", data[originals + 8 * i: originals + 8 * i + 8])
        raw = data[offset: offset + length].decode("utf-8")
        if "\x04" in raw:  # msgctxt EOT msgid
            raw = raw.split("\x04", 1)[1]
        out.update(part for part in raw.split("\x00") if part)
    return out


def read_msgids(locale_dir: str, domains: tuple[str, ...] = ("postgres-15", "plpgsql-15")) -> list[str]:
    """The English message templates: the union of the msgids of every translation of each domain.

    A .mo file holds the entries its translators translated, so no single language has them all;
    the union over all installed languages is the closest to the server's full set.
    """
    msgids: set[str] = set()
    for domain in domains:
        files = sorted(glob.glob(os.path.join(locale_dir, "*", "LC_MESSAGES", f"{domain}.mo")))
        if not files:
            raise SystemExit(f"gen_pg15: no {domain}.mo under {locale_dir}")
        for path in files:
            msgids |= _mo_msgids(path)
    return sorted(msgids)


def read_control_files(share_dir: str) -> dict[str, dict]:
    """extension/*.control: name -> {key: value} (requires as a list, booleans as booleans)."""
    out: dict[str, dict] = {}
    for path in sorted(glob.glob(os.path.join(share_dir, "extension", "*.control"))):
        name = os.path.basename(path)[: -len(".control")]
        values: dict = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                key, _, value = line.partition("=")
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] == "'":
                    value = value[1:-1].replace("''", "'")
                values[key.strip()] = value
        control = {
            "comment": values.get("comment"),
            "default_version": values.get("default_version"),
            "requires": sorted(r.strip() for r in values.get("requires", "").split(",") if r.strip()),
            "schema": values.get("schema"),
        }
        for flag in ("relocatable", "superuser", "trusted"):
            default = {"relocatable": False, "superuser": True, "trusted": False}[flag]
            raw = values.get(flag)
            control[flag] = default if raw is None else raw.lower() in ("true", "on", "yes", "1")
        out[name] = control
    return out


_CREATE_RELATION = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:RECURSIVE\s+)?(VIEW|TABLE)\s+([A-Za-z_][A-Za-z0-9_.]*)",
    re.IGNORECASE | re.MULTILINE,
)


def read_created_relations(share_dir: str, filename: str) -> dict[str, str]:
    """Relations an initdb script creates: bare name -> 'v' (CREATE [OR REPLACE] VIEW) or 'r' (CREATE TABLE)."""
    with open(os.path.join(share_dir, filename), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r"--[^\n]*", "", text)
    out: dict[str, str] = {}
    for kind, name in _CREATE_RELATION.findall(text):
        out[name.lower().rsplit(".", 1)[-1]] = "v" if kind.upper() == "VIEW" else "r"
    return out


def read_stop_word_files(share_dir: str) -> list[list]:
    """The stop word files of tsearch_data (``stopwords = english`` reads english.stop), as text search rows."""
    folder = os.path.join(share_dir, "tsearch_data")
    return [["stopwords", name[:-len(".stop")], []] for name in sorted(os.listdir(folder)) if name.endswith(".stop")]
