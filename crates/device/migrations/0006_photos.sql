-- Photos staged and attached on this device. A photo is addressed by the
-- SHA-256 of the bytes it uploads (the downscaled copy when the original
-- was larger than the maximum); the original is kept until the server has
-- the upload copy.
CREATE TABLE photos (
    sha256           TEXT PRIMARY KEY,
    original_sha256  TEXT NOT NULL,
    original_file    TEXT NOT NULL,
    mime_type        TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    taken_at         TEXT,
    gps_lat          REAL,
    gps_lon          REAL,
    -- The saved record naming it; NULL while only staged in a form.
    event_id         TEXT,
    staged_at        TEXT NOT NULL,
    -- Bytes the server confirmed holding, for the progress shown.
    uploaded_bytes   INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL DEFAULT 'staged'
                     CHECK (state IN ('staged', 'waiting', 'uploading', 'on_server'))
);
CREATE INDEX photos_to_upload ON photos(staged_at) WHERE state IN ('waiting', 'uploading');
CREATE INDEX photos_event ON photos(event_id);

-- The long side, in pixels, photos are downscaled to before upload.
ALTER TABLE device ADD COLUMN photo_max_px INTEGER NOT NULL DEFAULT 2048;
