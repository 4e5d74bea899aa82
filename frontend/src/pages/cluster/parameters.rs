//! Parameters: every parameter with its current value, default and allowed values, edited
//! with the parameter's own range or choices; and the history of changes.

use leptos::prelude::*;
use shared::actions::{
    DescribeParameterModificationHistoriesRequest, DescribeParameterModificationHistoriesResponse,
};
use shared::rules::AllowedValues;

use super::{or_dash, scope, section};
use crate::api::Read;
use crate::clock::format_epoch_ms;
use crate::components::load::{load, loaded};
use crate::components::operation::op_button;
use crate::state::cluster_ops::{self as ops, ClusterRef};

/// Changes shown in the history (the newest).
const HISTORY_PAGE: i32 = 50;

pub fn tab() -> AnyView {
    let scope = scope();
    let history = load(Signal::stored(Read::action(
        &DescribeParameterModificationHistoriesRequest {
            cluster_id: scope.with(|d| d.cluster_id.clone()).unwrap_or_default(),
            page_number: Some(1),
            page_size: Some(HISTORY_PAGE),
        },
    )));
    let rows = move || {
        scope.with(|detail| {
            let c = ClusterRef::of(detail);
            detail
                .snapshot
                .parameters
                .iter()
                .map(|p| {
                    let name = p.name.clone().unwrap_or_default();
                    let key = name.clone();
                    let allowed = p.allowed_values.as_deref().map(AllowedValues::parse);
                    let allowed = allowed
                        .and_then(|a| a.describe().or_else(|| Some(a.to_string())))
                        .unwrap_or_default();
                    let modified = p.value.is_some() && p.value != p.default_value;
                    let edit = ops::modify_parameter(&c, p).after(move |_| {
                        scope.refresh();
                        history.refetch();
                    });
                    view! {
                        <tr data-parameter=key class:modified=modified>
                            <td>
                                <span class="mono">{name}</span>
                                <div class="muted small">{p.description.clone()}</div>
                            </td>
                            <td class="mono">{or_dash(p.value.clone())}</td>
                            <td class="mono">{or_dash(p.default_value.clone())}</td>
                            <td class="small">{allowed}</td>
                            <td>{op_button("Edit…", edit)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        {section("Parameters", view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Parameter"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">"Default"</th>
                        <th scope="col">"Allowed values"</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        })}
        {section("History", loaded(history, "the history", |page: DescribeParameterModificationHistoriesResponse| {
            if page.histories.is_empty() {
                return view! { <p class="empty">"No parameter was changed yet."</p> }.into_any();
            }
            let rows = page
                .histories
                .0
                .into_iter()
                .map(|h| view! {
                    <tr>
                        <td>{h.time.map(format_epoch_ms).unwrap_or_default()}</td>
                        <td class="mono">{or_dash(h.name)}</td>
                        <td class="mono">{or_dash(h.old_value)}</td>
                        <td class="mono">{or_dash(h.new_value)}</td>
                    </tr>
                })
                .collect_view();
            view! {
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Parameter"</th>
                            <th scope="col">"From"</th>
                            <th scope="col">"To"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }))}
    }
    .into_any()
}
