//! The practice state machine: `(session, input) -> (session, outputs)`.
//! Plain data, no I/O, deterministic for a given seed.
