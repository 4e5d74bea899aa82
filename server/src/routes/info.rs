//! `GET /api/v1/info`: which cloud this panel talks to, for the UI's sandbox banner and for
//! tools. Public: it holds nothing secret (no endpoint, no AccessKey id).
//!
//! ```json
//! {"backend": "emulator", "sandbox": true, "version": "0.1.0",
//!  "regions": ["cn-hangzhou", "cn-shanghai"], "regions_configured": false}
//! ```

use std::time::Duration;

use actix_web::web;
use serde::Serialize;

use crate::backend::{Backend, BackendKind};

/// How long the first call waits for DescribeRegions before answering without regions.
const REGIONS_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Serialize)]
pub struct Info {
    /// `emulator` (the built-in sandbox) or `cloud`.
    pub backend: BackendKind,
    /// True when nothing done here touches a real cloud.
    pub sandbox: bool,
    /// cassadmin's version.
    pub version: &'static str,
    /// The regions watched; `null` while not yet known (the cloud has not answered).
    pub regions: Option<Vec<String>>,
    /// Whether the regions were configured (`CASSADMIN_REGIONS`) rather than all of them.
    pub regions_configured: bool,
}

pub async fn get_info(backend: web::Data<Backend>) -> web::Json<Info> {
    let regions = match backend.known_regions() {
        Some(regions) => Some(regions),
        None => match tokio::time::timeout(REGIONS_WAIT, backend.regions()).await {
            Ok(Ok(regions)) => Some(regions),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "cannot list the cloud's regions");
                None
            }
            Err(_) => None,
        },
    };
    web::Json(Info {
        backend: backend.kind(),
        sandbox: backend.is_sandbox(),
        version: env!("CARGO_PKG_VERSION"),
        regions,
        regions_configured: backend.configured_regions().is_some(),
    })
}
