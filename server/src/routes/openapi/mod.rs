//! `GET /api/openapi.json`: the OpenAPI 3.1 document of every endpoint, and `GET /api/docs`,
//! a page rendering it for people (served from here: nothing is fetched from elsewhere).
//!
//! The 58 actions are documented from `shared/openapi/actions.json`, which
//! `tools/gen_actions.py` generates with the action types, so their schemas cannot drift
//! from the code; the other endpoints are in [`paths`] and [`schemas`].

pub mod paths;
pub mod schemas;

use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use serde_json::{Map, Value, json};

use self::paths::{Operation, error_ref, schema_ref};

/// Generated with the action types (`tools/gen_actions.py`).
const ACTIONS: &str = include_str!("../../../../shared/openapi/actions.json");

const DOCS_HTML: &str = include_str!("docs.html");
const DOCS_JS: &str = include_str!("docs.js");
const DOCS_CSS: &str = include_str!("docs.css");

/// The page runs only its own script and style, and talks only to this server.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                        connect-src 'self'; img-src 'self' data:; base-uri 'none'; \
                        frame-ancestors 'none'";

pub async fn get_openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(serialized())
}

pub async fn get_docs() -> HttpResponse {
    page("text/html; charset=utf-8", DOCS_HTML)
}

pub async fn get_docs_script() -> HttpResponse {
    page("text/javascript; charset=utf-8", DOCS_JS)
}

pub async fn get_docs_style() -> HttpResponse {
    page("text/css; charset=utf-8", DOCS_CSS)
}

fn page(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_CSP),
        ))
        .insert_header((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .body(body)
}

/// The document, serialised once.
fn serialized() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| serde_json::to_vec(document()).unwrap_or_default())
}

/// The document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

fn build() -> Value {
    // Generated and embedded at build time; the test suite parses it, so a broken file
    // fails there rather than here.
    let generated: Value = serde_json::from_str(ACTIONS).unwrap_or_else(|_| json!({}));
    let mut schemas: Map<String, Value> = generated["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    schemas.extend(schemas::all());

    let mut paths = Map::new();
    let mut add = |operation: Operation| {
        let entry = paths.entry(operation.path).or_insert_with(|| json!({}));
        entry[operation.method] = operation.value;
    };
    paths::operations().into_iter().for_each(&mut add);
    let actions = generated["actions"].as_array().cloned().unwrap_or_default();
    actions
        .iter()
        .filter_map(action_operation)
        .for_each(&mut add);

    let mut tags = vec![
        json!({"name": "clusters", "description": "Cached cluster snapshots and their timeline."}),
        json!({"name": "auth", "description": "Browser sessions."}),
        json!({"name": "me"}),
        json!({"name": "users", "description": "Panel users (admins)."}),
        json!({"name": "tokens", "description": "API tokens for tools."}),
        json!({"name": "audit", "description": "The append-only, hash-chained audit log."}),
        json!({"name": "actions", "description": "The cloud actions' catalog."}),
        json!({"name": "info"}),
        json!({"name": "health"}),
        json!({"name": "docs"}),
    ];
    let mut groups: Vec<&str> = actions.iter().filter_map(|a| a["group"].as_str()).collect();
    groups.dedup();
    tags.extend(groups.into_iter().map(|group| {
        json!({"name": format!("actions: {group}"), "description": format!(
            "Cloud actions of the {group} group: `POST /api/v1/actions/{{Action}}` with the \
             request as JSON (wire names), the cloud's response back."
        )})
    }));

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "cassadmin",
            "version": env!("CARGO_PKG_VERSION"),
            "description": INFO,
        },
        "servers": [{"url": "/"}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": error_responses(),
            "securitySchemes": {
                "bearerToken": {
                    "type": "http", "scheme": "bearer",
                    "description": "An API token (`cass_...`), from POST /api/v1/tokens.",
                },
                "sessionCookie": {
                    "type": "apiKey", "in": "cookie", "name": shared::rest::SESSION_COOKIE,
                    "description": "A browser session (POST /api/v1/auth/login). Changes also \
                                    need the X-CSRF-Token header equal to the cassadmin_csrf cookie.",
                },
            },
        },
    })
}

const INFO: &str = "The control panel and audited API gateway for ApsaraDB for Cassandra.\n\n\
    Authenticate with an API token (`Authorization: Bearer cass_...`) or a browser session. \
    Every error answers one envelope, `{\"error\": {\"code\", \"message\", \"fields\", \
    \"request_id\"}}`, plus a `cloud` object (`Code`, `Message`, `RequestId`) when the cloud \
    refused. Times are RFC 3339 in UTC. Field names only ever get added under `/api/v1`.\n\n\
    Action requests use the cloud's parameter names (`ClusterId`); numbers and booleans may \
    also be sent as strings, as the cloud accepts them.";

/// The operation of one generated action entry.
fn action_operation(action: &Value) -> Option<Operation> {
    let name = action["name"].as_str()?;
    let path = format!("/api/v1/actions/{name}");
    let role = action["min_role"].as_str().unwrap_or("admin");
    let mutates = action["mutates"].as_bool().unwrap_or(true);
    let request = action["request"].as_str()?;
    let response = action["response"].as_str()?;
    let idempotent = action_request_has(request, "ClientToken");

    let mut description = vec![action["summary"].as_str().unwrap_or_default().to_owned()];
    if mutates {
        description.push(
            "A change: audited before it is attempted and after, with the cloud's RequestId; \
             never retried unless it carries a ClientToken."
                .into(),
        );
    }
    if idempotent {
        description.push(
            "Send an `Idempotency-Key` header: the ClientToken is derived from it, and a retry \
             with the same key makes no second resource (the stored answer comes back with \
             `Idempotent-Replayed: true`)."
                .into(),
        );
    }
    if action["in_sdk"].as_bool() == Some(false) {
        description.push("Documented by the cloud but absent from its official SDKs.".into());
    }
    description.push(format!(
        "Role `{role}` or higher; a token limited to clusters may name only those."
    ));

    let mut ok = json!({
        "description": format!("The cloud's {name} response."),
        "content": {"application/json": {"schema": schema_ref(response)}},
    });
    if let Some(example) = action.get("example_response") {
        ok["content"]["application/json"]["example"] = example.clone();
    }
    let mut responses = json!({"200": ok});
    for status in [400, 401, 403, 404, 409, 429, 502, 503, 504] {
        responses[status.to_string()] = error_ref(status);
    }
    let body_required = action_request_required(request);
    let mut value = json!({
        "tags": [format!("actions: {}", action["group"].as_str().unwrap_or("other"))],
        "operationId": name,
        "summary": action["summary"],
        "description": description.join("\n\n"),
        "security": [{"bearerToken": []}, {"sessionCookie": []}],
        "x-min-role": role,
        "x-mutates": mutates,
        "requestBody": {
            "required": body_required,
            "content": {"application/json": {"schema": schema_ref(request)}},
        },
        "responses": responses,
    });
    if idempotent {
        value["parameters"] = json!([{
            "name": "Idempotency-Key", "in": "header", "required": false,
            "schema": {"type": "string", "maxLength": 255},
            "description": "Makes a create safe to retry.",
        }]);
    }
    Some(Operation {
        method: "post",
        path,
        value,
    })
}

fn generated_schema(name: &str) -> Option<&'static Value> {
    static GENERATED: OnceLock<Value> = OnceLock::new();
    let generated =
        GENERATED.get_or_init(|| serde_json::from_str(ACTIONS).unwrap_or_else(|_| json!({})));
    generated["schemas"].get(name)
}

fn action_request_has(request: &str, property: &str) -> bool {
    generated_schema(request).is_some_and(|s| s["properties"].get(property).is_some())
}

fn action_request_required(request: &str) -> bool {
    generated_schema(request)
        .and_then(|s| s["required"].as_array())
        .is_some_and(|required| !required.is_empty())
}

/// `components.responses`: the error envelope under each status.
fn error_responses() -> Value {
    let statuses = [
        (
            400,
            "The request is malformed, or a field breaks a rule (`fields` names each field and rule).",
        ),
        (
            401,
            "Not authenticated: no, invalid, expired or revoked credentials.",
        ),
        (
            403,
            "Authenticated but not allowed (role, token scope, or a missing X-CSRF-Token).",
        ),
        (
            404,
            "No such resource (for an action: the cloud's `*.NotFound`).",
        ),
        (
            409,
            "Conflicts with the current state (for an action: the cloud's `OperationDenied.*`).",
        ),
        (
            429,
            "Too many requests (failed logins, or the cloud throttling); see Retry-After.",
        ),
        (
            500,
            "Our fault; the details are in the server log under `request_id`.",
        ),
        (
            502,
            "The cloud failed or refused the panel's credentials; see `cloud`.",
        ),
        (503, "A dependency (the database) is unavailable."),
        (504, "The cloud did not answer in time."),
    ];
    let mut responses = Map::new();
    for (status, description) in statuses {
        responses.insert(
            format!("Error{status}"),
            json!({
                "description": description,
                "content": {"application/json": {"schema": schema_ref("ErrorEnvelope")}},
            }),
        );
    }
    Value::Object(responses)
}

/// Every documented `(method, path)`, for the tests that hold the document to the routes.
pub fn documented_operations() -> Vec<(String, String)> {
    let mut operations = Vec::new();
    if let Some(paths) = document()["paths"].as_object() {
        for (path, item) in paths {
            for method in item.as_object().into_iter().flat_map(|m| m.keys()) {
                operations.push((method.clone(), path.clone()));
            }
        }
    }
    operations
}
