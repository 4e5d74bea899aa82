//! Integration tests of the REST API: the real server, a real PostgreSQL database per test.
//!
//! Needs `DATABASE_URL` of a running PostgreSQL (`export DATABASE_URL=$(scripts/test-postgres.sh)`).

mod actions;
mod actions_support;
mod audit;
mod auth;
mod canary;
mod clusters;
mod embedded;
mod faults;
mod health;
mod helpers;
mod openapi;
mod resilience;
mod roles;
mod snapshots;
mod tokens;
mod users;
