"""The snapshot's procedural objects and rules: functions, triggers, views, policies, rules (a mixin of the reader)."""

from __future__ import annotations

from consolidator.verify.snapshot import normalize_body
from consolidator.verify.sql_filters import USER_SCHEMA, not_extension_member


class ProceduralReaders:
    def _functions(self) -> None:
        for name, args, prokind, definition, result, comment, owner, acl in self.q(
            f"""
            SELECT n.nspname || '.' || p.proname,
                   pg_get_function_identity_arguments(p.oid), p.prokind,
                   CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
                   pg_get_function_result(p.oid),
                   obj_description(p.oid, 'pg_proc'), pg_get_userbyid(p.proowner), p.proacl::text
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_proc', 'p.oid')}
            """
        ):
            kind = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window function"}[prokind]
            self.add(
                "function",
                f"{name}({args})",
                type=kind,
                definition=normalize_body(definition) if definition else f"{kind} returning {result}",
                comment=comment,
                **self.acl(owner=owner, acl=acl),
            )

    def _triggers(self, relations: dict[int, tuple[str, str]]) -> None:
        states = {"O": "enabled", "D": "disabled", "R": "enabled on replica", "A": "enabled always"}
        for relid, name, definition, enabled, comment in self.q(
            """
            SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled,
                   obj_description(t.oid, 'pg_trigger')
            FROM pg_trigger t WHERE t.tgrelid = ANY(%s) AND NOT t.tgisinternal
            """,
            (list(relations),),
        ):
            self.add(
                "trigger",
                f"{relations[relid][0]}.{name}",
                definition=definition,
                enabled=states.get(enabled, enabled),
                comment=comment,
            )

    def _views(self) -> None:
        for name, relkind, definition, comment, owner, acl in self.q(
            f"""
            SELECT n.nspname || '.' || c.relname, c.relkind,
                   pg_get_viewdef(c.oid, true), obj_description(c.oid, 'pg_class'),
                   pg_get_userbyid(c.relowner), c.relacl::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND {USER_SCHEMA.format(n='n')}
              AND {not_extension_member('pg_class', 'c.oid')}
            """
        ):
            self.add(
                "view",
                name,
                type="materialized view" if relkind == "m" else "view",
                definition=normalize_body(definition),
                comment=comment,
                **self.acl(owner=owner, acl=acl),
            )

    def _policies(self, relations: dict[int, tuple[str, str]]) -> None:
        commands = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}
        for relid, name, cmd, permissive, roles, using, check, comment in self.q(
            """
            SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
                   ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END
                         FROM unnest(p.polroles) r ORDER BY 1),
                   pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                   obj_description(p.oid, 'pg_policy')
            FROM pg_policy p WHERE p.polrelid = ANY(%s)
            """,
            (list(relations),),
        ):
            self.add(
                "policy",
                f"{relations[relid][0]}.{name}",
                command=commands.get(cmd, cmd),
                permissive=permissive,
                roles=list(roles),
                using=using,
                with_check=check,
                comment=comment,
            )

    def _rules(self, relations: dict[int, tuple[str, str]]) -> None:
        for relid, name, definition in self.q(
            """
            SELECT r.ev_class, r.rulename, pg_get_ruledef(r.oid, true)
            FROM pg_rewrite r WHERE r.ev_class = ANY(%s) AND r.rulename <> '_RETURN'
            """,
            (list(relations),),
        ):
            self.add("rule", f"{relations[relid][0]}.{name}", definition=normalize_body(definition))
