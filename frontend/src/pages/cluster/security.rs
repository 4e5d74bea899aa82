//! Who may connect: IP whitelist groups, and the ECS security groups of the nodes.

use leptos::prelude::*;

use super::{scope, section};
use crate::components::operation::op_button;
use crate::state::cluster_ops::{self as ops, ClusterRef};

pub fn whitelists() -> AnyView {
    let scope = scope();
    let groups = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            let rows = detail
                .snapshot
                .ip_whitelist_groups
                .iter()
                .map(|group| {
                    let name = group.group_name.clone().unwrap_or_default();
                    let key = name.clone();
                    let version = match group.ip_version {
                        Some(6) => "IPv6",
                        _ => "IPv4",
                    };
                    let ips = group
                        .ip_list
                        .iter()
                        .map(|ip| view! { <li class="mono">{ip.0.clone()}</li> })
                        .collect_view();
                    let edit = ops::whitelist_group(&c, Some(group)).after(scope.after());
                    view! {
                        <tr data-group=key>
                            <td class="mono">{name}</td>
                            <td>{version}</td>
                            <td><ul class="plain">{ips}</ul></td>
                            <td>{op_button("Edit…", edit)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let add = ops::whitelist_group(&c, None).after(scope.after());
            view! {
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">"Group"</th>
                            <th scope="col">"Version"</th>
                            <th scope="col">"Addresses"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <div class="toolbar">{op_button("Add a whitelist group…", add)}</div>
            }
        })
    };
    section(
        "IP whitelist groups",
        view! {
            <p class="muted">
                "Clients connect only from the addresses of these groups. The cloud offers no "
                "way to delete a group; edit it to the addresses that should remain."
            </p>
            {groups}
        },
    )
}

pub fn security_groups() -> AnyView {
    let scope = scope();
    let content = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            let ids: Vec<String> = detail
                .snapshot
                .security_group_ids
                .iter()
                .map(|id| id.0.clone())
                .collect();
            let list = if ids.is_empty() {
                view! { <p class="muted">"No security group is bound to the nodes."</p> }.into_any()
            } else {
                let items = ids
                    .iter()
                    .map(|id| view! { <li class="mono">{id.clone()}</li> })
                    .collect_view();
                view! { <ul>{items}</ul> }.into_any()
            };
            let change = ops::security_groups(&c, &ids).after(scope.after());
            view! {
                {list}
                <div class="toolbar">{op_button("Change security groups…", change)}</div>
            }
        })
    };
    section(
        "Security groups",
        view! {
            <p class="muted">"The ECS security groups the nodes belong to (at most 3)."</p>
            {content}
        },
    )
}
