-- Households and rafts keep their fields in columns instead of a JSON
-- document, and the outbox refers to a created record instead of copying
-- it. Importing 100,000 rafts wrote each raft three times (document, outbox
-- copy, per-field stamps that nothing read): about 2.4 KB a raft.

-- Households: the document's fields become columns.
ALTER TABLE households ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN phone TEXT;
ALTER TABLE households ADD COLUMN village TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN cooperative TEXT;
ALTER TABLE households ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN device_id TEXT NOT NULL DEFAULT '';
UPDATE households SET
    full_name   = json_extract(body, '$.full_name'),
    phone       = json_extract(body, '$.phone'),
    village     = json_extract(body, '$.village'),
    cooperative = json_extract(body, '$.cooperative'),
    created_at  = json_extract(body, '$.meta.created_at'),
    created_by  = json_extract(body, '$.meta.created_by'),
    device_id   = json_extract(body, '$.meta.device_id');
ALTER TABLE households DROP COLUMN body;
-- Per-field stamps were written and never read: merging is the server's
-- (its change log holds the winning values), and the device keeps its
-- pending edits on top by looking at the outbox.
ALTER TABLE households DROP COLUMN field_stamps;

-- Rafts: the same. A position is NULL in all its columns or none.
ALTER TABLE rafts ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE rafts ADD COLUMN cell_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rafts ADD COLUMN length_m REAL;
ALTER TABLE rafts ADD COLUMN width_m REAL;
ALTER TABLE rafts ADD COLUMN species TEXT NOT NULL DEFAULT '';
ALTER TABLE rafts ADD COLUMN lat REAL;
ALTER TABLE rafts ADD COLUMN lon REAL;
ALTER TABLE rafts ADD COLUMN accuracy_m REAL;
ALTER TABLE rafts ADD COLUMN position_source TEXT;
-- How a position was worked out from a boat nearby (JSON), when it was.
ALTER TABLE rafts ADD COLUMN position_offset TEXT;
ALTER TABLE rafts ADD COLUMN waterway TEXT;
ALTER TABLE rafts ADD COLUMN zone TEXT;
ALTER TABLE rafts ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
ALTER TABLE rafts ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE rafts ADD COLUMN device_id TEXT NOT NULL DEFAULT '';
UPDATE rafts SET
    kind            = json_extract(body, '$.kind'),
    cell_count      = json_extract(body, '$.cell_count'),
    length_m        = json_extract(body, '$.length_m'),
    width_m         = json_extract(body, '$.width_m'),
    species         = json_extract(body, '$.species'),
    lat             = json_extract(body, '$.position.lat'),
    lon             = json_extract(body, '$.position.lon'),
    accuracy_m      = json_extract(body, '$.position.accuracy_m'),
    position_source = json_extract(body, '$.position.source'),
    position_offset = json_extract(body, '$.position.offset'),
    waterway        = json_extract(body, '$.waterway'),
    zone            = json_extract(body, '$.zone'),
    created_at      = json_extract(body, '$.meta.created_at'),
    created_by      = json_extract(body, '$.meta.created_by'),
    device_id       = json_extract(body, '$.meta.device_id');
ALTER TABLE rafts DROP COLUMN body;
ALTER TABLE rafts DROP COLUMN field_stamps;

-- The outbox. `body` is the mutation as JSON, except for the creation of a
-- household or a raft, where it is NULL: the mutation carries the record
-- as it is stored when it is pushed. An edit made before the push is then
-- also in the creation, with the creation's stamp; the edit's own mutation
-- follows with a later stamp, so the server ends with the same values.
-- Stamps are this device's clock: the device part is the device's id.
CREATE TABLE outbox_v7 (
    seq          INTEGER PRIMARY KEY,
    mutation_id  BLOB NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    hlc_wall_ms  INTEGER NOT NULL,
    hlc_counter  INTEGER NOT NULL,
    body         TEXT
);
INSERT INTO outbox_v7 (seq, mutation_id, entity, entity_id, hlc_wall_ms, hlc_counter, body)
    SELECT seq, unhex(replace(mutation_id, '-', '')), entity, entity_id,
           CAST(substr(hlc, 1, 16) AS INTEGER), CAST(substr(hlc, 18, 10) AS INTEGER), body
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v7 RENAME TO outbox;
