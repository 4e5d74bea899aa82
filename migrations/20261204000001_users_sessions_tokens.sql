-- Users, login sessions, API tokens and login throttling.
--
-- Roles are text with a check rather than a postgres enum: adding a role later is then a
-- one-line expand migration (enum values cannot be removed, checks can be replaced), and
-- the server parses them into `shared::Role` anyway.

create table users (
    id bigint generated always as identity primary key,
    -- Lower-case only, so `Alice` and `alice` cannot be two accounts; mirrors
    -- `shared::rest::rules::username` (the server checks first, this is the backstop).
    username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    -- PHC string (`$argon2id$v=19$m=...`): parameters travel with the hash, so raising
    -- them later needs no migration and old hashes keep verifying.
    password_hash text not null,
    role text not null check (role in ('viewer', 'operator', 'admin')),
    disabled boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_login_at timestamptz
);

-- One row per login. The access JWT names its session (`sid`), and every request checks
-- the row, so logout, password change and disabling a user take effect at once instead of
-- when the short-lived JWT expires.
create table sessions (
    id uuid primary key,
    user_id bigint not null references users (id) on delete cascade,
    -- SHA-256 of the refresh token: the token is 32 random bytes, so a fast hash suffices
    -- and a stolen database does not yield usable refresh tokens. Rotated on every refresh.
    refresh_hash bytea not null unique,
    created_at timestamptz not null default now(),
    refreshed_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    source text,
    user_agent text
);

-- "Revoke every live session of this user" (logout everywhere, password change, disable).
create index sessions_live_by_user on sessions (user_id) where revoked_at is null;

create table api_tokens (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id) on delete cascade,
    name text not null check (length(name) between 1 and 64),
    -- The token's own ceiling; the effective role is the lower of this and the owner's
    -- current role, so demoting a user also demotes their tokens.
    role text not null check (role in ('viewer', 'operator', 'admin')),
    -- SHA-256 of the secret part (32 random bytes): shown once, never stored.
    token_hash bytea not null unique,
    -- null means every cluster; otherwise the only cluster ids the token may touch.
    clusters text[] check (clusters is null or cardinality(clusters) > 0),
    expires_at timestamptz,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);

-- A user's live tokens have distinct names; a revoked name may be reused.
create unique index api_tokens_live_name on api_tokens (user_id, name) where revoked_at is null;

-- Failed-login counters, kept in the database so they survive restarts and hold across
-- several server processes. One row per (scope, key): scope `user` is keyed by the
-- submitted user name (whether or not it exists, so a lockout reveals nothing), scope
-- `address` by the client address.
create table login_throttle (
    scope text not null check (scope in ('user', 'address')),
    key text not null,
    failures integer not null,
    window_started_at timestamptz not null,
    locked_until timestamptz,
    primary key (scope, key)
);
