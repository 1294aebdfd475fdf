"""duplicate-version: two migrations with the same version number."""

from consolidator.runner.lint.finding import Rule


def check(folder):
    by_number: dict[int, list] = {}
    for m in folder.folder.migrations:
        by_number.setdefault(m.number, []).append(m)
    for number, group in sorted(by_number.items()):
        if len(group) < 2:
            continue
        for m in group:
            others = ", ".join(o.version for o in group if o is not m)
            yield m.path, 1, f"version {m.version.split('_', 1)[0]} is also {others}"


RULE = Rule(
    id="duplicate-version",
    catches="migrations sharing a version number",
    hint="renumber the one not yet applied anywhere (`consolidator new` takes the next free number), or say with "
         "'-- requires:' which runs first",
    check=check,
)
