-- Farming zones (vùng nuôi): reference data an admin imports from GeoJSON
-- and every device syncs down. `body` is the zone as the domain type
-- serializes it (its area a GeoJSON MultiPolygon).
CREATE TABLE zones (
    code         TEXT PRIMARY KEY,
    body         TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);

-- Versions of reference data sets: a set's version grows by one with every
-- change, so a device asks for the set only when it changed.
CREATE TABLE reference_versions (
    name     TEXT PRIMARY KEY,
    version  INTEGER NOT NULL
);
INSERT INTO reference_versions (name, version) VALUES ('zones', 0);
