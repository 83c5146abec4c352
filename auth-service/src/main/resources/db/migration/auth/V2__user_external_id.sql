-- The product's own id of a user (string or integer), put in tokens as "uid".
ALTER TABLE users ADD COLUMN external_id text;
ALTER TABLE users ADD COLUMN external_id_numeric boolean NOT NULL DEFAULT false;
