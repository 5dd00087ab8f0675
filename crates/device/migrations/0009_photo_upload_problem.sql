-- Why the last attempt to upload a photo failed (a stable code such as
-- `photo.file_missing` or `photo.hash_mismatch`), NULL when it did not.
-- A photo that cannot go no longer fails the whole sync: the records and
-- the other photos go on, and the photo's page says what is wrong.
ALTER TABLE photos ADD COLUMN upload_problem TEXT;
