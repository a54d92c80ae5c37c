//! Running a scenario's example shifts (`[[examples]]`) through the shift
//! engine and comparing arrivals, scores and per-message outcomes with what
//! the file promises; plus each local rule's samples. Used by
//! `gesprekscoach test`.

use super::PreparedScenario;
use super::model::ShiftTranscript;
use super::score::ShiftReport;
use super::shift::{self, Input, Output, ShiftSession};
use crate::dialogue::ExampleOutcome;
use crate::matching::Matcher;

/// Result of replaying one example shift.
#[derive(Debug, Clone)]
pub struct ShiftRun {
    pub session: ShiftSession,
    pub report: Option<ShiftReport>,
    /// Notices the engine gave (unknown message, already answered ...).
    pub problems: Vec<String>,
}

/// Replays `ex`: each action at its time, then the clock runs to `stop_at`
/// (a stop) or to the end of the shift.
pub fn run(p: &PreparedScenario, m: &Matcher, ex: &ShiftTranscript) -> ShiftRun {
    let (mut s, mut outputs) = shift::start(p);
    for a in &ex.actions {
        if a.escalate {
            let (next, out) = shift::handle(
                p,
                m,
                s,
                Input::Escalate {
                    message: Some(a.message.clone()),
                },
                a.at,
            );
            s = next;
            outputs.extend(out);
        }
        if let Some(text) = &a.text {
            let input = Input::Reply {
                message: Some(a.message.clone()),
                text: text.clone(),
            };
            let (next, out) = shift::handle(p, m, s, input, a.at);
            s = next;
            outputs.extend(out);
        }
    }
    if !s.finished {
        let (input, at) = match ex.stop_at {
            Some(at) => (Input::Stop, at),
            None => (Input::Tick, p.scenario.duration),
        };
        let (next, out) = shift::handle(p, m, s, input, at);
        s = next;
        outputs.extend(out);
    }
    let mut problems = Vec::new();
    let mut report = None;
    for o in outputs {
        match o {
            Output::Report(r) => report = Some(*r),
            Output::Notice(n) => problems.push(super::render::notice(&n)),
            _ => {}
        }
    }
    ShiftRun {
        session: s,
        report,
        problems,
    }
}

/// Runs every rule sample and example shift of `p`.
pub fn run_examples(p: &PreparedScenario, m: &Matcher) -> Vec<ExampleOutcome> {
    let mut outcomes = crate::dialogue::run_rule_samples(
        &p.scenario.id,
        p.scenario.language,
        &p.scenario.rules,
        &p.rules,
        m,
    );
    for msg in &p.scenario.messages {
        if let Some(k) = p.knowledge_of(&msg.id) {
            outcomes.extend(crate::dialogue::run_topic_samples(
                &p.scenario.id,
                &msg.knowledge,
                &k.compiled,
                p.scenario.language,
                m,
            ));
        }
    }
    for ex in &p.scenario.examples {
        let run = run(p, m, ex);
        let mut failures = run.problems.clone();
        compare(ex, &run, &mut failures);
        let answered: Vec<&str> = run
            .session
            .posts
            .iter()
            .filter_map(|post| post.reply.as_ref()?.answer.as_ref())
            .flat_map(|a| a.topics.iter().map(String::as_str))
            .collect();
        for id in &ex.answered {
            if !answered.contains(&id.as_str()) {
                failures.push(format!(
                    "de klant had onderwerp '{id}' moeten beantwoorden; beantwoord: {}",
                    if answered.is_empty() {
                        "niets".to_string()
                    } else {
                        answered.join(", ")
                    }
                ));
            }
        }
        if !failures.is_empty() {
            failures.push("verloop:".to_string());
            failures.extend(timeline(&run));
        }
        outcomes.push(ExampleOutcome {
            dialogue: p.scenario.id.clone(),
            name: format!("voorbeelddienst '{}'", ex.name),
            failures,
        });
    }
    outcomes
}

fn compare(ex: &ShiftTranscript, run: &ShiftRun, failures: &mut Vec<String>) {
    let Some(r) = &run.report else {
        failures.push("de dienst leverde geen verslag op".to_string());
        return;
    };
    if r.score != ex.score {
        failures.push(format!(
            "score: verwacht {}, uitkomst {}",
            ex.score, r.score
        ));
    }
    let arrived: Vec<String> = run
        .session
        .posts
        .iter()
        .map(|p| p.message.clone())
        .collect();
    if !ex.arrived.is_empty() && arrived != ex.arrived {
        failures.push(format!(
            "binnengekomen: verwacht {}, uitkomst {}",
            ex.arrived.join(", "),
            arrived.join(", ")
        ));
    }
    for (name, want, got) in [("triage", ex.triage, r.triage), ("toon", ex.tone, r.tone)] {
        if let Some(want) = want
            && want != got
        {
            failures.push(format!("{name}: verwacht {want}, uitkomst {got}"));
        }
    }
    for o in &ex.outcomes {
        let Some(m) = r.messages.iter().find(|m| m.message == o.message) else {
            failures.push(format!("bericht '{}' is niet binnengekomen", o.message));
            continue;
        };
        let mut check = |what: &str, want: Option<String>, got: String| {
            if let Some(want) = want
                && want != got
            {
                failures.push(format!(
                    "bericht '{}', {what}: verwacht {want}, uitkomst {got}",
                    o.message
                ));
            }
        };
        check("score", o.score.map(|v| v.to_string()), m.score.to_string());
        check("op tijd", o.on_time.map(yes), yes(m.on_time));
        check(
            "escalatie juist",
            o.escalation_ok.map(yes),
            yes(m.escalation_ok),
        );
        check("privacy in orde", o.privacy_ok.map(yes), yes(m.privacy_ok));
        for id in &o.met {
            if !m.met.iter().any(|p| &p.behaviour == id) {
                failures.push(format!(
                    "bericht '{}': verwacht dat '{id}' getoond is, maar dat is niet zo",
                    o.message
                ));
            }
        }
        for id in &o.missed {
            if !m.missed.iter().any(|p| &p.behaviour == id) {
                failures.push(format!(
                    "bericht '{}': verwacht dat '{id}' ontbreekt, maar het is getoond",
                    o.message
                ));
            }
        }
    }
}

fn yes(b: bool) -> String {
    if b { "ja" } else { "nee" }.to_string()
}

/// One line per arrived message: when it came, the reply and what was found.
fn timeline(run: &ShiftRun) -> Vec<String> {
    run.session
        .posts
        .iter()
        .map(|post| {
            let reply = match &post.reply {
                Some(r) => {
                    let found = crate::dialogue::evidence_text(&r.detection, None);
                    let found = if found.is_empty() {
                        "niets herkend".to_string()
                    } else {
                        found
                    };
                    format!("antwoord om {} s: \"{}\" → {found}", r.at, r.text)
                }
                None => "niet beantwoord".to_string(),
            };
            let esc = post
                .escalated_at
                .map(|t| format!(", doorgezet om {t} s"))
                .unwrap_or_default();
            format!(
                "  #{} {} (binnen om {} s{esc}): {reply}",
                post.number, post.message, post.arrived_at
            )
        })
        .collect()
}
