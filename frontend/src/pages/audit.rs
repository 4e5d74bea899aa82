//! The audit log (admins): every change and sign-in, filtered, one entry at a time, exported,
//! and whether the hash chain holds.

use leptos::prelude::*;
use shared::rest::{AuditEntry, AuditFilter, AuditOutcome, AuditPage, ChainReport};

use crate::api::{self, Read};
use crate::clock::local_to_utc;
use crate::components::load::{load, loaded};
use crate::components::table::{facts, table};
use crate::state::query::audit_query;

/// Entries per page.
const PAGE: u32 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    // What the inputs hold; applied to `filter` on submit.
    let draft = RwSignal::new(AuditFilter::default());
    let filter = RwSignal::new(AuditFilter {
        limit: Some(PAGE),
        ..AuditFilter::default()
    });
    let page = load(Signal::derive(move || {
        Read::get(format!("/audit{}", filter.with(audit_query)))
    }));
    let chain = load(Signal::stored(Read::get("/audit/verify")));
    let open = RwSignal::new(None::<AuditEntry>);

    let text = move |set: fn(&mut AuditFilter, Option<String>)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let value = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
            draft.update(|d| set(d, value));
        }
    };
    let time = move |set: fn(&mut AuditFilter, Option<String>)| {
        move |ev: leptos::ev::Event| {
            let value = local_to_utc(&event_target_value(&ev));
            draft.update(|d| set(d, value));
        }
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        open.set(None);
        filter.set(AuditFilter {
            limit: Some(PAGE),
            ..draft.get_untracked()
        });
    };
    let export =
        move |format: &'static str| move || filter.with(|f| api::audit_export_url(f, format));

    let entries = loaded(page, "the audit log", move |page: AuditPage| {
        let rows = page
            .entries
            .into_iter()
            .map(|entry| entry_row(entry, open))
            .collect();
        let older = page.next_before.map(|before| {
            view! {
                <button
                    type="button"
                    on:click=move |_| filter.update(|f| f.before = Some(before))
                >
                    "Older entries →"
                </button>
            }
        });
        view! {
            {table(
                &["Time", "Actor", "Action", "Target", "Outcome", "Cloud RequestId", ""],
                rows,
                "No entry matches the filters.",
            )}
            <div class="toolbar">
                <button
                    type="button"
                    disabled=move || filter.with(|f| f.before.is_none())
                    on:click=move |_| filter.update(|f| f.before = None)
                >
                    "Newest"
                </button>
                {older}
            </div>
        }
        .into_any()
    });

    view! {
        <div class="page-head">
            <h1>"Audit log"</h1>
            <div class="spacer"></div>
            <a class="button" href=export("csv") download="">"Export CSV"</a>
            <a class="button" href=export("ndjson") download="">"Export NDJSON"</a>
        </div>
        {chain_status(chain)}
        <form class="filters" role="search" on:submit=apply>
            <label>"User" <input type="search" on:change=text(|f, v| f.actor = v) /></label>
            <label>"Action" <input type="search" placeholder="e.g. ResizeDiskSize" on:change=text(|f, v| f.action = v) /></label>
            <label>"Cluster" <input type="search" on:change=text(|f, v| f.cluster = v) /></label>
            <label>
                "Outcome"
                <select on:change=move |ev| {
                    let outcome = event_target_value(&ev).parse::<AuditOutcome>().ok();
                    draft.update(|d| d.outcome = outcome);
                }>
                    <option value="">"Any"</option>
                    <option value="ok">"ok"</option>
                    <option value="error">"error"</option>
                </select>
            </label>
            <label>"From" <input type="datetime-local" on:change=time(|f, v| f.since = v) /></label>
            <label>"Until" <input type="datetime-local" on:change=time(|f, v| f.until = v) /></label>
            <button type="submit" class="primary">"Filter"</button>
        </form>
        {move || open.get().map(entry_detail)}
        {entries}
    }
}

fn chain_status(chain: LocalResource<api::Fetched>) -> AnyView {
    let report = loaded(chain, "the chain check", |report: ChainReport| {
        let text = match &report.first_broken {
            None => format!(
                "Hash chain intact: {} rows checked{}.",
                report.rows_checked,
                report
                    .head_hash
                    .as_deref()
                    .map(|h| format!(", head {}", &h[..h.len().min(16)]))
                    .unwrap_or_default()
            ),
            Some(broken) => format!(
                "Hash chain BROKEN at entry #{}: {} ({} rows checked).",
                broken.id, broken.problem, report.rows_checked
            ),
        };
        let class = if report.intact {
            "chain ok"
        } else {
            "chain broken"
        };
        view! { <p class=class role="status">{text}</p> }.into_any()
    });
    view! {
        <div class="panel chain-status">
            {report}
            <button type="button" on:click=move |_| chain.refetch()>"Verify again"</button>
        </div>
    }
    .into_any()
}

fn entry_row(entry: AuditEntry, open: RwSignal<Option<AuditEntry>>) -> AnyView {
    let actor = match &entry.token_name {
        Some(token) => format!("{} (token {token})", entry.actor),
        None => entry.actor.clone(),
    };
    let target = [&entry.cluster_id, &entry.data_center_id, &entry.target]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" / ");
    let outcome = outcome_text(&entry);
    let class = match entry.outcome {
        Some(AuditOutcome::Error) => "outcome error",
        Some(AuditOutcome::Ok) => "outcome ok",
        None => "outcome",
    };
    let cells = (
        entry.at.clone(),
        actor,
        entry.action.clone(),
        target,
        entry.cloud_request_id.clone(),
    );
    view! {
        <tr>
            <td class="small">{cells.0}</td>
            <td>{cells.1}</td>
            <td class="mono">{cells.2}</td>
            <td class="mono small">{cells.3}</td>
            <td class=class>{outcome}</td>
            <td class="mono small">{cells.4}</td>
            <td>
                <button type="button" on:click=move |_| open.set(Some(entry.clone()))>"View"</button>
            </td>
        </tr>
    }
    .into_any()
}

/// "intent", "ok", "error InvalidParameter: ...".
fn outcome_text(entry: &AuditEntry) -> String {
    match (entry.outcome, &entry.error_code) {
        (None, _) => entry.kind.as_str().to_owned(),
        (Some(AuditOutcome::Ok), _) => "ok".to_owned(),
        (Some(AuditOutcome::Error), code) => {
            let code = code.as_deref().unwrap_or("error");
            match &entry.error_message {
                Some(message) => format!("{code}: {message}"),
                None => code.to_owned(),
            }
        }
    }
}

fn entry_detail(entry: AuditEntry) -> AnyView {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    let params =
        serde_json::to_string_pretty(&entry.params).unwrap_or_else(|_| entry.params.to_string());
    let title = format!("Entry #{}", entry.id);
    let pairs = vec![
        ("Time", entry.at.clone()),
        ("Kind", entry.kind.as_str().to_owned()),
        (
            "Completes intent",
            entry
                .intent_id
                .map(|id| format!("#{id}"))
                .unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "Actor",
            format!("{} ({})", entry.actor, entry.actor_kind.as_str()),
        ),
        ("Token", opt(&entry.token_name)),
        ("Source", opt(&entry.source)),
        ("User agent", opt(&entry.user_agent)),
        ("Action", entry.action.clone()),
        ("Cluster", opt(&entry.cluster_id)),
        ("Data center", opt(&entry.data_center_id)),
        ("Target", opt(&entry.target)),
        ("Outcome", outcome_text(&entry)),
        ("Cloud RequestId", opt(&entry.cloud_request_id)),
        (
            "Duration",
            entry
                .duration_ms
                .map(|ms| format!("{ms} ms"))
                .unwrap_or_else(|| "—".to_owned()),
        ),
        ("Panel request", opt(&entry.request_id)),
        ("Hash", entry.hash.clone()),
        ("Previous hash", entry.prev_hash.clone()),
    ];
    view! {
        <section class="panel entry" aria-labelledby="audit-entry-title">
            <h2 id="audit-entry-title">{title}</h2>
            {facts(pairs)}
            <h3>"Parameters"</h3>
            <pre class="output">{params}</pre>
        </section>
    }
    .into_any()
}
