//! Input rules, written once and used by the browser, the server and the emulator.
//!
//! Each rule is a type whose `parse` returns either a value that is valid by construction or a
//! [`Violation`]: a stable [`Rule`] code and a message a user understands. The caller names
//! the field with [`Violation::at`], giving the [`FieldError`] the REST API returns and the
//! browser shows next to that field. Rules whose fields depend on each other (billing, the
//! maintenance window) parse together and report every broken field.
//!
//! [`Validate`] applies them to whole requests: every one of the 58 request types has an impl.
//!
//! Where the spec is silent or inconsistent, the choice is documented on the type.

mod billing;
mod capacity;
mod client_token;
mod ip;
mod name;
mod nodetool;
mod paging;
mod parameter;
mod password;
mod requests;
mod schedule;
mod security_group;
mod tag;
mod violation;

pub use billing::{
    AUTO_RENEW_PERIODS, AutoRenewPeriod, Billing, BillingInput, MONTH_PERIODS, Term, YEAR_PERIODS,
};
pub use capacity::{DiskSize, NodeCount};
pub use client_token::ClientToken;
pub use ip::{IpEntry, IpList, IpVersion, WhitelistGroupName};
pub use name::{ClusterName, DataCenterName};
pub use nodetool::{NodetoolArguments, NodetoolCommand, SAFE_COMMANDS};
pub use paging::{PageNumber, PageSize};
pub use parameter::{AllowedValues, check_parameter_value};
pub use password::Password;
pub use requests::Validate;
pub use schedule::{BackupPeriod, BackupTime, ClockTime, MaintenanceWindow, RetentionPeriod};
pub use security_group::SecurityGroupIds;
pub use tag::{MAX_RESOURCES, MAX_TAGS, TagKey, TagValue};
pub use violation::{FieldError, Item, ListError, Report, Rule, Violation};
