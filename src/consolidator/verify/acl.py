"""Privileges as the server stores them (aclitem[]), as sentences a reviewer reads."""

from __future__ import annotations

import re


_PRIVILEGES = {
    "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
    "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE", "c": "CONNECT", "T": "TEMPORARY",
    "s": "SET", "A": "ALTER SYSTEM", "m": "MAINTAIN",
}
_ACL_ITEM = re.compile(r'^((?:"(?:[^"]|"")*"|[^=]*))=([a-zA-Z*]*)/(.*)$')


def describe_acl(acl: str | None) -> list[str] | None:
    """``{app=r*w/owner,=r/owner}`` -> ``['PUBLIC: SELECT', 'app: SELECT WITH GRANT OPTION, UPDATE']``.

    None stays None: the object has its default privileges (the owner's, and PUBLIC's where the
    kind grants some by default).
    """
    if acl is None:
        return None
    items = []
    for item in _split_acl(acl.strip("{}")):
        m = _ACL_ITEM.match(item)
        if not m:
            items.append(item)
            continue
        grantee = m.group(1).strip('"').replace('""', '"') or "PUBLIC"
        privileges, letters = [], m.group(2)
        for i, letter in enumerate(letters):
            if letter == "*":
                continue
            grant = " WITH GRANT OPTION" if letters[i + 1 : i + 2] == "*" else ""
            privileges.append(_PRIVILEGES.get(letter, letter) + grant)
        items.append(f"{grantee}: {', '.join(privileges)}")
    return sorted(items)


def _split_acl(text: str) -> list[str]:
    out, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            out.append(current)
            current = ""
        else:
            current += ch
    if current:
        out.append(current)
    return out
