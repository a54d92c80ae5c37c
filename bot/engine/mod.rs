//! The practice state machine: `(session, input) -> (session, outputs)`.
//! Plain data, no I/O, deterministic for a given seed.
//!
//! Contract (other modules build on it):
//! - [`start`] begins a session: outputs the briefing and the first customer line.
//! - [`handle`] applies one [`Input`] to a [`Session`].
//! - [`run_transcript`] replays a list of replies (for `gesprekscoach test`).
//! - [`Session`] serialises with serde so any front end can store it.
