//! The cloud side: a client that signs every call to ApsaraDB for Cassandra's RPC API.
//!
//! ```no_run
//! # async fn example<A: shared::Action>(request: A) -> anyhow::Result<()> {
//! use cassadmin::cloud::{ClientOptions, CloudClient, Credentials, Endpoint};
//!
//! let credentials = Credentials::from_env()?.expect("an AccessKey is configured");
//! let client = CloudClient::new(Endpoint::from_env()?, credentials, ClientOptions::default())?;
//! let response = client.call(&request).await?;
//! # let _ = response;
//! # Ok(())
//! # }
//! ```
//!
//! - [`CloudClient::call`] / [`CloudClient::call_observed`]: one generic, signed, retried
//!   transport for every [`shared::Action`]; the observer sees each [`Attempt`].
//! - [`CloudError`]: the cloud's error envelope, timeouts, unreachable endpoints, bad answers.
//! - [`Credentials`] and [`Endpoint`]: from Alibaba's environment variables, or explicit.
//! - [`RetryPolicy`]: exponential backoff with full jitter, honouring `x-acs-retry-after`.

mod client;
mod credentials;
mod endpoint;
mod error;
mod retry;
mod signed;

pub use client::{Attempt, AttemptOutcome, BuildError, ClientOptions, CloudClient};
pub use credentials::{
    ACCESS_KEY_ID_ENV, ACCESS_KEY_SECRET_ENV, Credentials, CredentialsError, SECURITY_TOKEN_ENV,
};
pub use endpoint::{DEFAULT_ENDPOINT, ENDPOINT_ENV, Endpoint, EndpointError};
pub use error::{ApiError, CloudError, UNKNOWN_CODE};
pub use retry::RetryPolicy;
pub use rpc_signature::Method;
pub use signed::API_VERSION;
