//! The emulator's gateway over real sockets: SDK vectors, every verification error, response
//! formats and injected faults.

mod faults;
mod helpers;
mod lifecycle;
mod vectors;
mod verification;
