//! How long `check_source` takes on a normal dialogue and on a hostile upload
//! of the maximum size (uploads are checked inside the running bot).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::dialogue::{Catalogue, MAX_FILE_BYTES, check_source};

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
    c.bench_function("check_source: valid fixture dialogue", |b| {
        b.iter(|| check_source("d.toml", black_box(valid.as_bytes()), &catalogue))
    });
    c.bench_function("check_source: 256 KiB of broken steps", |b| {
        b.iter(|| check_source("d.toml", black_box(hostile.as_bytes()), &catalogue))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
