-- Per-study access: the rules that name the studies a referrer may see. A study is granted when
-- one rule matches it: its referring physician (kept as matched: alphabetic group, upper case),
-- its patient's issuer of patient ID, or its Study Instance UID (an explicit share).
--
-- Standard SQL that H2 and PostgreSQL both accept.

CREATE TABLE user_grants (
  user_name   VARCHAR(64)  NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  kind        VARCHAR(24)  NOT NULL,
  grant_value VARCHAR(256) NOT NULL,
  PRIMARY KEY (user_name, kind, grant_value)
);
