-- The audit log: append-only and hash-chained.
--
-- Every change is written twice: an `intent` row before it is attempted and an `outcome`
-- row after (pointing back with `intent_id`), so a crash mid-call leaves the intent on
-- record. Things that are not attempted changes (logins, failed logins) are single `event`
-- rows carrying their outcome.
--
-- Tamper evidence: `hash` = SHA-256(prev_hash || canonical serialisation of the row),
-- computed by the server (`cassadmin::audit::chain`), and `prev_hash` is the previous row's
-- hash (32 zero bytes for the first row). Appends are serialised by a transaction-level
-- advisory lock, and `unique (prev_hash)` makes the database itself refuse a fork should a
-- writer ever skip the lock.

create table audit_log (
    -- Chain order.
    id bigint generated always as identity primary key,
    at timestamptz not null,
    kind text not null check (kind in ('intent', 'outcome', 'event')),
    intent_id bigint references audit_log (id),
    actor_kind text not null check (actor_kind in ('user', 'token', 'system', 'anonymous')),
    -- The user name (also for tokens, whose name is in `token_name`), `system`, or for a
    -- failed login the name that was tried.
    actor text not null,
    token_name text,
    source text,
    user_agent text,
    -- `CreateCluster`-style cloud action names, or `user.create`-style panel actions.
    action text not null,
    cluster_id text,
    data_center_id text,
    -- Non-cluster subject, e.g. `user/alice` or `token/12`.
    target text,
    -- Request parameters with secrets replaced by keyed HMACs (`hmac-sha256:<hex>`).
    params jsonb not null default '{}',
    outcome text check (outcome in ('ok', 'error')),
    error_code text,
    error_message text,
    cloud_request_id text,
    duration_ms bigint,
    request_id text,
    prev_hash bytea not null unique check (length(prev_hash) = 32),
    hash bytea not null unique check (length(hash) = 32),
    check ((kind = 'intent') = (outcome is null)),
    check ((kind = 'outcome') = (intent_id is not null))
);

-- Search filters (actor, action, cluster, outcome) each with the keyset order, so a page
-- for a rare value is an index range scan, not a walk down the whole log.
create index audit_log_actor on audit_log (actor, id);
create index audit_log_action on audit_log (action, id);
create index audit_log_cluster on audit_log (cluster_id, id) where cluster_id is not null;
create index audit_log_outcome on audit_log (outcome, id) where outcome is not null;
-- Times rise with ids (the server assigns them so under the chain lock): a time range is
-- turned into an id range with one probe of this index.
create index audit_log_at on audit_log (at, id);

-- Append-only, enforced by the database rather than by the server's good manners.
create function audit_log_refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_no_update_or_delete
    before update or delete on audit_log
    for each row execute function audit_log_refuse_change();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_refuse_change();
