//! Reusable pieces of the views.

pub mod confirm;
pub mod field;
pub mod layout;
pub mod status_badge;
pub mod toasts;
