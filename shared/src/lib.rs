//! cassadmin's shared API types, compiled for the server and for the browser (wasm32).
//!
//! - [`action`]: the [`Action`] trait tying each cloud request to its response and metadata.
//! - [`actions`]: the 58 ApsaraDB for Cassandra actions, one module per product area.
//! - [`catalog`]: every action's metadata and dispatch by name.
//! - [`wire`]: request types to and from RPC wire parameters (`Tag.1.Key`).
//! - [`de`], [`list`]: the cloud's JSON quirks (numbers as strings, wrapped lists).
//! - [`enums`]: documented values, keeping unknown ones.
//! - [`rules`]: the input rules, written once for browser and server.
//! - [`rest`], [`rest_clusters`]: cassadmin's own REST API (`/api/v1`).

pub mod action;
pub mod actions;
pub mod catalog;
pub mod de;
pub mod enums;
pub mod list;
pub mod rest;
pub mod rest_clusters;
pub mod rules;
pub mod secret;
pub mod wire;

pub use action::{Action, ActionMeta, ActionVisitor, Group, Role};
pub use list::{Element, List};
pub use secret::SecretString;
