//! Reading the cloud: regions, the clusters of a region, and everything about one cluster.
//!
//! Every request goes through one [`Fetcher`], which bounds how many are in flight (a
//! semaphore shared by the refresher, nudges and `?fresh=true`) and waits at the
//! [`ThrottleGate`] while the cloud throttles us.

use std::sync::Arc;

use futures_util::future::try_join_all;
use shared::Action;
use shared::actions::{
    DescribeBackupPlansRequest, DescribeClusterDashboardRequest, DescribeClusterRequest,
    DescribeClustersRequest, DescribeContactPointsRequest, DescribeDataCentersRequest,
    DescribeIpWhitelistGroupsRequest, DescribeParametersRequest, DescribeRegionsRequest,
    DescribeSecurityGroupsRequest, Parameter,
};
use shared::enums::ClusterStatus;
use shared::rest_clusters::ClusterSnapshot;
use time::OffsetDateTime;
use tokio::sync::Semaphore;

use super::backoff::ThrottleGate;
use super::model::{self, Parts};
use crate::cloud::{CloudClient, CloudError};

/// The largest page the cloud serves for DescribeClusters and DescribeParameters; a smaller
/// cap is fine too, paging goes on until `TotalCount`.
const PAGE_SIZE: i32 = 100;
/// A guard against a cloud whose `TotalCount` never adds up.
const MAX_PAGES: i32 = 1000;

/// The requests one cluster's snapshot takes (parameters may take more pages).
pub const REQUESTS_PER_CLUSTER: usize = 8;

/// A cloud call that failed, and how many HTTP attempts it took.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{error} ({attempts} attempts)")]
pub struct CallFailed {
    pub error: CloudError,
    pub attempts: u32,
}

/// Why one cluster could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The cloud says the cluster does not exist (any more).
    #[error("the cloud has no cluster {0}")]
    Gone(String),
    #[error(transparent)]
    Cloud(#[from] CallFailed),
}

/// A cluster as DescribeClusters lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub cluster_id: String,
    pub status: Option<ClusterStatus>,
}

/// One cluster's snapshot, read at `fetched_at`.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub cluster_id: String,
    /// From the listing, or the data centers; `None` if neither says.
    pub region_id: Option<String>,
    pub snapshot: ClusterSnapshot,
    /// When reading began: the snapshot is at least this fresh.
    pub fetched_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct Fetcher {
    client: CloudClient,
    permits: Arc<Semaphore>,
    gate: Arc<ThrottleGate>,
}

impl Fetcher {
    /// At most `concurrency` requests in flight.
    pub fn new(client: CloudClient, concurrency: usize, gate: Arc<ThrottleGate>) -> Self {
        Self {
            client,
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            gate,
        }
    }

    pub fn gate(&self) -> &ThrottleGate {
        &self.gate
    }

    /// One call, within the concurrency bound, waiting out throttling at the gate.
    pub async fn call<A: Action>(&self, request: &A) -> Result<A::Response, CallFailed> {
        let mut throttled = 0;
        let mut attempts = 0;
        loop {
            self.gate.wait_open().await;
            let result = {
                // Never closed, so acquiring cannot fail; if it ever did, go unbounded
                // rather than fail the refresh.
                let _permit = self.permits.acquire().await.ok();
                self.client.call_observed(request, |_| attempts += 1).await
            };
            match result {
                Ok(response) => {
                    self.gate.succeeded();
                    return Ok(response);
                }
                Err(error) if error.is_throttling() => {
                    throttled += 1;
                    let pause = self.gate.throttled(&error);
                    if throttled >= self.gate.policy().max_throttled {
                        return Err(CallFailed { error, attempts });
                    }
                    tracing::info!(
                        action = A::META.name,
                        pause_ms = pause.as_millis() as u64,
                        "the cloud throttles us; pausing"
                    );
                }
                Err(error) => return Err(CallFailed { error, attempts }),
            }
        }
    }

    /// The regions DescribeRegions lists.
    pub async fn regions(&self) -> Result<Vec<String>, CallFailed> {
        let response = self.call(&DescribeRegionsRequest::default()).await?;
        Ok(response
            .regions
            .0
            .into_iter()
            .filter_map(|r| r.region_id)
            .collect())
    }

    /// Every cluster of `region` (all pages; the pages after the first are read together).
    pub async fn clusters(&self, region: &str) -> Result<Vec<Listed>, CallFailed> {
        let page = |number: i32| DescribeClustersRequest {
            region_id: Some(region.to_owned()),
            page_number: Some(number),
            page_size: Some(PAGE_SIZE),
            ..Default::default()
        };
        let first = self.call(&page(1)).await?;
        let total = first.total_count.unwrap_or(0);
        let served = i64::try_from(first.clusters.len()).unwrap_or(i64::MAX);
        let mut pages = vec![first];
        if served > 0 && total > served {
            let count = (total + served - 1) / served;
            let count = i32::try_from(count).unwrap_or(MAX_PAGES).min(MAX_PAGES);
            let rest = (2..=count).map(|n| {
                let request = page(n);
                async move { self.call(&request).await }
            });
            pages.extend(try_join_all(rest).await?);
        }
        let mut listed: Vec<Listed> = pages
            .into_iter()
            .flat_map(|p| p.clusters.0)
            .filter_map(|c| {
                Some(Listed {
                    cluster_id: c.cluster_id?,
                    status: c.status,
                })
            })
            .collect();
        // A cluster created between two page reads shifts the others by one.
        listed.sort_by(|a, b| a.cluster_id.cmp(&b.cluster_id));
        listed.dedup_by(|a, b| a.cluster_id == b.cluster_id);
        Ok(listed)
    }

    /// Everything about one cluster, read concurrently.
    #[tracing::instrument(skip(self, region_id))]
    pub async fn snapshot(
        &self,
        cluster_id: &str,
        region_id: Option<&str>,
    ) -> Result<Fetched, FetchError> {
        let fetched_at = OffsetDateTime::now_utc();
        let id = || cluster_id.to_owned();
        let gone = |e: CallFailed| {
            if e.error.code() == Some("InvalidClusterId.NotFound") {
                FetchError::Gone(cluster_id.to_owned())
            } else {
                FetchError::Cloud(e)
            }
        };
        let (cluster, data_centers, dashboard, contact_points, groups, security, parameters, plans) =
            tokio::try_join!(
                async {
                    self.call(&DescribeClusterRequest { cluster_id: id() })
                        .await
                        .map_err(gone)
                },
                async {
                    self.call(&DescribeDataCentersRequest { cluster_id: id() })
                        .await
                        .map_err(gone)
                },
                async {
                    let request = DescribeClusterDashboardRequest { cluster_id: id() };
                    self.call(&request).await.map_err(gone)
                },
                async {
                    let request = DescribeContactPointsRequest { cluster_id: id() };
                    self.call(&request).await.map_err(gone)
                },
                async {
                    let request = DescribeIpWhitelistGroupsRequest { cluster_id: id() };
                    self.call(&request).await.map_err(gone)
                },
                async {
                    let request = DescribeSecurityGroupsRequest { cluster_id: id() };
                    self.call(&request).await.map_err(gone)
                },
                async { self.parameters(cluster_id).await.map_err(gone) },
                async {
                    self.call(&DescribeBackupPlansRequest { cluster_id: id() })
                        .await
                        .map_err(gone)
                },
            )?;
        let Some(cluster) = cluster.cluster else {
            return Err(FetchError::Gone(cluster_id.to_owned()));
        };
        let data_centers = data_centers.data_centers.0;
        let region_id = region_id
            .map(str::to_owned)
            .or_else(|| data_centers.iter().find_map(|dc| dc.region_id.clone()));
        let snapshot = model::assemble(Parts {
            cluster,
            data_centers,
            nodes: dashboard
                .dashboard
                .map(|d| d.data_centers.0)
                .unwrap_or_default(),
            contact_points: contact_points.contact_points.0,
            ip_whitelist_groups: groups.groups.0,
            security_group_ids: security.security_group_ids.0,
            parameters,
            backup_plans: plans.backup_plans.0,
        });
        Ok(Fetched {
            cluster_id: cluster_id.to_owned(),
            region_id,
            snapshot,
            fetched_at,
        })
    }

    /// Every page of DescribeParameters (one request for the usual dozen parameters).
    async fn parameters(&self, cluster_id: &str) -> Result<Vec<Parameter>, CallFailed> {
        let mut parameters = Vec::new();
        for number in 1..=MAX_PAGES {
            let request = DescribeParametersRequest {
                cluster_id: cluster_id.to_owned(),
                page_number: Some(number),
                page_size: Some(PAGE_SIZE),
            };
            let page = self.call(&request).await?;
            let served = page.parameters.len();
            parameters.extend(page.parameters.0);
            let total = page
                .total_count
                .and_then(|t| usize::try_from(t).ok())
                .unwrap_or(0);
            if served == 0 || parameters.len() >= total {
                break;
            }
        }
        Ok(parameters)
    }
}
