//! The emulated cloud's state and one handler per action (owned by the world engineer).
//!
//! Interface used by the gateway:
//! `World::handle(&self, action: &str, params: &BTreeMap<String, String>, ctx: &CallContext)
//!     -> Result<serde_json::Value, ApiError>`
//! where `params` are the operation parameters (common parameters removed, but `RegionId`
//! kept: several actions read it), `ctx` carries the caller's AccessKeyId and the request id,
//! and the `Value` is the response body without `RequestId` (the gateway adds it).
//!
//! Build the world with [`World::new`]`(clock, config)` and share the same [`Clock`] with the
//! gateway, so the timestamp window and the clusters' lifecycles see one time.
//! [`World::with_demo_data`] adds a few clusters for the panel's sandbox mode.
//!
//! Layout: [`model`] is the state, [`lifecycle`] moves it through time, [`actions`] holds
//! the 58 handlers (one module per API chapter), [`render`] turns state into the shared
//! response types, [`errors`] lists the action-level error codes.

mod actions;
mod demo;
mod dispatch;
pub mod errors;
mod guards;
mod ids;
mod lifecycle;
mod model;
mod nodetool;
pub mod offerings;
mod paging;
mod provision;
mod render;
mod state;
mod validation;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use shared::Action;
use shared::rules::Validate;
use time::OffsetDateTime;

use crate::ApiError;
use crate::clock::Clock;

use self::state::State;

/// Who is calling, for per-account state and ids in answers.
#[derive(Debug, Clone)]
pub struct CallContext {
    pub access_key_id: String,
    pub request_id: String,
}

/// How the world behaves: its random seed and how long simulated operations take.
#[derive(Debug, Clone)]
pub struct WorldConfig {
    /// Seeds every generated id: the same seed and calls give the same ids.
    pub seed: u64,
    pub durations: Durations,
    /// ListTagResources' page size (the cloud's is 50; smaller makes NextToken easy to see).
    pub tag_page_size: usize,
    /// The Alibaba Cloud account id the emulated clusters belong to (GetCmsUrl shows it).
    pub account_id: String,
}

impl Default for WorldConfig {
    fn default() -> Self {
        Self {
            seed: 20_190_101,
            durations: Durations::default(),
            tag_page_size: 50,
            account_id: "1792697400003449".to_owned(),
        }
    }
}

/// Simulated durations; the clock's speed factor divides them.
#[derive(Debug, Clone)]
pub struct Durations {
    pub create_cluster: Duration,
    pub create_data_center: Duration,
    pub delete_cluster: Duration,
    pub delete_data_center: Duration,
    pub resize_disk: Duration,
    pub resize_nodes: Duration,
    pub change_instance_type: Duration,
    pub reboot: Duration,
    pub upgrade: Duration,
    pub nodetool: Duration,
    /// The full backup a new backup plan takes at once.
    pub first_backup: Duration,
}

impl Default for Durations {
    fn default() -> Self {
        let minutes = |m: u64| Duration::from_secs(m * 60);
        Self {
            create_cluster: minutes(1),
            create_data_center: minutes(1),
            delete_cluster: Duration::from_secs(30),
            delete_data_center: Duration::from_secs(30),
            resize_disk: minutes(2),
            resize_nodes: minutes(3),
            change_instance_type: minutes(3),
            reboot: minutes(1),
            upgrade: minutes(2),
            nodetool: Duration::from_secs(5),
            // A new cluster holds little data: its first backup is quick.
            first_backup: Duration::from_secs(5),
        }
    }
}

/// The emulated cloud: one consistent state behind a lock.
#[derive(Debug)]
pub struct World {
    clock: Clock,
    config: WorldConfig,
    state: Mutex<State>,
}

impl Default for World {
    fn default() -> Self {
        Self::new(Clock::default(), WorldConfig::default())
    }
}

impl World {
    /// An empty world (no clusters) on `clock`.
    pub fn new(clock: Clock, config: WorldConfig) -> Self {
        let state = Mutex::new(State::new(config.seed));
        Self {
            clock,
            config,
            state,
        }
    }

    /// A world holding the sandbox's demo clusters (see [`World::seed_demo`]).
    pub fn with_demo_data(clock: Clock, config: WorldConfig) -> Self {
        let world = Self::new(clock, config);
        world.seed_demo();
        world
    }

    /// Add the demo clusters: three clusters in cn-hangzhou and cn-shanghai, one still being
    /// created, with tags, backups, a nodetool job and parameter history.
    pub fn seed_demo(&self) {
        let now = self.clock.now();
        let creating_until = now + self.clock.scaled(self.config.durations.create_cluster);
        demo::seed(&mut self.lock(), now, creating_until);
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn config(&self) -> &WorldConfig {
        &self.config
    }

    /// Answer one action; see the module documentation.
    pub fn handle(
        &self,
        action: &str,
        params: &BTreeMap<String, String>,
        ctx: &CallContext,
    ) -> Result<serde_json::Value, ApiError> {
        dispatch::dispatch(self, action, params, ctx)
    }

    /// Parse and validate (the shared rules), settle the world to now, replay or run the
    /// handler, and render the answer.
    fn run<A: Action + Validate>(
        &self,
        params: &BTreeMap<String, String>,
        ctx: &CallContext,
        handler: fn(&mut Call<'_>, A) -> Result<A::Response, ApiError>,
    ) -> Result<serde_json::Value, ApiError> {
        let request: A = shared::wire::from_params(params)?;
        request.validate().map_err(validation::first)?;
        let now = self.clock.now();
        let mut state = self.lock();
        state.settle(now);

        let replay_key = request
            .client_token()
            .map(|token| state::ReplayKey::new(ctx, A::META.name, token));
        if let Some(key) = &replay_key
            && let Some(answer) = state.replay(key, params)?
        {
            return Ok(answer);
        }

        let mut call = Call {
            state: &mut state,
            now,
            clock: &self.clock,
            config: &self.config,
        };
        let response = handler(&mut call, request)?;
        let mut answer = serde_json::to_value(response).map_err(|_| ApiError::internal_error())?;
        if let serde_json::Value::Object(fields) = &mut answer {
            fields.remove("RequestId");
        }
        if let Some(key) = replay_key {
            state.remember(key, params, answer.clone());
        }
        Ok(answer)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking handler has changed at most one cluster partway; serving on beats
        // failing every later call of a long-running emulator.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a handler works with: the state, settled to `now`, and the world's settings.
pub(crate) struct Call<'a> {
    pub state: &'a mut State,
    pub now: OffsetDateTime,
    pub clock: &'a Clock,
    pub config: &'a WorldConfig,
}

impl Call<'_> {
    /// When an operation started now that takes `simulated` ends, on this clock.
    pub fn after(&self, simulated: Duration) -> OffsetDateTime {
        self.now + self.clock.scaled(simulated)
    }
}
