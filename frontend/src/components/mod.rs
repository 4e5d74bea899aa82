//! Reusable pieces of the views.

pub mod confirm;
pub mod field;
pub mod layout;
pub mod load;
pub mod operation;
pub mod status_badge;
pub mod table;
pub mod toasts;
