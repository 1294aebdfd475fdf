"""A file's session settings that change name resolution: search_path, as psql's connection holds it.

Each legacy file runs in a session of its own (psql -f), so every file starts with the server's default,
`"$user", public`. SET lasts for the rest of the file and is undone when its transaction rolls back; SET LOCAL
lasts until the end of the transaction; RESET and SET ... TO DEFAULT go back to the default.

`$user` names the schema of the role running the migration. The model cannot know that role, so it is passed
over, as it is on a server where no schema has the role's name (the common case); see `search_schemas`.
"""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.errors import PgError, SqlState

DEFAULT_SEARCH_PATH: tuple[str, ...] = ("$user", "public")


@dataclass
class Session:
    search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH
    local: tuple[str, ...] | None = None  # SET LOCAL, until the transaction ends

    @property
    def effective(self) -> tuple[str, ...]:
        return self.local if self.local is not None else self.search_path

    @property
    def is_default(self) -> bool:
        return self.effective == DEFAULT_SEARCH_PATH

    def copy(self) -> "Session":
        return Session(self.search_path, self.local)

    def restore(self, saved: "Session") -> None:
        """ROLLBACK: the settings the transaction started with."""
        self.search_path, self.local = saved.search_path, saved.local

    def end_transaction(self) -> None:
        self.local = None


def parse_search_path(text: str) -> tuple[str, ...]:
    """A search_path value as the server splits it (SplitIdentifierString): comma-separated names, unquoted
    ones folded to lower case, "quoted" ones kept as written with "" for a quote."""
    out: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            j, name = i + 1, []
            while True:
                k = text.find('"', j)
                if k < 0:
                    raise PgError(SqlState.INVALID_PARAMETER_VALUE, 'invalid value for parameter "search_path": '
                                  f'"{text}"')
                name.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    name.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            out.append("".join(name))
        else:
            j = i
            while i < n and text[i] != "," and not text[i].isspace():
                i += 1
            word = text[j:i]
            if not word:
                if not out and i >= n:
                    return ()  # an empty search_path
                raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'invalid value for parameter "search_path": "{text}"')
            out.append(word.lower())
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return tuple(out)
        if text[i] != ",":
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'invalid value for parameter "search_path": "{text}"')
        i += 1
