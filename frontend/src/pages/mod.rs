//! One module per page (see [`crate::route::Page`]).

pub mod account;
pub mod audit;
pub mod cluster;
pub mod clusters;
pub mod create_cluster;
pub mod login;
pub mod not_found;
pub mod recycle_bin;
pub mod tokens;
pub mod users;
