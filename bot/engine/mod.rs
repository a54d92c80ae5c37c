//! The practice state machine: `(session, input) -> (session, outputs)`.
//! Plain data, no I/O, deterministic for a given seed. It implements the
//! "Semantics" section of `docs/dialogue-format.md`.
//!
//! Contract (front ends and the store build on it):
//! - [`start`] begins a session: a [`Output::Briefing`] and the start step's
//!   customer line.
//! - [`handle`] applies one [`Input`] (a reply, `/hint`, `/stop`) to a
//!   [`Session`] and returns the new session, the [`Output`]s to show and, for a
//!   judged reply, the [`TurnRecord`] to save. [`handle_detected`] does the same
//!   for a reply that was already judged (the matcher is not called).
//! - [`resume`] repeats where an in-progress session stands (after a restart).
//! - [`run_transcript`] replays a list of replies (for `gesprekscoach test`).
//! - [`Session`] serialises with serde so any front end can store it between
//!   replies; treat its fields as read-only.
//! - Outputs are plain data; [`render`] turns them into the Dutch text that both
//!   front ends show, so the terminal and Telegram say the same things.
//!
//! Scorecards hold werkproces *codes*; front ends resolve titles through
//! [`render::WerkprocesTitles`] (the catalogue), which keeps the engine free of
//! the catalogue file.

mod amounts;
mod listen;
pub mod render;
pub(crate) mod score;
pub mod words;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use words::words;

use crate::dialogue::{Briefing, Persona, Prepared, Register, Step};
use crate::knowledge::{Heard, Memory};
use crate::matching::{Detection, Language, LocalRule, Matcher};

pub use score::scorecard;

/// Where a conversation stands. Serialisable so that a front end can store it
/// between replies and resume it after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub dialogue_id: String,
    pub seed: u64,
    /// The step whose customer line the student is answering.
    pub current_step: String,
    /// True once an end step was reached or the student stopped.
    pub finished: bool,
    /// True when the student stopped before the end.
    pub stopped: bool,
    /// Every step entered, in order (a step entered twice appears twice).
    pub visits: Vec<Visit>,
    /// The customer's last line, repeated on [`resume`].
    pub last_line: String,
    /// How often the student asked for a hint.
    pub hints: u32,
    /// Knowledge topics the customer has told (answered or said in a step
    /// line that `tells` them).
    #[serde(default)]
    pub known: Vec<String>,
    /// Keys of the line variants said so far, so none is said twice.
    #[serde(default)]
    pub said: Vec<String>,
    /// What the customer remembers of the student (placeholders).
    #[serde(default)]
    pub memory: Memory,
    /// The student's own questions the customer answered from its knowledge.
    #[serde(default)]
    pub answered: Vec<AnsweredTopic>,
}

/// A question of the student that the customer answered from its knowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnsweredTopic {
    /// The knowledge topic's id.
    pub topic: String,
    /// Its label (`about`).
    pub about: String,
    /// The step the question was asked at.
    pub step: String,
    /// The student's question.
    pub quote: String,
}

impl Session {
    /// Step ids visited, start to current.
    pub fn path(&self) -> Vec<String> {
        self.visits.iter().map(|v| v.step.clone()).collect()
    }

    /// Number of replies judged so far.
    pub fn replies(&self) -> u32 {
        self.visits.iter().map(|v| v.replies).sum()
    }

    /// Whether `behaviour` was shown at the current step (any reply there).
    fn shown_now(&self, behaviour: &str) -> bool {
        self.visits.last().is_some_and(|v| v.shows(behaviour))
    }
}

/// One entry into a step and what the student showed there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub step: String,
    /// Replies given at this visit.
    pub replies: u32,
    /// Retry lines the customer said at this visit.
    pub retries: u32,
    /// Behaviours shown at this visit (the union over its replies), each with
    /// the student's words that first showed it.
    pub shown: Vec<Shown>,
    /// Replies at this visit that only asked the customer something (no
    /// expectation shown); they do not use up a retry.
    #[serde(default)]
    pub questions: u32,
    /// The step was passed without a reply of its own: the reply that led
    /// here had already shown everything it requires.
    #[serde(default)]
    pub carried: bool,
}

impl Visit {
    fn new(step: &str) -> Visit {
        Visit {
            step: step.to_string(),
            replies: 0,
            retries: 0,
            shown: Vec::new(),
            questions: 0,
            carried: false,
        }
    }

    pub fn shows(&self, behaviour: &str) -> bool {
        self.shown.iter().any(|s| s.behaviour == behaviour)
    }

    pub fn quote(&self, behaviour: &str) -> Option<&str> {
        self.shown
            .iter()
            .find(|s| s.behaviour == behaviour)
            .map(|s| s.quote.as_str())
    }
}

/// A behaviour shown, with a quote of the student's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub behaviour: String,
    pub quote: String,
}

/// What the student does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Input {
    Reply(String),
    Hint,
    Stop,
}

/// What the front end shows, as plain data (see [`render`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Output {
    Briefing(BriefingCard),
    /// A line of the customer; `name` is the persona's name.
    Customer {
        name: String,
        text: String,
    },
    Feedback(Feedback),
    Hint(String),
    Scorecard(Scorecard),
    Notice(Notice),
}

/// The briefing shown before the conversation starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefingCard {
    pub title: String,
    pub werkprocessen: Vec<String>,
    pub briefing: Briefing,
    pub persona: Persona,
    /// The conversation's language (the form of address applies to Dutch only).
    #[serde(default)]
    pub language: Language,
}

/// Feedback on one reply (docs/dialogue-format.md, "Feedback per reply").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// `hit` texts of expectations newly shown by this reply.
    pub hits: Vec<Remark>,
    /// `miss` text of the first required expectation still missing.
    pub miss: Option<Remark>,
    /// `feedback` texts of avoided behaviours that this reply showed.
    pub warnings: Vec<Remark>,
    /// Set when the reply used the wrong form of address.
    pub register: Option<RegisterNote>,
    /// Topics the customer answered from its knowledge after this reply (not
    /// shown as feedback: the customer's line says it; the teacher sees it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answered: Vec<AnsweredTopic>,
    /// The customer said it did not know what the reply asked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unknown_question: bool,
    /// The customer answered small talk ("alles goed?") with a word or two.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub small_talk: bool,
    /// The id of the reaction the reply caused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<String>,
    /// The dialogue's language: the labels around the texts are in it.
    #[serde(default, skip_serializing_if = "is_dutch")]
    pub language: Language,
}

fn is_dutch(l: &Language) -> bool {
    *l == Language::Nl
}

impl Feedback {
    /// True when there is nothing to show the student (what the customer
    /// did with the reply is not feedback).
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
            && self.miss.is_none()
            && self.warnings.is_empty()
            && self.register.is_none()
    }
}

/// One feedback sentence from the dialogue file, with the student's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remark {
    pub behaviour: String,
    pub text: String,
    /// The student's words that showed the behaviour (none for a miss).
    pub quote: Option<String>,
}

/// The reply addressed the customer with the wrong form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterNote {
    /// The form the persona expects.
    pub expected: Register,
    /// The customer's name.
    pub customer: String,
    /// The student's words in the wrong form.
    pub quote: Option<String>,
}

/// Messages about the session itself rather than the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// Input after the end or after `/stop`.
    AlreadyFinished,
    /// An empty reply: nothing to judge.
    EmptyReply,
    /// `/hint` at a step without any hint text.
    NoHint,
    /// The dialogue cannot go on (a step is missing or has no way out).
    /// The loader's `check` prevents this; the engine stays safe anyway.
    BrokenDialogue { step: String },
    /// An interrupted session continues.
    Resumed { replies: u32 },
}

/// Result of a finished (or stopped) conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub dialogue_id: String,
    pub title: String,
    /// 0-100.
    pub score: u32,
    /// Points gained (expectation weight shown minus avoids fired) and what
    /// the score divides them by, for the line that explains the score.
    #[serde(default)]
    pub points: i64,
    #[serde(default)]
    pub of: u64,
    /// The dialogue's werkproces codes (titles: [`render::WerkprocesTitles`]).
    pub werkprocessen: Vec<String>,
    /// One per criterion of the dialogue, in file order.
    pub criteria: Vec<CriterionResult>,
    /// Step ids visited.
    pub path: Vec<String>,
    /// True when the student stopped before the end.
    pub stopped: bool,
    pub hints: u32,
    /// The student's own questions the customer answered from its knowledge.
    #[serde(default)]
    pub answered: Vec<AnsweredTopic>,
    /// The dialogue's language: the headings around the texts are in it.
    #[serde(default, skip_serializing_if = "is_dutch")]
    pub language: Language,
}

/// How one criterion went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub label: String,
    /// The Gedrag line of the dossier.
    pub gedrag: String,
    /// Werkproces code.
    pub werkproces: String,
    pub status: CriterionStatus,
    /// The student's words that showed it (the first shown expectation).
    pub quote: Option<String>,
    /// The criterion's advice; front ends show it when the criterion was not met.
    pub tip: String,
    /// How the status came about (none for a part measured otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

/// How a criterion's status came about, for the scorecard's one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basis {
    /// Weight of its expectations the student showed.
    pub shown: u64,
    /// Weight of its expectations on the steps the student answered.
    pub of: u64,
    /// A required expectation for it was missing.
    pub required_missing: bool,
    /// Something to avoid for it happened (a "Let op").
    pub warned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    Met,
    NotMet,
    NotAssessed,
}

/// What the store saves for one judged reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnRecord {
    /// The step the reply answered.
    pub step: String,
    pub text: String,
    pub detection: Detection,
    /// What the coach said about the reply, and what the customer did with it
    /// (answered from knowledge, an unknown question, a reaction).
    pub feedback: Feedback,
}

/// Result of [`run_transcript`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptRun {
    pub path: Vec<String>,
    /// `None` when the replies ran out before an end step.
    pub scorecard: Option<Scorecard>,
    pub turns: Vec<TurnRecord>,
    /// Replies left over after the conversation ended.
    pub unused_replies: usize,
}

/// Begins a conversation: the briefing, then the start step's line.
pub fn start(d: &Prepared, seed: u64) -> (Session, Vec<Output>) {
    let dialogue = &d.dialogue;
    let start_id = dialogue
        .start
        .clone()
        .or_else(|| dialogue.steps.first().map(|s| s.id.clone()))
        .unwrap_or_default();
    let session = Session {
        dialogue_id: dialogue.id.clone(),
        seed,
        current_step: start_id.clone(),
        finished: false,
        stopped: false,
        visits: Vec::new(),
        last_line: String::new(),
        hints: 0,
        known: Vec::new(),
        said: Vec::new(),
        memory: Memory::default(),
        answered: Vec::new(),
    };
    let mut outputs = vec![Output::Briefing(BriefingCard {
        title: dialogue.title.clone(),
        werkprocessen: dialogue.werkprocessen.clone(),
        briefing: dialogue.briefing.clone(),
        persona: dialogue.persona.clone(),
        language: dialogue.language,
    })];
    let session = enter(d, session, &start_id, &mut outputs, Vec::new());
    (session, outputs)
}

/// Applies one input. A reply is judged by `m` against the catalogue plus the
/// dialogue's local rules.
pub fn handle(
    d: &Prepared,
    m: &Matcher,
    s: Session,
    input: Input,
) -> (Session, Vec<Output>, Option<TurnRecord>) {
    match input {
        Input::Reply(text) => {
            if s.finished || text.trim().is_empty() {
                return handle_detected(d, s, &text, Detection::default());
            }
            let rules: Vec<&LocalRule> = d.rules.iter().collect();
            // One reading of the reply for the judge and the knowledge finder.
            let reading = m.read(d.dialogue.language, &text);
            let mut detection = m.judge(&reading, &s.last_line, &rules);
            if let Some(evidence) = amounts::above_mandate(d, &text) {
                detection.behaviours.push(evidence.behaviour.clone());
                detection.evidence.push(evidence);
            }
            if let Some(step) = d.step(&s.current_step) {
                no_credit_inside_blame(&mut detection, &text, step);
            }
            let heard = d.knowledge.hear_read(&reading, &text, &detection);
            no_question_credit_for_small_talk(&mut detection, &heard);
            reply(d, s, &text, detection, heard)
        }
        Input::Hint => {
            let (s, out) = hint(d, s);
            (s, out, None)
        }
        Input::Stop => {
            let (s, out) = stop(d, s);
            (s, out, None)
        }
    }
}

/// Applies a reply that was already judged. The customer's knowledge is not
/// consulted (that needs the matcher): nothing is answered from it.
pub fn handle_detected(
    d: &Prepared,
    s: Session,
    text: &str,
    detection: Detection,
) -> (Session, Vec<Output>, Option<TurnRecord>) {
    reply(d, s, text, detection, Heard::default())
}

fn reply(
    d: &Prepared,
    mut s: Session,
    text: &str,
    detection: Detection,
    heard: Heard,
) -> (Session, Vec<Output>, Option<TurnRecord>) {
    if s.finished {
        return (s, vec![Output::Notice(Notice::AlreadyFinished)], None);
    }
    if text.trim().is_empty() {
        return (s, vec![Output::Notice(Notice::EmptyReply)], None);
    }
    let (Some(step), Some(_)) = (d.step(&s.current_step), s.visits.last()) else {
        let mut outputs = Vec::new();
        let step = s.current_step.clone();
        let s = broken(d, s, &step, &mut outputs);
        return (s, outputs, None);
    };
    let visit_no = visit_number(&s, &step.id);
    let s_known = s.known.clone();
    let Some(visit) = s.visits.last_mut() else {
        return (s, Vec::new(), None);
    };
    visit.replies += 1;

    let mut newly = Vec::new();
    for behaviour in &detection.behaviours {
        if !visit.shows(behaviour) {
            let quote = quote_for(&detection, behaviour, text);
            visit.shown.push(Shown {
                behaviour: behaviour.clone(),
                quote,
            });
            newly.push(behaviour.as_str());
        }
    }

    let mut feedback = Feedback {
        language: d.dialogue.language,
        ..Feedback::default()
    };
    for e in &step.expect {
        if newly.contains(&e.behaviour.as_str()) {
            feedback.hits.push(Remark {
                behaviour: e.behaviour.clone(),
                text: e.hit.clone(),
                quote: visit.quote(&e.behaviour).map(str::to_string),
            });
        }
    }
    for a in &step.avoid {
        if detection.has(&a.behaviour) {
            feedback.warnings.push(Remark {
                behaviour: a.behaviour.clone(),
                text: a.feedback.clone(),
                quote: Some(quote_for(&detection, &a.behaviour, text)),
            });
        }
    }
    if let Some((behaviour, quote)) = amounts::wrong_result(d, step, &detection, text) {
        feedback.warnings.push(Remark {
            behaviour,
            text: words(d.dialogue.language).wrong_amount.to_string(),
            quote: Some(quote),
        });
    }
    if let Some(max) = d
        .dialogue
        .max_discount
        .filter(|_| detection.has(crate::dialogue::ABOVE_MANDATE) && unwarned(step, &detection))
    {
        feedback.warnings.push(Remark {
            behaviour: crate::dialogue::ABOVE_MANDATE.to_string(),
            text: if max == 0 {
                words(d.dialogue.language).no_discount.to_string()
            } else {
                words(d.dialogue.language).above_mandate(max)
            },
            quote: Some(quote_for(&detection, crate::dialogue::ABOVE_MANDATE, text)),
        });
    }
    if let Some(warning) = unprofessional_warning(d, step, &detection) {
        feedback.warnings.push(Remark {
            behaviour: UNPROFESSIONAL.to_string(),
            text: warning.to_string(),
            quote: Some(quote_for(&detection, UNPROFESSIONAL, text)),
        });
    }
    let persona = &d.dialogue.persona;
    let wrong_form = match persona.register {
        Register::U => "je-vorm",
        Register::Je => "u-vorm",
    };
    // An avoid of the wrong form already says it, with the author's words.
    let avoided = feedback.warnings.iter().any(|w| w.behaviour == wrong_form);
    if detection.has(wrong_form) && !avoided {
        feedback.register = Some(RegisterNote {
            expected: persona.register,
            customer: persona.name.clone(),
            quote: Some(quote_for(&detection, wrong_form, text)),
        });
    }
    let missing = step
        .expect
        .iter()
        .find(|e| e.required && !visit.shows(&e.behaviour));
    feedback.miss = missing.map(|e| Remark {
        behaviour: e.behaviour.clone(),
        text: e.miss.clone(),
        quote: None,
    });

    // A reply that only asks the customer something it knows (and shows
    // nothing the step expects) is answered and the step waits for what it
    // still needs:
    // it does not use up a retry, so a summary given after an own question is
    // judged at the step that asked for it.
    let showed_expected = step
        .expect
        .iter()
        .any(|e| detection.has(&e.behaviour) || newly.contains(&e.behaviour.as_str()));
    let asks = !heard.asked.is_empty();
    // Where the author foresaw the question (the branch the reply would take
    // skips on through a `known` case of what the answer tells), the
    // conversation follows that instead.
    let foreseen = || {
        let mut known = s_known.clone();
        known.extend(
            heard
                .asked
                .iter()
                .filter_map(|&i| d.knowledge.id(i).map(str::to_string)),
        );
        choose_branch(step, visit)
            .is_some_and(|goto| listen::resolve(d, &known, goto).is_ok_and(|(st, _)| st.id != goto))
    };
    let question_only = missing.is_some()
        && asks
        && !showed_expected
        && visit.questions < MAX_OWN_QUESTIONS
        && !foreseen();
    if question_only {
        visit.questions += 1;
    }
    let retry = !question_only
        && missing.is_some()
        && !step.retry.is_empty()
        && visit.retries < step.max_retries;
    let stay = retry || question_only;
    let next = if stay {
        None
    } else {
        choose_branch(step, visit).map(str::to_string)
    };
    if retry {
        visit.retries += 1;
    }
    let retries = visit.retries;
    // What the reply gave that is specific to this dialogue (its own rules:
    // an amount, a product, a fact) counts at the next step too, so the
    // customer does not ask for it again. Catalogue behaviours (a question,
    // a benefit) are asked anew at every step.
    let carry: Vec<Shown> = detection
        .behaviours
        .iter()
        .filter(|b| d.rules.iter().any(|r| &r.id == *b))
        .map(|b| Shown {
            behaviour: b.clone(),
            quote: quote_for(&detection, b, text),
        })
        .collect();

    let mut turn = TurnRecord {
        step: step.id.clone(),
        text: text.to_string(),
        detection,
        feedback: feedback.clone(),
    };
    let mut outputs = Vec::new();
    if !feedback.is_empty() {
        outputs.push(Output::Feedback(feedback));
    }

    let said = listen::respond(
        d,
        &mut s,
        step,
        visit_no,
        &heard,
        next.as_deref(),
        &mut turn,
    );
    if stay {
        let mut parts = said;
        // An answer takes the place of the retry line; after an own question
        // the customer's answer (or "I don't know") is all it says.
        if retry && turn.feedback.answered.is_empty() {
            let salt = format!("retry-{retries}");
            let key = format!("r:{}", step.id);
            parts.extend(listen::choose(
                &mut s,
                &key,
                &step.retry,
                &step.id,
                visit_no,
                &salt,
            ));
        }
        if parts.is_empty() {
            // Nothing answered the question: the customer asks again.
            let salt = format!("question-{}", visit_no);
            let key = format!("r:{}", step.id);
            let lines = if step.retry.is_empty() {
                &step.customer
            } else {
                &step.retry
            };
            parts.extend(listen::choose(
                &mut s, &key, lines, &step.id, visit_no, &salt,
            ));
        }
        let line = parts.join(" ");
        s.last_line = line.clone();
        outputs.push(customer(d, line));
        return (s, outputs, Some(turn));
    }

    let s = match next {
        Some(goto) => enter_after(d, s, &goto, &mut outputs, said, &carry),
        None => broken(d, s, &step.id, &mut outputs),
    };
    (s, outputs, Some(turn))
}

/// Shows what an interrupted session was waiting for: a notice and the
/// customer's last line again.
pub fn resume(d: &Prepared, s: &Session) -> Vec<Output> {
    vec![
        Output::Notice(Notice::Resumed {
            replies: s.replies(),
        }),
        customer(d, s.last_line.clone()),
    ]
}

/// Whether `s` can continue with this version of the dialogue (the file may
/// have changed since the session was saved).
pub fn can_resume(d: &Prepared, s: &Session) -> bool {
    !s.finished && s.dialogue_id == d.dialogue.id && d.step(&s.current_step).is_some()
}

/// Plays `replies` from the start with `seed` until an end step or the replies
/// run out.
pub fn run_transcript(d: &Prepared, m: &Matcher, seed: u64, replies: &[String]) -> TranscriptRun {
    let (mut s, mut last) = start(d, seed);
    let mut turns = Vec::new();
    let mut used = 0;
    for reply in replies {
        if s.finished {
            break;
        }
        used += 1;
        let (next, out, turn) = handle(d, m, s, Input::Reply(reply.clone()));
        s = next;
        last = out;
        turns.extend(turn);
    }
    let scorecard = last.into_iter().find_map(|o| match o {
        Output::Scorecard(card) => Some(card),
        _ => None,
    });
    TranscriptRun {
        path: s.path(),
        scorecard: if s.finished { scorecard } else { None },
        turns,
        unused_replies: replies.len() - used,
    }
}

fn hint(d: &Prepared, mut s: Session) -> (Session, Vec<Output>) {
    if s.finished {
        return (s, vec![Output::Notice(Notice::AlreadyFinished)]);
    }
    let Some(step) = d.step(&s.current_step) else {
        return (s, vec![Output::Notice(Notice::NoHint)]);
    };
    // Without a written hint, the first thing still missing is the best advice.
    let text = step.hint.clone().or_else(|| {
        step.expect
            .iter()
            .filter(|e| !s.shown_now(&e.behaviour))
            .min_by_key(|e| !e.required)
            .map(|e| e.miss.clone())
    });
    s.hints += 1;
    match text {
        Some(text) => (s, vec![Output::Hint(text)]),
        None => (s, vec![Output::Notice(Notice::NoHint)]),
    }
}

fn stop(d: &Prepared, mut s: Session) -> (Session, Vec<Output>) {
    if s.finished {
        return (s, vec![Output::Notice(Notice::AlreadyFinished)]);
    }
    s.finished = true;
    s.stopped = true;
    let card = scorecard(d, &s);
    (s, vec![Output::Scorecard(card)])
}

/// The catalogue's behaviour to avoid everywhere: blaming, dismissing or
/// belittling the customer, pressure, swearing.
pub(crate) const UNPROFESSIONAL: &str = "onprofessioneel";

/// The warning for [`UNPROFESSIONAL`] at a step whose author did not write
/// one: none of the step's own avoids fired for what was `shown` (an avoid
/// of it, or of the author's own rude-words rule, says it in the author's
/// words). Every Dutch dialogue's briefing asks for a professional tone, so
/// a rude reply is warned at every step and costs a point ([`score`]); the
/// English dialogues ask the same, in English.
pub(crate) fn unprofessional_warning(
    d: &Prepared,
    step: &Step,
    shown: &impl Shows,
) -> Option<&'static str> {
    (shown.shows_behaviour(UNPROFESSIONAL) && unwarned(step, shown))
        .then_some(words(d.dialogue.language).unprofessional)
}

/// True when none of the step's own avoids fired for what was shown (an
/// author's "Let op: meer dan 10% ..." says it already, and costs its own
/// weight), so a warning of the engine's own is needed.
pub(crate) fn unwarned(step: &Step, shown: &impl Shows) -> bool {
    !step
        .avoid
        .iter()
        .any(|a| shown.shows_behaviour(&a.behaviour))
}

/// What a reply or a visit showed.
pub(crate) trait Shows {
    fn shows_behaviour(&self, id: &str) -> bool;
}

impl Shows for Detection {
    fn shows_behaviour(&self, id: &str) -> bool {
        self.has(id)
    }
}

impl Shows for Visit {
    fn shows_behaviour(&self, id: &str) -> bool {
        self.shows(id)
    }
}

/// A sentence that blames or dismisses the customer earns nothing else: its
/// topic words ("jullie planning kwam altijd te laat") are no question about
/// the planning, and no understanding is shown in it. A behaviour the step
/// expects whose every piece of evidence lies in such a sentence is dropped
/// (what the step avoids stays, and so do the form of address and amounts:
/// they are facts of the sentence, not credit).
fn no_credit_inside_blame(detection: &mut Detection, text: &str, step: &Step) {
    let sentences = sentence_spans(text);
    let blamed: Vec<(usize, usize)> = detection
        .evidence
        .iter()
        // Blame and dismissal, not a rude interjection ("Boeiend, neem
        // gewoon een proefplaatsing" still proposes the trial).
        .filter(|e| e.behaviour == UNPROFESSIONAL && !e.negated && e.rule != "grof of afwijzend")
        .filter_map(|e| {
            sentences
                .iter()
                .find(|(a, b)| *a <= e.start && e.start < *b)
        })
        .copied()
        .collect();
    if blamed.is_empty() {
        return;
    }
    let inside =
        |e: &crate::matching::Evidence| blamed.iter().any(|(a, b)| *a <= e.start && e.end <= *b);
    let keep = |b: &str| {
        matches!(b, UNPROFESSIONAL | "u-vorm" | "je-vorm" | "noemt-prijs")
            || !step.expect.iter().any(|e| e.behaviour == b)
            || step.avoid.iter().any(|a| a.behaviour == b)
    };
    drop_credit_inside(detection, |b| !keep(b), inside);
}

/// Drops the behaviours `which` selects whose every (not negated) piece of
/// evidence lies `inside` some span; the evidence itself stays.
fn drop_credit_inside(
    detection: &mut Detection,
    which: impl Fn(&str) -> bool,
    inside: impl Fn(&crate::matching::Evidence) -> bool,
) {
    let dropped: Vec<String> = detection
        .behaviours
        .iter()
        .filter(|b| which(b))
        .filter(|b| {
            let mut ev = detection
                .evidence
                .iter()
                .filter(|e| &e.behaviour == *b && !e.negated)
                .peekable();
            ev.peek().is_some() && ev.all(&inside)
        })
        .cloned()
        .collect();
    detection.behaviours.retain(|b| !dropped.contains(b));
}

/// "Hoe gaat het met u?" and "alles goed?" are polite, not a question
/// about the customer's situation: a step that expects an open or closed
/// question is not met by small talk alone (the customer still answers it,
/// `listen::respond`). The matcher's detection is the catalogue's and keeps
/// them; only the credit here is dropped.
fn no_question_credit_for_small_talk(detection: &mut Detection, heard: &Heard) {
    let small: Vec<(usize, usize)> = heard
        .questions
        .iter()
        .filter(|q| q.small_talk)
        .map(|q| (q.start, q.end))
        .collect();
    if small.is_empty() {
        return;
    }
    let inside =
        |e: &crate::matching::Evidence| small.iter().any(|(a, b)| *a <= e.start && e.start < *b);
    drop_credit_inside(
        detection,
        |b| matches!(b, "open-vraag" | "gesloten-vraag"),
        inside,
    );
}

/// Character ranges of the sentences of `text` (split after . ! ?).
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in text.chars().enumerate() {
        if matches!(c, '.' | '!' | '?') {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    let end = text.chars().count();
    if start < end {
        spans.push((start, end));
    }
    spans
}

/// How many replies at one visit may only ask the customer something before
/// they count as not answering the step: one, so a student who keeps asking
/// around the step's question still gets its retry and moves on.
const MAX_OWN_QUESTIONS: u32 = 1;

/// Enters step `id` (or the step its `known` cases skip to): says `before`
/// and its line in one message; an end step finishes the conversation.
fn enter(
    d: &Prepared,
    s: Session,
    id: &str,
    outputs: &mut Vec<Output>,
    before: Vec<String>,
) -> Session {
    enter_after(d, s, id, outputs, before, &[])
}

/// [`enter`] after a reply that showed `carry`: a step whose every required
/// expectation that reply already showed is passed with that credit (the
/// customer does not ask for what the student just gave), and the next one
/// is entered instead.
fn enter_after(
    d: &Prepared,
    mut s: Session,
    id: &str,
    outputs: &mut Vec<Output>,
    before: Vec<String>,
    carry: &[Shown],
) -> Session {
    let (mut step, mut case) = match listen::resolve(d, &s.known, id) {
        Ok(found) => found,
        Err(missing) => return broken(d, s, &missing, outputs),
    };
    for _ in 0..MAX_CARRIED_STEPS {
        let Some(visit) = carried(step, carry) else {
            break;
        };
        let Some(goto) = choose_branch(step, &visit).map(str::to_string) else {
            break;
        };
        for topic in &step.tells {
            listen::learn(&mut s, topic);
        }
        s.visits.push(visit);
        (step, case) = match listen::resolve(d, &s.known, &goto) {
            Ok(found) => found,
            Err(missing) => return broken(d, s, &missing, outputs),
        };
    }
    s.current_step = step.id.clone();
    let mut visit = Visit::new(&step.id);
    visit.shown = credit(step, carry);
    s.visits.push(visit);
    let given = s.visits.last().is_some_and(|v| !v.shown.is_empty());
    let visit = visit_number(&s, &step.id);
    let line = match case.and_then(|j| step.known.get(j).map(|k| (j, k))) {
        Some((j, k)) => {
            let key = format!("k:{}:{j}", step.id);
            listen::choose(&mut s, &key, &k.customer, &step.id, visit, "known")
        }
        // The reply before already gave part of what this step asks ("ik
        // adviseer de Barista Pro voor 89 euro"): asking "wat zou u ons
        // adviseren?" as if nothing was said is the customer not listening.
        // A retry line asks for what is still missing; not when the step's
        // own line tells facts (`tells`): those must be said.
        None if given && !step.retry.is_empty() && step.tells.is_empty() => {
            let key = format!("r:{}", step.id);
            listen::choose(&mut s, &key, &step.retry, &step.id, visit, "given")
        }
        None => {
            let key = format!("c:{}", step.id);
            listen::choose(&mut s, &key, &step.customer, &step.id, visit, "")
        }
    };
    for topic in &step.tells {
        listen::learn(&mut s, topic);
    }
    let line = before.into_iter().chain(line).collect::<Vec<_>>().join(" ");
    s.last_line = line.clone();
    outputs.push(customer(d, line));
    if step.end {
        s.finished = true;
        outputs.push(Output::Scorecard(scorecard(d, &s)));
    }
    s
}

/// Ends a session that cannot go on at `step`; what was shown so far still
/// counts in the scorecard.
fn broken(d: &Prepared, mut s: Session, step: &str, outputs: &mut Vec<Output>) -> Session {
    s.finished = true;
    outputs.push(Output::Notice(Notice::BrokenDialogue {
        step: step.to_string(),
    }));
    outputs.push(Output::Scorecard(scorecard(d, &s)));
    s
}

fn customer(d: &Prepared, text: String) -> Output {
    Output::Customer {
        name: d.dialogue.persona.name.clone(),
        text,
    }
}

/// How many steps one reply may pass at once.
const MAX_CARRIED_STEPS: usize = 3;

/// The expectations of `step` that `carry` (the dialogue-specific facts the
/// reply before it gave) already shows.
fn credit(step: &Step, carry: &[Shown]) -> Vec<Shown> {
    step.expect
        .iter()
        .filter_map(|e| carry.iter().find(|c| c.behaviour == e.behaviour).cloned())
        .collect()
}

/// The visit of `step` passed with `carry`, when `carry` shows every required
/// expectation of it and nothing it avoids.
fn carried(step: &Step, carry: &[Shown]) -> Option<Visit> {
    if step.end || carry.is_empty() {
        return None;
    }
    let has = |b: &str| carry.iter().any(|c| c.behaviour == b);
    let mut required = step.expect.iter().filter(|e| e.required).peekable();
    required.peek()?;
    if !required.all(|e| has(&e.behaviour)) || step.avoid.iter().any(|a| has(&a.behaviour)) {
        return None;
    }
    let mut visit = Visit::new(&step.id);
    visit.carried = true;
    visit.shown = credit(step, carry);
    Some(visit)
}

/// 1-based count of entries into `step` so far.
fn visit_number(s: &Session, step: &str) -> u32 {
    s.visits.iter().filter(|v| v.step == step).count() as u32
}

/// The first branch whose condition holds for what the visit showed.
fn choose_branch<'a>(step: &'a Step, visit: &Visit) -> Option<&'a str> {
    step.next
        .iter()
        .find(|b| {
            b.when.iter().all(|id| visit.shows(id))
                && (b.when_any.is_empty() || b.when_any.iter().any(|id| visit.shows(id)))
                && !b.unless.iter().any(|id| visit.shows(id))
        })
        .map(|b| b.goto.as_str())
}

/// The student's words for `behaviour`; the whole reply when the matcher gave
/// no span. A span that starts or ends inside a word is widened to whole words
/// ("how" in "however" quotes "however").
fn quote_for(detection: &Detection, behaviour: &str, text: &str) -> String {
    detection
        .evidence_for(behaviour)
        .map(|e| {
            let (end, cut) = if CUE_LED.contains(&behaviour) {
                clause_end(text, e.end)
            } else {
                (e.end, false)
            };
            let quote =
                whole_words(text, e.start, end).unwrap_or_else(|| e.matched.trim().to_string());
            if cut { format!("{quote} …") } else { quote }
        })
        .filter(|q| !q.is_empty())
        .unwrap_or_else(|| text.trim().to_string())
}

/// Behaviours whose evidence is the cue that opens what the student said:
/// "Sterk samengevat: "Dus als ik"" quotes the cue, not the summary, so the
/// quote runs on to the end of the clause.
const CUE_LED: &[&str] = &["samenvatten", "voordeel-benoemen"];

/// How many words a quote runs on to at most.
const CLAUSE_WORDS: usize = 16;

/// The character where the clause holding `from` ends: at `.`, `!`, `?` or
/// `;`, at a comma once the quote has a few words, or after
/// [`CLAUSE_WORDS`] words (`true`: cut there).
fn clause_end(text: &str, from: usize) -> (usize, bool) {
    let mut words = 0;
    let mut end = from;
    for (i, c) in text.chars().enumerate().skip(from) {
        match c {
            '.' | '!' | '?' | ';' => return (i, false),
            ',' if words >= 3 => return (i, false),
            c if c.is_whitespace() => {
                words += 1;
                if words > CLAUSE_WORDS {
                    return (end, true);
                }
            }
            _ => {}
        }
        end = i + 1;
    }
    (end, false)
}

/// The characters `start..end` of `text` widened to whole words, trimmed;
/// `None` when the span does not fit the text.
pub(crate) fn whole_words(text: &str, start: usize, end: usize) -> Option<String> {
    if start >= end {
        return None;
    }
    // Byte offsets of the two characters (the end may be the text's end),
    // found in one pass instead of copying the text into characters.
    let mut offsets = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let mut from = offsets.nth(start)?;
    let mut to = offsets.nth(end - start - 1)?;
    let word = |c: char| c.is_alphanumeric() || c == '\'' || c == '-';
    while let (Some(before), Some(at)) = (
        text[..from].chars().next_back(),
        text[from..].chars().next(),
    ) && word(before)
        && word(at)
    {
        from -= before.len_utf8();
    }
    while let (Some(at), Some(before)) = (text[to..].chars().next(), text[..to].chars().next_back())
        && word(at)
        && word(before)
    {
        to += at.len_utf8();
    }
    Some(text[from..to].trim().to_string())
}

/// Seeded choice of one of `n` variants. The seed mixes the session seed
/// with a stable hash of the step id, the visit number and a salt, so a
/// transcript replays identically on every platform and Rust version.
fn pick_index(seed: u64, step: &str, visit: u32, salt: &str, n: usize) -> usize {
    match n {
        0 | 1 => 0,
        n => {
            let mixed = seed
                ^ fnv1a(step.as_bytes()).rotate_left(17)
                ^ fnv1a(salt.as_bytes()).rotate_left(41)
                ^ u64::from(visit).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut rng = ChaCha8Rng::seed_from_u64(mixed);
            rng.random_range(0..n)
        }
    }
}

/// FNV-1a, 64 bit: std's hasher is not guaranteed stable between releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
