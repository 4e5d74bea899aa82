//! The cluster list: every cluster from the snapshots, filtered, refreshing itself while
//! anything is in progress.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use shared::Action as _;
use shared::actions::CreateClusterRequest;
use shared::enums::ClusterStatus;
use shared::rest_clusters::{ClusterList, ClusterListItem};

use crate::api::{self, ApiError};
use crate::clock::{after, parse_ms, use_now};
use crate::components::status_badge::StatusBadge;
use crate::context::AppContext;
use crate::route::{ClusterTab, Page};
use crate::state::age::describe_age;
use crate::state::cluster_filter::{self, ClusterFilter};

/// How often the list asks again while a cluster is Creating, Resizing, ...
const POLL_EVERY: Duration = Duration::from_secs(4);

#[component]
pub fn ClustersPage() -> impl IntoView {
    let context = AppContext::get();
    let clusters = LocalResource::new(api::clusters);
    context.watch(clusters);
    Effect::new(move |_| {
        let moving = clusters.with(
            |r| matches!(r, Some(Ok(list)) if cluster_filter::any_in_progress(&list.clusters)),
        );
        if moving {
            after(POLL_EVERY, move || clusters.refetch());
        }
    });
    let filter = RwSignal::new(ClusterFilter::default());
    let now = use_now(Duration::from_secs(5));

    let refresh = move |_| clusters.refetch();
    let can_create = move || context.allows(CreateClusterRequest::META.min_role);

    view! {
        <div class="page-head">
            <h1>"Clusters"</h1>
            <span class="muted">
                {move || clusters.with(|r| match r {
                    Some(Ok(list)) => data_age(list, now.get()),
                    _ => String::new(),
                })}
            </span>
            <div class="spacer"></div>
            <button type="button" on:click=refresh>"Refresh"</button>
            <Show when=can_create>
                <A href=Page::CreateCluster.path() attr:class="button primary">
                    "Create cluster"
                </A>
            </Show>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading clusters…"</p> }>
            {move || {
                clusters
                    .get()
                    .map(|result| match result {
                        Ok(list) => view! { <ClusterTable list filter /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// "Data from 12 s ago": the age of the oldest snapshot on screen.
fn data_age(list: &ClusterList, now: f64) -> String {
    let oldest = list
        .clusters
        .iter()
        .filter_map(|item| parse_ms(&item.freshness.fetched_at))
        .fold(f64::INFINITY, f64::min);
    if oldest.is_finite() {
        format!("Data from {}", describe_age(now - oldest))
    } else {
        String::new()
    }
}

#[component]
fn LoadError(error: ApiError) -> impl IntoView {
    view! {
        <div class="panel error-text" role="alert">
            "Could not load: " {error.to_string()}
        </div>
    }
}

#[component]
fn ClusterTable(list: ClusterList, filter: RwSignal<ClusterFilter>) -> impl IntoView {
    let regions = cluster_filter::regions(&list.clusters);
    let statuses = cluster_filter::statuses(&list.clusters);
    let total = list.clusters.len();
    let items = StoredValue::new(list.clusters);
    let shown = move || {
        items.with_value(|items| {
            filter.with(|f| {
                items
                    .iter()
                    .filter(|i| f.matches(i))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let set_text = move |ev| filter.update(|f| f.text = event_target_value(&ev));
    let set_tag = move |ev| filter.update(|f| f.tag = event_target_value(&ev));
    let set_region = move |ev| {
        let value = event_target_value(&ev);
        filter.update(|f| f.region = (!value.is_empty()).then_some(value));
    };
    let set_status = move |ev| {
        let value = event_target_value(&ev);
        filter.update(|f| {
            f.status = (!value.is_empty()).then(|| ClusterStatus::from(value.as_str()))
        });
    };

    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <label>
                "Name or ID"
                <input
                    type="search"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=set_text
                />
            </label>
            <label>
                "Region"
                <select on:change=set_region>
                    <option value="">"All regions"</option>
                    {regions
                        .into_iter()
                        .map(|r| view! { <option value=r.clone()>{r.clone()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Status"
                <select on:change=set_status>
                    <option value="">"Any status"</option>
                    {statuses
                        .into_iter()
                        .map(|s| s.as_str().to_owned())
                        .map(|s| view! { <option value=s.clone()>{s.clone()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Tag"
                <input
                    type="search"
                    placeholder="key or key=value"
                    prop:value=move || filter.with(|f| f.tag.clone())
                    on:input=set_tag
                />
            </label>
        </form>
        {move || {
            let shown = shown();
            if total == 0 {
                return view! { <p class="empty">"No clusters yet."</p> }.into_any();
            }
            if shown.is_empty() {
                return view! { <p class="empty">"No cluster matches the filters."</p> }.into_any();
            }
            view! {
                <table class="list">
                    <caption class="visually-hidden">"Clusters"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Cluster"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Region"</th>
                            <th scope="col">"Version"</th>
                            <th scope="col" class="num">"DCs"</th>
                            <th scope="col" class="num">"Nodes"</th>
                            <th scope="col">"Billing"</th>
                            <th scope="col">"Tags"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {shown.into_iter().map(|item| view! { <ClusterRow item /> }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
        <p class="muted small">{move || format!("{} of {total} clusters", shown().len())}</p>
    }
}

#[component]
fn ClusterRow(item: ClusterListItem) -> impl IntoView {
    let href = Page::Cluster {
        id: item.cluster_id.clone(),
        tab: ClusterTab::Overview,
    }
    .path();
    let name = item
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| item.cluster_id.clone());
    let version = [item.major_version, item.minor_version]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ");
    let tags = item
        .tags
        .into_iter()
        .map(|tag| {
            let text = if tag.value.is_empty() {
                tag.key
            } else {
                format!("{}={}", tag.key, tag.value)
            };
            view! { <span class="tag">{text}</span> }
        })
        .collect_view();
    view! {
        <tr>
            <td>
                <A href=href>{name}</A>
                <div class="muted small mono">{item.cluster_id}</div>
            </td>
            <td><StatusBadge status=Signal::stored(item.status) /></td>
            <td>{item.region_id}</td>
            <td>{version}</td>
            <td class="num">{item.data_center_count}</td>
            <td class="num">{item.node_count}</td>
            <td>{item.pay_type.map(|p| p.as_str().to_owned())}</td>
            <td class="tags">{tags}</td>
        </tr>
    }
}
