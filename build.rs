//! Builds the embedded word lists (`bot/matching/data/*-words.txt`, one word
//! a line, sorted bytewise) into `fst` sets in `OUT_DIR`, which the matcher
//! includes: the plain lists were binary-searched in place, and varied text
//! touched nearly all of their 5.5 MB; the sets are a fraction of that.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::var("OUT_DIR")?;
    for name in ["opentaal-words", "scowl-words"] {
        let src = format!("bot/matching/data/{name}.txt");
        println!("cargo:rerun-if-changed={src}");
        let text = std::fs::read_to_string(&src)?;
        let mut words: Vec<&str> = text.lines().filter(|w| !w.is_empty()).collect();
        // The list is sorted already; sorting again keeps a hand-edited
        // line from failing the build.
        words.sort_unstable();
        words.dedup();
        let set = fst::Set::from_iter(words)?;
        std::fs::write(
            Path::new(&out).join(format!("{name}.fst")),
            set.as_fst().as_bytes(),
        )?;
    }
    println!("cargo:rerun-if-changed=build.rs");
    Ok(())
}
