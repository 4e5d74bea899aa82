//! The app's logic as plain structs and functions, tested natively with `cargo test -p frontend`;
//! components only bind them to the page.

pub mod age;
pub mod cluster_filter;
pub mod cluster_ops;
pub mod confirm;
pub mod create_cluster;
pub mod form;
pub mod operation;
pub mod panel_forms;
pub mod query;
pub mod toast;
