//! Where a reply's time goes, per language: reading alone (`detect_local`
//! with no rules: normalisation, tokens, words) against the whole `detect`,
//! over every reply of the dev sets, plus a fingerprint of all detections so
//! that a speed change can be shown to keep every result.
//! Run with `cargo run --release --example matcher_stages`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::Instant;

use gesprekscoach::matching::{Language, Matcher};

/// The mixes of `benches/matcher.rs`.
#[path = "../benches/common/matcher_mixes.rs"]
mod mixes;
use mixes::{ENGLISH_REPLIES as BENCH_EN, REPLIES as BENCH_NL};

#[path = "../benches/common/dev_sets.rs"]
mod dev_sets;
use dev_sets::texts;

/// CPU time of this thread in seconds (user + system, in clock ticks of
/// 10 ms from /proc), so that a loaded machine does not count as slowness.
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Microseconds per reply of `f` over `replies`: wall time (best of five
/// rounds) and CPU time (over all rounds).
fn per_reply(replies: &[String], mut f: impl FnMut(&str) -> usize) -> (f64, f64) {
    let mut best = f64::MAX;
    let mut sink = 0;
    let rounds = 5;
    let repeat = 20_000 / replies.len().max(1) + 1;
    let cpu_start = thread_cpu();
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..repeat {
            for r in replies {
                sink += f(r);
            }
        }
        let us = start.elapsed().as_secs_f64() * 1e6 / (repeat * replies.len()) as f64;
        best = best.min(us);
    }
    let cpu = match (cpu_start, thread_cpu()) {
        (Some(a), Some(b)) => (b - a) * 1e6 / (rounds * repeat * replies.len()) as f64,
        _ => f64::NAN,
    };
    std::hint::black_box(sink);
    (best, cpu)
}

/// Resident memory of the process in KiB (Linux only).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let matcher = Matcher::new();
    for (lang, files) in [
        (
            Language::Nl,
            &["behaviours-dev.jsonl", "behaviours-dev-nl-extra.jsonl"][..],
        ),
        (Language::En, &["behaviours-dev-en.jsonl"][..]),
    ] {
        let bench: Vec<String> = match lang {
            Language::Nl => BENCH_NL,
            Language::En => BENCH_EN,
        }
        .iter()
        .map(|r| r.to_string())
        .collect();
        let (wall, cpu) = per_reply(&bench, |r| matcher.detect_in(lang, r, &[]).behaviours.len());
        println!(
            "{lang:?} bench mix: detect {wall:.2} µs wall, {cpu:.2} µs CPU per reply \
             ({:.0} replies/s of CPU)",
            1e6 / cpu
        );
        let replies: Vec<String> = files.iter().flat_map(|f| texts(f)).collect();
        if replies.is_empty() {
            continue;
        }
        let mut hasher = DefaultHasher::new();
        for r in &replies {
            let det = matcher.detect_in(lang, r, &[]);
            det.behaviours.hash(&mut hasher);
            for e in &det.evidence {
                (&e.behaviour, &e.rule, e.start, e.end, e.negated).hash(&mut hasher);
            }
        }
        let reading = per_reply(&replies, |r| {
            matcher.detect_local(lang, r, &[]).evidence.len()
        });
        let whole = per_reply(&replies, |r| {
            matcher.detect_in(lang, r, &[]).behaviours.len()
        });
        let (reading, reading_cpu) = reading;
        let (whole, whole_cpu) = whole;
        println!(
            "{lang:?}: {} replies; reading {reading:.2} µs wall, {reading_cpu:.2} µs CPU; \
             detect {whole:.2} µs wall, {whole_cpu:.2} µs CPU per reply \
             ({:.0} replies/s of CPU); fingerprint {:016x}",
            replies.len(),
            1e6 / whole_cpu,
            hasher.finish()
        );
    }
    if let Some(kib) = rss_kib() {
        println!("VmRSS after all runs: {:.1} MiB", kib as f64 / 1024.0);
    }
}
