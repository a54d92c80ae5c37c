//! Checking and testing dialogue files, above the modules that run them:
//! reading files and folders of both kinds (dialogues and webcare
//! scenarios), running a file's examples (the samples of `dialogue`, the
//! example transcripts through the engine, a scenario's example shifts
//! through `webcare`), and the `check` and `test` commands. `dialogue`
//! itself (format, one file's validation, the catalogue) depends on neither
//! the engine nor webcare.
//!
//! - [`check_dir`], [`check_path`], [`load_dir`], [`find_by_id`]: folders
//!   and files, with duplicate ids across files ([`Report`]).
//! - [`run_examples`]: a dialogue's samples and example transcripts
//!   ([`run_transcripts`]), for `gesprekscoach test`.
//! - [`verify`]: check and test one uploaded dialogue in one call.
//! - [`commands`]: the output of `gesprekscoach check` and `test`.

pub mod commands;
mod examples;
mod folder;
mod transcripts;

pub use examples::{Verified, VerifiedScenario, run_examples, verify, verify_scenario};
pub use folder::{FindError, Report, check_dir, check_path, find_by_id, load_dir};
pub use transcripts::run_transcripts;
