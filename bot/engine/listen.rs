//! The customer listens: reactions, answers from knowledge, the line for an
//! unknown question, memory and the no-repeat choice of line variants
//! (docs/dialogue-format.md, "The customer listens").

use crate::dialogue::{Prepared, Reaction, Step};
use crate::knowledge::{
    Heard, MAX_ANSWERS, PLAIN_BEHAVIOURS, again, amounts_in, fill, placeholders, quoted_amounts,
    unknown_lines,
};

use super::{AnsweredTopic, Session, TurnRecord, pick_index};

/// How far a chain of skipped steps may go (a loop of skips in a file).
const MAX_SKIPS: usize = 100;

/// What the customer says before the script's line: a reaction, answers
/// from knowledge, or the line for an unknown question. Records what it did in
/// `turn` and in the session (memory, known topics, answered questions).
/// `next` is the step the conversation moves to (`None`: the step stays).
pub(super) fn respond(
    d: &Prepared,
    s: &mut Session,
    step: &Step,
    visit: u32,
    heard: &Heard,
    next: Option<&str>,
    turn: &mut TurnRecord,
) -> Vec<String> {
    let dialogue = &d.dialogue;
    let briefing = format!("{} {}", dialogue.briefing.role, dialogue.briefing.company);
    s.memory
        .update(&turn.text, &turn.detection, &briefing, dialogue.language);
    let mut parts = Vec::new();

    if let Some((key, reaction)) = reaction(d, s, step, turn) {
        // A person says such a thing once or twice, not at every reply: each
        // variant once, then the reaction is silent.
        let said = s.said.clone();
        match choose_fresh(s, &key, &reaction.customer, &step.id, visit, "reaction") {
            Some((line, true)) => {
                turn.feedback.reaction = Some(reaction.id.clone());
                parts.push(line);
            }
            _ => s.said = said,
        }
    }

    // The step the conversation moves to answers what it `tells` itself.
    // Those topics become known only when that line is said (entering the
    // step learns its `tells`): learning them here would make the step's
    // `known` case say "as I said" about something the customer never said,
    // or skip the very step whose line answers the question.
    let told_next: Vec<String> = next
        .and_then(|id| resolve(d, &s.known, id).ok())
        .map(|(st, _)| st.tells.clone())
        .unwrap_or_default();
    let mut answered = 0;
    for (n, &i) in heard.asked.iter().enumerate() {
        let Some(topic) = d.knowledge.id(i).and_then(|id| d.topic(id)) else {
            continue;
        };
        let id = topic.id.clone();
        let record = AnsweredTopic {
            topic: id.clone(),
            about: topic.about.clone(),
            step: step.id.clone(),
            quote: heard.quotes.get(n).cloned().unwrap_or_default(),
        };
        if told_next.contains(&id) {
            // The next line answers it: the question still got its answer.
            turn.feedback.answered.push(record.clone());
            s.answered.push(record);
            continue;
        }
        if answered == MAX_ANSWERS {
            continue;
        }
        let key = format!("a:{id}");
        let Some((line, fresh)) = choose_fresh(s, &key, &topic.answer, &step.id, visit, &id) else {
            continue;
        };
        let already = s.known.contains(&id);
        parts.push(if !fresh && already {
            format!("{} {line}", again(dialogue.language))
        } else {
            line
        });
        answered += 1;
        learn(s, &id);
        turn.feedback.answered.push(record.clone());
        s.answered.push(record);
    }

    // Small talk gets a word or two, once per variant: after that the
    // customer lets it pass, as a person would.
    let language = dialogue.language;
    if heard.asked.is_empty() && heard.questions.iter().any(|q| q.small_talk) {
        let lines: Vec<String> = crate::knowledge::smalltalk::lines(language)
            .iter()
            .map(|l| l.to_string())
            .collect();
        let said = s.said.clone();
        match choose_fresh(s, "st", &lines, &step.id, visit, "small-talk") {
            Some((line, true)) => {
                turn.feedback.small_talk = true;
                parts.push(line);
            }
            _ => s.said = said,
        }
    }
    if heard.asked.is_empty()
        && heard
            .questions
            .iter()
            .any(|q| off_script(step, q) && !q.small_talk && !q.offers_help)
    {
        let lines: Vec<String> = if dialogue.unknown.is_empty() {
            unknown_lines(dialogue.language)
                .iter()
                .map(|l| l.to_string())
                .collect()
        } else {
            dialogue.unknown.clone()
        };
        let line = choose(s, "u", &lines, &step.id, visit, "unknown");
        turn.feedback.unknown_question = line.is_some();
        parts.extend(line);
    }
    parts
}

/// Whether a question sentence asks something the script does not deal with:
/// it shows no behaviour the step names and no conversational move.
fn off_script(step: &Step, q: &crate::knowledge::Question) -> bool {
    if !q.topics.is_empty() {
        return false;
    }
    let named = |b: &str| {
        step.expect.iter().any(|e| e.behaviour == b)
            || step.avoid.iter().any(|a| a.behaviour == b)
            || step.next.iter().any(|n| {
                n.when.iter().any(|w| w == b)
                    || n.when_any.iter().any(|w| w == b)
                    || n.unless.iter().any(|w| w == b)
            })
    };
    !q.behaviours
        .iter()
        .any(|b| named(b) || !PLAIN_BEHAVIOURS.contains(&b.as_str()))
}

/// The first reaction whose conditions hold for this reply, with the key of
/// its lines: the step's own ones first, then the dialogue's (a step's
/// reaction with the same id replaces or silences the dialogue's).
fn reaction(
    d: &Prepared,
    s: &Session,
    step: &Step,
    turn: &TurnRecord,
) -> Option<(String, Reaction)> {
    let dialogue = &d.dialogue;
    // Restating the customer's own figure ("so you spend 450 a month") is
    // listening, not quoting a price: a price reaction needs a new amount.
    // (Looked up only when a price is shown and a reaction asks for it.)
    let echo = std::cell::OnceCell::new();
    let shown = |id: &String| {
        turn.detection.has(id)
            && !(id == PRICE && *echo.get_or_init(|| echoes_the_customer(d, s, turn)))
    };
    // The conditions are read in place; only the reaction that holds is
    // copied out.
    let holds = |r: Conditions| {
        (!r.when.is_empty() || !r.when_any.is_empty())
            && r.when.iter().all(shown)
            && (r.when_any.is_empty() || r.when_any.iter().any(shown))
            && !r.unless.iter().any(shown)
            && !r
                .before
                .iter()
                .any(|b| s.visits.iter().any(|v| &v.step == b))
    };
    let own = step
        .reactions
        .iter()
        .filter(|r| !r.off && !dialogue.reactions.iter().any(|g| g.id == r.id))
        .find(|r| holds(Conditions::of(r)));
    if let Some(r) = own {
        return Some((format!("x:{}:{}", step.id, r.id), r.clone()));
    }
    for g in &dialogue.reactions {
        match step.reactions.iter().find(|r| r.id == g.id) {
            None => {
                if holds(Conditions::of(g)) {
                    return Some((format!("x:{}", g.id), g.clone()));
                }
            }
            Some(o) if o.off => {}
            Some(o) => {
                fn pick<'a>(mine: &'a Vec<String>, theirs: &'a Vec<String>) -> &'a Vec<String> {
                    if mine.is_empty() { theirs } else { mine }
                }
                let merged = Conditions {
                    when: pick(&o.when, &g.when),
                    when_any: pick(&o.when_any, &g.when_any),
                    unless: pick(&o.unless, &g.unless),
                    before: pick(&o.before, &g.before),
                };
                if !holds(merged) {
                    continue;
                }
                let key = if o.customer.is_empty() {
                    format!("x:{}", g.id)
                } else {
                    format!("x:{}:{}", step.id, g.id)
                };
                return Some((
                    key,
                    Reaction {
                        id: g.id.clone(),
                        when: merged.when.clone(),
                        when_any: merged.when_any.clone(),
                        unless: merged.unless.clone(),
                        before: merged.before.clone(),
                        customer: pick(&o.customer, &g.customer).clone(),
                        off: false,
                    },
                ));
            }
        }
    }
    None
}

/// The conditions of a reaction, borrowed (a step's reaction may take some
/// from the dialogue's reaction of the same id).
#[derive(Clone, Copy)]
struct Conditions<'a> {
    when: &'a Vec<String>,
    when_any: &'a Vec<String>,
    unless: &'a Vec<String>,
    before: &'a Vec<String>,
}

impl<'a> Conditions<'a> {
    fn of(r: &'a Reaction) -> Conditions<'a> {
        Conditions {
            when: &r.when,
            when_any: &r.when_any,
            unless: &r.unless,
            before: &r.before,
        }
    }
}

/// The behaviour of a reply that names an amount.
const PRICE: &str = "noemt-prijs";

/// Whether every amount the reply quotes is a figure the customer said
/// earlier in this conversation: in a line of a step entered so far (any
/// variant, retry or known case: they state the same facts) or in the answer
/// of a topic the customer has told. A figure the customer only knows but has
/// not said yet still counts as the student's own amount.
fn echoes_the_customer(d: &Prepared, s: &Session, turn: &TurnRecord) -> bool {
    let quoted = quoted_amounts(&turn.detection);
    if quoted.is_empty() {
        return false;
    }
    let dialogue = &d.dialogue;
    let visited = dialogue
        .steps
        .iter()
        .filter(|st| s.visits.iter().any(|v| v.step == st.id));
    let lines = visited
        .flat_map(|st| {
            st.customer
                .iter()
                .chain(&st.retry)
                .chain(st.known.iter().flat_map(|k| &k.customer))
        })
        .chain(
            dialogue
                .knowledge
                .iter()
                .filter(|t| s.known.contains(&t.id))
                .flat_map(|t| &t.answer),
        );
    let own: Vec<_> = lines.flat_map(|l| amounts_in(l)).collect();
    quoted.iter().all(|q| own.contains(q))
}

/// Marks a topic as told.
pub(super) fn learn(s: &mut Session, topic: &str) {
    if !s.known.iter().any(|k| k == topic) {
        s.known.push(topic.to_string());
    }
}

/// The step entered for `id` given the known topics: `known` cases with a
/// `goto` skip, a case with lines is returned with its index. `Err` names a
/// step that does not exist.
pub(super) fn resolve<'d>(
    d: &'d Prepared,
    known: &[String],
    id: &str,
) -> Result<(&'d Step, Option<usize>), String> {
    let mut id = id.to_string();
    for _ in 0..MAX_SKIPS {
        let step = d.step(&id).ok_or_else(|| id.clone())?;
        let case = step
            .known
            .iter()
            .position(|k| k.topics.iter().all(|t| known.contains(t)));
        match case.and_then(|j| step.known[j].goto.as_ref()) {
            Some(goto) => id = goto.clone(),
            None => return Ok((step, case)),
        }
    }
    let step = d.step(&id).ok_or_else(|| id.clone())?;
    Ok((step, None))
}

/// A variant of `lines` (see [`choose_fresh`]).
pub(super) fn choose(
    s: &mut Session,
    key: &str,
    lines: &[String],
    step: &str,
    visit: u32,
    salt: &str,
) -> Option<String> {
    choose_fresh(s, key, lines, step, visit, salt).map(|(line, _)| line)
}

/// A variant of `lines` whose placeholders can be filled, not said before
/// while such one is left (`true`: it was not), chosen with the seed; its key
/// `key:index` is recorded as said.
pub(super) fn choose_fresh(
    s: &mut Session,
    key: &str,
    lines: &[String],
    step: &str,
    visit: u32,
    salt: &str,
) -> Option<(String, bool)> {
    // Which variants can be said (every placeholder has a value) and which
    // of those were said: decided without filling or formatting any, so
    // that only the chosen line is filled.
    let fillable: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            placeholders(l)
                .iter()
                .all(|&(_, name)| s.memory.value(name).is_some())
        })
        .map(|(i, _)| i)
        .collect();
    let fresh: Vec<usize> = fillable
        .iter()
        .copied()
        .filter(|&i| !said(s, key, i))
        .collect();
    let (pool, is_fresh) = if fresh.is_empty() {
        (fillable, false)
    } else {
        (fresh, true)
    };
    if pool.is_empty() {
        return None;
    }
    let i = pool[pick_index(s.seed, step, visit, salt, pool.len())];
    let line = fill(lines.get(i)?, &s.memory)?;
    if !said(s, key, i) {
        s.said.push(format!("{key}:{i}"));
    }
    Some((line, is_fresh))
}

/// Whether variant `i` of `key` was said (recorded as `key:i`).
fn said(s: &Session, key: &str, i: usize) -> bool {
    s.said.iter().any(|k| {
        k.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|n| {
                // Exactly as `format!` writes `i`: digits, no leading zero.
                n.bytes().all(|b| b.is_ascii_digit())
                    && (n == "0" || !n.starts_with('0'))
                    && n.parse() == Ok(i)
            })
    })
}
