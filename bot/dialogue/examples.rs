//! Running a dialogue file's own samples: each rule's `match`/`no_match`
//! samples through the matcher, and each knowledge topic's through the
//! question finder (example transcripts need the engine: they run in
//! `crate::checking`). Failures explain, in Dutch, what was expected, what
//! came out and the evidence (what matched where).

use super::Prepared;
use super::model::{RuleDef, Topic};
pub use super::outcome::{ExampleOutcome, evidence_text};
use crate::knowledge::Knowledge;
use crate::matching::{Detection, Language, LocalRule, Matcher};

/// Runs each rule's `match` and `no_match` samples against that rule alone,
/// and each knowledge topic's samples through the engine's question finder.
pub fn run_samples(p: &Prepared, m: &Matcher) -> Vec<ExampleOutcome> {
    let mut outcomes = run_rule_samples(
        &p.dialogue.id,
        p.dialogue.language,
        &p.dialogue.rules,
        &p.rules,
        m,
    );
    outcomes.extend(run_topic_samples(
        &p.dialogue.id,
        &p.dialogue.knowledge,
        &p.knowledge,
        p.dialogue.language,
        m,
    ));
    outcomes
}

/// Runs each topic's `match` samples (must ask this topic) and `no_match`
/// samples (must not) for any file with knowledge; `owner` is the file's id.
pub fn run_topic_samples(
    owner: &str,
    topics: &[Topic],
    knowledge: &Knowledge,
    language: Language,
    m: &Matcher,
) -> Vec<ExampleOutcome> {
    let mut outcomes = Vec::new();
    for topic in topics {
        for (text, must) in topic
            .must_match
            .iter()
            .map(|t| (t, true))
            .chain(topic.must_not_match.iter().map(|t| (t, false)))
        {
            let det = m.detect_in(language, text, &[]);
            let heard = knowledge.hear(m, text, &det);
            let asked: Vec<&str> = heard
                .asked
                .iter()
                .filter_map(|&i| knowledge.id(i))
                .collect();
            let kind = if must { "match" } else { "no_match" };
            let mut failures = Vec::new();
            if asked.contains(&topic.id.as_str()) != must {
                let questions: Vec<&str> =
                    heard.questions.iter().map(|q| q.text.as_str()).collect();
                let found = if questions.is_empty() {
                    "geen vraagzin gevonden".to_string()
                } else {
                    format!("vraagzinnen: \"{}\"", questions.join("\" / \""))
                };
                let others = if asked.is_empty() {
                    "geen onderwerp".to_string()
                } else {
                    format!("onderwerpen {}", asked.join(", "))
                };
                failures.push(if must {
                    format!(
                        "verwacht: de vraag gaat over '{}'; uitkomst: {others} ({found})",
                        topic.id
                    )
                } else {
                    format!(
                        "verwacht: geen vraag over '{}'; uitkomst: wel ({found})",
                        topic.id
                    )
                });
            }
            outcomes.push(ExampleOutcome {
                dialogue: owner.to_string(),
                name: format!("onderwerp '{}', {kind} \"{text}\"", topic.id),
                failures,
            });
        }
    }
    outcomes
}

/// [`run_samples`] for any file with `[[rules]]` (dialogues and webcare
/// scenarios): `defs` as written, `rules` compiled; `owner` is the file's id,
/// `language` the language its samples are read in.
pub fn run_rule_samples(
    owner: &str,
    language: crate::matching::Language,
    defs: &[RuleDef],
    rules: &[LocalRule],
    m: &Matcher,
) -> Vec<ExampleOutcome> {
    let mut outcomes = Vec::new();
    for def in defs {
        let Some(rule) = rules.iter().find(|r| r.id == def.id) else {
            continue;
        };
        for (text, must) in def
            .must_match
            .iter()
            .map(|t| (t, true))
            .chain(def.must_not_match.iter().map(|t| (t, false)))
        {
            let det = m.detect_in(language, text, &[rule]);
            let kind = if must { "match" } else { "no_match" };
            let mut failures = Vec::new();
            if det.has(&rule.id) != must {
                failures.push(sample_failure(rule, text, must, &det));
            }
            outcomes.push(ExampleOutcome {
                dialogue: owner.to_string(),
                name: format!("regel '{}', {kind} \"{text}\"", def.id),
                failures,
            });
        }
    }
    outcomes
}

fn sample_failure(rule: &LocalRule, text: &str, must: bool, det: &Detection) -> String {
    let mut line = if must {
        format!(
            "verwacht: regel '{}' herkent dit antwoord; uitkomst: niet herkend",
            rule.id
        )
    } else {
        format!(
            "verwacht: regel '{}' herkent dit antwoord niet; uitkomst: wel herkend",
            rule.id
        )
    };
    if let Some(amount) = rule.expected_amount() {
        line.push_str(&format!(" (verwacht bedrag: {amount})"));
    }
    let evidence = evidence_text(det, Some(&rule.id));
    if evidence.is_empty() {
        line.push_str(&format!(
            "; in \"{text}\" is niets voor deze regel gevonden"
        ));
    } else {
        line.push_str(&format!("; bewijs: {evidence}"));
    }
    line
}
