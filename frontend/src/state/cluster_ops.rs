//! Every change the cluster page offers, as an [`Op`]: which action, what to ask, what to
//! check beyond the request's own rules, and what to confirm. The tabs only place the buttons.

use shared::actions::{
    AllocateDynamoDbPublicEndpointRequest, AllocatePublicContactPointsRequest, BackupPlan,
    CreateBackupPlanRequest, CreateDataCenterRequest, DeleteBackupPlanRequest,
    DeleteClusterRequest, DeleteDataCenterRequest, DeleteNodeToolExecutionHistoryRequest,
    DisableDynamoDBRequest, EnableDynamoDBRequest, ExecuteNodeToolRequest, IpWhitelistGroup,
    ModifyAccountPasswordRequest, ModifyBackupPlanRequest, ModifyClusterRequest,
    ModifyDataCenterRequest, ModifyInstanceMaintainTimeRequest, ModifyInstanceTypeRequest,
    ModifyIpWhitelistGroupRequest, ModifyParameterRequest, ModifySecurityGroupsRequest,
    MoveResourceGroupRequest, Parameter, PurgeClusterRequest, RebootClusterRequest,
    ReleaseDynamoDbPublicEndpointRequest, ReleasePublicContactPointsRequest, ResizeDiskSizeRequest,
    ResizeNodeCountRequest, TagResourcesRequest, UnTagResourcesRequest,
    UpgradeClusterVersionRequest,
};
use shared::enums::{PayType, PeriodUnit, Weekday};
use shared::rest_clusters::ClusterDetail;
use shared::rules::{
    AUTO_RENEW_PERIODS, AllowedValues, ClockTime, DiskSize, IpEntry, MONTH_PERIODS, NodeCount,
    RetentionPeriod, SAFE_COMMANDS, check_parameter_value,
};

use super::create_cluster::disk_type_choices;
use super::form::{FieldSpec, Form, Issue, entries};
use super::operation::{Op, ReviewLine};

/// The cluster an operation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterRef {
    pub id: String,
    /// Its name, or its id when it has none: what destructive operations ask to type.
    pub name: String,
    pub region: String,
}

impl ClusterRef {
    pub fn of(detail: &ClusterDetail) -> ClusterRef {
        let name = detail
            .snapshot
            .cluster
            .cluster_name
            .clone()
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| detail.cluster_id.clone());
        ClusterRef {
            id: detail.cluster_id.clone(),
            name,
            region: detail.region_id.clone(),
        }
    }
}

fn choices<T: ToString>(values: impl IntoIterator<Item = T>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}

fn gb(size: i32) -> String {
    format!("{size} GB")
}

// --- overview ------------------------------------------------------------------------------

pub fn rename(c: &ClusterRef, current: Option<&str>) -> Op {
    let before = current.unwrap_or("(none)").to_owned();
    Op::new::<ModifyClusterRequest>("Rename cluster")
        .cluster(&c.id)
        .field(
            FieldSpec::text("ClusterName", "New name")
                .initial(current.unwrap_or_default())
                .hint("2 to 128 characters: letters, digits, `.`, `_`, `-`; starts with a letter."),
        )
        .review(move |r| {
            vec![ReviewLine::new(
                "Name",
                &before,
                r.cluster_name.clone().unwrap_or_default(),
            )]
        })
        .build()
}

/// `2:00Z` as DescribeCluster reports it -> `02:00` as the request takes it.
fn request_time(described: Option<&str>) -> String {
    described
        .and_then(|t| ClockTime::parse_utc(t).ok())
        .map(|t| t.to_string())
        .unwrap_or_default()
}

pub fn maintenance_window(c: &ClusterRef, start: Option<&str>, end: Option<&str>) -> Op {
    let before = format!("{} – {}", request_time(start), request_time(end));
    Op::new::<ModifyInstanceMaintainTimeRequest>("Change maintenance window")
        .cluster(&c.id)
        .intro("The daily window (UTC) in which the cloud may restart nodes for maintenance.")
        .field(
            FieldSpec::text("MaintainStartTime", "Starts at (UTC)")
                .initial(request_time(start))
                .hint("HH:mm, e.g. 02:00"),
        )
        .field(
            FieldSpec::text("MaintainEndTime", "Ends at (UTC)")
                .initial(request_time(end))
                .hint("HH:mm; may be after midnight, e.g. 04:00"),
        )
        .review(move |r| {
            vec![ReviewLine::new(
                "Window (UTC)",
                &before,
                format!("{} – {}", r.maintain_start_time, r.maintain_end_time),
            )]
        })
        .build()
}

/// Reboot every node, or the nodes of one data center.
pub fn reboot(c: &ClusterRef, data_center: Option<&str>) -> Op {
    let mut op = Op::new::<RebootClusterRequest>("Reboot").cluster(&c.id);
    op = match data_center {
        Some(dc) => op.fixed("DataCenterId", dc).intro(format!(
            "Every node of data center {dc} restarts, one at a time."
        )),
        None => op.intro("Every node of the cluster restarts, one at a time."),
    };
    op.build()
}

pub fn upgrade_minor_version(c: &ClusterRef, current: Option<&str>) -> Op {
    Op::new::<UpgradeClusterVersionRequest>("Upgrade minor version")
        .cluster(&c.id)
        .intro(format!(
            "Upgrade from {} to the latest minor version of its major version; nodes restart \
             one at a time.",
            current.unwrap_or("the current version")
        ))
        .build()
}

pub fn move_resource_group(c: &ClusterRef, current: Option<&str>) -> Op {
    let before = current.unwrap_or("(default)").to_owned();
    Op::new::<MoveResourceGroupRequest>("Move to another resource group")
        .cluster(&c.id)
        .field(
            FieldSpec::text("NewResourceGroupId", "Resource group ID")
                .hint("As shown in the resource group console, e.g. rg-acfm…"),
        )
        .review(move |r| {
            vec![ReviewLine::new(
                "Resource group",
                &before,
                &r.new_resource_group_id,
            )]
        })
        .build()
}

pub fn add_tag(c: &ClusterRef) -> Op {
    Op::new::<TagResourcesRequest>("Add a tag")
        .fixed("RegionId", &c.region)
        .fixed("ResourceId.1", &c.id)
        .field(FieldSpec::text("Tag.1.Key", "Key").hint("1 to 128 characters; not aliyun or acs:"))
        .field(FieldSpec::text("Tag.1.Value", "Value").optional())
        .build()
}

pub fn remove_tag(c: &ClusterRef, key: &str) -> Op {
    Op::new::<UnTagResourcesRequest>(format!("Remove tag {key}"))
        .fixed("RegionId", &c.region)
        .fixed("ResourceId.1", &c.id)
        .fixed("TagKey.1", key)
        .intro(format!("The tag {key} is removed from the cluster."))
        .build()
}

pub fn delete_cluster(c: &ClusterRef) -> Op {
    Op::new::<DeleteClusterRequest>("Delete cluster")
        .cluster(&c.id)
        .intro(
            "The cluster stops serving at once and moves to the recycle bin, from which it can \
             be purged.",
        )
        .type_to_confirm(&c.name)
        .build()
}

pub fn purge_cluster(id: &str, name: &str) -> Op {
    Op::new::<PurgeClusterRequest>("Purge cluster")
        .cluster(id)
        .intro("The cluster and its data are destroyed for good. This cannot be undone.")
        .type_to_confirm(name)
        .build()
}

// --- data centers --------------------------------------------------------------------------

/// What adding a data center offers: the zones of the cluster's region and the instance types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offerings {
    pub zones: Vec<String>,
    /// `(instance type, "cassandra.c.large — 2 cores, 4 GB")`.
    pub instance_types: Vec<(String, String)>,
}

pub fn create_data_center(c: &ClusterRef, offerings: &Offerings) -> Op {
    let pay_types = vec![
        (
            PayType::PayAsYouGo.as_str().to_owned(),
            "Pay as you go".to_owned(),
        ),
        (
            PayType::Subscription.as_str().to_owned(),
            "Subscription".to_owned(),
        ),
    ];
    let units = vec![
        (PeriodUnit::Month.as_str().to_owned(), "Months".to_owned()),
        (PeriodUnit::Year.as_str().to_owned(), "Years".to_owned()),
    ];
    let months = |values: &[i32]| {
        values
            .iter()
            .map(|m| (m.to_string(), format!("{m} months")))
            .collect::<Vec<_>>()
    };
    let subscription = ("PayType", PayType::Subscription.as_str());
    Op::new::<CreateDataCenterRequest>("Add a data center")
        .cluster(&c.id)
        .fixed("RegionId", &c.region)
        .idempotent()
        .intro(format!(
            "A new data center of the cluster in region {}; creating it takes several minutes.",
            c.region
        ))
        .field(FieldSpec::select(
            "ZoneId",
            "Zone",
            choices(&offerings.zones),
        ))
        .field(FieldSpec::text("VpcId", "VPC ID").hint("vpc-…"))
        .field(
            FieldSpec::text("VswitchId", "vSwitch ID")
                .hint("A vSwitch of that VPC in the zone (vsw-…)."),
        )
        .field(FieldSpec::select(
            "InstanceType",
            "Instance type",
            offerings.instance_types.clone(),
        ))
        .field(FieldSpec::select("DiskType", "Disk type", disk_type_choices()).initial("cloud_ssd"))
        .field(
            FieldSpec::number("DiskSize", "Disk size per node (GB)")
                .initial(DiskSize::MIN_GB.to_string())
                .hint(format!(
                    "{} to {} GB, in steps of {}.",
                    DiskSize::MIN_GB,
                    DiskSize::MAX_GB,
                    DiskSize::STEP_GB
                )),
        )
        .field(
            FieldSpec::number("NodeCount", "Nodes")
                .initial("2")
                .hint(format!("{} to {} nodes.", NodeCount::MIN, NodeCount::MAX)),
        )
        .field(FieldSpec::select("PayType", "Payment", pay_types).initial("PayAsYouGo"))
        .field(
            FieldSpec::select("PeriodUnit", "Bought by", units)
                .initial("Month")
                .shown_if(subscription.0, subscription.1),
        )
        .field(
            FieldSpec::select("Period", "Term", months(&MONTH_PERIODS))
                .initial("1")
                .hint("In months; a yearly term is 12, 24 or 36 months.")
                .shown_if(subscription.0, subscription.1),
        )
        .field(
            FieldSpec::checkbox("AutoRenew", "Renew automatically")
                .shown_if(subscription.0, subscription.1),
        )
        .field(
            FieldSpec::select("AutoRenewPeriod", "Renew for", months(&AUTO_RENEW_PERIODS))
                .initial("1")
                .shown_if("AutoRenew", "true"),
        )
        .field(FieldSpec::text("DataCenterName", "Data center name").optional())
        .build()
}

pub fn rename_data_center(c: &ClusterRef, dc: &str, current: Option<&str>) -> Op {
    let before = current.unwrap_or("(none)").to_owned();
    Op::new::<ModifyDataCenterRequest>("Rename data center")
        .data_center(&c.id, dc)
        .field(FieldSpec::text("DataCenterName", "New name").initial(current.unwrap_or_default()))
        .review(move |r| {
            vec![ReviewLine::new(
                "Name",
                &before,
                r.data_center_name.clone().unwrap_or_default(),
            )]
        })
        .build()
}

pub fn delete_data_center(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<DeleteDataCenterRequest>("Delete data center")
        .data_center(&c.id, dc)
        .intro(format!(
            "Data center {dc} and its nodes are removed; its data is no longer replicated there."
        ))
        .type_to_confirm(&c.name)
        .build()
}

// --- resize --------------------------------------------------------------------------------

pub fn resize_disk(c: &ClusterRef, dc: &str, current_gb: i32) -> Op {
    Op::new::<ResizeDiskSizeRequest>("Resize disk")
        .data_center(&c.id, dc)
        .intro("Disks can only grow. Nodes keep serving while their disks expand.")
        .field(
            FieldSpec::number("DiskSize", "New disk size per node (GB)")
                .initial(current_gb.to_string())
                .hint(format!(
                    "Now {current_gb} GB; up to {} GB, in steps of {}.",
                    DiskSize::MAX_GB,
                    DiskSize::STEP_GB
                )),
        )
        .check(move |r| Issue::of("DiskSize", DiskSize::grow_only(current_gb, r.disk_size)))
        .review(move |r| {
            vec![ReviewLine::new(
                "Disk per node",
                gb(current_gb),
                gb(r.disk_size),
            )]
        })
        .build()
}

pub fn resize_nodes(c: &ClusterRef, dc: &str, current: i32) -> Op {
    Op::new::<ResizeNodeCountRequest>("Change node count")
        .data_center(&c.id, dc)
        .field(
            FieldSpec::number("NodeCount", "Nodes")
                .initial(current.to_string())
                .hint(format!(
                    "Now {current}; {} to {}.",
                    NodeCount::MIN,
                    NodeCount::MAX
                )),
        )
        .check(move |r| Issue::of("NodeCount", NodeCount::change(current, r.node_count)))
        .review(move |r| vec![ReviewLine::new("Nodes", current, r.node_count)])
        .build()
}

pub fn change_instance_type(
    c: &ClusterRef,
    dc: &str,
    current: &str,
    types: &[(String, String)],
) -> Op {
    let before = current.to_owned();
    let same = current.to_owned();
    let label = |name: &str| {
        types
            .iter()
            .find(|(value, _)| value == name)
            .map_or_else(|| name.to_owned(), |(_, label)| label.clone())
    };
    let before_label = label(current);
    let labels = types.to_vec();
    Op::new::<ModifyInstanceTypeRequest>("Change instance type")
        .data_center(&c.id, dc)
        .intro("Nodes restart one at a time on the new instance type.")
        .field(FieldSpec::select("InstanceType", "Instance type", types.to_vec()).initial(&before))
        .check(move |r| {
            (r.instance_type == same)
                .then(|| Issue::new("InstanceType", format!("is already {same}; choose another")))
                .into_iter()
                .collect()
        })
        .review(move |r| {
            let after = labels
                .iter()
                .find(|(value, _)| *value == r.instance_type)
                .map_or_else(|| r.instance_type.clone(), |(_, label)| label.clone());
            vec![ReviewLine::new("Instance type", &before_label, after)]
        })
        .build()
}

// --- security ------------------------------------------------------------------------------

/// Add a whitelist group (`existing` is `None`) or replace an existing group's addresses.
pub fn whitelist_group(c: &ClusterRef, existing: Option<&IpWhitelistGroup>) -> Op {
    let versions = vec![
        ("4".to_owned(), "IPv4".to_owned()),
        ("6".to_owned(), "IPv6".to_owned()),
    ];
    let addresses_hint = "One address or CIDR block per line, e.g. 192.168.0.0/24.";
    let op = match existing {
        Some(group) => {
            let name = group.group_name.clone().unwrap_or_default();
            let ips: Vec<String> = group.ip_list.iter().map(|ip| ip.0.clone()).collect();
            Op::new::<ModifyIpWhitelistGroupRequest>(format!("Edit whitelist group {name}"))
                .cluster(&c.id)
                .fixed("GroupName", name)
                .fixed("IpVersion", group.ip_version.unwrap_or(4).to_string())
                .field(
                    FieldSpec::lines("IpList", "Addresses")
                        .initial(ips.join("\n"))
                        .hint(addresses_hint),
                )
        }
        None => Op::new::<ModifyIpWhitelistGroupRequest>("Add a whitelist group")
            .cluster(&c.id)
            .field(
                FieldSpec::text("GroupName", "Group name")
                    .hint("1 to 32 lower-case letters, digits or `_`, starting with a letter."),
            )
            .field(FieldSpec::select("IpVersion", "IP version", versions).initial("4"))
            .field(FieldSpec::lines("IpList", "Addresses").hint(addresses_hint)),
    };
    op.warn(open_to_everyone).build()
}

/// The warning for a whitelist admitting every address (`0.0.0.0/0`, `::/0`).
pub fn open_to_everyone(form: &Form) -> Option<String> {
    let list = form.value("IpList");
    entries(&list)
        .into_iter()
        .find(|(_, entry)| IpEntry::parse(entry).is_ok_and(IpEntry::is_whole_internet))
        .map(|(line, entry)| {
            format!(
                "Line {}: {entry} admits every address on the internet to this cluster.",
                line + 1
            )
        })
}

pub fn security_groups(c: &ClusterRef, current: &[String]) -> Op {
    let before = if current.is_empty() {
        "(none)".to_owned()
    } else {
        current.join(", ")
    };
    Op::new::<ModifySecurityGroupsRequest>("Change security groups")
        .cluster(&c.id)
        .intro("The cluster's nodes join these ECS security groups (at most 3).")
        .field(
            FieldSpec::lines("SecurityGroupIds", "Security group IDs")
                .initial(current.join("\n"))
                .hint("One per line, at most 3, e.g. sg-bp1…"),
        )
        .review(move |r| {
            vec![ReviewLine::new(
                "Security groups",
                &before,
                r.security_group_ids.replace(',', ", "),
            )]
        })
        .build()
}

// --- parameters ----------------------------------------------------------------------------

pub fn modify_parameter(c: &ClusterRef, parameter: &Parameter) -> Op {
    let name = parameter.name.clone().unwrap_or_default();
    let current = parameter.value.clone().unwrap_or_default();
    let allowed_text = parameter.allowed_values.clone().unwrap_or_default();
    let allowed = AllowedValues::parse(&allowed_text);
    let mut hint = allowed
        .describe()
        .map(|d| format!("Allowed: {d}."))
        .unwrap_or_default();
    if let Some(default) = &parameter.default_value {
        hint.push_str(&format!(" Default: {default}."));
    }
    let field = match &allowed {
        AllowedValues::Choice(values) => FieldSpec::select("Value", "New value", choices(values)),
        AllowedValues::Range { .. } => FieldSpec::number("Value", "New value"),
        AllowedValues::Unknown(_) => FieldSpec::text("Value", "New value"),
    };
    let check_name = name.clone();
    let before = current.clone();
    Op::new::<ModifyParameterRequest>(format!("Change {name}"))
        .cluster(&c.id)
        .fixed("Name", &name)
        .intro(parameter.description.clone().unwrap_or_default())
        .field(field.initial(current).hint(hint.trim().to_owned()))
        .check(
            move |r| match check_parameter_value(&check_name, &r.value, &allowed_text) {
                Ok(()) => Vec::new(),
                Err(e) => vec![Issue::new(&e.field, e.message)],
            },
        )
        .review(move |r| vec![ReviewLine::new(&r.name, &before, &r.value)])
        .build()
}

// --- backups -------------------------------------------------------------------------------

fn weekdays_hint() -> String {
    let days: Vec<&str> = Weekday::KNOWN.iter().map(Weekday::as_str).collect();
    format!("One or more of {}.", days.join(", "))
}

fn plan_fields(plan: Option<&BackupPlan>) -> [FieldSpec; 4] {
    let days = plan
        .and_then(|p| p.backup_period.clone())
        .unwrap_or_else(|| "Monday,Thursday".to_owned());
    [
        FieldSpec::text("BackupTime", "Starts at (UTC)")
            .initial(
                plan.and_then(|p| p.backup_time.clone())
                    .unwrap_or_else(|| "02:00Z".to_owned()),
            )
            .hint("HH:mmZ, e.g. 02:00Z"),
        FieldSpec::lines("BackupPeriod", "Weekdays")
            .initial(days.replace(',', "\n"))
            .hint(weekdays_hint()),
        FieldSpec::number("RetentionPeriod", "Keep backups for (days)")
            .initial(
                plan.and_then(|p| p.retention_period)
                    .unwrap_or(RetentionPeriod::MAX_DAYS)
                    .to_string(),
            )
            .hint(format!(
                "{} to {} days.",
                RetentionPeriod::MIN_DAYS,
                RetentionPeriod::MAX_DAYS
            )),
        FieldSpec::checkbox("Active", "Active")
            .initial(plan.and_then(|p| p.active).unwrap_or(true).to_string()),
    ]
}

pub fn create_backup_plan(c: &ClusterRef, dc: &str) -> Op {
    let [time, days, retention, active] = plan_fields(None);
    Op::new::<CreateBackupPlanRequest>(format!("Plan backups of {dc}"))
        .data_center(&c.id, dc)
        .idempotent()
        .field(time)
        .field(days)
        .field(retention)
        .field(active)
        .build()
}

pub fn modify_backup_plan(c: &ClusterRef, plan: &BackupPlan) -> Op {
    let dc = plan.data_center_id.clone().unwrap_or_default();
    let [time, days, retention, active] = plan_fields(Some(plan));
    Op::new::<ModifyBackupPlanRequest>(format!("Change the backup plan of {dc}"))
        .data_center(&c.id, &dc)
        .field(time)
        .field(days)
        .field(retention)
        .field(active)
        .build()
}

pub fn delete_backup_plan(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<DeleteBackupPlanRequest>(format!("Delete the backup plan of {dc}"))
        .data_center(&c.id, dc)
        .intro("No further backups are taken; existing backups are kept until they expire.")
        .build()
}

// --- nodetool ------------------------------------------------------------------------------

pub fn run_nodetool(c: &ClusterRef, data_centers: &[String]) -> Op {
    Op::new::<ExecuteNodeToolRequest>("Run nodetool")
        .cluster(&c.id)
        .intro("The command runs on the nodes of the chosen data center; its output appears in the history.")
        .field(
            FieldSpec::select("DataCenterId", "Data center", choices(data_centers))
                .initial(data_centers.first().cloned().unwrap_or_default()),
        )
        .field(FieldSpec::select("Command", "Command", choices(SAFE_COMMANDS)).initial("status"))
        .field(
            FieldSpec::text("Arguments", "Arguments")
                .optional()
                .hint("Letters, digits, spaces and - _ . , = : / only, e.g. -pr keyspace"),
        )
        .field(
            FieldSpec::text("ExecuteNodes", "Nodes")
                .optional()
                .hint("Node addresses, comma-separated; every node when empty."),
        )
        .build()
}

pub fn delete_nodetool_job(c: &ClusterRef, dc: &str, job: &str) -> Op {
    Op::new::<DeleteNodeToolExecutionHistoryRequest>(format!("Delete the record of {job}"))
        .data_center(&c.id, dc)
        .fixed("JobId", job)
        .build()
}

// --- accounts ------------------------------------------------------------------------------

pub fn account_password(c: &ClusterRef, account: &str) -> Op {
    Op::new::<ModifyAccountPasswordRequest>(format!("Change the password of {account}"))
        .cluster(&c.id)
        .fixed("Account", account)
        .intro("Clients signing in as this account need the new password at once.")
        .field(FieldSpec::password("Password", "New password").hint(
            "8 to 32 characters with three of: upper case, lower case, digits, !@#$%^&*()_+-=",
        ))
        .field(FieldSpec::repeat(
            "PasswordAgain",
            "New password again",
            "Password",
        ))
        .type_to_confirm(&c.name)
        .build()
}

// --- contact points and DynamoDB -----------------------------------------------------------

pub fn allocate_public_contact_points(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<AllocatePublicContactPointsRequest>(format!("Allocate public addresses for {dc}"))
        .data_center(&c.id, dc)
        .idempotent()
        .intro("The nodes of this data center become reachable from the internet (subject to the whitelist).")
        .build()
}

pub fn release_public_contact_points(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<ReleasePublicContactPointsRequest>(format!("Release public addresses of {dc}"))
        .data_center(&c.id, dc)
        .intro("Clients connecting over the public addresses lose their connection.")
        .type_to_confirm(&c.name)
        .build()
}

pub fn enable_dynamodb(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<EnableDynamoDBRequest>(format!("Enable DynamoDB on {dc}"))
        .data_center(&c.id, dc)
        .intro("The data center also answers the DynamoDB protocol.")
        .build()
}

pub fn disable_dynamodb(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<DisableDynamoDBRequest>(format!("Disable DynamoDB on {dc}"))
        .data_center(&c.id, dc)
        .intro("DynamoDB clients of this data center lose their connection.")
        .build()
}

pub fn allocate_dynamodb_public(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<AllocateDynamoDbPublicEndpointRequest>(format!(
        "Allocate a public DynamoDB endpoint for {dc}"
    ))
    .data_center(&c.id, dc)
    .build()
}

pub fn release_dynamodb_public(c: &ClusterRef, dc: &str) -> Op {
    Op::new::<ReleaseDynamoDbPublicEndpointRequest>(format!(
        "Release the public DynamoDB endpoint of {dc}"
    ))
    .data_center(&c.id, dc)
    .intro("DynamoDB clients using the public endpoint lose their connection.")
    .type_to_confirm(&c.name)
    .build()
}

#[cfg(test)]
mod tests {
    use shared::Role;
    use shared::actions::Ip;

    use super::*;

    fn cluster() -> ClusterRef {
        ClusterRef {
            id: "cds-1".into(),
            name: "orders".into(),
            region: "cn-hangzhou".into(),
        }
    }

    fn json(op: &Op, form: &Form) -> serde_json::Value {
        serde_json::from_str(&op.prepare(form).expect("valid").json).unwrap()
    }

    #[test]
    fn disks_only_grow_and_the_review_shows_before_and_after() {
        let op = resize_disk(&cluster(), "dc-1", 320);
        let mut form = op.form();
        let issues = op.prepare(&form).unwrap_err();
        assert!(issues[0].message.contains("already 320 GB"), "{issues:?}");
        form.set("DiskSize", "240".into());
        let issues = op.prepare(&form).unwrap_err();
        assert!(issues[0].message.contains("cannot shrink"), "{issues:?}");
        form.set("DiskSize", "400".into());
        let prepared = op.prepare(&form).unwrap();
        assert_eq!(
            prepared.review,
            [ReviewLine::new("Disk per node", "320 GB", "400 GB")]
        );
        assert_eq!(json(&op, &form)["DiskSize"], 400);
        assert_eq!(op.min_role, Role::Operator);
    }

    #[test]
    fn whitelist_groups_warn_about_the_whole_internet() {
        let op = whitelist_group(&cluster(), None);
        let mut form = op.form();
        form.set("GroupName", "office".into());
        form.set("IpList", "10.0.0.1\n0.0.0.0/0".into());
        let warn = op.warn.as_ref().expect("warns");
        assert_eq!(
            warn(&form).as_deref(),
            Some("Line 2: 0.0.0.0/0 admits every address on the internet to this cluster.")
        );
        assert_eq!(json(&op, &form)["IpList"], "10.0.0.1,0.0.0.0/0");
        form.set("IpList", "10.0.0.0/8".into());
        assert_eq!(warn(&form), None);
    }

    #[test]
    fn editing_a_group_keeps_its_name_and_version() {
        let group = IpWhitelistGroup {
            group_name: Some("office".into()),
            ip_list: vec![Ip("10.0.0.1".into()), Ip("10.0.0.2".into())].into(),
            ip_version: Some(4),
        };
        let op = whitelist_group(&cluster(), Some(&group));
        let mut form = op.form();
        assert_eq!(form.value("IpList"), "10.0.0.1\n10.0.0.2");
        form.set("IpList", "10.0.0.1\n10.0.0.2\n10.0.0.256".into());
        let issues = op.prepare(&form).unwrap_err();
        assert_eq!(
            (issues[0].field.as_str(), issues[0].line),
            ("IpList", Some(2))
        );
        form.set("IpList", "10.0.0.1\n10.0.0.3".into());
        let body = json(&op, &form);
        assert_eq!(body["GroupName"], "office");
        assert_eq!(body["IpVersion"], 4);
    }

    #[test]
    fn parameters_are_checked_against_their_allowed_values() {
        let parameter = Parameter {
            name: Some("concurrent_reads".into()),
            value: Some("32".into()),
            default_value: Some("32".into()),
            allowed_values: Some("R[2, 128]".into()),
            ..Parameter::default()
        };
        let op = modify_parameter(&cluster(), &parameter);
        let mut form = op.form();
        assert!(
            op.fields[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .contains("between 2 and 128")
        );
        form.set("Value", "500".into());
        let issues = op.prepare(&form).unwrap_err();
        assert_eq!(issues[0].field, "Value");
        assert!(
            issues[0].message.contains("between 2 and 128"),
            "{issues:?}"
        );
        form.set("Value", "64".into());
        let prepared = op.prepare(&form).unwrap();
        assert_eq!(
            prepared.review,
            [ReviewLine::new("concurrent_reads", "32", "64")]
        );

        let choice = Parameter {
            name: Some("authenticator".into()),
            value: Some("PasswordAuthenticator".into()),
            allowed_values: Some("G[AllowAllAuthenticator|PasswordAuthenticator]".into()),
            ..Parameter::default()
        };
        let op = modify_parameter(&cluster(), &choice);
        assert!(
            matches!(op.fields[0].kind, crate::state::form::Kind::Select(ref c) if c.len() == 2)
        );
    }

    #[test]
    fn destructive_operations_ask_for_the_cluster_name() {
        let c = cluster();
        for op in [
            delete_cluster(&c),
            delete_data_center(&c, "dc-1"),
            release_public_contact_points(&c, "dc-1"),
            release_dynamodb_public(&c, "dc-1"),
            account_password(&c, "cassandra"),
            purge_cluster("cds-1", "orders"),
        ] {
            assert_eq!(
                op.type_to_confirm.as_deref(),
                Some("orders"),
                "{}",
                op.action
            );
        }
        assert_eq!(rename(&c, Some("orders")).type_to_confirm, None);
    }

    #[test]
    fn creates_are_idempotent() {
        let c = cluster();
        let offerings = Offerings {
            zones: vec!["cn-hangzhou-h".into()],
            instance_types: vec![("cassandra.c.large".into(), "large".into())],
        };
        assert!(create_data_center(&c, &offerings).idempotent);
        assert!(create_backup_plan(&c, "dc-1").idempotent);
        assert!(allocate_public_contact_points(&c, "dc-1").idempotent);
        assert!(!resize_nodes(&c, "dc-1", 3).idempotent);
    }

    #[test]
    fn a_subscription_data_center_sends_its_term() {
        let offerings = Offerings {
            zones: vec!["cn-hangzhou-h".into()],
            instance_types: vec![("cassandra.c.large".into(), "large".into())],
        };
        let op = create_data_center(&cluster(), &offerings);
        let mut form = op.form();
        form.set_fixed("ClientToken", "key-1");
        for (name, value) in [
            ("ZoneId", "cn-hangzhou-h"),
            ("VpcId", "vpc-1"),
            ("VswitchId", "vsw-1"),
            ("InstanceType", "cassandra.c.large"),
        ] {
            form.set(name, value.into());
        }
        let body = json(&op, &form);
        assert_eq!(body["PayType"], "PayAsYouGo");
        assert!(body.get("Period").is_none());
        assert_eq!(body["ClientToken"], "key-1");
        form.set("PayType", "Subscription".into());
        form.set("AutoRenew", "true".into());
        form.set("PeriodUnit", "Year".into());
        // A yearly term must be whole years: the shared billing rule names the field.
        let issues = op.prepare(&form).unwrap_err();
        assert_eq!(issues[0].field, "Period");
        form.set("Period", "12".into());
        let body = json(&op, &form);
        assert_eq!(
            (body["Period"].clone(), body["AutoRenewPeriod"].clone()),
            (12.into(), 1.into())
        );
    }

    #[test]
    fn maintenance_windows_are_offered_in_the_request_form() {
        let op = maintenance_window(&cluster(), Some("2:00Z"), Some("4:00Z"));
        let mut form = op.form();
        assert_eq!(form.value("MaintainStartTime"), "02:00");
        form.set("MaintainEndTime", "02:00".into());
        let issues = op.prepare(&form).unwrap_err();
        assert_eq!(issues[0].field, "MaintainEndTime");
    }

    #[test]
    fn account_passwords_follow_the_cloud_rule() {
        let op = account_password(&cluster(), "cassandra");
        let mut form = op.form();
        form.set("Password", "Str0ng!Pass".into());
        form.set("PasswordAgain", "Str0ng!Pass".into());
        let body = json(&op, &form);
        assert_eq!(body["Account"], "cassandra");
        assert_eq!(body["Password"], "Str0ng!Pass");
        form.set("Password", "weakweak".into());
        form.set("PasswordAgain", "weakweak".into());
        assert_eq!(op.prepare(&form).unwrap_err()[0].field, "Password");
    }
}
