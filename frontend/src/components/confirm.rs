//! The confirmation destructive actions ask for: the user types the cluster name.

use leptos::html::Input;
use leptos::prelude::*;

use crate::state::confirm::name_confirms;

/// A modal dialog whose confirm button stays disabled until `name` is typed. Escape or
/// Cancel closes it; the children say what will happen.
#[component]
pub fn ConfirmByName(
    #[prop(into)] title: String,
    /// What the user must type (the cluster name).
    #[prop(into)]
    name: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let expected = name.clone();
    let confirmed = Memo::new(move |_| typed.with(|typed| name_confirms(typed, &expected)));
    let input = NodeRef::<Input>::new();
    // `autofocus` does not apply to an element added after the page loaded.
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    view! {
        <div
            class="overlay"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    on_cancel.run(());
                }
            }
        >
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
                <h2 id="confirm-title">{title}</h2>
                <div class="dialog-body">{children()}</div>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    if confirmed.get() && !pending.get() {
                        on_confirm.run(());
                    }
                }>
                    <div class="field">
                        <label for="confirm-name">
                            "Type " <code>{name}</code> " to confirm"
                        </label>
                        <input
                            id="confirm-name"
                            node_ref=input
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="actions">
                        <button type="button" on:click=move |_| on_cancel.run(())>
                            "Cancel"
                        </button>
                        <button
                            type="submit"
                            class="danger"
                            disabled=move || !confirmed.get() || pending.get()
                        >
                            {confirm_label}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}
