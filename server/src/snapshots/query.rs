//! Turning stored rows into the REST answers: the list's filters and token scopes, and how
//! old each snapshot is.

use shared::rest_clusters::{ClusterFilter, ClusterListItem, Freshness, TagFilter};
use time::OffsetDateTime;

use super::store::ListRow;
use crate::domain::timestamp;

/// The age of a snapshot read at `fetched_at`, as of `now`.
pub fn freshness(
    fetched_at: OffsetDateTime,
    changed_at: OffsetDateTime,
    deleted_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Freshness {
    let age = (now - fetched_at).whole_seconds();
    Freshness {
        fetched_at: timestamp(fetched_at),
        age_seconds: u64::try_from(age).unwrap_or(0),
        changed_at: timestamp(changed_at),
        deleted_at: deleted_at.map(timestamp),
    }
}

/// The rows that pass `filter` and the caller's cluster `scope` (`None`: every cluster), in
/// the rows' order.
pub fn list_items(
    rows: &[ListRow],
    filter: &ClusterFilter,
    scope: Option<&[String]>,
    now: OffsetDateTime,
) -> Vec<ClusterListItem> {
    let tag = filter.tag.as_deref().map(TagFilter::parse);
    let name = filter.name.as_deref().map(str::to_lowercase);
    rows.iter()
        .filter(|r| scope.is_none_or(|allowed| allowed.contains(&r.cluster_id)))
        .filter(|r| filter.include_deleted.unwrap_or(false) || r.deleted_at.is_none())
        .filter(|r| {
            filter
                .region
                .as_ref()
                .is_none_or(|region| *region == r.region_id)
        })
        .filter(|r| {
            filter.status.as_ref().is_none_or(|wanted| {
                r.summary
                    .status
                    .as_ref()
                    .is_some_and(|s| s.as_str().eq_ignore_ascii_case(wanted.as_str()))
            })
        })
        .filter(|r| {
            name.as_ref().is_none_or(|wanted| {
                r.summary
                    .name
                    .as_ref()
                    .is_some_and(|n| n.to_lowercase().contains(wanted.as_str()))
            })
        })
        .filter(|r| tag.as_ref().is_none_or(|t| t.matches(&r.summary.tags)))
        .map(|r| ClusterListItem {
            cluster_id: r.cluster_id.clone(),
            region_id: r.region_id.clone(),
            name: r.summary.name.clone(),
            status: r.summary.status.clone(),
            major_version: r.summary.major_version.clone(),
            minor_version: r.summary.minor_version.clone(),
            pay_type: r.summary.pay_type.clone(),
            data_center_count: r.summary.data_center_count,
            node_count: r.summary.node_count,
            tags: r.summary.tags.clone(),
            freshness: freshness(r.fetched_at, r.changed_at, r.deleted_at, now),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use shared::enums::ClusterStatus;
    use shared::rest_clusters::ClusterTag;
    use time::macros::datetime;

    use super::*;
    use crate::snapshots::model::Summary;

    fn row(
        id: &str,
        region: &str,
        name: &str,
        status: ClusterStatus,
        tags: &[(&str, &str)],
    ) -> ListRow {
        ListRow {
            cluster_id: id.into(),
            region_id: region.into(),
            summary: Summary {
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
            },
            fetched_at: datetime!(2026-12-04 10:00 UTC),
            changed_at: datetime!(2026-12-01 10:00 UTC),
            deleted_at: None,
        }
    }

    fn rows() -> Vec<ListRow> {
        vec![
            row(
                "cds-1",
                "cn-hangzhou",
                "Orders-Prod",
                ClusterStatus::Running,
                &[("env", "prod")],
            ),
            row(
                "cds-2",
                "cn-hangzhou",
                "orders-staging",
                ClusterStatus::Creating,
                &[("env", "dev")],
            ),
            row(
                "cds-3",
                "cn-shanghai",
                "analytics",
                ClusterStatus::Running,
                &[("team", "")],
            ),
            ListRow {
                deleted_at: Some(datetime!(2026-12-03 10:00 UTC)),
                ..row("cds-4", "cn-shanghai", "old", ClusterStatus::Running, &[])
            },
        ]
    }

    fn ids(filter: ClusterFilter, scope: Option<&[String]>) -> Vec<String> {
        let now = datetime!(2026-12-04 10:00:42 UTC);
        list_items(&rows(), &filter, scope, now)
            .into_iter()
            .map(|i| i.cluster_id)
            .collect()
    }

    #[test]
    fn filters_combine_with_and() {
        assert_eq!(
            ids(ClusterFilter::default(), None),
            ["cds-1", "cds-2", "cds-3"]
        );
        let region = |r: &str| ClusterFilter {
            region: Some(r.into()),
            ..Default::default()
        };
        assert_eq!(ids(region("cn-shanghai"), None), ["cds-3"]);
        let status = ClusterFilter {
            status: Some("running".into()),
            ..Default::default()
        };
        assert_eq!(ids(status, None), ["cds-1", "cds-3"]);
        let name = ClusterFilter {
            name: Some("ORDERS".into()),
            ..Default::default()
        };
        assert_eq!(ids(name, None), ["cds-1", "cds-2"]);
        let tag = |t: &str| ClusterFilter {
            tag: Some(t.into()),
            ..Default::default()
        };
        assert_eq!(ids(tag("env"), None), ["cds-1", "cds-2"]);
        assert_eq!(ids(tag("env=prod"), None), ["cds-1"]);
        assert_eq!(ids(tag("team="), None), ["cds-3"]);
        let both = ClusterFilter {
            name: Some("orders".into()),
            status: Some(ClusterStatus::Creating),
            ..Default::default()
        };
        assert_eq!(ids(both, None), ["cds-2"]);
    }

    #[test]
    fn deleted_clusters_only_on_request_and_scopes_always_apply() {
        let deleted = ClusterFilter {
            include_deleted: Some(true),
            ..Default::default()
        };
        assert_eq!(
            ids(deleted.clone(), None),
            ["cds-1", "cds-2", "cds-3", "cds-4"]
        );
        let scope = ["cds-3".to_owned(), "cds-4".to_owned()];
        assert_eq!(ids(deleted, Some(&scope)), ["cds-3", "cds-4"]);
        assert_eq!(ids(ClusterFilter::default(), Some(&scope)), ["cds-3"]);
        assert!(ids(ClusterFilter::default(), Some(&[])).is_empty());
    }

    #[test]
    fn items_say_how_old_they_are() {
        let now = datetime!(2026-12-04 10:00:42 UTC);
        let items = list_items(&rows(), &ClusterFilter::default(), None, now);
        assert_eq!(items[0].freshness.age_seconds, 42);
        assert_eq!(items[0].freshness.fetched_at, "2026-12-04T10:00:00Z");
        assert_eq!(items[0].freshness.changed_at, "2026-12-01T10:00:00Z");
        let clock_skew = list_items(
            &rows(),
            &ClusterFilter::default(),
            None,
            datetime!(2026-12-04 9:00 UTC),
        );
        assert_eq!(clock_skew[0].freshness.age_seconds, 0);
    }
}
