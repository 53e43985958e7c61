-- xc engine state, schema version 3: named volumes.
-- One row per volume (the original kept them in inventory.json). managed_by says who owns the data: 'storage' (the
-- storage backend created it: a ZFS dataset or a directory of the directory backend), 'directory' (the engine made a
-- directory under default_volume_directory or the state directory) or 'external' (an existing path given with -s,
-- never deleted). options and hints are JSON objects in the order given.
CREATE TABLE volumes (
    name        TEXT PRIMARY KEY,
    driver      TEXT NOT NULL CHECK (driver IN ('directory', 'zfs')),
    device      TEXT NOT NULL,
    managed_by  TEXT NOT NULL CHECK (managed_by IN ('storage', 'directory', 'external')),
    options     TEXT NOT NULL,
    hints       TEXT NOT NULL,
    template    TEXT,
    created_at  TEXT NOT NULL
);
