//! Matcher speed: `detect` per reply over a realistic mix (full catalogue),
//! per language, `detect_with` with dialogue-local rules, and compiling the
//! catalogue (both languages).
//! Run with `cargo bench --bench matcher`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::matching::{Language, LocalRule, LocalRuleSpec, Matcher};

#[path = "common/matcher_mixes.rs"]
mod mixes;
use mixes::{ENGLISH_REPLIES, REPLIES};

fn local_rules() -> Vec<LocalRule> {
    let spec = |id: &str| LocalRuleSpec {
        id: id.to_string(),
        ..LocalRuleSpec::default()
    };
    [
        LocalRuleSpec {
            keywords: Some(vec![
                "demonstratie".into(),
                "demo".into(),
                "proefzitten".into(),
            ]),
            ..spec("demo")
        },
        LocalRuleSpec {
            regex: Some(r"\b(2|twee) weken\b".into()),
            ..spec("levertijd")
        },
        LocalRuleSpec {
            amount: Some("20 * 395 * (1 - 0.10) * 1.21".into()),
            ..spec("prijs")
        },
    ]
    .iter()
    .filter_map(|s| LocalRule::compile(s).ok())
    .collect()
}

fn bench(c: &mut Criterion) {
    let matcher = Matcher::new();
    let mut i = 0;
    c.bench_function("detect one reply (catalogue, mixed replies)", |b| {
        b.iter(|| {
            i = (i + 1) % REPLIES.len();
            black_box(matcher.detect(black_box(REPLIES[i])))
        })
    });
    let mut k = 0;
    c.bench_function("detect one English reply (catalogue, mixed replies)", |b| {
        b.iter(|| {
            k = (k + 1) % ENGLISH_REPLIES.len();
            black_box(matcher.detect_in(Language::En, black_box(ENGLISH_REPLIES[k]), &[]))
        })
    });
    let rules = local_rules();
    let refs: Vec<&LocalRule> = rules.iter().collect();
    let mut j = 0;
    c.bench_function("detect_with one reply (catalogue + 3 local rules)", |b| {
        b.iter(|| {
            j = (j + 1) % REPLIES.len();
            black_box(matcher.detect_with(black_box(REPLIES[j]), &refs))
        })
    });
    c.bench_function("Matcher::new (compile catalogue, both languages)", |b| {
        b.iter(|| black_box(Matcher::new()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
