//! The seed's examples in spec/cassandra-api.json against the generated types: every response
//! example parses and writes back without losing a field, every request example travels through
//! wire parameters unchanged.

mod common;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use shared::actions::*;
use shared::enums::{BackupType, ClusterStatus, DiskType, NodeStatus, ParameterDataType, PayType};
use shared::{Action, ActionVisitor, catalog, wire};

/// Parses a response example into `A::Response`, writes it back and parses that again. Returns
/// what was written.
struct ResponseRoundTrip<'a>(&'a str);

impl ActionVisitor for ResponseRoundTrip<'_> {
    type Output = Result<Value, String>;

    fn visit<A: Action>(self) -> Self::Output {
        let parsed: A::Response =
            serde_json::from_str(self.0).map_err(|e| format!("parse: {e}"))?;
        let written = serde_json::to_value(&parsed).map_err(|e| format!("write: {e}"))?;
        let reparsed: A::Response =
            serde_json::from_value(written.clone()).map_err(|e| format!("re-parse: {e}"))?;
        let rewritten = serde_json::to_value(&reparsed).map_err(|e| format!("re-write: {e}"))?;
        if rewritten != written {
            return Err(format!("written {written} but re-written {rewritten}"));
        }
        Ok(written)
    }
}

/// Every scalar of a JSON document as `(path, text)`, sorted. Array positions are left out of
/// the path, so a one-element list written as a bare object gives the same leaves as an array,
/// and numbers or booleans give the same text as their string forms (`10` and `"10"`).
fn leaves(value: &Value) -> Vec<(String, String)> {
    fn walk(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(fields) => {
                for (key, item) in fields {
                    let path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(&path, item, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(path, item, out)),
            Value::String(s) => out.push((path.to_owned(), s.clone())),
            Value::Null => {}
            scalar => out.push((path.to_owned(), scalar.to_string())),
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out.sort();
    out
}

#[test]
fn every_response_example_parses_and_writes_back_every_field() {
    let spec = common::spec();
    let mut failures = Vec::new();
    let mut parsed = 0;
    for action in common::actions(&spec) {
        let name = common::name(action);
        let text = action["example_response_json"]
            .as_str()
            .expect("a JSON example");
        let example: Value = serde_json::from_str(text).expect("the example is JSON");
        match catalog::visit(name, ResponseRoundTrip(text)).expect("the action is in the catalog") {
            Err(err) => failures.push(format!("{name}: {err}")),
            // A field the types do not know (a wrong wire name) would be dropped silently.
            Ok(written) if leaves(&written) != leaves(&example) => failures.push(format!(
                "{name}: fields lost or changed\n  example: {example}\n  written: {written}"
            )),
            Ok(_) => parsed += 1,
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(parsed, 58, "58 response examples parse");
}

/// The response example of the action `name`, parsed as `R`.
fn example<R: DeserializeOwned>(name: &str) -> R {
    let spec = common::spec();
    let action = common::actions(&spec)
        .iter()
        .find(|a| a["name"] == name)
        .expect("in the spec");
    let text = action["example_response_json"]
        .as_str()
        .expect("a JSON example");
    serde_json::from_str(text).expect("the example parses")
}

#[test]
fn describe_cluster_reads_a_numeric_major_version_and_a_single_tag() {
    let response: DescribeClusterResponse = example("DescribeCluster");
    let cluster = response.cluster.expect("the cluster");
    assert_eq!(cluster.major_version.as_deref(), Some("3.11"));
    assert_eq!(cluster.status, Some(ClusterStatus::Running));
    assert_eq!(cluster.pay_type, Some(PayType::PayAsYouGo));
    assert_eq!(cluster.is_latest_version, Some(true));
    assert_eq!(cluster.tags.len(), 1);
    assert_eq!(cluster.tags[0].key.as_deref(), Some("test-key"));
    assert_eq!(cluster.tags[0].value.as_deref(), Some("test-value"));
}

#[test]
fn describe_clusters_reads_numbers_and_booleans_sent_as_strings() {
    let response: DescribeClustersResponse = example("DescribeClusters");
    assert_eq!(response.page_size, Some(10));
    assert_eq!(response.page_number, Some(1));
    assert_eq!(response.total_count, Some(3));
    assert_eq!(response.clusters.len(), 2);
    let first = &response.clusters[0];
    assert_eq!(first.auto_renewal, Some(true));
    assert_eq!(first.auto_renew_period, Some(12));
    assert_eq!(first.data_center_count, Some(1));
    // The example splits one cluster in two; the second entry holds only its tags.
    assert_eq!(response.clusters[1].cluster_id, None);
    assert_eq!(
        response.clusters[1].tags[0].key.as_deref(),
        Some("test-key")
    );
}

#[test]
fn describe_data_center_reads_the_flat_fields() {
    let response: DescribeDataCenterResponse = example("DescribeDataCenter");
    assert_eq!(response.request_id, "A4C83BDF-1DE0-41CD-9D6C-8D9FE5EB5504");
    let dc = &response.data_center;
    assert_eq!(dc.disk_size, Some(160));
    assert_eq!(dc.node_count, Some(2));
    assert_eq!(dc.auto_renewal, Some(true));
    assert_eq!(dc.disk_type, Some(DiskType::CloudSsd));
    assert_eq!(dc.status, Some(ClusterStatus::Running));
    assert_eq!(dc.data_center_id.as_deref(), Some("ap-southeast-1a"));
    // Written back flat, next to RequestId.
    let written = serde_json::to_value(&response).unwrap();
    assert_eq!(written["DiskSize"], json!(160));
    assert_eq!(written["RequestId"], json!(response.request_id));
}

#[test]
fn describe_dynamodb_endpoints_reads_a_single_endpoint_object() {
    let response: DescribeDynamoDbEndpointsResponse = example("DescribeDynamoDbEndpoints");
    assert_eq!(response.endpoints.len(), 1);
    assert_eq!(response.endpoints[0].port, Some(80));
    assert_eq!(
        response.endpoints[0].data_center_id.as_deref(),
        Some("cn-hangzhou-g")
    );
}

#[test]
fn describe_security_groups_reads_both_element_names_and_writes_the_seeds() {
    let response: DescribeSecurityGroupsResponse = example("DescribeSecurityGroups");
    let ids: Vec<&str> = response.security_group_ids.iter().map(|id| &**id).collect();
    assert_eq!(ids, ["sg-t4ng4yyc916o81nua6**", "sg-****"]);

    let tea = r#"{"RequestId":"r","SecurityGroupIds":{"SecurityGroupId":["sg-1","sg-2"]}}"#;
    let response: DescribeSecurityGroupsResponse = serde_json::from_str(tea).unwrap();
    assert_eq!(response.security_group_ids.len(), 2);
    assert_eq!(response.security_group_ids[1].to_string(), "sg-2");
    let written = serde_json::to_value(&response).unwrap();
    assert_eq!(
        written["SecurityGroupIds"],
        json!({"SecurityGroupIds": ["sg-1", "sg-2"]})
    );
}

#[test]
fn describe_node_tool_execution_history_reads_string_booleans_and_longs() {
    let response: DescribeNodeToolExecutionHistoryResponse =
        example("DescribeNodeToolExecutionHistory");
    assert_eq!(response.is_ended, Some(true));
    assert_eq!(response.create_time, Some(1_603_103_307_000));
    assert_eq!(response.modify_time, Some(1_603_103_312_000));
    assert_eq!(response.data_center_id.as_deref(), Some("ap-southeast-1a"));
}

#[test]
fn describe_cluster_dashboard_knows_every_node_status() {
    let response: DescribeClusterDashboardResponse = example("DescribeClusterDashboard");
    let dashboard = response.dashboard.expect("the dashboard");
    let nodes: Vec<_> = dashboard
        .data_centers
        .iter()
        .flat_map(|dc| dc.nodes.iter())
        .collect();
    assert_eq!(nodes.len(), 3);
    for node in nodes {
        let status = node.status.as_ref().expect("a status");
        assert!(status.is_known(), "{status} is a documented node status");
        assert_eq!(status, &NodeStatus::UpNormal);
    }
}

#[test]
fn other_quirks_are_kept_as_sent() {
    let reboot: RebootClusterResponse = example("RebootCluster");
    assert_eq!(reboot.request_id, " 033F5CDA-EF5E-4893-93C3-7EA5DCB76AF3");

    let backup: DescribeBackupResponse = example("DescribeBackup");
    let backup = backup.backup.expect("the backup");
    assert_eq!(backup.backup_type, Some(BackupType::Incremental));
    let details: Value = serde_json::from_str(backup.details.as_deref().unwrap()).unwrap();
    assert_eq!(details["files"], json!(923));

    let parameters: DescribeParametersResponse = example("DescribeParameters");
    assert_eq!(parameters.parameters.len(), 9);
    assert_eq!(
        parameters.parameters[0].data_type,
        Some(ParameterDataType::Int)
    );

    let tags: ListTagsResponse = example("ListTags");
    assert_eq!(tags.tags[0].tag_value.as_deref(), Some(""));
}

/// Builds `A` from wire parameters and flattens it again.
struct ParamsRoundTrip<'a>(&'a BTreeMap<String, String>);

impl ActionVisitor for ParamsRoundTrip<'_> {
    type Output = Result<BTreeMap<String, String>, String>;

    fn visit<A: Action>(self) -> Self::Output {
        let request: A = wire::from_params(self.0).map_err(|e| e.to_string())?;
        let params = request.to_params();
        let count = params.len();
        let params: BTreeMap<_, _> = params.into_iter().collect();
        if params.len() != count {
            return Err("a parameter is written twice".into());
        }
        Ok(params)
    }
}

/// A declared parameter as sent on the wire: `ResourceId.N` -> `ResourceId.1`.
fn wire_name(declared: &str) -> String {
    declared.replace(".N", ".1")
}

fn wire_value(example: &Value) -> String {
    match example {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Checks that `params` (per action) come back unchanged from `A::to_params`.
fn assert_params_round_trip(cases: Vec<(String, BTreeMap<String, String>)>) {
    let mut failures = Vec::new();
    let mut passed = 0;
    for (name, params) in &cases {
        match catalog::visit(name, ParamsRoundTrip(params)).expect("the action is in the catalog") {
            Err(err) => failures.push(format!("{name}: {err}")),
            Ok(back) if &back != params => {
                failures.push(format!("{name}: sent {params:?}\n  got back {back:?}"))
            }
            Ok(_) => passed += 1,
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(passed, 58);
}

#[test]
fn every_request_example_travels_through_wire_params() {
    let spec = common::spec();
    let cases = common::actions(&spec)
        .iter()
        .map(|action| {
            let mut params: BTreeMap<String, String> = action["example_request"]
                .as_array()
                .expect("example_request is a list")
                .iter()
                .filter(|p| p["name"] != "Action")
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_owned(),
                        wire_value(&p["value"]),
                    )
                })
                .collect();
            // Required parameters the example leaves out (RegionId, Tag keys) get the spec's
            // sample value.
            for param in action["request"].as_array().unwrap() {
                let name = wire_name(param["name"].as_str().unwrap());
                if param["required"] == true && !params.contains_key(&name) {
                    params.insert(name, wire_value(&param["example"]));
                }
            }
            (common::name(action).to_owned(), params)
        })
        .collect();
    assert_params_round_trip(cases);
}

#[test]
fn every_declared_parameter_travels_under_its_wire_name() {
    let spec = common::spec();
    let cases = common::actions(&spec)
        .iter()
        .map(|action| {
            let params = action["request"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        wire_name(p["name"].as_str().unwrap()),
                        wire_value(&p["example"]),
                    )
                })
                .collect();
            (common::name(action).to_owned(), params)
        })
        .collect();
    assert_params_round_trip(cases);
}
