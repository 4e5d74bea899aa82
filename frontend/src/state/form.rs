//! The one form behind every cluster operation: its fields described as data, its values as
//! typed, checked by building the action's `shared` request type from them (wire names, as
//! the emulator reads RPC parameters) and running that type's rules.
//!
//! Nothing here knows an action: [`Form::check`] is generic over it, so thirty operations
//! share one form, one dialog and one set of tests.

use std::collections::BTreeMap;

use serde_json::Value;
use shared::Action;
use shared::rules::Violation;
use shared::wire::{self, ParamError};

/// How a field is typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number.
    Number,
    /// Never trimmed, never shown back.
    Password,
    /// `(value, label)` pairs.
    Select(Vec<(String, String)>),
    /// One entry per line (IP lists, security groups); sent comma-separated, and errors about
    /// an entry are shown next to its line.
    Lines,
    /// `true` / `false`, always sent.
    Checkbox,
}

/// One input of a form, named by the request parameter it fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The wire name (`DiskSize`, `Tag.1.Key`): rules and the server name fields this way.
    pub name: &'static str,
    pub label: String,
    pub kind: Kind,
    pub hint: Option<String>,
    pub initial: String,
    /// Left empty, the form says so before building the request.
    pub required: bool,
    /// Shown (and sent) only while field `.0` has the value `.1`.
    pub shown_if: Option<(&'static str, &'static str)>,
    /// Typed again to catch a typo in field `repeats` (a password); never sent.
    pub repeats: Option<&'static str>,
}

impl FieldSpec {
    pub fn new(name: &'static str, label: impl Into<String>, kind: Kind) -> FieldSpec {
        FieldSpec {
            name,
            label: label.into(),
            kind,
            hint: None,
            initial: String::new(),
            required: true,
            shown_if: None,
            repeats: None,
        }
    }

    pub fn text(name: &'static str, label: impl Into<String>) -> FieldSpec {
        FieldSpec::new(name, label, Kind::Text)
    }

    pub fn number(name: &'static str, label: impl Into<String>) -> FieldSpec {
        FieldSpec::new(name, label, Kind::Number)
    }

    pub fn password(name: &'static str, label: impl Into<String>) -> FieldSpec {
        FieldSpec::new(name, label, Kind::Password)
    }

    pub fn lines(name: &'static str, label: impl Into<String>) -> FieldSpec {
        FieldSpec::new(name, label, Kind::Lines)
    }

    /// A second password input that must match field `of`.
    pub fn repeat(name: &'static str, label: impl Into<String>, of: &'static str) -> FieldSpec {
        FieldSpec {
            repeats: Some(of),
            ..FieldSpec::password(name, label)
        }
    }

    pub fn checkbox(name: &'static str, label: impl Into<String>) -> FieldSpec {
        FieldSpec {
            initial: "false".to_owned(),
            ..FieldSpec::new(name, label, Kind::Checkbox)
        }
    }

    /// A drop-down; `choices` are `(value, label)` pairs.
    pub fn select(
        name: &'static str,
        label: impl Into<String>,
        choices: Vec<(String, String)>,
    ) -> FieldSpec {
        FieldSpec::new(name, label, Kind::Select(choices))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> FieldSpec {
        self.hint = Some(hint.into());
        self
    }

    pub fn initial(mut self, value: impl Into<String>) -> FieldSpec {
        self.initial = value.into();
        self
    }

    /// May be left empty (and is then left out of the request).
    pub fn optional(mut self) -> FieldSpec {
        self.required = false;
        self
    }

    pub fn shown_if(mut self, field: &'static str, value: &'static str) -> FieldSpec {
        self.shown_if = Some((field, value));
        self
    }

    /// The value as the request carries it; `None` leaves the parameter out.
    fn wire_value(&self, value: &str) -> Option<String> {
        let value = match self.kind {
            Kind::Password | Kind::Checkbox => value.to_owned(),
            Kind::Lines => entries(value)
                .into_iter()
                .map(|(_, entry)| entry)
                .collect::<Vec<_>>()
                .join(","),
            _ => value.trim().to_owned(),
        };
        (!value.is_empty()).then_some(value)
    }
}

/// The non-blank entries of a [`Kind::Lines`] value with the (0-based) line each is on.
/// A line may also hold several entries separated by commas, as the wire form does.
pub fn entries(text: &str) -> Vec<(usize, &str)> {
    text.split('\n')
        .enumerate()
        .flat_map(|(line, text)| text.split(',').map(move |entry| (line, entry.trim())))
        .filter(|(_, entry)| !entry.is_empty())
        .collect()
}

/// A problem with what was typed, placed next to a field (and a line of it) when it names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The wire name of the field; may name no field of the form (`ClusterId`).
    pub field: String,
    /// For [`Kind::Lines`]: the 0-based line the broken entry is on.
    pub line: Option<usize>,
    pub message: String,
}

impl Issue {
    pub fn new(field: &str, message: impl Into<String>) -> Issue {
        Issue {
            field: field.to_owned(),
            line: None,
            message: message.into(),
        }
    }

    /// The broken rule of `result`, if any, as an issue with `field`.
    pub fn of<T>(field: &str, result: Result<T, Violation>) -> Vec<Issue> {
        match result {
            Ok(_) => Vec::new(),
            Err(violation) => vec![Issue::new(field, violation.message)],
        }
    }
}

/// A form being filled in: the values as typed, what was touched, and the latest problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    fields: Vec<FieldSpec>,
    /// Parameters the user does not type (`ClusterId`, `DataCenterId`).
    fixed: Vec<(String, String)>,
    values: Vec<String>,
    touched: Vec<bool>,
    /// The user tried to submit: every problem shows, touched or not.
    attempted: bool,
    /// Problems from the latest check of the values.
    issues: Vec<Issue>,
    /// What the server said, each until its field changes.
    server: Vec<Issue>,
}

impl Form {
    pub fn new(fields: Vec<FieldSpec>, fixed: Vec<(String, String)>) -> Form {
        let values = fields.iter().map(|f| f.initial.clone()).collect();
        let touched = vec![false; fields.len()];
        Form {
            fields,
            fixed,
            values,
            touched,
            attempted: false,
            issues: Vec::new(),
            server: Vec::new(),
        }
    }

    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    pub fn value(&self, name: &str) -> String {
        self.position(name)
            .map(|i| self.values[i].clone())
            .unwrap_or_default()
    }

    /// Set a field from its input and mark it touched (its problems show from now on).
    pub fn set(&mut self, name: &str, value: String) {
        if let Some(i) = self.position(name) {
            self.values[i] = value;
            self.touched[i] = true;
            self.server.retain(|issue| issue.field != name);
        }
    }

    /// Replace a parameter the user does not type (a create's fresh `ClientToken`).
    pub fn set_fixed(&mut self, name: &str, value: &str) {
        for (fixed, current) in &mut self.fixed {
            if fixed == name {
                *current = value.to_owned();
            }
        }
    }

    /// Whether field `name` is on screen (a subscription's term only with a subscription).
    pub fn is_shown(&self, name: &str) -> bool {
        let Some(spec) = self.position(name).map(|i| &self.fields[i]) else {
            return false;
        };
        spec.shown_if
            .is_none_or(|(other, value)| self.is_shown(other) && self.value(other) == value)
    }

    pub fn attempt(&mut self) {
        self.attempted = true;
    }

    /// Keep the outcome of the latest [`Form::check`].
    pub fn set_issues(&mut self, issues: Vec<Issue>) {
        self.issues = issues;
    }

    /// The server's problems with the last submit.
    pub fn set_server_issues(&mut self, issues: Vec<Issue>) {
        self.server = issues;
    }

    /// The problems to show next to field `name` now (its own once touched or after a submit
    /// attempt; the server's always).
    pub fn visible_issues(&self, name: &str) -> Vec<Issue> {
        let shown = self.attempted || self.position(name).is_some_and(|i| self.touched[i]);
        self.issues
            .iter()
            .filter(|issue| shown && issue.field == name)
            .chain(self.server.iter().filter(|issue| issue.field == name))
            .cloned()
            .collect()
    }

    /// Problems that name no field on screen, shown above the buttons after a submit attempt.
    pub fn general_issues(&self) -> Vec<Issue> {
        self.issues
            .iter()
            .filter(|_| self.attempted)
            .chain(&self.server)
            .filter(|issue| !self.is_shown(&issue.field))
            .cloned()
            .collect()
    }

    /// The request the values make, checked by its `shared` rules and then by `extra` (rules
    /// that need more than the request, like "the disk may only grow"); otherwise every
    /// problem, placed next to its field.
    pub fn check<A: Action>(&self, extra: &dyn Fn(&A) -> Vec<Issue>) -> Result<A, Vec<Issue>> {
        self.check_body(self.body()?, extra)
    }

    /// The request body the values make (wire names, as the emulator reads RPC parameters),
    /// before the request type's rules: what the user must fill in, retype or type as a number.
    pub fn body(&self) -> Result<Value, Vec<Issue>> {
        // All at once: the request type would report only the first.
        let mut issues: Vec<Issue> = Vec::new();
        for (spec, value) in self.shown() {
            let wire = spec.wire_value(value);
            let message = match (&spec.kind, &wire, spec.repeats) {
                (_, None, _) if spec.required => "is required".to_owned(),
                (Kind::Number, Some(n), _) if n.parse::<i64>().is_err() => {
                    "must be a whole number".to_owned()
                }
                (_, _, Some(of)) if *value != self.value(of) => {
                    let label = self
                        .position(of)
                        .map_or(of, |i| self.fields[i].label.as_str());
                    format!("does not match the {}", label.to_lowercase())
                }
                _ => continue,
            };
            issues.push(self.issue(spec.name, None, message));
        }
        if !issues.is_empty() {
            return Err(issues);
        }
        wire::unflatten(&self.params()).map_err(|e| vec![self.param_issue(e)])
    }

    /// [`Form::check`] of a [`Form::body`]. Generic in as little as possible: each action
    /// compiles this into the app once.
    pub fn check_body<A: Action>(
        &self,
        body: Value,
        extra: &dyn Fn(&A) -> Vec<Issue>,
    ) -> Result<A, Vec<Issue>> {
        let request: A = serde_json::from_value(body).map_err(|e| {
            vec![Issue::new(
                "",
                format!("the form does not make a request: {e}"),
            )]
        })?;
        let mut broken: Vec<Issue> = request
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| self.issue(&e.field, e.item.map(|item| item.index), e.message))
            .collect();
        // Rules beyond the request's own only once it passes those (one message at a time).
        if broken.is_empty() {
            broken = extra(&request);
        }
        if broken.is_empty() {
            Ok(request)
        } else {
            Err(broken)
        }
    }

    /// Place server field errors (their `item` counts the entries of the list as sent).
    pub fn server_issues(&self, errors: &[crate::api::FieldIssue]) -> Vec<Issue> {
        errors
            .iter()
            .map(|e| {
                let entry = e.item.as_ref().map(|item| item.index);
                self.issue(&e.field, entry, e.message.clone())
            })
            .collect()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    fn shown(&self) -> impl Iterator<Item = (&FieldSpec, &String)> {
        self.fields
            .iter()
            .zip(&self.values)
            .filter(|(spec, _)| self.is_shown(spec.name))
    }

    /// The wire parameters: the fixed ones and every shown, non-empty field.
    fn params(&self) -> BTreeMap<String, String> {
        let mut params: BTreeMap<String, String> = self.fixed.iter().cloned().collect();
        for (spec, value) in self.shown().filter(|(spec, _)| spec.repeats.is_none()) {
            if let Some(value) = spec.wire_value(value) {
                params.insert(spec.name.to_owned(), value);
            }
        }
        params
    }

    /// An issue about field `name`; `entry` (the position of an entry in the list as sent)
    /// becomes the line it was typed on.
    fn issue(&self, name: &str, entry: Option<usize>, message: String) -> Issue {
        let line = entry.and_then(|entry| {
            let value = self.position(name).map(|i| self.values[i].as_str())?;
            entries(value).get(entry).map(|(line, _)| *line)
        });
        Issue {
            field: name.to_owned(),
            line,
            message,
        }
    }

    fn param_issue(&self, error: ParamError) -> Issue {
        let message = match &error {
            ParamError::Missing { .. } => "is required".to_owned(),
            ParamError::Invalid { reason, .. } => format!("is not a valid value ({reason})"),
        };
        self.issue(error.name(), None, message)
    }
}

#[cfg(test)]
mod tests {
    use shared::actions::{
        CreateDataCenterRequest, ModifyIpWhitelistGroupRequest, ResizeDiskSizeRequest,
        TagResourcesRequest,
    };
    use shared::enums::PayType;
    use shared::rules::DiskSize;

    use super::*;

    fn none<A>(_: &A) -> Vec<Issue> {
        Vec::new()
    }

    fn fixed(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn whitelist_form(ips: &str) -> Form {
        let mut form = Form::new(
            vec![
                FieldSpec::text("GroupName", "Group"),
                FieldSpec::select(
                    "IpVersion",
                    "IP version",
                    vec![("4".into(), "IPv4".into()), ("6".into(), "IPv6".into())],
                )
                .initial("4"),
                FieldSpec::lines("IpList", "Addresses"),
            ],
            fixed(&[("ClusterId", "cds-1")]),
        );
        form.set("GroupName", "office".into());
        form.set("IpList", ips.into());
        form
    }

    #[test]
    fn builds_the_shared_request_from_wire_named_fields() {
        let form = whitelist_form("10.0.0.1\n\n 192.168.0.0/24 \n");
        let request: ModifyIpWhitelistGroupRequest = form.check(&none).unwrap();
        assert_eq!(request.cluster_id, "cds-1");
        assert_eq!(request.group_name, "office");
        assert_eq!(request.ip_version, 4);
        // Sent as the wire form: comma-separated, blank lines dropped.
        assert_eq!(request.ip_list, "10.0.0.1,192.168.0.0/24");
    }

    #[test]
    fn a_bad_address_is_placed_on_its_line() {
        let mut form = whitelist_form("10.0.0.1\n\n10.0.0.300\n2001:db8::1");
        let issues = form
            .check::<ModifyIpWhitelistGroupRequest>(&none)
            .unwrap_err();
        let lines: Vec<(Option<usize>, &str)> =
            issues.iter().map(|i| (i.line, i.field.as_str())).collect();
        // The blank line counts: the user sees line 3 (index 2) and line 4 (an IPv6 entry
        // in an IPv4 group).
        assert_eq!(lines, [(Some(2), "IpList"), (Some(3), "IpList")]);
        assert!(
            issues[0].message.contains("10.0.0.300"),
            "{}",
            issues[0].message
        );
        form.set_issues(issues);
        assert_eq!(form.visible_issues("IpList").len(), 2);
        assert!(form.visible_issues("GroupName").is_empty());
    }

    #[test]
    fn required_fields_are_all_named_at_once_and_show_only_when_touched_or_attempted() {
        let mut form = Form::new(
            vec![
                FieldSpec::text("GroupName", "Group"),
                FieldSpec::lines("IpList", "Addresses"),
                FieldSpec::number("IpVersion", "IP version").initial("4"),
            ],
            fixed(&[("ClusterId", "cds-1")]),
        );
        let issues = form
            .check::<ModifyIpWhitelistGroupRequest>(&none)
            .unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["GroupName", "IpList"]);
        form.set_issues(issues);
        assert!(form.visible_issues("GroupName").is_empty());
        form.set("GroupName", String::new());
        assert_eq!(form.visible_issues("GroupName")[0].message, "is required");
        assert!(form.visible_issues("IpList").is_empty());
        form.attempt();
        assert_eq!(form.visible_issues("IpList").len(), 1);
    }

    #[test]
    fn numbers_that_are_not_numbers_are_named() {
        let mut form = Form::new(
            vec![FieldSpec::number("DiskSize", "Disk")],
            fixed(&[("ClusterId", "cds-1"), ("DataCenterId", "dc-1")]),
        );
        form.set("DiskSize", "2x0".into());
        let issues = form.check::<ResizeDiskSizeRequest>(&none).unwrap_err();
        assert_eq!(issues[0].field, "DiskSize");
        assert_eq!(issues[0].message, "must be a whole number");
    }

    #[test]
    fn extra_rules_run_after_the_shared_ones() {
        let mut form = Form::new(
            vec![FieldSpec::number("DiskSize", "Disk").initial("240")],
            fixed(&[("ClusterId", "cds-1"), ("DataCenterId", "dc-1")]),
        );
        let grow_from_320 = |r: &ResizeDiskSizeRequest| {
            Issue::of("DiskSize", DiskSize::grow_only(320, r.disk_size))
        };
        let issues = form
            .check::<ResizeDiskSizeRequest>(&grow_from_320)
            .unwrap_err();
        assert_eq!(issues.len(), 1);
        // The shared rules come first: a size off the 10 GB step never reaches the extra rule.
        form.set("DiskSize", "245".into());
        let issues = form
            .check::<ResizeDiskSizeRequest>(&grow_from_320)
            .unwrap_err();
        assert!(issues[0].message.contains("10"), "{}", issues[0].message);
        form.set("DiskSize", "400".into());
        assert_eq!(
            form.check::<ResizeDiskSizeRequest>(&grow_from_320)
                .unwrap()
                .disk_size,
            400
        );
    }

    #[test]
    fn hidden_fields_are_not_sent() {
        let mut form = Form::new(
            vec![
                FieldSpec::select(
                    "PayType",
                    "Payment",
                    vec![
                        ("PayAsYouGo".into(), "".into()),
                        ("Subscription".into(), "".into()),
                    ],
                )
                .initial("PayAsYouGo"),
                FieldSpec::number("Period", "Term").shown_if("PayType", "Subscription"),
                FieldSpec::text("ZoneId", "Zone"),
                FieldSpec::text("VpcId", "VPC"),
                FieldSpec::text("VswitchId", "vSwitch"),
                FieldSpec::text("InstanceType", "Type"),
                FieldSpec::text("DiskType", "Disk type").initial("cloud_ssd"),
                FieldSpec::number("DiskSize", "Disk").initial("160"),
                FieldSpec::number("NodeCount", "Nodes").initial("3"),
            ],
            fixed(&[
                ("ClusterId", "cds-1"),
                ("RegionId", "cn-hangzhou"),
                ("ClientToken", "k-1"),
            ]),
        );
        for (name, value) in [
            ("ZoneId", "cn-hangzhou-h"),
            ("VpcId", "vpc-1"),
            ("VswitchId", "vsw-1"),
            ("InstanceType", "cassandra.c.large"),
            ("Period", "abc"),
        ] {
            form.set(name, value.into());
        }
        assert!(!form.is_shown("Period"));
        let request: CreateDataCenterRequest = form.check(&none).unwrap();
        assert_eq!(request.pay_type, PayType::PayAsYouGo);
        assert_eq!(request.period, None);
        form.set("PayType", "Subscription".into());
        assert!(form.is_shown("Period"));
        let issues = form.check::<CreateDataCenterRequest>(&none).unwrap_err();
        assert_eq!(issues[0].field, "Period");
    }

    #[test]
    fn list_parameters_use_their_wire_names() {
        let mut form = Form::new(
            vec![
                FieldSpec::text("Tag.1.Key", "Key"),
                FieldSpec::text("Tag.1.Value", "Value").optional(),
            ],
            fixed(&[("RegionId", "cn-hangzhou"), ("ResourceId.1", "cds-1")]),
        );
        form.set("Tag.1.Key", "env".into());
        let request: TagResourcesRequest = form.check(&none).unwrap();
        assert_eq!(request.resource_id, ["cds-1"]);
        assert_eq!(request.tag[0].key, "env");
        assert_eq!(request.tag[0].value, None);
        form.set("Tag.1.Key", "aliyun:x".into());
        let issues = form.check::<TagResourcesRequest>(&none).unwrap_err();
        assert_eq!(issues[0].field, "Tag.1.Key");
    }

    #[test]
    fn server_issues_stay_until_their_field_changes_and_unknown_fields_are_general() {
        let mut form = whitelist_form("10.0.0.1\n10.0.0.2");
        let issues = form.server_issues(&[
            crate::api::FieldIssue {
                item: Some(shared::rules::Item {
                    index: 1,
                    text: "10.0.0.2".into(),
                }),
                ..crate::api::FieldIssue::new("IpList", "ip.format", "is refused by the cloud")
            },
            crate::api::FieldIssue::new("ClusterId", "required", "is required"),
        ]);
        assert_eq!(issues[0].line, Some(1));
        form.set_server_issues(issues);
        assert_eq!(form.visible_issues("IpList").len(), 1);
        assert_eq!(form.general_issues()[0].field, "ClusterId");
        form.set("IpList", "10.0.0.1".into());
        assert!(form.visible_issues("IpList").is_empty());
    }

    #[test]
    fn a_repeated_password_must_match_and_is_never_sent() {
        use shared::actions::ModifyAccountPasswordRequest;
        let mut form = Form::new(
            vec![
                FieldSpec::password("Password", "New password"),
                FieldSpec::repeat("PasswordAgain", "New password again", "Password"),
            ],
            fixed(&[("ClusterId", "cds-1"), ("Account", "cassandra")]),
        );
        form.set("Password", "Str0ng!Pass".into());
        form.set("PasswordAgain", "Str0ng!Pas".into());
        let issues = form
            .check::<ModifyAccountPasswordRequest>(&none)
            .unwrap_err();
        assert_eq!(issues[0].field, "PasswordAgain");
        assert_eq!(issues[0].message, "does not match the new password");
        form.set("PasswordAgain", "Str0ng!Pass".into());
        let request: ModifyAccountPasswordRequest = form.check(&none).unwrap();
        assert_eq!(request.password.expose(), "Str0ng!Pass");
        assert!(!form.params().contains_key("PasswordAgain"));
        // The shared password rule applies as the user types.
        form.set("Password", "short".into());
        form.set("PasswordAgain", "short".into());
        let issues = form
            .check::<ModifyAccountPasswordRequest>(&none)
            .unwrap_err();
        assert_eq!(issues[0].field, "Password");
    }

    #[test]
    fn entries_know_their_lines() {
        assert_eq!(
            entries("a\n\n b, c \n,\nd"),
            [(0, "a"), (2, "b"), (2, "c"), (4, "d")]
        );
        assert!(entries("  \n").is_empty());
    }
}
