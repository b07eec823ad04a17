-- A second factor for users: the time-based one-time password (RFC 6238) of an authenticator
-- app. The secret must be readable to check codes, so it is kept as it is; the index it lives in
-- is encrypted at rest. A row that is not active is an enrolment waiting for its first code.
-- last_step is the newest step whose code was accepted, so that no code is taken twice.

CREATE TABLE user_totp (
  user_name VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
  secret VARCHAR(64) NOT NULL,
  active BOOLEAN NOT NULL,
  last_step BIGINT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
