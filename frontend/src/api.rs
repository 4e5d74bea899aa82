//! The one typed client of the panel's REST API (`/api/v1`).
//!
//! JSON in and out, cookies sent (`credentials: same-origin`), and on every request that can
//! change something the `X-CSRF-Token` header echoing the `cassadmin_csrf` cookie. Errors come
//! back as [`ApiError`], decoded from our error envelope.

mod error;
mod info;

use std::pin::Pin;

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::Action;
use shared::rest::{
    AuditFilter, CSRF_COOKIE, CSRF_HEADER, CreatedToken, LoginRequest, Me, NewToken, NewUser,
    PasswordChange, SessionInfo, TokenId, User, UserId, UserPatch,
};
use shared::rest_clusters::{ClusterDetail, ClusterList};
use web_sys::RequestCredentials;

pub use error::{ApiError, CloudError, ErrorBody, FieldIssue};
pub use info::Info;

use crate::state::query::audit_query;

const BASE: &str = "/api/v1";
/// The header that makes a create safe to retry (the server derives the `ClientToken`).
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

pub async fn login(request: &LoginRequest) -> Result<SessionInfo, ApiError> {
    Call::post("/auth/login").json(request)?.send().await
}

pub async fn logout() -> Result<(), ApiError> {
    Call::post("/auth/logout").send().await
}

pub async fn me() -> Result<Me, ApiError> {
    Call::get("/me").send().await
}

pub async fn info() -> Result<Info, ApiError> {
    Call::get("/info").send().await
}

/// The cluster list from the snapshots (filtered here, as the user types).
pub async fn clusters() -> Result<ClusterList, ApiError> {
    Call::get("/clusters").send().await
}

/// One cluster from its snapshot; `fresh` asks the cloud first.
pub async fn cluster(id: &str, fresh: bool) -> Result<ClusterDetail, ApiError> {
    let id = String::from(js_sys::encode_uri_component(id));
    let query = if fresh { "?fresh=true" } else { "" };
    Call::get(&format!("/clusters/{id}{query}")).send().await
}

/// Run a cloud action through the panel: `POST /api/v1/actions/{Action}`.
pub async fn action<A: Action>(request: &A) -> Result<A::Response, ApiError> {
    Call::post(&action_path::<A>()).json(request)?.send().await
}

/// Like [`action`], for creates: a retry with the same `key` never makes a second resource.
pub async fn action_idempotent<A: Action>(request: &A, key: &str) -> Result<A::Response, ApiError> {
    Call::post(&action_path::<A>())
        .idempotency_key(key)
        .json(request)?
        .send()
        .await
}

/// A read, as data. Every read of the tabs and admin pages goes through [`fetch`] and is kept
/// as text until shown ([`parse`]): one future type and one resource type for all of them,
/// where a typed resource per answer would compile the reactive machinery once per type (about
/// 5 KB of WASM each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    path: String,
    /// A POST body (the actions); `None` for a GET.
    body: Option<String>,
}

impl Read {
    /// `GET /api/v1{path}`.
    pub fn get(path: impl Into<String>) -> Read {
        Read {
            path: path.into(),
            body: None,
        }
    }

    /// A reading cloud action, `POST /api/v1/actions/{Action}`.
    pub fn action<A: Action>(request: &A) -> Read {
        Read {
            path: action_path::<A>(),
            // Request types are plain structs of strings and numbers: writing them as JSON
            // cannot fail (and an empty body would only get a clear 400).
            body: Some(serde_json::to_string(request).unwrap_or_default()),
        }
    }
}

/// A read's answer as text (2xx), or why there is none.
pub type Fetched = Result<String, ApiError>;

pub async fn fetch(read: Read) -> Fetched {
    let method = if read.body.is_some() {
        Method::POST
    } else {
        Method::GET
    };
    let mut call = Call::new(method, &read.path);
    call.body = read.body;
    let (status, body) = call.exchange().await?;
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(ApiError::from_response(status, &body))
    }
}

/// Read a [`fetch`]ed answer as `T`.
pub fn parse<T: DeserializeOwned>(fetched: &Fetched) -> Result<T, ApiError> {
    match fetched {
        Ok(text) => decode(200, text),
        Err(error) => Err(error.clone()),
    }
}

/// What every changing action answers: the cloud's `RequestId`, and the id of what a create
/// made. The request was built and checked as its `shared` type (see `state::form`); reading
/// every answer through this one type rather than thirty response types keeps the app small.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Receipt {
    #[serde(rename = "RequestId")]
    pub request_id: String,
    #[serde(rename = "ClusterId")]
    pub cluster_id: Option<String>,
    #[serde(rename = "DataCenterId")]
    pub data_center_id: Option<String>,
}

/// Post a changing action whose request is already JSON (a `shared` request type, serialised).
pub async fn change(name: &str, json: String, key: Option<&str>) -> Result<Receipt, ApiError> {
    let mut call = Call::post(&format!("/actions/{name}"));
    call.body = Some(json);
    if let Some(key) = key {
        call = call.idempotency_key(key);
    }
    call.send().await
}

pub async fn change_password(change: &PasswordChange) -> Result<SessionInfo, ApiError> {
    Call::post("/me/password").json(change)?.send().await
}

pub async fn create_user(user: &NewUser) -> Result<User, ApiError> {
    Call::post("/users").json(user)?.send().await
}

pub async fn update_user(id: UserId, patch: &UserPatch) -> Result<User, ApiError> {
    Call::new(Method::PATCH, &format!("/users/{id}"))
        .json(patch)?
        .send()
        .await
}

pub async fn delete_user(id: UserId) -> Result<(), ApiError> {
    Call::new(Method::DELETE, &format!("/users/{id}"))
        .send()
        .await
}

pub async fn create_token(token: &NewToken) -> Result<CreatedToken, ApiError> {
    Call::post("/tokens").json(token)?.send().await
}

pub async fn revoke_token(id: TokenId) -> Result<(), ApiError> {
    Call::new(Method::DELETE, &format!("/tokens/{id}"))
        .send()
        .await
}

/// The export of the rows `filter` selects, as a link the browser downloads (`csv` or
/// `ndjson`); the session cookie authenticates it.
pub fn audit_export_url(filter: &AuditFilter, format: &str) -> String {
    let filter = AuditFilter {
        before: None,
        limit: None,
        ..filter.clone()
    };
    format!("{BASE}/audit/export.{format}{}", audit_query(&filter))
}

fn action_path<A: Action>() -> String {
    format!("/actions/{}", A::META.name)
}

/// A request on its way: the answer's status and body.
type Exchange = Pin<Box<dyn Future<Output = Result<(u16, String), ApiError>>>>;

/// One request being built.
struct Call {
    method: Method,
    path: String,
    body: Option<String>,
    idempotency_key: Option<String>,
}

impl Call {
    fn new(method: Method, path: &str) -> Call {
        Call {
            method,
            path: path.to_owned(),
            body: None,
            idempotency_key: None,
        }
    }

    fn get(path: &str) -> Call {
        Call::new(Method::GET, path)
    }

    fn post(path: &str) -> Call {
        Call::new(Method::POST, path)
    }

    fn idempotency_key(mut self, key: &str) -> Call {
        self.idempotency_key = Some(key.to_owned());
        self
    }

    fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Call, ApiError> {
        let json = serde_json::to_string(body).map_err(|e| ApiError::Unexpected {
            status: 0,
            detail: e.to_string(),
        })?;
        self.body = Some(json);
        Ok(self)
    }

    async fn send<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let (status, body) = self.exchange().await?;
        decode(status, &body)
    }

    /// The request and its answer's status and body. Boxed, so the transport is compiled once
    /// rather than into every typed call (it is most of the size of each).
    fn exchange(self) -> Exchange {
        Box::pin(async move {
            let network = |e: gloo_net::Error| ApiError::Network(e.to_string());
            let mut request = RequestBuilder::new(&format!("{BASE}{}", self.path))
                .method(self.method.clone())
                .credentials(RequestCredentials::SameOrigin)
                .header("Accept", "application/json");
            if self.method != Method::GET
                && let Some(token) = csrf_token()
            {
                request = request.header(CSRF_HEADER, &token);
            }
            if let Some(key) = &self.idempotency_key {
                request = request.header(IDEMPOTENCY_HEADER, key);
            }
            let request = match self.body {
                Some(json) => request
                    .header("Content-Type", "application/json")
                    .body(json),
                None => request.build(),
            }
            .map_err(network)?;
            let response = request.send().await.map_err(network)?;
            let status = response.status();
            let body = response.text().await.map_err(network)?;
            Ok((status, body))
        })
    }
}

/// Read an answer: the expected type on 2xx, our error envelope otherwise.
fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, body));
    }
    // 204 No Content and empty bodies read as JSON null, which `()` and `Option` accept.
    let body = if body.trim().is_empty() { "null" } else { body };
    serde_json::from_str(body).map_err(|e| ApiError::Unexpected {
        status,
        detail: format!(
            "the panel's answer does not match this app ({e}); reload the page, the app may be \
             older than the server"
        ),
    })
}

/// The CSRF token the server set at login (the cookie is readable by design; the session
/// cookie itself is HttpOnly).
fn csrf_token() -> Option<String> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?;
    let cookies = document.cookie().ok()?;
    cookie_value(&cookies, CSRF_COOKIE).map(str::to_owned)
}

/// The value of cookie `name` in a `document.cookie` string (`a=1; b=2`).
fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// A fresh idempotency key (a random UUID v4), for one create the user means to make once.
///
/// From `crypto.getRandomValues`, which unlike `crypto.randomUUID` also exists when the panel
/// is served over plain HTTP on a LAN address; the key needs to be unique, not secret.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}

/// Format 16 random bytes as an RFC 9562 version 4 UUID.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use shared::actions::DescribeRegionsRequest;
    use shared::rest::ErrorCode;

    use super::*;

    #[test]
    fn finds_the_csrf_cookie_among_others() {
        let cookies = "theme=dark; cassadmin_csrf=abc123; other=cassadmin_csrf";
        assert_eq!(cookie_value(cookies, "cassadmin_csrf"), Some("abc123"));
        assert_eq!(
            cookie_value("cassadmin_csrf=x=y", "cassadmin_csrf"),
            Some("x=y")
        );
        assert_eq!(cookie_value("xcassadmin_csrf=1", "cassadmin_csrf"), None);
        assert_eq!(cookie_value("cassadmin_csrf=", "cassadmin_csrf"), None);
        assert_eq!(cookie_value("", "cassadmin_csrf"), None);
    }

    #[test]
    fn decodes_success_empty_and_error_bodies() {
        let info: Info = decode(200, r#"{"version":"0.1.0","sandbox":true}"#).unwrap();
        assert!(info.sandbox);
        decode::<()>(204, "").unwrap();
        let err = decode::<Info>(
            403,
            r#"{"error":{"code":"forbidden","message":"admins only","request_id":"r"}}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::Forbidden));
        let err = decode::<Info>(200, r#"{"sandbox":"maybe"}"#).unwrap_err();
        assert!(matches!(err, ApiError::Unexpected { status: 200, .. }));
    }

    #[test]
    fn idempotency_keys_are_v4_uuids_and_valid_client_tokens() {
        let key = uuid_v4([0xff; 16]);
        assert_eq!(key, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert!(shared::rules::ClientToken::parse(&key).is_ok());
    }

    #[test]
    fn actions_are_posted_under_their_wire_name() {
        assert_eq!(
            action_path::<DescribeRegionsRequest>(),
            "/actions/DescribeRegions"
        );
    }
}
