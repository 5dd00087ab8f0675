-- Forms being filled in, kept as the inspector types, so that nothing typed
-- is lost to a closed window, a crash or a flat battery before Save. A draft
-- never syncs and writes no outbox entry; saving the record, or leaving the
-- form on purpose, removes it. `body` is the form's input as JSON.
CREATE TABLE drafts (
    key       TEXT PRIMARY KEY,
    body      TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
