//! `gesprekscoach detect` through the real binary.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], input: &[u8], dialogues: Option<&std::path::Path>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gesprekscoach"));
    cmd.arg("detect")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dialogues {
        cmd.env("COACH_DIALOGUES_DIR", dir);
    }
    let mut child = cmd.spawn().expect("spawn");
    let written = child.stdin.take().expect("stdin").write_all(input);
    // On a usage error the binary exits without reading: a closed pipe is
    // then expected, any other write error is not.
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

fn behaviours(v: &Value) -> Vec<&str> {
    v["behaviours"]
        .as_array()
        .expect("behaviours")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn each_input_line_gives_one_json_line_in_order() {
    let input = "Exuses voor t ongemak, ik zoek het ff voor u uit\n\nik begrijp het niet\r\nhoi!";
    let (code, stdout, _) = run(&[], input.as_bytes(), None);
    assert_eq!(code, 0);
    let out = lines(&stdout);
    assert_eq!(out.len(), 4);
    assert_eq!(
        out[0]["text"],
        "Exuses voor t ongemak, ik zoek het ff voor u uit"
    );
    assert_eq!(behaviours(&out[0]), ["excuses", "oplossing", "u-vorm"]);
    let first = &out[0]["evidence"][0];
    assert_eq!(first["behaviour"], "excuses");
    assert_eq!(
        (first["start"].as_u64(), first["end"].as_u64()),
        (Some(0), Some(6))
    );
    assert_eq!(first["match"], "Exuses");
    assert_eq!(first["negated"], false);
    assert_eq!(out[1]["text"], "");
    assert!(behaviours(&out[1]).is_empty());
    assert_eq!(out[2]["text"], "ik begrijp het niet");
    assert!(behaviours(&out[2]).is_empty());
    assert!(
        out[2]["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .any(|e| e["negated"] == true)
    );
    assert_eq!(behaviours(&out[3]), ["groet"]);
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let (code, stdout, _) = run(&[], b"\xff\xfe sorry\nbedankt\n", None);
    assert_eq!(code, 0);
    let out = lines(&stdout);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["text"], "\u{FFFD}\u{FFFD} sorry");
    assert_eq!(behaviours(&out[0]), ["excuses"]);
    assert_eq!(behaviours(&out[1]), ["bedanken"]);
}

fn dialogue_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    for name in ["werkprocessen.toml", "acquisitie-koud-bellen.toml"] {
        std::fs::copy(shipped.join(name), dir.path().join(name)).expect("copy dialogue");
    }
    dir
}

#[test]
fn a_dialogue_step_adds_its_local_rules() {
    let dir = dialogue_dir();
    let text =
        std::fs::read_to_string(dir.path().join("acquisitie-koud-bellen.toml")).expect("read");
    let dialogue: gesprekscoach::dialogue::Dialogue = toml::from_str(&text).expect("parse");
    let prepared = gesprekscoach::dialogue::Prepared::new(dialogue).expect("prepare");
    // A step that expects a keyword rule, and one of that rule's own samples.
    let (step, rule) = prepared
        .dialogue
        .steps
        .iter()
        .find_map(|s| {
            s.expect
                .iter()
                .find_map(|e| {
                    prepared.dialogue.rules.iter().find(|r| {
                        r.id == e.behaviour && r.keywords.is_some() && !r.must_match.is_empty()
                    })
                })
                .map(|r| (s.id.clone(), r.clone()))
        })
        .expect("a step with a keyword rule");
    let sample = format!("{}\n", rule.must_match[0]);
    let (code, stdout, stderr) = run(
        &["--dialogue", &prepared.dialogue.id, "--step", &step],
        sample.as_bytes(),
        Some(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    let out = lines(&stdout);
    assert!(behaviours(&out[0]).contains(&rule.id.as_str()), "{stdout}");
    // Without the dialogue the local rule is not applied.
    let (_, stdout, _) = run(&[], sample.as_bytes(), None);
    assert!(!behaviours(&lines(&stdout)[0]).contains(&rule.id.as_str()));
}

#[test]
fn unknown_dialogue_or_step_is_a_dutch_error_with_exit_2() {
    let dir = dialogue_dir();
    let (code, stdout, stderr) = run(
        &["--dialogue", "bestaat-niet", "--step", "x"],
        b"hoi\n",
        Some(dir.path()),
    );
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("geen dialoog"), "{stderr}");
    let (code, _, stderr) = run(
        &[
            "--dialogue",
            "acquisitie-koud-bellen",
            "--step",
            "bestaat-niet",
        ],
        b"hoi\n",
        Some(dir.path()),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("geen stap 'bestaat-niet'"), "{stderr}");
}

#[test]
fn language_en_reads_english_with_character_offsets_into_the_original_line() {
    let input = "Hi Zoë 😀, we’ll send a new one tomorrow. Apologies!\nCould you tell me more about your current situation?\n";
    let (code, stdout, stderr) = run(&["--language", "en"], input.as_bytes(), None);
    assert_eq!(code, 0, "{stderr}");
    let out = lines(&stdout);
    assert_eq!(
        behaviours(&out[0]),
        ["groet", "excuses", "oplossing", "vervolgafspraak"]
    );
    let chars: Vec<char> = input.lines().next().expect("line").chars().collect();
    for e in out[0]["evidence"].as_array().expect("evidence") {
        let (start, end) = (
            e["start"].as_u64().expect("start") as usize,
            e["end"].as_u64().expect("end") as usize,
        );
        let span: String = chars[start..end].iter().collect();
        assert_eq!(e["match"], span.as_str(), "{e}");
    }
    let sorry = out[0]["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["behaviour"] == "excuses")
        .expect("excuses");
    assert_eq!(sorry["match"], "Apologies");
    // A request to tell is an open question (issue 13).
    assert_eq!(behaviours(&out[1]), ["open-vraag", "doorvragen"]);
    // The same lines read as Dutch: no apology, no follow-up question.
    let (_, stdout, _) = run(&[], input.as_bytes(), None);
    let dutch = lines(&stdout);
    assert!(!behaviours(&dutch[0]).contains(&"excuses"), "{stdout}");
    assert!(!behaviours(&dutch[1]).contains(&"doorvragen"), "{stdout}");
}

#[test]
fn an_english_dialogue_implies_english_and_an_unknown_language_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    for name in [
        "werkprocessen.toml",
        "verkoopgesprek-engels-hotelketen.toml",
    ] {
        std::fs::copy(shipped.join(name), dir.path().join(name)).expect("copy dialogue");
    }
    let (code, stdout, stderr) = run(
        &["--dialogue", "verkoopgesprek-engels-hotelketen"],
        b"Good morning, my name is Anna from VeloDutch.\n",
        Some(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(behaviours(&lines(&stdout)[0]), ["groet", "stelt-zich-voor"]);
    let (code, stdout, stderr) = run(&["--language", "de"], b"hallo\n", None);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("de"), "{stderr}");
}

#[test]
fn replies_given_as_arguments_are_read_instead_of_stdin_one_line_each() {
    let (code, stdout, stderr) = run(
        &[
            "--language",
            "en",
            "Good morning, my name is Anna from CleanCo.",
            "Could you tell me more about your current situation?",
        ],
        b"this line on stdin is not read\n",
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let out = lines(&stdout);
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[0]["text"],
        "Good morning, my name is Anna from CleanCo."
    );
    assert_eq!(behaviours(&out[0]), ["groet", "stelt-zich-voor"]);
    assert!(behaviours(&out[1]).contains(&"open-vraag"), "{stdout}");
}
