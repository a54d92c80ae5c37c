//! Resident memory of a loaded matcher (Dutch and English): VmRSS before
//! and after `Matcher::new()`, after a narrow mix of replies in both
//! languages, and after every reply of the dev sets (varied input, which is
//! what makes the regexes' lazy DFAs grow) read twice (Linux only).
//! Run with `cargo run --release --example matcher_memory`.

use gesprekscoach::matching::{Language, Matcher};

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Anonymous (heap) and file-backed (the embedded word lists, code) parts.
fn split() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    format!(
        " (heap and other anonymous {}, file-backed {})",
        mib(field("RssAnon:")),
        mib(field("RssFile:"))
    )
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// The replies of a dev set (`tests/data/NAME`, one JSON object a line).
fn texts(name: &str) -> Vec<String> {
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

fn main() {
    let before = rss_kib();
    let start = std::time::Instant::now();
    let matcher = Matcher::new();
    let load = start.elapsed();
    let loaded = rss_kib();
    let replies = [
        "Exuses voor t ongemak, ik zoek het ff voor u uit",
        "wat vervelend! kheb t nagekeken, je pakket komt morgen",
        "Goedemiddag, u spreekt met Sanne van ErgoPlus. Heeft u even tijd?",
        "zsm een nieuwe? dat wordt € 1.210,00, oplosing volgt",
    ];
    let english = [
        "Sooory for the inconvenience, I'll look into it for u",
        "how annoying! checked it, ur parcel arrives tomorrow",
        "Good afternoon, you're speaking with Sanne from ErgoPlus. Do you have a moment?",
        "a new one asap? that comes to €1,210.00, solutoin follows",
    ];
    let mut shown = 0;
    for _ in 0..1000 {
        for r in replies {
            shown += matcher.detect(r).behaviours.len();
        }
        for r in english {
            shown += matcher.detect_in(Language::En, r, &[]).behaviours.len();
        }
    }
    let narrow = rss_kib();
    let dutch: Vec<String> = ["behaviours-dev.jsonl", "behaviours-dev-nl-extra.jsonl"]
        .iter()
        .flat_map(|f| texts(f))
        .collect();
    let en = texts("behaviours-dev-en.jsonl");
    let mut varied = Vec::new();
    for _ in 0..2 {
        for r in &dutch {
            shown += matcher.detect(r).behaviours.len();
        }
        for r in &en {
            shown += matcher.detect_in(Language::En, r, &[]).behaviours.len();
        }
        varied.push(rss_kib());
    }
    println!("Matcher::new (both languages): {load:?}; {shown} behaviours shown");
    println!(
        "VmRSS before loading:                            {}",
        mib(before)
    );
    println!(
        "VmRSS after loading:                             {}",
        mib(loaded)
    );
    println!(
        "VmRSS after 8000 replies of a narrow mix:        {}",
        mib(narrow)
    );
    println!(
        "VmRSS after the dev sets ({} Dutch, {} English):  {}",
        dutch.len(),
        en.len(),
        mib(varied[0])
    );
    println!(
        "VmRSS after the dev sets a second time:          {}{}",
        mib(varied[1]),
        split()
    );
}
