//! Running a dialogue's example transcripts through the engine and comparing
//! path, score and criteria with what the file promises.

use crate::dialogue::{ExampleOutcome, Prepared, Transcript, evidence_text};
use crate::engine::{self, CriterionStatus, TranscriptRun};
use crate::matching::Matcher;

/// Replays every `[[examples]]` transcript of `p`.
pub fn run_transcripts(p: &Prepared, m: &Matcher) -> Vec<ExampleOutcome> {
    p.dialogue
        .examples
        .iter()
        .map(|ex| {
            let run = engine::run_transcript(p, m, ex.seed, &ex.replies);
            let mut failures = Vec::new();
            compare(ex, &run, &mut failures);
            if !failures.is_empty() {
                failures.push("verloop per beurt:".to_string());
                failures.extend(turns(&run));
            }
            ExampleOutcome {
                dialogue: p.dialogue.id.clone(),
                name: format!("voorbeeldgesprek '{}'", ex.name),
                failures,
            }
        })
        .collect()
}

fn compare(ex: &Transcript, run: &TranscriptRun, failures: &mut Vec<String>) {
    if run.path != ex.path {
        failures.push(format!(
            "pad: verwacht {}, uitkomst {}",
            ex.path.join(" → "),
            run.path.join(" → ")
        ));
    }
    let answered: Vec<&str> = run
        .turns
        .iter()
        .flat_map(|t| t.feedback.answered.iter().map(|a| a.topic.as_str()))
        .collect();
    for id in &ex.answered {
        if !answered.contains(&id.as_str()) {
            failures.push(format!(
                "onderwerp '{id}': verwacht dat de klant het uit zijn kennis beantwoordt; uitkomst: {}",
                if answered.is_empty() {
                    "geen enkele vraag uit kennis beantwoord".to_string()
                } else {
                    format!("beantwoord: {}", answered.join(", "))
                }
            ));
        }
    }
    if run.unused_replies > 0 {
        failures.push(format!(
            "het gesprek was afgelopen terwijl er nog {} antwoord(en) over waren",
            run.unused_replies
        ));
    }
    let Some(card) = &run.scorecard else {
        failures.push(
            "het gesprek bereikte geen eindstap: de antwoorden waren op voordat het gesprek klaar was"
                .to_string(),
        );
        return;
    };
    if card.score != ex.score {
        failures.push(format!(
            "score: verwacht {}, uitkomst {}",
            ex.score, card.score
        ));
    }
    let status = |id: &str| card.criteria.iter().find(|c| c.id == id).map(|c| c.status);
    let words = |s: Option<CriterionStatus>| match s {
        Some(CriterionStatus::Met) => "behaald",
        Some(CriterionStatus::NotMet) => "niet behaald",
        Some(CriterionStatus::NotAssessed) => "niet beoordeeld",
        None => "onbekend",
    };
    for id in &ex.met {
        let s = status(id);
        if s != Some(CriterionStatus::Met) {
            failures.push(format!(
                "criterium '{id}': verwacht behaald, uitkomst {}",
                words(s)
            ));
        }
    }
    for id in &ex.not_met {
        let s = status(id);
        if s != Some(CriterionStatus::NotMet) {
            failures.push(format!(
                "criterium '{id}': verwacht niet behaald, uitkomst {}",
                words(s)
            ));
        }
    }
}

/// One line per judged reply: the step, the reply and what the matcher found.
fn turns(run: &TranscriptRun) -> Vec<String> {
    run.turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let found = evidence_text(&t.detection, None);
            let found = if found.is_empty() {
                "niets herkend".to_string()
            } else {
                found
            };
            let answered: Vec<&str> = t
                .feedback
                .answered
                .iter()
                .map(|a| a.topic.as_str())
                .collect();
            let answered = if answered.is_empty() {
                String::new()
            } else {
                format!(" (beantwoord uit kennis: {})", answered.join(", "))
            };
            format!(
                "  {}. [{}] \"{}\" → {found}{answered}",
                i + 1,
                t.step,
                t.text
            )
        })
        .collect()
}
