-- Photos records name, and photos whose bytes arrived (see the SQLite
-- backend's 0005_photos.sql).
CREATE TABLE photo_refs (
    sha256    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (sha256, event_id)
);
CREATE TABLE photos_received (
    sha256       TEXT PRIMARY KEY,
    size_bytes   BIGINT NOT NULL,
    received_at  TEXT NOT NULL
);
