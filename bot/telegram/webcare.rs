//! `/webcare` on Telegram: a webcare shift in the chat. Each incoming message
//! is its own post (channel, platform and author in the first line) with
//! buttons to answer or escalate it; the student answers by replying to the
//! post (Telegram's reply) or after choosing it with the button; a plain text
//! answers the chosen or else the oldest open post.
//!
//! Time: the shift clock is the seconds since the shift's stored start on a
//! [`ShiftClock`] (the system clock, or a manual one in tests). A ticker
//! delivers messages when they are due; it and the update handler run the
//! engine inside one `BEGIN IMMEDIATE` transaction that reads the stored
//! session, so they never overwrite each other, and a restart simply picks
//! the schedule up from the database.
//!
//! Scenarios: the shipped ones and teachers' uploads the learner may see
//! (`Library::visible_scenarios`); a shift on an upload records its version
//! and keeps running on it after a newer one is saved
//! (`Library::scenario_of_shift`).

use teloxide::types::Message;

use std::sync::Arc;

use crate::dialogue::Catalogue;
use crate::school::library::Audience;
use crate::store::prelude::*;
use crate::store::{ClassId, LearnerId, Shift};
use crate::webcare::model::Channel;
use crate::webcare::shift::{self, Input, Output, ShiftSession};
use crate::webcare::{PreparedScenario, ShiftReport, render};

use super::TelegramError;
use super::buttons::{ButtonData, Key, WebcareButton};
pub use super::clock::ShiftClock;
use super::commands::{Command, Parsed};
use super::decision::{Context, Effects};
use super::send::{Button, OutMessage};
use super::writes::{LearnerRef, ShiftStart, ShiftWrite, Write};

const CHOOSE: &str = "Kies een webcaredienst (B1-K2-W3 Voert webcare uit). Tijdens de dienst komen berichten binnen; beantwoord ze door erop te reageren (Telegram: Beantwoorden) of met de knop eronder.";
pub(super) const HOW: &str = "Zo werk je: reageer op een bericht (veeg het naar links of kies Beantwoorden) of druk op \"Beantwoord\" en typ je reactie. Een gewoon bericht gaat naar het oudste open bericht. /escaleer zet het oudste open bericht door naar je leidinggevende, /hint geeft een tip, /stop beëindigt de dienst.";

/// A text or command while a shift may be running. `None`: not for webcare.
pub async fn message(
    ctx: &Context,
    learner: LearnerRef,
    chat_id: i64,
    m: &Message,
    body: &str,
    command: Option<&Parsed>,
) -> Result<Option<Effects>, TelegramError> {
    let Some(open) = open_shift(ctx, learner).await? else {
        return Ok(None);
    };
    let input = if open.session.awaits_reflection() {
        match command {
            None => Input::Reflection(body.to_string()),
            Some(_) => return Ok(None),
        }
    } else {
        match command {
            Some(Parsed::Command(Command::Oefen { .. })) => {
                return Ok(Some(say(
                    Effects::default(),
                    "Je webcaredienst loopt nog. Maak hem af of stop met /stop; daarna kun je een gesprek oefenen.",
                )));
            }
            Some(Parsed::Command(Command::Stop)) => Input::Stop,
            Some(Parsed::Command(Command::Hint)) => Input::Hint,
            Some(Parsed::Command(Command::Escaleer { post })) => Input::Escalate {
                message: post.and_then(|n| message_of(&open.session, n)),
            },
            Some(_) => return Ok(None),
            None if body.chars().count() > super::text::MAX_REPLY_CHARS => {
                return Ok(Some(say(
                    Effects::default(),
                    &super::text::too_long(body.chars().count()),
                )));
            }
            None => {
                let replied = m
                    .reply_to_message()
                    .and_then(|r| r.text())
                    .and_then(post_number);
                Input::Reply {
                    message: replied.and_then(|n| message_of(&open.session, n)),
                    text: body.to_string(),
                }
            }
        }
    };
    step(ctx, &open, chat_id, input).await.map(Some)
}

/// A webcare button: start a scenario, choose a post, escalate a post.
pub async fn callback(
    ctx: &Context,
    learner: LearnerRef,
    chat_id: i64,
    audience: &Audience,
    button: WebcareButton,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let post = match button {
        WebcareButton::Start(key) => {
            let Some(id) = super::content::scenario(&ctx.content, &key, audience) else {
                return Ok(effects.say(super::text::OLD_BUTTON));
            };
            let started = start(ctx, learner, audience, &id).await?;
            return Ok(merge(effects, started));
        }
        WebcareButton::Focus(n) | WebcareButton::Escalate(n) => n,
    };
    let Some(open) = open_shift(ctx, learner).await? else {
        return Ok(merge(
            effects,
            say(
                Effects::default(),
                "Je hebt geen webcaredienst open. Start er een met /webcare.",
            ),
        ));
    };
    let input = match button {
        WebcareButton::Escalate(_) => Input::Escalate {
            message: message_of(&open.session, post),
        },
        _ => Input::Focus { number: post },
    };
    let stepped = step(ctx, &open, chat_id, input).await?;
    Ok(merge(effects, stepped))
}

/// The learner's open shift (none before anything is stored about them).
async fn open_shift(ctx: &Context, learner: LearnerRef) -> Result<Option<Shift>, TelegramError> {
    Ok(match learner.stored() {
        Some(learner) => ctx.store.open_shift(learner, None).await?,
        None => None,
    })
}

fn merge(mut a: Effects, b: Effects) -> Effects {
    a.writes.extend(b.writes);
    a.messages.extend(b.messages);
    a
}

fn say(mut effects: Effects, text: &str) -> Effects {
    effects.messages.extend(OutMessage::text(text));
    effects
}

/// The post number at the start of a post message: `📢 #3 Facebook · ...`.
fn post_number(text: &str) -> Option<u32> {
    let after = text.split_once('#')?.1;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn message_of(s: &ShiftSession, number: u32) -> Option<String> {
    s.post(number).map(|p| p.message.clone())
}

/// The scenario a shift runs on: shipped, or the uploaded version it
/// started with (`Library::scenario_of_shift`).
pub(super) async fn scenario_of(
    ctx: &Context,
    shift: &Shift,
) -> Result<Option<Arc<PreparedScenario>>, TelegramError> {
    scenario_of_shift(ctx, shift.id, &shift.scenario_id).await
}

pub(super) async fn scenario_of_shift(
    ctx: &Context,
    shift: crate::store::ShiftId,
    scenario_id: &str,
) -> Result<Option<Arc<PreparedScenario>>, TelegramError> {
    let mut db = ctx.store.read().await?;
    Ok(ctx
        .content
        .scenario_of_shift(&mut *db, shift, scenario_id)
        .await?)
}

/// The write that runs `input` on the open shift at the current shift time.
async fn step(
    ctx: &Context,
    open: &Shift,
    chat_id: i64,
    input: Input,
) -> Result<Effects, TelegramError> {
    let Some(p) = scenario_of(ctx, open).await? else {
        return Ok(say(
            Effects::default(),
            "Deze webcaredienst bestaat niet meer. Start een andere met /webcare.",
        ));
    };
    let judged = shift::judge(&p, &ctx.matcher, &open.session, &input);
    Ok(Effects {
        writes: vec![Write::Shift(Box::new(ShiftWrite {
            shift: open.id,
            chat_id,
            scenario: p.clone(),
            catalogue: ctx.content.catalogue_or_empty(),
            input,
            now: ctx.shift_clock.since(open.started_at),
            judged,
        }))],
        messages: Vec::new(),
    })
}

/// `/webcare [ID]` and its buttons: starts the scenario, or lists them.
pub(super) async fn start(
    ctx: &Context,
    learner: LearnerRef,
    audience: &Audience,
    id: &str,
) -> Result<Effects, TelegramError> {
    if let Some(open) = open_shift(ctx, learner).await?
        && !open.session.finished
    {
        return Ok(say(
            Effects::default(),
            "Je webcaredienst loopt nog. Reageer op de open berichten of stop met /stop.",
        ));
    }
    let attempt = match learner.stored() {
        Some(learner) => ctx.store.open_attempt(learner, None).await?,
        None => None,
    };
    if let Some(attempt) = attempt {
        return Ok(say(
            Effects::default(),
            &format!(
                "Je oefening '{}' loopt nog. Maak die af of stop met /stop; daarna kun je een webcaredienst doen.",
                attempt.dialogue_id
            ),
        ));
    }
    let Some(found) = ctx.content.find_scenario_for(id, audience) else {
        let intro = if id.is_empty() {
            CHOOSE.to_string()
        } else {
            format!("Er is geen webcaredienst '{id}'. {CHOOSE}")
        };
        let buttons = ctx
            .content
            .visible_scenarios(audience)
            .iter()
            .map(|f| {
                let sc = &f.prepared.scenario;
                let label = match f.upload {
                    Some(_) => format!("{} (van je docent)", sc.title),
                    None => sc.title.clone(),
                };
                vec![Button::new(
                    label,
                    &ButtonData::Webcare(WebcareButton::Start(Key::of(&sc.id))),
                )]
            })
            .collect();
        let mut effects = Effects::default();
        effects
            .messages
            .extend(OutMessage::text_with_buttons(intro, buttons));
        return Ok(effects);
    };
    let (session, outputs) = shift::start(&found.prepared);
    let mut effects = Effects {
        writes: vec![Write::ShiftStart(Box::new(ShiftStart {
            learner,
            session,
            started_at: ctx.shift_clock.now(),
            upload: found.upload,
        }))],
        messages: Vec::new(),
    };
    for (i, o) in outputs.iter().enumerate() {
        effects
            .messages
            .extend(out_message(o, &ctx.content.catalogue_or_empty()));
        if i == 0 {
            effects.messages.extend(OutMessage::text(HOW));
        }
    }
    effects.messages = super::send::coalesce(effects.messages);
    Ok(effects)
}

/// How an output looks in the chat: posts get their channel at a glance and
/// buttons.
fn out_message(o: &Output, catalogue: &Catalogue) -> Vec<OutMessage> {
    match o {
        Output::Arrived(card) => {
            let icon = match card.channel {
                Channel::Post => "📢",
                Channel::Reactie => "💬",
                Channel::Review => "⭐",
                Channel::Dm => "✉️",
            };
            OutMessage::text_with_buttons(
                format!("{icon} {}\n\n{}", render::post_header(card), card.text),
                vec![vec![
                    Button::new(
                        format!("Beantwoord #{}", card.number),
                        &ButtonData::Webcare(WebcareButton::Focus(card.number)),
                    ),
                    Button::new(
                        format!("Escaleer #{}", card.number),
                        &ButtonData::Webcare(WebcareButton::Escalate(card.number)),
                    ),
                ]],
            )
        }
        other => OutMessage::text(render::output(other, catalogue)),
    }
}

fn report(outputs: &[Output]) -> Option<&ShiftReport> {
    outputs.iter().find_map(|o| match o {
        Output::Report(r) => Some(r.as_ref()),
        _ => None,
    })
}

/// Records a new shift (inside the update's transaction).
pub async fn apply_start(
    tx: &mut dyn Tx,
    learner: LearnerId,
    w: &ShiftStart,
) -> Result<(), TelegramError> {
    let shift = tx.start_shift(learner, &w.session, w.started_at).await?;
    if let Some(version) = w.upload {
        tx.link_shift_upload(shift, crate::store::UploadId(version))
            .await?;
    }
    Ok(())
}

/// Runs one input on the stored session and queues the outputs, in the
/// caller's transaction.
pub async fn apply(tx: &mut dyn Tx, w: &ShiftWrite) -> Result<(), TelegramError> {
    let Some(stored) = tx.shift(w.shift).await? else {
        return Ok(());
    };
    let (session, outputs) = shift::handle_judged(
        &w.scenario,
        stored.session,
        w.input.clone(),
        w.now,
        w.judged.clone(),
    );
    tx.save_shift(w.shift, &session, report(&outputs)).await?;
    let messages = outputs
        .iter()
        .flat_map(|o| out_message(o, &w.catalogue))
        .collect();
    for m in super::send::coalesce(messages) {
        let json = serde_json::to_string(&m)?;
        tx.outbox_push(w.chat_id, &json).await?;
    }
    Ok(())
}

/// `/reflecties KLAS` for the class's teacher (checked by the caller): each
/// student's finished shifts with score and reflection, newest first, so
/// the teacher can pick up the reflections in class.
pub(super) async fn class_reflections(
    ctx: &Context,
    class: &crate::store::classes::Class,
) -> Result<Effects, TelegramError> {
    let students = ctx
        .store
        .read()
        .await?
        .class_users(ClassId(class.id))
        .await?;
    let mut text = format!("📝 Webcarediensten en reflecties van {}\n", class.name);
    let mut any = false;
    for student in &students {
        let Some(learner) = student.learner_id else {
            continue;
        };
        let shifts = ctx.store.shifts(LearnerId(learner)).await?;
        for s in shifts.iter().filter(|s| s.report.is_some()) {
            any = true;
            let title = ctx.content.title(&s.scenario_id);
            let score = s.score.map(|n| format!("{n}/100")).unwrap_or_default();
            let missing = format!(
                "({})",
                render::no_reflection(&s.session, "nog niet gegeven")
            );
            let reflection = s.reflection.as_deref().unwrap_or(&missing);
            text.push_str(&format!(
                "\n{} – {title} ({}): {score}\nReflectie: {reflection}\n",
                student.first_name,
                s.started_at.format("%d-%m-%Y")
            ));
        }
    }
    if !any {
        text.push_str("\nNog niemand in deze klas heeft een webcaredienst afgerond.");
    }
    Ok(Effects::default().say(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_post_number_is_read_from_the_replied_post() {
        assert_eq!(
            post_number("📢 #3 Facebook · openbare post · Peter\n\ntekst"),
            Some(3)
        );
        assert_eq!(post_number("#12 Instagram"), Some(12));
        assert_eq!(post_number("geen nummer"), None);
    }
}
