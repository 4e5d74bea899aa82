//! The messages area: every success and error, errors with the cloud's Code and RequestId.

use leptos::prelude::*;

use crate::context::AppContext;
use crate::state::toast::Tone;

#[component]
pub fn Toasts() -> impl IntoView {
    let context = AppContext::get();
    let items = move || context.toasts.with(|queue| queue.items().to_vec());
    view! {
        <section class="toasts" aria-live="polite" aria-label="Messages">
            <For each=items key=|toast| toast.id let:toast>
                {
                    let id = toast.id;
                    let class = match toast.tone {
                        Tone::Success => "toast success",
                        Tone::Info => "toast info",
                        Tone::Error => "toast error",
                    };
                    let role = if toast.tone == Tone::Error { "alert" } else { "status" };
                    view! {
                        <div class=class role=role>
                            <div class="toast-body">
                                <strong>{toast.title}</strong>
                                {toast.detail.map(|detail| view! { <p>{detail}</p> })}
                                {(!toast.facts.is_empty())
                                    .then(|| {
                                        view! {
                                            <dl>
                                                {toast
                                                    .facts
                                                    .into_iter()
                                                    .map(|(label, value)| {
                                                        view! {
                                                            <dt>{label}</dt>
                                                            <dd><code>{value}</code></dd>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </dl>
                                        }
                                    })}
                            </div>
                            <button
                                type="button"
                                class="dismiss"
                                aria-label="Dismiss message"
                                on:click=move |_| context.toasts.update(|q| q.dismiss(id))
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </section>
    }
}
