//! DynamoDB: the DynamoDB-compatible endpoint of each data center, enabled or disabled, with
//! an optional public endpoint.

use leptos::prelude::*;
use shared::actions::{DescribeDynamoDbEndpointsRequest, DescribeDynamoDbEndpointsResponse};

use super::{or_dash, scope, section};
use crate::api::Read;
use crate::components::load::{load, loaded};
use crate::components::operation::op_button;
use crate::state::cluster_ops as ops;

pub fn tab() -> AnyView {
    let scope = scope();
    let endpoints = load(Signal::stored(Read::action(
        &DescribeDynamoDbEndpointsRequest {
            cluster_id: scope.with(|d| d.cluster_id.clone()).unwrap_or_default(),
        },
    )));
    let after = move |_: &crate::api::Receipt| endpoints.refetch();
    let table = loaded(
        endpoints,
        "the DynamoDB endpoints",
        move |answer: DescribeDynamoDbEndpointsResponse| {
            let Some(c) = scope.cluster() else {
                return ().into_any();
            };
            let rows = scope
                .data_centers()
                .into_iter()
                .filter_map(|dc| dc.data_center_id)
                .map(|dc| {
                    let endpoint = answer
                        .endpoints
                        .iter()
                        .find(|e| e.data_center_id.as_deref() == Some(dc.as_str()));
                    let buttons = match endpoint {
                        None => op_button("Enable…", ops::enable_dynamodb(&c, &dc).after(after)),
                        Some(e) => {
                            let public =
                                if e.public_address.as_deref().is_some_and(|a| !a.is_empty()) {
                                    op_button(
                                        "Release public endpoint…",
                                        ops::release_dynamodb_public(&c, &dc).after(after),
                                    )
                                } else {
                                    op_button(
                                        "Allocate public endpoint…",
                                        ops::allocate_dynamodb_public(&c, &dc).after(after),
                                    )
                                };
                            view! {
                                {public}
                                {op_button("Disable…", ops::disable_dynamodb(&c, &dc).after(after))}
                            }
                            .into_any()
                        }
                    };
                    let (private, public, port) = match endpoint {
                        Some(e) => (
                            or_dash(e.private_address.clone().or_else(|| e.address.clone())),
                            or_dash(e.public_address.clone()),
                            or_dash(e.port.map(|p| p.to_string())),
                        ),
                        None => ("Not enabled".to_owned(), "—".to_owned(), "—".to_owned()),
                    };
                    view! {
                        <tr>
                            <td class="mono">{dc}</td>
                            <td class="mono">{private}</td>
                            <td class="mono">{public}</td>
                            <td class="num">{port}</td>
                            <td>{buttons}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">"Data center"</th>
                            <th scope="col">"Private endpoint"</th>
                            <th scope="col">"Public endpoint"</th>
                            <th scope="col" class="num">"Port"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        },
    );
    section("DynamoDB", table)
}
