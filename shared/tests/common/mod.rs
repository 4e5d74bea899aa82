//! The reference specification, as the tests read it.

use serde_json::Value;

/// spec/cassandra-api.json, parsed.
pub fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cassandra-api.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {path}: {err}"));
    serde_json::from_str(&text).expect("spec/cassandra-api.json is JSON")
}

/// The spec's actions, in reference order.
pub fn actions(spec: &Value) -> &[Value] {
    spec["actions"].as_array().expect("`actions` is an array")
}

pub fn name(action: &Value) -> &str {
    action["name"].as_str().expect("an action has a name")
}
