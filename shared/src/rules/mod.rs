//! Input rules, written once and used by the browser, the server and the emulator.
