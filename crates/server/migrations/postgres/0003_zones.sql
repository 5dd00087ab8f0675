-- Farming zones and reference-set versions (see the SQLite backend's
-- 0004_zones.sql).
CREATE TABLE zones (
    code         TEXT PRIMARY KEY,
    body         TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);

CREATE TABLE reference_versions (
    name     TEXT PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO reference_versions (name, version) VALUES ('zones', 0);
