//! What every cloud action is: a request type tied to its response type, with metadata.
//!
//! Modelled on ruma's `OutgoingRequest` and Alibaba's generated SDKs: the request *is* the
//! action, and one generic transport (`server::cloud::Client::call::<A>()`) plus one generic
//! emulator entry point serve all 58 of them.

use std::fmt;

use serde::{Serialize, de::DeserializeOwned};

/// The product area an action belongs to (the chapters of the API reference).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum Group {
    Instances,
    Security,
    Accounts,
    DynamoDb,
    RegionsAndDataCenters,
    Backups,
    ContactPoints,
    Nodetool,
    Parameters,
    Dashboard,
    Monitoring,
    Tags,
}

/// Panel roles, ordered: a higher role may do everything a lower one may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Operator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Operator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "viewer" => Ok(Role::Viewer),
            "operator" => Ok(Role::Operator),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "unknown role `{other}` (viewer, operator or admin)"
            )),
        }
    }
}

/// Static facts about one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActionMeta {
    /// The wire `Action` value, e.g. `DescribeClusters`.
    pub name: &'static str,
    pub group: Group,
    /// Changes cloud state (audited, never retried unless it carries a `ClientToken`).
    pub mutates: bool,
    /// The lowest panel role allowed to call it.
    pub min_role: Role,
    /// Covered by the official SDKs (false for the five DynamoDB actions).
    pub in_sdk: bool,
}

/// One cloud action: the request type, its response type and its metadata.
///
/// Request types serialise (serde) with the wire names of their parameters (`ClusterId`,
/// `Tag` as a list of `{Key, Value}`); [`crate::wire`] flattens that to `Tag.1.Key`.
/// Every action also implements [`crate::rules::Validate`], so the generic paths (the server's
/// action route, the emulator) check the input rules without knowing the action.
pub trait Action:
    Serialize + DeserializeOwned + Clone + fmt::Debug + Send + Sync + crate::rules::Validate + 'static
{
    type Response: Serialize + DeserializeOwned + Clone + fmt::Debug + Send + Sync + 'static;

    const META: ActionMeta;

    /// The idempotency token, for creates that carry one (safe to retry).
    fn client_token(&self) -> Option<&str> {
        None
    }

    /// Clusters this request touches (for token scopes and the audit target).
    fn cluster_ids(&self) -> Vec<&str> {
        Vec::new()
    }

    /// The data center this request touches, if any.
    fn data_center_id(&self) -> Option<&str> {
        None
    }

    /// The request as wire parameters (`Name`, `Tag.1.Key`, ...), without common parameters.
    fn to_params(&self) -> Vec<(String, String)> {
        crate::wire::to_params(self)
    }
}

/// Generic dispatch by action name: `catalog::visit(name, visitor)` calls
/// `visitor.visit::<TheAction>()`, so callers write one generic function, not 58 arms.
pub trait ActionVisitor {
    type Output;
    fn visit<A: Action>(self) -> Self::Output;
}
