//! The HTTP side of the emulator: request parsing, signature, timestamp and nonce checks,
//! faults, and the cloud's answers in JSON or XML.
//!
//! One handler serves every method and path ([`handler`]); it follows the verification
//! procedure of `rpc-protocol.md` section 7 step by step:
//!
//! 1. method and path;
//! 2. [`params`]: query and form body, decoded and merged;
//! 3. to 9. [`verify`]: common parameters, [`timestamp`], AccessKey ([`keys`]), signature,
//!    [`nonce`], version and action;
//! 10. [`crate::faults`], then the [`World`];
//!
//! and answers through [`response`] (with [`xml`] for `Format=XML`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), emulator::EmulatorError> {
//! use emulator::{AccessKey, EmulatorConfig};
//!
//! let running = emulator::spawn(EmulatorConfig::default().access_key(AccessKey::new("id", "secret")))
//!     .await?;
//! println!("{}", running.endpoint()); // http://127.0.0.1:PORT
//! running.stop().await;
//! # Ok(()) }
//! ```

mod config;
mod handler;
mod keys;
mod nonce;
mod params;
mod response;
mod timestamp;
mod verify;
mod xml;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};

pub use self::config::{
    AccessKey, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, InvalidAccessKey,
};
use self::handler::Gateway;
pub use self::keys::KeyStore;
use self::nonce::NonceCache;
pub use self::response::HOST_ID;
pub use self::verify::API_VERSION;
use crate::clock::Clock;
use crate::error::EmulatorError;
use crate::faults::Faults;
use crate::world::{World, WorldConfig};

/// Start an emulator as configured; it serves until [`RunningEmulator::stop`] or drop.
pub async fn spawn(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
    let clock = config.clock.unwrap_or_default();
    if let Some(speed) = config.speed {
        if !(speed.is_finite() && speed > 0.0) {
            return Err(EmulatorError::Config(
                "the speed factor must be a positive number".into(),
            ));
        }
        clock.set_speed(speed);
    }
    let seed = config.seed.unwrap_or_else(rand::random);
    let keys = if config.access_keys.is_empty() {
        vec![AccessKey::demo()]
    } else {
        config.access_keys
    };
    let world_config = WorldConfig {
        seed,
        ..WorldConfig::default()
    };
    let world = Arc::new(if config.demo_data {
        World::with_demo_data(clock.clone(), world_config)
    } else {
        World::new(clock.clone(), world_config)
    });
    let gateway = web::Data::new(Gateway {
        keys: KeyStore::new(keys),
        nonces: NonceCache::new(config.nonce_ttl),
        clock: clock.clone(),
        world: Arc::clone(&world),
        faults: Faults::new(config.faults, seed),
        timestamp_window: config.timestamp_window,
    });

    let listener = TcpListener::bind(config.listen).map_err(|source| EmulatorError::Bind {
        addr: config.listen,
        source,
    })?;
    let addr = listener.local_addr().map_err(EmulatorError::Server)?;
    let app_data = gateway.clone();
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(app_data.clone())
            .default_service(web::to(handler::handle))
    })
    // The caller owns the process: the CLI waits for Ctrl-C itself, tests just drop.
    .disable_signals()
    .shutdown_timeout(1);
    if let Some(workers) = config.workers {
        server = server.workers(workers.get());
    }
    let server = server
        .listen(listener)
        .map_err(EmulatorError::Server)?
        .run();
    let handle = server.handle();
    let task = tokio::spawn(server);

    Ok(RunningEmulator {
        addr,
        handle,
        task: Some(task),
        seed,
        gateway: gateway.into_inner(),
    })
}

/// A running emulator. Dropping it stops the server (without waiting).
pub struct RunningEmulator {
    addr: SocketAddr,
    handle: ServerHandle,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    seed: u64,
    gateway: Arc<Gateway>,
}

impl RunningEmulator {
    /// The bound address (the real port when configured with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, ready for a client's endpoint; a wildcard address shows as
    /// `127.0.0.1`.
    pub fn endpoint(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{addr}")
    }

    /// The emulated cloud's state.
    pub fn world(&self) -> &Arc<World> {
        &self.gateway.world
    }

    /// The clock shared by the gateway (timestamp window, nonces) and the world (lifecycles).
    pub fn clock(&self) -> &Clock {
        &self.gateway.clock
    }

    /// The fault settings, switchable while running.
    pub fn faults(&self) -> &Faults {
        &self.gateway.faults
    }

    /// The accepted AccessKeys, changeable while running.
    pub fn keys(&self) -> &KeyStore {
        &self.gateway.keys
    }

    /// The seed in use (the configured one, or the one picked at random).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Stop accepting connections, finish the requests in flight, and return.
    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(task) = self.task.take() {
            // The server's own result; it only reports errors it already answered for.
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if self.task.is_some() {
            // The stop command is sent when `stop` is called; the returned future only waits.
            drop(self.handle.stop(false));
        }
    }
}

impl std::fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("addr", &self.addr)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}
