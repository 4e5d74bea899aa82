//! nodetool jobs: ExecuteNodeTool starts one (answering only RequestId); it shows up in the
//! histories at once and ends after a simulated delay with its output.

use shared::actions::{
    DeleteNodeToolExecutionHistoryRequest, DeleteNodeToolExecutionHistoryResponse,
    DescribeNodeToolExecutionHistoriesRequest, DescribeNodeToolExecutionHistoriesResponse,
    DescribeNodeToolExecutionHistoryRequest, DescribeNodeToolExecutionHistoryResponse,
    ExecuteNodeToolRequest, ExecuteNodeToolResponse,
};
use shared::rules::{NodetoolArguments, NodetoolCommand};

use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::{DataCenter, Node, NodetoolJob, Ring};
use crate::world::nodetool;
use crate::world::paging::Page;
use crate::world::render;
use crate::world::validation::{field, optional};

/// The nodes named by ExecuteNodes (`core-1,core-2`), or every member node.
fn select_nodes<'d>(dc: &'d DataCenter, wanted: Option<&str>) -> Result<Vec<&'d Node>, ApiError> {
    let members = dc.nodes.iter().filter(|node| node.ring != Ring::Joining);
    let Some(wanted) = wanted.filter(|w| !w.trim().is_empty()) else {
        return Ok(members.collect());
    };
    let mut nodes = Vec::new();
    for name in wanted.split(',').map(str::trim) {
        let node = dc.nodes.iter().find(|node| node.name == name).ok_or_else(|| {
            ApiError::invalid_parameter_because(
                "ExecuteNodes",
                &format!("`{name}` is not a node of data center {} (nodes are named core-1, core-2, ...)", dc.id),
            )
        })?;
        if !nodes.contains(&node) {
            nodes.push(node);
        }
    }
    Ok(nodes)
}

pub fn execute_node_tool(
    call: &mut Call<'_>,
    req: ExecuteNodeToolRequest,
) -> Result<ExecuteNodeToolResponse, ApiError> {
    let command = field("Command", NodetoolCommand::parse(&req.command))?;
    let arguments = optional(
        "Arguments",
        req.arguments.as_deref(),
        NodetoolArguments::parse,
    )?;
    let arguments = arguments.as_ref().map_or("", NodetoolArguments::as_str);
    let (now, ends_at) = (call.now, call.after(call.config.durations.nodetool));
    let (cluster, ids) = call.state.cluster_and_ids(&req.cluster_id)?;
    cluster.ensure_data_center_serving(&req.data_center_id)?;
    let dc = cluster.find_data_center(&req.data_center_id)?;
    let nodes = select_nodes(dc, req.execute_nodes.as_deref())?;
    let outcome = nodetool::run(cluster, dc, &nodes, command.as_str(), arguments);
    let job = NodetoolJob {
        id: ids.job_id(),
        data_center_id: dc.id.clone(),
        region_id: dc.region_id.clone(),
        command: command.as_str().trim().to_owned(),
        arguments: arguments.to_owned(),
        nodes: nodes
            .iter()
            .map(|node| node.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        created_at: now,
        ends_at,
        result: outcome.result,
        error_message: outcome.error_message,
    };
    cluster.jobs.push(job);
    Ok(ExecuteNodeToolResponse::default())
}

pub fn describe_node_tool_execution_histories(
    call: &mut Call<'_>,
    req: DescribeNodeToolExecutionHistoriesRequest,
) -> Result<DescribeNodeToolExecutionHistoriesResponse, ApiError> {
    let page = Page::new(req.page_number, req.page_size);
    let cluster = call.state.cluster(&req.cluster_id)?;
    let newest_first = cluster
        .jobs
        .iter()
        .rev()
        .map(|job| render::nodetool_history(job, call.now))
        .collect();
    let (histories, total) = page.slice(newest_first);
    Ok(DescribeNodeToolExecutionHistoriesResponse {
        histories: histories.into(),
        page_number: Some(page.number),
        page_size: Some(page.size),
        total_count: Some(total),
        ..Default::default()
    })
}

/// One job with its output (`Result`), which exists only once the job has ended.
pub fn describe_node_tool_execution_history(
    call: &mut Call<'_>,
    req: DescribeNodeToolExecutionHistoryRequest,
) -> Result<DescribeNodeToolExecutionHistoryResponse, ApiError> {
    let cluster = call.state.cluster(&req.cluster_id)?;
    let job = cluster
        .jobs
        .iter()
        .find(|job| job.id == req.job_id && job.data_center_id == req.dc_id)
        .ok_or_else(|| errors::job_not_found(&req.job_id))?;
    let history = render::nodetool_history(job, call.now);
    let ended = job.is_ended(call.now);
    Ok(DescribeNodeToolExecutionHistoryResponse {
        arguments: history.arguments,
        command: history.command,
        create_time: history.create_time,
        data_center_id: history.data_center_id,
        error_message: history.error_message,
        is_ended: history.is_ended,
        job_id: history.job_id,
        modify_time: history.modify_time,
        nodes: history.nodes,
        region_id: history.region_id,
        result: ended.then(|| job.result.clone()),
        ..Default::default()
    })
}

pub fn delete_node_tool_execution_history(
    call: &mut Call<'_>,
    req: DeleteNodeToolExecutionHistoryRequest,
) -> Result<DeleteNodeToolExecutionHistoryResponse, ApiError> {
    let now = call.now;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    let position = cluster
        .jobs
        .iter()
        .position(|job| job.id == req.job_id && job.data_center_id == req.data_center_id)
        .ok_or_else(|| errors::job_not_found(&req.job_id))?;
    if !cluster.jobs[position].is_ended(now) {
        return Err(errors::job_running(&req.job_id));
    }
    cluster.jobs.remove(position);
    Ok(DeleteNodeToolExecutionHistoryResponse::default())
}
