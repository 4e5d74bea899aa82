//! Cloud actions through the panel: one generic path for all 58.
//!
//! [`Operations::execute`] takes an action's metadata (from `shared::catalog`) and a caller's
//! JSON body, and dispatches through [`shared::ActionVisitor`] to one generic function,
//! `run::<A>()`, which does for any action `A`, in this order:
//!
//! 1. [`access::check_role`]: the caller's role is at least `A::META.min_role` (403);
//! 2. for a change, the `ClientToken`: derived from `Idempotency-Key` when sent (overriding
//!    the body's), else the body's, else a fresh random one ([`idempotency`]);
//! 3. [`input::parse`]: the body as an `A` (wire names), then `A::validate()` (400 naming
//!    every broken field and rule);
//! 4. [`access::check_scope`]: a token limited to clusters names none outside them (403);
//! 5. reads: the cloud call, the answer (filtered to a token's clusters);
//! 6. changes: the idempotency claim (a stored answer is replayed), the audit intent (if it
//!    cannot be written, nothing is attempted: 503), the cloud call with its retries, the
//!    audit outcome with the cloud `RequestId`, the duration and every attempt, then the
//!    stored answer for the key and a nudge to the [`ChangeListener`] for each cluster
//!    touched.
//!
//! Cloud errors come back as [`ActionError::Cloud`], which answers the cloud's `Code`,
//! `Message` and `RequestId` under a status chosen in [`error`].

pub mod access;
pub mod attempts;
pub mod error;
pub mod idempotency;
pub mod input;
pub mod listener;
pub mod roles;

mod execute;

pub use error::ActionError;
pub use execute::{Answer, Operations, Submission};
pub use idempotency::IdempotencyKey;
pub use listener::{ChangeListener, NoListener, SharedListener};
