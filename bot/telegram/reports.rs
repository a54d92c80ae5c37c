//! Class reports in the chat, for the class's own teacher:
//! - `/overzicht KLAS`: the summary, the CSV document, the heatmap photo and
//!   a button per student;
//! - `/leerling KLAS NAAM-of-NR` (or a student's button): that student's
//!   attempts, each with a button;
//! - an attempt's button: the transcript (every reply with what was
//!   recognised and the feedback) and the evidence per criterion.
//!
//! Who may read which class's reports is the school's decision
//! (`school::auth::viewer_of` / `viewer_of_id`, the dashboard's too): a
//! teacher their own classes, an admin every class. Every entry goes
//! through [`teacher::viewable_class`] / [`teacher::viewable_class_by_id`];
//! buttons carry ids ([`ReportButton`]), which the client could forge, so
//! each press checks again that the sender may read the class and that the
//! student (still) belongs to it.

use chrono_tz::Tz;

use super::TelegramError;
use super::buttons::{ButtonData, ReportButton};
use super::decision::{Context, Effects, Student};
use super::send::{Button, OutMessage};
use super::teacher;
use crate::engine::{CriterionStatus, render};
use crate::report::{self, ReportError, Sources, export, heatmap};
use crate::store::classes::Class;
use crate::store::reports::Member;
use crate::store::{AttemptId, AttemptStatus, ClassId, LearnerId};

/// Attempts listed per student (newest first).
const MAX_ATTEMPTS_LISTED: usize = 10;

/// Dates in the chat: the school's time zone (`COACH_TIMEZONE`).
fn timezone(ctx: &Context) -> Tz {
    ctx.assign.tz
}

impl From<ReportError> for TelegramError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Store(e) => TelegramError::Store(e),
            other => TelegramError::Report(other),
        }
    }
}

/// `/overzicht KLAS`.
pub(super) async fn overview(
    ctx: &Context,
    me: &Student,
    class: &str,
) -> Result<Effects, TelegramError> {
    let class = match teacher::viewable_class(ctx, me, class).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    let tz = timezone(ctx);
    let mut conn = ctx.store.read().await?;
    let Some(listing) = conn.class_listing(ClassId(class.id)).await? else {
        return Ok(Effects::default().say(super::text::OLD_BUTTON));
    };
    let sources = Sources {
        dialogues: &*ctx.content,
        werkprocessen: ctx.content.werkprocessen(),
    };
    let report = report::build(&mut *conn, &listing, sources, ctx.assign.clock.now()).await?;
    drop(conn);

    let mut effects = Effects::default().say(export::summary_text(&report, tz));
    effects.messages.push(OutMessage::Document {
        file_name: export::file_name(&report, tz, "csv"),
        content: export::csv(&report, tz)?,
        caption: "Per leerling × werkproces × criterium: pogingen, beste en laatste score, \
                  behaald en datum. Opent in Excel (scheidingsteken ;)."
            .into(),
    });
    match heatmap::png(&report, tz) {
        Ok(png) => effects.messages.push(OutMessage::photo(
            &png,
            "Per leerling en criterium: ✓ behaald, ~ deels, ✗ niet behaald, grijs = nooit geoefend.",
        )),
        // The text and the CSV are worth sending without the picture.
        Err(e) => tracing::error!(error = %e, "class heatmap failed"),
    }
    let buttons: Vec<Vec<Button>> = report
        .students
        .iter()
        .filter_map(|s| {
            let learner = s.learner?;
            Some(Button::new(
                teacher::short(&format!("{}. {}", s.nr, s.name)),
                &ButtonData::Report(ReportButton::Student {
                    class: ClassId(class.id),
                    learner,
                }),
            ))
        })
        .collect::<Vec<_>>()
        .chunks(2)
        .map(<[Button]>::to_vec)
        .collect();
    if !buttons.is_empty() {
        effects = effects.say_with(
            format!(
                "Bekijk de pogingen van een leerling (gesprek en bewijs per criterium): tik op een naam, \
                 of stuur /leerling {} NR.",
                class.name
            ),
            buttons,
        );
    }
    Ok(effects)
}

/// `/leerling KLAS NAAM-of-NR`.
pub(super) async fn student(
    ctx: &Context,
    me: &Student,
    class: &str,
    who: &str,
) -> Result<Effects, TelegramError> {
    let class = match teacher::viewable_class(ctx, me, class).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    let mut conn = ctx.store.read().await?;
    let members = conn.report_members(ClassId(class.id)).await?;
    drop(conn);
    let usage = format!(
        "Stuur /leerling {} gevolgd door het nummer of de naam, bijvoorbeeld /leerling {} 3.",
        class.name, class.name
    );
    if members.is_empty() {
        return Ok(
            Effects::default().say(format!("Klas {} heeft nog geen leerlingen.", class.name))
        );
    }
    let numbered = || {
        members
            .iter()
            .enumerate()
            .map(|(i, m)| format!("{}. {}", i + 1, m.name))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if who.is_empty() {
        return Ok(Effects::default().say(format!(
            "{usage}\n\nLeerlingen van {}:\n{}",
            class.name,
            numbered()
        )));
    }
    let found: Vec<&Member> = match who.parse::<usize>() {
        Ok(nr) => members.get(nr.wrapping_sub(1)).into_iter().collect(),
        Err(_) => members
            .iter()
            .filter(|m| m.name.trim().to_lowercase() == who.to_lowercase())
            .collect(),
    };
    match found.as_slice() {
        [one] => match one.learner {
            Some(learner) => attempts_of(ctx, &class, one, learner, Effects::default()).await,
            None => Ok(Effects::default().say(format!("{} heeft nog niets geoefend.", one.name))),
        },
        [] => Ok(Effects::default().say(format!(
            "Klas {} heeft geen leerling '{who}'. {usage}\n\nLeerlingen:\n{}",
            class.name,
            numbered()
        ))),
        _ => Ok(Effects::default().say(format!(
            "Er zijn {} leerlingen die '{who}' heten; kies het nummer, bijvoorbeeld /leerling {} 3.\n\nLeerlingen:\n{}",
            found.len(),
            class.name,
            numbered()
        ))),
    }
}

/// The reports' buttons.
pub(super) async fn callback(
    ctx: &Context,
    me: &Student,
    button: ReportButton,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    match button {
        ReportButton::Student { class, learner } => {
            let class = match teacher::viewable_class_by_id(ctx, me, class.0).await? {
                Ok(c) => c,
                Err(refusal) => return Ok(effects.and(refusal)),
            };
            let mut conn = ctx.store.read().await?;
            let members = conn.report_members(ClassId(class.id)).await?;
            drop(conn);
            match members.iter().find(|m| m.learner == Some(learner)) {
                Some(m) => attempts_of(ctx, &class, m, learner, effects).await,
                None => Ok(effects.say(NOT_IN_CLASS)),
            }
        }
        ReportButton::Attempt(attempt) => attempt_view(ctx, me, attempt, effects).await,
    }
}

const NOT_IN_CLASS: &str = "Deze leerling zit niet (meer) in een klas van jou. Bekijk je klas opnieuw met /overzicht KLAS.";

fn status_words(s: AttemptStatus) -> &'static str {
    match s {
        AttemptStatus::Completed => "afgerond",
        AttemptStatus::Stopped => "gestopt",
        AttemptStatus::InProgress => "bezig",
    }
}

/// A student's attempts, newest first, each with a button.
async fn attempts_of(
    ctx: &Context,
    class: &Class,
    member: &Member,
    learner: LearnerId,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let tz = timezone(ctx);
    let attempts = ctx.store.attempts(learner).await?;
    if attempts.is_empty() {
        return Ok(effects.say(format!(
            "{} (klas {}) heeft nog geen oefening gedaan.",
            member.name, class.name
        )));
    }
    let mut text = format!(
        "🗂 Oefeningen van {} (klas {}): {} in totaal",
        member.name,
        class.name,
        attempts.len()
    );
    if attempts.len() > MAX_ATTEMPTS_LISTED {
        text.push_str(&format!(", hieronder de laatste {MAX_ATTEMPTS_LISTED}"));
    }
    text.push('\n');
    let mut buttons = Vec::new();
    for (i, a) in attempts.iter().take(MAX_ATTEMPTS_LISTED).enumerate() {
        let title = ctx
            .content
            .find(&a.dialogue_id)
            .map(|d| d.dialogue.title.clone())
            .unwrap_or_else(|| a.dialogue_id.clone());
        let score = a.score.map(|s| format!(", score {s}")).unwrap_or_default();
        text.push_str(&format!(
            "\n{}. {} – {title} ({}{score})",
            i + 1,
            export::local(a.started_at, tz),
            status_words(a.status)
        ));
        buttons.push(vec![Button::new(
            teacher::short(&format!("{}. {title}", i + 1)),
            &ButtonData::Report(ReportButton::Attempt(a.id)),
        )]);
    }
    text.push_str(&format!(
        "\n\nTik op een oefening voor het gesprek en het bewijs per criterium. \
         Webcarediensten en reflecties: /reflecties {}.",
        class.name
    ));
    Ok(effects.say_with(text, buttons))
}

/// One attempt: transcript and evidence per criterion.
async fn attempt_view(
    ctx: &Context,
    me: &Student,
    id: AttemptId,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let mut conn = ctx.store.read().await?;
    let owner = conn.attempt_class(id).await?;
    drop(conn);
    // An attempt of no class: the same answer as for a class that is not the
    // sender's (no class has id 0), so a forged button learns nothing.
    let class_id = owner.map_or(0, |(class, _)| class.0);
    let class = match teacher::viewable_class_by_id(ctx, me, class_id).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(effects.and(refusal)),
    };
    let Some(attempt) = ctx.store.attempt(id).await? else {
        return Ok(effects.say(NOT_IN_CLASS));
    };
    let turns = ctx.store.turns(id).await?;
    let tz = timezone(ctx);
    let title = ctx
        .content
        .find(&attempt.dialogue_id)
        .map(|d| d.dialogue.title.clone())
        .unwrap_or_else(|| attempt.dialogue_id.clone());
    let mut conn = ctx.store.read().await?;
    let name = conn
        .report_members(ClassId(class.id))
        .await?
        .into_iter()
        .find(|m| m.learner == Some(attempt.learner))
        .map(|m| m.name)
        .unwrap_or_else(|| "Leerling".into());
    drop(conn);
    let score = attempt
        .score
        .map(|s| format!(" · score {s}/100"))
        .unwrap_or_default();
    let mut text = format!(
        "💬 {name} – {title}\n{} · {}{score}\n",
        export::local(attempt.started_at, tz),
        status_words(attempt.status)
    );
    if turns.is_empty() {
        text.push_str("\nNog geen antwoorden gegeven.\n");
    }
    for t in &turns {
        text.push_str(&format!("\n{}. [{}] {}\n", t.seq, t.step, t.text));
        let recognised: Vec<String> = t
            .detection
            .evidence
            .iter()
            .filter(|e| !e.negated)
            .map(|e| format!("{} (\"{}\")", e.behaviour, e.matched))
            .collect();
        if !recognised.is_empty() {
            text.push_str(&format!("   Herkend: {}\n", recognised.join(", ")));
        }
        let feedback = render::feedback(&t.feedback);
        for line in feedback.lines() {
            text.push_str(&format!("   {line}\n"));
        }
        if !t.feedback.answered.is_empty() {
            let about: Vec<&str> = t
                .feedback
                .answered
                .iter()
                .map(|a| a.about.as_str())
                .collect();
            text.push_str(&format!(
                "   (beantwoord uit kennis: {})\n",
                about.join(", ")
            ));
        }
        if t.feedback.unknown_question {
            text.push_str("   (de klant wist het antwoord niet)\n");
        }
    }
    match &attempt.scorecard {
        Some(card) => {
            text.push_str("\nBewijs per criterium:\n");
            for c in &card.criteria {
                let line = match (c.status, &c.quote) {
                    (CriterionStatus::Met, Some(q)) => format!("✅ {}: \"{q}\"", c.label),
                    (CriterionStatus::Met, None) => format!("✅ {}", c.label),
                    (CriterionStatus::NotMet, _) => format!("❌ {} – tip: {}", c.label, c.tip),
                    (CriterionStatus::NotAssessed, _) => format!("➖ {}: niet beoordeeld", c.label),
                };
                text.push_str(&format!("{line} ({})\n", c.werkproces));
            }
        }
        None => text.push_str("\nNog geen scorekaart: de oefening is niet afgemaakt.\n"),
    }
    Ok(effects.say(text))
}
