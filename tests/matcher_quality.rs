//! Precision, recall and F1 per behaviour on the labelled development sets
//! (Dutch `tests/data/behaviours-dev.jsonl`, English
//! `tests/data/behaviours-dev-en.jsonl`), against the floors recorded in
//! `tests/data/behaviours-floors.tsv` and `behaviours-floors-en.tsv`. Prints
//! the table and every mismatch with its evidence
//! (`cargo test --test matcher_quality -- --nocapture`).

use std::collections::{BTreeMap, BTreeSet};

use gesprekscoach::matching::{BEHAVIOURS, BehaviourInfo, Language, Matcher};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labelled {
    text: String,
    behaviours: Vec<String>,
}

fn data(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dev_set(name: &str) -> Vec<Labelled> {
    data(name)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}", i + 1)))
        .collect()
}

fn floors(name: &str) -> BTreeMap<String, f64> {
    data(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split_whitespace();
            let id = parts.next().unwrap_or_default().to_string();
            let floor = parts.next().and_then(|f| f.parse().ok()).unwrap_or(1.0);
            (id, floor)
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn f1(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

/// The catalogue behaviours that exist in `lang`.
fn behaviours(lang: Language) -> Vec<&'static BehaviourInfo> {
    BEHAVIOURS
        .iter()
        .filter(|b| lang.has_behaviour(b.id))
        .collect()
}

#[test]
fn every_behaviour_stays_above_its_f1_floor_on_the_development_set() {
    check_floors(
        Language::Nl,
        "behaviours-dev.jsonl",
        "behaviours-floors.tsv",
    );
}

#[test]
fn every_english_behaviour_stays_above_its_f1_floor_on_the_english_development_set() {
    let macro_f1 = check_floors(
        Language::En,
        "behaviours-dev-en.jsonl",
        "behaviours-floors-en.tsv",
    );
    assert!(macro_f1 >= 0.95, "English macro-F1 {macro_f1:.3} < 0.95");
}

/// Judges every reply of `set_name` in `lang`, prints the table and the
/// mismatches, fails below a floor of `floors_name`; returns the macro-F1.
fn check_floors(lang: Language, set_name: &str, floors_name: &str) -> f64 {
    let matcher = Matcher::new();
    let set = dev_set(set_name);
    let ids = behaviours(lang);
    assert!(
        set.len() >= 400,
        "the development set has only {} replies",
        set.len()
    );
    let mut counts: BTreeMap<&str, Counts> =
        ids.iter().map(|b| (b.id, Counts::default())).collect();
    let mut mismatches = Vec::new();
    for item in &set {
        let det = matcher.detect_in(lang, &item.text, &[]);
        let got: BTreeSet<&str> = det.behaviours.iter().map(String::as_str).collect();
        let want: BTreeSet<&str> = item.behaviours.iter().map(String::as_str).collect();
        for b in &ids {
            let c = counts.get_mut(b.id).expect("catalogue id");
            match (got.contains(b.id), want.contains(b.id)) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => {}
            }
        }
        if got != want {
            let extra: Vec<_> = got.difference(&want).collect();
            let missing: Vec<_> = want.difference(&got).collect();
            let evidence: Vec<String> = det
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}[{}]{}'{}'",
                        e.behaviour,
                        e.rule,
                        if e.negated { " NEG " } else { " " },
                        e.matched
                    )
                })
                .collect();
            mismatches.push(format!(
                "{}\n    extra {:?} missing {:?}\n    evidence {}",
                item.text,
                extra,
                missing,
                evidence.join("; ")
            ));
        }
    }
    let floors = floors(floors_name);
    println!(
        "{:<26} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6}",
        "behaviour", "tp", "fp", "fn", "P", "R", "F1", "floor"
    );
    let mut failures = Vec::new();
    let mut sum = 0.0;
    let mut min: f64 = 1.0;
    for b in &ids {
        let c = counts[b.id];
        let (p, r, f) = c.f1();
        let floor = floors.get(b.id).copied().unwrap_or(0.90);
        sum += f;
        min = min.min(f);
        println!(
            "{:<26} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.2}",
            b.id, c.tp, c.fp, c.fn_, p, r, f, floor
        );
        if f < floor {
            failures.push(format!("{}: F1 {f:.3} < floor {floor:.2}", b.id));
        }
    }
    let macro_f1 = sum / ids.len() as f64;
    println!(
        "macro-F1 {macro_f1:.3}, minimum {min:.3}, {} replies, {} mismatches",
        set.len(),
        mismatches.len()
    );
    for m in &mismatches {
        println!("- {m}");
    }
    assert!(failures.is_empty(), "below floor: {failures:?}");
    macro_f1
}

#[test]
fn the_development_sets_have_enough_positives_per_behaviour() {
    for (lang, name) in [
        (Language::Nl, "behaviours-dev.jsonl"),
        (Language::En, "behaviours-dev-en.jsonl"),
    ] {
        enough_positives(lang, name);
    }
}

fn enough_positives(lang: Language, name: &str) {
    let set = dev_set(name);
    for b in behaviours(lang) {
        let pos = set
            .iter()
            .filter(|i| i.behaviours.iter().any(|x| x == b.id))
            .count();
        assert!(pos >= 12, "{name}: {}: only {pos} positives", b.id);
    }
}
