//! API tokens: the caller's own (every token for admins), created with a role no higher than
//! the creator's and shown once, revoked.

use leptos::prelude::*;
use shared::Role;
use shared::rest::{CreatedToken, Token};

use crate::api::{self, FieldIssue, Read};
use crate::clock::local_to_utc;
use crate::components::field::{SelectField, TextField};
use crate::components::load::{load, loaded};
use crate::components::table::table;
use crate::context::AppContext;
use crate::pages::users::role_choices;
use crate::state::panel_forms::{NewTokenForm, message_for};

#[component]
pub fn TokensPage() -> impl IntoView {
    let tokens = load(Signal::stored(Read::get("/tokens")));
    // The secret of the token just created: shown until dismissed, never again.
    let created = RwSignal::new(None::<CreatedToken>);
    let list = loaded(tokens, "the tokens", move |list: Vec<Token>| {
        let rows = list
            .into_iter()
            .map(|token| token_row(token, tokens))
            .collect();
        table(
            &[
                "Name",
                "Owner",
                "Role",
                "Clusters",
                "Expires",
                "Last used",
                "State",
                "",
            ],
            rows,
            "No API tokens yet.",
        )
    });
    let shown = move || {
        created.get().map(|token| {
            view! {
                <section class="panel token-created" role="status">
                    <h2>{format!("Token {} created", token.details.name)}</h2>
                    <p>"Copy it now: it is shown only this once. Send it as "
                        <code>"Authorization: Bearer <token>"</code> "."</p>
                    <input
                        class="mono secret"
                        readonly=true
                        aria-label="The new token"
                        prop:value=token.token.expose().to_owned()
                        on:focus=|ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            {
                                input.select();
                            }
                        }
                    />
                    <div class="actions">
                        <button type="button" on:click=move |_| created.set(None)>
                            "I have copied it"
                        </button>
                    </div>
                </section>
            }
        })
    };
    view! {
        <div class="page-head">
            <h1>"API tokens"</h1>
        </div>
        <p class="muted">"Tokens let internal tools call the panel's REST API; each acts with its role, at most its owner's."</p>
        {shown}
        {list}
        <CreateToken tokens created />
    }
}

fn token_row(token: Token, tokens: LocalResource<api::Fetched>) -> AnyView {
    let context = AppContext::get();
    let id = token.id;
    let live = token.revoked_at.is_none();
    let name = token.name.clone();
    let revoke = move |_| {
        let name = name.clone();
        leptos::task::spawn_local(async move {
            match api::revoke_token(id).await {
                Ok(()) => {
                    context.success(format!("Token {name} revoked"));
                    tokens.refetch();
                }
                Err(error) => context.error("Revoke token", &error),
            }
        });
    };
    let clusters = token
        .clusters
        .as_ref()
        .map_or_else(|| "all".to_owned(), |c| c.join(", "));
    let state = match &token.revoked_at {
        Some(at) => format!("revoked {at}"),
        None => "live".to_owned(),
    };
    view! {
        <tr>
            <td>{token.name.clone()}</td>
            <td>{token.owner.clone()}</td>
            <td>{token.role.as_str()}</td>
            <td class="mono small">{clusters}</td>
            <td class="small">{token.expires_at.clone().unwrap_or_else(|| "never".to_owned())}</td>
            <td class="small">{token.last_used_at.clone().unwrap_or_else(|| "never".to_owned())}</td>
            <td>{state}</td>
            <td>
                {live.then(|| view! {
                    <button type="button" class="danger-outline" on:click=revoke>"Revoke"</button>
                })}
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn CreateToken(
    tokens: LocalResource<api::Fetched>,
    created: RwSignal<Option<CreatedToken>>,
) -> impl IntoView {
    let context = AppContext::get();
    let mine = context.role().unwrap_or(Role::Viewer);
    let form = RwSignal::new(NewTokenForm::default());
    let issues = RwSignal::new(Vec::<FieldIssue>::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = match form.with_untracked(|f| f.request(mine)) {
            Ok(request) => request,
            Err(found) => {
                issues.set(found);
                return;
            }
        };
        issues.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::create_token(&request).await;
            busy.set(false);
            match result {
                Ok(token) => {
                    created.set(Some(token));
                    form.set(NewTokenForm::default());
                    tokens.refetch();
                }
                Err(error) => {
                    issues.set(error.field_errors().to_vec());
                    context.error("Create token", &error);
                }
            }
        });
    };
    let error =
        move |field: &'static str| Signal::derive(move || issues.with(|i| message_for(i, field)));
    view! {
        <form class="panel" on:submit=submit novalidate=true>
            <h2>"Create a token"</h2>
            <TextField
                id="token-name"
                label="Name"
                value=Signal::derive(move || form.with(|f| f.name.clone()))
                on_input=move |v| form.update(|f| f.name = v)
                error=error("name")
                autocomplete="off"
                hint="What uses it, e.g. ci deploy."
            />
            <SelectField
                id="token-role"
                label="Role"
                options=Signal::stored(role_choices(mine))
                value=Signal::derive(move || form.with(|f| f.role.unwrap_or(mine).as_str().to_owned()))
                on_change=move |v: String| form.update(|f| f.role = v.parse().ok())
                error=error("role")
                hint="At most your own role."
            />
            <div class="field">
                <label for="token-expires">"Expires"</label>
                <input
                    id="token-expires"
                    type="datetime-local"
                    on:change=move |ev| {
                        let at = local_to_utc(&event_target_value(&ev)).unwrap_or_default();
                        form.update(|f| f.expires_at = at);
                    }
                />
                <p class="hint">"Your local time; leave empty for a token that does not expire."</p>
                <p class="field-error">{move || issues.with(|i| message_for(i, "expires_at"))}</p>
            </div>
            <div class="field">
                <label for="token-clusters">"Clusters"</label>
                <textarea
                    id="token-clusters"
                    rows="3"
                    prop:value=move || form.with(|f| f.clusters.clone())
                    on:input=move |ev| form.update(|f| f.clusters = event_target_value(&ev))
                ></textarea>
                <p class="hint">"Cluster ids, one per line; empty for every cluster."</p>
                <p class="field-error">{move || issues.with(|i| message_for(i, "clusters"))}</p>
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>"Create token"</button>
            </div>
        </form>
    }
}
