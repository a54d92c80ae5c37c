//! Property tests: no input, however broken, makes `check_source` panic; every
//! problem it reports has a sane position.

mod common;

use std::sync::OnceLock;

use gesprekscoach::dialogue::{Catalogue, Problem, check_source, run_samples};
use gesprekscoach::matching::Matcher;
use proptest::prelude::*;

use common::fixtures::{fixture, valid_dialogue as valid};

/// Built once: the real matcher compiles a large catalogue.
fn shared() -> &'static (Catalogue, Matcher) {
    static SHARED: OnceLock<(Catalogue, Matcher)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let catalogue = Catalogue::load(&fixture("valid/werkprocessen.toml")).unwrap();
        (catalogue, Matcher::new())
    })
}

/// Runs the checker and everything a front end does with its result.
fn exercise(bytes: &[u8]) {
    let (catalogue, matcher) = shared();
    let (prepared, problems) = check_source("upload.toml", bytes, catalogue);
    let lines = bytes.split(|b| *b == b'\n').count().max(1);
    for p in &problems {
        assert!(p.line >= 1 && p.line <= lines, "line out of range: {p}");
        assert!(p.column >= 1, "column out of range: {p}");
        assert!(!p.message.is_empty());
        let _ = p.to_string();
    }
    match prepared {
        Some(prepared) => {
            assert!(problems.iter().all(|p| !p.is_error()));
            let _ = run_samples(&prepared, matcher);
        }
        None => assert!(problems.iter().any(Problem::is_error)),
    }
}

/// Replaces the characters `start..start+len` of `text` by `insert`.
fn splice(text: &str, start: usize, len: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = start % (chars.len() + 1);
    let end = (start + len).min(chars.len());
    let mut out: String = chars[..start].iter().collect();
    out.push_str(insert);
    out.extend(&chars[end..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        exercise(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        exercise(&bytes);
    }

    #[test]
    fn toml_like_text_never_panics(text in "([a-z_\\.]{1,8} ?= ?(\"[^\"\\n]{0,8}\"|[0-9\\-]{1,4}|\\[|\\]|\\{|\\}|true)|\\[\\[?[a-z\\.]{1,8}\\]\\]?|#[^\\n]{0,5}|\\n){0,60}") {
        exercise(text.as_bytes());
    }

    #[test]
    fn mutations_of_a_valid_file_never_panic(
        edits in proptest::collection::vec((any::<usize>(), 0usize..40, "[\\PC\\n\\[\\]\"'=]{0,12}"), 1..6)
    ) {
        let mut text = valid();
        for (start, len, insert) in &edits {
            text = splice(&text, *start, *len, insert);
        }
        exercise(text.as_bytes());
    }

    #[test]
    fn deleting_or_duplicating_lines_of_a_valid_file_never_panics(
        picks in proptest::collection::vec((any::<usize>(), any::<bool>()), 1..8)
    ) {
        let mut lines: Vec<String> = valid().lines().map(String::from).collect();
        for (pick, duplicate) in picks {
            if lines.is_empty() {
                break;
            }
            let i = pick % lines.len();
            if duplicate {
                let line = lines[i].clone();
                lines.insert(i, line);
            } else {
                lines.remove(i);
            }
        }
        exercise(lines.join("\n").as_bytes());
    }
}
