-- Rate limits counted in the database, so that every instance on it counts together. A bucket is
-- a limit's name and a keyed hash of its source (IP address, network, e-mail domain or address):
-- nothing readable. Rows older than an hour are deleted by the hourly purge (two hours at most).
CREATE TABLE rate_limits (
  bucket TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  hits BIGINT NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
