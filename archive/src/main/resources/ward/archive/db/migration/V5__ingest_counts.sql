-- The counts of the patient, study and series levels move out of the level rows into narrow
-- tables of their own.
--
-- Every stored instance raises the counts of its series, study and patient. In the level rows
-- that meant rewriting rows that also hold the level's attributes as JSON, and with them the
-- storage pages they share with their neighbours, on every instance. A counts row holds only
-- its level's key and numbers, so raising it writes a few bytes. It is still updated in the
-- same transaction as the instance is inserted, series first, then study, then patient, so
-- its row lock keeps a concurrent deletion from removing a level an instance is being added to
-- (see JdbcIndex). A counts row goes with its level's row.
--
-- Standard SQL that H2 and PostgreSQL both accept.

CREATE TABLE patient_counts (
    patient_pk    BIGINT  NOT NULL PRIMARY KEY,
    num_studies   INTEGER NOT NULL,
    num_series    INTEGER NOT NULL,
    num_instances INTEGER NOT NULL
);

CREATE TABLE study_counts (
    study_pk      BIGINT  NOT NULL PRIMARY KEY,
    num_series    INTEGER NOT NULL,
    num_instances INTEGER NOT NULL
);

CREATE TABLE series_counts (
    series_pk     BIGINT  NOT NULL PRIMARY KEY,
    num_instances INTEGER NOT NULL
);

INSERT INTO patient_counts (patient_pk, num_studies, num_series, num_instances)
    SELECT pk, num_studies, num_series, num_instances FROM patient;
INSERT INTO study_counts (study_pk, num_series, num_instances)
    SELECT pk, num_series, num_instances FROM study;
INSERT INTO series_counts (series_pk, num_instances)
    SELECT pk, num_instances FROM series;

ALTER TABLE patient DROP COLUMN num_studies;
ALTER TABLE patient DROP COLUMN num_series;
ALTER TABLE patient DROP COLUMN num_instances;
ALTER TABLE study DROP COLUMN num_series;
ALTER TABLE study DROP COLUMN num_instances;
ALTER TABLE series DROP COLUMN num_instances;

ALTER TABLE patient_counts ADD CONSTRAINT patient_counts_fk
    FOREIGN KEY (patient_pk) REFERENCES patient (pk) ON DELETE CASCADE;
ALTER TABLE study_counts ADD CONSTRAINT study_counts_fk
    FOREIGN KEY (study_pk) REFERENCES study (pk) ON DELETE CASCADE;
ALTER TABLE series_counts ADD CONSTRAINT series_counts_fk
    FOREIGN KEY (series_pk) REFERENCES series (pk) ON DELETE CASCADE;
