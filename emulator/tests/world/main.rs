//! The emulated cloud's world, called directly (the gateway's own tests cover HTTP): every
//! action, the lifecycles on the clock, idempotency and the documented rules.

mod helpers;

mod access;
mod backups;
mod instances;
mod lifecycle;
mod nodetool;
mod parameters;
mod rules;
mod tags;
