//! Accounts: the cluster's database accounts and their passwords.

use leptos::prelude::*;
use shared::actions::{DescribeAccountsRequest, DescribeAccountsResponse};

use super::{scope, section};
use crate::api::Read;
use crate::components::load::{load, loaded};
use crate::components::operation::op_button;
use crate::state::cluster_ops as ops;

pub fn tab() -> AnyView {
    let scope = scope();
    let accounts = load(Signal::stored(Read::action(&DescribeAccountsRequest {
        cluster_id: scope.with(|d| d.cluster_id.clone()).unwrap_or_default(),
    })));
    let list = loaded(
        accounts,
        "the accounts",
        move |answer: DescribeAccountsResponse| {
            let Some(c) = scope.cluster() else {
                return ().into_any();
            };
            let rows = answer
                .accounts
                .0
                .into_iter()
                .filter_map(|account| account.name)
                .map(|name| {
                    let change = ops::account_password(&c, &name);
                    view! {
                        <tr>
                            <td class="mono">{name}</td>
                            <td>{op_button("Change password…", change)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">"Account"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        },
    );
    section("Accounts", list)
}
