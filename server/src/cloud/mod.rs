//! The cloud side: RPC client signing every call (owned by the cloud-client engineer).
