-- Mutations whose HLC stamp was far ahead of the server's clock: they were
-- applied with a stamp at server time, and the device's stamp is kept here
-- for a supervisor (a device with a wrong clock).
CREATE TABLE restamped (
    id              INTEGER PRIMARY KEY,
    device_id       TEXT NOT NULL,
    mutation_id     TEXT NOT NULL,
    original_stamp  TEXT NOT NULL,
    new_stamp       TEXT NOT NULL
);
