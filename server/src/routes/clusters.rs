//! `GET /api/v1/clusters`, `GET /api/v1/clusters/{id}` (`?fresh=true` asks the cloud) and
//! `GET /api/v1/clusters/{id}/timeline`: the cached snapshots, for viewers and up. A token
//! limited to some clusters sees only those.

use actix_web::web;
use shared::rest::FieldError;
use shared::rest::rules::code;
use shared::rest_clusters::{
    ClusterDetail, ClusterFilter, ClusterList, FreshQuery, TimelinePage, TimelineQuery,
};

use crate::auth::{RequireRole, roles::Viewer};
use crate::error::AppError;
use crate::operations::ActionError;
use crate::snapshots::Snapshots;
use crate::snapshots::refresher::RefreshError;

/// Timeline page size when none is asked for, and the most one page holds.
const TIMELINE_DEFAULT: u32 = 20;
const TIMELINE_MAX: u32 = 100;

#[tracing::instrument(name = "list clusters", skip_all)]
pub async fn list_clusters(
    snapshots: web::Data<Snapshots>,
    viewer: RequireRole<Viewer>,
    filter: web::Query<ClusterFilter>,
) -> Result<web::Json<ClusterList>, AppError> {
    let clusters = snapshots.list(&filter, viewer.0.clusters()).await?;
    Ok(web::Json(ClusterList { clusters }))
}

#[tracing::instrument(name = "get cluster", skip_all, fields(cluster_id = %id))]
pub async fn get_cluster(
    snapshots: web::Data<Snapshots>,
    viewer: RequireRole<Viewer>,
    id: web::Path<String>,
    query: web::Query<FreshQuery>,
) -> Result<web::Json<ClusterDetail>, ActionError> {
    viewer.0.require_cluster(&id)?;
    if query.fresh {
        snapshots.refresh_cluster(&id).await.map_err(|e| match e {
            // The cloud's Code, Message and RequestId, as the action route answers them.
            RefreshError::Cloud(failed) => ActionError::Cloud {
                error: failed.error,
                attempts: failed.attempts,
            },
            RefreshError::Database(e) => AppError::from(e).into(),
        })?;
    }
    // A cluster the cloud no longer has is answered with its last snapshot and `deleted_at`.
    let detail = snapshots.detail(&id).await.map_err(AppError::from)?;
    detail
        .map(web::Json)
        .ok_or_else(|| no_such_cluster(&id).into())
}

#[tracing::instrument(name = "get cluster timeline", skip_all, fields(cluster_id = %id))]
pub async fn get_cluster_timeline(
    snapshots: web::Data<Snapshots>,
    viewer: RequireRole<Viewer>,
    id: web::Path<String>,
    query: web::Query<TimelineQuery>,
) -> Result<web::Json<TimelinePage>, AppError> {
    viewer.0.require_cluster(&id)?;
    let limit = query.limit.unwrap_or(TIMELINE_DEFAULT);
    if !(1..=TIMELINE_MAX).contains(&limit) {
        return Err(AppError::field(FieldError::new(
            "limit",
            code::RANGE,
            format!("must be between 1 and {TIMELINE_MAX}"),
        )));
    }
    let page = snapshots.timeline(&id, query.before, limit).await?;
    if page.entries.is_empty() && query.before.is_none() {
        return Err(no_such_cluster(&id));
    }
    Ok(web::Json(page))
}

fn no_such_cluster(id: &str) -> AppError {
    AppError::not_found(format!("no snapshot of cluster {id}"))
}
