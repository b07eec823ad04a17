-- The institution a study was made at (Institution Name of its first instance, upper case), for
-- per-study access rules by institution. Studies recorded before this have none.
--
-- Standard SQL that H2 and PostgreSQL both accept.

ALTER TABLE study ADD COLUMN institution_name_upper VARCHAR(64);

CREATE INDEX study_institution_idx ON study (institution_name_upper);
