-- Keyed pseudonyms that replaced identifiers at ingest (a Patient ID that is a Social Security
-- number), with the original sealed by the key-encryption key ("kek-N base64"), for the rare
-- authorized look-up. The pseudonym itself is an HMAC and reveals nothing.
--
-- Standard SQL that H2 and PostgreSQL both accept.

CREATE TABLE pseudonym (
    pseudonym       VARCHAR(64)  NOT NULL PRIMARY KEY,
    sealed_original VARCHAR(512) NOT NULL,
    created_at      TIMESTAMP    NOT NULL
);
