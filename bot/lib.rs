//! gesprekscoach: a conversational practice coach for mbo Commercie students.
//!
//! Boundaries (invariants; see README "Architecture"):
//! - [`matching`] is pure: text in, behaviours with evidence out. No I/O.
//! - [`engine`] is pure: (session, input) -> (session, outputs). It never sees
//!   transport or storage types and is deterministic for a given seed.
//! - [`store`] owns persistence; [`telegram`] is the only module that imports
//!   teloxide; [`terminal`] drives the same engine on stdin/stdout; [`web`]
//!   is the teachers' dashboard over the same school domain.

pub mod canvas;
pub mod checking;
pub mod config;
pub mod dialogue;
pub mod engine;
pub mod knowledge;
pub mod matching;
pub mod report;
pub mod school;
pub mod store;
pub mod telegram;
pub mod terminal;
pub mod web;
pub mod webcare;
