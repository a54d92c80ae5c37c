//! `gesprekscoach practice <scenario-id>` for webcare scenarios: the shift in
//! the terminal with a simulated clock. Every reply advances the clock by
//! [`REPLY_SECONDS`], an escalation by [`ESCALATE_SECONDS`]; when nothing is
//! open the clock jumps to the next arrival. So a piped script always gives
//! the same shift. Each input is saved before its outputs are shown; an
//! interrupted shift continues where it stood.

use super::{Console, TerminalError};
use crate::dialogue::Catalogue;
use crate::engine::words::words;
use crate::matching::Matcher;
use crate::store::{LOCAL_LEARNER, LearnerKey, ShiftId, ShiftStore, Store};
use crate::webcare::shift::{self, Input, Output, ShiftSession};
use crate::webcare::{PreparedScenario, render};

/// Shift seconds a reply and an escalation take (the domain's, shared with
/// the dashboard editor's preview).
pub use crate::webcare::shift::{ESCALATE_SECONDS, REPLY_SECONDS};

const HELP: &str = "Zo werk je: typ een reactie op één regel; die gaat naar het oudste open bericht. \
Begin met @2 om op bericht #2 te reageren. /escaleer (of /escaleer @2) zet een bericht door naar je \
leidinggevende, /open toont de open berichten, /hint geeft een tip, /stop beëindigt de dienst. \
Elke reactie kost 1 minuut van je dienst.";

/// What a line of input asks for (public so that replays of typed shifts,
/// such as the playtest, read lines exactly as the terminal does).
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Reply { number: Option<u32>, text: String },
    Escalate { number: Option<u32> },
    Open,
    Hint,
    Stop,
    Unknown,
}

/// `@2 tekst` addresses post #2; `/escaleer @2` escalates it.
pub fn parse(line: &str) -> Command {
    let line = line.trim();
    let number = |s: &str| {
        s.trim()
            .strip_prefix('@')
            .and_then(|n| n.parse::<u32>().ok())
    };
    match line.split_once(char::is_whitespace).unwrap_or((line, "")) {
        ("/stop", _) => Command::Stop,
        ("/hint", _) => Command::Hint,
        ("/open", _) => Command::Open,
        ("/escaleer" | "/escaleren", rest) => Command::Escalate {
            number: number(rest),
        },
        (first, _) if first.starts_with('/') => Command::Unknown,
        (first, rest) if first.starts_with('@') => match number(first) {
            Some(n) => Command::Reply {
                number: Some(n),
                text: rest.trim().to_string(),
            },
            None => Command::Reply {
                number: None,
                text: line.to_string(),
            },
        },
        _ => Command::Reply {
            number: None,
            text: line.to_string(),
        },
    }
}

/// Runs (or continues) a shift of `p` for the local learner.
pub async fn practice_shift<S: Store + ShiftStore>(
    store: &S,
    p: &PreparedScenario,
    titles: &Catalogue,
    console: &mut Console<'_>,
) -> Result<(), TerminalError> {
    let matcher = Matcher::new();
    let learner = store
        .learner(LearnerKey::Local(LOCAL_LEARNER), None)
        .await?;
    let id = &p.scenario.id;
    let (shift_id, mut s) = match store.open_shift(learner.id, Some(id)).await? {
        Some(open) if shift::can_resume(p, &open.session) => {
            show(console, &shift::resume(p, &open.session), titles)?;
            (open.id, open.session)
        }
        stale => {
            if let Some(open) = stale {
                console.say("Je vorige dienst past niet meer bij dit scenario (het is aangepast); je begint opnieuw.")?;
                let (closed, out) = shift::handle(p, &matcher, open.session, Input::Stop, 0);
                store.save_shift(open.id, &closed, report(&out)).await?;
            }
            let (s, out) = shift::start(p);
            let shift_id = store
                .start_shift(learner.id, &s, chrono::Utc::now())
                .await?;
            show(console, &out[..1], titles)?;
            console.gap()?;
            console.say(HELP)?;
            show(console, &out[1..], titles)?;
            (shift_id, s)
        }
    };

    while !s.finished {
        if s.open().next().is_none() {
            let next = s
                .next_arrival()
                .unwrap_or(p.scenario.duration)
                .min(p.scenario.duration);
            s = step(
                store,
                p,
                &matcher,
                shift_id,
                s,
                Input::Tick,
                next,
                console,
                titles,
            )
            .await?;
            continue;
        }
        let Some(line) = console.read_line("> ")? else {
            console.gap()?;
            console.say(&format!(
                "Je dienst is bewaard. Ga later verder met: gesprekscoach practice {id}"
            ))?;
            return Ok(());
        };
        if line.trim().is_empty() {
            continue;
        }
        let now = s.now;
        let (input, at) = match parse(&line) {
            Command::Stop => (Input::Stop, now),
            Command::Hint => (Input::Hint, now),
            Command::Open => {
                let open: Vec<Output> = shift::resume(p, &s).into_iter().skip(1).collect();
                show(console, &open, titles)?;
                continue;
            }
            Command::Unknown => {
                console.say(HELP)?;
                continue;
            }
            Command::Escalate { number } => match message_of(&s, number) {
                Ok(message) => (Input::Escalate { message }, now + ESCALATE_SECONDS),
                Err(text) => {
                    console.say(&text)?;
                    continue;
                }
            },
            Command::Reply { number, text } => match message_of(&s, number) {
                Ok(message) => {
                    if !console.interactive {
                        let n = number.or_else(|| s.open().next().map(|p| p.number));
                        let to = n.map(|n| format!(" (#{n})")).unwrap_or_default();
                        let you = words(p.scenario.language).you;
                        console.say(&format!("{you}{to}: {text}"))?;
                    }
                    (Input::Reply { message, text }, now + REPLY_SECONDS)
                }
                Err(text) => {
                    console.say(&text)?;
                    continue;
                }
            },
        };
        s = step(store, p, &matcher, shift_id, s, input, at, console, titles).await?;
    }

    while s.awaits_reflection() {
        let Some(line) = console.read_line("Reflectie: ")? else {
            console.gap()?;
            console.say(&format!(
                "Je reflectie ontbreekt nog. Geef hem later met: gesprekscoach practice {id}"
            ))?;
            return Ok(());
        };
        if line.trim().is_empty() {
            continue;
        }
        // Commands are not a reflection: /stop leaves it for later, any other
        // command asks again.
        match parse(&line) {
            Command::Stop => {
                console.say(&format!(
                    "Je reflectie ontbreekt nog. Geef hem later met: gesprekscoach practice {id}"
                ))?;
                return Ok(());
            }
            Command::Reply { .. } => {}
            _ => {
                console
                    .say("Typ je reflectie in een paar zinnen, of /stop om hem later te geven.")?;
                continue;
            }
        }
        let now = s.now;
        s = step(
            store,
            p,
            &matcher,
            shift_id,
            s,
            Input::Reflection(line),
            now,
            console,
            titles,
        )
        .await?;
    }
    console.say("Je dienst is opgeslagen. Bekijk je voortgang met: gesprekscoach progress")?;
    Ok(())
}

/// The finished webcare shifts with score and reflection, for `progress`
/// (what a teacher looks at with the student).
pub async fn shifts<S: ShiftStore>(
    store: &S,
    library: &crate::school::library::Library,
    learner: crate::store::LearnerId,
    out: &mut dyn std::io::Write,
) -> Result<(), TerminalError> {
    let shifts = store.shifts(learner).await?;
    let done: Vec<_> = shifts.iter().filter(|s| s.report.is_some()).collect();
    if done.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nWebcarediensten (nieuwste eerst)")?;
    for s in done {
        let title = library
            .find_scenario(&s.scenario_id)
            .map(|p| p.scenario.title.as_str())
            .unwrap_or(&s.scenario_id);
        let stopped = if s.status == crate::store::AttemptStatus::Stopped {
            ", gestopt"
        } else {
            ""
        };
        let score = s.score.map(|n| format!("{n}/100")).unwrap_or_default();
        writeln!(
            out,
            "  {} ({}{stopped}): {score}",
            title,
            s.started_at.format("%d-%m-%Y")
        )?;
        match &s.reflection {
            Some(r) => writeln!(out, "    Reflectie: {r}")?,
            None => writeln!(
                out,
                "    Reflectie: {}",
                render::no_reflection(&s.session, "nog niet gegeven")
            )?,
        }
    }
    Ok(())
}

/// `gesprekscoach reflecties`: every learner's finished shifts with score
/// and reflection, newest first (for the teacher).
pub async fn reflections<S: ShiftStore>(
    store: &S,
    dialogues_dir: &std::path::Path,
    out: &mut dyn std::io::Write,
) -> Result<(), TerminalError> {
    let library = crate::school::library::Library::load(dialogues_dir);
    let shifts = store.finished_shifts().await?;
    if shifts.is_empty() {
        writeln!(out, "Er zijn nog geen webcarediensten afgerond.")?;
        return Ok(());
    }
    writeln!(out, "Webcarediensten en reflecties (nieuwste eerst)")?;
    for (who, s) in &shifts {
        let title = library
            .find_scenario(&s.scenario_id)
            .map(|p| p.scenario.title.as_str())
            .unwrap_or(&s.scenario_id);
        let score = s.score.map(|n| format!("{n}/100")).unwrap_or_default();
        writeln!(
            out,
            "\n{who} – {title} ({}): {score}",
            s.started_at.format("%d-%m-%Y %H:%M")
        )?;
        match &s.reflection {
            Some(r) => writeln!(out, "  Reflectie: {r}")?,
            None => writeln!(
                out,
                "  Reflectie: {}",
                render::no_reflection(&s.session, "nog niet gegeven")
            )?,
        }
    }
    Ok(())
}

/// The scenario message id of post `number` (none: the oldest open one).
pub fn message_of(s: &ShiftSession, number: Option<u32>) -> Result<Option<String>, String> {
    match number {
        None => Ok(None),
        Some(n) => match s.post(n) {
            Some(post) => Ok(Some(post.message.clone())),
            None => Err(format!(
                "Bericht #{n} is er niet. Typ /open om de open berichten te zien."
            )),
        },
    }
}

fn report(outputs: &[Output]) -> Option<&crate::webcare::ShiftReport> {
    outputs.iter().find_map(|o| match o {
        Output::Report(r) => Some(r.as_ref()),
        _ => None,
    })
}

/// Applies one input, saves, then shows.
#[allow(clippy::too_many_arguments)]
async fn step<S: ShiftStore>(
    store: &S,
    p: &PreparedScenario,
    matcher: &Matcher,
    id: ShiftId,
    s: ShiftSession,
    input: Input,
    now: u64,
    console: &mut Console<'_>,
    titles: &Catalogue,
) -> Result<ShiftSession, TerminalError> {
    let (s, out) = shift::handle(p, matcher, s, input, now);
    store.save_shift(id, &s, report(&out)).await?;
    show(console, &out, titles)?;
    Ok(s)
}

fn show(console: &mut Console<'_>, outputs: &[Output], titles: &Catalogue) -> std::io::Result<()> {
    for o in outputs {
        let block = !matches!(o, Output::Posted { .. });
        if block {
            console.gap()?;
        }
        console.say(&render::output(o, titles))?;
        if block {
            console.gap()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Command, parse};

    #[test]
    fn a_line_is_a_reply_to_the_oldest_open_message_unless_it_names_one() {
        assert_eq!(
            parse("Excuses! ^Sam"),
            Command::Reply {
                number: None,
                text: "Excuses! ^Sam".into()
            }
        );
        assert_eq!(
            parse("@2 Excuses! ^Sam"),
            Command::Reply {
                number: Some(2),
                text: "Excuses! ^Sam".into()
            }
        );
        assert_eq!(parse("/escaleer @3"), Command::Escalate { number: Some(3) });
        assert_eq!(parse("/escaleer"), Command::Escalate { number: None });
        assert_eq!(parse("/stop"), Command::Stop);
        assert_eq!(parse("/iets"), Command::Unknown);
        assert_eq!(
            parse("@sanne dank je"),
            Command::Reply {
                number: None,
                text: "@sanne dank je".into()
            }
        );
    }
}
