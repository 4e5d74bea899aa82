//! The cluster list's filters: region, status, name (or id) and tag.

use shared::enums::ClusterStatus;
use shared::rest_clusters::{ClusterListItem, TagFilter};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterFilter {
    /// Part of the name or id, any case.
    pub text: String,
    pub region: Option<String>,
    pub status: Option<ClusterStatus>,
    /// `key` (any value) or `key=value`, as the server's `tag` filter reads it.
    pub tag: String,
}

impl ClusterFilter {
    pub fn matches(&self, item: &ClusterListItem) -> bool {
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
            .is_some_and(|status| item.status.as_ref() != Some(status))
        {
            return false;
        }
        let text = self.text.trim().to_lowercase();
        if !text.is_empty() {
            let found = [item.name.as_deref(), Some(item.cluster_id.as_str())]
                .into_iter()
                .flatten()
                .any(|s| s.to_lowercase().contains(&text));
            if !found {
                return false;
            }
        }
        let tag = self.tag.trim();
        if !tag.is_empty() {
            let filter = TagFilter::parse(tag);
            let filter = TagFilter {
                key: filter.key.trim().to_owned(),
                value: filter.value.map(|v| v.trim().to_owned()),
            };
            if !filter.matches(&item.tags) {
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
    let mut statuses: Vec<ClusterStatus> = items.iter().filter_map(|i| i.status.clone()).collect();
    statuses.sort();
    statuses.dedup();
    statuses
}

/// Something is still moving (Creating, Resizing, ...): the list keeps refreshing itself.
pub fn any_in_progress(items: &[ClusterListItem]) -> bool {
    items.iter().any(|i| {
        i.status
            .as_ref()
            .is_some_and(ClusterStatus::is_transitional)
    })
}

#[cfg(test)]
mod tests {
    use shared::rest_clusters::{ClusterTag, Freshness};

    use super::*;

    fn item(
        id: &str,
        name: &str,
        region: &str,
        status: ClusterStatus,
        tags: &[(&str, &str)],
    ) -> ClusterListItem {
        ClusterListItem {
            cluster_id: id.into(),
            region_id: region.into(),
            name: Some(name.into()),
            status: Some(status),
            major_version: Some("3.11".into()),
            minor_version: None,
            pay_type: None,
            data_center_count: 1,
            node_count: 3,
            tags: tags
                .iter()
                .map(|(k, v)| ClusterTag {
                    key: (*k).into(),
                    value: (*v).into(),
                })
                .collect(),
            freshness: Freshness {
                fetched_at: "2026-12-04T10:00:00Z".into(),
                age_seconds: 3,
                changed_at: "2026-12-04T09:00:00Z".into(),
                deleted_at: None,
            },
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
            .map(|i| i.cluster_id.clone())
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
