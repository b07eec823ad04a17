-- Objects refused at ingest for what they carry (an executable in the Part 10 preamble), kept as
-- they arrived in the blob store under blob_key, for investigation; never indexed or served.
-- The UIDs are the sender's claims, clipped; reason says what was found.
--
-- Standard SQL that H2 and PostgreSQL both accept.

CREATE TABLE quarantine (
    blob_key         CHAR(32)     NOT NULL PRIMARY KEY,
    received_at      TIMESTAMP    NOT NULL,
    source           VARCHAR(64)  NOT NULL,
    sop_class_uid    VARCHAR(64)  NOT NULL,
    sop_instance_uid VARCHAR(64)  NOT NULL,
    reason           VARCHAR(256) NOT NULL,
    object_size      BIGINT       NOT NULL
);
