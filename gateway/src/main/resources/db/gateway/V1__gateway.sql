-- The egress gateway's state: published policy sets and the recipients' differential-privacy budgets.
-- Nothing here is personal data; every column's data class is declared in data-classes.tsv.

CREATE TABLE gateway_policies (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version      text        NOT NULL,
    files        jsonb       NOT NULL,
    author       text        NOT NULL,
    published_at timestamptz NOT NULL,
    CONSTRAINT gateway_policies_version_format CHECK (version ~ '^sha256:[0-9a-f]{64}$')
);

-- Spent budget per recipient in exact micro-epsilon. The limit is the active policy's; a spend is one UPDATE
-- that succeeds only if it stays within it, so concurrent calls cannot overspend.
CREATE TABLE gateway_budgets (
    recipient   text        PRIMARY KEY,
    spent_micro bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT gateway_budgets_spent_nonnegative CHECK (spent_micro >= 0)
);

-- Every spend, committed with the flow's audit event.
CREATE TABLE gateway_budget_spends (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient      text        NOT NULL,
    flow           text        NOT NULL,
    epsilon_micro  bigint      NOT NULL,
    policy_version text        NOT NULL,
    payload_digest text        NOT NULL,
    spent_at       timestamptz NOT NULL,
    CONSTRAINT gateway_budget_spends_positive CHECK (epsilon_micro > 0)
);
CREATE INDEX gateway_budget_spends_recipient_idx ON gateway_budget_spends (recipient, id);
