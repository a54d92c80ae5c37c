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

fn path_arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_accepts_the_valid_fixture_folder() {
    let dir = fixture("valid");
    let (code, out) = run(&["check", path_arg(&dir)], &dir);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("In orde: 2 bestanden gecontroleerd, geen fouten."),
        "{out}"
    );
}

#[test]
fn check_without_a_path_checks_the_configured_dialogues_folder() {
    let (code, out) = run(&["check"], &fixture("valid"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 bestanden gecontroleerd"), "{out}");
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
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        out.contains("fouten en 0 waarschuwingen in 5 bestanden."),
        "{out}"
    );
}

#[test]
fn check_of_a_single_file_outside_the_dialogues_folder_uses_the_configured_catalogue() {
    let file = fixture("broken/kapotte-goto.toml");
    let (code, out) = run(&["check", path_arg(&file)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("3 fouten en 0 waarschuwingen in 1 bestand."),
        "{out}"
    );
}

#[test]
fn check_without_a_catalogue_says_where_it_should_be() {
    let empty = tempfile::tempdir().unwrap();
    let file = fixture("valid/stoelen-verkopen.toml");
    let copy = empty.path().join("stoelen-verkopen.toml");
    std::fs::copy(file, &copy).unwrap();
    let (code, out) = run(&["check", path_arg(&copy)], empty.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("de catalogus met werkprocessen ontbreekt"),
        "{out}"
    );
}

#[test]
fn check_of_a_missing_folder_is_a_dutch_error_not_a_crash() {
    let missing = fixture("bestaat-niet");
    let (code, out) = run(&["check", path_arg(&missing)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("kan het bestand niet lezen"), "{out}");
}

#[test]
fn test_runs_the_samples_of_the_valid_fixture() {
    let dir = fixture("valid");
    let (code, out) = run(&["test", path_arg(&dir)], &dir);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 mislukt"), "{out}");
}

#[test]
fn test_shows_a_failing_sample_with_its_evidence_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("valid/werkprocessen.toml"),
        dir.path().join("werkprocessen.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(fixture("valid/stoelen-verkopen.toml"))
        .unwrap()
        .replacen(
            "no_match = [\"Ik stuur u een folder.\"]",
            "no_match = [\"Ik stuur u een folder over de demo.\"]",
            1,
        );
    std::fs::write(dir.path().join("stoelen-verkopen.toml"), text).unwrap();
    let (code, out) = run(&["test", path_arg(dir.path())], dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("MISLUKT: stoelen-verkopen — regel 'noemt-demo', no_match \"Ik stuur u een folder over de demo.\""),
        "{out}"
    );
    assert!(
        out.contains("verwacht: regel 'noemt-demo' herkent dit antwoord niet; uitkomst: wel herkend; bewijs: noemt-demo = 'demo'"),
        "{out}"
    );
    assert!(out.contains(", 1 mislukt"), "{out}");
}

#[test]
fn test_counts_a_file_with_errors_as_a_failure() {
    let broken = fixture("broken/kapotte-goto.toml");
    let (code, out) = run(&["test", path_arg(&broken)], &fixture("valid"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 bestand met fouten"), "{out}");
    assert!(out.contains("0 geslaagd, 1 mislukt"), "{out}");
}
