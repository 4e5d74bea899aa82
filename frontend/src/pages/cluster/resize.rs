//! Resize: per data center, the disk size (grow only), the node count and the instance type,
//! each confirmed with what changes from what to what.

use leptos::prelude::*;

use super::{instance_choices, instance_types, or_dash, scope};
use crate::components::operation::op_button;
use crate::components::status_badge::StatusBadge;
use crate::state::cluster_ops::{self as ops, ClusterRef};

pub fn tab() -> AnyView {
    let scope = scope();
    let types = instance_types();
    let rows = move || {
        let choices = types
            .get()
            .and_then(|fetched| instance_choices(&fetched).ok())
            .unwrap_or_default();
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            detail
                .snapshot
                .data_centers
                .iter()
                .map(|dc| {
                    let id = dc.data_center_id.clone().unwrap_or_default();
                    let disk = dc.disk_size.unwrap_or_default();
                    let nodes = dc.node_count.unwrap_or_default();
                    let instance_type = dc.instance_type.clone().unwrap_or_default();
                    let after = scope.after();
                    // The instance type can be changed once the types on offer are known.
                    let change_type = (!choices.is_empty()).then(|| {
                        op_button(
                            "Change…",
                            ops::change_instance_type(&c, &id, &instance_type, &choices)
                                .after(after.clone()),
                        )
                    });
                    view! {
                        <tr>
                            <td>
                                {or_dash(dc.data_center_name.clone())}
                                <div class="muted small mono">{id.clone()}</div>
                            </td>
                            <td><StatusBadge status=Signal::stored(dc.status.clone()) /></td>
                            <td class="num">
                                {format!("{disk} GB")} " "
                                {op_button(
                                    "Resize…",
                                    ops::resize_disk(&c, &id, disk).after(after.clone()),
                                )}
                            </td>
                            <td class="num">
                                {nodes} " "
                                {op_button(
                                    "Change…",
                                    ops::resize_nodes(&c, &id, nodes).after(after.clone()),
                                )}
                            </td>
                            <td>{or_dash(Some(instance_type.clone()))} " " {change_type}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel">
            <h2>"Resize"</h2>
            <p class="muted">
                "Disks only grow. Each change asks for a confirmation showing the current and the new value."
            </p>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Data center"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Disk per node"</th>
                        <th scope="col" class="num">"Nodes"</th>
                        <th scope="col">"Instance type"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}
