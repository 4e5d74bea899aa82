//! Requests as our REST API receives them (JSON) and as the emulator receives them (wire
//! parameters), and what they tell the gateway (token, clusters, data center).

use std::collections::BTreeMap;

use serde_json::json;
use shared::actions::*;
use shared::enums::{DiskType, PayType};
use shared::wire::{self, ParamError};
use shared::{Action, SecretString};

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn json_numbers_and_numeric_strings_both_parse() {
    let from_number: ResizeDiskSizeRequest =
        wire::from_value(json!({"ClusterId": "cds-1", "DataCenterId": "dc-1", "DiskSize": 240}))
            .unwrap();
    assert_eq!(from_number.disk_size, 240);
    let from_string: ResizeDiskSizeRequest = wire::from_params(&params(&[
        ("ClusterId", "cds-1"),
        ("DataCenterId", "dc-1"),
        ("DiskSize", "240"),
    ]))
    .unwrap();
    assert_eq!(from_string, from_number);
    assert_eq!(
        sorted(from_number.to_params()),
        owned(&[
            ("ClusterId", "cds-1"),
            ("DataCenterId", "dc-1"),
            ("DiskSize", "240")
        ])
    );
}

#[test]
fn tag_resources_from_json_flattens_to_repeat_lists() {
    let request: TagResourcesRequest = wire::from_value(json!({
        "RegionId": "cn-hangzhou",
        "ResourceId": ["cds-1", "cds-2"],
        "Tag": [{"Key": "k", "Value": "v"}, {"Key": "empty", "Value": ""}, {"Key": "bare"}]
    }))
    .unwrap();
    assert_eq!(request.resource_id, ["cds-1", "cds-2"]);
    assert_eq!(
        request.tag[0],
        TagParam {
            key: "k".into(),
            value: Some("v".into())
        }
    );
    assert_eq!(
        sorted(request.to_params()),
        owned(&[
            ("RegionId", "cn-hangzhou"),
            ("ResourceId.1", "cds-1"),
            ("ResourceId.2", "cds-2"),
            ("Tag.1.Key", "k"),
            ("Tag.1.Value", "v"),
            ("Tag.2.Key", "empty"),
            ("Tag.2.Value", ""),
            ("Tag.3.Key", "bare"),
        ])
    );
    let back: TagResourcesRequest =
        wire::from_params(&request.to_params().into_iter().collect()).unwrap();
    assert_eq!(back, request);
    assert_eq!(request.cluster_ids(), ["cds-1", "cds-2"]);
}

#[test]
fn missing_required_fields_are_named() {
    let err =
        wire::from_value::<ResizeDiskSizeRequest>(json!({"ClusterId": "c", "DataCenterId": "d"}))
            .unwrap_err();
    assert_eq!(
        err,
        ParamError::Missing {
            name: "DiskSize".into()
        }
    );

    let err =
        wire::from_params::<UnTagResourcesRequest>(&params(&[("RegionId", "r")])).unwrap_err();
    assert_eq!(
        err,
        ParamError::Missing {
            name: "ResourceId".into()
        }
    );

    let err =
        wire::from_params::<CreateClusterRequest>(&params(&[("ClientToken", "t")])).unwrap_err();
    assert!(matches!(err, ParamError::Missing { .. }), "{err}");

    let err = wire::from_params::<TagResourcesRequest>(&params(&[
        ("RegionId", "r"),
        ("ResourceId.1", "cds-1"),
        ("Tag.1.Value", "v"),
    ]))
    .unwrap_err();
    assert_eq!(
        err,
        ParamError::Missing {
            name: "Tag.1.Key".into()
        }
    );
}

#[test]
fn invalid_values_are_named() {
    let err = wire::from_params::<ResizeDiskSizeRequest>(&params(&[
        ("ClusterId", "c"),
        ("DataCenterId", "d"),
        ("DiskSize", "big"),
    ]))
    .unwrap_err();
    assert_eq!(err.name(), "DiskSize");
    let err = wire::from_params::<UnTagResourcesRequest>(&params(&[
        ("RegionId", "r"),
        ("ResourceId.1", "cds-1"),
        ("All", "maybe"),
    ]))
    .unwrap_err();
    assert_eq!(err.name(), "All");
}

#[test]
fn booleans_parse_from_json_and_from_any_case_on_the_wire() {
    let json: UnTagResourcesRequest =
        wire::from_value(json!({"RegionId": "r", "ResourceId": ["cds-1"], "All": true})).unwrap();
    let wire: UnTagResourcesRequest = wire::from_params(&params(&[
        ("RegionId", "r"),
        ("ResourceId.1", "cds-1"),
        ("All", "True"),
    ]))
    .unwrap();
    assert_eq!(json.all, Some(true));
    assert_eq!(wire, json);
    assert!(sorted(json.to_params()).contains(&("All".into(), "true".into())));
}

#[test]
fn documented_values_parse_to_enums_and_unknown_ones_are_kept() {
    let request: CreateDataCenterRequest = wire::from_params(&params(&[
        ("ClientToken", "token-1"),
        ("ClusterId", "cds-1"),
        ("DiskSize", "160"),
        ("DiskType", "cloud_essd"),
        ("InstanceType", "cassandra.c.large"),
        ("NodeCount", "2"),
        ("PayType", "Prepaid"),
        ("RegionId", "cn-hangzhou"),
        ("VpcId", "vpc-1"),
        ("VswitchId", "vsw-1"),
        ("ZoneId", "cn-hangzhou-h"),
    ]))
    .unwrap();
    assert_eq!(request.disk_type, DiskType::CloudEssd);
    assert_eq!(request.pay_type, PayType::Other("Prepaid".into()));
    assert!(sorted(request.to_params()).contains(&("PayType".into(), "Prepaid".into())));
}

#[test]
fn passwords_travel_but_never_print() {
    let request: ModifyAccountPasswordRequest = wire::from_value(json!({
        "Account": "cassandra",
        "ClusterId": "cds-1",
        "Password": "Sup3r$ecret!"
    }))
    .unwrap();
    assert_eq!(request.password, SecretString::new("Sup3r$ecret!"));
    assert!(!format!("{request:?}").contains("Sup3r"));
    assert!(
        request
            .to_params()
            .contains(&("Password".into(), "Sup3r$ecret!".into()))
    );
}

#[test]
fn requests_name_their_token_clusters_and_data_center() {
    let create: CreateBackupPlanRequest = wire::from_params(&params(&[
        ("BackupTime", "00:30Z"),
        ("ClusterId", "cds-1"),
        ("DataCenterId", "dc-1"),
        ("ClientToken", "token-1"),
    ]))
    .unwrap();
    assert_eq!(create.client_token(), Some("token-1"));
    assert_eq!(create.cluster_ids(), ["cds-1"]);
    assert_eq!(create.data_center_id(), Some("dc-1"));

    let history: DescribeNodeToolExecutionHistoryRequest = wire::from_params(&params(&[
        ("ClusterId", "cds-1"),
        ("DcId", "dc-2"),
        ("JobId", "job-1"),
    ]))
    .unwrap();
    assert_eq!(history.data_center_id(), Some("dc-2"));
    assert_eq!(history.client_token(), None);

    let reboot = RebootClusterRequest {
        cluster_id: "cds-1".into(),
        data_center_id: None,
    };
    assert_eq!(reboot.data_center_id(), None);
    assert_eq!(reboot.to_params(), owned(&[("ClusterId", "cds-1")]));

    let regions = DescribeRegionsRequest::default();
    assert!(regions.cluster_ids().is_empty());
    assert!(regions.to_params().is_empty());
}
