-- Tidemark server schema, version 1 (SQLite backend). Released migrations
-- are never edited: a change is a new file.

-- Each device's high-water mark: the last sequence number applied.
CREATE TABLE devices (
    device_id   TEXT PRIMARY KEY,
    high_water  INTEGER NOT NULL DEFAULT 0
);

-- Households and rafts: their fields as a JSON object, and for each field
-- the HLC stamp and record version of its last write.
CREATE TABLE records (
    entity        TEXT NOT NULL,
    id            TEXT NOT NULL,
    fields        TEXT NOT NULL,
    field_writes  TEXT NOT NULL,
    version       INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, id)
);

-- Append-only events; an event id is stored once however often it is pushed.
CREATE TABLE events (
    id      TEXT PRIMARY KEY,
    entity  TEXT NOT NULL,
    body    TEXT NOT NULL
);

-- The change log that pulls page through; the cursor only grows.
CREATE TABLE changes (
    cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    mutation   TEXT NOT NULL
);

-- The losing side of every concurrent edit, kept for a supervisor.
CREATE TABLE conflicts (
    id             INTEGER PRIMARY KEY,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    field          TEXT NOT NULL,
    kept_value     TEXT NOT NULL,
    lost_value     TEXT NOT NULL,
    lost_stamp     TEXT NOT NULL,
    lost_mutation  TEXT NOT NULL,
    resolved       INTEGER NOT NULL DEFAULT 0
);
