"""One handler module per statement kind; importing this package registers them all (see registry.py)."""

from consolidator.replay.handlers import (  # noqa: F401  (registration)
    column,
    column_type,
    comment,
    constraint,
    dml,
    do_block,
    drop,
    enum_type,
    extension,
    index,
    other,
    rename,
    routine,
    schema,
    sequence,
    table,
    trigger,
    view,
)
