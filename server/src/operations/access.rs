//! Who may call an action on what: the role table (`ActionMeta::min_role`, see
//! [`super::roles`]) and API tokens' cluster scope.
//!
//! A token limited to some clusters:
//! - may call an action naming clusters only if it names none outside its scope (tag calls
//!   name several: all must be in scope);
//! - may call read-only actions naming no cluster (DescribeRegions, DescribeInstanceType,
//!   DescribeClusters, ListTagResources, ...), but list entries belonging to clusters outside
//!   its scope are removed from the answer (see [`filter_to_scope`]; totals still count the
//!   whole account);
//! - may not call a change naming no cluster: CreateCluster (the new cluster would be outside
//!   its scope from birth).

use serde_json::Value;
use shared::{Action, Role};

use crate::auth::Principal;

/// Why a caller may not run an action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("{action} needs the {needed} role; this request acts as {actual}")]
    Role {
        action: &'static str,
        needed: Role,
        actual: Role,
    },
    #[error("this token may not touch cluster {cluster}")]
    Cluster { cluster: String },
    #[error("this token is limited to some clusters, so it cannot call {action}, which names none")]
    Unscoped { action: &'static str },
}

/// Role check, before the body is even read.
pub fn check_role<A: Action>(principal: &Principal) -> Result<(), Denied> {
    let actual = principal.role();
    if actual >= A::META.min_role {
        Ok(())
    } else {
        Err(Denied::Role {
            action: A::META.name,
            needed: A::META.min_role,
            actual,
        })
    }
}

/// Scope check, on the parsed request.
pub fn check_scope<A: Action>(principal: &Principal, request: &A) -> Result<(), Denied> {
    if principal.clusters().is_none() {
        return Ok(());
    }
    let clusters = request.cluster_ids();
    if let Some(outside) = clusters.iter().find(|c| !principal.may_touch_cluster(c)) {
        return Err(Denied::Cluster {
            cluster: (*outside).to_owned(),
        });
    }
    if clusters.is_empty() && A::META.mutates {
        return Err(Denied::Unscoped {
            action: A::META.name,
        });
    }
    Ok(())
}

/// Remove from a read-only answer every list entry that belongs to a cluster outside
/// `allowed`: objects in arrays whose `ClusterId` (or, in tag listings, `ResourceId`) names
/// another cluster.
pub fn filter_to_scope(value: &mut Value, allowed: &[String]) {
    match value {
        Value::Array(items) => {
            items.retain(|item| owner(item).is_none_or(|id| allowed.iter().any(|a| a == id)));
            items
                .iter_mut()
                .for_each(|item| filter_to_scope(item, allowed));
        }
        Value::Object(fields) => fields
            .values_mut()
            .for_each(|v| filter_to_scope(v, allowed)),
        _ => {}
    }
}

fn owner(item: &Value) -> Option<&str> {
    let fields = item.as_object()?;
    fields
        .get("ClusterId")
        .or_else(|| fields.get("ResourceId"))?
        .as_str()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn entries_of_other_clusters_are_removed_at_any_depth() {
        let mut answer = json!({
            "TotalCount": 3,
            "Clusters": {"Cluster": [
                {"ClusterId": "cds-a", "Tags": {"Tag": [{"Key": "env"}]}},
                {"ClusterId": "cds-b"},
                {"ClusterId": "cds-c"}
            ]},
            "TagResources": {"TagResource": [{"ResourceId": "cds-b"}, {"ResourceId": "cds-a"}]},
        });
        filter_to_scope(&mut answer, &["cds-a".to_owned()]);
        assert_eq!(
            answer,
            json!({
                "TotalCount": 3,
                "Clusters": {"Cluster": [{"ClusterId": "cds-a", "Tags": {"Tag": [{"Key": "env"}]}}]},
                "TagResources": {"TagResource": [{"ResourceId": "cds-a"}]},
            })
        );
    }
}
