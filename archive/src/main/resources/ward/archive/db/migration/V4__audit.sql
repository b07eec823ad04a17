-- The audit trail (PS3.15 A.5 messages), append-only and hash-chained: each record's hash is the
-- SHA-256 of the previous record's hash and its own content (sequence number, time, event,
-- outcome, requestor, address, the studies it concerns and the XML message). Plain SQL that H2
-- and PostgreSQL both run. Patient IDs live only here, in the database, never in plain files.

CREATE TABLE audit_records (
  seq BIGINT NOT NULL PRIMARY KEY,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  -- the EventID's meaning, e.g. 'Query', 'DICOM Instances Transferred'
  event VARCHAR(64) NOT NULL,
  -- PS3.15 A.5.1 EventOutcomeIndicator: 0, 4, 8 or 12
  outcome INTEGER NOT NULL,
  -- the requestor: user name or AE title, and its network address
  user_id VARCHAR(256) NOT NULL,
  address VARCHAR(256),
  -- the DICOM audit message (PS3.15 A.5.1 XML) as recorded and forwarded
  message VARCHAR(1000000) NOT NULL,
  -- lower-case hex SHA-256 over the previous record's hash and this record's content
  hash CHAR(64) NOT NULL
);

CREATE INDEX audit_records_by_time ON audit_records (recorded_at);

-- The studies (and their patients) a record concerns: who accessed which study, and for one
-- patient every access to their studies (an accounting of disclosures).
CREATE TABLE audit_studies (
  seq BIGINT NOT NULL REFERENCES audit_records (seq),
  study_uid VARCHAR(64) NOT NULL,
  patient_id VARCHAR(64),
  PRIMARY KEY (seq, study_uid)
);

CREATE INDEX audit_studies_by_study ON audit_studies (study_uid);

CREATE INDEX audit_studies_by_patient ON audit_studies (patient_id);

-- Signed checkpoints: the chain's head at a record, signed with the audit signing key (ECDSA
-- P-256 over SHA-256), so a chain rewritten from some record on is detected.
CREATE TABLE audit_checkpoints (
  seq BIGINT NOT NULL PRIMARY KEY,
  hash CHAR(64) NOT NULL,
  signed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  -- lower-case hex SHA-256 of the signing public key (X.509 SubjectPublicKeyInfo)
  key_sha256 CHAR(64) NOT NULL,
  -- base64 DER ECDSA signature
  signature VARCHAR(512) NOT NULL
);

-- Records waiting to be forwarded to the syslog collector, sent in sequence order; a row is
-- removed once its message has been written to the collector.
CREATE TABLE audit_spool (
  seq BIGINT NOT NULL PRIMARY KEY REFERENCES audit_records (seq),
  attempts INTEGER DEFAULT 0 NOT NULL
);
