-- A void (hủy ghi nhận) of an event logged by mistake is an event too:
-- append-only, in the raft's history, with `voids` naming the event it
-- voids. The ledger and the ward's progress leave voided events out. The
-- events table is rebuilt for its kind check (SQLite cannot alter a CHECK);
-- no other table references it.
CREATE TABLE events_v11 (
    id                  TEXT PRIMARY KEY,
    raft_id             TEXT NOT NULL REFERENCES rafts(id),
    kind                TEXT NOT NULL
                        CHECK (kind IN ('float_replacement', 'relocation', 'inspection', 'event_void')),
    date                TEXT NOT NULL,
    body                TEXT NOT NULL,
    -- Ledger columns, set for float replacements only.
    styrofoam_removed   INTEGER NOT NULL DEFAULT 0,
    installed           INTEGER NOT NULL DEFAULT 0,
    installed_material  TEXT,
    created_at          TEXT NOT NULL,
    -- Set for a void only: the id of the event it voids.
    voids               TEXT
);
INSERT INTO events_v11 (id, raft_id, kind, date, body, styrofoam_removed, installed,
                        installed_material, created_at)
    SELECT id, raft_id, kind, date, body, styrofoam_removed, installed,
           installed_material, created_at
    FROM events;
DROP TABLE events;
ALTER TABLE events_v11 RENAME TO events;
CREATE INDEX events_raft ON events(raft_id, date);
CREATE INDEX events_voided ON events(voids) WHERE voids IS NOT NULL;
