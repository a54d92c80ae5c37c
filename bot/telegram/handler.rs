//! One update in, a decision out: which database writes and which messages.
//! Maps Telegram updates to engine inputs and engine outputs to messages (via
//! the engine's shared Dutch renderer); the pedagogy stays in the engine.
//!
//! [`decide`] only reads (its [`Context`] holds a [`crate::store::ReadOnly`] store, which
//! has no way to write); the runtime applies the returned [`Effects`] in one
//! transaction together with the update's inbox row, so an update's effect
//! happens exactly once. Even a first contact is only decided here: the
//! learner and user rows are made by [`Write::Touch`] in [`apply`], and the
//! other writes of that update refer to the learner as [`LearnerRef::New`].

use serde_json::json;
use teloxide::types::{
    BotCommand, CallbackQuery, ChatMemberKind, ChatMemberUpdated, Message, Update, UpdateKind, User,
};

use crate::engine::{self, Input, Output, render};
use crate::store::prelude::*;
use crate::store::telegram as db;
use crate::store::{ClassId, LearnerId, LearnerKey};

use super::buttons::{ButtonData, Key};
use super::chart;
use super::commands::{self, Command, Parsed};
use super::decision::{Context, Effects, Student};
use super::send::{Button, OutMessage};
use super::text;
use super::writes::{LearnerRef, UploadWrite, Write};
use super::{Conflict, TelegramError};
use crate::school::library::{Audience, Found};

/// How long a `/vergeetmij` confirmation button stays valid.
const FORGET_WINDOW: i64 = 10 * 60;

/// The commands shown in Telegram's menu (`setMyCommands`).
pub fn bot_commands() -> Vec<BotCommand> {
    super::commands::menu()
}

/// Decides what an update does, reading only.
pub async fn decide(ctx: &Context, update: &Update) -> Result<Effects, TelegramError> {
    match &update.kind {
        UpdateKind::Message(m) => message(ctx, m).await,
        UpdateKind::EditedMessage(m) if m.chat.is_private() => {
            Ok(Effects::default().say(text::EDITED))
        }
        UpdateKind::CallbackQuery(q) => callback(ctx, q).await,
        UpdateKind::MyChatMember(u) => Ok(member(u)),
        _ => Ok(Effects::default()),
    }
}

/// A write's learner: known, or the one this update's [`Write::Touch`] made.
fn resolve(learner: LearnerRef, touched: Option<LearnerId>) -> Result<LearnerId, TelegramError> {
    match (learner, touched) {
        (LearnerRef::Known(id), _) | (LearnerRef::New, Some(id)) => Ok(id),
        (LearnerRef::New, None) => Err(TelegramError::Conflict(Conflict::NoFirstContact)),
    }
}

/// Applies the writes inside the update's transaction.
pub async fn apply(tx: &mut dyn Tx, writes: &[Write]) -> Result<(), TelegramError> {
    // The attempt a following `Write::Upload(LinkAttempt)` refers to.
    let mut last_attempt = None;
    // The learner a `Write::Touch` made or found.
    let mut touched = None;
    for w in writes {
        match w {
            Write::Touch {
                user_id,
                chat_id,
                first_name,
            } => {
                let key = LearnerKey::Telegram(*user_id);
                let learner = tx.learner(key, Some(first_name)).await?;
                tx.user_touch(*user_id, *chat_id, first_name, learner.id)
                    .await?;
                touched = Some(learner.id);
            }
            Write::StartAttempt {
                learner,
                session,
                werkprocessen,
            } => {
                let learner = resolve(*learner, touched)?;
                let id = tx.start_attempt(learner, session, werkprocessen).await?;
                last_attempt = Some(id);
            }
            Write::SaveTurn {
                attempt,
                session,
                turn,
                scorecard,
            } => {
                tx.save_turn(*attempt, session, turn.as_deref(), scorecard.as_deref())
                    .await?;
            }
            Write::JoinClass { learner, class } => {
                tx.join_class(resolve(*learner, touched)?, *class).await?
            }
            Write::JoinFailed { user_id } => tx.record_join_failure(*user_id).await?,
            Write::LoginLink { hash, user, now } => {
                tx.create_login_link(hash, *user, *now, *now + crate::school::login::LINK_VALID)
                    .await?
            }
            Write::ForgetRequested { user_id, at } => {
                tx.set_forget_requested(*user_id, *at).await?
            }
            Write::Forget {
                user_id,
                chat_id,
                learner,
            } => {
                tx.forget_learner(resolve(*learner, touched)?).await?;
                // A teacher or admin is also named in the school's tables.
                tx.forget_teacher(*user_id, db::now()).await?;
                tx.delete_user(*user_id, *chat_id).await?;
            }
            Write::SetInactive { user_id, inactive } => {
                tx.set_inactive(*user_id, *inactive).await?
            }
            Write::ShiftStart(w) => {
                let learner = resolve(w.learner, touched)?;
                super::webcare::apply_start(tx, learner, w).await?
            }
            Write::Shift(w) => super::webcare::apply(tx, w).await?,
            Write::Teacher(w) => super::teacher::apply(tx, w).await?,
            Write::Upload(w) => super::upload::apply(tx, w, last_attempt).await?,
            Write::Assign(w) => super::assign::apply(tx, w).await?,
        }
    }
    Ok(())
}

/// After the writes committed: updates what is held in memory (the offer of
/// uploaded dialogues). Failures are logged; the database stays the truth
/// and is read again at the next start.
pub async fn committed(ctx: &Context, writes: &[Write]) {
    if let Err(e) = super::upload::committed(ctx, writes).await {
        tracing::error!(error = %e, "could not refresh the uploaded dialogues in memory");
    }
}

/// Who sent the update, as stored; and the [`Write::Touch`] that must come
/// first when that is not (yet) who they are now.
async fn student(
    ctx: &Context,
    user: &User,
    chat_id: i64,
) -> Result<(Student, Option<Write>), TelegramError> {
    let user_id = user.id.0 as i64;
    let name = user.first_name.as_str();
    let known = ctx.store.read().await?.user(user_id).await?;
    let learner = known
        .as_ref()
        .and_then(|k| k.learner_id)
        .map_or(LearnerRef::New, |id| LearnerRef::Known(LearnerId(id)));
    // The common case, a known student writing again, needs no write at all.
    if let Some(known) = &known
        && learner != LearnerRef::New
        && known.chat_id == chat_id
        && known.first_name == name
        && known.inactive_since.is_none()
    {
        return Ok((
            Student {
                user: known.clone(),
                learner,
            },
            None,
        ));
    }
    // As the touch will leave the user row.
    let now = db::now();
    let user = match known {
        Some(known) => db::TgUser {
            chat_id,
            first_name: name.to_string(),
            inactive_since: None,
            ..known
        },
        None => db::TgUser {
            user_id,
            chat_id,
            first_name: name.to_string(),
            class_id: None,
            forget_requested_at: None,
            inactive_since: None,
            created_at: now,
            learner_id: None,
        },
    };
    let touch = Write::Touch {
        user_id,
        chat_id,
        first_name: name.to_string(),
    };
    Ok((Student { user, learner }, Some(touch)))
}

async fn message(ctx: &Context, m: &Message) -> Result<Effects, TelegramError> {
    if !m.chat.is_private() {
        // Only answer what was meant for the bot, so a group is not spammed.
        let addressed = m.text().is_some_and(|t| t.starts_with('/'));
        return Ok(if addressed {
            Effects::default().say(text::GROUPS)
        } else {
            Effects::default()
        });
    }
    let Some(from) = m.from.as_ref() else {
        return Ok(Effects::default());
    };
    let (me, touch) = student(ctx, from, m.chat.id.0).await?;
    let effects = message_from(ctx, &me, m).await?;
    Ok(touched_first(touch, effects))
}

/// The sender's [`Write::Touch`] before the update's own writes.
fn touched_first(touch: Option<Write>, mut effects: Effects) -> Effects {
    if let Some(touch) = touch {
        effects.writes.insert(0, touch);
    }
    effects
}

async fn message_from(ctx: &Context, me: &Student, m: &Message) -> Result<Effects, TelegramError> {
    if let Some(doc) = m.document()
        && let Some(effects) = super::upload::document(ctx, me, doc).await?
    {
        return Ok(effects);
    }
    let Some(body) = m.text() else {
        let mut effects = Effects::default().say(text::UNSUPPORTED_MEDIA);
        if let Some(attempt) = me.open_attempt(ctx).await? {
            effects = effects.say(format!(
                "Je oefening loopt nog. De klant zei: {}",
                attempt.session.last_line
            ));
        }
        return Ok(effects);
    };
    let command = commands::parse(body);
    if let Some(effects) =
        super::webcare::message(ctx, me.learner, me.user.chat_id, m, body, command.as_ref()).await?
    {
        return Ok(effects);
    }
    match command {
        Some(Parsed::Command(command)) => run_command(ctx, me, command).await,
        Some(Parsed::Unknown) => Ok(Effects::default().say(text::UNKNOWN_COMMAND)),
        None => reply(ctx, me, body).await,
    }
}

/// Every command is handled here: students' ones in this module, teachers'
/// in theirs.
async fn run_command(
    ctx: &Context,
    me: &Student,
    command: Command,
) -> Result<Effects, TelegramError> {
    match command {
        Command::Start { join: code } => {
            let effects = Effects::default().say(format!("{}\n\n{}", text::WELCOME, text::PRIVACY));
            match code {
                Some(code) => join(ctx, me, &code, effects).await,
                None => Ok(effects),
            }
        }
        Command::Help => Ok(Effects::default().say(text::HELP)),
        Command::Klas { join: None } => Ok(match me.class(ctx).await? {
            Some(c) => {
                Effects::default().say(format!("{}\n{}", text::in_class(&c.name), text::KLAS_USAGE))
            }
            None => Effects::default().say(text::KLAS_USAGE),
        }),
        Command::Klas { join: Some(code) } => join(ctx, me, &code, Effects::default()).await,
        Command::Oefen { dialogue: None } => {
            let audience = super::upload::audience(ctx, me).await?;
            Ok(menu(ctx, &audience, Effects::default(), None))
        }
        Command::Oefen { dialogue: Some(id) } => start_dialogue(ctx, me, &id).await,
        Command::Webcare { scenario } => {
            let audience = super::upload::audience(ctx, me).await?;
            let id = scenario.as_deref().unwrap_or("");
            super::webcare::start(ctx, me.learner, &audience, id).await
        }
        Command::Hint => engine_input(ctx, me, Input::Hint).await,
        Command::Stop => engine_input(ctx, me, Input::Stop).await,
        // Only meant during a webcare shift (which took it before).
        Command::Escaleer { .. } => Ok(Effects::default().say(text::UNKNOWN_COMMAND)),
        Command::Voortgang => progress(ctx, me).await,
        Command::Opdrachten => super::assign::for_student(ctx, me).await,
        Command::MijnGegevens => my_data(ctx, me).await,
        Command::VergeetMij => Ok(Effects::default()
            .write(Write::ForgetRequested {
                user_id: me.user.user_id,
                at: Some(db::now()),
            })
            .say_with(
                text::FORGET_CONFIRM,
                vec![vec![
                    Button::new("Ja, wis alles", &ButtonData::Forget { confirmed: true }),
                    Button::new("Nee", &ButtonData::Forget { confirmed: false }),
                ]],
            )),
        Command::Opdracht { words } => super::assign::give(ctx, me, &words).await,
        Command::Herinner { class } => super::assign::remind(ctx, me, &class).await,
        Command::Planning { words } => super::assign::planning(ctx, me, &words).await,
        Command::MijnDialogen => super::upload::list(ctx, me).await,
        Command::VerwijderDialoog { dialogue } => super::upload::remove(ctx, me, &dialogue).await,
        Command::Publiceer { dialogue, everyone } => {
            super::upload::publish(ctx, me, &dialogue, everyone).await
        }
        Command::Dashboard => dashboard(ctx, me).await,
        Command::Overzicht { class } => super::reports::overview(ctx, me, &class).await,
        Command::Leerling { class, who } => super::reports::student(ctx, me, &class, &who).await,
        // Listed rather than a wildcard, so a new command cannot be
        // forgotten here.
        teacher @ (Command::DocentCode
        | Command::Docent { .. }
        | Command::DocentHulp
        | Command::NieuweKlas { .. }
        | Command::Klassen
        | Command::Hernoem { .. }
        | Command::Oefeningen
        | Command::Sjabloon { .. }
        | Command::Reflecties { .. }) => super::teacher::command(ctx, me, teacher).await,
    }
}

/// `/dashboard`: a one-time login link for a teacher or admin. The token is
/// made here and only its hash is written, in the update's unit.
async fn dashboard(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    let Some(base) = &ctx.dashboard_url else {
        return Ok(Effects::default().say(text::DASHBOARD_OFF));
    };
    let user = me.user.user_id;
    let now = db::now();
    let mut reads = ctx.store.read().await?;
    if let Some(refusal) =
        crate::school::login::link_refusal(&mut *reads, &ctx.admin_ids, user, now).await?
    {
        return Ok(Effects::default().say(refusal.words()));
    }
    let (token, hash) = crate::school::login::new_link();
    Ok(Effects::default()
        .write(Write::LoginLink { hash, user, now })
        .say(text::dashboard_link(&crate::school::login::login_url(
            base, &token,
        ))))
}

async fn join(
    ctx: &Context,
    me: &Student,
    code: &str,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let mut db = ctx.store.read().await?;
    if crate::school::classes::guessing_blocked(&mut *db, me.user.user_id).await? {
        return Ok(effects.say(text::KLAS_TOO_MANY));
    }
    Ok(match db.class_by_code(code).await? {
        Some(class) => effects
            .write(Write::JoinClass {
                learner: me.learner,
                class: ClassId(class.id),
            })
            .say(text::joined(&class.name)),
        None => effects
            .write(Write::JoinFailed {
                user_id: me.user.user_id,
            })
            .say(text::unknown_class(code)),
    })
}

/// The `/oefen` menu: dialogues grouped by werkproces.
/// `intro` goes above the list in the same message.
fn menu(ctx: &Context, audience: &Audience, effects: Effects, intro: Option<&str>) -> Effects {
    let groups = ctx.content.groups(audience);
    let intro = intro.map(|i| format!("{i}\n\n")).unwrap_or_default();
    if groups.is_empty() {
        return effects.say(format!("{intro}{}", text::NO_DIALOGUES));
    }
    let mut listing = format!("{intro}{}", text::CHOOSE_DIALOGUE);
    let mut buttons = Vec::new();
    for g in &groups {
        listing.push_str("\n\n");
        listing.push_str(&match g.title {
            Some(t) => format!("{} {}", g.code, t),
            None => g.code.clone(),
        });
        for d in &g.dialogues {
            let dl = &d.dialogue;
            listing.push_str(&format!(
                "\n• {} (niveau {}, {} min)",
                dl.title, dl.level, dl.minutes
            ));
            buttons.push(vec![Button::new(
                format!("{} · {}", g.code, dl.title),
                &ButtonData::Practise(Key::of(&dl.id)),
            )]);
        }
    }
    effects.say_with(listing, buttons)
}

async fn start_dialogue(ctx: &Context, me: &Student, id: &str) -> Result<Effects, TelegramError> {
    let id = id.split_whitespace().next().unwrap_or("");
    let audience = super::upload::audience(ctx, me).await?;
    let Some(found) = ctx.content.find_for(id, &audience) else {
        let intro = text::unknown_dialogue(id);
        return Ok(menu(ctx, &audience, Effects::default(), Some(&intro)));
    };
    start_prepared(ctx, me, &found, Effects::default()).await
}

async fn start_prepared(
    ctx: &Context,
    me: &Student,
    prepared: &Found,
    mut effects: Effects,
) -> Result<Effects, TelegramError> {
    if let Some(open) = me.open_attempt(ctx).await? {
        let title = ctx
            .content
            .find(&open.dialogue_id)
            .map(|d| d.dialogue.title.clone())
            .unwrap_or(open.dialogue_id.clone());
        return Ok(effects.say(text::already_practising(&title)));
    }
    let (session, outputs) = engine::start(prepared, rand::random());
    effects = effects.write(Write::StartAttempt {
        learner: me.learner,
        session,
        werkprocessen: prepared.dialogue.werkprocessen.clone(),
    });
    if let Some(version) = prepared.upload {
        effects = effects.write(Write::Upload(UploadWrite::LinkAttempt { version }));
    }
    // Briefing and the customer's first line in one message: every send
    // counts against Telegram's 30 per second for the whole bot.
    let opening: Vec<String> = outputs
        .iter()
        .map(|o| render::output(o, &*ctx.content))
        .collect();
    Ok(effects.say(opening.join("\n\n")))
}

/// A free-text reply to the customer.
async fn reply(ctx: &Context, me: &Student, body: &str) -> Result<Effects, TelegramError> {
    let chars = body.chars().count();
    if body.trim().is_empty() {
        return Ok(Effects::default().say(text::EMPTY_TEXT));
    }
    if chars > text::MAX_REPLY_CHARS {
        return Ok(Effects::default().say(text::too_long(chars)));
    }
    engine_input(ctx, me, Input::Reply(body.to_string())).await
}

/// Runs an input through the engine on the open attempt: one message back
/// (feedback plus the customer's next line), the scorecard at the end.
async fn engine_input(ctx: &Context, me: &Student, input: Input) -> Result<Effects, TelegramError> {
    let Some(attempt) = me.open_attempt(ctx).await? else {
        // A reply outside a dialogue gets the menu right away.
        return Ok(match input {
            Input::Reply(_) => {
                let audience = super::upload::audience(ctx, me).await?;
                menu(
                    ctx,
                    &audience,
                    Effects::default(),
                    Some(text::NOT_PRACTISING),
                )
            }
            _ => Effects::default().say(text::NOT_PRACTISING),
        });
    };
    let Some(prepared) = super::upload::dialogue_of_attempt(ctx, &attempt).await? else {
        // The dialogue was removed since: close the attempt so the student is not stuck.
        let mut session = attempt.session.clone();
        session.stopped = true;
        return Ok(Effects::default()
            .write(Write::SaveTurn {
                attempt: attempt.id,
                session,
                turn: None,
                scorecard: None,
            })
            .say(format!(
                "De oefening '{}' bestaat niet meer. Kies een andere met /oefen.",
                attempt.dialogue_id
            )));
    };
    let (session, outputs, turn) = engine::handle(&prepared, &ctx.matcher, attempt.session, input);
    let scorecard = outputs.iter().find_map(|o| match o {
        Output::Scorecard(card) => Some(card.clone()),
        _ => None,
    });
    let mut effects = Effects::default().write(Write::SaveTurn {
        attempt: attempt.id,
        session,
        turn: turn.map(Box::new),
        scorecard: scorecard.clone().map(Box::new),
    });
    let mut conversation: Vec<String> = outputs
        .iter()
        .filter(|o| !matches!(o, Output::Scorecard(_)))
        .map(|o| render::output(o, &*ctx.content))
        .filter(|t| !t.trim().is_empty())
        .collect();
    let Some(card) = scorecard else {
        if !conversation.is_empty() {
            effects = effects.say(conversation.join("\n\n"));
        }
        return Ok(effects);
    };
    // The last line and the scorecard in one message (split only beyond
    // Telegram's limit, the buttons then going with the scorecard's end).
    conversation.push(render::scorecard(&card, &*ctx.content));
    Ok(effects.say_with(
        conversation.join("\n\n"),
        vec![vec![
            Button::new("Opnieuw", &ButtonData::Again(Key::of(&card.dialogue_id))),
            Button::new("Andere oefening", &ButtonData::Menu),
        ]],
    ))
}

async fn progress(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    let rows = match me.learner.stored() {
        Some(learner) => ctx.store.progress(learner).await?,
        None => Vec::new(),
    };
    if rows.is_empty() {
        return Ok(Effects::default().say(text::NO_PROGRESS));
    }
    let mut out = String::from("📈 Je voortgang per werkproces\n");
    for p in &rows {
        out.push_str(&format!(
            "\n{}\nPogingen: {} · beste score: {} · laatste: {}\n",
            render::werkproces(&p.werkproces, &*ctx.content),
            p.attempts,
            p.best_score,
            p.last_score
        ));
        for c in &p.criteria {
            let mark = if c.last_met { "✅" } else { "⬜" };
            out.push_str(&format!(
                "{mark} {} ({} van {} keer)\n",
                c.label, c.met, c.assessed
            ));
        }
    }
    out.push_str("\n✅ = beheerst (de laatste keer laten zien)");
    let mut effects = Effects::default().say(out);
    let bars: Vec<chart::Bar> = rows
        .iter()
        .map(|p| chart::Bar {
            label: p.werkproces.clone(),
            best: p.best_score,
            last: p.last_score,
            attempts: p.attempts,
        })
        .collect();
    match chart::progress_png("Voortgang per werkproces", &bars) {
        Ok(png) => effects.messages.push(OutMessage::photo(
            &png,
            "Beste en laatste score per werkproces",
        )),
        Err(e) => tracing::error!(error = %e, "progress chart failed"),
    }
    Ok(effects)
}

async fn my_data(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    let mut reads = ctx.store.read().await?;
    let mut doc = crate::school::my_data::export(&mut *reads, me.learner.stored()).await?;
    // What only the Telegram front end stores about the student.
    doc["telegram"] = json!({
        "gebruiker_id": me.user.user_id,
        "chat_id": me.user.chat_id,
        "voornaam": me.user.first_name,
        "eerste_contact": chrono::DateTime::from_timestamp(me.user.created_at, 0),
    });
    let content = serde_json::to_string_pretty(&doc)?;
    let mut effects = Effects::default();
    effects.messages.push(OutMessage::Document {
        file_name: "mijngegevens.json".into(),
        content,
        caption: text::MY_DATA_CAPTION.into(),
    });
    Ok(effects)
}

async fn callback(ctx: &Context, q: &CallbackQuery) -> Result<Effects, TelegramError> {
    let answer = OutMessage::CallbackAnswer {
        id: q.id.0.clone(),
        text: None,
    };
    let mut effects = Effects::default();
    effects.messages.push(answer);
    let Some(chat) = q.message.as_ref().map(|m| m.chat()) else {
        return Ok(effects);
    };
    if !chat.is_private() {
        return Ok(effects.say(text::GROUPS));
    }
    let (me, touch) = student(ctx, &q.from, chat.id.0).await?;
    let effects = pressed(ctx, &me, q, effects).await?;
    Ok(touched_first(touch, effects))
}

async fn pressed(
    ctx: &Context,
    me: &Student,
    q: &CallbackQuery,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let Some(data) = q.data.as_deref().and_then(ButtonData::decode) else {
        return Ok(effects.say(text::OLD_BUTTON));
    };
    match data {
        ButtonData::Webcare(button) => {
            let audience = super::upload::audience(ctx, me).await?;
            let (learner, chat) = (me.learner, me.user.chat_id);
            super::webcare::callback(ctx, learner, chat, &audience, button, effects).await
        }
        ButtonData::Class(button) => super::teacher::callback(ctx, me, button, effects).await,
        ButtonData::Report(button) => super::reports::callback(ctx, me, button, effects).await,
        ButtonData::Menu => {
            let audience = super::upload::audience(ctx, me).await?;
            Ok(menu(ctx, &audience, effects, None))
        }
        ButtonData::Forget { confirmed: false } => Ok(effects
            .write(Write::ForgetRequested {
                user_id: me.user.user_id,
                at: None,
            })
            .say(text::FORGET_CANCELLED)),
        ButtonData::Forget { confirmed: true } => {
            let fresh = me
                .user
                .forget_requested_at
                .is_some_and(|at| db::now() - at <= FORGET_WINDOW);
            if !fresh {
                return Ok(effects.say(text::FORGET_EXPIRED));
            }
            Ok(effects
                .write(Write::Forget {
                    user_id: me.user.user_id,
                    chat_id: me.user.chat_id,
                    learner: me.learner,
                })
                .say(text::FORGET_DONE))
        }
        ButtonData::Practise(key) | ButtonData::Again(key) => {
            let audience = super::upload::audience(ctx, me).await?;
            Ok(
                match super::content::dialogue(&ctx.content, &key, &audience) {
                    Some(found) => start_prepared(ctx, me, &found, effects).await?,
                    None => effects.say(text::OLD_BUTTON),
                },
            )
        }
    }
}

/// Blocked / unblocked: no message, only the flag.
fn member(u: &ChatMemberUpdated) -> Effects {
    if !u.chat.is_private() {
        return Effects::default();
    }
    let user_id = u.from.id.0 as i64;
    let inactive = match u.new_chat_member.kind {
        ChatMemberKind::Banned(_) | ChatMemberKind::Left => true,
        ChatMemberKind::Member(_) => false,
        _ => return Effects::default(),
    };
    Effects::default().write(Write::SetInactive { user_id, inactive })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::store::{AnyStore, Database};

    fn fixtures() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues")
    }

    /// The handler's context on a real SQLite file; also the store itself,
    /// which the test may write through (the context cannot).
    async fn context(dir: &tempfile::TempDir) -> (Context, AnyStore) {
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let store = crate::store::open(&url).await.expect("store");
        let timeout = std::time::Duration::from_secs(1);
        let api = super::super::api::Api::new("123:test", None, timeout, false).expect("api");
        let clock = super::super::webcare::ShiftClock::default();
        let ctx = Context {
            content: Arc::new(crate::school::library::Library::load(&fixtures())),
            matcher: Arc::new(crate::matching::Matcher::new()),
            store: crate::store::ReadOnly::new(store.clone()),
            shift_clock: clock.clone(),
            admin_ids: Vec::new(),
            bot_username: None,
            uploads: super::super::decision::UploadService::new(api),
            assign: super::super::assign::Settings::new(clock, chrono_tz::Europe::Amsterdam, 24),
            dialogues_dir: fixtures(),
            dashboard_url: None,
        };
        (ctx, store)
    }

    fn text_from(user: i64, text: &str) -> Update {
        let raw = json!({"update_id": 1, "message": {
            "message_id": 1, "date": 1_800_000_000, "text": text,
            "chat": {"id": user, "type": "private", "first_name": "Sanne"},
            "from": {"id": user, "is_bot": false, "first_name": "Sanne"}}});
        super::super::incoming::parse(&raw).expect("an update")
    }

    #[tokio::test]
    async fn a_first_contact_is_decided_without_writing_and_applied_in_one_unit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (ctx, store) = context(&dir).await;
        let sanne = 5001;

        let effects = decide(&ctx, &text_from(sanne, "/oefen test-koffie"))
            .await
            .expect("decided");
        // Deciding wrote nothing: no user row, so no learner either.
        let stored = store.read().await.expect("read").user(sanne).await;
        assert_eq!(stored.expect("user"), None);
        assert!(
            matches!(
                effects.writes.as_slice(),
                [
                    Write::Touch { user_id, .. },
                    Write::StartAttempt {
                        learner: LearnerRef::New,
                        ..
                    }
                ] if *user_id == sanne
            ),
            "{:?}",
            effects.writes
        );
        assert!(!effects.messages.is_empty());

        // Applying makes the learner, the user and the attempt in one unit.
        let writes = Arc::new(effects.writes);
        store
            .write(move |tx| {
                let writes = writes.clone();
                Box::pin(async move { apply(tx, &writes).await })
            })
            .await
            .expect("applied");
        let user = store.read().await.expect("read").user(sanne).await;
        let learner = LearnerId(
            user.expect("user")
                .expect("a row")
                .learner_id
                .expect("learner"),
        );
        let open = ctx.store.open_attempt(learner, None).await.expect("read");
        assert_eq!(open.map(|a| a.dialogue_id).as_deref(), Some("test-koffie"));

        // Known now: no touch, and the open attempt is what the answer is about.
        let again = decide(&ctx, &text_from(sanne, "/oefen test-koffie"))
            .await
            .expect("decided");
        assert!(again.writes.is_empty(), "{:?}", again.writes);
    }

    #[tokio::test]
    async fn a_write_for_a_new_learner_without_the_first_contact_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_ctx, store) = context(&dir).await;
        let result = store
            .write(|tx| {
                Box::pin(async move {
                    apply(
                        tx,
                        &[Write::JoinClass {
                            learner: LearnerRef::New,
                            class: ClassId(1),
                        }],
                    )
                    .await
                })
            })
            .await;
        assert!(
            matches!(
                result,
                Err(TelegramError::Conflict(Conflict::NoFirstContact))
            ),
            "{result:?}"
        );
    }

    #[tokio::test]
    async fn a_teacher_invite_taken_in_between_fails_the_unit_keeping_the_class_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_ctx, store) = context(&dir).await;
        let result = store
            .write(|tx| {
                Box::pin(async move {
                    // No such invite in the database: as if someone else
                    // used it first.
                    let change = crate::school::classes::ClassChange::Redeem {
                        code: "GEBRUIKT1".into(),
                        user_id: 42,
                    };
                    super::super::teacher::apply(tx, &change).await
                })
            })
            .await;
        let Err(err) = result else {
            panic!("a used invite must fail the unit")
        };
        let class_error = std::error::Error::source(&err)
            .and_then(std::error::Error::source)
            .and_then(|e| e.downcast_ref::<crate::school::classes::ClassChangeError>());
        assert!(
            matches!(
                class_error,
                Some(crate::school::classes::ClassChangeError::InviteTaken { user_id: 42 })
            ),
            "{err:?}"
        );
    }
}
