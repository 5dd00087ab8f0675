-- Mutations whose HLC stamp was far ahead of the server's clock (see the
-- SQLite backend's 0003_restamped.sql).
CREATE TABLE restamped (
    id              BIGSERIAL PRIMARY KEY,
    device_id       TEXT NOT NULL,
    mutation_id     TEXT NOT NULL,
    original_stamp  TEXT NOT NULL,
    new_stamp       TEXT NOT NULL
);
