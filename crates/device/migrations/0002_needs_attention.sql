-- Mutations the server rejected, and conflicts it reported, wait here for a
-- person: they never disappear silently (DESIGN.md, sync protocol).
CREATE TABLE needs_attention (
    id           INTEGER PRIMARY KEY,
    mutation_id  TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    reason_code  TEXT NOT NULL,
    detail       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolved_at  TEXT
);
CREATE INDEX needs_attention_open ON needs_attention(resolved_at) WHERE resolved_at IS NULL;
