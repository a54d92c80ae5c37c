//! The commands of assignments: `/opdracht` (a dialogue for a class now,
//! with a deadline), the weekly plan `/planning`, `/herinner`, and the
//! students' `/opdrachten`. What they do is the school's
//! ([`crate::school::assignments`], [`crate::school::plans`]): this module
//! reads the command's words, asks the school, and renders its outcomes and
//! refusals in Dutch with their buttons.
//!
//! Every push and reminder is written to the outbox as bulk rows in the same
//! transaction that records it (see [`crate::store::assignments`]), then sent
//! by [`super::bulk`] within Telegram's limits and behind students' answers.
//! The scheduler ([`super::scheduler`]) runs on the bot's clock
//! ([`super::clock::ShiftClock`]), so tests move time
//! instead of waiting; at start-up its first pass sends what fell due while
//! the bot was down (one push per plan, then the plan goes on weekly).

use std::collections::HashSet;

use super::TelegramError;
use super::buttons::{ButtonData, Key};
pub(super) use super::clock::Settings;
use super::decision::{Context, Effects, Student};
use super::send::{Button, OutMessage};
use super::teacher::own_class;
use super::writes::{AssignWrite, Write};
use crate::school::assignments::{self, Assignment, Give, RemindRefusal, Reminding, Status};
use crate::school::calendar::{self, Deadline, DeadlineError, WeeklySlot};
use crate::school::library::Audience;
use crate::school::plans::{self, Plan, PlanChange, PlanItem, PlanRefusal};
use crate::store::assignments::Recipients;
use crate::store::classes::Class;
use crate::store::prelude::*;
use crate::store::{ClassId, LearnerId};

/// How many dialogue ids an error message suggests.
const SUGGESTIONS: usize = 6;
/// How many assignments `/opdrachten` shows.
const STUDENT_LIST: i64 = 10;

pub(super) fn to_json(messages: &[OutMessage]) -> Result<Vec<String>, TelegramError> {
    messages
        .iter()
        .map(|m| serde_json::to_string(m).map_err(TelegramError::from))
        .collect()
}

pub(super) async fn queue(
    tx: &mut dyn Tx,
    class_id: i64,
    recipients: Recipients<'_>,
    message: &[OutMessage],
    now: i64,
) -> Result<u64, TelegramError> {
    let mut queued = 0;
    for json in to_json(message)? {
        queued = tx
            .outbox_push_class(ClassId(class_id), recipients, &json, now)
            .await?;
    }
    Ok(queued)
}

pub(super) async fn apply(tx: &mut dyn Tx, w: &AssignWrite) -> Result<(), TelegramError> {
    match w {
        AssignWrite::Push { give, message, now } => {
            if give.record(tx, *now).await?.is_some() {
                let class = give.class.class_id().0;
                queue(tx, class, Recipients::Everyone, message, *now).await?;
            }
        }
        AssignWrite::Remind {
            assignment,
            message,
            now,
        } => {
            queue(
                tx,
                assignment.class_id,
                Recipients::NotDone(assignment),
                message,
                *now,
            )
            .await?;
        }
        AssignWrite::Plan { class, change, now } => {
            // A removal that a push in between made impossible changes
            // nothing; the teacher sees the plan as it is with /planning.
            if let Err(refusal) = plans::change(tx, class, change, *now).await? {
                tracing::info!(class = class.id, %refusal, "plan change no longer applies");
            }
        }
    }
    Ok(())
}

/// Whose dialogues a class may get: the shipped ones, those published to
/// everyone and its teacher's own.
fn audience(class: &Class) -> Audience {
    Audience::class_of(class.teacher_id)
}

/// The ids of the dialogues a class may get, sorted (the library's
/// `visible` is, and is what the dashboard offers too).
fn offered(ctx: &Context, class: &Class) -> Vec<String> {
    ctx.content
        .visible(&audience(class))
        .into_iter()
        .map(|d| d.dialogue.id.clone())
        .collect()
}

fn dialogue_ids(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(SUGGESTIONS).map(String::as_str).collect();
    let more = if ids.len() > SUGGESTIONS {
        ", ... (alle: /oefeningen)"
    } else {
        ""
    };
    format!("{}{more}", shown.join(", "))
}

/// A dialogue id for usage examples.
fn example_id(ids: &[String]) -> &str {
    ids.first().map(String::as_str).unwrap_or("oefening-1")
}

fn unknown_dialogue(ids: &[String], id: &str) -> String {
    format!(
        "De oefening '{id}' ken ik niet. Gebruik het id van een oefening, bijvoorbeeld: {}.",
        dialogue_ids(ids)
    )
}

pub(super) fn title(ctx: &Context, id: &str) -> String {
    ctx.content
        .find(id)
        .map(|d| d.dialogue.title.clone())
        .unwrap_or_else(|| id.to_string())
}

fn start_button(ctx: &Context, id: &str) -> Vec<Vec<Button>> {
    start_button_for(id, ctx.content.find(id).map(|d| d.dialogue.title.clone()))
}

/// The start button of a dialogue with this title (none for a dialogue
/// that does not exist).
fn start_button_for(id: &str, title: Option<String>) -> Vec<Vec<Button>> {
    let Some(title) = title else {
        return Vec::new();
    };
    vec![vec![Button::new(
        format!("▶️ Start: {}", short(&title)),
        &ButtonData::Practise(Key::of(id)),
    )]]
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The push a student gets.
pub(super) fn push_message(ctx: &Context, class: &str, id: &str, due_at: i64) -> Vec<OutMessage> {
    let title = ctx.content.find(id).map(|d| d.dialogue.title.clone());
    push_for(class, id, title, &ctx.assign.date(due_at))
}

/// The push of dialogue `id` (titled `title`, None: it does not exist) with
/// its deadline written out.
fn push_for(class: &str, id: &str, title: Option<String>, due: &str) -> Vec<OutMessage> {
    OutMessage::text_with_buttons(
        format!(
            "📚 Nieuwe opdracht voor klas {class}: {}\nMaak hem vóór {due}.\n\nDruk op de knop om te beginnen. Je opdrachten zie je altijd met /opdrachten.",
            title.as_deref().unwrap_or(id),
        ),
        start_button_for(id, title),
    )
}

/// Announces an assignment given outside the chat (on the dashboard) to the
/// class's students in Telegram: the same message and start button as
/// `/opdracht`'s, as outbox rows the bot's queue sends. `main` injects it
/// into the dashboard, which does not know Telegram.
#[derive(Debug, Clone, Copy, Default)]
pub struct AssignmentAnnouncer;

impl crate::school::assignments::Announcer for AssignmentAnnouncer {
    fn new_assignment(
        &self,
        class: &str,
        id: &str,
        title: &str,
        tz: chrono_tz::Tz,
        due: Deadline,
    ) -> Result<Vec<String>, crate::school::assignments::AnnounceError> {
        assignment_push(class, id, title, tz, due)
            .map_err(|e| crate::school::assignments::AnnounceError(Box::new(e)))
    }
}

/// The push of an assignment given outside the chat, as the outbox rows
/// (JSON) every student of the class gets.
fn assignment_push(
    class: &str,
    id: &str,
    title: &str,
    tz: chrono_tz::Tz,
    due: Deadline,
) -> Result<Vec<String>, serde_json::Error> {
    let due = calendar::dutch(tz, due.at());
    push_for(class, id, Some(title.to_string()), &due)
        .iter()
        .map(serde_json::to_string)
        .collect()
}

pub(super) fn reminder_message(ctx: &Context, class: &str, a: &Assignment) -> Vec<OutMessage> {
    let due = a
        .due_at
        .map(|d| format!(" moet af zijn vóór {}", ctx.assign.date(d)))
        .unwrap_or_default();
    OutMessage::text_with_buttons(
        format!(
            "⏰ Herinnering: de opdracht '{}' voor klas {class}{due}. Je hebt hem nog niet gedaan. Druk op de knop om te beginnen.",
            title(ctx, &a.dialogue_id)
        ),
        start_button(ctx, &a.dialogue_id),
    )
}

fn usage_give(ctx: &Context, class: &Class) -> String {
    let ids = offered(ctx, class);
    let example_id = example_id(&ids);
    let class = &class.name;
    format!(
        "Gebruik: /opdracht {class} OEFENING [DEADLINE], bijvoorbeeld:\n/opdracht {class} {example_id} {}\nZonder deadline geldt: over 7 dagen. Oefeningen: {}.",
        calendar::example_deadline(ctx.assign.tz, ctx.assign.now()),
        dialogue_ids(&ids)
    )
}

/// `/opdracht KLAS OEFENING [DEADLINE]`.
pub(super) async fn give(
    ctx: &Context,
    me: &Student,
    words: &[String],
) -> Result<Effects, TelegramError> {
    let mut words = words.iter().map(String::as_str);
    let class = match own_class(ctx, me, words.next().unwrap_or("")).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    let Some(id) = words.next() else {
        return Ok(Effects::default().say(usage_give(ctx, &class)));
    };
    if ctx.content.find_for(id, &audience(&class)).is_none() {
        return Ok(Effects::default().say(unknown_dialogue(&offered(ctx, &class), id)));
    }
    let now = ctx.assign.now();
    let tz = ctx.assign.tz;
    let rest: Vec<&str> = words.collect();
    let due = if rest.is_empty() {
        Deadline::in_a_week(tz, now)
    } else {
        match Deadline::parse(tz, &rest.join(" "), now) {
            Ok(due) => due,
            Err(DeadlineError::Past) => {
                return Ok(Effects::default().say(format!(
                    "Die deadline ligt in het verleden. Kies een moment na nu, bijvoorbeeld:\n/opdracht {} {id} {}",
                    class.name,
                    calendar::example_deadline(tz, now)
                )));
            }
            Err(DeadlineError::Unreadable) => {
                return Ok(Effects::default().say(format!(
                    "Die deadline kan ik niet lezen: '{}'. Schrijf hem als JJJJ-MM-DD of JJJJ-MM-DD UU:MM, bijvoorbeeld:\n/opdracht {} {id} {}",
                    rest.join(" "),
                    class.name,
                    calendar::example_deadline(tz, now)
                )));
            }
        }
    };
    let give = Give {
        class,
        dialogue_id: id.to_string(),
        due,
    };
    let outcome = give.outcome(ctx.assign.remind_before, now);
    let students = reachable(ctx, give.class.class_id()).await?.len();
    let class = &give.class;
    let reminder = match outcome.auto_reminder {
        Some(before) => format!(
            " {} uur voor de deadline krijgt wie hem nog niet gedaan heeft vanzelf een herinnering;",
            before.num_hours()
        ),
        None => String::new(),
    };
    let reply = if students == 0 {
        format!(
            "Opdracht '{}' voor klas {} staat klaar (vóór {}), maar de klas heeft nog geen leerlingen. Wie later lid wordt, ziet hem bij /opdrachten.",
            title(ctx, id),
            class.name,
            calendar::dutch(tz, due.at())
        )
    } else {
        format!(
            "✅ Opdracht '{}' gaat nu naar {students} {} van klas {} (vóór {}). Bij een grote klas duurt versturen even: Telegram staat 30 berichten per seconde toe.{reminder} zelf herinneren kan met /herinner {}.",
            title(ctx, id),
            if students == 1 {
                "leerling"
            } else {
                "leerlingen"
            },
            class.name,
            calendar::dutch(tz, due.at()),
            class.name
        )
    };
    let message = push_message(ctx, &class.name, id, due.timestamp());
    Ok(Effects::default()
        .write(Write::Assign(Box::new(AssignWrite::Push {
            give,
            message,
            now: now.timestamp(),
        })))
        .say(reply))
}

/// The class's members the bot can reach: on Telegram and not blocked. A
/// transport fact, so it is asked of the transport's tables.
async fn reachable(ctx: &Context, class: ClassId) -> Result<HashSet<LearnerId>, TelegramError> {
    let users = ctx.store.read().await?.class_users(class).await?;
    Ok(users
        .into_iter()
        .filter(|u| u.inactive_since.is_none())
        .filter_map(|u| u.learner_id.map(LearnerId))
        .collect())
}

/// `/herinner KLAS`.
pub(super) async fn remind(
    ctx: &Context,
    me: &Student,
    class: &str,
) -> Result<Effects, TelegramError> {
    let class = match own_class(ctx, me, class).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    let now = ctx.assign.now();
    let mut db = ctx.store.read().await?;
    let Reminding {
        assignment: a,
        not_done,
    } = match assignments::remind(&mut *db, &class, now.timestamp()).await? {
        Ok(reminding) => reminding,
        Err(RemindRefusal::NoAssignment) => {
            return Ok(Effects::default().say(format!(
                "Klas {} heeft nog geen opdracht. Geef er een met /opdracht {} OEFENING.",
                class.name, class.name
            )));
        }
        Err(RemindRefusal::DeadlinePassed { assignment: a }) => {
            return Ok(Effects::default().say(format!(
                "De deadline van '{}' ({}) is al voorbij, dus ik stuur geen herinnering. Geef een nieuwe opdracht met /opdracht {} OEFENING.",
                title(ctx, &a.dialogue_id),
                a.due_at.map(|d| ctx.assign.date(d)).unwrap_or_default(),
                class.name
            )));
        }
        Err(RemindRefusal::EveryoneDone { assignment: a }) => {
            return Ok(Effects::default().say(format!(
                "Iedereen in klas {} heeft '{}' al gedaan. 🎉",
                class.name,
                title(ctx, &a.dialogue_id)
            )));
        }
    };
    // The school lists every member who has not done it; the reminder goes
    // to those the bot can reach, so the answer names them.
    let reachable = reachable(ctx, class.class_id()).await?;
    let names: Vec<String> = not_done
        .into_iter()
        .filter(|n| reachable.contains(&n.learner))
        .map(|n| n.name)
        .collect();
    if names.is_empty() {
        return Ok(Effects::default().say(format!(
            "Wie in klas {} '{}' nog niet gedaan heeft, is niet via Telegram te bereiken, dus ik stuur geen herinnering.",
            class.name,
            title(ctx, &a.dialogue_id)
        )));
    }
    let listed: Vec<&str> = names.iter().take(20).map(String::as_str).collect();
    let more = names.len().saturating_sub(listed.len());
    let more = if more > 0 {
        format!(" en nog {more}")
    } else {
        String::new()
    };
    Ok(Effects::default()
        .write(Write::Assign(Box::new(AssignWrite::Remind {
            message: reminder_message(ctx, &class.name, &a),
            assignment: a.clone(),
            now: now.timestamp(),
        })))
        .say(format!(
            "⏰ Herinnering voor '{}' gaat naar {} {} die hem nog niet {} gedaan: {}{more}.",
            title(ctx, &a.dialogue_id),
            names.len(),
            if names.len() == 1 {
                "leerling"
            } else {
                "leerlingen"
            },
            if names.len() == 1 { "heeft" } else { "hebben" },
            listed.join(", ")
        )))
}

/// The students' `/opdrachten`: newest first, with deadline and status,
/// and a start button for each one not done yet.
pub(super) async fn for_student(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    let mut db = ctx.store.read().await?;
    let found = match me.learner.stored() {
        Some(learner) => assignments::of_learner(&mut *db, learner, STUDENT_LIST).await?,
        None => None,
    };
    let Some((_, list)) = found else {
        return Ok(Effects::default().say(super::text::NO_CLASS_FOR_ASSIGNMENTS));
    };
    if list.is_empty() {
        return Ok(Effects::default().say(super::text::NO_ASSIGNMENTS));
    }
    let now = ctx.assign.now().timestamp();
    let mut out = String::from("📚 Je opdrachten\n");
    let mut buttons = Vec::new();
    for item in &list {
        let a = &item.assignment;
        let status = match assignments::status(item, now) {
            Status::DoneLate => "✅ gedaan (na de deadline)",
            Status::Done => "✅ gedaan",
            Status::Late => "⚠️ te laat",
            Status::Open => "⬜ open",
        };
        let due = a
            .due_at
            .map(|d| format!(" · vóór {}", ctx.assign.date(d)))
            .unwrap_or_default();
        out.push_str(&format!(
            "\n• {}{due}\n  {status}",
            title(ctx, &a.dialogue_id)
        ));
        if item.done_at.is_none() {
            buttons.extend(start_button(ctx, &a.dialogue_id));
        }
    }
    buttons.dedup();
    Ok(Effects::default().say_with(out, buttons))
}

// ---- The weekly plan ----

fn plan_help(class: &str, example: &str) -> String {
    format!(
        "Wijzigen:\n\
         /planning {class} {example} oefening-2 – een nieuwe reeks, één oefening per week\n\
         /planning {class} erbij {example} – achteraan toevoegen\n\
         /planning {class} weg 2 – de tweede uit de reeks halen\n\
         /planning {class} wis – alles wat nog komt weghalen\n\
         /planning {class} tijd woensdag 10:00 – een andere dag en tijd (standaard maandag 08:30)\n\
         /planning {class} pauze – niets versturen tot /planning {class} hervat"
    )
}

fn show_plan(ctx: &Context, class: &Class, plan: &Plan) -> String {
    let ids = offered(ctx, class);
    let class = class.name.as_str();
    let s = &ctx.assign;
    let slot = plans::slot(plan);
    let mut out = format!(
        "📅 Weekplanning klas {class}\nElke {} ({}){}\n",
        slot.dutch(),
        s.tz.name(),
        if plan.paused {
            " · ⏸ gepauzeerd"
        } else {
            ""
        }
    );
    let pushed: Vec<&PlanItem> = plan
        .items
        .iter()
        .filter(|i| i.pushed_at.is_some())
        .collect();
    if !pushed.is_empty() {
        out.push_str("\nAl verstuurd:\n");
        for i in pushed.iter().rev().take(3).rev() {
            out.push_str(&format!(
                "✔ {} ({})\n",
                title(ctx, &i.dialogue_id),
                i.pushed_at.map(|t| s.date(t)).unwrap_or_default()
            ));
        }
    }
    let next = plans::schedule(s.tz, plan);
    if next.is_empty() {
        out.push_str("\nEr staat niets gepland.\n");
    } else {
        out.push_str("\nKomt eraan:\n");
        for (n, (item, at)) in next.into_iter().enumerate() {
            let when = if plan.paused {
                "na hervatten".to_string()
            } else {
                calendar::dutch(s.tz, at)
            };
            out.push_str(&format!(
                "{}. {when} – {} ({})\n",
                n + 1,
                title(ctx, &item.dialogue_id),
                item.dialogue_id
            ));
        }
    }
    out.push('\n');
    let example = example_id(&ids);
    out.push_str(&plan_help(class, example));
    out
}

/// Reads `/planning KLAS ...` after the class name.
fn parse_plan_change(ctx: &Context, class: &Class, words: &[&str]) -> Result<PlanChange, String> {
    let ids = offered(ctx, class);
    let known = |given: &[&str]| -> Result<Vec<String>, String> {
        if given.is_empty() {
            return Err(format!(
                "Noem een of meer oefeningen, bijvoorbeeld: {}.",
                dialogue_ids(&ids)
            ));
        }
        match given
            .iter()
            .find(|id| !ids.iter().any(|known| known == *id))
        {
            Some(bad) => Err(unknown_dialogue(&ids, bad)),
            None => Ok(given.iter().map(|s| s.to_string()).collect()),
        }
    };
    let Some((first, rest)) = words.split_first() else {
        return Ok(PlanChange::None);
    };
    match first.to_lowercase().as_str() {
        "pauze" | "pauzeer" if rest.is_empty() => Ok(PlanChange::Pause),
        "hervat" if rest.is_empty() => Ok(PlanChange::Resume),
        "wis" if rest.is_empty() => Ok(PlanChange::Replace(Vec::new())),
        "erbij" | "toevoegen" => known(rest).map(PlanChange::Append),
        "weg" | "verwijder" => match rest {
            [n] => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .map(PlanChange::Remove)
                .ok_or_else(|| "Noem het nummer uit de lijst, bijvoorbeeld: weg 2.".to_string()),
            _ => Err("Noem het nummer uit de lijst, bijvoorbeeld: weg 2.".to_string()),
        },
        "tijd" | "dag" => {
            let (day, time) = match rest {
                [day, time] => (calendar::parse_weekday(day), calendar::parse_time(time)),
                [day] => (
                    calendar::parse_weekday(day),
                    Some(WeeklySlot::default().time),
                ),
                _ => (None, None),
            };
            match (day, time) {
                (Some(weekday), Some(time)) => Ok(PlanChange::Slot(WeeklySlot { weekday, time })),
                _ => Err(
                    "Noem een dag en een tijd, bijvoorbeeld: tijd woensdag 10:00 (of tijd ma 8:30)."
                        .to_string(),
                ),
            }
        }
        _ => known(words).map(PlanChange::Replace),
    }
}

/// `/planning KLAS [WIJZIGING]`.
pub(super) async fn planning(
    ctx: &Context,
    me: &Student,
    words: &[String],
) -> Result<Effects, TelegramError> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let class = match own_class(ctx, me, words.first().copied().unwrap_or("")).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    let change = match parse_plan_change(ctx, &class, &words[1..]) {
        Ok(c) => c,
        Err(problem) => {
            let ids = offered(ctx, &class);
            let example = example_id(&ids);
            return Ok(
                Effects::default().say(format!("{problem}\n\n{}", plan_help(&class.name, example)))
            );
        }
    };
    let now = ctx.assign.now().timestamp();
    let mut db = ctx.store.read().await?;
    let preview = match plans::preview(&mut *db, &class, &change, now).await? {
        Ok(preview) => preview,
        Err(PlanRefusal::NoSuchNumber {
            asked,
            upcoming,
            plan,
        }) => {
            let shown = match &plan {
                Some(plan) => show_plan(ctx, &class, plan),
                None => String::new(),
            };
            return Ok(Effects::default().say(format!(
                "Er is geen nummer {asked}: de planning heeft {upcoming} {} die nog {} komen. Er is niets veranderd.\n\n{shown}",
                if upcoming == 1 { "oefening" } else { "oefeningen" },
                if upcoming == 1 { "moet" } else { "moeten" },
            )));
        }
    };
    let shown = show_plan(ctx, &class, &preview.plan);
    if !change.changes() {
        return Ok(Effects::default().say(if preview.existed {
            shown
        } else {
            format!(
                "Klas {} heeft nog geen weekplanning. Zo maak je er een:\n\n{shown}",
                class.name
            )
        }));
    }
    Ok(Effects::default()
        .write(Write::Assign(Box::new(AssignWrite::Plan {
            class,
            change,
            now,
        })))
        .say(format!("✅ Opgeslagen.\n\n{shown}")))
}
