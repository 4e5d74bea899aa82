//! A change the user can make to a cluster (or the panel): which action, what to ask, what to
//! confirm. Built once per button with [`Op::new`]; the dialog (`components::operation`) runs
//! every one of them the same way.

use std::fmt;
use std::rc::Rc;

use shared::{Action, Role};

use super::form::{FieldSpec, Form, Issue};
use crate::api::Receipt;

/// One line of a confirmation: what changes, from what to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    pub label: String,
    pub before: String,
    pub after: String,
}

impl ReviewLine {
    pub fn new(label: &str, before: impl ToString, after: impl ToString) -> ReviewLine {
        ReviewLine {
            label: label.to_owned(),
            before: before.to_string(),
            after: after.to_string(),
        }
    }
}

/// A checked request, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The `shared` request type as JSON.
    pub json: String,
    /// Before → after, when the operation asks for a confirmation.
    pub review: Vec<ReviewLine>,
}

/// The parameter an idempotent create carries its key in.
pub const CLIENT_TOKEN: &str = "ClientToken";

type Prepare = dyn Fn(&Form) -> Result<Prepared, Vec<Issue>>;
/// A warning about what was typed (shown, not blocking).
pub type Warn = Rc<dyn Fn(&Form) -> Option<String>>;
/// What runs once the cloud accepted the operation.
pub type After = Rc<dyn Fn(&Receipt)>;
type Check<A> = Box<dyn Fn(&A) -> Vec<Issue>>;
type Review<A> = Box<dyn Fn(&A) -> Vec<ReviewLine>>;

/// A change: the action, its form, and how it is confirmed.
#[derive(Clone)]
pub struct Op {
    /// The action's wire name (`ResizeDiskSize`).
    pub action: &'static str,
    /// The lowest role offered the button (the server enforces it again).
    pub min_role: Role,
    /// "Resize disk": the dialog's title and the start of its messages.
    pub title: String,
    /// What will happen, in a sentence or two.
    pub intro: Option<String>,
    pub fields: Vec<FieldSpec>,
    pub fixed: Vec<(String, String)>,
    /// Destructive: the user types this (the cluster name) before it is sent.
    pub type_to_confirm: Option<String>,
    /// Creates: sent with an `Idempotency-Key`, so a retry never makes a second one.
    pub idempotent: bool,
    /// Warnings shown while the form is filled in (`0.0.0.0/0` opens the cluster to all).
    pub warn: Option<Warn>,
    /// What to do once the cloud accepted it (refresh the page's data, follow a new id).
    pub after: Option<After>,
    prepare: Rc<Prepare>,
}

impl fmt::Debug for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Op")
            .field("action", &self.action)
            .field("title", &self.title)
            .field("fields", &self.fields.len())
            .finish_non_exhaustive()
    }
}

impl Op {
    /// An operation calling action `A`, titled `title`: a builder, finished by `build`.
    #[expect(
        clippy::new_ret_no_self,
        reason = "Op::new::<A>() reads as the action's operation"
    )]
    pub fn new<A: Action>(title: impl Into<String>) -> OpBuilder<A> {
        OpBuilder {
            title: title.into(),
            intro: None,
            fields: Vec::new(),
            fixed: Vec::new(),
            type_to_confirm: None,
            warn: None,
            check: Box::new(|_| Vec::new()),
            review: None,
        }
    }

    /// A fresh form for this operation.
    pub fn form(&self) -> Form {
        Form::new(self.fields.clone(), self.fixed.clone())
    }

    /// Check the form: the request as JSON and its review, or every problem.
    pub fn prepare(&self, form: &Form) -> Result<Prepared, Vec<Issue>> {
        (self.prepare)(form)
    }

    /// Re-check after an edit, keeping the problems on the form for it to show.
    pub fn revalidate(&self, form: &mut Form) {
        let issues = self.prepare(form).err().unwrap_or_default();
        form.set_issues(issues);
    }

    /// Run `after` once the cloud accepted the operation.
    pub fn after(mut self, after: impl Fn(&Receipt) + 'static) -> Op {
        self.after = Some(Rc::new(after));
        self
    }

    /// Whether sending needs a second step (a review or typing the name).
    pub fn confirms(&self, prepared: &Prepared) -> bool {
        !prepared.review.is_empty() || self.type_to_confirm.is_some() || self.fields.is_empty()
    }
}

/// Builds an [`Op`] for action `A`.
pub struct OpBuilder<A: Action> {
    title: String,
    intro: Option<String>,
    fields: Vec<FieldSpec>,
    fixed: Vec<(String, String)>,
    type_to_confirm: Option<String>,
    warn: Option<Warn>,
    check: Check<A>,
    review: Option<Review<A>>,
}

impl<A: Action> OpBuilder<A> {
    pub fn intro(mut self, text: impl Into<String>) -> Self {
        self.intro = Some(text.into());
        self
    }

    pub fn field(mut self, field: FieldSpec) -> Self {
        self.fields.push(field);
        self
    }

    /// A parameter the user does not type (`ClusterId`).
    pub fn fixed(mut self, name: &str, value: impl Into<String>) -> Self {
        self.fixed.push((name.to_owned(), value.into()));
        self
    }

    /// The cluster (`ClusterId`).
    pub fn cluster(self, id: &str) -> Self {
        self.fixed("ClusterId", id)
    }

    /// The cluster and one of its data centers.
    pub fn data_center(self, cluster: &str, data_center: &str) -> Self {
        self.cluster(cluster).fixed("DataCenterId", data_center)
    }

    /// Rules beyond the request's own, e.g. against the cluster's current state.
    pub fn check(mut self, check: impl Fn(&A) -> Vec<Issue> + 'static) -> Self {
        self.check = Box::new(check);
        self
    }

    /// Show these lines (before → after) and ask again before sending.
    pub fn review(mut self, review: impl Fn(&A) -> Vec<ReviewLine> + 'static) -> Self {
        self.review = Some(Box::new(review));
        self
    }

    /// Destructive: ask the user to type `name` (the cluster name) first.
    pub fn type_to_confirm(mut self, name: impl Into<String>) -> Self {
        self.type_to_confirm = Some(name.into());
        self
    }

    /// A create: sent with an `Idempotency-Key` that is also its `ClientToken` (the dialog
    /// fills both), so a retried submit never makes a second one.
    pub fn idempotent(self) -> Self {
        self.fixed(CLIENT_TOKEN, "")
    }

    pub fn warn(mut self, warn: impl Fn(&Form) -> Option<String> + 'static) -> Self {
        self.warn = Some(Rc::new(warn));
        self
    }

    pub fn build(self) -> Op {
        let OpBuilder {
            title,
            intro,
            fields,
            fixed,
            type_to_confirm,
            warn,
            check,
            review,
        } = self;
        let idempotent = fixed.iter().any(|(name, _)| name == CLIENT_TOKEN);
        let prepare = move |form: &Form| {
            let request: A = form.check(&*check)?;
            // Written back from the typed request: numbers as numbers, nothing unchecked.
            let json = serde_json::to_string(&request).map_err(|e| {
                vec![Issue::new(
                    "",
                    format!("the request could not be written: {e}"),
                )]
            })?;
            let review = review.as_ref().map(|r| r(&request)).unwrap_or_default();
            Ok(Prepared { json, review })
        };
        Op {
            action: A::META.name,
            min_role: A::META.min_role,
            title,
            intro,
            fields,
            fixed,
            type_to_confirm,
            idempotent,
            warn,
            after: None,
            prepare: Rc::new(prepare),
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::actions::{DeleteDataCenterRequest, ResizeNodeCountRequest};
    use shared::rules::NodeCount;

    use super::*;

    fn resize_nodes(current: i32) -> Op {
        Op::new::<ResizeNodeCountRequest>("Change node count")
            .data_center("cds-1", "dc-1")
            .field(FieldSpec::number("NodeCount", "Nodes").initial(current.to_string()))
            .check(move |r| Issue::of("NodeCount", NodeCount::change(current, r.node_count)))
            .review(move |r| vec![ReviewLine::new("Nodes", current, r.node_count)])
            .build()
    }

    #[test]
    fn carries_the_actions_metadata() {
        let op = resize_nodes(3);
        assert_eq!(op.action, "ResizeNodeCount");
        assert_eq!(op.min_role, Role::Operator);
        assert!(!op.idempotent);
        let delete = Op::new::<DeleteDataCenterRequest>("Delete data center")
            .data_center("cds-1", "dc-1")
            .type_to_confirm("orders")
            .build();
        assert_eq!(delete.min_role, Role::Admin);
    }

    #[test]
    fn prepares_json_and_the_before_and_after() {
        let op = resize_nodes(3);
        let mut form = op.form();
        // Unchanged: the shared "must change" rule refuses it.
        assert_eq!(op.prepare(&form).unwrap_err()[0].field, "NodeCount");
        form.set("NodeCount", "5".into());
        let prepared = op.prepare(&form).unwrap();
        let json: serde_json::Value = serde_json::from_str(&prepared.json).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"ClusterId": "cds-1", "DataCenterId": "dc-1", "NodeCount": 5})
        );
        assert_eq!(prepared.review, [ReviewLine::new("Nodes", 3, 5)]);
        assert!(op.confirms(&prepared));
    }

    #[test]
    fn revalidate_keeps_the_problems_on_the_form() {
        let op = resize_nodes(3);
        let mut form = op.form();
        form.set("NodeCount", "0".into());
        op.revalidate(&mut form);
        assert_eq!(form.visible_issues("NodeCount").len(), 1);
        form.set("NodeCount", "4".into());
        op.revalidate(&mut form);
        assert!(form.visible_issues("NodeCount").is_empty());
    }
}
