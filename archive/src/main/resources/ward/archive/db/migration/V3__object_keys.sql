-- The data keys of stored objects (encryption at rest). Each object in the blob store is encrypted
-- with a key of its own; the key is kept here, wrapped by a key-encryption key that lives outside
-- the database (kek_id names it). Deleting a row makes the object unreadable everywhere, backups of
-- the blob store included (crypto-shredding).
--
-- Standard SQL that H2 and PostgreSQL both accept.

CREATE TABLE object_key (
    blob_key    CHAR(32)     NOT NULL PRIMARY KEY,
    kek_id      VARCHAR(32)  NOT NULL,
    wrapped_key VARCHAR(128) NOT NULL
);

CREATE INDEX object_key_kek_idx ON object_key (kek_id);
