//! The create-cluster wizard: location, nodes, billing, name and access, review. Every field
//! is checked as the user types (see `state::create_cluster`); the submit is idempotent.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::actions::{CreateClusterRequest, DescribeInstanceTypeRequest, DescribeRegionsRequest};
use shared::enums::PeriodUnit;

use crate::api::{self, ApiError};
use crate::components::field::{CheckboxField, RadioGroup, SelectField, TextField};
use crate::context::AppContext;
use crate::route::{ClusterTab, Page};
use crate::state::create_cluster::{
    CreateClusterForm, Field, InstanceChoice, MAJOR_VERSIONS, RegionChoice, Step, Submission,
    SubmitState, auto_renew_choices, disk_type_choices, period_choices,
};

#[component]
pub fn CreateClusterPage() -> impl IntoView {
    let context = AppContext::get();
    let form = RwSignal::new(CreateClusterForm::default());
    let step = RwSignal::new(Step::Location);
    let submission = RwSignal::new(Submission::new(api::new_idempotency_key()));

    let regions = LocalResource::new(|| async {
        api::action(&DescribeRegionsRequest::default())
            .await
            .map(|response| RegionChoice::from_response(&response))
    });
    let instance_types = LocalResource::new(|| async {
        // An empty InstanceType lists every type.
        api::action(&DescribeInstanceTypeRequest {
            instance_type: String::new(),
        })
        .await
        .map(|response| InstanceChoice::from_response(&response))
    });
    context.watch(regions);
    context.watch(instance_types);

    let create = Action::new_local(|(request, key): &(CreateClusterRequest, String)| {
        let (request, key) = (request.clone(), key.clone());
        async move { api::action_idempotent(&request, &key).await }
    });
    let navigate = use_navigate();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(response)) => {
            let id = response.cluster_id.unwrap_or_default();
            submission.update(|s| s.succeeded(id.clone()));
            context.success(format!("Cluster {id} is being created"));
            let page = if id.is_empty() {
                Page::Clusters
            } else {
                Page::Cluster {
                    id,
                    tab: ClusterTab::Overview,
                }
            };
            navigate(&page.path(), Default::default());
        }
        Some(Err(error)) => refused(context, form, step, submission, &error),
        None => {}
    });

    let submit = move || {
        let Ok(request) = form.with_untracked(|f| f.request("")) else {
            form.update(|f| {
                for s in Step::ALL {
                    f.attempt(s);
                }
            });
            if let Some(first) = form.with_untracked(CreateClusterForm::first_step_with_errors) {
                step.set(first);
            }
            return;
        };
        // Only one submit in flight, and a retry reuses the key (see `Submission`).
        if let Some(key) = submission.try_update(Submission::begin).flatten() {
            let request = CreateClusterRequest {
                client_token: key.clone(),
                ..request
            };
            create.dispatch((request, key));
        }
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = step.get_untracked();
        if current == Step::Review {
            submit();
        } else if form.try_update(|f| f.attempt(current)).unwrap_or(false)
            && let Some(following) = current.next()
        {
            step.set(following);
        }
    };
    let busy = move || {
        create.pending().get() || submission.with(|s| !matches!(s.state(), SubmitState::Ready))
    };

    view! {
        <div class="page-head">
            <h1>"Create a cluster"</h1>
        </div>
        <ol class="steps">
            {Step::ALL
                .into_iter()
                .map(|s| {
                    view! {
                        <li aria-current=move || { (step.get() == s).then_some("step") }>
                            <button
                                type="button"
                                class="link"
                                disabled=move || { s >= step.get() || busy() }
                                on:click=move |_| step.set(s)
                            >
                                {format!("{}. {}", s.index() + 1, s.label())}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <form class="panel wizard" on:submit=next novalidate=true>
            {move || match step.get() {
                Step::Location => view! { <LocationStep form regions /> }.into_any(),
                Step::Nodes => view! { <NodesStep form instance_types /> }.into_any(),
                Step::Billing => view! { <BillingStep form /> }.into_any(),
                Step::Details => view! { <DetailsStep form /> }.into_any(),
                Step::Review => view! { <ReviewStep form /> }.into_any(),
            }}
            <div class="actions">
                <button
                    type="button"
                    disabled=move || step.get().previous().is_none() || busy()
                    on:click=move |_| {
                        if let Some(previous) = step.get_untracked().previous() {
                            step.set(previous);
                        }
                    }
                >
                    "Back"
                </button>
                <button type="submit" class="primary" disabled=busy>
                    {move || match (step.get(), busy()) {
                        (Step::Review, true) => "Creating…",
                        (Step::Review, false) => "Create cluster",
                        _ => "Next",
                    }}
                </button>
            </div>
        </form>
    }
}

/// A refused or failed submit: field errors go next to their fields (and the user back to
/// the first step with one), and the whole error to a message.
fn refused(
    context: AppContext,
    form: RwSignal<CreateClusterForm>,
    step: RwSignal<Step>,
    submission: RwSignal<Submission>,
    error: &ApiError,
) {
    submission.update(|s| s.failed(error, api::new_idempotency_key));
    form.update(|f| {
        // Errors naming no field of the form are in the message below.
        f.apply_server_errors(error.field_errors());
    });
    if let Some(first) = form.with_untracked(CreateClusterForm::first_step_with_errors) {
        step.set(first);
    }
    context.error("Create cluster", error);
}

/// Bindings of one form field to an input.
#[derive(Clone, Copy)]
struct Bind {
    form: RwSignal<CreateClusterForm>,
    field: Field,
}

impl Bind {
    fn value(self) -> Signal<String> {
        Signal::derive(move || self.form.with(|f| f.value(self.field)))
    }

    fn set(self) -> Callback<String> {
        Callback::new(move |value| self.form.update(|f| f.set(self.field, value)))
    }

    fn error(self) -> Signal<Option<String>> {
        Signal::derive(move || self.form.with(|f| f.visible_error(self.field)))
    }
}

fn bind(form: RwSignal<CreateClusterForm>, field: Field) -> Bind {
    Bind { form, field }
}

/// A text input for `field`.
fn text_input(
    form: RwSignal<CreateClusterForm>,
    field: Field,
    input_type: &'static str,
) -> impl IntoView {
    let b = bind(form, field);
    view! {
        <TextField
            id=field.input_id()
            label=field.label()
            input_type
            value=b.value()
            on_input=b.set()
            error=b.error()
            hint=field.hint()
            // Keep the browser from offering the panel login for the database password.
            autocomplete=if input_type == "password" { "new-password" } else { "off" }
        />
    }
}

/// A drop-down for `field`.
fn select_input(
    form: RwSignal<CreateClusterForm>,
    field: Field,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let b = bind(form, field);
    view! {
        <SelectField
            id=field.input_id()
            label=field.label()
            options
            value=b.value()
            on_change=b.set()
            error=b.error()
            hint=field.hint()
        />
    }
}

/// What a list from the cloud looks like while it loads or when it failed.
fn loading_hint<T: Send + Sync + 'static>(
    resource: LocalResource<Result<Vec<T>, ApiError>>,
    what: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        resource.with(|r| match r {
            None => Some(format!("Loading {what}…")),
            Some(Err(error)) => Some(format!("Could not load {what}: {error}")),
            Some(Ok(_)) => None,
        })
    })
}

#[component]
fn LocationStep(
    form: RwSignal<CreateClusterForm>,
    regions: LocalResource<Result<Vec<RegionChoice>, ApiError>>,
) -> impl IntoView {
    let loaded = move || {
        regions
            .with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    };
    let region_options =
        Signal::derive(move || loaded().into_iter().map(|r| (r.id, r.label)).collect());
    let zone_options = Signal::derive(move || {
        let region = form.with(|f| f.value(Field::Region));
        loaded()
            .into_iter()
            .find(|r| r.id == region)
            .map(|r| r.zones.into_iter().map(|z| (z.clone(), z)).collect())
            .unwrap_or_default()
    });
    let status = loading_hint(regions, "regions");
    view! {
        <h2>"Location"</h2>
        <p class="muted" role="status">{move || status.get()}</p>
        {select_input(form, Field::Region, region_options)}
        {select_input(form, Field::Zone, zone_options)}
        {text_input(form, Field::VpcId, "text")}
        {text_input(form, Field::VswitchId, "text")}
    }
}

#[component]
fn NodesStep(
    form: RwSignal<CreateClusterForm>,
    instance_types: LocalResource<Result<Vec<InstanceChoice>, ApiError>>,
) -> impl IntoView {
    let types = Signal::derive(move || {
        instance_types
            .with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.name, t.label))
            .collect()
    });
    let status = loading_hint(instance_types, "instance types");
    let disk_types = Signal::stored(disk_type_choices());
    let versions = Signal::stored(
        MAJOR_VERSIONS
            .iter()
            .map(|v| (v.to_string(), v.to_string()))
            .collect(),
    );
    view! {
        <h2>"Nodes"</h2>
        <p class="muted" role="status">{move || status.get()}</p>
        {select_input(form, Field::InstanceType, types)}
        {select_input(form, Field::DiskType, disk_types)}
        {text_input(form, Field::DiskSize, "number")}
        {text_input(form, Field::NodeCount, "number")}
        {select_input(form, Field::MajorVersion, versions)}
    }
}

#[component]
fn BillingStep(form: RwSignal<CreateClusterForm>) -> impl IntoView {
    let pay = bind(form, Field::PayType);
    let units = Signal::stored(vec![
        (PeriodUnit::Month.as_str().to_owned(), "Month".to_owned()),
        (PeriodUnit::Year.as_str().to_owned(), "Year".to_owned()),
    ]);
    let periods = Signal::derive(move || {
        form.with(|f| period_choices(f.period_unit()))
            .into_iter()
            .map(|(months, label)| (months.to_string(), label))
            .collect()
    });
    let renewals = Signal::stored(
        auto_renew_choices()
            .into_iter()
            .map(|(months, label)| (months.to_string(), label))
            .collect(),
    );
    let subscription = move || form.with(CreateClusterForm::is_subscription);
    let renew = bind(form, Field::AutoRenew);
    view! {
        <h2>"Billing"</h2>
        <RadioGroup
            name="create-paytype"
            legend=Field::PayType.label()
            options=vec![
                ("PayAsYouGo".to_owned(), "Pay as you go (billed by usage, no term)".to_owned()),
                ("Subscription".to_owned(), "Subscription (paid in advance for a term)".to_owned()),
            ]
            value=pay.value()
            on_change=pay.set()
            error=pay.error()
        />
        <Show when=subscription>
            {select_input(form, Field::PeriodUnit, units)}
            {select_input(form, Field::Period, periods)}
            <CheckboxField
                id=Field::AutoRenew.input_id()
                label=Field::AutoRenew.label()
                checked=Signal::derive(move || form.with(CreateClusterForm::auto_renew))
                on_change=move |checked: bool| renew.set().run(checked.to_string())
            />
            <Show when=move || form.with(CreateClusterForm::auto_renew)>
                {select_input(form, Field::AutoRenewPeriod, renewals)}
            </Show>
        </Show>
    }
}

#[component]
fn DetailsStep(form: RwSignal<CreateClusterForm>) -> impl IntoView {
    view! {
        <h2>"Name and access"</h2>
        {text_input(form, Field::ClusterName, "text")}
        {text_input(form, Field::DataCenterName, "text")}
        {text_input(form, Field::Password, "password")}
        {text_input(form, Field::PasswordRepeat, "password")}
        {text_input(form, Field::ResourceGroupId, "text")}
    }
}

#[component]
fn ReviewStep(form: RwSignal<CreateClusterForm>) -> impl IntoView {
    view! {
        <h2>"Review"</h2>
        <p>
            "The cluster is created with these settings. Creating takes several minutes; the "
            "cluster page follows it."
        </p>
        <dl class="facts">
            {move || {
                form.with(CreateClusterForm::summary)
                    .into_iter()
                    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                    .collect_view()
            }}
        </dl>
    }
}
