//! Backups: the backup plan of each data center (create, change, delete), and the backups
//! taken, with the details of one.

use leptos::prelude::*;
use shared::actions::{
    Backup, DescribeBackupRequest, DescribeBackupResponse, DescribeBackupsRequest,
    DescribeBackupsResponse,
};
use shared::enums::BackupType;

use super::{or_dash, scope, section};
use crate::api::Read;
use crate::components::load::{load, loaded};
use crate::components::operation::op_button;
use crate::state::cluster_ops::{self as ops, ClusterRef};

pub fn tab() -> AnyView {
    view! {
        {plans()}
        {backups()}
    }
    .into_any()
}

fn plans() -> AnyView {
    let scope = scope();
    let rows = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            detail
                .snapshot
                .data_centers
                .iter()
                .map(|dc| {
                    let id = dc.data_center_id.clone().unwrap_or_default();
                    let plan = detail
                        .snapshot
                        .backup_plans
                        .iter()
                        .find(|p| p.data_center_id.as_deref() == Some(id.as_str()));
                    let after = scope.after();
                    let (schedule, buttons) = match plan {
                        Some(plan) => {
                            let state = if plan.active == Some(false) { " (paused)" } else { "" };
                            let schedule = format!(
                                "{} at {}, kept {} days{state}",
                                or_dash(plan.backup_period.clone()).replace(',', ", "),
                                or_dash(plan.backup_time.clone()),
                                plan.retention_period.unwrap_or_default()
                            );
                            let buttons = view! {
                                {op_button("Change…", ops::modify_backup_plan(&c, plan).after(after.clone()))}
                                {op_button("Delete…", ops::delete_backup_plan(&c, &id).after(after))}
                            }
                            .into_any();
                            (schedule, buttons)
                        }
                        None => (
                            "No plan: no automatic backups.".to_owned(),
                            op_button("Plan backups…", ops::create_backup_plan(&c, &id).after(after)),
                        ),
                    };
                    view! {
                        <tr>
                            <td>
                                {or_dash(dc.data_center_name.clone())}
                                <div class="muted small mono">{id}</div>
                            </td>
                            <td>{schedule}</td>
                            <td>{buttons}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    section(
        "Backup plans",
        view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Data center"</th>
                        <th scope="col">"Schedule (UTC)"</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        },
    )
}

/// The backups of one data center and kind, chosen above the table.
fn backups() -> AnyView {
    let scope = scope();
    let cluster_id = scope.with(|d| d.cluster_id.clone()).unwrap_or_default();
    let data_centers: Vec<String> = scope
        .data_centers()
        .into_iter()
        .filter_map(|dc| dc.data_center_id)
        .collect();
    let chosen_dc = RwSignal::new(data_centers.first().cloned().unwrap_or_default());
    let kind = RwSignal::new(BackupType::Full);
    let list_id = cluster_id.clone();
    let list = load(Signal::derive(move || {
        Read::action(&DescribeBackupsRequest {
            backup_type: kind.get(),
            cluster_id: list_id.clone(),
            data_center_id: chosen_dc.get(),
        })
    }));
    // The backup whose details are shown.
    let detail_of = RwSignal::new(None::<Read>);

    let dc_options = data_centers
        .into_iter()
        .map(|dc| view! { <option value=dc.clone()>{dc.clone()}</option> })
        .collect_view();
    let table = loaded(list, "the backups", move |page: DescribeBackupsResponse| {
        if page.backups.is_empty() {
            return view! { <p class="empty">"No backups of this kind yet."</p> }.into_any();
        }
        let cluster_id = cluster_id.clone();
        let rows = page
            .backups
            .0
            .into_iter()
            .map(|b| backup_row(&cluster_id, b, detail_of))
            .collect_view();
        view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Backup"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Started"</th>
                        <th scope="col">"Ended"</th>
                        <th scope="col" class="num">"Size"</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    });
    let details = move || detail_of.get().map(backup_details);
    section(
        "Backups",
        view! {
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label>
                    "Data center"
                    <select on:change=move |ev| chosen_dc.set(event_target_value(&ev))>
                        {dc_options}
                    </select>
                </label>
                <label>
                    "Kind"
                    <select on:change=move |ev| kind.set(BackupType::from(event_target_value(&ev).as_str()))>
                        <option value=BackupType::Full.as_str()>"Full"</option>
                        <option value=BackupType::Incremental.as_str()>"Incremental"</option>
                    </select>
                </label>
            </form>
            {table}
            {details}
        },
    )
}

/// The details of one backup (DescribeBackup).
fn backup_details(read: Read) -> AnyView {
    let detail = load(Signal::stored(read));
    loaded(detail, "the backup", |answer: DescribeBackupResponse| {
        let text = answer
            .backup
            .and_then(|b| b.details)
            .map(|d| pretty_json(d.trim()))
            .unwrap_or_else(|| "The cloud gave no details.".to_owned());
        view! { <pre class="output">{text}</pre> }.into_any()
    })
    .into_any()
}

fn backup_row(
    cluster_id: &str,
    backup: Backup,
    detail_of: RwSignal<Option<Read>>,
) -> impl IntoView {
    let id = backup.backup_id.clone().unwrap_or_default();
    let read = Read::action(&DescribeBackupRequest {
        backup_id: id.clone(),
        backup_type: backup.backup_type.clone().unwrap_or(BackupType::Full),
        cluster_id: cluster_id.to_owned(),
        data_center_id: backup.data_center_id.clone().unwrap_or_default(),
    });
    view! {
        <tr>
            <td class="mono">{id}</td>
            <td>{or_dash(backup.status.map(|s| s.as_str().to_owned()))}</td>
            <td>{or_dash(backup.start_time)}</td>
            <td>{or_dash(backup.end_time)}</td>
            <td class="num">{backup.size.map(human_bytes)}</td>
            <td>
                <button type="button" on:click=move |_| detail_of.set(Some(read.clone()))>
                    "Details"
                </button>
            </td>
        </tr>
    }
}

/// `1536` -> `1.5 KiB`.
pub fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The backup's details are JSON inside a string: indent them when they parse.
fn pretty_json(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
    }

    #[test]
    fn details_are_indented_when_they_are_json() {
        assert_eq!(pretty_json("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(pretty_json("not json"), "not json");
    }
}
