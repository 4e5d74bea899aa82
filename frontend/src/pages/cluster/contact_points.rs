//! Contact points: the addresses clients connect to, per data center, and public addresses
//! allocated or released.

use leptos::prelude::*;

use super::{or_dash, scope, section};
use crate::components::operation::op_button;
use crate::state::cluster_ops::{self as ops, ClusterRef};

pub fn tab() -> AnyView {
    let scope = scope();
    let rows = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            detail
                .snapshot
                .data_centers
                .iter()
                .filter_map(|dc| dc.data_center_id.clone())
                .map(|dc| {
                    let point = detail
                        .snapshot
                        .contact_points
                        .iter()
                        .find(|p| p.data_center_id.as_deref() == Some(dc.as_str()));
                    let list = |addresses: Vec<String>| {
                        if addresses.is_empty() {
                            "—".to_owned()
                        } else {
                            addresses.join(", ")
                        }
                    };
                    let private = list(
                        point
                            .map(|p| p.private_addresses.iter().map(|a| a.0.clone()).collect())
                            .unwrap_or_default(),
                    );
                    let public: Vec<String> = point
                        .map(|p| p.public_addresses.iter().map(|a| a.0.clone()).collect())
                        .unwrap_or_default();
                    let button = if public.is_empty() {
                        op_button(
                            "Allocate public addresses…",
                            ops::allocate_public_contact_points(&c, &dc).after(scope.after()),
                        )
                    } else {
                        op_button(
                            "Release public addresses…",
                            ops::release_public_contact_points(&c, &dc).after(scope.after()),
                        )
                    };
                    view! {
                        <tr>
                            <td class="mono">{dc}</td>
                            <td class="mono">{private}</td>
                            <td class="mono">{list(public)}</td>
                            <td class="num">{or_dash(point.and_then(|p| p.port).map(|p| p.to_string()))}</td>
                            <td>{button}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    section(
        "Contact points",
        view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Data center"</th>
                        <th scope="col">"Private addresses"</th>
                        <th scope="col">"Public addresses"</th>
                        <th scope="col" class="num">"Port"</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        },
    )
}
