//! Data centers: each with its nodes (status and load, from the dashboard), rename, reboot and
//! delete; and adding a data center.

use leptos::prelude::*;
use shared::Action as _;
use shared::actions::{
    CreateDataCenterRequest, DataCenter, DescribeRegionsRequest, DescribeRegionsResponse,
};
use shared::rest_clusters::ClusterDetail;

use super::{instance_choices, instance_types, or_dash, scope, section};
use crate::api::{self, Read};
use crate::components::load::load;
use crate::components::operation::op_button;
use crate::components::status_badge::StatusBadge;
use crate::context::AppContext;
use crate::state::cluster_ops::{self as ops, ClusterRef, Offerings};
use crate::state::create_cluster::RegionChoice;

pub fn tab() -> AnyView {
    let scope = scope();
    let list = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            detail
                .snapshot
                .data_centers
                .iter()
                .map(|dc| data_center(detail, &c, dc, scope.after()))
                .collect_view()
        })
    };
    view! {
        {list}
        {add_data_center()}
    }
    .into_any()
}

fn data_center(
    detail: &ClusterDetail,
    c: &ClusterRef,
    dc: &DataCenter,
    after: impl Fn(&api::Receipt) + Clone + 'static,
) -> AnyView {
    let id = dc.data_center_id.clone().unwrap_or_default();
    let name = or_dash(dc.data_center_name.clone());
    let facts = [
        ("Data center ID", id.clone()),
        ("Zone", or_dash(dc.zone_id.clone())),
        ("Instance type", or_dash(dc.instance_type.clone())),
        (
            "Nodes",
            dc.node_count.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (
            "Disk per node",
            dc.disk_size
                .map(|gb| format!("{gb} GB"))
                .unwrap_or_default(),
        ),
        (
            "Disk type",
            or_dash(dc.disk_type.as_ref().map(|t| t.as_str().to_owned())),
        ),
        (
            "Billing",
            or_dash(dc.pay_type.as_ref().map(|p| p.as_str().to_owned())),
        ),
        (
            "VPC / vSwitch",
            format!(
                "{} / {}",
                or_dash(dc.vpc_id.clone()),
                or_dash(dc.vswitch_id.clone())
            ),
        ),
    ]
    .into_iter()
    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
    .collect_view();
    let nodes = detail
        .snapshot
        .nodes
        .iter()
        .filter(|n| n.data_center_id.as_deref() == Some(id.as_str()))
        .flat_map(|n| n.nodes.iter())
        .map(|node| {
            let status = node.status.as_ref();
            let up = status.is_some_and(|s| s.is_up());
            view! {
                <tr>
                    <td class="mono">{or_dash(node.address.clone())}</td>
                    <td>
                        <span class=if up { "badge ok" } else { "badge failed" }>
                            {status.map_or("Unknown".to_owned(), |s| s.as_str().to_owned())}
                        </span>
                    </td>
                    <td>{or_dash(node.load.clone())}</td>
                </tr>
            }
        })
        .collect_view();
    let with_after = |op: crate::state::operation::Op| op.after(after.clone());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h2>{name}</h2>
                <StatusBadge status=Signal::stored(dc.status.clone()) />
            </div>
            <dl class="facts">{facts}</dl>
            <h3>"Nodes"</h3>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Address"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Load"</th>
                    </tr>
                </thead>
                <tbody>{nodes}</tbody>
            </table>
            <div class="toolbar">
                {op_button(
                    "Rename…",
                    with_after(ops::rename_data_center(c, &id, dc.data_center_name.as_deref())),
                )}
                {op_button("Reboot…", with_after(ops::reboot(c, Some(&id))))}
                {op_button("Delete data center…", with_after(ops::delete_data_center(c, &id)))}
            </div>
        </section>
    }
    .into_any()
}

/// "Add a data center…", once the zones of the region and the instance types are known
/// (only loaded for those who may add one).
fn add_data_center() -> AnyView {
    if !AppContext::get().allows(CreateDataCenterRequest::META.min_role) {
        return ().into_any();
    }
    let scope = scope();
    let regions = load(Signal::stored(Read::action(
        &DescribeRegionsRequest::default(),
    )));
    let types = instance_types();
    let button = move || {
        let c = scope.cluster()?;
        let regions = api::parse::<DescribeRegionsResponse>(&regions.get()?).ok()?;
        let zones = RegionChoice::from_response(&regions)
            .into_iter()
            .find(|r| r.id == c.region)
            .map(|r| r.zones)
            .unwrap_or_default();
        let instance_types = instance_choices(&types.get()?).ok()?;
        let offerings = Offerings {
            zones,
            instance_types,
        };
        Some(op_button(
            "Add a data center…",
            ops::create_data_center(&c, &offerings).after(scope.after()),
        ))
    };
    section(
        "Add a data center",
        view! {
            <p class="muted">"A data center in another zone of the region, with its own nodes."</p>
            {button}
        },
    )
}
