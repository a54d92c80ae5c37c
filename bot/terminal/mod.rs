//! The practice engine on stdin/stdout: `gesprekscoach practice` and
//! `gesprekscoach progress` for the local learner ([`LOCAL_LEARNER`]).
//!
//! Interactive (stdin is a terminal): a numbered list grouped by werkproces,
//! prompts, and a question before resuming. Piped: one reply per line, no
//! prompts; the first line picks the dialogue when no id is given, and an
//! interrupted attempt resumes automatically (a line says so). Every input is
//! saved before its outputs are shown, so killing the program loses nothing
//! that was shown.

pub mod webcare;

use std::io::{self, BufRead, Write};
use std::path::Path;

use std::sync::Arc;

use crate::dialogue::Prepared;
use crate::engine::{self, Input, Output, Session, render};
use crate::matching::Matcher;
use crate::school::library::Library;
use crate::store::{AttemptId, LOCAL_LEARNER, LearnerKey, Store, StoreError};

/// Failures of a terminal command; the messages are Dutch, for the user.
#[derive(Debug, thiserror::Error)]
pub enum TerminalError {
    #[error("de database kan niet worden gebruikt: {0}")]
    Store(#[from] StoreError),
    #[error("lezen of schrijven lukt niet: {0}")]
    Io(#[from] io::Error),
    #[error("geen dialogen gevonden in {0}")]
    NoDialogues(String),
    #[error("geen dialoog met id '{id}' (beschikbaar: {available})")]
    UnknownDialogue { id: String, available: String },
    #[error("ongeldige keuze '{0}': kies een nummer of id uit de lijst")]
    BadChoice(String),
}

/// Where the terminal reads and writes; `interactive` is true when a person
/// types at a terminal (prompts and questions are shown only then).
pub struct Console<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    interactive: bool,
    /// The last line written was blank (so blocks get exactly one between them).
    blank: bool,
}

impl<'a> Console<'a> {
    pub fn new(input: &'a mut dyn BufRead, output: &'a mut dyn Write, interactive: bool) -> Self {
        Console {
            input,
            output,
            interactive,
            blank: true,
        }
    }

    fn gap(&mut self) -> io::Result<()> {
        if !self.blank {
            writeln!(self.output)?;
            self.blank = true;
        }
        Ok(())
    }

    /// The next line without its line end; `None` at end of input.
    fn read_line(&mut self, prompt: &str) -> io::Result<Option<String>> {
        if self.interactive {
            write!(self.output, "{prompt}")?;
            self.output.flush()?;
            // The user's Enter ends the prompt line.
            self.blank = false;
        }
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")?;
        self.blank = text.is_empty() || text.ends_with('\n');
        self.output.flush()
    }

    fn show(
        &mut self,
        outputs: &[Output],
        titles: &dyn render::WerkprocesTitles,
    ) -> io::Result<()> {
        for o in outputs {
            if matches!(o, Output::Feedback(f) if f.is_empty()) {
                continue;
            }
            // Blank lines set off the blocks that are not conversation lines.
            let block = !matches!(o, Output::Customer { .. });
            if block {
                self.gap()?;
            }
            self.say(&render::output(o, titles))?;
            if block {
                self.gap()?;
            }
        }
        Ok(())
    }
}

/// `gesprekscoach practice [ID]`: runs one dialogue for the local learner and
/// saves it. `seed` fixes the customer's line variants (random otherwise).
pub async fn practice<S: Store + crate::store::ShiftStore>(
    store: &S,
    dialogues_dir: &Path,
    id: Option<&str>,
    seed: Option<u64>,
    console: &mut Console<'_>,
) -> Result<(), TerminalError> {
    let library = Library::load(dialogues_dir);
    for problem in library.problems() {
        eprintln!("overgeslagen: {problem}");
    }
    if let Some(p) = id.and_then(|id| library.find_scenario(id)) {
        return webcare::practice_shift(store, p, &library.catalogue_or_empty(), console).await;
    }
    if library.shipped_dialogues().is_empty() {
        return Err(TerminalError::NoDialogues(
            dialogues_dir.display().to_string(),
        ));
    }
    let d = match id {
        Some(id) => library
            .find(id)
            .map(|f| f.arc())
            .ok_or_else(|| unknown(id, &library))?,
        None => match choose(&library, console)? {
            Some(d) => d,
            None => return Ok(()),
        },
    };
    let matcher = Matcher::new();
    let learner = store
        .learner(LearnerKey::Local(LOCAL_LEARNER), None)
        .await?;
    let d: &Prepared = &d;
    let titles = &library;

    let (attempt, mut session) = match resumable(store, learner.id, d, &matcher, console).await? {
        Some((attempt, session)) => {
            console.show(&engine::resume(d, &session), titles)?;
            (attempt, session)
        }
        None => {
            let seed = seed.unwrap_or_else(rand::random);
            let (session, outputs) = engine::start(d, seed);
            let attempt = store
                .start_attempt(learner.id, &session, &d.dialogue.werkprocessen)
                .await?;
            console.show(&outputs, titles)?;
            (attempt, session)
        }
    };

    while !session.finished {
        let Some(line) = console.read_line("> ")? else {
            console.gap()?;
            console.say(&format!(
                "Je poging is bewaard. Ga later verder met: gesprekscoach practice {}",
                d.dialogue.id
            ))?;
            return Ok(());
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let input = match line {
            "/hint" => Input::Hint,
            "/stop" => Input::Stop,
            _ if line.starts_with('/') => {
                console.say("Gebruik /hint voor een tip of /stop om te stoppen.")?;
                continue;
            }
            reply => {
                if !console.interactive {
                    let you = engine::words::words(d.dialogue.language).you;
                    console.say(&format!("{you}: {reply}"))?;
                }
                Input::Reply(reply.to_string())
            }
        };
        let (next, outputs, turn) = engine::handle(d, &matcher, session, input);
        session = next;
        save(store, attempt, &session, turn.as_ref(), &outputs).await?;
        console.show(&outputs, titles)?;
    }
    console.say("Je poging is opgeslagen. Bekijk je voortgang met: gesprekscoach progress")?;
    Ok(())
}

/// Saves one step of the attempt; the scorecard, when there is one, closes it.
async fn save<S: Store>(
    store: &S,
    attempt: AttemptId,
    session: &Session,
    turn: Option<&engine::TurnRecord>,
    outputs: &[Output],
) -> Result<(), StoreError> {
    let card = outputs.iter().find_map(|o| match o {
        Output::Scorecard(c) => Some(c),
        _ => None,
    });
    store.save_turn(attempt, session, turn, card).await
}

/// The learner's interrupted attempt at `d`, if it can and should go on.
/// Piped input resumes automatically; at a terminal the learner is asked.
/// An attempt that is not continued is closed as stopped.
async fn resumable<S: Store>(
    store: &S,
    learner: crate::store::LearnerId,
    d: &crate::dialogue::Prepared,
    matcher: &Matcher,
    console: &mut Console<'_>,
) -> Result<Option<(AttemptId, Session)>, TerminalError> {
    let Some(open) = store.open_attempt(learner, Some(&d.dialogue.id)).await? else {
        return Ok(None);
    };
    let resume = if !engine::can_resume(d, &open.session) {
        console.say("Je vorige poging past niet meer bij dit gesprek (het is aangepast); je begint opnieuw.")?;
        false
    } else if console.interactive {
        let answer = console
            .read_line("Je hebt een onafgemaakte poging van dit gesprek. Verdergaan? [J/n] ")?;
        let answer = answer.unwrap_or_default().trim().to_lowercase();
        matches!(answer.as_str(), "" | "j" | "ja" | "y" | "yes")
    } else {
        true
    };
    if resume {
        return Ok(Some((open.id, open.session)));
    }
    let (closed, outputs, _) = engine::handle(d, matcher, open.session, Input::Stop);
    save(store, open.id, &closed, None, &outputs).await?;
    Ok(None)
}

/// The numbered list grouped by werkproces, then the learner's pick.
fn choose(
    library: &Library,
    console: &mut Console<'_>,
) -> Result<Option<Arc<Prepared>>, TerminalError> {
    console.say("Kies een gesprek om te oefenen:")?;
    let mut group: Option<&str> = None;
    let dialogues = library.shipped_by_werkproces();
    for (n, p) in dialogues.iter().enumerate() {
        let d = &p.dialogue;
        let code = d.werkprocessen.first().map(String::as_str).unwrap_or("");
        if group != Some(code) {
            console.gap()?;
            console.say(&render::werkproces(code, library))?;
            group = Some(code);
        }
        console.say(&format!(
            "  {:>2}. {} (niveau {}, ongeveer {} min) [{}]",
            n + 1,
            d.title,
            d.level,
            d.minutes,
            d.id
        ))?;
    }
    let mut scenarios = library.scenarios().to_vec();
    scenarios.sort_by(|a, b| a.scenario.title.cmp(&b.scenario.title));
    if !scenarios.is_empty() {
        console.gap()?;
        console.say("Webcare-diensten (B1-K2-W3), start met gesprekscoach practice ID:")?;
        for p in &scenarios {
            let sc = &p.scenario;
            console.say(&format!(
                "  - {} (niveau {}, ongeveer {} min) [{}]",
                sc.title, sc.level, sc.minutes, sc.id
            ))?;
        }
    }
    console.gap()?;
    loop {
        let Some(answer) = console.read_line("Nummer of id (leeg = stoppen): ")? else {
            return Ok(None);
        };
        let answer = answer.trim();
        if answer.is_empty() {
            if console.interactive {
                return Ok(None);
            }
            continue;
        }
        let picked = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| dialogues.get(i).cloned())
            .or_else(|| library.find(answer).map(|f| f.arc()));
        match picked {
            Some(p) => return Ok(Some(p)),
            None if console.interactive => {
                console.say(&TerminalError::BadChoice(answer.to_string()).to_string())?
            }
            None => return Err(TerminalError::BadChoice(answer.to_string())),
        }
    }
}

fn unknown(id: &str, library: &Library) -> TerminalError {
    TerminalError::UnknownDialogue {
        id: id.to_string(),
        available: library
            .shipped_by_werkproces()
            .iter()
            .map(|p| p.dialogue.id.as_str())
            .chain(library.scenarios().iter().map(|p| p.scenario.id.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// `gesprekscoach progress`: the local learner's progress per werkproces.
pub async fn progress<S: Store + crate::store::ShiftStore>(
    store: &S,
    dialogues_dir: &Path,
    out: &mut dyn Write,
) -> Result<(), TerminalError> {
    let library = Library::load(dialogues_dir);
    let learner = store
        .learner(LearnerKey::Local(LOCAL_LEARNER), None)
        .await?;
    let progress = store.progress(learner.id).await?;
    if progress.is_empty() {
        writeln!(
            out,
            "Je hebt nog geen gesprek afgerond. Begin met: gesprekscoach practice"
        )?;
    } else {
        writeln!(out, "Je voortgang per werkproces")?;
    }
    for p in &progress {
        writeln!(out, "\n{}", render::werkproces(&p.werkproces, &library))?;
        writeln!(
            out,
            "  Afgeronde gesprekken: {}, beste score: {}/100, laatste score: {}/100",
            p.attempts, p.best_score, p.last_score
        )?;
        for c in &p.criteria {
            let mark = if c.last_met { "[v]" } else { "[x]" };
            writeln!(
                out,
                "  {mark} {}: {} van {} keer laten zien",
                c.label, c.met, c.assessed
            )?;
        }
    }
    webcare::shifts(store, &library, learner.id, out).await?;
    let open: Vec<String> = store
        .attempts(learner.id)
        .await?
        .into_iter()
        .filter(|a| a.status == crate::store::AttemptStatus::InProgress)
        .map(|a| a.dialogue_id)
        .collect();
    if !open.is_empty() {
        writeln!(
            out,
            "\nNog niet afgemaakt (ga verder met gesprekscoach practice ID):"
        )?;
        for id in open {
            writeln!(out, "  {id}")?;
        }
    }
    Ok(())
}
