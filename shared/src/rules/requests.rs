//! Request-level validation: every rule of every one of the 58 request types, reporting every
//! broken field at once under its wire name (`Password`, `Tag.2.Key`, `IpList`).
//!
//! Two rules need state a request does not carry, so they are separate helpers the server and
//! the emulator call with what they looked up: [`DiskSize::grow_only`] (ResizeDiskSize needs
//! the current size) and [`check_parameter_value`] (ModifyParameter needs the parameter's
//! `AllowedValues`); [`NodeCount::change`] likewise for ResizeNodeCount.
//!
//! [`DiskSize::grow_only`]: super::DiskSize::grow_only
//! [`check_parameter_value`]: super::check_parameter_value
//! [`NodeCount::change`]: super::NodeCount::change

use crate::actions::*;

use super::billing::{Billing, BillingInput};
use super::capacity::{DiskSize, NodeCount};
use super::client_token::ClientToken;
use super::ip::{IpList, IpVersion, WhitelistGroupName};
use super::name::ClusterName;
use super::nodetool::{NodetoolArguments, NodetoolCommand};
use super::paging::{PageNumber, PageSize};
use super::password::Password;
use super::schedule::{BackupPeriod, BackupTime, MaintenanceWindow, RetentionPeriod};
use super::security_group::SecurityGroupIds;
use super::tag::{MAX_RESOURCES, MAX_TAGS, TagKey, TagValue, check_count};
use super::violation::{FieldError, Report, Rule, Violation};

/// A request that can check its own fields before it is sent (server) or served (emulator).
pub trait Validate {
    /// `Err` holds every broken field, each named by its wire name.
    fn validate(&self) -> Result<(), Vec<FieldError>>;
}

/// A required string parameter: the wire lets it arrive empty (`ClusterId=`).
fn required(report: &mut Report, field: &str, value: &str) {
    if value.trim().is_empty() {
        report.push(Violation::required().at(field));
    }
}

/// Only the presence of required string parameters.
fn required_fields(fields: &[(&str, &str)]) -> Result<(), Vec<FieldError>> {
    let mut report = Report::new();
    for (field, value) in fields {
        required(&mut report, field, value);
    }
    report.finish(())
}

/// An optional parameter that must follow `parse` when present.
fn optional<T>(
    report: &mut Report,
    field: &str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, Violation>,
) {
    if let Some(value) = value {
        report.check(field, parse(value));
    }
}

/// A parameter optional in the seed that the action exists to change (ModifyCluster's
/// ClusterName, ModifyDataCenter's DataCenterName): without it the call would do nothing, so
/// we require it.
fn the_change<T>(
    report: &mut Report,
    field: &str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, Violation>,
) {
    match value {
        Some(value) => {
            report.check(field, parse(value));
        }
        None => report.push(Violation::required().at(field)),
    }
}

fn paging(report: &mut Report, number: Option<i32>, size: Option<i32>) {
    if let Some(number) = number {
        report.check("PageNumber", PageNumber::parse(number));
    }
    if let Some(size) = size {
        report.check("PageSize", PageSize::parse(size));
    }
}

/// `ResourceId.N`: 1-50 resource ids, none empty.
fn resource_ids(report: &mut Report, ids: &[String]) {
    report.check(
        "ResourceId",
        check_count(ids.len(), MAX_RESOURCES, "resource", Rule::ResourceCount),
    );
    for (i, id) in ids.iter().enumerate() {
        required(report, &format!("ResourceId.{}", i + 1), id);
    }
}

fn billing(report: &mut Report, input: BillingInput<'_>) {
    if let Err(errors) = Billing::parse(input) {
        report.extend(errors);
    }
}

/// Requests whose only rule is that their required string parameters are not empty.
macro_rules! required_only {
    ($($request:ident { $($field:ident: $wire:literal),* $(,)? }),+ $(,)?) => {
        $(
            impl Validate for $request {
                fn validate(&self) -> Result<(), Vec<FieldError>> {
                    required_fields(&[$(($wire, self.$field.as_str())),*])
                }
            }
        )+
    };
}

/// Paged listings: their required parameters plus `PageNumber` / `PageSize`.
macro_rules! paged {
    ($($request:ident { $($field:ident: $wire:literal),* $(,)? }),+ $(,)?) => {
        $(
            impl Validate for $request {
                fn validate(&self) -> Result<(), Vec<FieldError>> {
                    let mut report = Report::new();
                    $(required(&mut report, $wire, self.$field.as_str());)*
                    paging(&mut report, self.page_number, self.page_size);
                    report.finish(())
                }
            }
        )+
    };
}

required_only! {
    // Instances.
    DeleteClusterRequest { cluster_id: "ClusterId" },
    DescribeClusterRequest { cluster_id: "ClusterId" },
    DescribeClusterStatusRequest { cluster_id: "ClusterId" },
    DescribeDataCenterRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    // Marked required, yet an empty InstanceType lists every type: no rule.
    DescribeInstanceTypeRequest {},
    ModifyInstanceTypeRequest {
        cluster_id: "ClusterId",
        data_center_id: "DataCenterId",
        instance_type: "InstanceType",
    },
    PurgeClusterRequest { cluster_id: "ClusterId" },
    RebootClusterRequest { cluster_id: "ClusterId" },
    UpgradeClusterVersionRequest { cluster_id: "ClusterId" },
    // Security.
    DescribeIpWhitelistRequest { cluster_id: "ClusterId" },
    DescribeIpWhitelistGroupsRequest { cluster_id: "ClusterId" },
    DescribeSecurityGroupsRequest { cluster_id: "ClusterId" },
    // Accounts.
    DescribeAccountsRequest { cluster_id: "ClusterId" },
    // DynamoDB.
    DisableDynamoDBRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    EnableDynamoDBRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    DescribeDynamoDbEndpointsRequest { cluster_id: "ClusterId" },
    ReleaseDynamoDbPublicEndpointRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    AllocateDynamoDbPublicEndpointRequest {
        cluster_id: "ClusterId",
        data_center_id: "DataCenterId",
    },
    // Regions and data centers.
    DescribeRegionsRequest {},
    DeleteDataCenterRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    DescribeDataCentersRequest { cluster_id: "ClusterId" },
    // Backups.
    DescribeBackupRequest {
        backup_id: "BackupId",
        cluster_id: "ClusterId",
        data_center_id: "DataCenterId",
    },
    DeleteBackupPlanRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    DescribeBackupPlanRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    DescribeBackupsRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    DescribeBackupPlansRequest { cluster_id: "ClusterId" },
    // Contact points.
    DescribeContactPointsRequest { cluster_id: "ClusterId" },
    ReleasePublicContactPointsRequest { cluster_id: "ClusterId", data_center_id: "DataCenterId" },
    // Nodetool.
    DescribeNodeToolExecutionHistoryRequest {
        cluster_id: "ClusterId",
        dc_id: "DcId",
        job_id: "JobId",
    },
    DeleteNodeToolExecutionHistoryRequest {
        cluster_id: "ClusterId",
        data_center_id: "DataCenterId",
        job_id: "JobId",
    },
    // Dashboard and monitoring.
    DescribeClusterDashboardRequest { cluster_id: "ClusterId" },
    GetCmsUrlRequest { cluster_id: "ClusterId" },
    // Tags.
    ListTagsRequest { region_id: "RegionId" },
    MoveResourceGroupRequest { cluster_id: "ClusterId", new_resource_group_id: "NewResourceGroupId" },
}

paged! {
    // Filters (ClusterName, Tag, ResourceGroupId) match partially: no rule.
    DescribeClustersRequest {},
    DescribeDeletedClustersRequest {},
    DescribeNodeToolExecutionHistoriesRequest { cluster_id: "ClusterId" },
    DescribeParameterModificationHistoriesRequest { cluster_id: "ClusterId" },
    DescribeParametersRequest { cluster_id: "ClusterId" },
}

/// Checks the data center parameters CreateCluster and CreateDataCenter share (same names on
/// both requests): ClientToken, placement, size and billing.
macro_rules! check_new_data_center {
    ($report:expr, $req:expr) => {{
        let (report, req) = ($report, $req);
        report.check("ClientToken", ClientToken::parse(&req.client_token));
        for (field, value) in [
            ("InstanceType", &req.instance_type),
            ("RegionId", &req.region_id),
            ("VpcId", &req.vpc_id),
            ("VswitchId", &req.vswitch_id),
            ("ZoneId", &req.zone_id),
        ] {
            required(report, field, value);
        }
        report.check("DiskSize", DiskSize::parse(req.disk_size));
        report.check("NodeCount", NodeCount::parse(req.node_count));
        billing(
            report,
            BillingInput {
                pay_type: &req.pay_type,
                period: req.period,
                period_unit: req.period_unit.as_ref(),
                auto_renew: req.auto_renew,
                auto_renew_period: req.auto_renew_period,
            },
        );
        optional(
            report,
            "DataCenterName",
            req.data_center_name.as_deref(),
            ClusterName::parse,
        );
    }};
}

impl Validate for CreateClusterRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        check_new_data_center!(&mut report, self);
        required(&mut report, "MajorVersion", &self.major_version);
        optional(
            &mut report,
            "ClusterName",
            self.cluster_name.as_deref(),
            ClusterName::parse,
        );
        let password = self.password.as_ref().map(|p| p.expose());
        optional(&mut report, "Password", password, Password::parse);
        report.finish(())
    }
}

impl Validate for CreateDataCenterRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        check_new_data_center!(&mut report, self);
        report.finish(())
    }
}

impl Validate for ModifyClusterRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        the_change(
            &mut report,
            "ClusterName",
            self.cluster_name.as_deref(),
            ClusterName::parse,
        );
        report.finish(())
    }
}

impl Validate for ModifyDataCenterRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        required(&mut report, "DataCenterId", &self.data_center_id);
        let name = self.data_center_name.as_deref();
        the_change(&mut report, "DataCenterName", name, ClusterName::parse);
        report.finish(())
    }
}

impl Validate for ModifyInstanceMaintainTimeRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        required(&mut report, "MaintainStartTime", &self.maintain_start_time);
        required(&mut report, "MaintainEndTime", &self.maintain_end_time);
        if report.is_empty()
            && let Err(errors) =
                MaintenanceWindow::parse(&self.maintain_start_time, &self.maintain_end_time)
        {
            report.extend(errors);
        }
        report.finish(())
    }
}

/// Grow-only needs the current size: see [`DiskSize::grow_only`].
impl Validate for ResizeDiskSizeRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        required(&mut report, "DataCenterId", &self.data_center_id);
        report.check("DiskSize", DiskSize::parse(self.disk_size));
        report.finish(())
    }
}

/// "Must change" needs the current count: see [`NodeCount::change`].
impl Validate for ResizeNodeCountRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        required(&mut report, "DataCenterId", &self.data_center_id);
        report.check("NodeCount", NodeCount::parse(self.node_count));
        report.finish(())
    }
}

impl Validate for ModifyIpWhitelistRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        if let Err(error) = IpList::parse(&self.ip_list) {
            report.extend(error.at("IpList"));
        }
        report.finish(())
    }
}

impl Validate for ModifyIpWhitelistGroupRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        report.check("GroupName", WhitelistGroupName::parse(&self.group_name));
        // With a bad IpVersion the entries can still be checked, just not against it.
        let list = match report.check("IpVersion", IpVersion::parse(self.ip_version)) {
            Some(version) => IpList::parse_group(&self.ip_list, version),
            None => IpList::parse(&self.ip_list),
        };
        if let Err(error) = list {
            report.extend(error.at("IpList"));
        }
        report.finish(())
    }
}

impl Validate for ModifySecurityGroupsRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        report.check(
            "SecurityGroupIds",
            SecurityGroupIds::parse(&self.security_group_ids),
        );
        report.finish(())
    }
}

impl Validate for ModifyAccountPasswordRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "Account", &self.account);
        required(&mut report, "ClusterId", &self.cluster_id);
        report.check("Password", Password::parse(self.password.expose()));
        report.finish(())
    }
}

/// The fields CreateBackupPlan and ModifyBackupPlan share.
fn backup_plan(
    report: &mut Report,
    [cluster_id, data_center_id, backup_time]: [&str; 3],
    backup_period: Option<&str>,
    retention_period: Option<i32>,
) {
    required(report, "ClusterId", cluster_id);
    required(report, "DataCenterId", data_center_id);
    if backup_time.is_empty() {
        report.push(Violation::required().at("BackupTime"));
    } else {
        report.check("BackupTime", BackupTime::parse(backup_time));
    }
    optional(report, "BackupPeriod", backup_period, BackupPeriod::parse);
    if let Some(days) = retention_period {
        report.check("RetentionPeriod", RetentionPeriod::parse(days));
    }
}

impl Validate for CreateBackupPlanRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        backup_plan(
            &mut report,
            [&self.cluster_id, &self.data_center_id, &self.backup_time],
            self.backup_period.as_deref(),
            self.retention_period,
        );
        optional(
            &mut report,
            "ClientToken",
            self.client_token.as_deref(),
            ClientToken::parse,
        );
        report.finish(())
    }
}

impl Validate for ModifyBackupPlanRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        backup_plan(
            &mut report,
            [&self.cluster_id, &self.data_center_id, &self.backup_time],
            self.backup_period.as_deref(),
            self.retention_period,
        );
        report.finish(())
    }
}

impl Validate for AllocatePublicContactPointsRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        required(&mut report, "DataCenterId", &self.data_center_id);
        optional(
            &mut report,
            "ClientToken",
            self.client_token.as_deref(),
            ClientToken::parse,
        );
        report.finish(())
    }
}

impl Validate for ExecuteNodeToolRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "ClusterId", &self.cluster_id);
        required(&mut report, "DataCenterId", &self.data_center_id);
        report.check("Command", NodetoolCommand::parse(&self.command));
        optional(
            &mut report,
            "Arguments",
            self.arguments.as_deref(),
            NodetoolArguments::parse,
        );
        // Node names (`core-1,core-2`) reach the same command line: the same character rule.
        let nodes = self.execute_nodes.as_deref();
        optional(&mut report, "ExecuteNodes", nodes, NodetoolArguments::parse);
        report.finish(())
    }
}

/// The value's AllowedValues check needs DescribeParameters: see
/// [`check_parameter_value`](super::check_parameter_value).
impl Validate for ModifyParameterRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        required_fields(&[
            ("ClusterId", &self.cluster_id),
            ("Name", &self.name),
            ("Value", &self.value),
        ])
    }
}

impl Validate for ListTagResourcesRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "RegionId", &self.region_id);
        // Both filters are optional, but not unbounded.
        if !self.resource_id.is_empty() {
            resource_ids(&mut report, &self.resource_id);
        }
        if self.tag.len() > MAX_TAGS {
            report.check(
                "Tag",
                check_count(self.tag.len(), MAX_TAGS, "tag", Rule::TagCount),
            );
        }
        report.finish(())
    }
}

impl Validate for TagResourcesRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "RegionId", &self.region_id);
        resource_ids(&mut report, &self.resource_id);
        report.check(
            "Tag",
            check_count(self.tag.len(), MAX_TAGS, "tag", Rule::TagCount),
        );
        let mut seen: Vec<(&str, usize)> = Vec::with_capacity(self.tag.len());
        for (i, tag) in self.tag.iter().enumerate() {
            let n = i + 1;
            let key_field = format!("Tag.{n}.Key");
            if report.check(&key_field, TagKey::parse(&tag.key)).is_some() {
                match seen.iter().find(|(key, _)| *key == tag.key) {
                    Some((_, first)) => report.push(
                        Violation::new(
                            Rule::TagKeyDuplicate,
                            format!("repeats Tag.{first}.Key; a resource holds one value per key"),
                        )
                        .at(key_field),
                    ),
                    None => seen.push((&tag.key, n)),
                }
            }
            let value_field = format!("Tag.{n}.Value");
            optional(
                &mut report,
                &value_field,
                tag.value.as_deref(),
                TagValue::parse,
            );
        }
        report.finish(())
    }
}

impl Validate for UnTagResourcesRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut report = Report::new();
        required(&mut report, "RegionId", &self.region_id);
        resource_ids(&mut report, &self.resource_id);
        if self.tag_key.is_empty() {
            // The seed leaves All=false without TagKey undefined: it would remove nothing.
            if self.all != Some(true) {
                report.push(
                    Violation::new(
                        Rule::Required,
                        "is required: list the tag keys to remove, or set All to true",
                    )
                    .at("TagKey"),
                );
            }
        } else {
            report.check(
                "TagKey",
                check_count(self.tag_key.len(), MAX_TAGS, "tag key", Rule::TagCount),
            );
            for (i, key) in self.tag_key.iter().enumerate() {
                // Existing keys, system ones included, may be named for removal.
                report.check(&format!("TagKey.{}", i + 1), TagKey::parse_existing(key));
            }
        }
        report.finish(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::de::DeserializeOwned;

    use super::*;
    use crate::{Action, catalog, wire};

    type Params = [(&'static str, &'static str)];

    fn request<R: DeserializeOwned>(params: &BTreeMap<String, String>) -> R {
        wire::from_params(params).unwrap_or_else(|e| panic!("test request does not parse: {e}"))
    }

    fn params(base: &Params) -> BTreeMap<String, String> {
        base.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The wire names of every broken field, as `validate` reports them.
    fn broken<R: Validate + DeserializeOwned>(params: &BTreeMap<String, String>) -> Vec<String> {
        match request::<R>(params).validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    /// `good` passes; each change (a parameter set to a value, or removed with `None`)
    /// breaks exactly the fields listed with it.
    fn check<R: Validate + DeserializeOwned>(
        good: &Params,
        changes: &[(&str, Option<&str>, &[&str])],
    ) {
        assert_eq!(
            broken::<R>(&params(good)),
            Vec::<String>::new(),
            "the good request fails"
        );
        for (name, value, expected) in changes {
            let mut changed = params(good);
            match value {
                Some(value) => changed.insert(name.to_string(), value.to_string()),
                None => changed.remove(*name),
            };
            assert_eq!(broken::<R>(&changed), *expected, "{name} = {value:?}");
        }
    }

    const CREATE_CLUSTER: &Params = &[
        ("ClientToken", "ETnLKlblzczshOTUbOCzxxxxxxxxxx"),
        ("DiskSize", "160"),
        ("DiskType", "cloud_ssd"),
        ("InstanceType", "cassandra.c.xlarge"),
        ("MajorVersion", "3.11"),
        ("NodeCount", "3"),
        ("PayType", "Subscription"),
        ("Period", "12"),
        ("PeriodUnit", "Year"),
        ("AutoRenew", "true"),
        ("AutoRenewPeriod", "3"),
        ("RegionId", "cn-hangzhou"),
        ("VpcId", "vpc-bp1oxxxxxxxxxxgzv26cd"),
        ("VswitchId", "vsw-oqscxxxxxxxxxxxxx5e8c"),
        ("ZoneId", "cn-hangzhou-h"),
        ("ClusterName", "apitest"),
        ("DataCenterName", "apitest"),
        ("Password", "Alibaba1!@#"),
    ];

    #[test]
    fn create_cluster() {
        check::<CreateClusterRequest>(
            CREATE_CLUSTER,
            &[
                ("ClientToken", Some(""), &["ClientToken"]),
                ("ClientToken", Some(&"t".repeat(65)), &["ClientToken"]),
                ("DiskSize", Some("165"), &["DiskSize"]),
                ("DiskSize", Some("100"), &["DiskSize"]),
                ("NodeCount", Some("0"), &["NodeCount"]),
                ("InstanceType", Some(""), &["InstanceType"]),
                ("MajorVersion", Some(" "), &["MajorVersion"]),
                ("RegionId", Some(""), &["RegionId"]),
                ("VpcId", Some(""), &["VpcId"]),
                ("VswitchId", Some(""), &["VswitchId"]),
                ("ZoneId", Some(""), &["ZoneId"]),
                ("PayType", Some("Prepaid"), &["PayType"]),
                (
                    "PayType",
                    Some("PayAsYouGo"),
                    &["Period", "PeriodUnit", "AutoRenew", "AutoRenewPeriod"],
                ),
                ("Period", Some("1"), &["Period"]),
                ("Period", None, &["Period"]),
                ("PeriodUnit", None, &["PeriodUnit"]),
                ("AutoRenewPeriod", Some("4"), &["AutoRenewPeriod"]),
                ("AutoRenewPeriod", None, &["AutoRenewPeriod"]),
                ("ClusterName", Some("1st"), &["ClusterName"]),
                ("DataCenterName", Some("dc one"), &["DataCenterName"]),
                ("Password", Some("password"), &["Password"]),
                ("Password", Some("Alibaba@#￥**"), &["Password"]),
                // Optional fields may be left out.
                ("ClusterName", None, &[]),
                ("Password", None, &[]),
            ],
        );
    }

    #[test]
    fn create_cluster_reports_every_broken_field_with_its_rule() {
        let mut p = params(CREATE_CLUSTER);
        p.insert("DiskSize".into(), "2001".into());
        p.insert("Password".into(), "short".into());
        p.insert("ClusterName".into(), "x".into());
        let errors = request::<CreateClusterRequest>(&p).validate().unwrap_err();
        let got: Vec<(&str, Rule)> = errors.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(
            got,
            [
                ("DiskSize", Rule::DiskSizeRange),
                ("ClusterName", Rule::NameLength),
                ("Password", Rule::PasswordLength)
            ]
        );
        assert!(errors.iter().all(|e| !e.message.contains("short")));
    }

    #[test]
    fn create_data_center() {
        check::<CreateDataCenterRequest>(
            &[
                ("ClientToken", "ETnLKlblzczshOTUbOCioIU"),
                ("ClusterId", "cds-bp1b136j5d58"),
                ("DiskSize", "160"),
                ("DiskType", "cloud_ssd"),
                ("InstanceType", "cassandra.c.large"),
                ("NodeCount", "2"),
                ("PayType", "PayAsYouGo"),
                ("RegionId", "cn-hangzhou"),
                ("VpcId", "vpc-bp1oxxxxxxxxxxgzv26cf"),
                ("VswitchId", "vsw-oqscxxxxxxxxxxxxx5e8c"),
                ("ZoneId", "cn-hangzhou-h"),
                ("DataCenterName", "apitest"),
            ],
            &[
                ("ClientToken", Some("has space"), &["ClientToken"]),
                ("ClusterId", Some(""), &["ClusterId"]),
                ("DiskSize", Some("2010"), &["DiskSize"]),
                ("NodeCount", Some("101"), &["NodeCount"]),
                ("Period", Some("1"), &["Period"]),
                ("AutoRenew", Some("true"), &["AutoRenew"]),
                ("AutoRenew", Some("false"), &[]),
                ("DataCenterName", Some("_dc"), &["DataCenterName"]),
                ("ZoneId", Some(""), &["ZoneId"]),
            ],
        );
    }

    #[test]
    fn modify_cluster_and_data_center_require_the_new_name() {
        check::<ModifyClusterRequest>(
            &[("ClusterId", "cds-1"), ("ClusterName", "Cassandra_test")],
            &[
                ("ClusterName", Some("a"), &["ClusterName"]),
                ("ClusterName", None, &["ClusterName"]),
                ("ClusterId", Some(""), &["ClusterId"]),
            ],
        );
        check::<ModifyDataCenterRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("DataCenterId", "cn-hangzhou-g"),
                ("DataCenterName", "数据中心1"),
            ],
            &[
                ("DataCenterName", Some("1dc"), &["DataCenterName"]),
                ("DataCenterName", None, &["DataCenterName"]),
                ("DataCenterId", Some(""), &["DataCenterId"]),
            ],
        );
    }

    #[test]
    fn modify_account_password() {
        check::<ModifyAccountPasswordRequest>(
            &[
                ("Account", "cassandra_test"),
                ("ClusterId", "cds-1"),
                ("Password", "Alibaba@#12"),
            ],
            &[
                ("Password", Some("Alibaba@#￥**"), &["Password"]),
                ("Password", Some("alllowercase"), &["Password"]),
                ("Account", Some(""), &["Account"]),
                ("ClusterId", Some(""), &["ClusterId"]),
            ],
        );
    }

    #[test]
    fn modify_instance_maintain_time() {
        check::<ModifyInstanceMaintainTimeRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("MaintainStartTime", "2:00"),
                ("MaintainEndTime", "4:00"),
            ],
            &[
                ("MaintainStartTime", Some("25:00"), &["MaintainStartTime"]),
                ("MaintainEndTime", Some("4:00Z"), &["MaintainEndTime"]),
                ("MaintainEndTime", Some("02:00"), &["MaintainEndTime"]),
                ("MaintainStartTime", Some(""), &["MaintainStartTime"]),
                ("ClusterId", Some(""), &["ClusterId"]),
            ],
        );
    }

    #[test]
    fn resize_disk_size_and_node_count() {
        check::<ResizeDiskSizeRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("DataCenterId", "dc-1"),
                ("DiskSize", "240"),
            ],
            &[
                ("DiskSize", Some("245"), &["DiskSize"]),
                ("DiskSize", Some("150"), &["DiskSize"]),
                ("DataCenterId", Some(""), &["DataCenterId"]),
            ],
        );
        check::<ResizeNodeCountRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("DataCenterId", "dc-1"),
                ("NodeCount", "3"),
            ],
            &[
                ("NodeCount", Some("0"), &["NodeCount"]),
                ("NodeCount", Some("101"), &["NodeCount"]),
            ],
        );
    }

    #[test]
    fn modify_ip_whitelist() {
        check::<ModifyIpWhitelistRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("IpList", "192.168.0.23,30.15.0.133,2001:db8::/32"),
            ],
            &[
                ("IpList", Some(""), &["IpList"]),
                (
                    "IpList",
                    Some("192.***.0.23,1.2.3.4/33"),
                    &["IpList", "IpList"],
                ),
                ("ClusterId", Some(""), &["ClusterId"]),
            ],
        );
    }

    #[test]
    fn modify_ip_whitelist_group() {
        check::<ModifyIpWhitelistGroupRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("GroupName", "test"),
                ("IpList", "218.30.0.40,192.168.0.23"),
                ("IpVersion", "4"),
            ],
            &[
                ("IpVersion", Some("6"), &["IpList", "IpList"]),
                ("IpVersion", Some("5"), &["IpVersion"]),
                ("IpList", Some("218.30.0.40,::1"), &["IpList"]),
                ("GroupName", Some("Test"), &["GroupName"]),
                ("GroupName", Some(""), &["GroupName"]),
            ],
        );
        let mut p = params(&[
            ("ClusterId", "cds-1"),
            ("GroupName", "g"),
            ("IpVersion", "4"),
        ]);
        p.insert("IpList".into(), "1.2.3.4\n::1".into());
        let errors = request::<ModifyIpWhitelistGroupRequest>(&p)
            .validate()
            .unwrap_err();
        assert_eq!(errors[0].rule, Rule::IpVersionMismatch);
        assert_eq!(
            errors[0].item.as_ref().map(|i| (i.index, i.text.as_str())),
            Some((1, "::1"))
        );
    }

    #[test]
    fn modify_security_groups() {
        check::<ModifySecurityGroupsRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("SecurityGroupIds", "sg-t4ng4yyc916o81nua6,sg-abc"),
            ],
            &[
                (
                    "SecurityGroupIds",
                    Some("sg-1,sg-2,sg-3,sg-4"),
                    &["SecurityGroupIds"],
                ),
                ("SecurityGroupIds", Some("sg-1,sg-1"), &["SecurityGroupIds"]),
                ("SecurityGroupIds", Some("sg-******"), &["SecurityGroupIds"]),
                ("SecurityGroupIds", Some(""), &["SecurityGroupIds"]),
            ],
        );
    }

    #[test]
    fn backup_plans() {
        let good: &Params = &[
            ("ClusterId", "cds-1"),
            ("DataCenterId", "cn-hangzhou-g"),
            ("BackupTime", "00:30Z"),
            ("BackupPeriod", "Monday,Tuesday"),
            ("RetentionPeriod", "7"),
            ("Active", "true"),
        ];
        let changes: &[(&str, Option<&str>, &[&str])] = &[
            ("BackupTime", Some("00:30"), &["BackupTime"]),
            ("BackupTime", Some(""), &["BackupTime"]),
            ("BackupPeriod", Some("Monday,Monday"), &["BackupPeriod"]),
            ("BackupPeriod", Some(""), &["BackupPeriod"]),
            ("BackupPeriod", None, &[]),
            ("RetentionPeriod", Some("8"), &["RetentionPeriod"]),
            ("RetentionPeriod", Some("0"), &["RetentionPeriod"]),
            ("RetentionPeriod", None, &[]),
            ("DataCenterId", Some(""), &["DataCenterId"]),
        ];
        check::<CreateBackupPlanRequest>(good, changes);
        check::<CreateBackupPlanRequest>(good, &[("ClientToken", Some("a b"), &["ClientToken"])]);
        check::<ModifyBackupPlanRequest>(good, changes);
    }

    #[test]
    fn allocate_public_contact_points() {
        check::<AllocatePublicContactPointsRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("DataCenterId", "dc-1"),
                ("ClientToken", "token-1"),
            ],
            &[
                ("ClientToken", Some(&"x".repeat(65)), &["ClientToken"]),
                ("ClientToken", None, &[]),
            ],
        );
    }

    #[test]
    fn execute_node_tool() {
        check::<ExecuteNodeToolRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("DataCenterId", "dc-1"),
                ("Command", "settimeout misc"),
                ("Arguments", "10056"),
                ("ExecuteNodes", "core-1,core-2"),
            ],
            &[
                ("Command", Some("decommission"), &["Command"]),
                ("Command", Some("status; reboot"), &["Command"]),
                ("Command", Some(""), &["Command"]),
                ("Arguments", Some("$(id)"), &["Arguments"]),
                ("ExecuteNodes", Some("core-1;core-2"), &["ExecuteNodes"]),
                ("Arguments", None, &[]),
            ],
        );
    }

    #[test]
    fn modify_parameter_checks_presence_only() {
        check::<ModifyParameterRequest>(
            &[
                ("ClusterId", "cds-1"),
                ("Name", "cas_contention_timeout_in_ms"),
                ("Value", "2000"),
            ],
            &[
                ("Value", Some(""), &["Value"]),
                ("Name", Some(""), &["Name"]),
                // Out of range, but the range is known only to DescribeParameters.
                ("Value", Some("1"), &[]),
            ],
        );
    }

    #[test]
    fn tag_resources() {
        check::<TagResourcesRequest>(
            &[
                ("RegionId", "cn-shenzhen"),
                ("ResourceId.1", "cds-1"),
                ("ResourceId.2", "cds-2"),
                ("Tag.1.Key", "k1"),
                ("Tag.1.Value", "v1"),
                ("Tag.2.Key", "k2"),
                ("Tag.2.Value", ""),
            ],
            &[
                ("Tag.2.Key", Some("aliyun-x"), &["Tag.2.Key"]),
                ("Tag.2.Key", Some("k1"), &["Tag.2.Key"]),
                ("Tag.1.Key", Some(""), &["Tag.1.Key"]),
                ("Tag.2.Value", Some(&"v".repeat(129)), &["Tag.2.Value"]),
                ("ResourceId.2", Some(""), &["ResourceId.2"]),
                ("RegionId", Some(""), &["RegionId"]),
            ],
        );
        let mut p = params(&[("RegionId", "r"), ("ResourceId.1", "cds-1")]);
        assert_eq!(broken::<TagResourcesRequest>(&p), ["Tag"]);
        for i in 1..=21 {
            p.insert(format!("Tag.{i}.Key"), format!("k{i}"));
        }
        assert_eq!(broken::<TagResourcesRequest>(&p), ["Tag"]);
        p.remove("Tag.21.Key");
        assert_eq!(broken::<TagResourcesRequest>(&p), Vec::<String>::new());
        // The wire cannot omit ResourceId (deserialising fails first); a built request can.
        let mut none = request::<TagResourcesRequest>(&p);
        none.resource_id.clear();
        let errors = none.validate().unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule),
            ("ResourceId", Rule::ResourceCount)
        );
    }

    #[test]
    fn untag_resources() {
        check::<UnTagResourcesRequest>(
            &[
                ("RegionId", "cn-shenzhen"),
                ("ResourceId.1", "cds-1"),
                ("TagKey.1", "key"),
            ],
            &[
                ("TagKey.1", Some(""), &["TagKey.1"]),
                ("TagKey.1", Some("acs:rm:rgId"), &[]),
                ("TagKey.1", None, &["TagKey"]),
            ],
        );
        let all = params(&[
            ("RegionId", "r"),
            ("ResourceId.1", "cds-1"),
            ("All", "true"),
        ]);
        assert_eq!(broken::<UnTagResourcesRequest>(&all), Vec::<String>::new());
        let none = params(&[
            ("RegionId", "r"),
            ("ResourceId.1", "cds-1"),
            ("All", "false"),
        ]);
        assert_eq!(broken::<UnTagResourcesRequest>(&none), ["TagKey"]);
    }

    #[test]
    fn list_tag_resources_bounds_its_filters() {
        let mut p = params(&[("RegionId", "cn-hangzhou")]);
        assert_eq!(broken::<ListTagResourcesRequest>(&p), Vec::<String>::new());
        for i in 1..=51 {
            p.insert(format!("ResourceId.{i}"), format!("cds-{i}"));
        }
        assert_eq!(broken::<ListTagResourcesRequest>(&p), ["ResourceId"]);
    }

    #[test]
    fn required_ids_and_paging() {
        let p = params(&[("ClusterId", "")]);
        assert_eq!(broken::<DeleteClusterRequest>(&p), ["ClusterId"]);
        let p = params(&[("ClusterId", "cds-1"), ("DcId", "dc-1"), ("JobId", " ")]);
        assert_eq!(
            broken::<DescribeNodeToolExecutionHistoryRequest>(&p),
            ["JobId"]
        );
        let p = params(&[
            ("ClusterId", "cds-1"),
            ("PageNumber", "0"),
            ("PageSize", "-1"),
        ]);
        assert_eq!(
            broken::<DescribeParametersRequest>(&p),
            ["PageNumber", "PageSize"]
        );
        let p = params(&[
            ("ClusterId", "cds-1"),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ]);
        assert_eq!(
            broken::<DescribeParametersRequest>(&p),
            Vec::<String>::new()
        );
        assert_eq!(
            broken::<DescribeClustersRequest>(&params(&[("PageNumber", "0")])),
            ["PageNumber"]
        );
        assert_eq!(
            broken::<DescribeRegionsRequest>(&params(&[])),
            Vec::<String>::new()
        );
        assert_eq!(
            broken::<DescribeInstanceTypeRequest>(&params(&[("InstanceType", "")])),
            Vec::<String>::new()
        );
    }

    /// Every action in the catalog has a `Validate` impl: this list must name all 58 (a type
    /// without an impl does not compile here; an action missing from the list fails below).
    #[test]
    fn every_action_is_validated() {
        fn name<A: Action + Validate>() -> &'static str {
            A::META.name
        }
        let validated = [
            name::<CreateClusterRequest>(),
            name::<CreateDataCenterRequest>(),
            name::<DeleteClusterRequest>(),
            name::<DescribeClusterRequest>(),
            name::<DescribeClustersRequest>(),
            name::<DescribeClusterStatusRequest>(),
            name::<DescribeDeletedClustersRequest>(),
            name::<DescribeDataCenterRequest>(),
            name::<DescribeInstanceTypeRequest>(),
            name::<ModifyClusterRequest>(),
            name::<ModifyInstanceMaintainTimeRequest>(),
            name::<ModifyInstanceTypeRequest>(),
            name::<PurgeClusterRequest>(),
            name::<RebootClusterRequest>(),
            name::<ResizeDiskSizeRequest>(),
            name::<ResizeNodeCountRequest>(),
            name::<UpgradeClusterVersionRequest>(),
            name::<ModifyIpWhitelistRequest>(),
            name::<DescribeIpWhitelistRequest>(),
            name::<DescribeIpWhitelistGroupsRequest>(),
            name::<ModifyIpWhitelistGroupRequest>(),
            name::<DescribeSecurityGroupsRequest>(),
            name::<ModifySecurityGroupsRequest>(),
            name::<DescribeAccountsRequest>(),
            name::<ModifyAccountPasswordRequest>(),
            name::<DisableDynamoDBRequest>(),
            name::<EnableDynamoDBRequest>(),
            name::<DescribeDynamoDbEndpointsRequest>(),
            name::<ReleaseDynamoDbPublicEndpointRequest>(),
            name::<AllocateDynamoDbPublicEndpointRequest>(),
            name::<DescribeRegionsRequest>(),
            name::<DeleteDataCenterRequest>(),
            name::<ModifyDataCenterRequest>(),
            name::<DescribeDataCentersRequest>(),
            name::<DescribeBackupRequest>(),
            name::<DeleteBackupPlanRequest>(),
            name::<CreateBackupPlanRequest>(),
            name::<DescribeBackupPlanRequest>(),
            name::<DescribeBackupsRequest>(),
            name::<ModifyBackupPlanRequest>(),
            name::<DescribeBackupPlansRequest>(),
            name::<AllocatePublicContactPointsRequest>(),
            name::<DescribeContactPointsRequest>(),
            name::<ReleasePublicContactPointsRequest>(),
            name::<DescribeNodeToolExecutionHistoryRequest>(),
            name::<DescribeNodeToolExecutionHistoriesRequest>(),
            name::<ExecuteNodeToolRequest>(),
            name::<DeleteNodeToolExecutionHistoryRequest>(),
            name::<DescribeParameterModificationHistoriesRequest>(),
            name::<ModifyParameterRequest>(),
            name::<DescribeParametersRequest>(),
            name::<DescribeClusterDashboardRequest>(),
            name::<GetCmsUrlRequest>(),
            name::<ListTagResourcesRequest>(),
            name::<ListTagsRequest>(),
            name::<UnTagResourcesRequest>(),
            name::<TagResourcesRequest>(),
            name::<MoveResourceGroupRequest>(),
        ];
        let catalog: Vec<&str> = catalog::ALL.iter().map(|meta| meta.name).collect();
        assert_eq!(catalog.len(), 58);
        assert_eq!(validated.as_slice(), catalog.as_slice());
    }
}
