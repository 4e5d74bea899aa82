//! One cluster: a header with its status, and a tab per area of operations. The page follows
//! a cluster in progress (Creating → Running, Resizing → Running) by polling its snapshot.
//!
//! The snapshot is loaded once for the page and shared with the tabs through
//! [`ClusterScope`]; the tabs load only what the snapshot does not hold (backups, nodetool
//! history, accounts, ...). Every change goes through an operation dialog
//! (`components::operation`), after which the page asks the cloud for a fresh snapshot.

mod accounts;
mod backups;
mod contact_points;
mod data_centers;
mod dynamodb;
mod nodetool;
mod overview;
mod parameters;
mod resize;
mod security;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::actions::{DataCenter, DescribeInstanceTypeRequest};
use shared::enums::ClusterStatus;
use shared::rest::ErrorCode;
use shared::rest_clusters::ClusterDetail;

use crate::api::{self, ApiError, Read, Receipt};
use crate::clock::{after, parse_ms, use_now};
use crate::components::load::{load, load_error};
use crate::components::status_badge::StatusBadge;
use crate::pages::not_found::NotFound;
use crate::route::{ClusterTab, Page, seg};
use crate::state::age::describe_age;
use crate::state::cluster_ops::ClusterRef;
use crate::state::create_cluster::InstanceChoice;

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
    // Switching tabs keeps the page (and its snapshot); another cluster starts afresh.
    move || {
        let id = id.get();
        view! { <ClusterView id tab /> }
    }
}

/// The cluster's snapshot, shared by the page and its tabs.
#[derive(Clone, Copy)]
pub struct ClusterScope {
    /// The latest snapshot that loaded (kept while a refresh fails).
    detail: RwSignal<Option<ClusterDetail>>,
    read: RwSignal<Read>,
    path: StoredValue<String>,
}

impl ClusterScope {
    /// Ask the cloud for a fresh snapshot (after a change).
    pub fn refresh(self) {
        let fresh = Read::get(format!("{}?fresh=true", self.path.get_value()));
        self.read.set(fresh);
    }

    /// What an operation does once accepted: follow the cluster.
    pub fn after(self) -> impl Fn(&Receipt) + Clone + 'static {
        move |_| self.refresh()
    }

    /// Render from the snapshot (reactive); nothing until it loaded.
    pub fn with<R>(self, f: impl FnOnce(&ClusterDetail) -> R) -> Option<R> {
        self.detail.with(|d| d.as_ref().map(f))
    }

    pub fn cluster(self) -> Option<ClusterRef> {
        self.with(ClusterRef::of)
    }

    /// The data centers (id, as the cloud lists them).
    pub fn data_centers(self) -> Vec<DataCenter> {
        self.with(|d| d.snapshot.data_centers.clone())
            .unwrap_or_default()
    }
}

/// Whether the cluster or one of its data centers is still changing.
fn in_progress(detail: &ClusterDetail) -> bool {
    let moving = |s: &Option<ClusterStatus>| s.as_ref().is_some_and(ClusterStatus::is_transitional);
    moving(&detail.snapshot.cluster.status)
        || detail
            .snapshot
            .data_centers
            .iter()
            .any(|dc| moving(&dc.status))
}

#[component]
fn ClusterView(id: String, tab: Memo<Option<ClusterTab>>) -> impl IntoView {
    let path = format!(
        "/clusters/{}",
        String::from(js_sys::encode_uri_component(&id))
    );
    let read = RwSignal::new(Read::get(path.clone()));
    let resource = load(read.into());
    let scope = ClusterScope {
        detail: RwSignal::new(None),
        read,
        path: StoredValue::new(path.clone()),
    };
    provide_context(scope);
    let error = RwSignal::new(None::<ApiError>);
    let asked_cloud = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(fetched) = resource.get() else {
            return;
        };
        // The next poll reads the snapshot again rather than asking the cloud each time.
        read.update_untracked(|r| *r = Read::get(scope.path.get_value()));
        match api::parse::<ClusterDetail>(&fetched) {
            Ok(detail) => {
                if in_progress(&detail) {
                    after(POLL_EVERY, move || resource.refetch());
                }
                scope.detail.set(Some(detail));
                error.set(None);
            }
            // A cluster just created has no snapshot yet: ask the cloud once before giving up.
            Err(e) if e.code() == Some(ErrorCode::NotFound) && !asked_cloud.get_value() => {
                asked_cloud.set_value(true);
                scope.refresh();
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let now = use_now(Duration::from_secs(5));
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
        scope.with(|detail| {
            let age = parse_ms(&detail.freshness.fetched_at)
                .map(|at| format!("Data from {}", describe_age(now.get() - at)));
            header(detail, age)
        })
    };
    let loading = move || {
        (scope.detail.with(Option::is_none) && error.with(Option::is_none))
            .then(|| view! { <p class="loading">"Loading the cluster…"</p> })
    };
    let body = move || {
        let tab = tab.get();
        scope.detail.with(Option::is_some).then(|| match tab {
            Some(tab) => body(tab),
            None => view! { <NotFound /> }.into_any(),
        })
    };
    view! {
        <div class="breadcrumb">
            <A href=Page::Clusters.path()>"Clusters"</A>
            " / "
            <span class="mono">{id.clone()}</span>
            <span class="spacer"></span>
            <button type="button" on:click=move |_| scope.refresh()>"Refresh"</button>
        </div>
        {loading}
        {move || error.get().map(|e| load_error("the cluster", &e))}
        {header}
        <nav class="tabs" aria-label="Cluster">{tabs}</nav>
        {body}
    }
}

fn header(detail: &ClusterDetail, age: Option<String>) -> AnyView {
    let cluster = &detail.snapshot.cluster;
    let name = cluster
        .cluster_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| detail.cluster_id.clone());
    let gone = detail.freshness.deleted_at.is_some();
    view! {
        <div class="page-head">
            <h1>{name}</h1>
            <StatusBadge status=Signal::stored(cluster.status.clone()) />
            <span class="muted">{detail.region_id.clone()}</span>
            <span class="muted small">{age}</span>
        </div>
        {gone.then(|| view! {
            <p class="panel warning" role="status">
                "The cloud no longer lists this cluster; this is its last snapshot."
            </p>
        })}
        {in_progress(detail).then(|| view! {
            <p class="progress" role="status">
                <span class="spinner" aria-hidden="true"></span>
                "This cluster is changing; the page follows it until it settles."
            </p>
        })}
    }
    .into_any()
}

fn body(tab: ClusterTab) -> AnyView {
    match tab {
        ClusterTab::Overview => overview::tab(),
        ClusterTab::DataCenters => data_centers::tab(),
        ClusterTab::Resize => resize::tab(),
        ClusterTab::Whitelists => security::whitelists(),
        ClusterTab::SecurityGroups => security::security_groups(),
        ClusterTab::Parameters => parameters::tab(),
        ClusterTab::Backups => backups::tab(),
        ClusterTab::Nodetool => nodetool::tab(),
        ClusterTab::Accounts => accounts::tab(),
        ClusterTab::ContactPoints => contact_points::tab(),
        ClusterTab::DynamoDb => dynamodb::tab(),
    }
}

/// The scope of the cluster on screen.
fn scope() -> ClusterScope {
    expect_context()
}

/// The instance types on offer (for adding a data center and changing instance types).
fn instance_types() -> LocalResource<api::Fetched> {
    // An empty InstanceType lists every type.
    let read = Read::action(&DescribeInstanceTypeRequest {
        instance_type: String::new(),
    });
    load(Signal::stored(read))
}

/// The instance types of [`instance_types`] as `(type, "type — 2 cores, 4 GB")` choices.
fn instance_choices(fetched: &api::Fetched) -> Result<Vec<(String, String)>, ApiError> {
    api::parse(fetched).map(|response| {
        InstanceChoice::from_response(&response)
            .into_iter()
            .map(|choice| (choice.name, choice.label))
            .collect()
    })
}

/// `"—"` for a missing value.
fn or_dash(value: Option<String>) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

/// A panel with a heading.
fn section(title: &'static str, content: impl IntoView + 'static) -> AnyView {
    view! {
        <section class="panel">
            <h2>{title}</h2>
            {content}
        </section>
    }
    .into_any()
}
