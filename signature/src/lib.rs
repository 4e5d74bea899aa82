//! Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1), for signing and for verifying.
//!
//! ```
//! use rpc_signature::{Method, Secret, sign_request, verify};
//!
//! let secret = Secret::new("testsecret");
//! let params = [("Action", "DescribeRegions"), ("AccessKeyId", "testid")];
//! let signature = sign_request(&secret, Method::Post, params);
//! assert!(verify(&secret, Method::Post, params, &signature).is_ok());
//! ```
//!
//! - [`percent_encode`]: RFC 3986 encoding, upper-case hex, byte-wise UTF-8.
//! - [`canonical_query`], [`string_to_sign`]: sorted by raw name, `Signature` left out, a
//!   repeated name counted once with its last value.
//! - [`sign`], [`sign_request`], [`verify`] (constant-time): `Base64(HMAC-SHA1(secret + "&"))`.
//! - [`Secret`]: the AccessKey secret, never printed.
//!
//! Parameters are anything implementing [`Param`]: pairs of string-likes, references to them,
//! map entries. Pass the decoded values (after form-decoding `+` and `%XY`), never raw URL bytes.

mod canonical;
mod encode;
mod secret;
mod sign;

pub use canonical::{Method, Param, SIGNATURE, UnsupportedMethod, canonical_query, string_to_sign};
pub use encode::percent_encode;
pub use secret::Secret;
pub use sign::{Mismatch, sign, sign_request, verify};
