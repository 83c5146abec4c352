-- Per-endpoint delivery rate limit (requests per second; NULL = unlimited) and custom request headers
-- (one "Name: value" per line; never webhook-*, content-type, user-agent, content-length or host).
ALTER TABLE endpoint ADD COLUMN rate_limit INTEGER;
ALTER TABLE endpoint ADD COLUMN headers TEXT;
