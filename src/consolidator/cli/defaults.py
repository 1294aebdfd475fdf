"""The configuration file's settings as each command's defaults (click's default_map): the command line wins.

A key goes to every command with a parameter of that name, except where a command reads it under another name or
means something else by it. Commands with --config read the runner's keys themselves (runner/config.py), so that
--config FILE is not overridden by the file found here.
"""

from __future__ import annotations

from consolidator.runner import config as settings

# output is the baseline build writes; the other commands' -o is where their own report goes.
_ONLY = {"output": {"build"}}
_RENAMED = {("blame", "legacy_dir"): "legacy"}
_RUNNER_KEYS = set(settings.RUNNER_KEYS)


class DefaultMap:
    """{command: {parameter: value}} from the configuration file found from the current directory, read when
    the file is found; a command's part is worked out when click asks for it (`get`), so that only the
    command that runs is loaded."""

    def __init__(self, group, ctx) -> None:
        _, self.values = settings.found()
        self.group, self.ctx = group, ctx
        self.made: dict[str, dict | None] = {}

    def get(self, name: str, default=None):
        if name not in self.made:
            self.made[name] = self._defaults(name)
        found = self.made[name]
        return default if found is None else found

    def _defaults(self, name: str) -> dict | None:
        if not self.values or name not in self.group.list_commands(self.ctx):
            return None
        command = self.group.get_command(self.ctx, name)
        params = {p.name for p in command.params}
        defaults = {}
        for key, value in self.values.items():
            if key in _ONLY and name not in _ONLY[key]:
                continue
            if "config" in params and key in _RUNNER_KEYS:
                continue
            param = _RENAMED.get((name, key), key)
            if param in params:
                defaults[param] = value
        return defaults or None


def default_map(group, ctx) -> DefaultMap:
    return DefaultMap(group, ctx)
