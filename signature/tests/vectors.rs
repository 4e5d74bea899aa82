//! Every vector of `spec/signature-vectors.json` (produced by the official SDKs) reproduces.

use std::collections::BTreeMap;

use rpc_signature::{Method, Secret, canonical_query, sign, string_to_sign, verify};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    vectors: Vec<Vector>,
    negative: Vec<Negative>,
}

#[derive(Deserialize)]
struct Vector {
    id: String,
    http_method: String,
    access_key_secret: String,
    parameters: BTreeMap<String, String>,
    canonicalized_query_string: String,
    string_to_sign: String,
    signature: String,
    wire: Option<Wire>,
}

/// What the SDK really sent: the query/body split, `Signature` among the query parameters.
#[derive(Deserialize)]
struct Wire {
    query_parameters: Vec<(String, String)>,
    body_parameters: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Negative {
    id: String,
    http_method: String,
    parameters: BTreeMap<String, String>,
    provided_signature: String,
    verify_with_secret: String,
    server_string_to_sign: String,
    expected_error: ExpectedError,
}

#[derive(Deserialize)]
struct ExpectedError {
    http_status: u16,
    #[serde(rename = "Code")]
    code: String,
}

fn load() -> File {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/signature-vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("spec/signature-vectors.json is readable");
    serde_json::from_str(&text).expect("signature-vectors.json parses")
}

fn method(name: &str) -> Method {
    name.parse().expect("vectors use GET or POST")
}

#[test]
fn all_25_positive_vectors_reproduce_and_verify() {
    let file = load();
    let mut checked = 0;
    for v in &file.vectors {
        let method = method(&v.http_method);
        let secret = Secret::new(&v.access_key_secret);
        assert_eq!(
            canonical_query(&v.parameters),
            v.canonicalized_query_string,
            "{}: canonical",
            v.id
        );
        let sts = string_to_sign(method, &v.parameters);
        assert_eq!(sts, v.string_to_sign, "{}: string to sign", v.id);
        assert_eq!(sign(&secret, &sts), v.signature, "{}: signature", v.id);
        assert_eq!(
            verify(&secret, method, &v.parameters, &v.signature),
            Ok(()),
            "{}: verify",
            v.id
        );
        checked += 1;
    }
    assert_eq!(checked, 25, "expected 25 positive vectors");
}

#[test]
fn wire_captures_verify_over_the_union_of_query_and_body() {
    let file = load();
    let mut checked = 0;
    for v in &file.vectors {
        let Some(wire) = &v.wire else { continue };
        let signature = wire
            .query_parameters
            .iter()
            .find(|(name, _)| name == "Signature")
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("{}: Signature travels in the query", v.id));
        assert_eq!(signature, v.signature, "{}", v.id);
        let union = wire.query_parameters.iter().chain(&wire.body_parameters);
        let secret = Secret::new(&v.access_key_secret);
        assert_eq!(
            verify(&secret, method(&v.http_method), union, signature),
            Ok(()),
            "{}",
            v.id
        );
        checked += 1;
    }
    // 13 old-core and 6 Tea captures.
    assert_eq!(checked, 19, "expected 19 wire captures");
}

#[test]
fn all_4_negative_vectors_are_rejected_with_the_server_string_to_sign() {
    let file = load();
    let mut checked = 0;
    for n in &file.negative {
        assert_eq!(
            (n.expected_error.http_status, n.expected_error.code.as_str()),
            (400, "SignatureDoesNotMatch")
        );
        let secret = Secret::new(&n.verify_with_secret);
        let err = verify(
            &secret,
            method(&n.http_method),
            &n.parameters,
            &n.provided_signature,
        )
        .expect_err(&n.id);
        assert_eq!(
            err.server_string_to_sign, n.server_string_to_sign,
            "{}",
            n.id
        );
        checked += 1;
    }
    assert_eq!(checked, 4, "expected 4 negative vectors");
}
