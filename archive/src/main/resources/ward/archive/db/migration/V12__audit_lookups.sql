-- The look-ups of the audit trail by study and by patient (who accessed a study; a patient's
-- accounting of disclosures) move out of audit_studies into tables filled in batches, behind the
-- records (AuditTrail#indexStudies). Two indexes on audit_studies made every record pay for one
-- random insert into each per study it names: a query that matched 217 studies cost about 10 ms
-- of index writing before it could be answered. audit_studies keeps its rows, in record order,
-- as the hash chain covers them; a search reads the records past audit_lookup_done.upto from it
-- directly, so it never misses one the look-ups have not taken in yet.
--
-- The records already there are taken in by the archive once it runs, not here: the migration
-- stays quick on a long trail. Every statement can run again, as it must when a start was cut
-- short half-way through (H2 commits each statement of a migration on its own).
--
-- Standard SQL that H2 and PostgreSQL both accept.

DROP INDEX IF EXISTS audit_studies_by_study;

DROP INDEX IF EXISTS audit_studies_by_patient;

CREATE TABLE IF NOT EXISTS audit_by_study (
  study_uid VARCHAR(64) NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (study_uid, seq)
);

CREATE TABLE IF NOT EXISTS audit_by_patient (
  patient_id VARCHAR(64) NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (patient_id, seq)
);

-- One row: every record up to seq upto is in the look-ups.
CREATE TABLE IF NOT EXISTS audit_lookup_done (
  id INTEGER NOT NULL PRIMARY KEY,
  upto BIGINT NOT NULL
);

DELETE FROM audit_by_study;

DELETE FROM audit_by_patient;

DELETE FROM audit_lookup_done;

INSERT INTO audit_lookup_done (id, upto) VALUES (1, 0);
