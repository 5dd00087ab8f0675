-- Photos the pushed records name, and the photos whose bytes arrived
-- (verified against their SHA-256). Awaited = named and not arrived.
CREATE TABLE photo_refs (
    sha256    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (sha256, event_id)
);
CREATE TABLE photos_received (
    sha256       TEXT PRIMARY KEY,
    size_bytes   INTEGER NOT NULL,
    received_at  TEXT NOT NULL
);
