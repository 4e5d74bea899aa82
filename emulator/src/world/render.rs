//! State rendered as the cloud renders it: the shared response types, and the several time
//! formats the API mixes (see the `time-formats` quirk).

use shared::List;
use shared::actions as api;
use time::{OffsetDateTime, UtcOffset};

use super::model::{Cluster, DataCenter, NodetoolJob};

/// `2019-09-20T16:02:34Z`: cluster, data center and backup times.
pub fn iso(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `2020-02-26T01:56Z` (no seconds): backup plans' CreatedTime.
pub fn iso_minutes(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// `2020-02-26 01:57:05`: inside a backup's Details JSON.
pub fn spaced(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Epoch milliseconds: nodetool and parameter-history times.
pub fn epoch_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// The maintenance window of a cluster nobody has configured (the seed's example).
const DEFAULT_MAINTENANCE: (&str, &str) = ("2:00Z", "4:00Z");

fn tags(cluster: &Cluster) -> List<api::Tag> {
    cluster
        .tags
        .iter()
        .map(|(key, value)| api::Tag {
            key: Some(key.clone()),
            value: Some(value.clone()),
        })
        .collect()
}

/// Billing fields: AutoRenewal, AutoRenewPeriod and ExpireTime exist only for subscriptions.
struct BillingView {
    pay_type: Option<shared::enums::PayType>,
    auto_renewal: Option<bool>,
    auto_renew_period: Option<i32>,
    expire_time: Option<String>,
}

fn billing(billing: Option<&super::model::Billing>) -> BillingView {
    let Some(billing) = billing else {
        return BillingView {
            pay_type: None,
            auto_renewal: None,
            auto_renew_period: None,
            expire_time: None,
        };
    };
    let expires_at = billing.expires_at();
    BillingView {
        pay_type: Some(billing.pay_type()),
        auto_renewal: expires_at.map(|_| billing.auto_renew_months().is_some()),
        auto_renew_period: billing.auto_renew_months(),
        expire_time: expires_at.map(iso),
    }
}

pub fn cluster_detail(cluster: &Cluster, latest_minor: &str) -> api::Cluster {
    let view = billing(cluster.billing());
    let (start, end) = match cluster.maintenance {
        Some(window) => (window.start.described(), window.end.described()),
        None => (
            DEFAULT_MAINTENANCE.0.to_owned(),
            DEFAULT_MAINTENANCE.1.to_owned(),
        ),
    };
    api::Cluster {
        auto_renew_period: view.auto_renew_period,
        auto_renewal: view.auto_renewal,
        cluster_id: Some(cluster.id.clone()),
        cluster_name: Some(cluster.name.clone()),
        created_time: Some(iso(cluster.created_at)),
        data_center_count: Some(data_center_count(cluster)),
        expire_time: view.expire_time,
        is_latest_version: Some(cluster.minor_version == latest_minor),
        lock_mode: Some(cluster.lock_mode()),
        maintain_end_time: Some(end),
        maintain_start_time: Some(start),
        major_version: Some(cluster.major_version.clone()),
        minor_version: Some(cluster.minor_version.clone()),
        pay_type: view.pay_type,
        resource_group_id: Some(cluster.resource_group_id.clone()),
        status: Some(cluster.status()),
        tags: tags(cluster),
    }
}

pub fn cluster_summary(cluster: &Cluster) -> api::ClusterSummary {
    let view = billing(cluster.billing());
    api::ClusterSummary {
        auto_renew_period: view.auto_renew_period,
        auto_renewal: view.auto_renewal,
        cluster_id: Some(cluster.id.clone()),
        cluster_name: Some(cluster.name.clone()),
        created_time: Some(iso(cluster.created_at)),
        data_center_count: Some(data_center_count(cluster)),
        expire_time: view.expire_time,
        lock_mode: Some(cluster.lock_mode()),
        major_version: Some(cluster.major_version.clone()),
        minor_version: Some(cluster.minor_version.clone()),
        pay_type: view.pay_type,
        resource_group_id: Some(cluster.resource_group_id.clone()),
        status: Some(cluster.status()),
        tags: tags(cluster),
    }
}

pub fn deleted_cluster(cluster: &Cluster) -> api::DeletedCluster {
    let view = billing(cluster.billing());
    api::DeletedCluster {
        cluster_id: Some(cluster.id.clone()),
        cluster_name: Some(cluster.name.clone()),
        created_time: Some(iso(cluster.created_at)),
        data_center_count: Some(data_center_count(cluster)),
        expire_time: view.expire_time,
        major_version: Some(cluster.major_version.clone()),
        minor_version: Some(cluster.minor_version.clone()),
        pay_type: view.pay_type,
        status: Some(cluster.status()),
    }
}

fn data_center_count(cluster: &Cluster) -> i32 {
    i32::try_from(cluster.data_centers.len()).unwrap_or(i32::MAX)
}

pub fn data_center(cluster: &Cluster, dc: &DataCenter) -> api::DataCenter {
    let view = billing(Some(&dc.billing));
    api::DataCenter {
        auto_renew_period: view.auto_renew_period,
        auto_renewal: view.auto_renewal,
        cluster_id: Some(cluster.id.clone()),
        commodity_instance: Some(cluster.id.clone()),
        created_time: Some(iso(dc.created_at)),
        data_center_id: Some(dc.id.clone()),
        data_center_name: Some(dc.name.clone()),
        disk_size: Some(dc.disk_size),
        disk_type: Some(dc.disk_type.clone()),
        expire_time: view.expire_time,
        instance_type: Some(dc.instance_type.clone()),
        lock_mode: Some(dc.lock_mode.clone()),
        node_count: Some(dc.node_count()),
        pay_type: view.pay_type,
        region_id: Some(dc.region_id.clone()),
        status: Some(cluster.data_center_status(&dc.id)),
        vpc_id: Some(dc.vpc_id.clone()),
        vswitch_id: Some(dc.vswitch_id.clone()),
        zone_id: Some(dc.zone_id.clone()),
    }
}

/// A nodetool job as the history list shows it (no output).
pub fn nodetool_history(job: &NodetoolJob, now: OffsetDateTime) -> api::NodeToolHistory {
    let ended = job.is_ended(now);
    api::NodeToolHistory {
        arguments: Some(job.arguments.clone()),
        command: Some(job.command.clone()),
        create_time: Some(epoch_ms(job.created_at)),
        data_center_id: Some(job.data_center_id.clone()),
        error_message: ended.then(|| job.error_message.clone()),
        is_ended: Some(ended),
        job_id: Some(job.id.clone()),
        modify_time: Some(epoch_ms(if ended { job.ends_at } else { job.created_at })),
        nodes: Some(job.nodes.clone()),
        region_id: Some(job.region_id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn time_formats_match_the_seed() {
        let at = datetime!(2020-02-26 01:56:07 UTC);
        assert_eq!(iso(at), "2020-02-26T01:56:07Z");
        assert_eq!(iso_minutes(at), "2020-02-26T01:56Z");
        assert_eq!(spaced(at), "2020-02-26 01:56:07");
        assert_eq!(
            epoch_ms(datetime!(2019-12-19 03:25:56 UTC)),
            1_576_725_956_000
        );
        assert_eq!(
            iso(datetime!(2020-02-26 09:56:07 +8)),
            "2020-02-26T01:56:07Z"
        );
    }
}
