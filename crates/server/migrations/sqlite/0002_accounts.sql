-- Accounts, enrolled devices and the visibility of the change log.

CREATE TABLE users (
    username       TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
    -- JSON array of current ward codes this user covers.
    wards          TEXT NOT NULL DEFAULT '[]',
    -- argon2id, PHC string format; never leaves the server.
    password_hash  TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
);

-- One row per enrolment. Only the SHA-256 of a token is stored, so a copy
-- of this database cannot sign a device in.
CREATE TABLE device_tokens (
    token_sha256  TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL,
    username      TEXT NOT NULL REFERENCES users(username),
    label         TEXT NOT NULL DEFAULT '',
    enrolled_at   TEXT NOT NULL,
    revoked_at    TEXT
);
CREATE INDEX device_tokens_device ON device_tokens(device_id);

-- Failed sign-ins, for rate limiting across server instances: the limit
-- lives in the database, not in one process's memory.
CREATE TABLE sign_in_failures (
    username  TEXT NOT NULL,
    at_ms     INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_user ON sign_in_failures(username, at_ms);

-- The current ward each change belongs to, so a pull returns only what the
-- user may see. NULL: not yet known (admins only).
ALTER TABLE changes ADD COLUMN ward TEXT;
CREATE INDEX changes_ward ON changes(ward, cursor);
