//! What a broken rule looks like: a stable [`Rule`] code plus a message a user understands.
//!
//! A value type's `parse` returns a [`Violation`] (it does not know which field it came from);
//! the caller names the field with [`Violation::at`], giving a [`FieldError`] that the server
//! returns and the browser shows next to that field.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines [`Rule`] with one stable, dotted code per variant.
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)+) => {
        /// Which rule a value broke. The code (`password.classes`) is part of our REST API:
        /// clients may key translations or tests on it, so codes never change meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)+
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable code, e.g. `password.classes`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code,)+
                }
            }

            pub fn from_code(code: &str) -> Option<Rule> {
                match code {
                    $($code => Some(Rule::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

rules! {
    /// A parameter the request cannot do without is absent or empty.
    Required = "required",

    /// ClusterName / DataCenterName: 2-128 characters.
    NameLength = "name.length",
    /// ClusterName / DataCenterName: starts with a letter or a Chinese character.
    NameStart = "name.start",
    /// ClusterName / DataCenterName: letters, Chinese characters, digits, `.`, `_`, `-`.
    NameCharacter = "name.character",

    /// Password: 8-32 characters.
    PasswordLength = "password.length",
    /// Password: a character outside letters, digits and `!@#$%^&*()_+-=`.
    PasswordCharacter = "password.character",
    /// Password: at least three of upper, lower, digit, special.
    PasswordClasses = "password.classes",

    /// PayType: Subscription or PayAsYouGo.
    BillingPayType = "billing.pay_type",
    /// Period / PeriodUnit: required for a subscription.
    BillingTermRequired = "billing.term_required",
    /// Period / PeriodUnit: not a documented value (or combination).
    BillingTerm = "billing.term",
    /// Period, PeriodUnit, AutoRenew, AutoRenewPeriod sent with PayAsYouGo.
    BillingPayAsYouGo = "billing.pay_as_you_go",
    /// AutoRenewPeriod: required when AutoRenew is true, one of 1, 2, 3, 6, 12.
    BillingAutoRenewPeriod = "billing.auto_renew_period",
    /// AutoRenewPeriod sent without AutoRenew=true.
    BillingAutoRenewUnused = "billing.auto_renew_unused",

    /// DiskSize: 160-2000 GB.
    DiskSizeRange = "disk_size.range",
    /// DiskSize: a multiple of 10 GB.
    DiskSizeStep = "disk_size.step",
    /// ResizeDiskSize: the new size must be larger than the current one.
    DiskSizeGrow = "disk_size.grow",

    /// NodeCount: 1-100 per data center.
    NodeCountRange = "node_count.range",
    /// ResizeNodeCount: the new count must differ from the current one.
    NodeCountChange = "node_count.change",

    /// ClientToken: 1-64 visible ASCII characters.
    ClientToken = "client_token",

    /// A time of day not in the documented `HH:mm` / `HH:mmZ` form.
    TimeFormat = "time.format",
    /// Maintenance window: the end equals the start.
    MaintenanceWindowEmpty = "maintenance_window.empty",
    /// BackupPeriod: empty.
    BackupPeriodEmpty = "backup_period.empty",
    /// BackupPeriod: an entry that is not a weekday.
    BackupPeriodWeekday = "backup_period.weekday",
    /// BackupPeriod: a weekday listed twice.
    BackupPeriodDuplicate = "backup_period.duplicate",
    /// RetentionPeriod: 1-7 days.
    RetentionPeriod = "retention_period.range",

    /// IpList: an entry that is not an IP address or CIDR block.
    IpFormat = "ip.format",
    /// IpList: a CIDR prefix length out of range for its address family.
    IpPrefix = "ip.prefix",
    /// IpList: an IPv6 entry in an IPv4 group or the reverse.
    IpVersionMismatch = "ip.version_mismatch",
    /// IpList: no entries.
    IpListEmpty = "ip_list.empty",
    /// IpList: more than 1000 entries.
    IpListTooLong = "ip_list.too_long",
    /// IpVersion: 4 or 6.
    IpVersion = "ip_version",
    /// GroupName: the whitelist group name rule.
    WhitelistGroupName = "whitelist_group.name",

    /// SecurityGroupIds: 1-3 ids.
    SecurityGroupCount = "security_groups.count",
    /// SecurityGroupIds: an id that is not `sg-` followed by letters and digits.
    SecurityGroupFormat = "security_groups.format",
    /// SecurityGroupIds: an id listed twice.
    SecurityGroupDuplicate = "security_groups.duplicate",

    /// ModifyParameter Value: outside the parameter's `R[min, max]` range.
    ParameterRange = "parameter.range",
    /// ModifyParameter Value: not one of the parameter's `G[a|b]` choices.
    ParameterChoice = "parameter.choice",

    /// Nodetool Command / Arguments: too long.
    NodetoolLength = "nodetool.length",
    /// Nodetool Command: not one of the commands the panel allows.
    NodetoolCommand = "nodetool.command",
    /// Nodetool Command / Arguments: a character outside the safe set.
    NodetoolCharacter = "nodetool.character",

    /// Tag: 1-20 tags per request.
    TagCount = "tag.count",
    /// Tag key: 1-128 characters.
    TagKeyLength = "tag.key_length",
    /// Tag key: a prefix reserved by Alibaba Cloud, or a URL.
    TagKeyReserved = "tag.key_reserved",
    /// Tag key: the same key twice in one request.
    TagKeyDuplicate = "tag.key_duplicate",
    /// Tag value: at most 128 characters.
    TagValueLength = "tag.value_length",
    /// ResourceId.N: 1-50 resources per request.
    ResourceCount = "resource.count",

    /// PageNumber: greater than 0.
    PageNumber = "page.number",
    /// PageSize: greater than 0.
    PageSize = "page.size",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Rule::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule code `{code}`")))
    }
}

/// A value broke a rule. It does not know its field yet; see [`Violation::at`].
///
/// Messages start in lower case and read after the field's label ("Password: must be ..."),
/// and never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: Rule,
    pub message: String,
}

impl Violation {
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        Self {
            rule,
            message: message.into(),
        }
    }

    /// A required parameter is absent or empty.
    pub fn required() -> Self {
        Self::new(Rule::Required, "is required")
    }

    /// Attach the wire name of the field the value came from (`Password`, `Tag.2.Key`).
    pub fn at(self, field: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            rule: self.rule,
            message: self.message,
            item: None,
        }
    }

    /// Attach the field and the entry of a list value (one line of an IP list).
    pub fn at_item(self, field: impl Into<String>, item: Item) -> FieldError {
        FieldError {
            item: Some(item),
            ..self.at(field)
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Violation {}

/// One entry of a list-valued field, so the browser can mark the offending line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// 0-based position of the entry in the input, counting blank entries (for text with one
    /// entry per line this is the line number).
    pub index: usize,
    /// The entry as typed, trimmed.
    pub text: String,
}

/// A rule broken by one request field: what the server returns and the browser shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's wire name: `Password`, `Tag.2.Key`, `IpList`.
    pub field: String,
    pub rule: Rule,
    pub message: String,
    /// For list-valued fields: which entry broke the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(item) => write!(
                f,
                "{} entry {}: {}",
                self.field,
                item.index + 1,
                self.message
            ),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

impl std::error::Error for FieldError {}

/// Why a list-valued field (an IP list) was rejected: the list as a whole, or some entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListError {
    /// The list as a whole breaks a rule (empty, too long).
    List(Violation),
    /// These entries break a rule; the others are fine.
    Items(Vec<(Item, Violation)>),
}

impl ListError {
    /// Name the field: one [`FieldError`] per bad entry, or one for the whole list.
    pub fn at(self, field: &str) -> Vec<FieldError> {
        match self {
            ListError::List(violation) => vec![violation.at(field)],
            ListError::Items(items) => items
                .into_iter()
                .map(|(item, violation)| violation.at_item(field, item))
                .collect(),
        }
    }
}

/// Collects the field errors of one request, so every broken field is reported at once.
#[derive(Debug, Default)]
pub struct Report {
    errors: Vec<FieldError>,
}

impl Report {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record the outcome of parsing one field; returns the parsed value if it passed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Violation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.errors.push(violation.at(field));
                None
            }
        }
    }

    /// Record errors that already name their fields.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        self.errors.extend(errors);
    }

    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` if nothing was recorded, else every recorded error.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

/// How a character is named in a message: `` `;` ``, "a space", "U+0009".
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '`' => "a backquote (`)".to_owned(),
        c if c.is_control() || c.is_whitespace() => format!("U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// `n` with its noun, singular or plural: "1 character", "3 characters".
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn rule_codes_are_unique_and_round_trip() {
        let codes: HashSet<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(Rule::from_code(rule.code()), Some(*rule));
        }
        assert_eq!(Rule::from_code("password.nope"), None);
    }

    #[test]
    fn field_error_serialises_with_the_rule_code() {
        let error = Violation::new(Rule::PasswordClasses, "must mix three kinds").at("Password");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "field": "Password",
                "rule": "password.classes",
                "message": "must mix three kinds"
            })
        );
        let back: FieldError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
        assert_eq!(error.to_string(), "Password: must mix three kinds");
    }

    #[test]
    fn item_errors_carry_the_entry() {
        let item = Item {
            index: 2,
            text: "10.0.0.300".into(),
        };
        let error = Violation::new(Rule::IpFormat, "is not an address").at_item("IpList", item);
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json["item"],
            serde_json::json!({"index": 2, "text": "10.0.0.300"})
        );
        assert_eq!(error.to_string(), "IpList entry 3: is not an address");
    }

    #[test]
    fn unknown_rule_codes_do_not_deserialise() {
        let json = r#"{"field":"X","rule":"made.up","message":"m"}"#;
        assert!(serde_json::from_str::<FieldError>(json).is_err());
    }

    #[test]
    fn report_collects_every_error() {
        let mut report = Report::new();
        assert_eq!(report.check("A", Ok::<_, Violation>(1)), Some(1));
        assert_eq!(report.check::<i32>("B", Err(Violation::required())), None);
        assert_eq!(report.check::<i32>("C", Err(Violation::required())), None);
        let errors = report.finish(()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["B", "C"]);
        assert_eq!(Report::new().finish(7), Ok(7));
    }

    #[test]
    fn characters_are_described_readably() {
        assert_eq!(describe_char(';'), "`;`");
        assert_eq!(describe_char(' '), "a space");
        assert_eq!(describe_char('\t'), "U+0009");
        assert_eq!(count(1, "character"), "1 character");
        assert_eq!(count(3, "character"), "3 characters");
    }
}
