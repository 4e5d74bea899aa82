//! Every documented input rule is enforced with the shared rule, naming the field, and a
//! rejected request changes nothing.

use shared::actions::*;
use shared::enums::{PayType, PeriodUnit};

use crate::helpers::*;

/// CreateCluster with `change` applied fails with InvalidParameter on `field` and `rule`.
fn rejected(change: impl FnOnce(&mut CreateClusterRequest), field: &str, rule: &str) {
    let world = TestWorld::new();
    let mut request = create_cluster("rules");
    change(&mut request);
    let error = assert_error(world.call(&request), "InvalidParameter", Some(field));
    assert_eq!(rule_of(&error), rule, "{error:?}");
    assert_eq!(
        world.call(&list_clusters(None)).unwrap().total_count,
        Some(0)
    );
}

#[test]
fn passwords() {
    rejected(
        |r| r.password = Some("short1A".into()),
        "Password",
        "password.length",
    );
    rejected(
        |r| r.password = Some("alllowercase1".into()),
        "Password",
        "password.classes",
    );
    rejected(
        |r| r.password = Some("Has space 1a".into()),
        "Password",
        "password.character",
    );
}

#[test]
fn cluster_names() {
    rejected(
        |r| r.cluster_name = Some("1cluster".into()),
        "ClusterName",
        "name.start",
    );
    rejected(
        |r| r.cluster_name = Some("a".into()),
        "ClusterName",
        "name.length",
    );
    rejected(
        |r| r.cluster_name = Some("my cluster".into()),
        "ClusterName",
        "name.character",
    );
    rejected(
        |r| r.data_center_name = Some("_dc".into()),
        "DataCenterName",
        "name.start",
    );
}

#[test]
fn billing() {
    rejected(|r| r.period = Some(1), "Period", "billing.pay_as_you_go");
    rejected(
        |r| {
            r.pay_type = PayType::Subscription;
            r.period_unit = Some(PeriodUnit::Month);
            r.period = Some(10);
        },
        "Period",
        "billing.term",
    );
    rejected(
        |r| {
            r.pay_type = PayType::Subscription;
            r.period_unit = Some(PeriodUnit::Month);
        },
        "Period",
        "billing.term_required",
    );
    rejected(
        |r| {
            r.pay_type = PayType::Subscription;
            r.period_unit = Some(PeriodUnit::Month);
            r.period = Some(1);
            r.auto_renew = Some(true);
        },
        "AutoRenewPeriod",
        "billing.auto_renew_period",
    );
    rejected(
        |r| r.pay_type = PayType::Other("Free".into()),
        "PayType",
        "billing.pay_type",
    );
}

#[test]
fn sizes_and_tokens() {
    rejected(|r| r.disk_size = 165, "DiskSize", "disk_size.step");
    rejected(|r| r.disk_size = 4000, "DiskSize", "disk_size.range");
    rejected(|r| r.node_count = 0, "NodeCount", "node_count.range");
    rejected(
        |r| r.client_token = "a b".into(),
        "ClientToken",
        "client_token",
    );
    rejected(
        |r| r.client_token = "x".repeat(65),
        "ClientToken",
        "client_token",
    );
}

#[test]
fn numbers_that_do_not_parse_name_their_field() {
    let world = TestWorld::new();
    let error = world
        .raw("DescribeClusters", &[("PageSize", "ten")])
        .unwrap_err();
    assert_eq!(error.code, "InvalidParameter");
    assert!(error.message.contains("\"PageSize\""), "{error:?}");
}

#[test]
fn backup_plan_rules() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-backup-rules");
    let dc = world.first_dc(&id);
    let plan = |time: &str, period: Option<&str>, retention: Option<i32>| CreateBackupPlanRequest {
        backup_time: time.into(),
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
        backup_period: period.map(Into::into),
        retention_period: retention,
        active: None,
        client_token: None,
    };
    let check = |request: CreateBackupPlanRequest, field: &str, rule: &str| {
        let error = assert_error(world.call(&request), "InvalidParameter", Some(field));
        assert_eq!(rule_of(&error), rule, "{error:?}");
    };
    check(
        plan("00:30Z", None, Some(8)),
        "RetentionPeriod",
        "retention_period.range",
    );
    check(
        plan("00:30Z", None, Some(0)),
        "RetentionPeriod",
        "retention_period.range",
    );
    check(plan("00:30", None, None), "BackupTime", "time.format");
    check(plan("24:00Z", None, None), "BackupTime", "time.format");
    check(
        plan("00:30Z", Some("Funday"), None),
        "BackupPeriod",
        "backup_period.weekday",
    );
    check(
        plan("00:30Z", Some("Monday,Monday"), None),
        "BackupPeriod",
        "backup_period.duplicate",
    );
    let none = DescribeBackupPlansRequest {
        cluster_id: id.clone(),
    };
    assert!(world.call(&none).unwrap().backup_plans.is_empty());
    world.call(&plan("00:30Z", None, Some(7))).unwrap();
    let plans = world.call(&none).unwrap().backup_plans;
    assert_eq!(
        plans[0].backup_period.as_deref(),
        Some("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday")
    );
}

#[test]
fn missing_required_parameters() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-missing");
    let missing = world.raw(
        "ModifyAccountPassword",
        &[("ClusterId", &id), ("Account", "cassandra")],
    );
    assert_error(missing, "MissingParameter", Some("Password"));
    let missing = world.raw(
        "ModifyIpWhitelistGroup",
        &[
            ("ClusterId", &id),
            ("GroupName", "g"),
            ("IpList", "1.1.1.1"),
        ],
    );
    assert_error(missing, "MissingParameter", Some("IpVersion"));
    let tags = world.raw(
        "TagResources",
        &[("RegionId", "cn-hangzhou"), ("Tag.1.Key", "k")],
    );
    assert_error(tags, "MissingParameter", Some("ResourceId"));
}
