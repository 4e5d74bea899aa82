//! Monitoring: the CloudMonitor console link of a cluster.

use shared::actions::{GetCmsUrlRequest, GetCmsUrlResponse};

use crate::ApiError;
use crate::world::Call;
use crate::world::ids::stable_hash;

/// The seed's URL shape, with a monitoring group id that is stable per cluster.
pub fn get_cms_url(
    call: &mut Call<'_>,
    req: GetCmsUrlRequest,
) -> Result<GetCmsUrlResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let group_id = 10_000_000 + stable_hash(&[&cluster.id, "cms"]) % 90_000_000;
    let url = format!(
        "https://cloudmonitor.console.aliyun.com?instanceId={}#/group/groupId={group_id}\
         &groupName={}-cassandra/groupdashboard/cds//",
        cluster.id, call.config.account_id
    );
    Ok(GetCmsUrlResponse {
        url: Some(url),
        ..Default::default()
    })
}
