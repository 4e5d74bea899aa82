//! nodetool jobs: started, listed, ended with output, deleted.

use shared::actions::*;

use crate::helpers::*;

fn execute(id: &str, dc: &str, command: &str, arguments: Option<&str>) -> ExecuteNodeToolRequest {
    ExecuteNodeToolRequest {
        cluster_id: id.into(),
        command: command.into(),
        data_center_id: dc.into(),
        arguments: arguments.map(Into::into),
        execute_nodes: None,
    }
}

fn histories(world: &TestWorld, id: &str) -> DescribeNodeToolExecutionHistoriesResponse {
    let request = DescribeNodeToolExecutionHistoriesRequest {
        cluster_id: id.into(),
        page_number: None,
        page_size: None,
    };
    world.call(&request).unwrap()
}

#[test]
fn a_job_appears_at_once_and_ends_with_its_output() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-nodetool");
    let dc = world.first_dc(&id);
    let answer = world.raw(
        "ExecuteNodeTool",
        &[
            ("ClusterId", &id),
            ("DataCenterId", &dc),
            ("Command", "status"),
        ],
    );
    assert_eq!(
        answer.unwrap(),
        serde_json::json!({}),
        "ExecuteNodeTool answers only RequestId"
    );

    let listed = histories(&world, &id);
    assert_eq!(listed.total_count, Some(1));
    let job = &listed.histories[0];
    let job_id = job.job_id.clone().unwrap();
    assert!(job_id.starts_with("job-") && job_id.len() == 20, "{job_id}");
    assert_eq!(job.is_ended, Some(false));
    assert_eq!(job.command.as_deref(), Some("status"));
    assert_eq!(job.nodes.as_deref(), Some("core-1,core-2,core-3"));
    assert_eq!(job.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(job.data_center_id.as_deref(), Some(dc.as_str()));
    assert_eq!(job.create_time, Some(1_709_542_800_000));

    let describe = DescribeNodeToolExecutionHistoryRequest {
        cluster_id: id.clone(),
        dc_id: dc.clone(),
        job_id: job_id.clone(),
    };
    let running = world.call(&describe).unwrap();
    assert_eq!((running.is_ended, running.result), (Some(false), None));
    let delete = DeleteNodeToolExecutionHistoryRequest {
        cluster_id: id.clone(),
        data_center_id: dc.clone(),
        job_id: job_id.clone(),
    };
    assert_error(world.call(&delete), "OperationDenied.JobRunning", None);

    world.advance(5);
    let ended = world.call(&describe).unwrap();
    assert_eq!(ended.is_ended, Some(true));
    assert_eq!(ended.modify_time, Some(1_709_542_805_000));
    let result = ended.result.unwrap();
    assert!(result.starts_with(&format!("Datacenter: {dc}")), "{result}");
    assert_eq!(
        result
            .lines()
            .filter(|line| line.starts_with("UN "))
            .count(),
        3,
        "{result}"
    );
    assert_eq!(ended.error_message.as_deref(), Some(""));

    world.call(&delete).unwrap();
    assert_eq!(histories(&world, &id).total_count, Some(0));
    assert_error(world.call(&describe), "InvalidJobId.NotFound", None);
}

#[test]
fn jobs_report_failures_and_use_the_cluster_state() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-nodetool-2");
    let dc = world.first_dc(&id);
    world
        .call(&execute(&id, &dc, "describering", Some("orders")))
        .unwrap();
    world
        .call(&execute(&id, &dc, "gettimeout", Some("read")))
        .unwrap();
    let only_two = ExecuteNodeToolRequest {
        execute_nodes: Some("core-1,core-3".into()),
        ..execute(&id, &dc, "version", None)
    };
    world.call(&only_two).unwrap();
    world.advance(10);

    let listed = histories(&world, &id);
    assert_eq!(listed.total_count, Some(3));
    // Newest first.
    let commands: Vec<_> = listed
        .histories
        .iter()
        .map(|h| h.command.clone().unwrap())
        .collect();
    assert_eq!(commands, ["version", "gettimeout", "describering"]);
    assert_eq!(listed.histories[0].nodes.as_deref(), Some("core-1,core-3"));
    let output = |history: &NodeToolHistory| {
        let request = DescribeNodeToolExecutionHistoryRequest {
            cluster_id: id.clone(),
            dc_id: dc.clone(),
            job_id: history.job_id.clone().unwrap(),
        };
        world.call(&request).unwrap()
    };
    let failed = output(&listed.histories[2]);
    assert_eq!(
        failed.error_message.as_deref(),
        Some("Error: The keyspace orders, does not exist")
    );
    assert_eq!(failed.arguments.as_deref(), Some("orders"));
    let timeout = output(&listed.histories[1]).result.unwrap();
    assert!(
        timeout.contains("Current timeout for type read: 5000 ms"),
        "{timeout}"
    );
    let version = output(&listed.histories[0]).result.unwrap();
    assert_eq!(
        version.matches("ReleaseVersion: 3.11.9").count(),
        2,
        "{version}"
    );

    let page = DescribeNodeToolExecutionHistoriesRequest {
        cluster_id: id.clone(),
        page_number: Some(2),
        page_size: Some(2),
    };
    let second = world.call(&page).unwrap();
    assert_eq!((second.histories.len(), second.total_count), (1, Some(3)));
}

#[test]
fn commands_are_checked() {
    let world = TestWorld::new();
    let id = world.running_cluster("token-nodetool-3");
    let dc = world.first_dc(&id);
    let error = assert_error(
        world.call(&execute(&id, &dc, "decommission", None)),
        "InvalidParameter",
        Some("Command"),
    );
    assert_eq!(rule_of(&error), "nodetool.command");
    let error = assert_error(
        world.call(&execute(&id, &dc, "status; reboot", None)),
        "InvalidParameter",
        Some("Command"),
    );
    assert_eq!(rule_of(&error), "nodetool.character");
    let error = assert_error(
        world.call(&execute(&id, &dc, "flush", Some("$(id)"))),
        "InvalidParameter",
        Some("Arguments"),
    );
    assert_eq!(rule_of(&error), "nodetool.character");
    let nodes = ExecuteNodeToolRequest {
        execute_nodes: Some("core-9".into()),
        ..execute(&id, &dc, "info", None)
    };
    assert_error(world.call(&nodes), "InvalidParameter", Some("ExecuteNodes"));
    assert_error(
        world.call(&execute(&id, "cn-hangzhou-b", "status", None)),
        "InvalidDataCenterId.NotFound",
        None,
    );
    assert_eq!(histories(&world, &id).total_count, Some(0));
}
