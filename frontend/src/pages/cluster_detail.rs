//! One cluster: a header with its status, and a tab per area of operations. The page follows
//! a cluster in progress (Creating → Running) by polling its snapshot.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::Action as _;
use shared::actions::{Cluster, DataCenter, DeleteClusterRequest};
use shared::enums::ClusterStatus;

use crate::api::{self, ClusterDetail};
use crate::clock::{after, parse_ms, use_now};
use crate::components::confirm::ConfirmByName;
use crate::components::status_badge::StatusBadge;
use crate::context::AppContext;
use crate::pages::not_found::NotFound;
use crate::route::{ClusterTab, Page, seg};
use crate::state::age::describe_age;

const POLL_EVERY: Duration = Duration::from_secs(3);

#[component]
pub fn ClusterPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get(seg::ID).unwrap_or_default()));
    let tab = Memo::new(move |_| {
        params.with(|p| match p.get(seg::TAB) {
            None => Some(ClusterTab::Overview),
            Some(slug) => ClusterTab::from_slug(&slug),
        })
    });
    move || match tab.get() {
        Some(tab) => view! { <ClusterView id=id.get() tab /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn ClusterView(id: String, tab: ClusterTab) -> impl IntoView {
    let context = AppContext::get();
    let ask_cloud = StoredValue::new(false);
    let cluster_id = id.clone();
    let detail = LocalResource::new(move || {
        let id = cluster_id.clone();
        let fresh = ask_cloud
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        async move { api::cluster(&id, fresh).await }
    });
    context.watch(detail);
    Effect::new(move |_| {
        let moving = detail.with(|r| {
            let status = r
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|d| d.cluster.status.as_ref());
            status.is_some_and(ClusterStatus::is_transitional)
        });
        if moving {
            after(POLL_EVERY, move || detail.refetch());
        }
    });
    let now = use_now(Duration::from_secs(5));
    let refresh = move |_| {
        ask_cloud.set_value(true);
        detail.refetch();
    };

    let tabs = ClusterTab::ALL
        .into_iter()
        .map(|t| {
            let href = Page::Cluster {
                id: id.clone(),
                tab: t,
            }
            .path();
            view! { <A href=href exact=true>{t.label()}</A> }
        })
        .collect_view();

    let header = move || {
        detail.get().map(|result| match result {
            Ok(detail) => {
                let age = parse_ms(&detail.refreshed_at)
                    .map(|at| format!("Data from {}", describe_age(now.get() - at)));
                view! { <Header cluster=detail.cluster region=detail.region_id age /> }.into_any()
            }
            Err(error) => view! {
                <div class="panel error-text" role="alert">
                    "Could not load the cluster: " {error.to_string()}
                </div>
            }
            .into_any(),
        })
    };
    let body = move || {
        detail
            .get()
            .and_then(Result::ok)
            .map(|detail| view! { <Body detail tab /> })
    };

    view! {
        <div class="breadcrumb">
            <A href=Page::Clusters.path()>"Clusters"</A>
            " / "
            <span class="mono">{id.clone()}</span>
            <span class="spacer"></span>
            <button type="button" on:click=refresh>"Refresh"</button>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading the cluster…"</p> }>
            {header}
        </Transition>
        <nav class="tabs" aria-label="Cluster">{tabs}</nav>
        <Transition fallback=|| ()>{body}</Transition>
    }
}

#[component]
fn Header(cluster: Cluster, region: String, age: Option<String>) -> impl IntoView {
    let id = cluster.cluster_id.clone().unwrap_or_default();
    let name = cluster
        .cluster_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.clone());
    let in_progress = cluster
        .status
        .as_ref()
        .is_some_and(ClusterStatus::is_transitional);
    view! {
        <div class="page-head">
            <h1>{name}</h1>
            <StatusBadge status=Signal::stored(cluster.status.clone()) />
            <span class="muted">{region}</span>
            <span class="muted small">{age}</span>
        </div>
        <Show when=move || in_progress>
            <p class="progress" role="status">
                <span class="spinner" aria-hidden="true"></span>
                "This cluster is changing; the page follows it until it settles."
            </p>
        </Show>
    }
}

#[component]
fn Body(detail: ClusterDetail, tab: ClusterTab) -> impl IntoView {
    match tab {
        ClusterTab::Overview => view! { <Overview detail /> }.into_any(),
        other => view! {
            <section class="panel">
                <h2>{other.label()}</h2>
                <p class="muted">"This tab is not built yet in this version of the panel."</p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Overview(detail: ClusterDetail) -> impl IntoView {
    let context = AppContext::get();
    let cluster = detail.cluster;
    let id = cluster.cluster_id.clone().unwrap_or_default();
    let name = cluster.cluster_name.clone().unwrap_or_else(|| id.clone());
    let text = |value: &Option<String>| {
        value
            .clone()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "—".to_owned())
    };
    let mut version = format!(
        "{} / {}",
        text(&cluster.major_version),
        text(&cluster.minor_version)
    );
    if cluster.is_latest_version == Some(false) {
        version.push_str(" (a newer minor version is available)");
    }
    let window = match (&cluster.maintain_start_time, &cluster.maintain_end_time) {
        (Some(start), Some(end)) => format!("{start} – {end} (UTC)"),
        _ => "—".to_owned(),
    };
    let tags = cluster
        .tags
        .iter()
        .filter_map(|t| {
            t.key
                .clone()
                .map(|k| format!("{k}={}", t.value.clone().unwrap_or_default()))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let facts = vec![
        ("Cluster ID", id.clone()),
        ("Name", text(&cluster.cluster_name)),
        ("Version (major / minor)", version),
        (
            "Billing",
            cluster
                .pay_type
                .as_ref()
                .map_or("—".to_owned(), |p| p.as_str().to_owned()),
        ),
        ("Created", text(&cluster.created_time)),
        ("Expires", text(&cluster.expire_time)),
        ("Maintenance window", window),
        ("Resource group", text(&cluster.resource_group_id)),
        (
            "Lock",
            cluster
                .lock_mode
                .as_ref()
                .map_or("—".to_owned(), |l| l.as_str().to_owned()),
        ),
        (
            "Tags",
            if tags.is_empty() {
                "—".to_owned()
            } else {
                tags
            },
        ),
    ];

    let confirming = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = Action::new_local(|request: &DeleteClusterRequest| {
        let request = request.clone();
        async move { api::action(&request).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(_)) => {
            confirming.set(false);
            context.success("Cluster deletion started; it moves to the recycle bin");
            navigate(&Page::Clusters.path(), Default::default());
        }
        Some(Err(error)) => context.error("Delete cluster", &error),
        None => {}
    });
    let can_delete = move || context.allows(DeleteClusterRequest::META.min_role);
    let delete_id = id.clone();

    view! {
        <section class="panel">
            <h2>"Overview"</h2>
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                    .collect_view()}
            </dl>
        </section>
        <DataCenters data_centers=detail.data_centers />
        <Show when=can_delete>
            <section class="panel danger-zone">
                <h2>"Delete"</h2>
                <p>
                    "Deleting stops the cluster and moves it to the recycle bin, from which it "
                    "can be purged."
                </p>
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                    "Delete cluster…"
                </button>
            </section>
        </Show>
        <Show when=move || confirming.get()>
            <ConfirmByName
                title="Delete this cluster?"
                name=name.clone()
                confirm_label="Delete cluster"
                pending=delete.pending()
                on_confirm={
                    let id = delete_id.clone();
                    move |()| {
                        delete.dispatch(DeleteClusterRequest { cluster_id: id.clone() });
                    }
                }
                on_cancel=move |()| confirming.set(false)
            >
                <p>
                    "The cluster stops serving at once. Its data stays in the recycle bin until "
                    "purged."
                </p>
            </ConfirmByName>
        </Show>
    }
}

#[component]
fn DataCenters(data_centers: Vec<DataCenter>) -> impl IntoView {
    let rows = data_centers
        .into_iter()
        .map(|dc| {
            let text = |v: Option<String>| v.unwrap_or_default();
            let number = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
            view! {
                <tr>
                    <td>
                        {text(dc.data_center_name)}
                        <div class="muted small mono">{text(dc.data_center_id)}</div>
                    </td>
                    <td><StatusBadge status=Signal::stored(dc.status) /></td>
                    <td>{text(dc.zone_id)}</td>
                    <td>{text(dc.instance_type)}</td>
                    <td class="num">{number(dc.node_count)}</td>
                    <td class="num">{dc.disk_size.map(|gb| format!("{gb} GB"))}</td>
                    <td>{dc.disk_type.map(|t| t.as_str().to_owned()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>"Data centers"</h2>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Data center"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Zone"</th>
                        <th scope="col">"Instance type"</th>
                        <th scope="col" class="num">"Nodes"</th>
                        <th scope="col" class="num">"Disk per node"</th>
                        <th scope="col">"Disk type"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
