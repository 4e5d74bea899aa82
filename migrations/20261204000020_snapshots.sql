-- Cached cluster snapshots (what the panel's reads serve) and their history (the timeline).
--
-- A snapshot is everything the refresher reads about one cluster (DescribeCluster,
-- DescribeDataCenters, the dashboard, contact points, whitelists, security groups,
-- parameters, backup plans, tags), stored whole as jsonb: the panel only ever reads it
-- whole, and the shape is the cloud's, which we do not control.

create table cluster_snapshots (
    cluster_id text primary key,
    region_id text not null,
    -- What the cluster list shows (name, status, versions, sizes, tags), so listing reads
    -- no snapshot. The list is filtered in the server, over its cache of these rows.
    summary jsonb not null,
    snapshot jsonb not null,
    -- SHA-256 of the snapshot's configuration (volatile metrics such as node load left out,
    -- see `cassadmin::snapshots::model`): equal hashes mean nothing changed.
    content_hash bytea not null check (length(content_hash) = 32),
    -- Last successful read of the cloud.
    fetched_at timestamptz not null,
    -- When the content last changed (the newest history row).
    changed_at timestamptz not null,
    -- Set when the cloud stopped listing the cluster; the row stays for its timeline.
    deleted_at timestamptz
);

-- One row per distinct configuration a cluster went through: written only when the hash
-- differs from the latest row's, so an unchanged refresh adds nothing.
create table cluster_snapshot_history (
    id bigint generated always as identity primary key,
    cluster_id text not null references cluster_snapshots (cluster_id) on delete cascade,
    observed_at timestamptz not null,
    content_hash bytea not null check (length(content_hash) = 32),
    -- The sections that differ from the previous row (`shared::rest_clusters::SnapshotSection`).
    changed text[] not null,
    snapshot jsonb not null
);

-- A cluster's timeline, newest first, by keyset.
create index cluster_snapshot_history_by_cluster on cluster_snapshot_history (cluster_id, id desc);
