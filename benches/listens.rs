//! "The customer listens" costs: one reply handled by the engine with the
//! customer's knowledge (detect with the local rules, the question finder over
//! the topics, the customer's answer) against today's bare `detect`, over a
//! mix of questions and statements, at the `situatie` step of
//! verkoopgesprek-behoefteanalyse (14 topics). Run with
//! `cargo bench --bench listens`; the target is at most twice `detect`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::dialogue::{Dialogue, Prepared};
use gesprekscoach::engine::{self, Input};
use gesprekscoach::matching::Matcher;

#[path = "common/listens_replies.rs"]
mod replies;
use replies::REPLIES;

fn bench(c: &mut Criterion) {
    let m = Matcher::new();
    let text = include_str!("../dialogues/verkoopgesprek-behoefteanalyse.toml");
    let dialogue: Dialogue = toml::from_str(text).expect("dialogue parses");
    let d = Prepared::new(dialogue).expect("dialogue compiles");
    let (mut at_situatie, _) = engine::start(&d, 1);
    let open = "Goedemorgen, ik ben Sanne van KoffieKompaan. Hoe gaat het nu met de koffie bij u?";
    (at_situatie, _, _) = engine::handle(&d, &m, at_situatie, Input::Reply(open.into()));
    assert_eq!(at_situatie.current_step, "situatie");

    c.bench_function("detect (today's matcher, per reply)", |b| {
        b.iter(|| {
            for r in REPLIES {
                black_box(m.detect(black_box(r)));
            }
        })
    });
    c.bench_function("engine::handle with knowledge (per reply)", |b| {
        b.iter(|| {
            for r in REPLIES {
                let s = at_situatie.clone();
                black_box(engine::handle(&d, &m, s, Input::Reply((*r).to_string())));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
