-- Farming zones (vùng nuôi), synced down from the server as reference
-- data: the device checks raft positions against them offline. `body` is
-- the domain Zone as JSON (its area a GeoJSON MultiPolygon).
CREATE TABLE zones (
    code  TEXT PRIMARY KEY,
    body  TEXT NOT NULL
);
-- The server's zone-set version the rows above are; 0 before the first.
ALTER TABLE device ADD COLUMN zones_version INTEGER NOT NULL DEFAULT 0;
