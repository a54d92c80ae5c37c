//! The shift engine: `(ShiftSession, Input, now) -> (ShiftSession, Outputs)`.
//! Pure and deterministic: the front end passes the shift clock (seconds since
//! the start) with every input and the engine never reads a clock itself, so
//! a restart continues with the schedule intact and tests need no sleeping.
//!
//! Semantics (docs/webcare-format.md, "Semantics"):
//! - Before an input is applied, every scheduled message with `at <= now`
//!   arrives (in time order, ties in file order) and gets the next number.
//! - A reply answers one open message (the oldest when none is named); each
//!   message takes one reply. The first `next` branch that holds for the
//!   reply schedules its follow-up at reply time + `after`.
//! - The shift ends when nothing is open or scheduled any more, when the
//!   clock reaches the scenario's `duration`, or on `Stop`; then comes the
//!   report and the question for a reflection (not for a shift stopped
//!   before the first answer or escalation: nothing to reflect on).

use serde::{Deserialize, Serialize};

use super::PreparedScenario;
use super::model::{Channel, Company, FollowUp};
use super::score::{self, ShiftReport};
pub use super::session::{CustomerAnswer, Pending, Post, Reply, ShiftSession};
use crate::knowledge::{Heard, MAX_ANSWERS, PLAIN_BEHAVIOURS, again, unknown_lines};
use crate::matching::{Detection, Language, Matcher};

/// Shift seconds a reply takes where the front end simulates the clock
/// (the terminal's practice, the dashboard editor's preview), so a shift
/// played there reads the same and a replay gives the same shift.
pub const REPLY_SECONDS: u64 = 60;
/// Shift seconds an escalation takes on a simulated clock.
pub const ESCALATE_SECONDS: u64 = 30;

/// What the student does. `message` names a scenario message id; `None`
/// means the focused post (see [`Input::Focus`]) or else the oldest open one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Input {
    /// Only lets time pass (arrivals, end of the shift).
    Tick,
    Reply {
        message: Option<String>,
        text: String,
    },
    Escalate {
        message: Option<String>,
    },
    Hint,
    Stop,
    Reflection(String),
    /// Chooses the post the next reply without a named message answers.
    Focus {
        number: u32,
    },
}

/// What the front end shows, as plain data ([`super::render`] makes text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Output {
    Briefing(ShiftBriefing),
    /// A message arrives.
    Arrived(PostCard),
    /// The student's reply was posted, `after` seconds after arrival.
    Posted {
        number: u32,
        message: String,
        after: u64,
    },
    /// The customer answers a question in the reply right away, in a short
    /// message of its own that needs no reply (when the reply sends no
    /// follow-up that could carry the answer).
    Answer {
        number: u32,
        author: String,
        text: String,
    },
    Escalated {
        number: u32,
        message: String,
    },
    Hint {
        number: u32,
        text: String,
    },
    /// The next reply goes to this post.
    Focused {
        number: u32,
    },
    /// The clock reached the end of the shift.
    TimeUp,
    Report(Box<ShiftReport>),
    AskReflection,
    ReflectionSaved,
    Notice(ShiftNotice),
}

/// The briefing before the first message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftBriefing {
    pub title: String,
    pub werkprocessen: Vec<String>,
    pub company: Company,
    pub duration: u64,
    /// The scenario's language (the form of address applies to Dutch only).
    #[serde(default)]
    pub language: Language,
}

/// An arrived message as the student sees it (impact and urgency are for the
/// student to judge, so they are not shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCard {
    pub number: u32,
    pub message: String,
    pub channel: Channel,
    pub platform: String,
    pub author: String,
    pub text: String,
    pub at: u64,
    /// The scenario's language (the channel's name is shown in it).
    #[serde(default)]
    pub language: Language,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum ShiftNotice {
    /// A reply while no message is open.
    NothingOpen,
    /// The named message does not exist or has not arrived yet.
    UnknownMessage {
        message: String,
    },
    /// The message was answered already.
    AlreadyAnswered {
        number: u32,
    },
    /// The message was escalated already.
    AlreadyEscalated {
        number: u32,
    },
    EmptyReply,
    /// Input after the shift (and its reflection) ended.
    AlreadyFinished,
    /// A reflection while the shift is still running.
    NotFinished,
    NoHint,
    /// A stored shift continues; `open` messages still wait for a reply.
    Resumed {
        open: u32,
    },
}

/// Begins a shift at clock 0: the briefing, then what arrives at once.
pub fn start(p: &PreparedScenario) -> (ShiftSession, Vec<Output>) {
    let sc = &p.scenario;
    let mut pending: Vec<Pending> = sc
        .messages
        .iter()
        .filter_map(|m| {
            m.at.map(|at| Pending {
                message: m.id.clone(),
                at,
                answer: None,
            })
        })
        .collect();
    pending.sort_by_key(|p| p.at);
    let session = ShiftSession {
        scenario_id: sc.id.clone(),
        now: 0,
        posts: Vec::new(),
        pending,
        hints: 0,
        finished: false,
        stopped: false,
        reflection: None,
        focus: None,
        said: Vec::new(),
    };
    let mut outputs = vec![Output::Briefing(ShiftBriefing {
        title: sc.title.clone(),
        werkprocessen: sc.werkprocessen.clone(),
        company: sc.company.clone(),
        duration: sc.duration,
        language: sc.language,
    })];
    let (session, more) = handle_judged(p, session, Input::Tick, 0, Judged::default());
    outputs.extend(more);
    (session, outputs)
}

/// Applies one input at shift time `now` (never earlier than the last input:
/// an earlier `now` counts as the last one).
pub fn handle(
    p: &PreparedScenario,
    matcher: &Matcher,
    session: ShiftSession,
    input: Input,
    now: u64,
) -> (ShiftSession, Vec<Output>) {
    let judged = judge(p, matcher, &session, &input);
    handle_judged(p, session, input, now, judged)
}

/// What the matcher and the customer's knowledge make of a reply, worked out
/// before the input is applied, so that a front end can do the slow part
/// outside its write transaction.
#[derive(Debug, Clone, Default)]
pub struct Judged {
    pub detection: Option<Detection>,
    /// The message the reply would answer and what its author heard.
    pub heard: Option<(String, Heard)>,
}

/// Judges a reply: the matcher's detection and, when the message it answers
/// has an author with knowledge, which topics it asks.
pub fn judge(p: &PreparedScenario, m: &Matcher, s: &ShiftSession, input: &Input) -> Judged {
    let Input::Reply { message, text } = input else {
        return Judged::default();
    };
    if text.trim().is_empty() {
        return Judged::default();
    }
    let detection = m.detect_in(p.scenario.language, text, &p.rule_refs());
    // Judged before the input's arrivals are applied: a named message may
    // still be on its way, and without a name the reply may go to the next
    // one to arrive. A wrong guess only costs the answer (see
    // `handle_judged`).
    let id = match message {
        Some(id) => Some(id.clone()),
        None => target(s, None, &mut Vec::new())
            .map(|i| s.posts[i].message.clone())
            .or_else(|| {
                s.pending
                    .iter()
                    .min_by_key(|x| x.at)
                    .map(|x| x.message.clone())
            }),
    };
    // Only a customer with knowledge answers (see `customer_answer`), so
    // the question finder runs only for one.
    let heard = id.and_then(|id| {
        let heard = p.knowledge_of(&id)?.compiled.hear(m, text, &detection);
        Some((id, heard))
    });
    Judged {
        detection: Some(detection),
        heard,
    }
}

/// [`handle`] with the reply already judged (the matcher is not called).
pub fn handle_judged(
    p: &PreparedScenario,
    mut s: ShiftSession,
    input: Input,
    now: u64,
    judged: Judged,
) -> (ShiftSession, Vec<Output>) {
    let Judged { detection, heard } = judged;
    let mut out = Vec::new();
    if s.finished {
        match input {
            // A command is never a reflection (a `/stop` after the report
            // was stored as what the teacher reads).
            Input::Reflection(text)
                if s.awaits_reflection()
                    && !text.trim().is_empty()
                    && !text.trim_start().starts_with('/') =>
            {
                s.reflection = Some(text.trim().to_string());
                out.push(Output::ReflectionSaved);
            }
            Input::Reflection(_) if s.awaits_reflection() => {
                out.push(Output::AskReflection);
            }
            Input::Tick => {}
            _ => out.push(Output::Notice(ShiftNotice::AlreadyFinished)),
        }
        return (s, out);
    }
    let now = now.max(s.now);
    let duration = p.scenario.duration;
    arrive(p, &mut s, now.min(duration), &mut out);
    s.now = now;
    if now >= duration {
        out.push(Output::TimeUp);
        finish(p, &mut s, &mut out);
        return (s, out);
    }
    match input {
        Input::Tick => {}
        Input::Reply { message, text } => {
            if text.trim().is_empty() {
                out.push(Output::Notice(ShiftNotice::EmptyReply));
            } else if let Some(i) = target(&s, message.as_deref(), &mut out) {
                if s.posts[i].reply.is_some() {
                    out.push(Output::Notice(ShiftNotice::AlreadyAnswered {
                        number: s.posts[i].number,
                    }));
                } else {
                    let detection = detection.unwrap_or_default();
                    // Heard for another message (the shift moved on since
                    // the reply was judged) is not this customer's business.
                    let heard = heard
                        .filter(|(id, _)| *id == s.posts[i].message)
                        .map(|(_, h)| h);
                    reply(
                        p,
                        &mut s,
                        i,
                        Judgement {
                            text: text.trim().to_string(),
                            detection,
                            heard,
                        },
                        now,
                        &mut out,
                    );
                }
            }
        }
        Input::Escalate { message } => {
            if let Some(i) = target(&s, message.as_deref(), &mut out) {
                let post = &mut s.posts[i];
                if post.escalated_at.is_some() {
                    out.push(Output::Notice(ShiftNotice::AlreadyEscalated {
                        number: post.number,
                    }));
                } else {
                    post.escalated_at = Some(now);
                    out.push(Output::Escalated {
                        number: post.number,
                        message: post.message.clone(),
                    });
                }
            }
        }
        Input::Hint => {
            let hint = s.open().next().map(|post| {
                let text = p.message(&post.message).and_then(|m| m.hint.clone());
                (post.number, text)
            });
            match hint {
                Some((number, Some(text))) => {
                    s.hints += 1;
                    out.push(Output::Hint { number, text });
                }
                Some((_, None)) => out.push(Output::Notice(ShiftNotice::NoHint)),
                None => out.push(Output::Notice(ShiftNotice::NothingOpen)),
            }
        }
        Input::Stop => {
            s.stopped = true;
            finish(p, &mut s, &mut out);
            return (s, out);
        }
        Input::Reflection(_) => out.push(Output::Notice(ShiftNotice::NotFinished)),
        Input::Focus { number } => match s.post(number) {
            Some(post) if post.reply.is_some() => {
                out.push(Output::Notice(ShiftNotice::AlreadyAnswered { number }))
            }
            Some(_) => {
                s.focus = Some(number);
                out.push(Output::Focused { number });
            }
            None => out.push(Output::Notice(ShiftNotice::UnknownMessage {
                message: format!("#{number}"),
            })),
        },
    }
    // A follow-up due right away (after = 0) arrives with this input.
    arrive(p, &mut s, now, &mut out);
    if s.pending.is_empty() && s.open().next().is_none() {
        finish(p, &mut s, &mut out);
    }
    (s, out)
}

/// The index of the post an input is about; reports why there is none.
fn target(s: &ShiftSession, message: Option<&str>, out: &mut Vec<Output>) -> Option<usize> {
    let focused = s.focus.and_then(|n| {
        s.posts
            .iter()
            .position(|p| p.number == n && p.reply.is_none())
    });
    let found = match message {
        Some(id) => s.posts.iter().position(|p| p.message == id),
        None => focused.or_else(|| s.posts.iter().position(|p| p.reply.is_none())),
    };
    if found.is_none() {
        out.push(Output::Notice(match message {
            Some(id) => ShiftNotice::UnknownMessage {
                message: id.to_string(),
            },
            None => ShiftNotice::NothingOpen,
        }));
    }
    found
}

struct Judgement {
    text: String,
    detection: Detection,
    heard: Option<Heard>,
}

fn reply(
    p: &PreparedScenario,
    s: &mut ShiftSession,
    i: usize,
    judgement: Judgement,
    now: u64,
    out: &mut Vec<Output>,
) {
    let Judgement {
        text,
        detection,
        heard,
    } = judgement;
    let post = &mut s.posts[i];
    let after = now.saturating_sub(post.arrived_at);
    let message_id = post.message.clone();
    let number = post.number;
    let followup = p.message(&message_id).and_then(|m| {
        let late = after > m.target;
        m.next
            .iter()
            .find(|b| branch_holds(b, &detection, late))
            .cloned()
    });
    if s.focus == Some(number) {
        s.focus = None;
    }
    // The follow-up that states a topic itself answers a question about it.
    let told: Vec<String> = followup
        .as_ref()
        .and_then(|b| p.message(&b.send))
        .map(|m| m.tells.clone())
        .unwrap_or_default();
    let answer = heard
        .as_ref()
        .and_then(|h| customer_answer(p, s, &message_id, h, &told));
    let post = &mut s.posts[i];
    post.reply = Some(Reply {
        at: now,
        text,
        detection,
        answer: answer.clone(),
    });
    out.push(Output::Posted {
        number,
        message: message_id.clone(),
        after,
    });
    let mut carried = false;
    if let Some(b) = followup {
        let known = s.posts.iter().any(|p| p.message == b.send)
            || s.pending.iter().any(|p| p.message == b.send);
        // A message arrives at most once, so chains of follow-ups always end.
        if !known {
            carried = true;
            s.pending.push(Pending {
                message: b.send,
                at: now + b.after,
                answer: answer
                    .as_ref()
                    .map(|a| a.text.clone())
                    .filter(|t| !t.is_empty()),
            });
        }
    }
    if let (Some(a), false) = (answer, carried)
        && !a.text.is_empty()
    {
        let author = p
            .message(&message_id)
            .map(|m| m.author.clone())
            .unwrap_or_default();
        out.push(Output::Answer {
            number,
            author,
            text: a.text,
        });
    }
}

/// What the customer says to the reply's own questions: answers from the
/// author's knowledge (at most [`MAX_ANSWERS`]), or, when a question asks
/// nothing it knows and is not part of the job, the line for an unknown
/// question. Only customers with knowledge answer (a scenario without any
/// behaves as before).
fn customer_answer(
    p: &PreparedScenario,
    s: &mut ShiftSession,
    message_id: &str,
    heard: &Heard,
    told: &[String],
) -> Option<CustomerAnswer> {
    let k = p.knowledge_of(message_id)?;
    let language = p.scenario.language;
    let mut parts = Vec::new();
    let mut topics = Vec::new();
    let mut about = Vec::new();
    let mut questions = Vec::new();
    for (n, &i) in heard.asked.iter().enumerate().take(MAX_ANSWERS) {
        let Some(topic) = k
            .compiled
            .id(i)
            .and_then(|id| k.topics.iter().find(|t| t.id == id))
        else {
            continue;
        };
        if told.contains(&topic.id) {
            topics.push(topic.id.clone());
            about.push(topic.about.clone());
            questions.extend(heard.quotes.get(n).cloned());
            continue;
        }
        let key = format!("a:{}", topic.id);
        let (line, fresh) = fresh_line(s, &key, &topic.answer);
        let Some(line) = line else { continue };
        parts.push(if fresh {
            line
        } else {
            format!("{} {line}", again(language))
        });
        topics.push(topic.id.clone());
        about.push(topic.about.clone());
        questions.extend(heard.quotes.get(n).cloned());
    }
    if parts.is_empty() && topics.is_empty() {
        let message = p.message(message_id)?;
        let off = heard
            .questions
            .iter()
            .find(|q| q.topics.is_empty() && off_script(message, &q.behaviours))?;
        let lines: Vec<String> = if p.scenario.unknown.is_empty() {
            unknown_lines(language)
                .iter()
                .map(|l| l.to_string())
                .collect()
        } else {
            p.scenario.unknown.clone()
        };
        let (line, _) = fresh_line(s, "u", &lines);
        parts.push(line?);
        questions.push(off.text.clone());
    }
    Some(CustomerAnswer {
        text: parts.join(" "),
        topics,
        about,
        questions,
    })
}

/// The first variant not said yet (and whether it is fresh); when all were
/// said, the first again. Webcare has no seed: file order is the choice.
fn fresh_line(s: &mut ShiftSession, key: &str, variants: &[String]) -> (Option<String>, bool) {
    let fresh = variants
        .iter()
        .enumerate()
        .find(|(n, _)| !s.said.contains(&format!("{key}:{n}")));
    match fresh {
        Some((n, line)) => {
            s.said.push(format!("{key}:{n}"));
            (Some(line.clone()), true)
        }
        None => (variants.first().cloned(), false),
    }
}

/// A question is part of the job when it shows a behaviour the message
/// names (expect, avoid, a follow-up condition) or a conversational move of
/// the catalogue ("mag ik uw ordernummer via een DM?"): only a plain
/// information question about something the customer does not know gets the
/// unknown line.
fn off_script(m: &super::model::Message, behaviours: &[String]) -> bool {
    let named = |b: &str| {
        m.expect.iter().any(|e| e.behaviour == b)
            || m.avoid.iter().any(|a| a.behaviour == b)
            || m.next.iter().any(|n| {
                n.when.iter().any(|w| w == b)
                    || n.when_any.iter().any(|w| w == b)
                    || n.unless.iter().any(|w| w == b)
            })
    };
    !behaviours
        .iter()
        .any(|b| named(b) || !PLAIN_BEHAVIOURS.contains(&b.as_str()))
}

fn branch_holds(b: &FollowUp, d: &Detection, late: bool) -> bool {
    b.when.iter().all(|id| d.has(id))
        && (b.when_any.is_empty() || b.when_any.iter().any(|id| d.has(id)))
        && !b.unless.iter().any(|id| d.has(id))
        && b.late.is_none_or(|l| l == late)
}

/// Every pending message due at `until` arrives, in time order (ties keep
/// the order in which they were scheduled).
fn arrive(p: &PreparedScenario, s: &mut ShiftSession, until: u64, out: &mut Vec<Output>) {
    loop {
        let due = s
            .pending
            .iter()
            .enumerate()
            .filter(|(_, p)| p.at <= until)
            .min_by_key(|(i, p)| (p.at, *i))
            .map(|(i, _)| i);
        let Some(i) = due else { break };
        let pending = s.pending.remove(i);
        let Some(m) = p.message(&pending.message) else {
            continue;
        };
        let number = s.posts.len() as u32 + 1;
        s.posts.push(Post {
            number,
            message: m.id.clone(),
            arrived_at: pending.at,
            reply: None,
            escalated_at: None,
            answer: pending.answer.clone(),
        });
        out.push(Output::Arrived(PostCard {
            number,
            message: m.id.clone(),
            channel: m.channel,
            platform: m.platform.clone(),
            author: m.author.clone(),
            text: with_answer(pending.answer.as_deref(), &m.text),
            at: pending.at,
            language: p.scenario.language,
        }));
    }
}

/// A follow-up's text with the answer it carries after it: follow-ups open
/// with a greeting or a reaction, the answer reads as the customer's
/// afterthought ("..., ik wil weten wanneer hij komt. Het is de Lagos.").
fn with_answer(answer: Option<&str>, text: &str) -> String {
    match answer {
        Some(a) => format!("{text} {a}"),
        None => text.to_string(),
    }
}

fn finish(p: &PreparedScenario, s: &mut ShiftSession, out: &mut Vec<Output>) {
    s.finished = true;
    s.pending.clear();
    out.push(Output::Report(Box::new(score::report(p, s))));
    // A shift stopped before the first answer has nothing to reflect on;
    // any other, stopped or not, asks (and then accepts) a reflection.
    if s.asks_reflection() {
        out.push(Output::AskReflection);
    }
}

/// The open posts again, for a front end that continues a stored shift.
pub fn resume(p: &PreparedScenario, s: &ShiftSession) -> Vec<Output> {
    if s.finished {
        return if s.awaits_reflection() {
            vec![Output::AskReflection]
        } else {
            vec![Output::Notice(ShiftNotice::AlreadyFinished)]
        };
    }
    let mut out = vec![Output::Notice(ShiftNotice::Resumed {
        open: s.open().count() as u32,
    })];
    for post in s.open() {
        if let Some(m) = p.message(&post.message) {
            out.push(Output::Arrived(PostCard {
                number: post.number,
                message: m.id.clone(),
                channel: m.channel,
                platform: m.platform.clone(),
                author: m.author.clone(),
                text: with_answer(post.answer.as_deref(), &m.text),
                at: post.arrived_at,
                language: p.scenario.language,
            }));
        }
    }
    out
}

/// Whether a stored session still fits the scenario (every message it names
/// still exists).
pub fn can_resume(p: &PreparedScenario, s: &ShiftSession) -> bool {
    s.scenario_id == p.scenario.id
        && s.posts
            .iter()
            .all(|post| p.message(&post.message).is_some())
        && s.pending.iter().all(|x| p.message(&x.message).is_some())
}
