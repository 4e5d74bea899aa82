//! `GET /api/v1/info`: what the panel talks to.

use serde::{Deserialize, Serialize};

/// The answer of `GET /api/v1/info`. The server defines it in `server/src/routes/info.rs`
/// (not in `shared::rest`), so the app reads only the fields it shows, leniently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Info {
    pub version: String,
    /// Running against the built-in emulator (no AccessKey configured).
    pub sandbox: bool,
    /// The regions the panel watches; `None` until the cloud answered.
    #[serde(default)]
    pub regions: Option<Vec<String>>,
}
