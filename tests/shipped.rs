//! The shipped content: every dialogue in `dialogues/` passes `check`, and the
//! worked example of the authoring guide (`dialogues/README.md`) is valid.

use std::path::PathBuf;
use std::process::Command;

use gesprekscoach::dialogue::{Catalogue, check_source};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_shipped_dialogues_pass_check() {
    let dialogues = root().join("dialogues");
    let out = Command::new(env!("CARGO_BIN_EXE_gesprekscoach"))
        .args(["check", dialogues.to_str().unwrap()])
        .env("COACH_DIALOGUES_DIR", &dialogues)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("In orde:"), "{text}");
    // Warnings are for authors at work: a shipped file has none (a hint that
    // gives away a calculated result, an unused criterion, ...).
    assert!(!text.contains("waarschuwing"), "{text}");
}

/// The TOML block that follows the marker comment in the guide.
fn worked_example(guide: &str) -> &str {
    let marker = "<!-- uitgewerkt-voorbeeld";
    let after = &guide[guide.find(marker).expect("marker in README")..];
    let start = after.find("```toml\n").expect("toml block after marker") + "```toml\n".len();
    let end = after[start..].find("\n```").expect("closing fence") + start;
    &after[start..end]
}

#[test]
fn the_worked_example_of_the_authoring_guide_is_a_valid_dialogue() {
    let guide = std::fs::read_to_string(root().join("dialogues/README.md")).unwrap();
    let catalogue = Catalogue::load(&root().join("dialogues/werkprocessen.toml")).unwrap();
    let example = worked_example(&guide);
    let (prepared, problems) = check_source("offerte-stoelen.toml", example.as_bytes(), &catalogue);
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{}", listed.join("\n"));
    let prepared = prepared.unwrap();
    assert_eq!(prepared.dialogue.id, "offerte-stoelen");
    assert_eq!(prepared.dialogue.examples.len(), 2);
}

#[test]
fn the_worked_example_passes_its_own_samples_and_transcripts() {
    let guide = std::fs::read_to_string(root().join("dialogues/README.md")).unwrap();
    let catalogue = Catalogue::load(&root().join("dialogues/werkprocessen.toml")).unwrap();
    let matcher = gesprekscoach::matching::Matcher::new();
    let verdict = gesprekscoach::checking::verify(
        "offerte-stoelen.toml",
        worked_example(&guide).as_bytes(),
        &catalogue,
        &matcher,
    );
    let failures: Vec<String> = verdict.outcomes.iter().map(ToString::to_string).collect();
    assert!(verdict.accepted(), "{}", failures.join("\n"));
    // 2 rule samples and 2 example conversations.
    assert_eq!(verdict.outcomes.len(), 4);
}

/// Issue 12: every shipped customer knows at least eight things about its
/// side of the story, and at least one example plays a question off the
/// script that the customer answers (`answered`, checked by `test`).
#[test]
fn every_shipped_conversation_has_knowledge_and_an_example_with_an_answered_question() {
    let mut short = Vec::new();
    for entry in std::fs::read_dir(root().join("dialogues")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".toml") || name == "werkprocessen.toml" {
            continue;
        }
        let file: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let list =
            |v: Option<&toml::Value>| v.and_then(|v| v.as_array()).cloned().unwrap_or_default();
        let topics = if file.get("type").and_then(|t| t.as_str()) == Some("webcare") {
            list(file.get("messages"))
                .iter()
                .map(|m| list(m.get("knowledge")).len())
                .sum()
        } else {
            list(file.get("knowledge")).len()
        };
        let answered = list(file.get("examples"))
            .iter()
            .any(|e| !list(e.get("answered")).is_empty());
        if topics < 8 || !answered {
            short.push(format!(
                "{name}: {topics} onderwerpen, voorbeeld met answered: {answered}"
            ));
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}
