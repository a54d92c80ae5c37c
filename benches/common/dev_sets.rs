//! Reading the labelled sets of `tests/data` for the examples that measure
//! the matcher (`matcher_memory`, `matcher_stages`), included by path.

/// The replies of a set (`tests/data/NAME`, one JSON object a line); empty,
/// with a note on stderr, when the file cannot be read.
pub fn texts(name: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {}", path.display());
        return Vec::new();
    };
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect()
}
