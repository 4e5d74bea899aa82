//! Every action's metadata, and dispatch from an action name to its type.

use crate::action::{ActionMeta, ActionVisitor};

/// All 58 actions, in the order of the API reference.
pub const ALL: &[ActionMeta] = &[];

/// The metadata of the action called `name` (case-sensitive, as on the wire).
pub fn meta(name: &str) -> Option<&'static ActionMeta> {
    ALL.iter().find(|m| m.name == name)
}

/// Call `visitor.visit::<A>()` for the action named `name`; `None` for an unknown name.
pub fn visit<V: ActionVisitor>(name: &str, visitor: V) -> Option<V::Output> {
    let _ = (name, visitor);
    None
}
