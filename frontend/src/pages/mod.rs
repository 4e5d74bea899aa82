//! One module per page (see [`crate::route::Page`]).

pub mod cluster_detail;
pub mod clusters;
pub mod create_cluster;
pub mod login;
pub mod not_found;
pub mod placeholder;
