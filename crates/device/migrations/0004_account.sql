-- The account this device is signed in as, its device token, and how the
-- last sync attempt ended (a stable code the UI words in Vietnamese).
ALTER TABLE device ADD COLUMN server_token TEXT;
ALTER TABLE device ADD COLUMN account_username TEXT;
ALTER TABLE device ADD COLUMN account_name TEXT;
ALTER TABLE device ADD COLUMN last_attempt_at TEXT;
ALTER TABLE device ADD COLUMN last_sync_error_code TEXT;
