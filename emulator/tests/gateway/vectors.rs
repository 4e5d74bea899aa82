//! The official SDKs' bytes, replayed verbatim: every `wire` vector must verify, every negative
//! vector must fail with the cloud's exact `SignatureDoesNotMatch` message.

use emulator::AccessKey;
use serde_json::Value;

use crate::helpers::{VERIFICATION_CODES, config, send_raw, spawn};

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/signature-vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("spec/signature-vectors.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("`{field}` in {value}"))
}

/// The key a vector was signed with, with its STS token when it carries one.
fn key_for(vector: &Value, secret: &str) -> AccessKey {
    let key = AccessKey::new(text(vector, "access_key_id"), secret);
    match vector["parameters"]["SecurityToken"].as_str() {
        Some(token) => key.with_security_token(token),
        None => key,
    }
}

#[tokio::test]
async fn every_sdk_wire_capture_verifies_over_a_real_socket() {
    let emulator = spawn(config()).await;
    let vectors = vectors();
    let mut replayed = Vec::new();
    for vector in vectors["vectors"].as_array().expect("vectors") {
        let Some(wire) = vector.get("wire") else {
            continue;
        };
        let id = text(vector, "id");
        emulator
            .keys()
            .insert(key_for(vector, text(vector, "access_key_secret")));
        let send = || {
            send_raw(
                emulator.addr(),
                text(wire, "method"),
                text(wire, "request_target"),
                wire["content_type"].as_str(),
                text(wire, "body").as_bytes(),
            )
        };

        let reply = send().await;
        let code = reply.code();
        assert!(
            reply.status < 500
                && !code
                    .as_deref()
                    .is_some_and(|c| VERIFICATION_CODES.contains(&c)),
            "{id}: {} {}",
            reply.status,
            reply.text()
        );
        let format = text(&vector["parameters"], "Format");
        let content_type = reply.header("content-type").unwrap_or_default();
        if format.eq_ignore_ascii_case("xml") {
            assert_eq!(content_type, "text/xml;charset=utf-8", "{id}");
        } else {
            assert_eq!(content_type, "application/json;charset=utf-8", "{id}");
        }

        // The nonce is recorded only once the signature verified: the replay proves it did.
        send().await.assert_error(400, "SignatureNonceUsed");
        replayed.push(id.to_owned());
    }
    let old = replayed.iter().filter(|id| id.starts_with("old-")).count();
    let tea = replayed.iter().filter(|id| id.starts_with("tea-")).count();
    assert_eq!((old, tea), (13, 6), "{replayed:?}");
    emulator.stop().await;
}

#[tokio::test]
async fn the_replayed_read_vectors_answer_200() {
    let emulator = spawn(config()).await;
    let vectors = vectors();
    let reads = [
        "old-get-describeregions",
        "old-post-describeclusters",
        "tea-post-describeclusters",
    ];
    for vector in vectors["vectors"].as_array().expect("vectors") {
        let id = text(vector, "id");
        if !reads.contains(&id) {
            continue;
        }
        let wire = &vector["wire"];
        let reply = send_raw(
            emulator.addr(),
            text(wire, "method"),
            text(wire, "request_target"),
            wire["content_type"].as_str(),
            text(wire, "body").as_bytes(),
        )
        .await;
        reply.assert_ok();
        let body = reply.json();
        assert_eq!(
            body["RequestId"].as_str(),
            reply.header("x-acs-request-id"),
            "{id}"
        );
    }
    emulator.stop().await;
}

#[tokio::test]
async fn negative_vectors_answer_the_exact_signature_does_not_match_envelope() {
    let emulator = spawn(config()).await;
    let vectors = vectors();
    let negatives = vectors["negative"].as_array().expect("negative vectors");
    for vector in negatives {
        let id = text(vector, "id");
        let parameters = vector["parameters"].as_object().expect("parameters");
        emulator.keys().insert(AccessKey::new(
            text(&vector["parameters"], "AccessKeyId"),
            text(vector, "verify_with_secret"),
        ));
        let query: Vec<String> = parameters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().expect("string values")))
            .chain([("Signature", text(vector, "provided_signature"))])
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    rpc_signature::percent_encode(k),
                    rpc_signature::percent_encode(v)
                )
            })
            .collect();
        let target = format!("/?{}", query.join("&"));
        let reply = send_raw(
            emulator.addr(),
            text(vector, "http_method"),
            &target,
            None,
            b"",
        )
        .await;

        let expected = &vector["expected_error"];
        assert_eq!(
            u64::from(reply.status),
            expected["http_status"].as_u64().unwrap(),
            "{id}"
        );
        let body = reply.json();
        assert_eq!(body["Code"], expected["Code"], "{id}");
        assert_eq!(body["Message"], expected["Message"], "{id}");
        assert_eq!(
            body["Message"]
                .as_str()
                .and_then(|m| m.split_once("server string to sign is:"))
                .map(|(_, s)| s),
            vector["server_string_to_sign"].as_str(),
            "{id}"
        );
        assert_eq!(body["HostId"], "cassandra.aliyuncs.com");
    }
    assert_eq!(negatives.len(), 4);
    emulator.stop().await;
}
