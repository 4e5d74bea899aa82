//! Answers in the cloud's shape: a JSON (or XML) body with `RequestId`, and the error envelope
//! with `RequestId`, `HostId`, `Code`, `Message` and `Recommend` (protocol section 9).

use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;
use serde_json::{Map, Value};

use super::xml;
use crate::error::ApiError;

/// The endpoint the emulator stands in for, reported as `HostId`.
pub const HOST_ID: &str = "cassandra.aliyuncs.com";

/// The response format a request asked for with `Format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Format {
    #[default]
    Json,
    Xml,
}

impl Format {
    /// `JSON` when absent; `JSON` or `XML` in any case (the Tea client sends `json`); `None`
    /// for any other value.
    pub(crate) fn parse(value: Option<&str>) -> Option<Self> {
        match value {
            None => Some(Format::Json),
            Some(v) if v.eq_ignore_ascii_case("json") => Some(Format::Json),
            Some(v) if v.eq_ignore_ascii_case("xml") => Some(Format::Xml),
            Some(_) => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json;charset=utf-8",
            Format::Xml => "text/xml;charset=utf-8",
        }
    }
}

/// A request's id: an upper-case UUID, in the body and in `x-acs-request-id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestId(String);

impl RequestId {
    pub(crate) fn new() -> Self {
        Self(
            uuid::Uuid::new_v4()
                .hyphenated()
                .to_string()
                .to_ascii_uppercase(),
        )
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// A refusal, with the `x-acs-retry-after` of a throttling refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) error: ApiError,
    pub(crate) retry_after: Option<Duration>,
}

impl From<ApiError> for Rejection {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

/// 200 with the action's fields and `RequestId` (which replaces any the handler set).
pub(crate) fn success(
    format: Format,
    action: &str,
    request_id: &RequestId,
    mut body: Map<String, Value>,
) -> HttpResponse {
    let payload = match format {
        Format::Json => {
            body.insert("RequestId".into(), Value::String(request_id.0.clone()));
            serde_json::to_vec(&body)
        }
        Format::Xml => {
            let id = Value::String(request_id.0.clone());
            let fields = body
                .iter()
                .filter(|(name, _)| *name != "RequestId")
                .map(|(name, value)| (name.as_str(), value));
            let root = format!("{action}Response");
            Ok(
                xml::document(&root, std::iter::once(("RequestId", &id)).chain(fields))
                    .into_bytes(),
            )
        }
    };
    match payload {
        Ok(payload) => respond(StatusCode::OK, format, request_id, None, payload),
        // Serialising a `Value` with string keys cannot fail; answer like the cloud if it does.
        Err(_) => failure(
            format,
            request_id,
            &Rejection::from(ApiError::internal_error()),
        ),
    }
}

/// The error envelope, with the error's status.
pub(crate) fn failure(
    format: Format,
    request_id: &RequestId,
    rejection: &Rejection,
) -> HttpResponse {
    let error = &rejection.error;
    let envelope = Envelope {
        request_id: request_id.as_str(),
        host_id: HOST_ID,
        code: &error.code,
        message: &error.message,
        recommend: recommend(&error.code, request_id),
    };
    let payload = match format {
        Format::Json => serde_json::to_vec(&envelope).unwrap_or_default(),
        Format::Xml => envelope.to_xml().into_bytes(),
    };
    let status = StatusCode::from_u16(error.status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    respond(status, format, request_id, rejection.retry_after, payload)
}

fn respond(
    status: StatusCode,
    format: Format,
    request_id: &RequestId,
    retry_after: Option<Duration>,
    payload: Vec<u8>,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((
            CONTENT_TYPE,
            HeaderValue::from_static(format.content_type()),
        ))
        .insert_header(("x-acs-request-id", request_id.as_str()));
    if let Some(retry_after) = retry_after {
        // Milliseconds, as the Tea client reads it (`ThrottlingException.retry_after`).
        response.insert_header(("x-acs-retry-after", retry_after.as_millis().to_string()));
    }
    response.body(payload)
}

/// The troubleshooting link current responses carry.
fn recommend(code: &str, request_id: &RequestId) -> String {
    format!(
        "https://api.aliyun.com/troubleshoot?q={}&product=Cassandra&requestId={}",
        rpc_signature::percent_encode(code),
        request_id.as_str()
    )
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope<'a> {
    request_id: &'a str,
    host_id: &'a str,
    code: &'a str,
    message: &'a str,
    recommend: String,
}

impl Envelope<'_> {
    fn to_xml(&self) -> String {
        let fields = [
            ("RequestId", Value::from(self.request_id)),
            ("HostId", Value::from(self.host_id)),
            ("Code", Value::from(self.code)),
            ("Message", Value::from(self.message)),
            ("Recommend", Value::from(self.recommend.as_str())),
        ];
        xml::document("Error", fields.iter().map(|(name, value)| (*name, value)))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;

    use super::*;

    #[test]
    fn formats_are_case_insensitive_and_default_to_json() {
        assert_eq!(Format::parse(None), Some(Format::Json));
        assert_eq!(Format::parse(Some("json")), Some(Format::Json));
        assert_eq!(Format::parse(Some("JSON")), Some(Format::Json));
        assert_eq!(Format::parse(Some("Xml")), Some(Format::Xml));
        assert_eq!(Format::parse(Some("yaml")), None);
        assert_eq!(Format::parse(Some("")), None);
    }

    #[test]
    fn request_ids_are_upper_case_uuids() {
        let id = RequestId::new();
        let parsed = uuid::Uuid::parse_str(id.as_str()).expect("a UUID");
        assert_eq!(
            id.as_str(),
            parsed.hyphenated().to_string().to_ascii_uppercase()
        );
        assert_ne!(RequestId::new(), id);
    }

    #[actix_web::test]
    async fn the_error_envelope_carries_every_field_and_the_retry_after_header() {
        let id = RequestId::new();
        let rejection = Rejection {
            error: ApiError::throttling_user(),
            retry_after: Some(Duration::from_millis(1200)),
        };
        let response = failure(Format::Json, &id, &rejection);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers().get("x-acs-retry-after").unwrap(), "1200");
        assert_eq!(
            response.headers().get(CONTENT_TYPE).unwrap(),
            "application/json;charset=utf-8"
        );
        let body = to_bytes(response.into_body()).await.unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "RequestId": id.as_str(),
                "HostId": "cassandra.aliyuncs.com",
                "Code": "Throttling.User",
                "Message": "Request was denied due to user flow control.",
                "Recommend": format!(
                    "https://api.aliyun.com/troubleshoot?q=Throttling.User&product=Cassandra&requestId={}",
                    id.as_str()
                ),
            })
        );
    }

    #[actix_web::test]
    async fn xml_errors_and_successes_have_the_documented_roots() {
        let id = RequestId::new();
        let response = failure(Format::Xml, &id, &ApiError::action_not_found().into());
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            response.headers().get(CONTENT_TYPE).unwrap(),
            "text/xml;charset=utf-8"
        );
        let body = to_bytes(response.into_body()).await.unwrap();
        let body = std::str::from_utf8(&body).unwrap();
        assert!(body.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>"#));
        assert!(body.contains("<Code>InvalidAction.NotFound</Code>"));
        assert!(
            body.contains("&amp;product=Cassandra&amp;requestId="),
            "{body}"
        );

        let mut fields = Map::new();
        fields.insert("RequestId".into(), Value::from("from-the-handler"));
        fields.insert("TotalCount".into(), Value::from(0));
        let response = success(Format::Xml, "DescribeClusters", &id, fields);
        let body = to_bytes(response.into_body()).await.unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><DescribeClustersResponse><RequestId>{}</RequestId><TotalCount>0</TotalCount></DescribeClustersResponse>"#,
                id.as_str()
            )
        );
    }

    #[test]
    fn a_status_that_is_not_an_error_answers_500() {
        let id = RequestId::new();
        let odd = Rejection::from(ApiError::new(200, "Odd", "not an error status"));
        assert_eq!(
            failure(Format::Json, &id, &odd).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
