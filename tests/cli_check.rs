//! The real `gesprekscoach check` and `test` binaries on real files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Runs the binary with the fixture catalogue as the configured dialogues folder.
fn run(args: &[&str], dialogues_dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gesprekscoach"))
        .args(args)
        .env("COACH_DIALOGUES_DIR", dialogues_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// Asserts that the output contains `part`, showing the output otherwise.
fn expect(out: &str, part: &str) {
    assert!(out.contains(part), "missing {part:?} in:\n{out}");
}

fn path_arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_accepts_the_valid_fixture_folder() {
    let dir = fixture("valid");
    let (code, out) = run(&["check", path_arg(&dir)], &dir);
    assert_eq!(code, 0, "{out}");
    expect(&out, "In orde: 2 bestanden gecontroleerd, geen fouten.");
}

#[test]
fn check_without_a_path_checks_the_configured_dialogues_folder() {
    let (code, out) = run(&["check"], &fixture("valid"));
    assert_eq!(code, 0, "{out}");
    expect(&out, "2 bestanden gecontroleerd");
}

#[test]
fn check_reports_every_broken_file_with_positions_and_exits_1() {
    let broken = fixture("broken");
    let (code, out) = run(&["check", path_arg(&broken)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    for expected in [
        "kapotte-goto.toml:92:10: fout: goto naar een stap die niet bestaat: 'akord'\n  tip: bedoel je 'akkoord'?",
        "onbekend-veld.toml:7:1: fout: onbekend veld 'minuten' in het bestand\n  tip: bedoel je 'minutes'?",
        "ongeldige-tekens.toml:2:13: fout: het bestand bevat tekens die geen geldige UTF-8 zijn",
        "syntaxfout.toml:3:42: fout: TOML-fout: een tekst is niet afgesloten met \"",
    ] {
        expect(&out, expected);
    }
    expect(&out, "fouten en 0 waarschuwingen in 5 bestanden.");
}

#[test]
fn check_of_a_single_file_outside_the_dialogues_folder_uses_the_configured_catalogue() {
    let file = fixture("broken/kapotte-goto.toml");
    let (code, out) = run(&["check", path_arg(&file)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    expect(&out, "3 fouten en 0 waarschuwingen in 1 bestand.");
}

#[test]
fn check_without_a_catalogue_says_where_it_should_be() {
    let empty = tempfile::tempdir().unwrap();
    let file = fixture("valid/stoelen-verkopen.toml");
    let copy = empty.path().join("stoelen-verkopen.toml");
    std::fs::copy(file, &copy).unwrap();
    let (code, out) = run(&["check", path_arg(&copy)], empty.path());
    assert_eq!(code, 1, "{out}");
    expect(&out, "de catalogus met werkprocessen ontbreekt");
}

#[test]
fn check_of_a_missing_folder_is_a_dutch_error_not_a_crash() {
    let missing = fixture("bestaat-niet");
    let (code, out) = run(&["check", path_arg(&missing)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    expect(&out, "kan het bestand niet lezen");
}

#[test]
fn test_runs_the_samples_of_the_valid_fixture() {
    let dir = fixture("valid");
    let (code, out) = run(&["test", path_arg(&dir)], &dir);
    assert_eq!(code, 0, "{out}");
    expect(&out, "0 mislukt");
}

#[test]
fn test_shows_a_failing_sample_with_its_evidence_and_exits_1() {
    let dir = edited_fixture(|t| {
        t.replacen(
            "no_match = [\"Ik stuur u een folder.\"]",
            "no_match = [\"Ik stuur u een folder over de demo.\"]",
            1,
        )
    });
    let (code, out) = run(&["test", path_arg(dir.path())], dir.path());
    assert_eq!(code, 1, "{out}");
    expect(
        &out,
        "MISLUKT: stoelen-verkopen — regel 'noemt-demo', no_match \"Ik stuur u een folder over de demo.\"",
    );
    expect(
        &out,
        "verwacht: regel 'noemt-demo' herkent dit antwoord niet; uitkomst: wel herkend; bewijs: noemt-demo = 'demo'",
    );
    expect(&out, ", 1 mislukt");
}

#[test]
fn test_counts_a_file_with_errors_as_a_failure() {
    let broken = fixture("broken/kapotte-goto.toml");
    let (code, out) = run(&["test", path_arg(&broken)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    expect(&out, "1 bestand met fouten");
    expect(&out, "0 geslaagd, 1 mislukt");
}

/// A copy of the valid fixture folder with the dialogue text changed by `edit`.
fn edited_fixture(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("valid/werkprocessen.toml"),
        dir.path().join("werkprocessen.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(fixture("valid/stoelen-verkopen.toml")).unwrap();
    std::fs::write(dir.path().join("stoelen-verkopen.toml"), edit(text)).unwrap();
    dir
}

#[test]
fn test_shows_a_wrong_transcript_score_with_the_evidence_per_turn() {
    let dir = edited_fixture(|t| t.replacen("score = 100", "score = 90", 1));
    let (code, out) = run(&["test", path_arg(dir.path())], dir.path());
    assert_eq!(code, 1, "{out}");
    expect(
        &out,
        "MISLUKT: stoelen-verkopen — voorbeeldgesprek 'sterke student'",
    );
    expect(&out, "score: verwacht 90, uitkomst 100");
    expect(
        &out,
        "1. [opening] \"Goedemiddag, u spreekt met Sanne van ErgoPlus.\" → groet = '",
    );
    expect(&out, "2. [advies] \"Zal ik een demo komen geven?\"");
    expect(&out, "noemt-demo = 'demo' (keywords)");
}

#[test]
fn test_reports_replies_left_over_after_the_end() {
    let dir = edited_fixture(|t| t.replacen("\"Tot dan!\"]", "\"Tot dan!\", \"Nog iets?\"]", 1));
    let (code, out) = run(&["test", path_arg(dir.path())], dir.path());
    assert_eq!(code, 1, "{out}");
    expect(
        &out,
        "het gesprek was afgelopen terwijl er nog 1 antwoord(en) over waren",
    );
}

#[test]
fn test_reports_a_transcript_that_does_not_reach_the_end() {
    // Without a greeting the customer asks again (a retry), which uses up a
    // reply, so three replies no longer reach the end step.
    let dir = edited_fixture(|t| {
        t.replacen(
            "replies = [\"Goedemiddag, u spreekt met Sanne van ErgoPlus.\"",
            "replies = [\"Ik bel over stoelen.\"",
            1,
        )
    });
    let (code, out) = run(&["test", path_arg(dir.path())], dir.path());
    assert_eq!(code, 1, "{out}");
    expect(&out, "het gesprek bereikte geen eindstap");
    expect(
        &out,
        "pad: verwacht opening → advies → akkoord → einde, uitkomst opening → advies",
    );
}
