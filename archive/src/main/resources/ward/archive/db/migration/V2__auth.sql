-- Identity and access: users, login throttling, bearer tokens, the first-administrator setup
-- token and registered application entities. Secrets are stored only as hashes: passwords as
-- Argon2id PHC strings, tokens as hex SHA-256. Plain SQL that H2 and PostgreSQL both run.

CREATE TABLE users (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  password_hash VARCHAR(256) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  -- failed logins in a row; the account is locked while this reaches the limit and the last
  -- failure is more recent than the lockout duration
  failed_logins INTEGER DEFAULT 0 NOT NULL,
  last_failure_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE user_roles (
  user_name VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  role VARCHAR(32) NOT NULL,
  PRIMARY KEY (user_name, role)
);

CREATE INDEX user_roles_by_role ON user_roles (role);

-- For users with the PATIENT role: the patient IDs whose studies are theirs.
CREATE TABLE user_patients (
  user_name VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  patient_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (user_name, patient_id)
);

-- Failed logins per remote address, across every account (rate limiting of password guessing).
CREATE TABLE login_addresses (
  address VARCHAR(64) NOT NULL PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tokens (
  token_sha256 CHAR(64) NOT NULL PRIMARY KEY,
  user_name VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  kind VARCHAR(16) NOT NULL,
  issued_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX tokens_by_user ON tokens (user_name);

CREATE INDEX tokens_by_expiry ON tokens (expires_at);

-- At most one outstanding setup token (the row with id 1).
CREATE TABLE setup_token (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  token_sha256 CHAR(64) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE application_entities (
  ae_title VARCHAR(16) NOT NULL PRIMARY KEY,
  description VARCHAR(256) NOT NULL,
  authentication VARCHAR(16) NOT NULL,
  -- CERTIFICATE: lower-case hex SHA-256 of the client certificate (DER)
  certificate_sha256 CHAR(64),
  -- LEGACY_ADDRESS: the one IP address it may connect from
  pinned_address VARCHAR(64),
  -- where C-MOVE sends to it, when it is a move destination
  host VARCHAR(255),
  port INTEGER,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX application_entities_by_certificate ON application_entities (certificate_sha256);

CREATE TABLE application_entity_roles (
  ae_title VARCHAR(16) NOT NULL REFERENCES application_entities (ae_title) ON DELETE CASCADE,
  role VARCHAR(32) NOT NULL,
  PRIMARY KEY (ae_title, role)
);
