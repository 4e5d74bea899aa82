//! The cluster list's filters: region, status, name (or id) and tag.

use shared::enums::ClusterStatus;

use crate::api::ClusterListItem;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterFilter {
    /// Part of the name or id, any case.
    pub text: String,
    pub region: Option<String>,
    pub status: Option<ClusterStatus>,
    /// `key` (any value) or `key=value`.
    pub tag: String,
}

impl ClusterFilter {
    pub fn matches(&self, item: &ClusterListItem) -> bool {
        let cluster = &item.cluster;
        if self
            .region
            .as_ref()
            .is_some_and(|region| *region != item.region_id)
        {
            return false;
        }
        if self
            .status
            .as_ref()
            .is_some_and(|status| cluster.status.as_ref() != Some(status))
        {
            return false;
        }
        let text = self.text.trim().to_lowercase();
        if !text.is_empty() {
            let found = [&cluster.cluster_name, &cluster.cluster_id]
                .into_iter()
                .flatten()
                .any(|s| s.to_lowercase().contains(&text));
            if !found {
                return false;
            }
        }
        let tag = self.tag.trim();
        if !tag.is_empty() {
            let (key, value) = match tag.split_once('=') {
                Some((key, value)) => (key.trim(), Some(value.trim())),
                None => (tag, None),
            };
            let found = cluster.tags.iter().any(|t| {
                t.key.as_deref() == Some(key)
                    && value.is_none_or(|v| t.value.as_deref().unwrap_or_default() == v)
            });
            if !found {
                return false;
            }
        }
        true
    }

    pub fn is_empty(&self) -> bool {
        *self == ClusterFilter::default()
    }
}

/// The regions present, sorted, for the region filter.
pub fn regions(items: &[ClusterListItem]) -> Vec<String> {
    let mut regions: Vec<String> = items.iter().map(|i| i.region_id.clone()).collect();
    regions.sort();
    regions.dedup();
    regions
}

/// The statuses present, documented ones first, for the status filter.
pub fn statuses(items: &[ClusterListItem]) -> Vec<ClusterStatus> {
    let mut statuses: Vec<ClusterStatus> = items
        .iter()
        .filter_map(|i| i.cluster.status.clone())
        .collect();
    statuses.sort();
    statuses.dedup();
    statuses
}

/// Something is still moving (Creating, Resizing, ...): the list keeps refreshing itself.
pub fn any_in_progress(items: &[ClusterListItem]) -> bool {
    items.iter().any(|i| {
        i.cluster
            .status
            .as_ref()
            .is_some_and(ClusterStatus::is_transitional)
    })
}

#[cfg(test)]
mod tests {
    use shared::actions::{ClusterSummary, Tag};

    use super::*;

    fn item(
        id: &str,
        name: &str,
        region: &str,
        status: ClusterStatus,
        tags: &[(&str, &str)],
    ) -> ClusterListItem {
        ClusterListItem {
            region_id: region.into(),
            cluster: ClusterSummary {
                cluster_id: Some(id.into()),
                cluster_name: Some(name.into()),
                status: Some(status),
                tags: tags
                    .iter()
                    .map(|(k, v)| Tag {
                        key: Some((*k).into()),
                        value: Some((*v).into()),
                    })
                    .collect(),
                ..ClusterSummary::default()
            },
            node_count: Some(3),
            refreshed_at: "2026-12-04T10:00:00Z".into(),
        }
    }

    fn sample() -> Vec<ClusterListItem> {
        vec![
            item(
                "cds-aaa",
                "orders-prod",
                "cn-hangzhou",
                ClusterStatus::Running,
                &[("env", "prod")],
            ),
            item(
                "cds-bbb",
                "orders-test",
                "cn-shanghai",
                ClusterStatus::Creating,
                &[("env", "")],
            ),
            item(
                "cds-ccc",
                "Billing",
                "cn-hangzhou",
                ClusterStatus::Running,
                &[("team", "pay")],
            ),
        ]
    }

    fn ids(filter: &ClusterFilter) -> Vec<String> {
        sample()
            .iter()
            .filter(|i| filter.matches(i))
            .filter_map(|i| i.cluster.cluster_id.clone())
            .collect()
    }

    #[test]
    fn empty_filter_keeps_everything() {
        assert!(ClusterFilter::default().is_empty());
        assert_eq!(
            ids(&ClusterFilter::default()),
            ["cds-aaa", "cds-bbb", "cds-ccc"]
        );
    }

    #[test]
    fn filters_combine() {
        let by_text = ClusterFilter {
            text: " ORDERS ".into(),
            ..Default::default()
        };
        assert_eq!(ids(&by_text), ["cds-aaa", "cds-bbb"]);
        let by_id = ClusterFilter {
            text: "cds-c".into(),
            ..Default::default()
        };
        assert_eq!(ids(&by_id), ["cds-ccc"]);
        let region = ClusterFilter {
            region: Some("cn-hangzhou".into()),
            ..by_text.clone()
        };
        assert_eq!(ids(&region), ["cds-aaa"]);
        let status = ClusterFilter {
            status: Some(ClusterStatus::Creating),
            ..Default::default()
        };
        assert_eq!(ids(&status), ["cds-bbb"]);
    }

    #[test]
    fn tag_filter_by_key_or_key_and_value() {
        let key = ClusterFilter {
            tag: "env".into(),
            ..Default::default()
        };
        assert_eq!(ids(&key), ["cds-aaa", "cds-bbb"]);
        let pair = ClusterFilter {
            tag: "env = prod".into(),
            ..Default::default()
        };
        assert_eq!(ids(&pair), ["cds-aaa"]);
        let empty_value = ClusterFilter {
            tag: "env=".into(),
            ..Default::default()
        };
        assert_eq!(ids(&empty_value), ["cds-bbb"]);
        let none = ClusterFilter {
            tag: "owner".into(),
            ..Default::default()
        };
        assert!(ids(&none).is_empty());
    }

    #[test]
    fn choices_and_progress() {
        let items = sample();
        assert_eq!(regions(&items), ["cn-hangzhou", "cn-shanghai"]);
        assert_eq!(
            statuses(&items),
            [ClusterStatus::Creating, ClusterStatus::Running]
        );
        assert!(any_in_progress(&items));
        assert!(!any_in_progress(&items[..1]));
    }
}
