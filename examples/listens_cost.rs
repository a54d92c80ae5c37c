//! The cost of `benches/listens.rs` without criterion, for instruction counts
//! on a busy machine: `detect` or `engine::handle` with knowledge over the
//! bench's ten replies, `N` rounds, then a fingerprint of every handled reply
//! (so a speed change can be shown to keep every result).
//! Run with `cargo run --release --example listens_cost -- detect|handle|none N`,
//! under `valgrind --tool=cachegrind --cache-sim=no` for instructions; the
//! `none` run is the setup to subtract. One untimed round warms up first.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::hint::black_box;
use std::time::Instant;

use gesprekscoach::dialogue::{Dialogue, Prepared};
use gesprekscoach::engine::{self, Input};
use gesprekscoach::matching::Matcher;

/// The replies of `benches/listens.rs`.
#[path = "../benches/common/listens_replies.rs"]
mod replies;
use replies::REPLIES;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "handle".into());
    let rounds: usize = args.next().unwrap_or_else(|| "100".into()).parse()?;
    let m = Matcher::new();
    let text = include_str!("../dialogues/verkoopgesprek-behoefteanalyse.toml");
    let dialogue: Dialogue = toml::from_str(text)?;
    let d = Prepared::new(dialogue)?;
    let (mut at, _) = engine::start(&d, 1);
    let open = "Goedemorgen, ik ben Sanne van KoffieKompaan. Hoe gaat het nu met de koffie bij u?";
    (at, _, _) = engine::handle(&d, &m, at, Input::Reply(open.into()));
    let round = || {
        for r in REPLIES {
            match mode.as_str() {
                "detect" => {
                    black_box(m.detect(black_box(r)));
                }
                "handle" => {
                    let s = at.clone();
                    black_box(engine::handle(&d, &m, s, Input::Reply((*r).to_string())));
                }
                _ => {}
            }
        }
    };
    // One untimed round first, as criterion warms up: the regexes the
    // engine compiles on first use and the matcher's first readings are not
    // a reply's cost.
    round();
    let started = Instant::now();
    for _ in 0..rounds {
        round();
    }
    let per = started.elapsed().as_secs_f64() * 1e6 / (rounds * REPLIES.len()).max(1) as f64;
    let mut h = DefaultHasher::new();
    for r in REPLIES {
        let (s, out, _) = engine::handle(&d, &m, at.clone(), Input::Reply((*r).to_string()));
        format!("{s:?}{out:?}").hash(&mut h);
    }
    println!(
        "{mode}: {per:.1} µs per reply; fingerprint {:016x}",
        h.finish()
    );
    Ok(())
}
