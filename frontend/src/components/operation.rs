//! The dialog every operation runs in, and the buttons that open it.
//!
//! One host (in the page frame) shows at most one dialog. Pages only describe operations
//! ([`Op`]); the host fills the form, checks it with the action's `shared` rules as the user
//! types, asks for the review or the typed name, sends it, and reports what happened. Living
//! outside the pages, an open dialog survives the page refreshing its data underneath.

use std::rc::Rc;

use leptos::html::Input;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::field::{CheckboxField, SelectField, TextField};
use crate::context::AppContext;
use crate::state::confirm::name_confirms;
use crate::state::form::{FieldSpec, Form, Issue, Kind};
use crate::state::operation::{CLIENT_TOKEN, Op, Prepared};

/// Opens operations: the handle pages use.
#[derive(Clone, Copy)]
pub struct Ops {
    open: RwSignal<Option<Rc<Op>>, LocalStorage>,
}

impl Ops {
    pub fn provide() -> Ops {
        let ops = Ops {
            open: RwSignal::new_local(None),
        };
        provide_context(ops);
        ops
    }

    pub fn get() -> Ops {
        expect_context()
    }

    pub fn open(self, op: Op) {
        self.open.set(Some(Rc::new(op)));
    }

    pub fn close(self) {
        self.open.set(None);
    }
}

/// A button opening `op`, shown only to roles that may run its action.
pub fn op_button(label: &str, op: Op) -> AnyView {
    let context = AppContext::get();
    if !context.allows(op.min_role) {
        return ().into_any();
    }
    let class = if op.type_to_confirm.is_some() {
        "danger-outline"
    } else {
        ""
    };
    let op = StoredValue::new_local(op);
    view! {
        <button
            type="button"
            class=class
            data-action=op.with_value(|op| op.action)
            on:click=move |_| Ops::get().open(op.get_value())
        >
            {label.to_owned()}
        </button>
    }
    .into_any()
}

/// Where the open operation's dialog appears (once, in the page frame).
#[component]
pub fn OpHost() -> impl IntoView {
    let ops = Ops::get();
    move || {
        ops.open
            .get()
            .map(|op| view! { <OpDialog op=StoredValue::new_local(op) /> })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    Edit,
    Review(Prepared),
}

#[component]
fn OpDialog(op: StoredValue<Rc<Op>, LocalStorage>) -> impl IntoView {
    let context = AppContext::get();
    let ops = Ops::get();
    let form = RwSignal::new(op.with_value(|op| op.form()));
    let idempotent = op.with_value(|op| op.idempotent);
    let key = StoredValue::new(api::new_idempotency_key());
    if idempotent {
        form.update(|f| f.set_fixed(CLIENT_TOKEN, &key.get_value()));
    }
    let has_fields = op.with_value(|op| !op.fields.is_empty());
    // Without fields there is nothing to fill in: straight to the confirmation.
    let stage = RwSignal::new(match op.with_value(|op| op.prepare(&op.form())) {
        Ok(prepared) if !has_fields => Stage::Review(prepared),
        _ => Stage::Edit,
    });
    let typed = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let title = op.with_value(|op| op.title.clone());
    let danger = op.with_value(|op| op.type_to_confirm.is_some());

    let send = move |prepared: Prepared| {
        sending.set(true);
        let op = op.get_value();
        let header = idempotent.then(|| key.get_value());
        leptos::task::spawn_local(async move {
            let result = api::change(op.action, prepared.json, header.as_deref()).await;
            sending.set(false);
            match result {
                Ok(receipt) => {
                    ops.close();
                    context.success(format!(
                        "{}: accepted (RequestId {})",
                        op.title,
                        receipt.request_id.trim()
                    ));
                    if let Some(after) = &op.after {
                        after(&receipt);
                    }
                }
                Err(error) => {
                    refused(&op, form, stage, key, &error);
                    context.error(&op.title, &error);
                }
            }
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        match stage.get_untracked() {
            Stage::Edit => {
                form.update(Form::attempt);
                let checked = op.with_value(|op| form.with_untracked(|f| op.prepare(f)));
                match checked {
                    Err(issues) => form.update(|f| f.set_issues(issues)),
                    Ok(prepared) if op.with_value(|op| op.confirms(&prepared)) => {
                        stage.set(Stage::Review(prepared));
                    }
                    Ok(prepared) => send(prepared),
                }
            }
            Stage::Review(prepared) => {
                let confirmed = op.with_value(|op| {
                    op.type_to_confirm
                        .as_ref()
                        .is_none_or(|name| typed.with_untracked(|t| name_confirms(t, name)))
                });
                if confirmed {
                    send(prepared);
                }
            }
        }
    };

    let fields = op.with_value(|op| op.fields.clone());
    let edit = move || {
        (stage.get() == Stage::Edit).then(|| {
            let inputs = fields
                .iter()
                .cloned()
                .map(|spec| field_input(op, form, spec))
                .collect_view();
            let warning = move || {
                op.with_value(|op| op.warn.as_ref().and_then(|warn| form.with(|f| warn(f))))
            };
            view! {
                {inputs}
                {move || warning().map(|w| view! { <p class="warning" role="alert">{w}</p> })}
            }
        })
    };
    let general = move || {
        let issues = form.with(Form::general_issues);
        (!issues.is_empty()).then(|| {
            view! {
                <ul class="form-errors" role="alert">
                    {issues
                        .into_iter()
                        .map(|i| view! { <li>{describe(&i)}</li> })
                        .collect_view()}
                </ul>
            }
        })
    };
    let review = move || match stage.get() {
        Stage::Edit => None,
        Stage::Review(prepared) => Some(view! { <Review op prepared typed /> }),
    };
    let confirmed = move || match stage.get() {
        Stage::Edit => true,
        Stage::Review(_) => op.with_value(|op| {
            op.type_to_confirm
                .as_ref()
                .is_none_or(|name| typed.with(|t| name_confirms(t, name)))
        }),
    };
    let primary = move || match (stage.get(), sending.get()) {
        (_, true) => "Sending…",
        (Stage::Review(_), false) => "Confirm",
        (Stage::Edit, false) if has_fields => "Continue",
        (Stage::Edit, false) => "Confirm",
    };
    let intro = op.with_value(|op| op.intro.clone());

    view! {
        <div
            class="overlay"
            on:keydown=move |ev| {
                if ev.key() == "Escape" && !sending.get_untracked() {
                    ops.close();
                }
            }
        >
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="op-title">
                <h2 id="op-title">{title}</h2>
                {intro.map(|text| view! { <p class="dialog-body">{text}</p> })}
                <form on:submit=submit novalidate=true>
                    {edit}
                    {review}
                    {general}
                    <div class="actions">
                        <button
                            type="button"
                            disabled=move || sending.get()
                            on:click=move |_| ops.close()
                        >
                            "Cancel"
                        </button>
                        <Show when=move || has_fields && stage.with(|s| s != &Stage::Edit)>
                            <button
                                type="button"
                                disabled=move || sending.get()
                                on:click=move |_| stage.set(Stage::Edit)
                            >
                                "Back"
                            </button>
                        </Show>
                        <button
                            type="submit"
                            class=if danger { "danger" } else { "primary" }
                            disabled=move || sending.get() || !confirmed()
                        >
                            {primary}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// After a failed send: the server's field errors go next to their fields, and a create that
/// was definitely refused gets a new key (a corrected form is a new request; after a lost
/// answer the old key stays, so a retry cannot create twice).
fn refused(
    op: &Op,
    form: RwSignal<Form>,
    stage: RwSignal<Stage>,
    key: StoredValue<String>,
    error: &ApiError,
) {
    if op.idempotent && matches!(error.status(), Some(400..=499)) {
        key.set_value(api::new_idempotency_key());
        form.update(|f| f.set_fixed(CLIENT_TOKEN, &key.get_value()));
    }
    let issues = form.with_untracked(|f| f.server_issues(error.field_errors()));
    let placed = issues
        .iter()
        .any(|i| form.with_untracked(|f| f.is_shown(&i.field)));
    form.update(|f| f.set_server_issues(issues));
    if placed {
        stage.set(Stage::Edit);
    }
}

/// "Line 3: ..." for an entry of a list, the message alone otherwise.
fn describe(issue: &Issue) -> String {
    match (issue.line, issue.field.is_empty()) {
        (Some(line), _) => format!("Line {}: {}", line + 1, issue.message),
        (None, true) => issue.message.clone(),
        (None, false) => format!("{}: {}", issue.field, issue.message),
    }
}

/// The before → after lines and, for destructive operations, the name to type.
#[component]
fn Review(
    op: StoredValue<Rc<Op>, LocalStorage>,
    prepared: Prepared,
    typed: RwSignal<String>,
) -> impl IntoView {
    let name = op.with_value(|op| op.type_to_confirm.clone());
    let input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let lines = (!prepared.review.is_empty()).then(|| {
        view! {
            <table class="review">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">"Now"</th>
                        <th scope="col"></th>
                        <th scope="col">"After"</th>
                    </tr>
                </thead>
                <tbody>
                    {prepared
                        .review
                        .into_iter()
                        .map(|line| {
                            view! {
                                <tr>
                                    <th scope="row">{line.label}</th>
                                    <td class="before">{line.before}</td>
                                    <td aria-hidden="true">"→"</td>
                                    <td class="after">{line.after}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    let confirm_name = name.map(|name| {
        view! {
            <div class="field">
                <label for="confirm-name">"Type " <code>{name}</code> " to confirm"</label>
                <input
                    id="confirm-name"
                    node_ref=input
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </div>
        }
    });
    view! {
        {lines}
        {confirm_name}
    }
}

/// The input for one field, bound to the form; re-checked on every change. Rebuilt only when
/// the field appears or disappears (not on every keystroke, which would lose the focus).
fn field_input(
    op: StoredValue<Rc<Op>, LocalStorage>,
    form: RwSignal<Form>,
    spec: FieldSpec,
) -> AnyView {
    let name = spec.name;
    let shown = Memo::new(move |_| form.with(|f| f.is_shown(name)));
    (move || shown.get().then(|| input_for(op, form, spec.clone()))).into_any()
}

fn input_for(
    op: StoredValue<Rc<Op>, LocalStorage>,
    form: RwSignal<Form>,
    spec: FieldSpec,
) -> AnyView {
    let name = spec.name;
    let id = format!("op-{}", name.replace('.', "-").to_lowercase());
    let value = Signal::derive(move || form.with(|f| f.value(name)));
    let on_input = Callback::new(move |value: String| {
        form.update(|f| {
            f.set(name, value);
            op.with_value(|op| op.revalidate(f));
        });
    });
    let error = Signal::derive(move || {
        let issues = form.with(|f| f.visible_issues(name));
        (!issues.is_empty()).then(|| {
            issues
                .iter()
                .map(|issue| match issue.line {
                    Some(line) => format!("Line {}: {}", line + 1, issue.message),
                    None => issue.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    let label = spec.label;
    let hint = spec.hint;
    match spec.kind {
        Kind::Text | Kind::Number | Kind::Password => {
            let input_type = match spec.kind {
                Kind::Number => "number",
                Kind::Password => "password",
                _ => "text",
            };
            let autocomplete = if input_type == "password" {
                "new-password"
            } else {
                "off"
            };
            view! {
                <TextField id label value on_input error hint input_type autocomplete />
            }
            .into_any()
        }
        Kind::Select(choices) => view! {
            <SelectField
                id
                label
                options=Signal::stored(choices)
                value
                on_change=on_input
                error
                hint
            />
        }
        .into_any(),
        Kind::Checkbox => view! {
            <CheckboxField
                id
                label
                checked=Signal::derive(move || value.get() == "true")
                on_change=move |checked: bool| on_input.run(checked.to_string())
            />
        }
        .into_any(),
        Kind::Lines => view! { <LinesField id label value on_input error hint /> }.into_any(),
    }
}

/// A text area with one entry per line; errors name their line.
#[component]
fn LinesField(
    id: String,
    label: String,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = format!("{hint_id} {error_id}");
    let rows = move || value.with(|v| v.lines().count().clamp(4, 14));
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                rows=rows
                spellcheck="false"
                aria-describedby=described_by
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id hidden=hint.is_none()>{hint.clone()}</p>
            <p class="field-error lines" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
