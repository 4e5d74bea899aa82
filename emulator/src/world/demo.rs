//! The sandbox's demo world: a few clusters in cn-hangzhou and cn-shanghai, in various states,
//! with some history, built as if they had been created days ago.

use shared::enums::DiskType;
use shared::rules::{self, BackupPeriod, BackupTime, RetentionPeriod, Term};
use time::{Duration, OffsetDateTime};

use super::model::{BackupPlan, DynamoDb, NodetoolJob, ParameterChange, Phase, WhitelistGroup};
use super::nodetool;
use super::offerings::{self, Region};
use super::provision::{self, ClusterSpec, DataCenterSpec};
use super::state::State;
use shared::rules::IpVersion;

fn spec(
    region: &'static Region,
    name: &str,
    zone_id: &str,
    instance_type: &str,
    node_count: i32,
    billing: rules::Billing,
    minor_version: &str,
) -> ClusterSpec {
    ClusterSpec {
        name: Some(name.to_owned()),
        region,
        resource_group_id: None,
        major_version: "3.11".to_owned(),
        minor_version: minor_version.to_owned(),
        password: None,
        first_data_center: DataCenterSpec {
            name: Some(format!("{name}-{zone_id}")),
            region_id: region.id.to_owned(),
            zone_id: zone_id.to_owned(),
            vpc_id: "vpc-bp1demo0000000000001".to_owned(),
            vswitch_id: "vsw-bp1demo0000000000001".to_owned(),
            instance_type: instance_type.to_owned(),
            disk_type: DiskType::CloudSsd,
            disk_size: 400,
            node_count,
            billing,
        },
    }
}

/// Add the demo clusters to `state`, as of `now`; the cluster being created is ready at
/// `creating_until`.
pub fn seed(state: &mut State, now: OffsetDateTime, creating_until: OffsetDateTime) {
    let (Some(hangzhou), Some(shanghai)) = (
        offerings::region("cn-hangzhou"),
        offerings::region("cn-shanghai"),
    ) else {
        return;
    };
    let yearly = rules::Billing::Subscription {
        term: Term::Years(1),
        auto_renew: rules::AutoRenewPeriod::parse(12).ok(),
    };

    // A production cluster: two data centers, an older minor version (upgradable), backups,
    // a finished nodetool job and a tuned parameter.
    let created = now - Duration::days(90);
    let mut orders = provision::cluster(
        &mut state.ids,
        spec(
            hangzhou,
            "orders-prod",
            "cn-hangzhou-h",
            "cassandra.c.xlarge",
            3,
            yearly,
            "3.11.9",
        ),
        created,
        Phase::Active,
    );
    let second = DataCenterSpec {
        name: Some("orders-prod-cn-hangzhou-i".to_owned()),
        zone_id: "cn-hangzhou-i".to_owned(),
        ..spec(
            hangzhou,
            "orders-prod",
            "cn-hangzhou-i",
            "cassandra.c.xlarge",
            3,
            yearly,
            "3.11.9",
        )
        .first_data_center
    };
    let dc = provision::data_center(
        &mut state.ids,
        &orders.id,
        2,
        second,
        created + Duration::days(7),
    );
    orders.data_centers.push(dc);
    orders.next_data_center_number = 3;
    orders.tags.extend([
        ("env".to_owned(), "prod".to_owned()),
        ("team".to_owned(), "orders".to_owned()),
    ]);
    orders.security_groups = vec!["sg-bp1demo0orders0001".to_owned()];
    orders.whitelist.insert(
        "default".to_owned(),
        WhitelistGroup {
            ip_version: IpVersion::V4,
            ips: vec!["127.0.0.1".to_owned(), "10.0.0.0/8".to_owned()],
        },
    );
    orders.whitelist.insert(
        "office_v6".to_owned(),
        WhitelistGroup {
            ip_version: IpVersion::V6,
            ips: vec!["2001:db8::/32".to_owned()],
        },
    );
    if let (Ok(backup_time), Ok(period), Ok(retention), Some(first)) = (
        BackupTime::parse("00:30Z"),
        BackupPeriod::parse("Monday,Thursday"),
        RetentionPeriod::parse(7),
        orders.data_centers.first_mut(),
    ) {
        let since = now - Duration::days(10);
        first.backup_plan = Some(BackupPlan {
            backup_time,
            backup_period: Some(period),
            retention,
            active: true,
            created_at: since,
            scheduled_after: since,
        });
    }
    orders.parameter_history.push(ParameterChange {
        name: "write_request_timeout_in_ms".to_owned(),
        old_value: "2000".to_owned(),
        new_value: "5000".to_owned(),
        at: now - Duration::days(3),
    });
    orders
        .parameters
        .insert("write_request_timeout_in_ms".to_owned(), "5000".to_owned());
    if let Some(dc) = orders.data_centers.first() {
        let nodes: Vec<_> = dc.nodes.iter().collect();
        let outcome = nodetool::run(&orders, dc, &nodes, "status", "");
        let job = NodetoolJob {
            id: state.ids.job_id(),
            data_center_id: dc.id.clone(),
            region_id: dc.region_id.clone(),
            command: "status".to_owned(),
            arguments: String::new(),
            nodes: dc
                .nodes
                .iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
            created_at: now - Duration::hours(2),
            ends_at: now - Duration::hours(2) + Duration::seconds(5),
            result: outcome.result,
            error_message: outcome.error_message,
        };
        orders.jobs.push(job);
    }

    // A pay-as-you-go staging cluster with DynamoDB and public contact points.
    let mut analytics = provision::cluster(
        &mut state.ids,
        spec(
            hangzhou,
            "analytics-staging",
            "cn-hangzhou-g",
            "cassandra.c.large",
            3,
            rules::Billing::PayAsYouGo,
            "3.11.12",
        ),
        now - Duration::days(20),
        Phase::Active,
    );
    analytics
        .tags
        .extend([("env".to_owned(), "staging".to_owned())]);
    if let Some(dc) = analytics.data_centers.first_mut() {
        dc.dynamodb = Some(DynamoDb {
            public_endpoint: false,
        });
        dc.public_contact_points = true;
    }

    // A development cluster still being created.
    let events = provision::cluster(
        &mut state.ids,
        spec(
            shanghai,
            "events-dev",
            "cn-shanghai-e",
            "cassandra.c.large",
            2,
            rules::Billing::PayAsYouGo,
            "3.11.12",
        ),
        now,
        Phase::Creating {
            until: creating_until,
        },
    );
    let mut events = events;
    events.tags.extend([("env".to_owned(), "dev".to_owned())]);

    // A cluster deleted last week, waiting in DescribeDeletedClusters to be purged.
    let legacy = provision::cluster(
        &mut state.ids,
        spec(
            shanghai,
            "legacy-ledger",
            "cn-shanghai-f",
            "cassandra.c.large",
            2,
            rules::Billing::PayAsYouGo,
            "3.11.5",
        ),
        now - Duration::days(200),
        Phase::Deleted {
            at: now - Duration::days(7),
        },
    );

    for cluster in [orders, analytics, events, legacy] {
        state.clusters.insert(cluster.id.clone(), cluster);
    }
    state.settle(now);
}
