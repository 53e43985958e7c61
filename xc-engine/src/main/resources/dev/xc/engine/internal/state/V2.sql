-- xc engine state, schema version 2: containers.
-- One row per container: what ps/show report, and the blueprint (the applied plan, JSON) that start, restart, exec
-- and teardown need, so that another engine instance on the same database can manage the container.
CREATE TABLE containers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    image           TEXT NOT NULL,
    image_digest    TEXT,
    state           TEXT NOT NULL,
    root            TEXT NOT NULL,
    hostname        TEXT NOT NULL,
    vnet            INTEGER NOT NULL,
    linux           INTEGER NOT NULL,
    restart         TEXT NOT NULL,
    restarts        INTEGER NOT NULL DEFAULT 0,
    devfs_ruleset   INTEGER,
    addresses       TEXT NOT NULL,
    published       TEXT NOT NULL,
    redirects       TEXT NOT NULL,
    blueprint       TEXT NOT NULL,
    exit_code       INTEGER,
    fault           TEXT,
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT
);

-- Processes started in containers: init.N, main, deinit.N and exec-ID; a restarted main replaces its row.
CREATE TABLE container_processes (
    container   TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    pid         INTEGER NOT NULL,
    argv        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    exited_at   TEXT,
    exit_code   INTEGER,
    PRIMARY KEY (container, label)
);
