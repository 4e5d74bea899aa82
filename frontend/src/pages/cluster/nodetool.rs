//! nodetool: run a command on a data center, see the jobs and their results.

use std::time::Duration;

use leptos::prelude::*;
use shared::actions::{
    DescribeNodeToolExecutionHistoriesRequest, DescribeNodeToolExecutionHistoriesResponse,
    DescribeNodeToolExecutionHistoryRequest, DescribeNodeToolExecutionHistoryResponse,
    NodeToolHistory,
};

use super::{or_dash, scope, section};
use crate::api::{self, Read};
use crate::clock::{after, format_epoch_ms};
use crate::components::load::{load, loaded};
use crate::components::operation::op_button;
use crate::state::cluster_ops::{self as ops, ClusterRef};

/// Jobs shown (the newest).
const PAGE: i32 = 30;
/// How often the history is read again while a job runs.
const POLL_EVERY: Duration = Duration::from_secs(3);

pub fn tab() -> AnyView {
    let scope = scope();
    let cluster_id = scope.with(|d| d.cluster_id.clone()).unwrap_or_default();
    let history = load(Signal::stored(Read::action(
        &DescribeNodeToolExecutionHistoriesRequest {
            cluster_id: cluster_id.clone(),
            page_number: Some(1),
            page_size: Some(PAGE),
        },
    )));
    Effect::new(move |_| {
        let running = history.with(|fetched| {
            fetched
                .as_ref()
                .and_then(|f| api::parse::<DescribeNodeToolExecutionHistoriesResponse>(f).ok())
                .is_some_and(|page| page.histories.iter().any(|h| h.is_ended == Some(false)))
        });
        if running {
            after(POLL_EVERY, move || history.refetch());
        }
    });
    // The job whose result is shown: (data center, job id).
    let shown = RwSignal::new(None::<(String, String)>);
    let run = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            let dcs: Vec<String> = detail
                .snapshot
                .data_centers
                .iter()
                .filter_map(|dc| dc.data_center_id.clone())
                .collect();
            op_button(
                "Run nodetool…",
                ops::run_nodetool(&c, &dcs).after(move |_| history.refetch()),
            )
        })
    };
    let table = loaded(
        history,
        "the nodetool history",
        move |page: DescribeNodeToolExecutionHistoriesResponse| {
            if page.histories.is_empty() {
                return view! { <p class="empty">"No nodetool command was run yet."</p> }
                    .into_any();
            }
            let Some(c) = scope.cluster() else {
                return ().into_any();
            };
            let rows = page
                .histories
                .0
                .into_iter()
                .map(|job| job_row(&c, job, shown, history))
                .collect_view();
            view! {
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">"Job"</th>
                            <th scope="col">"Command"</th>
                            <th scope="col">"Data center"</th>
                            <th scope="col">"Started"</th>
                            <th scope="col">"State"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        },
    );
    let result = move || {
        shown
            .get()
            .map(|(dc, job)| job_result(cluster_id.clone(), dc, job))
    };
    view! {
        {section("nodetool", view! {
            <p class="muted">"Read-only reports and routine maintenance commands, run on the nodes of one data center."</p>
            <div class="toolbar">{run}</div>
        })}
        {section("History", view! { {table} {result} })}
    }
    .into_any()
}

fn job_row(
    c: &ClusterRef,
    job: NodeToolHistory,
    shown: RwSignal<Option<(String, String)>>,
    history: LocalResource<api::Fetched>,
) -> impl IntoView {
    let id = job.job_id.clone().unwrap_or_default();
    let dc = job.data_center_id.clone().unwrap_or_default();
    let state = match (job.is_ended, &job.error_message) {
        (_, Some(error)) if !error.is_empty() => format!("Failed: {error}"),
        (Some(false), _) => "Running".to_owned(),
        _ => "Ended".to_owned(),
    };
    let command = format!(
        "{} {}",
        job.command.unwrap_or_default(),
        job.arguments.unwrap_or_default()
    );
    let delete = ops::delete_nodetool_job(c, &dc, &id).after(move |_| history.refetch());
    let key = (dc.clone(), id.clone());
    view! {
        <tr>
            <td class="mono">{id}</td>
            <td class="mono">{command.trim().to_owned()}</td>
            <td class="mono">{dc}</td>
            <td>{job.create_time.map(format_epoch_ms)}</td>
            <td>{state}</td>
            <td>
                <button type="button" on:click=move |_| shown.set(Some(key.clone()))>
                    "Result"
                </button>
                {op_button("Delete…", delete)}
            </td>
        </tr>
    }
}

/// One job's output (DescribeNodeToolExecutionHistory).
fn job_result(cluster_id: String, dc: String, job: String) -> AnyView {
    let title = format!("Result of {job}");
    let result = load(Signal::stored(Read::action(
        &DescribeNodeToolExecutionHistoryRequest {
            cluster_id,
            dc_id: dc,
            job_id: job,
        },
    )));
    view! {
        <h3>{title}</h3>
        {loaded(result, "the result", |answer: DescribeNodeToolExecutionHistoryResponse| {
            let text = match (answer.result, answer.error_message) {
                (_, Some(error)) if !error.is_empty() => error,
                (Some(output), _) => output,
                _ if answer.is_ended == Some(false) => "Still running…".to_owned(),
                _ => "No output.".to_owned(),
            };
            view! { <pre class="output">{or_dash(Some(text))}</pre> }.into_any()
        })}
    }
    .into_any()
}
