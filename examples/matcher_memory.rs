//! Resident memory of a loaded matcher (Dutch and English): VmRSS before
//! and after `Matcher::new()` and a first batch of replies in both
//! languages (Linux only).
//! Run with `cargo run --release --example matcher_memory`.

use gesprekscoach::matching::{Language, Matcher};

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let before = rss_kib();
    let start = std::time::Instant::now();
    let matcher = Matcher::new();
    let load = start.elapsed();
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
    let after = rss_kib();
    match (before, after) {
        (Some(b), Some(a)) => println!(
            "Matcher::new: {load:?}; VmRSS before {b} KiB, after load + 8000 replies (4000 Dutch, 4000 English) {a} KiB (+{} KiB); {shown} behaviours",
            a.saturating_sub(b)
        ),
        _ => println!("VmRSS not available on this system; Matcher::new took {load:?}"),
    }
}
