-- Where this device syncs, and how far it has pulled the server's change log.
ALTER TABLE device ADD COLUMN server_url TEXT;
ALTER TABLE device ADD COLUMN pull_cursor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device ADD COLUMN last_sync_at TEXT;
ALTER TABLE device ADD COLUMN last_sync_error TEXT;
