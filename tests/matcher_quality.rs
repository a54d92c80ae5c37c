//! Precision, recall and F1 per behaviour on the labelled development sets:
//! Dutch `tests/data/behaviours-dev.jsonl` and `behaviours-dev-nl-extra.jsonl`
//! (each, and both together, floors in `tests/data/behaviours-floors.tsv`) and
//! English `behaviours-dev-en.jsonl` (floors in `behaviours-floors-en.tsv`),
//! and the untuned fresh sets `behaviours-fresh-en.jsonl` and
//! `behaviours-fresh-nl.jsonl`, the second held-out sets
//! `behaviours-heldout2-en.jsonl` and `behaviours-heldout2-nl.jsonl` and the
//! third held-out sets `behaviours-heldout3-en.jsonl` and
//! `behaviours-heldout3-nl.jsonl` (reported, guarded only against a collapse).
//! Prints the table and every mismatch with its evidence
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

/// The Dutch development sets, each judged on its own and together.
const SETS: &[&str] = &["behaviours-dev.jsonl", "behaviours-dev-nl-extra.jsonl"];

fn dev_set(name: &str) -> Vec<Labelled> {
    data(name)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{name} line {}: {e}", i + 1))
        })
        .collect()
}

/// Floors per behaviour: one column per file of [`SETS`], then one for all
/// together (the English file has a single column).
fn floors(name: &str) -> BTreeMap<String, Vec<f64>> {
    data(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split_whitespace();
            let id = parts.next().unwrap_or_default().to_string();
            let floors = parts.map(|f| f.parse().unwrap_or(1.0)).collect();
            (id, floors)
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

/// Counts per behaviour over `set`, and every mismatch with its evidence.
fn judge(
    matcher: &Matcher,
    lang: Language,
    set: &[Labelled],
) -> (BTreeMap<&'static str, Counts>, Vec<String>) {
    let ids = behaviours(lang);
    let mut counts: BTreeMap<&str, Counts> =
        ids.iter().map(|b| (b.id, Counts::default())).collect();
    let mut mismatches = Vec::new();
    for item in set {
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
    (counts, mismatches)
}

/// Prints the table for one set and returns the behaviours below their floor
/// and the macro-F1.
fn report(
    title: &str,
    lang: Language,
    floors_name: Option<&str>,
    counts: &BTreeMap<&str, Counts>,
    replies: usize,
    mismatches: usize,
    column: usize,
) -> (Vec<String>, f64) {
    // A set without per-behaviour floors reports a floor of 0.
    let floors = floors_name.map(floors).unwrap_or_default();
    let ids = behaviours(lang);
    println!("\n== {title}");
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
        let floor = floors
            .get(b.id)
            .and_then(|f| f.get(column))
            .copied()
            .unwrap_or(if floors_name.is_some() { 0.90 } else { 0.0 });
        sum += f;
        min = min.min(f);
        println!(
            "{:<26} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.2}",
            b.id, c.tp, c.fp, c.fn_, p, r, f, floor
        );
        if f < floor {
            failures.push(format!("{title}: {}: F1 {f:.3} < floor {floor:.2}", b.id));
        }
    }
    let macro_f1 = sum / ids.len() as f64;
    println!(
        "macro-F1 {macro_f1:.3}, minimum {min:.3}, {replies} replies, {mismatches} mismatches"
    );
    (failures, macro_f1)
}

#[test]
fn every_behaviour_stays_above_its_f1_floor_on_the_development_sets() {
    let matcher = Matcher::new();
    let mut failures = Vec::new();
    let mut all: BTreeMap<&str, Counts> = BTreeMap::new();
    let (mut replies, mut wrong) = (0, 0);
    for (column, name) in SETS.iter().enumerate() {
        let set = dev_set(name);
        assert!(set.len() >= 300, "{name} has only {} replies", set.len());
        let (counts, mismatches) = judge(&matcher, Language::Nl, &set);
        let (below, _) = report(
            name,
            Language::Nl,
            Some("behaviours-floors.tsv"),
            &counts,
            set.len(),
            mismatches.len(),
            column,
        );
        failures.extend(below);
        for m in &mismatches {
            println!("- {m}");
        }
        for (id, c) in counts {
            let t = all.entry(id).or_default();
            t.tp += c.tp;
            t.fp += c.fp;
            t.fn_ += c.fn_;
        }
        replies += set.len();
        wrong += mismatches.len();
    }
    let (below, _) = report(
        "all Dutch sets",
        Language::Nl,
        Some("behaviours-floors.tsv"),
        &all,
        replies,
        wrong,
        SETS.len(),
    );
    failures.extend(below);
    assert!(failures.is_empty(), "below floor: {failures:?}");
}

#[test]
fn every_english_behaviour_stays_above_its_f1_floor_on_the_english_development_set() {
    let matcher = Matcher::new();
    let name = "behaviours-dev-en.jsonl";
    let set = dev_set(name);
    assert!(set.len() >= 400, "{name} has only {} replies", set.len());
    let (counts, mismatches) = judge(&matcher, Language::En, &set);
    for m in &mismatches {
        println!("- {m}");
    }
    let (failures, macro_f1) = report(
        name,
        Language::En,
        Some("behaviours-floors-en.tsv"),
        &counts,
        set.len(),
        mismatches.len(),
        0,
    );
    assert!(failures.is_empty(), "below floor: {failures:?}");
    assert!(macro_f1 >= 0.95, "English macro-F1 {macro_f1:.3} < 0.95");
}

#[test]
fn the_development_set_has_enough_positives_per_behaviour() {
    let set = dev_set(SETS[0]);
    for b in BEHAVIOURS {
        let pos = set
            .iter()
            .filter(|i| i.behaviours.iter().any(|x| x == b.id))
            .count();
        assert!(pos >= 12, "{}: only {pos} positives", b.id);
    }
}

/// Prints each set's per-behaviour figures, macro-F1 and every mismatch,
/// and fails only when a set's macro-F1 falls below its floor (what was
/// measured when it was written, minus 0.05) or it has fewer than `min_len`
/// replies.
fn guard_against_collapse(sets: &[(&str, Language, f64)], min_len: usize) {
    let matcher = Matcher::new();
    let mut collapsed = Vec::new();
    for &(name, lang, floor) in sets {
        let set = dev_set(name);
        assert!(
            set.len() >= min_len,
            "{name} has only {} replies",
            set.len()
        );
        let (counts, mismatches) = judge(&matcher, lang, &set);
        for m in &mismatches {
            println!("- {m}");
        }
        // No per-behaviour floors: only the macro-F1 floor below counts.
        let (_, macro_f1) = report(name, lang, None, &counts, set.len(), mismatches.len(), 0);
        if macro_f1 < floor {
            collapsed.push(format!("{name}: macro-F1 {macro_f1:.3} < {floor:.3}"));
        }
    }
    assert!(collapsed.is_empty(), "collapsed: {collapsed:?}");
}

/// The fresh sets (`behaviours-fresh-en.jsonl`, `behaviours-fresh-nl.jsonl`)
/// were written without seeing the rules; their figure before any rule was
/// changed for them estimates the held-out score (they were tuned on later,
/// as were the second sets; tests/data/README.md keeps both figures). Their floors are what was measured
/// when they were written, minus 0.05: the test guards against a collapse,
/// it does not set a target to tune to.
const FRESH: &[(&str, Language, f64)] = &[
    (
        "behaviours-fresh-en.jsonl",
        Language::En,
        MEASURED_FRESH_EN - 0.05,
    ),
    (
        "behaviours-fresh-nl.jsonl",
        Language::Nl,
        MEASURED_FRESH_NL - 0.05,
    ),
];
/// Macro-F1 measured on the commit that added the fresh sets (before any
/// rule was changed for them).
const MEASURED_FRESH_EN: f64 = 0.960;
const MEASURED_FRESH_NL: f64 = 0.935;

#[test]
fn the_fresh_sets_are_reported_but_only_guard_against_collapse() {
    guard_against_collapse(FRESH, 300);
}

/// The second held-out sets (`behaviours-heldout2-en.jsonl`,
/// `behaviours-heldout2-nl.jsonl`) were written by another independent author
/// without seeing the rules or any other set, after the first fresh sets were
/// about to be used for tuning. Like `FRESH`, their floors are what was
/// measured when they were written, minus 0.05: a guard against a collapse,
/// not a target to tune to.
const HELDOUT2: &[(&str, Language, f64)] = &[
    (
        "behaviours-heldout2-en.jsonl",
        Language::En,
        MEASURED_HELDOUT2_EN - 0.05,
    ),
    (
        "behaviours-heldout2-nl.jsonl",
        Language::Nl,
        MEASURED_HELDOUT2_NL - 0.05,
    ),
];
/// Macro-F1 measured on the commit that added the second held-out sets
/// (before any rule was changed for them).
const MEASURED_HELDOUT2_EN: f64 = 0.963;
const MEASURED_HELDOUT2_NL: f64 = 0.954;

#[test]
fn the_second_held_out_sets_are_reported_but_only_guard_against_collapse() {
    guard_against_collapse(HELDOUT2, 200);
}

/// The third held-out sets (`behaviours-heldout3-en.jsonl`,
/// `behaviours-heldout3-nl.jsonl`) were written by a third independent author
/// without seeing the rules or any other set, once the second held-out sets
/// were about to be used for tuning. Like `HELDOUT2`, their floors are what
/// was measured when they were written, minus 0.05: a guard against a
/// collapse, not a target to tune to.
const HELDOUT3: &[(&str, Language, f64)] = &[
    (
        "behaviours-heldout3-en.jsonl",
        Language::En,
        MEASURED_HELDOUT3_EN - 0.05,
    ),
    (
        "behaviours-heldout3-nl.jsonl",
        Language::Nl,
        MEASURED_HELDOUT3_NL - 0.05,
    ),
];
/// Macro-F1 measured on the commit that added the third held-out sets
/// (before any rule was changed for them).
const MEASURED_HELDOUT3_EN: f64 = 0.953;
const MEASURED_HELDOUT3_NL: f64 = 0.966;

#[test]
fn the_third_held_out_sets_are_reported_but_only_guard_against_collapse() {
    guard_against_collapse(HELDOUT3, 150);
}

/// The fourth held-out sets (`behaviours-heldout4-en.jsonl`, 150 replies,
/// `behaviours-heldout4-nl.jsonl`, 100 replies) were written by a fourth
/// independent author without seeing the rules or any other set, because the
/// third held-out sets had been used for tuning. Their floors are what was
/// measured when they were written, minus 0.05: a guard against a collapse,
/// not a target to tune to.
const HELDOUT4: &[(&str, Language, f64)] = &[
    (
        "behaviours-heldout4-en.jsonl",
        Language::En,
        MEASURED_HELDOUT4_EN - 0.05,
    ),
    (
        "behaviours-heldout4-nl.jsonl",
        Language::Nl,
        MEASURED_HELDOUT4_NL - 0.05,
    ),
];
/// Macro-F1 measured on the commit that added the fourth held-out sets
/// (before any rule was changed for them).
const MEASURED_HELDOUT4_EN: f64 = 0.967;
const MEASURED_HELDOUT4_NL: f64 = 0.998;

#[test]
fn the_fourth_held_out_sets_are_reported_but_only_guard_against_collapse() {
    guard_against_collapse(HELDOUT4, 100);
}
