-- Tidemark device schema, version 1. Released migrations are never edited:
-- a change is a new file.
--
-- Households and rafts are stored as their JSON document (`body`, the domain
-- type as serde writes it) plus the columns queries need. Events are
-- append-only rows in one table.

CREATE TABLE device (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id    TEXT NOT NULL,
    inspector    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    -- Last HLC stamp issued or observed; the clock resumes from it.
    hlc_wall_ms  INTEGER NOT NULL DEFAULT 0,
    hlc_counter  INTEGER NOT NULL DEFAULT 0,
    -- Sequence number the next outbox mutation gets: 1, 2, 3, ... no gaps.
    next_seq     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE admin_units (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    level        TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    merged_into  TEXT REFERENCES admin_units(code)
);

CREATE TABLE households (
    id               TEXT PRIMARY KEY,
    body             TEXT NOT NULL,
    admin_unit_code  TEXT NOT NULL REFERENCES admin_units(code),
    -- Name, village and unit folded (no case, no diacritics) for search.
    search_text      TEXT NOT NULL,
    cccd             TEXT,
    demo             INTEGER NOT NULL DEFAULT 0,
    deleted          INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL,
    -- JSON object: field name -> HLC text of its last write; "*" stands
    -- for every field not named (the creation stamp).
    field_stamps     TEXT NOT NULL DEFAULT '{}',
    server_version   INTEGER
);
CREATE INDEX households_unit ON households(admin_unit_code) WHERE deleted = 0;
CREATE INDEX households_cccd ON households(cccd) WHERE cccd IS NOT NULL;

CREATE TABLE rafts (
    id                 TEXT PRIMARY KEY,
    household_id       TEXT NOT NULL REFERENCES households(id),
    body               TEXT NOT NULL,
    local_tag          TEXT NOT NULL,
    status             TEXT NOT NULL,
    initial_styrofoam  INTEGER NOT NULL,
    initial_hdpe       INTEGER NOT NULL,
    initial_other      INTEGER NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0,
    updated_at         TEXT NOT NULL,
    field_stamps       TEXT NOT NULL DEFAULT '{}',
    server_version     INTEGER
);
CREATE INDEX rafts_household ON rafts(household_id);

CREATE TABLE events (
    id                  TEXT PRIMARY KEY,
    raft_id             TEXT NOT NULL REFERENCES rafts(id),
    kind                TEXT NOT NULL CHECK (kind IN ('float_replacement', 'relocation', 'inspection')),
    date                TEXT NOT NULL,
    body                TEXT NOT NULL,
    -- Ledger columns, set for float replacements only.
    styrofoam_removed   INTEGER NOT NULL DEFAULT 0,
    installed           INTEGER NOT NULL DEFAULT 0,
    installed_material  TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX events_raft ON events(raft_id, date);

-- Mutations waiting to be pushed, in device-sequence order. A row leaves
-- only when the server acknowledges it.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY,
    mutation_id  TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    body         TEXT NOT NULL
);
