//! Dialogue files: the format (serde + TOML), loading and validation, the
//! werkproces catalogue, and running a file's own samples and transcripts.

pub mod model;

pub use model::*;
