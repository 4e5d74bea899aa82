//! Overview: the cluster's facts and its cluster-wide operations (rename, maintenance window,
//! reboot, minor upgrade, resource group, tags, monitoring link, delete).

use leptos::prelude::*;
use shared::Action as _;
use shared::actions::{GetCmsUrlRequest, GetCmsUrlResponse};
use shared::rest_clusters::ClusterDetail;

use super::{or_dash, scope, section};
use crate::api::{self, ApiError, Read};
use crate::components::operation::op_button;
use crate::context::AppContext;
use crate::state::cluster_ops::{self as ops, ClusterRef};

pub fn tab() -> AnyView {
    let scope = scope();
    (move || scope.with(|detail| overview(detail, scope.after()))).into_any()
}

fn overview(detail: &ClusterDetail, after: impl Fn(&api::Receipt) + Clone + 'static) -> AnyView {
    let c = ClusterRef::of(detail);
    let cluster = &detail.snapshot.cluster;
    let mut version = format!(
        "{} / {}",
        or_dash(cluster.major_version.clone()),
        or_dash(cluster.minor_version.clone())
    );
    if cluster.is_latest_version == Some(false) {
        version.push_str(" (a newer minor version is available)");
    }
    let window = match (&cluster.maintain_start_time, &cluster.maintain_end_time) {
        (Some(start), Some(end)) => format!("{start} – {end} (UTC)"),
        _ => "—".to_owned(),
    };
    let facts = [
        ("Cluster ID", detail.cluster_id.clone()),
        ("Name", or_dash(cluster.cluster_name.clone())),
        ("Version (major / minor)", version),
        (
            "Billing",
            or_dash(cluster.pay_type.as_ref().map(|p| p.as_str().to_owned())),
        ),
        ("Created", or_dash(cluster.created_time.clone())),
        ("Expires", or_dash(cluster.expire_time.clone())),
        ("Maintenance window", window),
        ("Resource group", or_dash(cluster.resource_group_id.clone())),
        (
            "Lock",
            or_dash(cluster.lock_mode.as_ref().map(|l| l.as_str().to_owned())),
        ),
        (
            "Data centers",
            detail.snapshot.data_centers.len().to_string(),
        ),
    ]
    .into_iter()
    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
    .collect_view();

    let tags = detail
        .snapshot
        .tags
        .iter()
        .map(|tag| {
            let text = if tag.value.is_empty() {
                tag.key.clone()
            } else {
                format!("{}={}", tag.key, tag.value)
            };
            let remove = ops::remove_tag(&c, &tag.key).after(after.clone());
            view! {
                <span class="tag">{text} {op_button("×", remove)}</span>
            }
        })
        .collect_view();

    let with_after = |op: crate::state::operation::Op| op.after(after.clone());
    let buttons = view! {
        {op_button("Rename…", with_after(ops::rename(&c, cluster.cluster_name.as_deref())))}
        {op_button(
            "Maintenance window…",
            with_after(ops::maintenance_window(
                &c,
                cluster.maintain_start_time.as_deref(),
                cluster.maintain_end_time.as_deref(),
            )),
        )}
        {op_button("Reboot…", with_after(ops::reboot(&c, None)))}
        {op_button(
            "Upgrade minor version…",
            with_after(ops::upgrade_minor_version(&c, cluster.minor_version.as_deref())),
        )}
        {op_button(
            "Move resource group…",
            with_after(ops::move_resource_group(&c, cluster.resource_group_id.as_deref())),
        )}
        {op_button("Add a tag…", with_after(ops::add_tag(&c)))}
    };

    view! {
        {section("Overview", view! { <dl class="facts">{facts}</dl> })}
        {section("Tags", view! {
            <p class="tags">{tags}</p>
            <div class="toolbar">{buttons}</div>
        })}
        <Monitoring id=c.id.clone() />
        <section class="panel danger-zone">
            <h2>"Delete"</h2>
            <p>"Deleting stops the cluster and moves it to the recycle bin, from which it can be purged."</p>
            {op_button("Delete cluster…", with_after(ops::delete_cluster(&c)))}
        </section>
    }
    .into_any()
}

/// The link to the cluster's monitoring in CloudMonitor (GetCmsUrl), fetched on demand: the
/// URL is signed and short-lived.
#[component]
fn Monitoring(id: String) -> impl IntoView {
    let context = AppContext::get();
    let url = RwSignal::new(None::<Result<String, ApiError>>);
    let busy = RwSignal::new(false);
    let allowed = context.allows(GetCmsUrlRequest::META.min_role);
    let fetch = move |_| {
        busy.set(true);
        let read = Read::action(&GetCmsUrlRequest {
            cluster_id: id.clone(),
        });
        leptos::task::spawn_local(async move {
            let answer = api::parse::<GetCmsUrlResponse>(&api::fetch(read).await)
                .map(|r| r.url.unwrap_or_default());
            busy.set(false);
            url.set(Some(answer));
        });
    };
    let shown = move || match url.get() {
        None => None,
        Some(Ok(url)) if url.is_empty() => Some(
            view! { <p class="muted">"The cloud has no monitoring page for this cluster."</p> }
                .into_any(),
        ),
        Some(Ok(url)) => Some(
            view! {
                <p>
                    <a href=url target="_blank" rel="noopener noreferrer">
                        "Open monitoring in CloudMonitor ↗"
                    </a>
                </p>
            }
            .into_any(),
        ),
        Some(Err(error)) => {
            Some(view! { <p class="error-text" role="alert">{error.to_string()}</p> }.into_any())
        }
    };
    allowed.then(|| {
        section(
            "Monitoring",
            view! {
                <button type="button" disabled=move || busy.get() on:click=fetch>
                    "Get the monitoring link"
                </button>
                {shown}
            },
        )
    })
}
