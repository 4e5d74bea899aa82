//! Configuration parameters: defaults, allowed values and the change history; and the
//! dashboard's content.

use shared::actions::*;
use shared::enums::{NodeStatus, ParameterDataType};

use crate::helpers::*;

fn parameters(world: &TestWorld, id: &str) -> DescribeParametersResponse {
    let request = DescribeParametersRequest {
        cluster_id: id.into(),
        page_number: None,
        page_size: None,
    };
    world.call(&request).unwrap()
}

fn modify(id: &str, name: &str, value: &str) -> ModifyParameterRequest {
    ModifyParameterRequest {
        cluster_id: id.into(),
        name: name.into(),
        value: value.into(),
    }
}

#[test]
fn nine_documented_parameters_with_defaults() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-params");
    let listed = parameters(&world, &id);
    assert_eq!(
        (
            listed.total_count,
            listed.page_size,
            listed.parameters.len()
        ),
        (Some(9), Some(10), 9)
    );
    let cas = &listed.parameters[0];
    assert_eq!(cas.name.as_deref(), Some("cas_contention_timeout_in_ms"));
    assert_eq!(cas.allowed_values.as_deref(), Some("R[1000, 60000]"));
    assert_eq!(cas.data_type, Some(ParameterDataType::Int));
    assert_eq!(
        (cas.default_value.as_deref(), cas.value.as_deref()),
        (Some("1000"), Some("1000"))
    );
    assert!(
        cas.description
            .as_deref()
            .is_some_and(|d| d.contains("CAS"))
    );
    let views = listed
        .parameters
        .iter()
        .find(|p| p.name.as_deref() == Some("enable_materialized_views"))
        .unwrap();
    assert_eq!(views.allowed_values.as_deref(), Some("G[true|false]"));

    let paged = DescribeParametersRequest {
        cluster_id: id,
        page_number: Some(2),
        page_size: Some(5),
    };
    assert_eq!(world.call(&paged).unwrap().parameters.len(), 4);
}

#[test]
fn values_must_be_allowed_and_changes_are_recorded() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-modify-params");
    world
        .call(&modify(&id, "cas_contention_timeout_in_ms", "2000"))
        .unwrap();
    world.advance(60);
    world
        .call(&modify(&id, "enable_sasi_indexes", "false"))
        .unwrap();
    world
        .call(&modify(&id, "enable_sasi_indexes", "false"))
        .unwrap(); // no change, no record

    let error = assert_error(
        world.call(&modify(&id, "cas_contention_timeout_in_ms", "60001")),
        "InvalidParameter",
        Some("Value"),
    );
    assert_eq!(rule_of(&error), "parameter.range");
    let error = assert_error(
        world.call(&modify(&id, "enable_sasi_indexes", "yes")),
        "InvalidParameter",
        Some("Value"),
    );
    assert_eq!(rule_of(&error), "parameter.choice");
    assert_error(
        world.call(&modify(&id, "num_tokens", "16")),
        "InvalidParameterName.NotFound",
        None,
    );

    let value = |name: &str| {
        parameters(&world, &id)
            .parameters
            .0
            .into_iter()
            .find(|p| p.name.as_deref() == Some(name))
            .unwrap()
            .value
            .unwrap()
    };
    assert_eq!(value("cas_contention_timeout_in_ms"), "2000");
    assert_eq!(value("enable_sasi_indexes"), "false");

    let request = DescribeParameterModificationHistoriesRequest {
        cluster_id: id.clone(),
        page_number: None,
        page_size: None,
    };
    let history = world.call(&request).unwrap();
    assert_eq!(history.total_count, Some(2));
    let latest = &history.histories[0];
    assert_eq!(latest.name.as_deref(), Some("enable_sasi_indexes"));
    assert_eq!(
        (latest.old_value.as_deref(), latest.new_value.as_deref()),
        (Some("true"), Some("false"))
    );
    assert_eq!(latest.time, Some(1_709_542_860_000));
    assert_eq!(history.histories[1].old_value.as_deref(), Some("1000"));
}

#[test]
fn dashboard_lists_every_node_with_load() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-dash");
    let request = DescribeClusterDashboardRequest {
        cluster_id: id.clone(),
    };
    let dashboard = world.call(&request).unwrap().dashboard.unwrap();
    let dc = &dashboard.data_centers[0];
    assert_eq!(dc.data_center_id.as_deref(), Some("cn-hangzhou-h"));
    assert_eq!(dc.nodes.len(), 3);
    for node in &dc.nodes {
        assert_eq!(node.status, Some(NodeStatus::UpNormal));
        let address: std::net::Ipv4Addr = node.address.as_deref().unwrap().parse().unwrap();
        assert!(address.is_private(), "{address}");
        assert!(node.load.as_deref().unwrap().ends_with(" MiB"));
    }
}
