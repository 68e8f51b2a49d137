-- The key store lives in its own schema so that data backups can leave it out (pg_dump --exclude-schema=vault_keys)
-- and it can follow its own short-retention backup policy: see docs/vault.md, "Crypto-shredding and backups".
CREATE SCHEMA IF NOT EXISTS vault_keys;

-- One row per subject that ever had a data key. The key is stored only wrapped by the custodian's KEK (version
-- kek_version, bound to the subject by the wrap's associated data). Shredding nulls the wrapped key and keeps the
-- row as a tombstone, so that no new key is ever created for a shredded subject.
CREATE TABLE vault_keys.vault_data_keys (
    subject_id   bigint      PRIMARY KEY CHECK (subject_id > 0),
    kek_version  integer     CHECK (kek_version > 0),
    wrapped_key  bytea,
    created_at   timestamptz NOT NULL,
    shredded_at  timestamptz,
    CHECK ((wrapped_key IS NULL) = (kek_version IS NULL)),
    CHECK ((wrapped_key IS NULL) = (shredded_at IS NOT NULL))
);

-- Rotation walks the keys not yet under the primary KEK version.
CREATE INDEX vault_data_keys_by_kek ON vault_keys.vault_data_keys (kek_version, subject_id)
    WHERE wrapped_key IS NOT NULL;

-- Audit events waiting for the transparency log. Writers only insert (concurrently, no position); the reader
-- assigns positions under an advisory lock, so positions follow commit order and a consumer never skips an event.
CREATE TABLE vault_audit_outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position     bigint      UNIQUE CHECK (position > 0),
    event        text        NOT NULL,
    recorded_at  timestamptz NOT NULL
);

CREATE INDEX vault_audit_outbox_unsequenced ON vault_audit_outbox (id) WHERE position IS NULL;
