//! Request extractors shared by the routes: JSON bodies whose errors name the field, and the
//! request facts the audit log records (client address, user agent, request id).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use shared::rest::{FieldError, rules::code};

use crate::error::AppError;
use crate::telemetry::RequestId;

/// Largest JSON body we read (users, tokens and cloud actions are all small).
pub const JSON_LIMIT: usize = 64 * 1024;

/// A JSON body. Unlike `web::Json`, a field of the wrong type or a missing field answers
/// a validation error naming that field, and the message never repeats the value sent
/// (which may be a password).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"));
        let bytes = Bytes::from_request(req, payload);
        Box::pin(async move {
            // Requiring the JSON content type is also a CSRF defence: a cross-site form
            // cannot send it without a CORS preflight.
            if !is_json {
                return Err(AppError::BadRequest(
                    "expected Content-Type: application/json".into(),
                ));
            }
            let bytes = bytes.await.map_err(|_| {
                AppError::BadRequest(format!(
                    "the body must be JSON of at most {JSON_LIMIT} bytes"
                ))
            })?;
            parse_json(&bytes).map(Json)
        })
    }
}

/// Deserialises `bytes`, turning serde's error into a field error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => Ok(value),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(AppError::BadRequest("the body is not valid JSON".into()));
            }
            Err(AppError::field(describe(&path, &inner.to_string())))
        }
    }
}

/// Field, rule and a value-free message from a serde error text.
fn describe(path: &str, message: &str) -> FieldError {
    let at = |field: &str| {
        if path == "." {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return FieldError::new(at(field), code::REQUIRED, "is required");
    }
    // serde puts what it expected last ("..., expected a boolean"); what it got comes first
    // and is left out.
    let expected = message
        .rsplit_once("expected ")
        .map(|(_, e)| e.split(" at line ").next().unwrap_or(e).to_owned());
    let field = if path == "." {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    match expected {
        Some(e) if message.starts_with("unknown variant") => {
            FieldError::new(field, code::ONE_OF, format!("must be {e}"))
        }
        Some(e) => FieldError::new(field, code::TYPE, format!("expected {e}")),
        None => FieldError::new(field, code::TYPE, "is not valid"),
    }
}

/// Turns query-string errors into the envelope (no value echoed).
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|e, _| {
        let message = e.to_string();
        let detail = message
            .rsplit_once("expected ")
            .map(|(_, e)| format!(": expected {e}"));
        AppError::BadRequest(format!(
            "invalid query parameters{}",
            detail.unwrap_or_default()
        ))
        .into()
    })
}

/// A path segment that does not parse (`/users/abc`) names no resource: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| AppError::not_found("no such resource").into())
}

/// What the audit log records about a request's origin.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub source: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

/// Set on the app when `CASSADMIN_TRUST_FORWARDED_FOR` is on.
#[derive(Debug, Clone, Copy)]
pub struct TrustForwardedFor(pub bool);

impl RequestMeta {
    pub fn of(req: &HttpRequest) -> Self {
        let trust = req.app_data::<TrustForwardedFor>().is_some_and(|t| t.0);
        let source = if trust {
            req.connection_info().realip_remote_addr().map(strip_port)
        } else {
            req.peer_addr().map(|a| a.ip().to_string())
        };
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(256).collect());
        let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
        Self {
            source,
            user_agent,
            request_id,
        }
    }
}

fn strip_port(addr: &str) -> String {
    match addr.parse::<std::net::SocketAddr>() {
        Ok(sock) => sock.ip().to_string(),
        Err(_) => addr.to_owned(),
    }
}

impl FromRequest for RequestMeta {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Self::of(req)))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use shared::Role;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only the errors are tested")]
    struct Body {
        username: String,
        role: Role,
        disabled: Option<bool>,
    }

    fn field_error(json: &str) -> FieldError {
        match parse_json::<Body>(json.as_bytes()).unwrap_err() {
            AppError::Validation(mut fields) => fields.remove(0),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn missing_fields_are_required() {
        let e = field_error(r#"{"role": "admin"}"#);
        assert_eq!(
            (e.field.as_str(), e.rule.as_str()),
            ("username", "required")
        );
    }

    #[test]
    fn wrong_values_name_the_field_without_echoing_it() {
        let e = field_error(r#"{"username": "a", "role": "root-canary"}"#);
        assert_eq!((e.field.as_str(), e.rule.as_str()), ("role", "one_of"));
        assert!(!e.message.contains("root-canary"), "{}", e.message);
        let e = field_error(r#"{"username": "a", "role": "admin", "disabled": "s3cret-canary"}"#);
        assert_eq!((e.field.as_str(), e.rule.as_str()), ("disabled", "type"));
        assert!(!e.message.contains("s3cret-canary"), "{}", e.message);
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        assert!(matches!(
            parse_json::<Body>(b"{"),
            Err(AppError::BadRequest(_))
        ));
    }
}
