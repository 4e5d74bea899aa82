//! `GET /api/openapi.json` and `GET /api/docs`: the document covers all 58 actions and every
//! route the server registers, every reference resolves, and real answers fit their schemas.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};
use shared::catalog;
use sqlx::PgPool;

use crate::helpers::{As, TestApp, spawn_app};

async fn document(app: &TestApp) -> Value {
    let response = app.get("/api/openapi.json", As::Anonymous).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    response.json().await.expect("the document is JSON")
}

/// Every `$ref` anywhere in `value`.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push(target);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

// --- a small JSON Schema checker: enough of 2020-12 for our documents, and strict about
// properties, so a field an answer carries but the document lacks is caught.

fn check(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        match resolve(doc, reference) {
            Some(target) => check(doc, target, value, at, problems),
            None => problems.push(format!("{at}: unresolved {reference}")),
        }
        return;
    }
    if let Some(any) = schema["anyOf"].as_array() {
        let fits = any.iter().any(|s| {
            let mut inner = Vec::new();
            check(doc, s, value, at, &mut inner);
            inner.is_empty()
        });
        if !fits {
            problems.push(format!("{at}: fits no anyOf branch: {value}"));
        }
        return;
    }
    if let Some(all) = schema["allOf"].as_array() {
        // The parts together describe one object: check the union of their properties.
        let mut merged = json!({"type": "object", "properties": {}, "required": []});
        for part in all {
            let part = match part["$ref"].as_str() {
                Some(r) => resolve(doc, r).cloned().unwrap_or(Value::Null),
                None => part.clone(),
            };
            if part.get("allOf").is_some() || part.get("$ref").is_some() || part["type"] != "object"
            {
                check(doc, &part, value, at, problems);
                continue;
            }
            merge(&mut merged, &part);
        }
        if !merged["properties"].as_object().unwrap().is_empty() {
            check(doc, &merged, value, at, problems);
        }
        return;
    }
    let type_ok = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        _ => true,
    };
    if !type_ok {
        problems.push(format!("{at}: expected {}, got {value}", schema["type"]));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, item) in values.iter().enumerate() {
            check(doc, items, item, &format!("{at}[{i}]"), problems);
        }
    }
    if let (Some(properties), Some(object)) = (schema["properties"].as_object(), value.as_object())
    {
        for name in schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(name) {
                problems.push(format!("{at}: missing required `{name}`"));
            }
        }
        for (name, field) in object {
            match properties.get(name) {
                Some(property) => check(doc, property, field, &format!("{at}.{name}"), problems),
                None => problems.push(format!("{at}: `{name}` is not documented")),
            }
        }
    }
}

fn merge(into: &mut Value, part: &Value) {
    if let Some(properties) = part["properties"].as_object() {
        let target: &mut Map<String, Value> = into["properties"].as_object_mut().unwrap();
        target.extend(properties.clone());
    }
    if let Some(required) = part["required"].as_array() {
        into["required"]
            .as_array_mut()
            .unwrap()
            .extend(required.iter().cloned());
    }
}

/// `value` fits the named component schema.
fn assert_fits(doc: &Value, schema: &str, value: &Value) {
    let mut problems = Vec::new();
    check(
        doc,
        &json!({"$ref": format!("#/components/schemas/{schema}")}),
        value,
        schema,
        &mut problems,
    );
    assert!(problems.is_empty(), "{schema}: {problems:#?}\n{value:#}");
}

#[test]
fn the_checker_finds_what_does_not_fit() {
    let doc = json!({"components": {"schemas": {
        "Thing": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "state": {"anyOf": [{"type": "string", "enum": ["on", "off"]}, {"type": "null"}]},
        }},
    }}});
    let fits = |value: Value| {
        let mut problems = Vec::new();
        check(
            &doc,
            &json!({"$ref": "#/components/schemas/Thing"}),
            &value,
            "Thing",
            &mut problems,
        );
        problems
    };
    assert!(fits(json!({"id": 1, "tags": ["a"], "state": null})).is_empty());
    assert_eq!(fits(json!({"tags": []})).len(), 1, "missing id");
    assert_eq!(fits(json!({"id": "1"})).len(), 1, "wrong type");
    assert_eq!(
        fits(json!({"id": 1, "extra": true})).len(),
        1,
        "undocumented field"
    );
    assert_eq!(fits(json!({"id": 1, "tags": [1]})).len(), 1, "bad item");
    assert_eq!(
        fits(json!({"id": 1, "state": "maybe"})).len(),
        1,
        "not in the enum"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_document_covers_all_58_actions_and_every_reference_resolves(pool: PgPool) {
    let app = spawn_app(pool).await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(catalog::ALL.len(), 58);
    for meta in catalog::ALL {
        let operation = &doc["paths"][format!("/api/v1/actions/{}", meta.name)]["post"];
        assert_eq!(operation["operationId"], meta.name);
        assert_eq!(
            operation["x-min-role"],
            meta.min_role.as_str(),
            "{}",
            meta.name
        );
        assert_eq!(operation["x-mutates"], meta.mutates, "{}", meta.name);
        for part in [
            &operation["requestBody"]["content"]["application/json"]["schema"],
            &operation["responses"]["200"]["content"]["application/json"]["schema"],
        ] {
            let reference = part["$ref"].as_str().unwrap_or_default();
            assert!(
                resolve(&doc, reference).is_some(),
                "{}: {reference}",
                meta.name
            );
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    let broken: BTreeSet<&str> = all
        .into_iter()
        .filter(|r| resolve(&doc, r).is_none())
        .collect();
    assert!(broken.is_empty(), "unresolved: {broken:?}");
    // Creates say how to retry them safely.
    let create = &doc["paths"]["/api/v1/actions/CreateCluster"]["post"];
    assert_eq!(create["parameters"][0]["name"], "Idempotency-Key");
}

/// `(method, path)` of every documented operation.
fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.push((method.clone(), path.clone()));
        }
    }
    out
}

/// Path literals registered in the route table (`resource("...")`, `.route("...")`).
fn registered_paths() -> Vec<String> {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes/mod.rs"))
        .expect("the route table");
    let mut paths = Vec::new();
    for marker in ["resource(\"", ".route(\""] {
        for (start, _) in source.match_indices(marker) {
            let rest = &source[start + marker.len()..];
            if let Some(end) = rest.find('"') {
                paths.push(rest[..end].to_owned());
            }
        }
    }
    paths
}

/// Whether documented `path` ends with the registered `suffix` (`{x}` matches any segment).
fn ends_with(path: &str, suffix: &str) -> bool {
    let path: Vec<&str> = path.split('/').collect();
    let suffix: Vec<&str> = suffix.trim_start_matches('/').split('/').collect();
    suffix.len() <= path.len()
        && path[path.len() - suffix.len()..]
            .iter()
            .zip(&suffix)
            .all(|(p, s)| p == s || (p.starts_with('{') || s.starts_with('{')))
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn every_registered_route_is_documented_and_every_documented_one_is_served(pool: PgPool) {
    let app = spawn_app(pool).await;
    let doc = document(&app).await;
    let documented = operations(&doc);

    let registered = registered_paths();
    assert!(
        registered.len() > 20,
        "the route table was read: {registered:?}"
    );
    for path in &registered {
        assert!(
            documented.iter().any(|(_, d)| ends_with(d, path)),
            "{path} is registered but not in /api/openapi.json"
        );
    }

    for (method, path) in &documented {
        let concrete = path.replace("{id}", "1");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let response = app
            .request(method.clone(), &concrete, As::Anonymous)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.text().await.unwrap();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !(status == StatusCode::NOT_FOUND && body.contains("no such endpoint")),
            "{method} {path} is documented but not served"
        );
        // A page served in place of an API answer (an app shell's fallback) is not the route.
        let html = content_type.starts_with("text/html");
        assert_eq!(
            html,
            path == "/api/docs",
            "{method} {path} answered {content_type}"
        );
    }
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn answers_fit_their_documented_schemas(pool: PgPool) {
    let app = spawn_app(pool).await;
    let doc = document(&app).await;
    let admin = app.admin().await;
    let get = |path: &'static str| {
        let app = &app;
        let admin = &admin;
        async move {
            let response = app.get(path, As::Session(admin)).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            response.json::<Value>().await.unwrap()
        }
    };
    assert_fits(&doc, "Health", &get("/healthz").await);
    assert_fits(&doc, "Me", &get("/api/v1/me").await);
    assert_fits(&doc, "Info", &get("/api/v1/info").await);
    let users = get("/api/v1/users").await;
    users
        .as_array()
        .unwrap()
        .iter()
        .for_each(|u| assert_fits(&doc, "User", u));
    let created = app
        .create_token(&admin, json!({"name": "docs", "clusters": ["cds-x"]}))
        .await;
    assert_fits(
        &doc,
        "CreatedToken",
        &serde_json::to_value(&created).unwrap(),
    );
    assert_fits(&doc, "AuditPage", &get("/api/v1/audit?limit=5").await);
    assert_fits(&doc, "ChainReport", &get("/api/v1/audit/verify").await);
    let actions = get("/api/v1/actions").await;
    actions
        .as_array()
        .unwrap()
        .iter()
        .for_each(|a| assert_fits(&doc, "ActionInfo", a));

    // The built-in emulator's demo world, through the refresher and the action route.
    let list = loop {
        let list = get("/api/v1/clusters").await;
        if !list["clusters"].as_array().unwrap().is_empty() {
            break list;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_fits(&doc, "ClusterList", &list);
    let id = list["clusters"][0]["cluster_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = app
        .get(&format!("/api/v1/clusters/{id}"), As::Session(&admin))
        .await;
    assert_fits(&doc, "ClusterDetail", &response.json().await.unwrap());
    let response = app
        .get(
            &format!("/api/v1/clusters/{id}/timeline"),
            As::Session(&admin),
        )
        .await;
    assert_fits(&doc, "TimelinePage", &response.json().await.unwrap());
    let response = app
        .post(
            "/api/v1/actions/DescribeClusters",
            As::Session(&admin),
            &json!({"RegionId": "cn-hangzhou"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_fits(
        &doc,
        "DescribeClustersResponse",
        &response.json().await.unwrap(),
    );
    let response = app
        .post(
            "/api/v1/actions/DescribeCluster",
            As::Session(&admin),
            &json!({"ClusterId": id}),
        )
        .await;
    assert_fits(
        &doc,
        "DescribeClusterResponse",
        &response.json().await.unwrap(),
    );

    // Errors: the envelope, with field errors and cloud details.
    let response = app
        .get(
            "/api/v1/clusters/nope/timeline?limit=0",
            As::Session(&admin),
        )
        .await;
    assert_fits(&doc, "ErrorEnvelope", &response.json().await.unwrap());
    let response = app
        .post(
            "/api/v1/actions/DescribeCluster",
            As::Session(&admin),
            &json!({"ClusterId": "cds-nope"}),
        )
        .await;
    let envelope: Value = response.json().await.unwrap();
    assert!(envelope["error"]["cloud"].is_object(), "{envelope}");
    assert_fits(&doc, "ErrorEnvelope", &envelope);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_docs_page_renders_the_document_with_its_own_script_only(pool: PgPool) {
    let app = spawn_app(pool).await;
    let page = app.get("/api/docs", As::Anonymous).await;
    assert_eq!(page.status(), StatusCode::OK);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self'") && policy.contains("default-src 'none'"),
        "{policy}"
    );
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("/api/docs/docs.js") && html.contains("/api/openapi.json"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from elsewhere"
    );

    let script = app.get("/api/docs/docs.js", As::Anonymous).await;
    assert_eq!(script.status(), StatusCode::OK);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = script.text().await.unwrap();
    assert!(script.contains("/api/openapi.json") && !script.contains("innerHTML ="));
    let style = app.get("/api/docs/docs.css", As::Anonymous).await;
    assert!(
        style.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}
