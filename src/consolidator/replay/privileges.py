"""Default privileges reach the objects a statement creates, as the server gives them when it creates them."""

from __future__ import annotations

from consolidator.model.keys import Kind
from consolidator.model.mutators.privileges import Target
from consolidator.model.names import split_key
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Action, Effect

_STORES = {Kind.TABLE: "tables", Kind.VIEW: "views", Kind.SEQUENCE: "sequences", Kind.FUNCTION: "functions",
           Kind.TYPE: "types", Kind.SCHEMA: "schemas"}


def apply_default_privileges(ctx: ReplayContext, effects: list[Effect]) -> None:
    catalog = ctx.catalog
    for effect in effects:
        if effect.action is not Action.CREATED or effect.ref is None or effect.ref.part:
            continue
        store = _STORES.get(effect.ref.kind)
        key = effect.ref.name
        if store is None or key not in getattr(catalog, store):
            continue
        targets = [Target(store, key)]
        if store == "tables":  # serial and identity sequences are created with their table
            targets += [Target("sequences", s.key) for s in catalog.sequences_owned_by(key)]
        for target in targets:
            if getattr(catalog, target.store)[target.key].acl is None:
                schema = None if target.store == "schemas" else split_key(target.key)[0]
                catalog.apply_default_privileges(target, schema)
