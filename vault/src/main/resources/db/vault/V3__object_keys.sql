-- Keys for large sealed objects (an engine's model snapshots), beside the data keys in the key store schema so that
-- data backups leave them out. A key is stored only wrapped by the custodian's KEK (version kek_version, bound to id
-- and purpose by the wrap's associated data). Destroying a key nulls the wrapped key and keeps the row as a
-- tombstone; ids come from their own sequence and are never reused.
CREATE SEQUENCE vault_keys.vault_object_key_ids AS bigint START WITH 1 MINVALUE 1;

CREATE TABLE vault_keys.vault_object_keys (
    id            bigint      PRIMARY KEY CHECK (id > 0),
    purpose       text        NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]{0,62}$'),
    kek_version   integer     CHECK (kek_version > 0),
    wrapped_key   bytea,
    created_at    timestamptz NOT NULL,
    destroyed_at  timestamptz,
    CHECK ((wrapped_key IS NULL) = (kek_version IS NULL)),
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

-- Rotation walks the keys not yet under the primary KEK version, as for data keys.
CREATE INDEX vault_object_keys_by_kek ON vault_keys.vault_object_keys (kek_version, id)
    WHERE wrapped_key IS NOT NULL;
