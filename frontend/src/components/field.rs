//! Labelled form controls with a hint and an inline error, wired for keyboard and screen
//! readers: the label points at the control, the control is described by its hint and error.

use leptos::prelude::*;

/// The frame every control sits in.
#[component]
fn Frame(
    id: String,
    label: String,
    hint: MaybeProp<String>,
    error: MaybeProp<String>,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            {children()}
            <p class="hint" id=hint_id hidden=move || hint.get().is_none()>
                {move || hint.get()}
            </p>
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The ids a control is described by (its hint and its error).
fn described_by(id: &str) -> String {
    format!("{id}-hint {id}-error")
}

/// A text (or number, password, ...) input.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into, optional)] error: MaybeProp<String>,
    #[prop(into, optional)] hint: MaybeProp<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into, optional)] placeholder: MaybeProp<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let input = view! {
        <input
            id=id.clone()
            name=id.clone()
            type=input_type
            autocomplete=autocomplete
            placeholder=move || placeholder.get()
            required=required
            autofocus=autofocus
            aria-describedby=described_by(&id)
            aria-invalid=move || error.get().is_some().to_string()
            prop:value=move || value.get()
            on:input=move |ev| on_input.run(event_target_value(&ev))
        />
    };
    view! { <Frame id label hint error>{input}</Frame> }
}

/// A drop-down; an empty value shows `placeholder` as a disabled first choice.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// `(value, label)` pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] error: MaybeProp<String>,
    #[prop(into, optional)] hint: MaybeProp<String>,
    #[prop(into, optional)] placeholder: Option<String>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let placeholder = placeholder.unwrap_or_else(|| "Choose…".to_owned());
    let select = view! {
        <select
            id=id.clone()
            name=id.clone()
            disabled=move || disabled.get()
            aria-describedby=described_by(&id)
            aria-invalid=move || error.get().is_some().to_string()
            on:change=move |ev| on_change.run(event_target_value(&ev))
        >
            <option value="" disabled=true selected=move || value.get().is_empty()>
                {placeholder}
            </option>
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(option, text)| {
                        let selected = {
                            let option = option.clone();
                            move || value.get() == option
                        };
                        view! {
                            <option value=option selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    };
    view! { <Frame id label hint error>{select}</Frame> }
}

/// A set of radio buttons under a legend.
#[component]
pub fn RadioGroup(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    /// `(value, label)` pairs.
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] error: MaybeProp<String>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let described_by = error_id.clone();
    let radios = options
        .into_iter()
        .map(|(option, text)| {
            let id = format!("{name}-{}", option.to_lowercase());
            let checked = {
                let option = option.clone();
                move || value.get() == option
            };
            let chosen = option.clone();
            let label_for = id.clone();
            view! {
                <label class="radio" for=label_for>
                    <input
                        type="radio"
                        id=id
                        name=name.clone()
                        value=option
                        prop:checked=checked
                        on:change=move |_| on_change.run(chosen.clone())
                    />
                    {text}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field radios" aria-describedby=described_by>
            <legend>{legend}</legend>
            {radios}
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        </fieldset>
    }
}

/// A checkbox with its label to the right.
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
) -> impl IntoView {
    let label_for = id.clone();
    view! {
        <div class="field checkbox">
            <label for=label_for>
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || checked.get()
                    on:change=move |ev| on_change.run(event_target_checked(&ev))
                />
                {label}
            </label>
        </div>
    }
}
