-- Idempotency keys of cloud actions submitted through the panel.
--
-- A client that may retry a submit (a create above all) sends `Idempotency-Key`. The first
-- submit stores the key with the `ClientToken` the server derived from it; every retry with
-- the same key sends the cloud that same token, so the cloud makes one cluster however many
-- times the request is repeated. After a success the answer is kept too, and a later retry
-- gets it back without calling the cloud again.
--
-- Keys belong to whoever sent them (`scope`: `user/<id>` for a browser session,
-- `token/<id>` for an API token), so two callers cannot collide or read each other's answers.

create table idempotency_keys (
    scope text not null,
    key text not null check (length(key) between 1 and 255),
    -- The action and a digest of its parameters (secrets and the token left out): a key
    -- reused for a different request is refused rather than silently answered.
    action text not null,
    fingerprint bytea not null check (length(fingerprint) = 32),
    client_token text not null,
    -- The action's response after a success; null while in flight or after a failure (a
    -- retry then calls the cloud again, with the same token).
    response jsonb,
    created_at timestamptz not null default now(),
    completed_at timestamptz,
    primary key (scope, key)
);

-- Expired keys are purged by age.
create index idempotency_keys_created_at on idempotency_keys (created_at);
