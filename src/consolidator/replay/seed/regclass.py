"""A regclass literal's name, as the regclass input function reads it (nextval('s'), setval('app."S"', 5))."""

from __future__ import annotations

from consolidator.model.names import truncate


def regclass_parts(text: str | None) -> list[str] | None:
    """The name parts of a regclass literal ('s', 'app.s', '"My Seq"'), as stringToQualifiedNameList reads them;
    None for anything else (an OID, three parts, odd quoting): not modelled."""
    if not text:
        return None
    parts, i = [], 0
    while True:
        if i < len(text) and text[i] == '"':
            end, name = i + 1, ""
            while True:
                close = text.find('"', end)
                if close < 0:
                    return None
                name += text[end:close]
                if text[close + 1:close + 2] == '"':
                    name, end = name + '"', close + 2
                    continue
                i = close + 1
                break
            if not name:
                return None
        else:
            end = i
            while end < len(text) and (text[end].isalnum() or text[end] in "_$"):
                end += 1
            name = text[i:end].lower()
            if not name or name[0].isdigit() or not name.isascii():
                return None
            i = end
        parts.append(truncate(name))
        if i == len(text):
            return parts if len(parts) <= 2 else None
        if text[i] != ".":
            return None
        i += 1
