-- Signatures: a keyed hash to count each address once, the sealed personal data, the four digits
-- of the postcode to count per municipality. Times are Unix seconds (UTC).
CREATE TABLE signatures (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address_hash TEXT UNIQUE,
  sealed BYTEA,
  postcode4 TEXT,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT
);
CREATE INDEX signatures_confirmed ON signatures (confirmed_at);
CREATE INDEX signatures_created ON signatures (created_at);
-- Mails still to send. The payload is sealed with the service's own key and deleted once sent.
CREATE TABLE outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  signature_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  payload BYTEA NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  due_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (due_at);
-- CBS's postcode table, reduced to four digits (python -m petition gemeenten).
CREATE TABLE municipalities (
  pc4 TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL
);
