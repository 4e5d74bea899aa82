//! The emulated cloud's state and one handler per action (owned by the world engineer).
//!
//! Interface used by the gateway:
//! `World::handle(&self, action: &str, params: &BTreeMap<String, String>, ctx: &CallContext)
//!     -> Result<serde_json::Value, ApiError>`
//! where `params` are the operation parameters (common parameters removed), `ctx` carries the
//! caller's AccessKeyId and the request id, and the `Value` is the response body without
//! `RequestId` (the gateway adds it).

use std::collections::BTreeMap;

use crate::ApiError;

/// Who is calling, for per-account state and ids in answers.
#[derive(Debug, Clone)]
pub struct CallContext {
    pub access_key_id: String,
    pub request_id: String,
}

/// The emulated cloud.
#[derive(Debug, Default)]
pub struct World {}

impl World {
    pub fn handle(
        &self,
        action: &str,
        params: &BTreeMap<String, String>,
        ctx: &CallContext,
    ) -> Result<serde_json::Value, ApiError> {
        let _ = (params, ctx);
        Err(ApiError::new(404, "InvalidAction.NotFound", format!("Specified api is not found, please check your url and method. ({action})")))
    }
}
