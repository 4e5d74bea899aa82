//! The HTTP side of the emulator (owned by the gateway engineer).
