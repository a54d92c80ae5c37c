//! How long `check_source` takes on a normal dialogue and on a hostile upload
//! of the maximum size (uploads are checked inside the running bot), and how
//! long `verify` (check + every example, what the bot runs on an upload)
//! takes on the largest file the limits accept.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::checking::verify;
use gesprekscoach::dialogue::{Catalogue, MAX_FILE_BYTES, check_source};
use gesprekscoach::matching::Matcher;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn bench(c: &mut Criterion) {
    let catalogue = Catalogue::load(&fixture("valid/werkprocessen.toml")).unwrap();
    let valid = std::fs::read_to_string(fixture("valid/stoelen-verkopen.toml")).unwrap();
    let mut hostile = valid.clone();
    let mut i = 0;
    while hostile.len() < MAX_FILE_BYTES - 200 {
        hostile.push_str(&format!(
            "[[steps]]\nid = \"s{i}\"\ncustomer = [\"x\"]\n[[steps.next]]\nwhen = [\"b{i}\"]\ngoto = \"t{i}\"\n"
        ));
        i += 1;
    }
    let largest = largest_accepted(&valid);
    let matcher = Matcher::new();
    assert!(
        verify("d.toml", largest.as_bytes(), &catalogue, &matcher).accepted(),
        "the largest file must be accepted, or the benchmark measures a refusal"
    );
    c.bench_function("verify: largest accepted upload (50 long examples)", |b| {
        b.iter(|| {
            verify(
                "d.toml",
                black_box(largest.as_bytes()),
                &catalogue,
                &matcher,
            )
        })
    });
    c.bench_function("check_source: valid fixture dialogue", |b| {
        b.iter(|| check_source("d.toml", black_box(valid.as_bytes()), &catalogue))
    });
    c.bench_function("check_source: 256 KiB of broken steps", |b| {
        b.iter(|| check_source("d.toml", black_box(hostile.as_bytes()), &catalogue))
    });
}

/// The valid fixture plus example transcripts (up to the 50 allowed) with
/// long replies, to just under the size limit: the most work an accepted
/// upload can ask for.
fn largest_accepted(valid: &str) -> String {
    let filler = "Ik begrijp dat u het druk hebt en ik wil u niet lang ophouden. ".repeat(60);
    let mut text = valid.to_string();
    for i in 0..49 {
        let example = format!(
            "\n[[examples]]\nname = \"lang {i}\"\nreplies = [\"Goedemiddag, u spreekt met Sanne van ErgoPlus. {filler}\", \"Zal ik een demo komen geven? {filler}\", \"Tot dan!\"]\npath = [\"opening\", \"advies\", \"akkoord\", \"einde\"]\nscore = 100\n"
        );
        if text.len() + example.len() > MAX_FILE_BYTES - 100 {
            break;
        }
        text.push_str(&example);
    }
    text
}

criterion_group!(benches, bench);
criterion_main!(benches);
