-- Tidemark server schema, version 1 (PostgreSQL backend): the same tables
-- as the SQLite backend's migrations 0001 and 0002. Released migrations are
-- never edited: a change is a new file.

CREATE TABLE devices (
    device_id   TEXT PRIMARY KEY,
    high_water  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE records (
    entity        TEXT NOT NULL,
    id            TEXT NOT NULL,
    fields        TEXT NOT NULL,
    field_writes  TEXT NOT NULL,
    version       BIGINT NOT NULL,
    deleted       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (entity, id)
);

CREATE TABLE events (
    id      TEXT PRIMARY KEY,
    entity  TEXT NOT NULL,
    body    TEXT NOT NULL
);

-- Cursors come from a sequence; pushes take one advisory lock, so they
-- commit in cursor order and a pull never passes a change still to commit.
CREATE TABLE changes (
    cursor     BIGSERIAL PRIMARY KEY,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    version    BIGINT NOT NULL,
    mutation   TEXT NOT NULL,
    ward       TEXT
);
CREATE INDEX changes_ward ON changes(ward, cursor);

CREATE TABLE conflicts (
    id             BIGSERIAL PRIMARY KEY,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    field          TEXT NOT NULL,
    kept_value     TEXT NOT NULL,
    lost_value     TEXT NOT NULL,
    lost_stamp     TEXT NOT NULL,
    lost_mutation  TEXT NOT NULL,
    resolved       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX conflicts_entity ON conflicts(entity_id);

CREATE TABLE users (
    username       TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
    wards          TEXT NOT NULL DEFAULT '[]',
    password_hash  TEXT NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TEXT NOT NULL
);

CREATE TABLE device_tokens (
    seq           BIGSERIAL,
    token_sha256  TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL,
    username      TEXT NOT NULL REFERENCES users(username),
    label         TEXT NOT NULL DEFAULT '',
    enrolled_at   TEXT NOT NULL,
    revoked_at    TEXT
);
CREATE INDEX device_tokens_device ON device_tokens(device_id);

CREATE TABLE sign_in_failures (
    username  TEXT NOT NULL,
    at_ms     BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_user ON sign_in_failures(username, at_ms);
