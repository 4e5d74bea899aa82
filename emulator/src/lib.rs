//! An emulator of the ApsaraDB for Cassandra OpenAPI (`cassandra.aliyuncs.com`).
//!
//! A client cannot tell it from the cloud: it verifies RPC signatures, timestamps and nonces,
//! answers all 58 actions over one consistent in-memory [`world::World`] whose clusters move
//! through their states on a [`clock::Clock`] that tests can speed up, and injects faults on
//! demand. It is cassadmin's default backend when no AccessKey is configured, and the upstream
//! of our tests.
//!
//! - [`gateway`]: the HTTP side: request parsing, signature/timestamp/nonce checks, error
//!   envelopes (JSON and XML); [`spawn`] starts one, [`RunningEmulator`] controls it.
//! - [`faults`]: latency, throttling, server errors and rate limits, switchable at run time.
//! - [`world`]: the cloud's state and one handler per action.
//! - [`cli`]: `cassadmin emulator`'s flags ([`cli::EmulatorArgs`]) and [`cli::run`].
//! - [`error::ApiError`]: the cloud's error (HTTP status, `Code`, `Message`).

pub mod cli;
pub mod clock;
pub mod error;
pub mod faults;
pub mod gateway;
pub mod world;

pub use error::{ApiError, EmulatorError};
pub use faults::{FaultConfig, Faults, Probability, RateLimit};
pub use gateway::{
    AccessKey, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, KeyStore,
    RunningEmulator, spawn,
};
