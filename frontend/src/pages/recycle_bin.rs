//! The recycle bin: deleted clusters the cloud still keeps, purged for good from here.

use leptos::prelude::*;
use shared::actions::{
    DeletedCluster, DescribeDeletedClustersRequest, DescribeDeletedClustersResponse,
};

use crate::api::Read;
use crate::components::load::{load, loaded};
use crate::components::operation::op_button;
use crate::components::table::table;
use crate::context::AppContext;
use crate::state::cluster_ops;

/// Deleted clusters shown (the most recently deleted).
const PAGE: i32 = 100;

#[component]
pub fn RecycleBinPage() -> impl IntoView {
    let context = AppContext::get();
    let region = RwSignal::new(String::new());
    let list = load(Signal::derive(move || {
        Read::action(&DescribeDeletedClustersRequest {
            region_id: Some(region.get()).filter(|r| !r.is_empty()),
            page_number: Some(1),
            page_size: Some(PAGE),
        })
    }));
    let regions = move || {
        context
            .info
            .with(|info| info.as_ref().and_then(|i| i.regions.clone()))
            .unwrap_or_default()
            .into_iter()
            .map(|r| view! { <option value=r.clone()>{r.clone()}</option> })
            .collect_view()
    };
    let content = loaded(
        list,
        "the recycle bin",
        move |answer: DescribeDeletedClustersResponse| {
            let rows = answer
                .clusters
                .0
                .into_iter()
                .map(|cluster| row(cluster, list))
                .collect();
            table(
                &["Cluster", "Version", "Billing", "Created", "Status", ""],
                rows,
                "The recycle bin is empty.",
            )
        },
    );
    view! {
        <div class="page-head">
            <h1>"Recycle bin"</h1>
            <div class="spacer"></div>
            <button type="button" on:click=move |_| list.refetch()>"Refresh"</button>
        </div>
        <p class="muted">
            "Deleted clusters stay here until purged (or until the cloud purges them). "
            "Purging destroys a cluster and its data for good."
        </p>
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <label>
                "Region"
                <select on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="">"All regions"</option>
                    {regions}
                </select>
            </label>
        </form>
        {content}
    }
}

fn row(cluster: DeletedCluster, list: LocalResource<crate::api::Fetched>) -> AnyView {
    let id = cluster.cluster_id.clone().unwrap_or_default();
    let name = cluster
        .cluster_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.clone());
    let purge = cluster_ops::purge_cluster(&id, &name).after(move |_| list.refetch());
    let version = [cluster.major_version, cluster.minor_version]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ");
    view! {
        <tr>
            <td>{name}<div class="muted small mono">{id}</div></td>
            <td>{version}</td>
            <td>{cluster.pay_type.map(|p| p.as_str().to_owned())}</td>
            <td>{cluster.created_time}</td>
            <td>{cluster.status.map(|s| s.as_str().to_owned())}</td>
            <td>{op_button("Purge…", purge)}</td>
        </tr>
    }
    .into_any()
}
