//! Resident memory of a loaded matcher (Dutch and English): VmRSS before
//! and after `Matcher::new()`, after a narrow mix of replies in both
//! languages, and after every reply of the dev sets (varied input, which is
//! what makes the regexes' lazy DFAs grow) read twice, and after other real
//! replies (the dialogues' examples, the playtests, the knowledge sets), to
//! show that memory does not keep growing with new text (Linux only).
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

/// Resident KiB of the program file's mappings: read-only data (the
/// embedded word lists, tables) and code (Linux only).
fn binary_pages() -> String {
    let (Ok(smaps), Ok(exe)) = (
        std::fs::read_to_string("/proc/self/smaps"),
        std::fs::read_link("/proc/self/exe"),
    ) else {
        return String::new();
    };
    let exe = exe.to_string_lossy().to_string();
    let (mut data, mut code, mut mine) = (0u64, 0u64, None);
    for line in smaps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() >= 5 && fields[0].contains('-') && !line.ends_with(':') {
            mine = (fields.last() == Some(&exe.as_str())).then(|| fields[1].contains('x'));
        } else if let (Some(exec), ["Rss:", kib, ..]) = (mine, fields.as_slice()) {
            let kib: u64 = kib.parse().unwrap_or(0);
            if exec { code += kib } else { data += kib }
        }
    }
    format!(
        "program file: read-only data {}, code {}",
        mib(Some(data)),
        mib(Some(code))
    )
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

#[path = "../benches/common/dev_sets.rs"]
mod dev_sets;
use dev_sets::texts;

/// Other real replies, not in the dev sets, with their language: every
/// student reply of the dialogues' examples (`dialogues/*.toml`) and of the
/// playtests (`tests/data/playtest/*.toml`), and every line of the knowledge
/// sets (`tests/data/knowledge-*.jsonl`).
fn other_replies() -> Vec<(Language, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read_toml = |path: &std::path::Path| -> Option<toml::Value> {
        toml::from_str(&std::fs::read_to_string(path).ok()?).ok()
    };
    let tomls = |dir: &str| -> Vec<toml::Value> {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            eprintln!("cannot read {dir}");
            return Vec::new();
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        paths.iter().filter_map(|p| read_toml(p)).collect()
    };
    let mut language = std::collections::HashMap::new();
    let mut out = Vec::new();
    for d in tomls("dialogues") {
        let lang = match d.get("language").and_then(|l| l.as_str()) {
            Some("en") => Language::En,
            _ => Language::Nl,
        };
        if let Some(id) = d.get("id").and_then(|i| i.as_str()) {
            language.insert(id.to_string(), lang);
        }
        let examples = d.get("examples").and_then(|e| e.as_array());
        for ex in examples.into_iter().flatten() {
            let replies = ex.get("replies").and_then(|r| r.as_array());
            for r in replies.into_iter().flatten().filter_map(|r| r.as_str()) {
                out.push((lang, r.to_string()));
            }
        }
    }
    let lang_of = |v: &toml::Value| {
        v.get("dialogue")
            .and_then(|d| d.as_str())
            .and_then(|d| language.get(d).copied())
            .unwrap_or_default()
    };
    for p in tomls("tests/data/playtest") {
        let lang = lang_of(&p);
        let replies = p.get("replies").and_then(|r| r.as_array());
        for r in replies.into_iter().flatten() {
            if let Some(text) = r.get("text").and_then(|t| t.as_str()) {
                out.push((lang, text.to_string()));
            }
        }
    }
    for name in ["knowledge-dev.jsonl", "knowledge-heldout.jsonl"] {
        let data = std::fs::read_to_string(root.join("tests/data").join(name)).unwrap_or_default();
        for v in data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        {
            let lang = v
                .get("dialogue")
                .and_then(|d| d.as_str())
                .and_then(|d| language.get(d).copied())
                .unwrap_or_default();
            if let Some(text) = v.get("text").and_then(|t| t.as_str()) {
                out.push((lang, text.to_string()));
            }
        }
    }
    out
}

/// Total of the catalogue patterns' search caches and the largest ones.
fn caches(matcher: &Matcher) -> String {
    let mut sizes = matcher.search_cache_bytes();
    let total: usize = sizes.iter().map(|s| s.3).sum();
    sizes.sort_by_key(|s| std::cmp::Reverse(s.3));
    let largest: Vec<String> = sizes
        .iter()
        .take(5)
        .map(|(lang, b, n, size)| {
            format!("{lang:?} {b} \"{n}\" {}", mib(Some(*size as u64 / 1024)))
        })
        .collect();
    format!(
        "  search caches of the patterns: {}; largest: {}",
        mib(Some(total as u64 / 1024)),
        largest.join(", ")
    )
}

fn main() {
    // The other replies are read from the dialogue files first: parsing
    // every file into TOML values takes a few MiB of heap that glibc keeps
    // resident after they are dropped, which is the example's reading, not
    // the matcher. Read first, that heap is reused by what follows.
    let others = other_replies();
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
    let (varied_split, varied_pages, varied_caches) = (split(), binary_pages(), caches(&matcher));
    for (lang, r) in &others {
        shown += matcher.detect_in(*lang, r, &[]).behaviours.len();
    }
    let (other, other_split, other_caches) = (rss_kib(), split(), caches(&matcher));
    let other_en = others.iter().filter(|(l, _)| *l == Language::En).count();
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
        varied_split
    );
    println!("  of the file-backed pages, {varied_pages}");
    println!("{varied_caches}");
    println!(
        "VmRSS after {} other replies ({} Dutch, {} English):  {}{}",
        others.len(),
        others.len() - other_en,
        other_en,
        mib(other),
        other_split
    );
    println!("{other_caches}");
}
