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


def default_map(group, ctx) -> dict:
    """{command: {parameter: value}} from the configuration file found from the current directory."""
    _, values = settings.found()
    result: dict[str, dict] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        params = {p.name for p in command.params}
        defaults = {}
        for key, value in values.items():
            if key in _ONLY and name not in _ONLY[key]:
                continue
            if "config" in params and key in _RUNNER_KEYS:
                continue
            param = _RENAMED.get((name, key), key)
            if param in params:
                defaults[param] = value
        if defaults:
            result[name] = defaults
    return result
