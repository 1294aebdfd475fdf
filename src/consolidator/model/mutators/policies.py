"""Row-level security: a table's ENABLE / FORCE flags and its policies (they live on their table)."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Policy


def _name(key: str) -> str:
    return split_key(key)[1]


class PolicyMutators:
    def set_row_security(self, table_key: str, flag: str, value: bool, span: SourceSpan) -> None:
        """`flag` is 'row_security' (ENABLE / DISABLE) or 'force_row_security' (FORCE / NO FORCE)."""
        with self._edit("tables", table_key) as table:
            setattr(table, flag, value)
            table.provenance.touch(span)

    def policy(self, table_key: str, name: str) -> Policy:
        found = self.table(table_key).policy(name)
        if found is None:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'policy "{name}" for table "{_name(table_key)}" does not exist')
        return found

    def add_policy(self, table_key: str, policy: Policy) -> None:
        if self.table(table_key).policy(policy.name) is not None:
            raise PgError(SqlState.DUPLICATE_OBJECT,
                          f'policy "{policy.name}" for table "{_name(table_key)}" already exists')
        with self._edit("tables", table_key) as table:
            table.policies.append(policy)

    def replace_policy(self, table_key: str, policy: Policy) -> None:
        """ALTER POLICY ... TO / USING / WITH CHECK: the caller built the changed policy."""
        self.policy(table_key, policy.name)
        with self._edit("tables", table_key) as table:
            table.policies = [policy if p.name == policy.name else p for p in table.policies]

    def drop_policy(self, table_key: str, name: str) -> None:
        self.policy(table_key, name)
        with self._edit("tables", table_key) as table:
            table.policies = [p for p in table.policies if p.name != name]

    def rename_policy(self, table_key: str, old: str, new: str, span: SourceSpan) -> None:
        """The server looks for the new name first: renaming a missing policy to a taken name is 42710."""
        if self.table(table_key).policy(new) is not None:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'policy "{new}" for table "{_name(table_key)}" already exists')
        self.policy(table_key, old)
        with self._edit("tables", table_key) as table:
            policy = table.policy(old)
            policy.name = new
            policy.provenance.touch(span)

    def policies_using_column(self, table_key: str, column: str) -> list[str]:
        return [p.name for p in self.table(table_key).policies if p.references(column)]
