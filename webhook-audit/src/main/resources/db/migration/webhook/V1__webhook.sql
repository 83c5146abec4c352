-- webhook-audit schema (DESIGN §7). Flyway history lives in this schema too.

CREATE TABLE endpoint (
    id                          UUID PRIMARY KEY,
    owner_uuid                  VARCHAR(64)   NOT NULL,
    tenant                      VARCHAR(255)  NOT NULL,
    url                         VARCHAR(2048) NOT NULL,
    events                      TEXT          NOT NULL,  -- comma-separated event types, or '*'
    description                 VARCHAR(1024),
    secret_enc                  BYTEA         NOT NULL,  -- AES-GCM under HERALD_WEBHOOK_SECRET_KEY
    previous_secret_enc         BYTEA,                   -- still signs until previous_secret_expires_at
    previous_secret_expires_at  TIMESTAMPTZ,
    enabled                     BOOLEAN       NOT NULL,
    disabled_reason             VARCHAR(64),             -- gone | failing | user
    disabled_at                 TIMESTAMPTZ,
    failing_since               TIMESTAMPTZ,             -- first exhausted delivery since the last success
    created_at                  TIMESTAMPTZ   NOT NULL,
    updated_at                  TIMESTAMPTZ   NOT NULL,
    deleted_at                  TIMESTAMPTZ
);
CREATE INDEX endpoint_owner_idx ON endpoint (owner_uuid) WHERE deleted_at IS NULL;
CREATE INDEX endpoint_tenant_idx ON endpoint (tenant) WHERE deleted_at IS NULL;

-- One row per event; the payload is stored once however many endpoints receive it.
CREATE TABLE message (
    id            VARCHAR(64)  PRIMARY KEY,   -- '<stream epoch>-<stream sequence>' or 'test-<uuid>'
    stream_seq    BIGINT,
    channel       VARCHAR(255) NOT NULL,
    event_type    VARCHAR(128) NOT NULL,
    payload       BYTEA,                      -- NULL once purged by retention
    published_at  TIMESTAMPTZ  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX message_published_idx ON message (published_at);
CREATE INDEX message_created_idx ON message (created_at);

-- One row per (message, endpoint): the state machine of a delivery. id = webhook-id.
CREATE TABLE delivery (
    id               VARCHAR(64)  PRIMARY KEY,
    message_id       VARCHAR(64)  NOT NULL REFERENCES message (id),
    endpoint_id      UUID         NOT NULL REFERENCES endpoint (id),
    event_type       VARCHAR(128) NOT NULL,
    status           VARCHAR(16)  NOT NULL,   -- pending | sending | succeeded | failed | cancelled
    attempts         INT          NOT NULL,
    next_trigger     VARCHAR(16)  NOT NULL,   -- scheduled | manual | recover
    next_attempt_at  TIMESTAMPTZ,
    lease_until      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    UNIQUE (message_id, endpoint_id)
);
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_lease_idx ON delivery (lease_until) WHERE status = 'sending';
CREATE INDEX delivery_endpoint_idx ON delivery (endpoint_id, created_at);

-- The audit log: one row per attempt, inserted (status 'sending') before the request is sent and given its
-- outcome exactly once afterwards. Never holds secrets.
CREATE TABLE attempt (
    id               UUID          PRIMARY KEY,
    delivery_id      VARCHAR(64)   NOT NULL,   -- = webhook-id
    message_id       VARCHAR(64)   NOT NULL,
    endpoint_id      UUID          NOT NULL,
    owner_uuid       VARCHAR(64)   NOT NULL,
    event_type       VARCHAR(128)  NOT NULL,
    attempt_number   INT           NOT NULL,
    trigger          VARCHAR(16)   NOT NULL,   -- scheduled | manual | recover
    url              VARCHAR(2048) NOT NULL,   -- snapshot at attempt time
    resolved_ip      VARCHAR(64),
    status           VARCHAR(16)   NOT NULL,   -- sending | success | failed | blocked
    outcome          VARCHAR(16),
    response_code    INT,
    error_class      VARCHAR(32),              -- timeout | dns | connect | tls | ssrf_blocked | redirect | body_too_large | io | interrupted
    error_message    VARCHAR(2048),
    response_body    TEXT,                     -- truncated to herald.webhook.delivery.response-body-cap
    duration_ms      BIGINT,
    next_attempt_at  TIMESTAMPTZ,
    started_at       TIMESTAMPTZ   NOT NULL,
    finished_at      TIMESTAMPTZ
);
CREATE INDEX attempt_endpoint_idx ON attempt (endpoint_id, started_at DESC);
CREATE INDEX attempt_delivery_idx ON attempt (delivery_id);
CREATE INDEX attempt_started_idx ON attempt (started_at);

-- Transactional outbox for webhook.event.created.
CREATE TABLE outbox (
    id          UUID          PRIMARY KEY,
    channel     VARCHAR(255)  NOT NULL,
    payload     BYTEA         NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL,
    sent_at     TIMESTAMPTZ
);
CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;
