//! The create-cluster wizard's state: what the user typed, checked with the `shared` rules as
//! they type, turned into a `CreateClusterRequest` only when every field passes.

use std::collections::{BTreeMap, BTreeSet};

use shared::SecretString;
use shared::actions::{
    CreateClusterRequest, DescribeInstanceTypeResponse, DescribeRegionsResponse,
};
use shared::enums::{DiskType, PayType, PeriodUnit};
use shared::rules::{
    AUTO_RENEW_PERIODS, Billing, BillingInput, ClusterName, DataCenterName, DiskSize,
    MONTH_PERIODS, NodeCount, Password, YEAR_PERIODS,
};

use crate::api::{ApiError, FieldIssue};

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Location,
    Nodes,
    Billing,
    Details,
    Review,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Location,
        Step::Nodes,
        Step::Billing,
        Step::Details,
        Step::Review,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::Location => "Location",
            Step::Nodes => "Nodes",
            Step::Billing => "Billing",
            Step::Details => "Name and access",
            Step::Review => "Review",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Step::Location => &[Region, Zone, VpcId, VswitchId],
            Step::Nodes => &[InstanceType, DiskType, DiskSize, NodeCount, MajorVersion],
            Step::Billing => &[PayType, PeriodUnit, Period, AutoRenew, AutoRenewPeriod],
            Step::Details => &[
                ClusterName,
                DataCenterName,
                Password,
                PasswordRepeat,
                ResourceGroupId,
            ],
            Step::Review => &[],
        }
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One input of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Region,
    Zone,
    VpcId,
    VswitchId,
    InstanceType,
    DiskType,
    DiskSize,
    NodeCount,
    MajorVersion,
    PayType,
    PeriodUnit,
    Period,
    AutoRenew,
    AutoRenewPeriod,
    ClusterName,
    DataCenterName,
    Password,
    /// Typed twice so a typo does not lock the user out; never sent.
    PasswordRepeat,
    ResourceGroupId,
}

impl Field {
    /// The request parameter this input fills (server field errors name these).
    pub fn wire_name(self) -> Option<&'static str> {
        Some(match self {
            Field::Region => "RegionId",
            Field::Zone => "ZoneId",
            Field::VpcId => "VpcId",
            Field::VswitchId => "VswitchId",
            Field::InstanceType => "InstanceType",
            Field::DiskType => "DiskType",
            Field::DiskSize => "DiskSize",
            Field::NodeCount => "NodeCount",
            Field::MajorVersion => "MajorVersion",
            Field::PayType => "PayType",
            Field::PeriodUnit => "PeriodUnit",
            Field::Period => "Period",
            Field::AutoRenew => "AutoRenew",
            Field::AutoRenewPeriod => "AutoRenewPeriod",
            Field::ClusterName => "ClusterName",
            Field::DataCenterName => "DataCenterName",
            Field::Password => "Password",
            Field::PasswordRepeat => return None,
            Field::ResourceGroupId => "ResourceGroupId",
        })
    }

    pub fn from_wire_name(name: &str) -> Option<Field> {
        Step::ALL
            .iter()
            .flat_map(|step| step.fields())
            .copied()
            .find(|field| field.wire_name() == Some(name))
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Region => "Region",
            Field::Zone => "Zone",
            Field::VpcId => "VPC ID",
            Field::VswitchId => "vSwitch ID",
            Field::InstanceType => "Instance type",
            Field::DiskType => "Disk type",
            Field::DiskSize => "Disk size per node (GB)",
            Field::NodeCount => "Nodes",
            Field::MajorVersion => "Cassandra version",
            Field::PayType => "Payment",
            Field::PeriodUnit => "Bought by",
            Field::Period => "Term",
            Field::AutoRenew => "Renew automatically",
            Field::AutoRenewPeriod => "Renew for",
            Field::ClusterName => "Cluster name",
            Field::DataCenterName => "Data center name",
            Field::Password => "Password",
            Field::PasswordRepeat => "Password again",
            Field::ResourceGroupId => "Resource group ID",
        }
    }

    /// What to type, shown under the input; the numbers come from the `shared` rules.
    pub fn hint(self) -> Option<String> {
        let hint = match self {
            Field::Zone => "Zones of the chosen region.".to_owned(),
            Field::VpcId => "The VPC the nodes join (vpc-…).".to_owned(),
            Field::VswitchId => "A vSwitch of that VPC in the chosen zone (vsw-…).".to_owned(),
            Field::InstanceType => "Cores and memory per node.".to_owned(),
            Field::DiskSize => format!(
                "{} to {} GB, in steps of {}.",
                DiskSize::MIN_GB,
                DiskSize::MAX_GB,
                DiskSize::STEP_GB
            ),
            Field::NodeCount => {
                format!(
                    "{} to {} nodes in the first data center.",
                    NodeCount::MIN,
                    NodeCount::MAX
                )
            }
            Field::ClusterName => format!(
                "Optional. {} to {} characters: letters, Chinese characters, digits, `.`, `_` \
                 and `-`, starting with a letter.",
                ClusterName::MIN_CHARS,
                ClusterName::MAX_CHARS
            ),
            Field::DataCenterName => "Optional; the same rule as the cluster name.".to_owned(),
            Field::Password => format!(
                "Optional. {} to {} characters with three of: upper case, lower case, digits, \
                 special characters ({}).",
                Password::MIN_CHARS,
                Password::MAX_CHARS,
                Password::SPECIALS
            ),
            Field::ResourceGroupId => "Optional; the default resource group otherwise.".to_owned(),
            _ => return None,
        };
        Some(hint)
    }

    /// The HTML id of the input (labels point at it, errors are described by it).
    pub fn input_id(self) -> String {
        format!("create-{self:?}").to_lowercase()
    }

    pub fn step(self) -> Step {
        Step::ALL
            .into_iter()
            .find(|step| step.fields().contains(&self))
            .unwrap_or(Step::Review)
    }
}

/// Major versions the wizard offers (the API documents only 3.11).
pub const MAJOR_VERSIONS: [&str; 1] = ["3.11"];

/// What the user has typed, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateClusterForm {
    region: String,
    zone: String,
    vpc_id: String,
    vswitch_id: String,
    instance_type: String,
    disk_type: DiskType,
    disk_size: String,
    node_count: String,
    major_version: String,
    pay_type: PayType,
    period_unit: PeriodUnit,
    /// Months, as the wire carries them (12 = one year).
    period: String,
    auto_renew: bool,
    auto_renew_period: String,
    cluster_name: String,
    data_center_name: String,
    password: SecretString,
    password_repeat: SecretString,
    resource_group_id: String,
    /// Fields the user has changed: their errors show while typing.
    touched: BTreeSet<Field>,
    /// Steps the user tried to leave: all their errors show.
    attempted: BTreeSet<Step>,
    /// What the server said about a field, until that field changes.
    server_errors: BTreeMap<Field, String>,
}

impl Default for CreateClusterForm {
    fn default() -> Self {
        Self {
            region: String::new(),
            zone: String::new(),
            vpc_id: String::new(),
            vswitch_id: String::new(),
            instance_type: String::new(),
            disk_type: DiskType::CloudSsd,
            disk_size: DiskSize::MIN_GB.to_string(),
            node_count: "2".to_owned(),
            major_version: MAJOR_VERSIONS[0].to_owned(),
            pay_type: PayType::PayAsYouGo,
            period_unit: PeriodUnit::Month,
            period: "1".to_owned(),
            auto_renew: false,
            auto_renew_period: "1".to_owned(),
            cluster_name: String::new(),
            data_center_name: String::new(),
            password: SecretString::default(),
            password_repeat: SecretString::default(),
            resource_group_id: String::new(),
            touched: BTreeSet::new(),
            attempted: BTreeSet::new(),
            server_errors: BTreeMap::new(),
        }
    }
}

impl CreateClusterForm {
    /// The field's current value as an input shows it (`"true"`/`"false"` for the checkbox).
    pub fn value(&self, field: Field) -> String {
        match field {
            Field::Region => self.region.clone(),
            Field::Zone => self.zone.clone(),
            Field::VpcId => self.vpc_id.clone(),
            Field::VswitchId => self.vswitch_id.clone(),
            Field::InstanceType => self.instance_type.clone(),
            Field::DiskType => self.disk_type.as_str().to_owned(),
            Field::DiskSize => self.disk_size.clone(),
            Field::NodeCount => self.node_count.clone(),
            Field::MajorVersion => self.major_version.clone(),
            Field::PayType => self.pay_type.as_str().to_owned(),
            Field::PeriodUnit => self.period_unit.as_str().to_owned(),
            Field::Period => self.period.clone(),
            Field::AutoRenew => self.auto_renew.to_string(),
            Field::AutoRenewPeriod => self.auto_renew_period.clone(),
            Field::ClusterName => self.cluster_name.clone(),
            Field::DataCenterName => self.data_center_name.clone(),
            Field::Password => self.password.expose().to_owned(),
            Field::PasswordRepeat => self.password_repeat.expose().to_owned(),
            Field::ResourceGroupId => self.resource_group_id.clone(),
        }
    }

    /// Set a field from its input and mark it touched.
    pub fn set(&mut self, field: Field, value: String) {
        match field {
            Field::Region => {
                if value != self.region {
                    // Zones belong to a region: a zone of the old one is no choice at all.
                    self.zone.clear();
                }
                self.region = value;
            }
            Field::Zone => self.zone = value,
            Field::VpcId => self.vpc_id = value,
            Field::VswitchId => self.vswitch_id = value,
            Field::InstanceType => self.instance_type = value,
            Field::DiskType => self.disk_type = DiskType::from(value.as_str()),
            Field::DiskSize => self.disk_size = value,
            Field::NodeCount => self.node_count = value,
            Field::MajorVersion => self.major_version = value,
            Field::PayType => self.pay_type = PayType::from(value.as_str()),
            Field::PeriodUnit => {
                self.period_unit = PeriodUnit::from(value.as_str());
                // Keep the term valid for the new unit: 1 month <-> 1 year.
                let choices = period_choices(&self.period_unit);
                if !choices
                    .iter()
                    .any(|(months, _)| months.to_string() == self.period)
                {
                    self.period = choices[0].0.to_string();
                }
            }
            Field::Period => self.period = value,
            Field::AutoRenew => self.auto_renew = value == "true",
            Field::AutoRenewPeriod => self.auto_renew_period = value,
            Field::ClusterName => self.cluster_name = value,
            Field::DataCenterName => self.data_center_name = value,
            Field::Password => self.password = SecretString::new(value),
            Field::PasswordRepeat => self.password_repeat = SecretString::new(value),
            Field::ResourceGroupId => self.resource_group_id = value,
        }
        self.touched.insert(field);
        self.server_errors.remove(&field);
    }

    pub fn pay_type(&self) -> &PayType {
        &self.pay_type
    }

    pub fn period_unit(&self) -> &PeriodUnit {
        &self.period_unit
    }

    pub fn auto_renew(&self) -> bool {
        self.auto_renew
    }

    /// Whether the billing inputs that only a subscription has are shown (and sent).
    pub fn is_subscription(&self) -> bool {
        self.pay_type == PayType::Subscription
    }

    /// Every broken rule, by field, whether shown yet or not.
    pub fn errors(&self) -> BTreeMap<Field, String> {
        // The token plays no part in the checks.
        self.request("").err().unwrap_or_default()
    }

    /// The error to show next to `field` now: once it was touched or its step was attempted;
    /// the server's word otherwise.
    pub fn visible_error(&self, field: Field) -> Option<String> {
        let shown = self.touched.contains(&field) || self.attempted.contains(&field.step());
        shown
            .then(|| self.errors().remove(&field))
            .flatten()
            .or_else(|| self.server_errors.get(&field).cloned())
    }

    /// Try to leave `step`: true when its fields pass; otherwise its errors become visible.
    pub fn attempt(&mut self, step: Step) -> bool {
        self.attempted.insert(step);
        let errors = self.errors();
        step.fields()
            .iter()
            .all(|f| !errors.contains_key(f) && !self.server_errors.contains_key(f))
    }

    /// The first step with a problem, to send the user back to after a refused submit.
    pub fn first_step_with_errors(&self) -> Option<Step> {
        let errors = self.errors();
        errors
            .keys()
            .chain(self.server_errors.keys())
            .map(|f| f.step())
            .min()
    }

    /// Show the server's field errors next to their fields; returns the ones that name no
    /// field of this form (to show as a message instead).
    pub fn apply_server_errors(&mut self, errors: &[FieldIssue]) -> Vec<FieldIssue> {
        let mut unplaced = Vec::new();
        for error in errors {
            match Field::from_wire_name(&error.field) {
                Some(field) => {
                    self.server_errors.insert(field, error.message.clone());
                }
                None => unplaced.push(error.clone()),
            }
        }
        unplaced
    }

    /// The review step's summary, in form order; the password is never shown.
    pub fn summary(&self) -> Vec<(&'static str, String)> {
        let mut lines = Vec::new();
        for field in Step::ALL.iter().flat_map(|s| s.fields()).copied() {
            let value = match field {
                Field::PasswordRepeat => continue,
                Field::Password if self.password.expose().is_empty() => "not set".to_owned(),
                Field::Password => "set".to_owned(),
                Field::PeriodUnit | Field::Period | Field::AutoRenew if !self.is_subscription() => {
                    continue;
                }
                Field::AutoRenewPeriod if !(self.is_subscription() && self.auto_renew) => continue,
                Field::Period => describe_period(&self.period_unit, &self.period),
                Field::AutoRenew => if self.auto_renew { "yes" } else { "no" }.to_owned(),
                Field::AutoRenewPeriod => describe_months(&self.auto_renew_period),
                other => {
                    let value = self.value(other);
                    if value.trim().is_empty() {
                        "(default)".to_owned()
                    } else {
                        value
                    }
                }
            };
            lines.push((field.label(), value));
        }
        lines
    }

    /// The request, when every field passes; otherwise every broken rule, by field.
    /// `client_token` is the submission's idempotency key.
    pub fn request(
        &self,
        client_token: &str,
    ) -> Result<CreateClusterRequest, BTreeMap<Field, String>> {
        let mut problems = Problems::default();
        let region_id = problems.take(Field::Region, required(&self.region));
        let zone_id = problems.take(Field::Zone, required(&self.zone));
        let vpc_id = problems.take(Field::VpcId, required(&self.vpc_id));
        let vswitch_id = problems.take(Field::VswitchId, required(&self.vswitch_id));
        let instance_type = problems.take(Field::InstanceType, required(&self.instance_type));
        let major_version = problems.take(Field::MajorVersion, required(&self.major_version));
        if !self.disk_type.is_known() {
            problems.add(Field::DiskType, "is required".to_owned());
        }
        let disk_size = problems.take(
            Field::DiskSize,
            whole_number(&self.disk_size, "GB")
                .and_then(|gb| DiskSize::parse(gb).map_err(|v| v.message)),
        );
        let node_count = problems.take(
            Field::NodeCount,
            whole_number(&self.node_count, "nodes")
                .and_then(|n| NodeCount::parse(n).map_err(|v| v.message)),
        );
        let billing = self.billing(&mut problems);
        let cluster_name = problems
            .take(
                Field::ClusterName,
                optional(&self.cluster_name)
                    .map(|name| ClusterName::parse(name).map_err(|v| v.message))
                    .transpose(),
            )
            .flatten();
        let data_center_name = problems
            .take(
                Field::DataCenterName,
                optional(&self.data_center_name)
                    .map(|name| DataCenterName::parse(name).map_err(|v| v.message))
                    .transpose(),
            )
            .flatten();
        // Passwords are taken as typed: a leading space is a character like any other.
        let password = problems
            .take(
                Field::Password,
                Some(self.password.expose())
                    .filter(|p| !p.is_empty())
                    .map(|p| Password::parse(p).map_err(|v| v.message))
                    .transpose(),
            )
            .flatten();
        if self.password.expose() != self.password_repeat.expose() {
            problems.add(
                Field::PasswordRepeat,
                "does not match the password".to_owned(),
            );
        }

        match (
            region_id,
            zone_id,
            vpc_id,
            vswitch_id,
            instance_type,
            major_version,
            disk_size,
            node_count,
            billing,
        ) {
            (
                Some(region_id),
                Some(zone_id),
                Some(vpc_id),
                Some(vswitch_id),
                Some(instance_type),
                Some(major_version),
                Some(disk_size),
                Some(node_count),
                Some(billing),
            ) if problems.0.is_empty() => Ok(CreateClusterRequest {
                client_token: client_token.to_owned(),
                disk_size: disk_size.gb(),
                disk_type: self.disk_type.clone(),
                instance_type,
                major_version,
                node_count: node_count.get(),
                pay_type: billing.pay_type(),
                region_id,
                vpc_id,
                vswitch_id,
                zone_id,
                period_unit: billing.period_unit(),
                period: billing.period(),
                auto_renew: billing.auto_renew(),
                auto_renew_period: billing.auto_renew_period(),
                cluster_name: cluster_name.map(ClusterName::into_inner),
                data_center_name: data_center_name.map(DataCenterName::into_inner),
                password: password.map(Password::into_secret),
                resource_group_id: optional(&self.resource_group_id).map(str::to_owned),
            }),
            _ => Err(problems.0),
        }
    }

    /// Only a subscription sends its term and renewal: switching to pay-as-you-go must not
    /// leave hidden inputs behind that the billing rule would then refuse.
    fn billing(&self, problems: &mut Problems) -> Option<Billing> {
        let subscription = self.is_subscription();
        let period = if subscription {
            problems.take(Field::Period, whole_number(&self.period, "months"))
        } else {
            None
        };
        let auto_renew_period = if subscription && self.auto_renew {
            problems.take(
                Field::AutoRenewPeriod,
                whole_number(&self.auto_renew_period, "months"),
            )
        } else {
            None
        };
        let parsed = Billing::parse(BillingInput {
            pay_type: &self.pay_type,
            period,
            period_unit: subscription.then_some(&self.period_unit),
            auto_renew: subscription.then_some(self.auto_renew),
            auto_renew_period,
        });
        match parsed {
            Ok(billing) => Some(billing),
            Err(errors) => {
                for error in errors {
                    let field = Field::from_wire_name(&error.field).unwrap_or(Field::PayType);
                    problems.add(field, error.message);
                }
                None
            }
        }
    }
}

/// The broken rules found so far; the first one per field is kept.
#[derive(Default)]
struct Problems(BTreeMap<Field, String>);

impl Problems {
    fn add(&mut self, field: Field, message: String) {
        self.0.entry(field).or_insert(message);
    }

    fn take<T>(&mut self, field: Field, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.add(field, message)).ok()
    }
}

fn required(input: &str) -> Result<String, String> {
    let input = input.trim();
    if input.is_empty() {
        Err("is required".to_owned())
    } else {
        Ok(input.to_owned())
    }
}

fn optional(input: &str) -> Option<&str> {
    Some(input.trim()).filter(|input| !input.is_empty())
}

/// The terms offered for a unit, as (wire Period in months, label).
pub fn period_choices(unit: &PeriodUnit) -> Vec<(i32, String)> {
    match unit {
        PeriodUnit::Year => YEAR_PERIODS
            .iter()
            .map(|&months| (months, plural(months / 12, "year")))
            .collect(),
        _ => MONTH_PERIODS
            .iter()
            .map(|&months| (months, plural(months, "month")))
            .collect(),
    }
}

/// The disk types offered, as (wire value, label).
pub fn disk_type_choices() -> Vec<(String, String)> {
    DiskType::KNOWN
        .iter()
        .map(|disk| {
            let label = match disk {
                DiskType::CloudSsd => "SSD cloud disk",
                DiskType::CloudEssd => "ESSD cloud disk",
                DiskType::CloudEfficiency => "Ultra cloud disk",
                DiskType::LocalSsdPro => "Local SSD",
                DiskType::Other(other) => other.as_str(),
            };
            (
                disk.as_str().to_owned(),
                format!("{label} ({})", disk.as_str()),
            )
        })
        .collect()
}

/// The auto-renewal periods offered, as (months, label).
pub fn auto_renew_choices() -> Vec<(i32, String)> {
    AUTO_RENEW_PERIODS
        .iter()
        .map(|&months| (months, plural(months, "month")))
        .collect()
}

fn describe_period(unit: &PeriodUnit, period: &str) -> String {
    period_choices(unit)
        .into_iter()
        .find(|(months, _)| months.to_string() == period.trim())
        .map(|(_, label)| label)
        .unwrap_or_else(|| period.to_owned())
}

fn describe_months(months: &str) -> String {
    months
        .trim()
        .parse()
        .map_or_else(|_| months.to_owned(), |n| plural(n, "month"))
}

fn plural(n: i32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A whole number typed into a number input, or a message in the rules' style.
fn whole_number(input: &str, unit: &str) -> Result<i32, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("is required".to_owned());
    }
    input
        .parse()
        .map_err(|_| format!("must be a whole number of {unit}, not `{input}`"))
}

/// A region and its zones, for the location step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionChoice {
    pub id: String,
    /// "cn-hangzhou (华东1（杭州）)", or the id alone when the cloud gives no name.
    pub label: String,
    pub zones: Vec<String>,
}

impl RegionChoice {
    /// The regions of DescribeRegions, sorted by id, without entries lacking an id.
    pub fn from_response(response: &DescribeRegionsResponse) -> Vec<RegionChoice> {
        let mut regions: Vec<RegionChoice> = response
            .regions
            .iter()
            .filter_map(|region| {
                let id = region.region_id.clone().filter(|id| !id.is_empty())?;
                let label = match region.local_name.as_deref() {
                    Some(name) if !name.is_empty() && name != id => format!("{id} ({name})"),
                    _ => id.clone(),
                };
                let mut zones: Vec<String> = region
                    .zones
                    .iter()
                    .filter_map(|zone| zone.id.clone())
                    .collect();
                zones.sort();
                zones.dedup();
                Some(RegionChoice { id, label, zones })
            })
            .collect();
        regions.sort_by(|a, b| a.id.cmp(&b.id));
        regions.dedup_by(|a, b| a.id == b.id);
        regions
    }
}

/// An instance type with its size, for the nodes step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceChoice {
    pub name: String,
    /// "cassandra.c.large — 2 cores, 4 GB".
    pub label: String,
    cores: i64,
    memory_gb: i64,
}

impl InstanceChoice {
    /// DescribeInstanceType's list, smallest first; a type listed twice (the seed's example
    /// does that) is offered once, with its first size.
    pub fn from_response(response: &DescribeInstanceTypeResponse) -> Vec<InstanceChoice> {
        let mut seen = BTreeSet::new();
        let mut choices: Vec<InstanceChoice> = response
            .instance_type_spec_list
            .iter()
            .filter_map(|spec| {
                let name = spec.instance_type.clone().filter(|n| !n.is_empty())?;
                if !seen.insert(name.clone()) {
                    return None;
                }
                let cores = spec.cpu_size.unwrap_or_default();
                let memory_gb = spec.mem_size.unwrap_or_default();
                let label = match (spec.cpu_size, spec.mem_size) {
                    (Some(c), Some(m)) => format!("{name} — {}, {m} GB", plural_i64(c, "core")),
                    _ => name.clone(),
                };
                Some(InstanceChoice {
                    name,
                    label,
                    cores,
                    memory_gb,
                })
            })
            .collect();
        choices
            .sort_by(|a, b| (a.cores, a.memory_gb, &a.name).cmp(&(b.cores, b.memory_gb, &b.name)));
        choices
    }
}

fn plural_i64(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// One submit of the wizard, safe to repeat: the idempotency key stays the same for as long
/// as the outcome of an earlier attempt is unknown, so a double click or a retry after a
/// lost answer can never make two clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    key: String,
    state: SubmitState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitState {
    Ready,
    InFlight,
    Created { cluster_id: String },
}

impl Submission {
    pub fn new(key: String) -> Self {
        Self {
            key,
            state: SubmitState::Ready,
        }
    }

    pub fn state(&self) -> &SubmitState {
        &self.state
    }

    /// Start a submit: the key to send, or `None` while one is in flight or done.
    pub fn begin(&mut self) -> Option<String> {
        match self.state {
            SubmitState::Ready => {
                self.state = SubmitState::InFlight;
                Some(self.key.clone())
            }
            SubmitState::InFlight | SubmitState::Created { .. } => None,
        }
    }

    pub fn succeeded(&mut self, cluster_id: String) {
        self.state = SubmitState::Created { cluster_id };
    }

    /// After a failure the user may submit again. Only when the panel definitely refused the
    /// request (a 4xx answer: nothing was created) does the next attempt get a new key, so a
    /// corrected form is a new request; after a lost answer or a server error the old key
    /// stays, and the server answers a retry with the first attempt's cluster.
    pub fn failed(&mut self, error: &ApiError, new_key: impl FnOnce() -> String) {
        if let ApiError::Api {
            status: 400..=499, ..
        } = error
        {
            self.key = new_key();
        }
        self.state = SubmitState::Ready;
    }
}

#[cfg(test)]
mod tests {
    use shared::actions::{InstanceTypeSpec, Region, Zone};
    use shared::rules::Rule;

    use super::*;

    fn filled() -> CreateClusterForm {
        let mut form = CreateClusterForm::default();
        for (field, value) in [
            (Field::Region, "cn-hangzhou"),
            (Field::Zone, "cn-hangzhou-h"),
            (Field::VpcId, "vpc-bp1"),
            (Field::VswitchId, "vsw-bp1"),
            (Field::InstanceType, "cassandra.c.large"),
            (Field::DiskSize, "200"),
            (Field::NodeCount, "3"),
        ] {
            form.set(field, value.to_owned());
        }
        form
    }

    #[test]
    fn a_complete_pay_as_you_go_form_builds_the_request() {
        let request = filled().request("key-1").unwrap();
        assert_eq!(request.client_token, "key-1");
        assert_eq!(request.region_id, "cn-hangzhou");
        assert_eq!(request.zone_id, "cn-hangzhou-h");
        assert_eq!(request.disk_size, 200);
        assert_eq!(request.node_count, 3);
        assert_eq!(request.disk_type, DiskType::CloudSsd);
        assert_eq!(request.major_version, "3.11");
        assert_eq!(request.pay_type, PayType::PayAsYouGo);
        assert_eq!(
            (request.period, &request.period_unit, request.auto_renew),
            (None, &None, None)
        );
        assert_eq!(request.cluster_name, None);
        assert_eq!(request.password, None);
        let params = shared::wire::to_params(&request);
        assert!(params.contains(&("DiskSize".to_owned(), "200".to_owned())));
        assert!(!params.iter().any(|(name, _)| name == "Period"));
    }

    #[test]
    fn an_empty_form_names_every_required_field_and_nothing_shows_before_touching() {
        let form = CreateClusterForm::default();
        let errors = form.errors();
        for field in [
            Field::Region,
            Field::Zone,
            Field::VpcId,
            Field::VswitchId,
            Field::InstanceType,
        ] {
            assert_eq!(
                errors.get(&field).map(String::as_str),
                Some("is required"),
                "{field:?}"
            );
        }
        // Defaults are valid, and optional fields may stay empty.
        for field in [
            Field::DiskSize,
            Field::NodeCount,
            Field::ClusterName,
            Field::Password,
        ] {
            assert!(!errors.contains_key(&field), "{field:?}");
        }
        assert_eq!(form.visible_error(Field::Region), None);
        assert_eq!(form.first_step_with_errors(), Some(Step::Location));
    }

    #[test]
    fn errors_show_as_you_type_with_the_shared_rules_messages() {
        let mut form = filled();
        form.set(Field::DiskSize, "205".to_owned());
        let expected = DiskSize::parse(205).unwrap_err();
        assert_eq!(expected.rule, Rule::DiskSizeStep);
        assert_eq!(form.visible_error(Field::DiskSize), Some(expected.message));
        form.set(Field::DiskSize, "lots".to_owned());
        assert_eq!(
            form.visible_error(Field::DiskSize).as_deref(),
            Some("must be a whole number of GB, not `lots`")
        );
        form.set(Field::NodeCount, "0".to_owned());
        assert_eq!(
            form.visible_error(Field::NodeCount),
            Some(NodeCount::parse(0).unwrap_err().message)
        );
        form.set(Field::ClusterName, "9lives".to_owned());
        assert_eq!(
            form.visible_error(Field::ClusterName),
            Some(ClusterName::parse("9lives").unwrap_err().message)
        );
        // Untouched fields of a step stay quiet until the step is attempted.
        let mut empty = CreateClusterForm::default();
        empty.set(Field::Region, "cn-hangzhou".to_owned());
        assert_eq!(empty.visible_error(Field::Zone), None);
        assert!(!empty.attempt(Step::Location));
        assert_eq!(
            empty.visible_error(Field::Zone).as_deref(),
            Some("is required")
        );
        assert!(filled().attempt(Step::Location) && filled().attempt(Step::Nodes));
    }

    #[test]
    fn subscription_terms_are_sent_in_months() {
        let mut form = filled();
        form.set(Field::PayType, "Subscription".to_owned());
        form.set(Field::PeriodUnit, "Year".to_owned());
        // Switching to years moved the term from 1 month to 1 year.
        assert_eq!(form.value(Field::Period), "12");
        form.set(Field::Period, "24".to_owned());
        form.set(Field::AutoRenew, "true".to_owned());
        form.set(Field::AutoRenewPeriod, "6".to_owned());
        let request = form.request("k").unwrap();
        let summary = form.summary();
        assert!(summary.contains(&("Term", "2 years".to_owned())));
        assert!(summary.contains(&("Renew for", "6 months".to_owned())));
        assert_eq!(request.pay_type, PayType::Subscription);
        assert_eq!(request.period_unit, Some(PeriodUnit::Year));
        assert_eq!(request.period, Some(24));
        assert_eq!(
            (request.auto_renew, request.auto_renew_period),
            (Some(true), Some(6))
        );

        form.set(Field::AutoRenewPeriod, "5".to_owned());
        assert_eq!(
            form.visible_error(Field::AutoRenewPeriod),
            Some(
                shared::rules::AutoRenewPeriod::parse(5)
                    .unwrap_err()
                    .message
            )
        );
        // Back to pay-as-you-go: the hidden term and renewal are neither checked nor sent.
        form.set(Field::PayType, "PayAsYouGo".to_owned());
        let request = form.request("k").unwrap();
        assert_eq!((request.period, request.auto_renew_period), (None, None));
    }

    #[test]
    fn passwords_follow_the_rule_must_match_and_never_show() {
        let mut form = filled();
        form.set(Field::Password, "short".to_owned());
        assert_eq!(
            form.visible_error(Field::Password),
            Some(Password::parse("short").unwrap_err().message)
        );
        form.set(Field::Password, "Cassandra-2026".to_owned());
        form.set(Field::PasswordRepeat, "Cassandra-2025".to_owned());
        assert_eq!(
            form.visible_error(Field::PasswordRepeat).as_deref(),
            Some("does not match the password")
        );
        form.set(Field::PasswordRepeat, "Cassandra-2026".to_owned());
        let request = form.request("k").unwrap();
        assert_eq!(
            request.password.as_ref().map(|p| p.expose()),
            Some("Cassandra-2026")
        );
        let summary = form.summary();
        assert!(summary.contains(&("Password", "set".to_owned())));
        assert!(!format!("{summary:?} {form:?}").contains("Cassandra-2026"));
    }

    #[test]
    fn changing_region_clears_the_zone() {
        let mut form = filled();
        form.set(Field::Region, "cn-hangzhou".to_owned());
        assert_eq!(form.value(Field::Zone), "cn-hangzhou-h");
        form.set(Field::Region, "cn-shanghai".to_owned());
        assert_eq!(form.value(Field::Zone), "");
    }

    #[test]
    fn server_field_errors_land_next_to_their_fields_until_edited() {
        let mut form = filled();
        let errors = [
            FieldIssue::new("VswitchId", "required", "does not belong to the VPC"),
            FieldIssue::new("Tag.1.Key", "tag.key_length", "is too long"),
        ];
        let unplaced = form.apply_server_errors(&errors);
        assert_eq!(unplaced, [errors[1].clone()]);
        assert_eq!(
            form.visible_error(Field::VswitchId).as_deref(),
            Some("does not belong to the VPC")
        );
        assert_eq!(form.first_step_with_errors(), Some(Step::Location));
        assert!(!form.attempt(Step::Location));
        form.set(Field::VswitchId, "vsw-other".to_owned());
        assert_eq!(form.visible_error(Field::VswitchId), None);
        assert!(form.attempt(Step::Location));
    }

    #[test]
    fn every_field_belongs_to_one_step_and_wire_names_round_trip() {
        let fields: Vec<Field> = Step::ALL.iter().flat_map(|s| s.fields()).copied().collect();
        let mut unique = fields.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), fields.len());
        for field in fields {
            if let Some(name) = field.wire_name() {
                assert_eq!(Field::from_wire_name(name), Some(field));
            }
        }
        assert_eq!(Step::Location.next(), Some(Step::Nodes));
        assert_eq!(Step::Review.next(), None);
        assert_eq!(Step::Location.previous(), None);
        assert_eq!(Field::DiskSize.input_id(), "create-disksize");
        assert_eq!(
            Field::DiskSize.hint().as_deref(),
            Some("160 to 2000 GB, in steps of 10.")
        );
        assert_eq!(Field::Region.hint(), None);
    }

    #[test]
    fn submitting_twice_sends_one_key_and_unknown_outcomes_keep_it() {
        let mut submission = Submission::new("key-1".into());
        assert_eq!(submission.begin().as_deref(), Some("key-1"));
        assert_eq!(
            submission.begin(),
            None,
            "a second click while in flight sends nothing"
        );

        submission.failed(&ApiError::Network("connection reset".into()), || {
            "key-2".into()
        });
        assert_eq!(
            submission.begin().as_deref(),
            Some("key-1"),
            "lost answer: same key"
        );
        let unavailable = ApiError::from_response(503, "");
        submission.failed(&unavailable, || "key-2".into());
        assert_eq!(
            submission.begin().as_deref(),
            Some("key-1"),
            "server error: same key"
        );

        let refused = ApiError::from_response(
            400,
            r#"{"error":{"code":"validation","message":"bad","request_id":null}}"#,
        );
        submission.failed(&refused, || "key-2".into());
        assert_eq!(
            submission.begin().as_deref(),
            Some("key-2"),
            "refused: a new request"
        );
        submission.succeeded("cds-new".into());
        assert_eq!(submission.begin(), None);
        assert_eq!(
            submission.state(),
            &SubmitState::Created {
                cluster_id: "cds-new".into()
            }
        );
    }

    #[test]
    fn offerings_from_the_cloud_are_deduplicated_and_sorted() {
        let regions = DescribeRegionsResponse {
            regions: vec![
                Region {
                    region_id: Some("cn-shanghai".into()),
                    local_name: Some("华东2（上海）".into()),
                    zones: vec![
                        Zone {
                            id: Some("cn-shanghai-g".into()),
                        },
                        Zone {
                            id: Some("cn-shanghai-e".into()),
                        },
                    ]
                    .into(),
                    ..Region::default()
                },
                Region {
                    region_id: Some("cn-hangzhou".into()),
                    ..Region::default()
                },
                Region {
                    region_id: None,
                    ..Region::default()
                },
            ]
            .into(),
            ..DescribeRegionsResponse::default()
        };
        let choices = RegionChoice::from_response(&regions);
        assert_eq!(choices.len(), 2);
        assert_eq!(choices[0].label, "cn-hangzhou");
        assert_eq!(choices[1].label, "cn-shanghai (华东2（上海）)");
        assert_eq!(choices[1].zones, ["cn-shanghai-e", "cn-shanghai-g"]);

        let spec = |name: &str, cpu: i64, mem: i64| InstanceTypeSpec {
            instance_type: Some(name.into()),
            cpu_size: Some(cpu),
            mem_size: Some(mem),
        };
        let types = DescribeInstanceTypeResponse {
            instance_type_spec_list: vec![
                spec("cassandra.c.2xlarge", 8, 16),
                spec("cassandra.c.large", 2, 4),
                spec("cassandra.c.large", 4, 32),
                spec("cassandra.c.xlarge", 4, 8),
            ]
            .into(),
            ..DescribeInstanceTypeResponse::default()
        };
        let labels: Vec<String> = InstanceChoice::from_response(&types)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(
            labels,
            [
                "cassandra.c.large — 2 cores, 4 GB",
                "cassandra.c.xlarge — 4 cores, 8 GB",
                "cassandra.c.2xlarge — 8 cores, 16 GB"
            ]
        );
    }
}
