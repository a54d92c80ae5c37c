//! Replays the playtest set of issue 15 (`tests/data/playtest/`, format in its
//! README) through the real engine and the real webcare shift, as the terminal
//! would play the typed lines, and measures how close the coach judges to the
//! teachers. Prints the figures and keeps them from getting worse: the
//! floors and ceilings below are the measured level (see README.md,
//! "Judging like a teacher"), not issue 15's targets.

use std::collections::BTreeMap;
use std::path::PathBuf;

use gesprekscoach::dialogue::Prepared;
use gesprekscoach::engine::{self, Input, Output};
use gesprekscoach::matching::Matcher;
use gesprekscoach::school::library::Library;
use gesprekscoach::terminal::webcare::{
    Command, ESCALATE_SECONDS, REPLY_SECONDS, message_of, parse,
};
use gesprekscoach::webcare::score::ToneIssue;
use gesprekscoach::webcare::shift::{self, ShiftSession};
use gesprekscoach::webcare::{PreparedScenario, ShiftReport};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Conversation {
    dialogue: String,
    seed: u64,
    student: String,
    end: Option<String>,
    replies: Vec<PlayedReply>,
    teacher_scores: Vec<TeacherScore>,
}

#[derive(Debug, Deserialize)]
struct PlayedReply {
    step: Option<String>,
    message: Option<String>,
    at: Option<u64>,
    text: String,
    #[serde(default)]
    shows: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    warn: bool,
}

#[derive(Debug, Deserialize)]
struct TeacherScore {
    teacher: String,
    score: u32,
}

/// What the coach did with one reply.
#[derive(Debug, Default)]
struct Judged {
    /// The step (dialogue) or message (webcare) it was judged at.
    at: String,
    /// Behaviours the coach credited for this reply.
    credited: Vec<String>,
    /// Behaviours the coach said were missing right after it.
    missing_tips: Vec<String>,
    /// Behaviours the coach praised for it.
    praised: Vec<String>,
    /// Behaviours the step or message expects.
    expected: Vec<String>,
    warned: bool,
}

/// One conversation's replay.
#[derive(Debug)]
struct Replay {
    judged: Vec<Judged>,
    score: u32,
    /// The end step reached (dialogues).
    end: Option<String>,
    /// Notes on where the replay left the annotated path.
    notes: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn conversations() -> Vec<(String, Conversation)> {
    let dir = root().join("tests/data/playtest");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("playtest folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable playtest file");
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let c: Conversation =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, c)
        })
        .collect()
}

/// A dialogue played reply by reply as a front end does; when the replies
/// run out before an end step the student stops (`/stop`).
fn replay_dialogue(d: &Prepared, m: &Matcher, c: &Conversation) -> Replay {
    let (mut s, _) = engine::start(d, c.seed);
    let mut judged = Vec::new();
    let mut notes = Vec::new();
    let mut card = None;
    for (i, r) in c.replies.iter().enumerate() {
        if s.finished {
            notes.push(format!("ended before reply {}", i + 1));
            break;
        }
        let step = s.current_step.clone();
        if let Some(expected) = &r.step
            && *expected != step
        {
            notes.push(format!(
                "reply {} at step {step}, annotated {expected}",
                i + 1
            ));
        }
        let (next, out, turn) = engine::handle(d, m, s, Input::Reply(r.text.clone()));
        s = next;
        if verbose(&c.dialogue, &c.student) {
            println!("[{step}] > {}", r.text);
            if let Some(t) = &turn {
                println!("    detected {:?}", t.detection.behaviours);
            }
            for o in &out {
                println!(
                    "    {}",
                    engine::render::output(o, &std::collections::BTreeMap::new())
                );
            }
        }
        let mut j = Judged {
            at: step.clone(),
            ..Judged::default()
        };
        if let Some(st) = d.step(&step) {
            j.expected = st.expect.iter().map(|e| e.behaviour.clone()).collect();
        }
        if let Some(turn) = turn {
            j.credited = turn.detection.behaviours.clone();
            let f = &turn.feedback;
            j.missing_tips = f.miss.iter().map(|m| m.behaviour.clone()).collect();
            j.praised = f.hits.iter().map(|h| h.behaviour.clone()).collect();
            j.warned = !f.warnings.is_empty() || f.register.is_some() || f.reaction.is_some();
        }
        card = card.or(scorecard_of(&out));
        judged.push(j);
    }
    if !s.finished {
        notes.push(format!("not finished at {}, stopped", s.current_step));
        let (_, out, _) = engine::handle(d, m, s.clone(), Input::Stop);
        card = scorecard_of(&out);
    }
    let end = s.visits.last().map(|v| v.step.clone());
    if let (Some(want), Some(got)) = (&c.end, &end)
        && want != got
    {
        notes.push(format!("ended at {got}, annotated {want}"));
    }
    Replay {
        judged,
        score: card.map(|c| c.score).unwrap_or(0),
        end,
        notes,
    }
}

/// `PLAYTEST_VERBOSE=<dialogue>-<student>` prints that replay turn by turn.
fn verbose(dialogue: &str, student: &str) -> bool {
    std::env::var("PLAYTEST_VERBOSE").is_ok_and(|v| v == format!("{dialogue}-{student}"))
}

fn scorecard_of(out: &[Output]) -> Option<engine::Scorecard> {
    out.iter().find_map(|o| match o {
        Output::Scorecard(card) => Some(card.clone()),
        _ => None,
    })
}

/// A webcare shift played line by line with the terminal's clock: every reply
/// takes [`REPLY_SECONDS`], every escalation [`ESCALATE_SECONDS`], and when
/// nothing is open the clock jumps to the next arrival.
fn replay_shift(p: &PreparedScenario, m: &Matcher, c: &Conversation) -> Replay {
    let (mut s, _) = shift::start(p);
    let mut notes = Vec::new();
    let mut lines: Vec<(usize, Option<String>)> = Vec::new();
    let mut report: Option<ShiftReport> = None;
    let mut i = 0;
    while !s.finished && i < c.replies.len() {
        if s.open().next().is_none() {
            let next = s
                .next_arrival()
                .unwrap_or(p.scenario.duration)
                .min(p.scenario.duration);
            s = apply(p, m, s, shift::Input::Tick, next, &mut report);
            continue;
        }
        let r = &c.replies[i];
        i += 1;
        let (input, at, message) = match parse(&r.text) {
            Command::Reply { number, text } => match message_of(&s, number) {
                Ok(message) => {
                    let target = message
                        .clone()
                        .or_else(|| s.open().next().map(|post| post.message.clone()));
                    (
                        shift::Input::Reply { message, text },
                        s.now + REPLY_SECONDS,
                        target,
                    )
                }
                Err(e) => {
                    notes.push(format!("line {i}: {e}"));
                    lines.push((i - 1, None));
                    continue;
                }
            },
            Command::Escalate { number } => match message_of(&s, number) {
                Ok(message) => {
                    let target = message
                        .clone()
                        .or_else(|| s.open().next().map(|post| post.message.clone()));
                    (
                        shift::Input::Escalate { message },
                        s.now + ESCALATE_SECONDS,
                        target,
                    )
                }
                Err(e) => {
                    notes.push(format!("line {i}: {e}"));
                    lines.push((i - 1, None));
                    continue;
                }
            },
            other => {
                notes.push(format!("line {i}: not a reply ({other:?})"));
                lines.push((i - 1, None));
                continue;
            }
        };
        if r.at.is_some_and(|want| want != at) || r.message.as_ref() != message.as_ref() {
            notes.push(format!(
                "line {i} at {at} to {message:?}, annotated {:?} to {:?}",
                r.at, r.message
            ));
        }
        lines.push((i - 1, message));
        s = apply(p, m, s, input, at, &mut report);
    }
    if i < c.replies.len() {
        notes.push(format!("shift ended before line {}", i + 1));
    }
    // Out of lines: time runs on while nothing is open; an open message left
    // means the student stops.
    while !s.finished {
        if s.open().next().is_none() {
            let next = s
                .next_arrival()
                .unwrap_or(p.scenario.duration)
                .min(p.scenario.duration);
            s = apply(p, m, s, shift::Input::Tick, next, &mut report);
        } else {
            notes.push("open messages left, stopped".to_string());
            let now = s.now;
            s = apply(p, m, s, shift::Input::Stop, now, &mut report);
        }
    }
    let Some(report) = report else {
        panic!("{}: a finished shift without a report", c.dialogue);
    };
    if verbose(&c.dialogue, &c.student) {
        println!(
            "{}",
            gesprekscoach::webcare::render::report(&report, &std::collections::BTreeMap::new())
        );
    }
    let judged = lines
        .into_iter()
        .map(|(k, message)| {
            let r = &c.replies[k];
            let Some(result) = message
                .as_ref()
                .and_then(|id| report.messages.iter().find(|x| &x.message == id))
            else {
                return Judged::default();
            };
            let is_reply = matches!(parse(&r.text), Command::Reply { .. });
            let mut j = Judged {
                at: result.message.clone(),
                ..Judged::default()
            };
            if let Some(msg) = p.message(&result.message) {
                j.expected = msg.expect.iter().map(|e| e.behaviour.clone()).collect();
            }
            if is_reply {
                j.credited = result.met.iter().map(|x| x.behaviour.clone()).collect();
                j.missing_tips = result.missed.iter().map(|x| x.behaviour.clone()).collect();
                j.praised = j.credited.clone();
                j.warned = !result.warnings.is_empty()
                    || !result.privacy_ok
                    || result
                        .tone_issues
                        .iter()
                        .any(|t| matches!(t, ToneIssue::Register { .. }));
            }
            j
        })
        .collect();
    Replay {
        judged,
        score: report.score,
        end: None,
        notes,
    }
}

fn apply(
    p: &PreparedScenario,
    m: &Matcher,
    s: ShiftSession,
    input: shift::Input,
    now: u64,
    report: &mut Option<ShiftReport>,
) -> ShiftSession {
    let (s, out) = shift::handle(p, m, s, input, now);
    for o in out {
        if let shift::Output::Report(r) = o {
            *report = Some(*r);
        }
    }
    s
}

/// The figures of issue 15's targets over the whole set.
#[derive(Debug, Default)]
struct Figures {
    conversations: usize,
    within_10: usize,
    coach_diff_sum: f64,
    teacher_diff_sum: f64,
    /// Missing tips right after a reply that showed the behaviour.
    missing_after_shown: usize,
    missing_after_shown_sterk: usize,
    /// Shown behaviours the step expected but the coach did not credit.
    not_credited: usize,
    shown_expected: usize,
    absent_praised: usize,
    warn_total: usize,
    warn_missed: usize,
    false_alarms: usize,
    off_path: usize,
}

impl Figures {
    fn within_percent(&self) -> f64 {
        100.0 * self.within_10 as f64 / self.conversations as f64
    }
    fn coach_mean_diff(&self) -> f64 {
        self.coach_diff_sum / self.conversations as f64
    }
    fn teacher_mean_diff(&self) -> f64 {
        self.teacher_diff_sum / self.conversations as f64
    }
}

fn measure() -> Figures {
    let library = Library::load(&root().join("dialogues"));
    let matcher = Matcher::new();
    let mut f = Figures::default();
    let mut by_kind: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    println!(
        "{:<58} {:>5} {:>5} {:>6}  notes",
        "conversation", "coach", "mean", "diff"
    );
    for (name, c) in conversations() {
        let replay = if let Some(d) = library.find(&c.dialogue) {
            replay_dialogue(&d, &matcher, &c)
        } else if let Some(p) = library.find_scenario(&c.dialogue) {
            replay_shift(p, &matcher, &c)
        } else {
            panic!("{name}: no dialogue or scenario '{}'", c.dialogue);
        };
        let score = |t: &str| {
            c.teacher_scores
                .iter()
                .find(|s| s.teacher == t)
                .map(|s| f64::from(s.score))
                .unwrap_or_else(|| panic!("{name}: no teacher {t}"))
        };
        let (a, b) = (score("A"), score("B"));
        let mean = (a + b) / 2.0;
        let diff = (f64::from(replay.score) - mean).abs();
        f.conversations += 1;
        f.coach_diff_sum += diff;
        f.teacher_diff_sum += (a - b).abs();
        if diff <= 10.0 {
            f.within_10 += 1;
        }
        let kind = by_kind.entry(c.student.clone()).or_default();
        kind.0 += 1;
        kind.1 += f64::from(replay.score) - mean;
        let mut notes = replay.notes.clone();
        if !replay.notes.is_empty() {
            f.off_path += 1;
        }
        for (r, j) in c.replies.iter().zip(&replay.judged) {
            for b in r.shows.iter().filter(|b| j.expected.contains(b)) {
                f.shown_expected += 1;
                if !j.credited.contains(b) {
                    f.not_credited += 1;
                }
                if j.missing_tips.contains(b) {
                    f.missing_after_shown += 1;
                    if c.student == "sterk" {
                        f.missing_after_shown_sterk += 1;
                    }
                    notes.push(format!("tip '{b}' at {} after: {}", j.at, r.text));
                }
            }
            for b in r.absent.iter().filter(|b| j.praised.contains(b)) {
                f.absent_praised += 1;
                notes.push(format!("praised absent '{b}': {}", r.text));
            }
            if r.warn {
                f.warn_total += 1;
                if !j.warned {
                    f.warn_missed += 1;
                    notes.push(format!("not warned: {}", r.text));
                }
            } else if j.warned {
                f.false_alarms += 1;
                notes.push(format!("false alarm: {}", r.text));
            }
        }
        println!(
            "{name:<58} {:>5} {mean:>5.1} {:>+6.1}  {}",
            replay.score,
            f64::from(replay.score) - mean,
            notes.join(" | ")
        );
        let _ = replay.end;
    }
    println!();
    for (kind, (n, sum)) in &by_kind {
        println!(
            "{kind:<16} {n:>3} conversations, coach minus teachers on average {:+.1}",
            sum / *n as f64
        );
    }
    println!();
    println!(
        "within 10 points of the teachers' mean: {}/{} ({:.0}%)",
        f.within_10,
        f.conversations,
        f.within_percent()
    );
    println!(
        "mean |coach - teachers' mean|: {:.1} (mean |A - B|: {:.1})",
        f.coach_mean_diff(),
        f.teacher_mean_diff()
    );
    println!(
        "missing tips right after a reply that showed the behaviour: {} in sterk conversations, {} overall",
        f.missing_after_shown_sterk, f.missing_after_shown
    );
    println!(
        "shown and expected but not credited: {} of {}",
        f.not_credited, f.shown_expected
    );
    println!("absent behaviours praised: {}", f.absent_praised);
    println!(
        "rule breaks not warned: {} of {} (false alarms: {})",
        f.warn_missed, f.warn_total, f.false_alarms
    );
    println!(
        "conversations whose replay left the annotated path: {}",
        f.off_path
    );
    f
}

#[test]
fn the_playtest_conversations_are_judged_no_worse_than_measured() {
    let f = measure();
    assert!(f.conversations >= 54, "{} conversations", f.conversations);
    // Floors and ceilings at the measured level (README.md, "Judging like a
    // teacher"); raise them when the coach gets better.
    assert!(f.within_10 >= WITHIN_10_FLOOR, "within 10: {}", f.within_10);
    assert!(
        f.coach_mean_diff() <= MEAN_DIFF_CEILING + 0.05,
        "mean difference {:.1}",
        f.coach_mean_diff()
    );
    // Issue 15's targets, reached: no "missing" tip right after a strong
    // student showed the behaviour, and every rule break warned.
    assert_eq!(
        f.missing_after_shown_sterk, 0,
        "missing tips after shown behaviour (sterk)"
    );
    assert!(
        f.missing_after_shown <= MISSING_CEILING,
        "{} missing tips after shown behaviour",
        f.missing_after_shown
    );
    assert!(
        f.absent_praised <= ABSENT_PRAISED_CEILING,
        "{} absent praised",
        f.absent_praised
    );
    assert_eq!(f.warn_missed, 0, "rule breaks not warned");
}

// Before any issue-15 work on judging: 25/54 within 10 points, mean
// difference 15.3 (teachers 6.8), 7 and 14 missing tips after shown
// behaviour, 2 absent ids praised, 29 of 51 rule breaks not warned. The
// constants are today's level (README.md, "Judging like a teacher"); the
// strong students' missing tips and the unwarned rule breaks are at issue
// 15's target of 0 and asserted as such.
const WITHIN_10_FLOOR: usize = 45;
const MEAN_DIFF_CEILING: f64 = 6.1;
const MISSING_CEILING: usize = 2;
const ABSENT_PRAISED_CEILING: usize = 1;
