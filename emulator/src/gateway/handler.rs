//! The one HTTP handler: every method and path lands here, goes through verification, faults
//! and the world, and leaves as the cloud's answer. Nothing a client sends can make it answer
//! anything but the cloud's envelope; a panic becomes `InternalError`.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::{FutureExt as _, StreamExt as _};
use rpc_signature::Method;
use serde_json::Value;

use super::keys::KeyStore;
use super::nonce::NonceCache;
use super::params;
use super::response::{self, Format, Rejection, RequestId};
use super::verify::{Verified, Verifier};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::faults::Faults;
use crate::world::{CallContext, World};

/// Form bodies larger than this are refused (`RequestEntityTooLarge`).
const MAX_BODY_BYTES: usize = 1 << 20;

/// Everything the handler shares across workers.
pub(crate) struct Gateway {
    pub(crate) keys: KeyStore,
    pub(crate) nonces: NonceCache,
    pub(crate) clock: Clock,
    pub(crate) world: Arc<World>,
    pub(crate) faults: Faults,
    pub(crate) timestamp_window: Duration,
}

/// How a request ended, for the response and the log line.
struct Outcome {
    format: Format,
    /// Known once verified: the catalog's name and the caller's key ID.
    action: Option<&'static str>,
    access_key_id: Option<String>,
    result: Result<(&'static str, serde_json::Map<String, Value>), Rejection>,
}

impl Outcome {
    /// An `InternalError` in JSON until the request says otherwise (what a panic leaves).
    fn new() -> Self {
        Self {
            format: Format::Json,
            action: None,
            access_key_id: None,
            result: Err(ApiError::internal_error().into()),
        }
    }

    fn reject(mut self, rejection: impl Into<Rejection>) -> Self {
        self.result = Err(rejection.into());
        self
    }
}

pub(crate) async fn handle(
    request: HttpRequest,
    payload: web::Payload,
    gateway: web::Data<Gateway>,
) -> HttpResponse {
    let started = Instant::now();
    let request_id = RequestId::new();
    let outcome = contained(process(&gateway, &request, payload, &request_id)).await;
    let (response, code) = match outcome.result {
        Ok((action, body)) => (
            response::success(outcome.format, action, &request_id, body),
            None,
        ),
        Err(rejection) => (
            response::failure(outcome.format, &request_id, &rejection),
            Some(rejection.error.code),
        ),
    };
    // Never the query string or the body: the old SDK puts passwords in the URL.
    tracing::info!(
        request_id = request_id.as_str(),
        action = outcome.action,
        access_key_id = outcome.access_key_id.as_deref(),
        status = response.status().as_u16(),
        code = code.as_deref(),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "emulator request"
    );
    response
}

/// Run `work`, turning a panic into the cloud's `InternalError` (logged, never detailed to
/// the client).
async fn contained(work: impl Future<Output = Outcome>) -> Outcome {
    AssertUnwindSafe(work)
        .catch_unwind()
        .await
        .unwrap_or_else(|_| {
            tracing::error!("request handling panicked; answering InternalError");
            Outcome::new()
        })
}

async fn process(
    gateway: &Gateway,
    request: &HttpRequest,
    payload: web::Payload,
    request_id: &RequestId,
) -> Outcome {
    let mut outcome = Outcome::new();

    // Step 1.
    let Ok(method) = request.method().as_str().parse::<Method>() else {
        return outcome.reject(ApiError::unsupported_http_method());
    };
    if request.path() != "/" {
        return outcome.reject(ApiError::action_not_found());
    }

    // Step 2.
    let body = if method == Method::Post && is_form(request) {
        match read_body(payload).await {
            Ok(body) => Some(body),
            Err(error) => return outcome.reject(error),
        }
    } else {
        None
    };
    let params = match params::merge(request.query_string(), body.as_deref()) {
        Ok(params) => params,
        Err(malformed) => return outcome.reject(ApiError::from(malformed)),
    };
    // An unknown `Format` is refused in step 4, in JSON.
    outcome.format = Format::parse(params.get("Format").map(String::as_str)).unwrap_or_default();

    // Steps 3 to 9.
    let verifier = Verifier {
        keys: &gateway.keys,
        nonces: &gateway.nonces,
        window: gateway.timestamp_window,
        now: gateway.clock.now(),
    };
    let Verified {
        key,
        action,
        params,
    } = match verifier.verify(method, params) {
        Ok(verified) => verified,
        Err(error) => return outcome.reject(error),
    };
    outcome.action = Some(action.name);
    outcome.access_key_id = Some(key.id().to_owned());

    // Step 10: faults, before the world, so that a refused request changes nothing.
    let verdict = gateway.faults.decide(key.id(), action.name);
    if !verdict.delay.is_zero() {
        tokio::time::sleep(verdict.delay).await;
    }
    if let Some(fault) = verdict.fault {
        return outcome.reject(Rejection {
            error: fault.to_api_error(),
            retry_after: fault.retry_after(),
        });
    }

    let context = CallContext {
        access_key_id: key.id().to_owned(),
        request_id: request_id.as_str().to_owned(),
    };
    outcome.result = match gateway.world.handle(action.name, &params, &context) {
        Ok(Value::Object(body)) => Ok((action.name, body)),
        Ok(_) => {
            tracing::error!(action = action.name, "the world answered with a non-object");
            Err(ApiError::internal_error().into())
        }
        Err(error) => Err(error.into()),
    };
    outcome
}

/// `application/x-www-form-urlencoded`, whatever its parameters (`charset=...`).
fn is_form(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

async fn read_body(mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::invalid_parameter("Body"))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ApiError::request_entity_too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[actix_web::test]
    async fn a_panic_becomes_a_clean_internal_error() {
        let outcome = contained(async { panic!("a handler bug") }).await;
        let Err(rejection) = outcome.result else {
            panic!("expected an error");
        };
        assert_eq!(rejection.error, ApiError::internal_error());
        let response = response::failure(outcome.format, &RequestId::new(), &rejection);
        assert_eq!(response.status().as_u16(), 500);
    }

    #[test]
    fn form_bodies_are_recognised_with_any_charset_and_case() {
        for (content_type, form) in [
            ("application/x-www-form-urlencoded", true),
            ("application/x-www-form-urlencoded; charset=UTF-8", true),
            ("Application/X-WWW-Form-Urlencoded;charset=ISO-8859-1", true),
            ("application/json", false),
            ("multipart/form-data; boundary=x", false),
        ] {
            let request = TestRequest::post()
                .insert_header((CONTENT_TYPE, content_type))
                .to_http_request();
            assert_eq!(is_form(&request), form, "{content_type}");
        }
        assert!(!is_form(&TestRequest::post().to_http_request()));
    }
}
