-- xc engine state, schema version 1.
-- Networks live here (the original kept them in inventory.json); addresses are allocated in transactions.
CREATE TABLE networks (
    name            TEXT PRIMARY KEY,
    subnet          TEXT NOT NULL,
    alias_iface     TEXT,
    bridge_iface    TEXT,
    default_router  TEXT,
    start_addr      TEXT,
    end_addr        TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE address_allocations (
    network     TEXT NOT NULL REFERENCES networks(name),
    address     TEXT NOT NULL,
    container   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (network, address)
);
CREATE INDEX address_allocations_container ON address_allocations(container);

-- Each side effect of a run is written here before it happens, with what undoes it.
CREATE TABLE journal (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    container   TEXT NOT NULL,
    step        TEXT NOT NULL,
    undo        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'done', 'undone')),
    created_at  TEXT NOT NULL
);
CREATE INDEX journal_container ON journal(container);
