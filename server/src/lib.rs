//! cassadmin: the control panel and audited API gateway for ApsaraDB for Cassandra.
//!
//! - [`startup::Application`]: the HTTP server, built from [`config::Settings`].
//! - [`db`]: PostgreSQL (given by `DATABASE_URL` or [`db::embedded`]), one module per table.
//! - [`auth`]: passwords, sessions (JWT + refresh), API tokens, CSRF, login throttling and
//!   the extractors handlers use to say who may call them.
//! - [`audit`]: the append-only, hash-chained audit log.
//! - [`routes`]: the REST API (`/api/v1`), one module per resource.
//! - [`cloud`]: the signed client for the cloud's OpenAPI.
//! - [`snapshots`]: cached cluster snapshots, their background refresh and timeline.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod backend;
pub mod cli;
pub mod cloud;
pub mod config;
pub mod cors;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod operations;
pub mod routes;
pub mod snapshots;
pub mod startup;
pub mod state_dir;
pub mod telemetry;

pub use config::Settings;
pub use error::AppError;
pub use startup::Application;
