//! Property tests: no input, however broken, makes `check_source` panic; every
//! problem it reports has a sane position.
//!
//! Hostile uploads: whatever a teacher's file contains, `verify` (what the
//! bot runs on an upload) never panics, never overflows the stack of the
//! thread it runs on, and refuses the file with a Dutch problem. The bot
//! verifies on a tokio blocking thread, whose stack is 2 MiB; those tests run
//! every input on a thread of that size, so a parser that recursed once per
//! nesting level would crash the test process here.

mod common;

use std::sync::{Arc, OnceLock};

use gesprekscoach::checking::{Verified, verify};
use gesprekscoach::dialogue::{Catalogue, MAX_FILE_BYTES, Problem, check_source, run_samples};
use gesprekscoach::matching::Matcher;
use proptest::prelude::*;

use common::fixtures::{fixture, valid_dialogue as valid};

/// Built once: the real matcher compiles a large catalogue.
fn shared() -> &'static (Arc<Catalogue>, Arc<Matcher>) {
    static SHARED: OnceLock<(Arc<Catalogue>, Arc<Matcher>)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let catalogue = Catalogue::load(&fixture("valid/werkprocessen.toml")).unwrap();
        (Arc::new(catalogue), Arc::new(Matcher::new()))
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

/// tokio's default stack size for its worker and blocking threads.
const BOT_THREAD_STACK: usize = 2 * 1024 * 1024;

/// Verifies on a thread with the bot's stack size; panics propagate.
fn verify_like_the_bot(bytes: Vec<u8>) -> Verified {
    let (catalogue, matcher) = shared().clone();
    std::thread::Builder::new()
        .stack_size(BOT_THREAD_STACK)
        .spawn(move || verify("upload.toml", &bytes, &catalogue, &matcher))
        .unwrap()
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// The file is refused and one of the problems mentions `what`.
fn assert_refused(bytes: Vec<u8>, what: &str) {
    let v = verify_like_the_bot(bytes);
    assert!(!v.accepted(), "accepted");
    assert!(v.prepared.is_none());
    let all: Vec<String> = v.problems.iter().map(ToString::to_string).collect();
    assert!(
        all.iter().any(|p| p.contains(what)),
        "expected '{what}' in:\n{}",
        all.join("\n")
    );
}

/// Fills `unit` up to just under the size limit.
fn fill(prefix: &str, unit: &str, suffix_unit: &str) -> String {
    let n = (MAX_FILE_BYTES - 100) / (unit.len() + suffix_unit.len());
    format!("{prefix}{}1{}\n", unit.repeat(n), suffix_unit.repeat(n))
}

#[test]
fn the_valid_fixture_is_accepted_on_a_bot_sized_stack() {
    let v = verify_like_the_bot(valid().into_bytes());
    assert!(v.accepted(), "{:?}", v.problems);
    assert!(!v.outcomes.is_empty());
}

#[test]
fn arrays_nested_as_deep_as_the_size_limit_allows_are_refused() {
    assert_refused(fill("x = ", "[", "]").into_bytes(), "te diep genest");
}

#[test]
fn inline_tables_nested_as_deep_as_the_size_limit_allows_are_refused() {
    assert_refused(fill("x = ", "{a = ", "}").into_bytes(), "te diep genest");
}

#[test]
fn dotted_keys_as_long_as_the_size_limit_allows_are_refused() {
    let n = (MAX_FILE_BYTES - 100) / 2;
    let key = vec!["a"; n].join(".");
    let v = verify_like_the_bot(format!("{key} = 1\n").into_bytes());
    assert!(!v.accepted());
    let table = verify_like_the_bot(format!("[{key}]\nb = 1\n").into_bytes());
    assert!(!table.accepted());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let mut text = valid();
    text.push_str(&"#".repeat(MAX_FILE_BYTES));
    assert_refused(text.into_bytes(), "te groot");
}

#[test]
fn latin1_text_is_refused_with_the_advice_to_save_as_utf8() {
    let bytes: Vec<u8> = valid()
        .chars()
        .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
        .collect();
    let mut bytes = bytes;
    bytes.extend(b"# caf\xE9\n");
    assert_refused(bytes, "codering UTF-8");
}

#[test]
fn too_many_steps_rules_or_examples_are_refused() {
    let mut steps = valid();
    for i in 0..120 {
        steps.push_str(&format!(
            "\n[[steps]]\nid = \"extra{i}\"\ncustomer = [\"x\"]\nend = true\n"
        ));
    }
    assert_refused(steps.into_bytes(), "te veel stappen");

    let mut rules = valid();
    for i in 0..120 {
        rules.push_str(&format!(
            "\n[[rules]]\nid = \"extra{i}\"\ndescription = \"x\"\nkeywords = [\"x\"]\n"
        ));
    }
    assert_refused(rules.into_bytes(), "te veel regels");

    let samples: Vec<String> = (0..60).map(|i| format!("\"demo {i}\"")).collect();
    let many = valid().replacen(
        "match = [\"Zal ik een demo komen geven?\"]",
        &format!("match = [{}]", samples.join(", ")),
        1,
    );
    assert_refused(many.into_bytes(), "te veel voorbeelden");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Nesting of any depth and kind: refused, never a crash.
    #[test]
    fn nesting_of_any_depth_is_refused(
        depth in 1usize..60_000,
        kind in 0usize..3,
    ) {
        let (open, close) = [("[", "]"), ("{a = ", "}"), ("[{a = ", "}]")][kind];
        let depth = depth.min((MAX_FILE_BYTES - 20) / (open.len() + close.len()));
        let text = format!("x = {}1{}\n", open.repeat(depth), close.repeat(depth));
        let v = verify_like_the_bot(text.into_bytes());
        prop_assert!(!v.accepted());
        prop_assert!(v.problems.iter().any(|p| p.is_error()));
    }

    /// Regexes with large counted repetitions either fit the size limit
    /// (and the file is checked as usual) or are refused with the reason.
    #[test]
    fn regexes_with_any_repetition_never_panic(
        inner in 1u32..2000,
        outer in 1u32..2000,
        class in prop::sample::select(vec!["\\w", ".", "[a-z]", "(a|b)", "\\pL"]),
    ) {
        let pattern = format!("({class}{{{inner}}}){{{outer}}}");
        let text = valid().replacen(
            "regex = '\\b(2|twee) weken\\b'",
            &format!("regex = '{pattern}'"),
            1,
        );
        let v = verify_like_the_bot(text.into_bytes());
        if v.prepared.is_none() {
            prop_assert!(
                v.problems.iter().any(|p| p.message.contains("ongeldige reguliere expressie")),
                "{:?}", v.problems
            );
        }
    }

    /// Arbitrary bytes after a valid file: never a panic; a refusal always
    /// comes with an error.
    #[test]
    fn garbage_appended_to_a_valid_file_never_panics(
        garbage in proptest::collection::vec(any::<u8>(), 0..4000),
    ) {
        let mut bytes = valid().into_bytes();
        bytes.extend(garbage);
        let v = verify_like_the_bot(bytes);
        if !v.accepted() {
            prop_assert!(
                v.problems.iter().any(|p| p.is_error())
                    || v.outcomes.iter().any(|o| !o.passed())
            );
        }
    }
}
