//! The files under `tests/fixtures`.

use std::path::PathBuf;

/// A path under `tests/fixtures`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The valid fixture dialogue that the checker tests break in many ways.
pub fn valid_dialogue() -> String {
    std::fs::read_to_string(fixture("valid/stoelen-verkopen.toml")).expect("fixture")
}
