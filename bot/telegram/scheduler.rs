//! The bot's timed work, on its clock: the weekly plans' pushes and the
//! automatic reminders of assignments, and the messages of running webcare
//! shifts that fall due. What is due and what a push records are the
//! school's decisions ([`crate::school::plans`],
//! [`crate::school::assignments`]); this module runs them at the clock's
//! instant, renders the messages and queues them. Each step is a write unit
//! of its own (claim, record, queue: all or nothing), after which the
//! chat's outbox is flushed.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::school::plans::{self, PlanPush};
use crate::school::{assignments, calendar};
use crate::store::ClassId;
use crate::store::assignments::Recipients;
use crate::store::classes::Class;
use crate::store::prelude::*;
use crate::webcare::shift::Input;

use super::TelegramError;
use super::assign::{push_message, queue, reminder_message, title, to_json};
use super::chats::{Shared, flush};
use super::decision::Context;
use super::send::OutMessage;
use super::webcare::apply;
use super::writes::ShiftWrite;

/// Pushes due plan items and automatic reminders every `every`, from the
/// start (catch-up) until the bot stops.
pub(super) fn spawn_scheduler(shared: Arc<Shared>, every: Duration) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = tick(&shared).await {
                tracing::warn!(error = %e, "assignment scheduler pass failed");
            }
            tokio::select! {
                () = shared.stopping.cancelled() => return,
                () = tokio::time::sleep(every) => {}
            }
        }
    });
}

async fn tick(shared: &Arc<Shared>) -> Result<(), TelegramError> {
    let mut queued = false;
    let classes = shared.ctx.store.read().await?.active_plan_classes().await?;
    for class_id in classes {
        queued |= push_plan(shared, class_id.0).await?;
    }
    queued |= send_reminders(shared).await?;
    if queued {
        shared.bulk.wake();
    }
    Ok(())
}

/// Pushes the class's next plan item if its slot has come.
async fn push_plan(shared: &Arc<Shared>, class_id: i64) -> Result<bool, TelegramError> {
    let ctx = &shared.ctx;
    let now = ctx.assign.now();
    // Cheap look first; a write unit only when something is due.
    let plan = ctx.store.read().await?.plan(ClassId(class_id)).await?;
    if plans::due(ctx.assign.tz, plan, now).is_none() {
        return Ok(false);
    }
    let s = shared.clone();
    let outcome = shared
        .store
        .write(move |tx| {
            let s = s.clone();
            Box::pin(async move { push_plan_in(tx, &s.ctx, class_id, now).await })
        })
        .await?;
    let (pushed, teacher_chat) = match outcome {
        Pushing::NotDue => return Ok(false),
        Pushing::Skipped { teacher_chat } => (false, teacher_chat),
        Pushing::Pushed {
            teacher_chat,
            dialogue_id,
            students,
        } => {
            tracing::info!(class_id, dialogue = %dialogue_id, students, "weekly plan pushed");
            (true, teacher_chat)
        }
    };
    if let Some(chat) = teacher_chat {
        flush(shared, chat).await;
    }
    Ok(pushed)
}

/// What one scheduler unit sent for a class's plan.
enum Pushing {
    NotDue,
    /// The planned dialogue no longer exists; the teacher was told.
    Skipped {
        teacher_chat: Option<i64>,
    },
    Pushed {
        teacher_chat: Option<i64>,
        dialogue_id: String,
        students: u64,
    },
}

/// The plan push as one write unit: the school claims the due item and
/// records the assignment ([`plans::claim_due`]), and the messages are
/// queued in the same unit, all or nothing.
async fn push_plan_in(
    tx: &mut dyn Tx,
    ctx: &Context,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<Pushing, TelegramError> {
    let tz = ctx.assign.tz;
    let exists = |id: &str| ctx.content.find(id).is_some();
    match plans::claim_due(tx, ClassId(class_id), tz, now, &exists).await? {
        PlanPush::NotDue => Ok(Pushing::NotDue),
        PlanPush::Gone { class, dialogue_id } => {
            // Skipped, so the plan goes on next week; the teacher must know, or
            // /planning would list it as sent while nobody got it.
            tracing::warn!(class_id, dialogue = %dialogue_id, "planned dialogue no longer exists; skipped");
            let teacher_chat = notify_teacher(
                tx,
                &class,
                &format!(
                    "⚠️ Weekplanning klas {}: de oefening '{}' bestaat niet meer (verwijderd?) en is deze week niet verstuurd. \
                     Geef een andere met /opdracht {} OEFENING, of pas de planning aan met /planning {}.",
                    class.name, dialogue_id, class.name, class.name
                ),
            )
            .await?;
            Ok(Pushing::Skipped { teacher_chat })
        }
        PlanPush::Pushed {
            class,
            assignment,
            deadline,
        } => {
            let dialogue_id = assignment.dialogue_id;
            let message = push_message(ctx, &class.name, &dialogue_id, deadline.timestamp());
            let students = queue(
                tx,
                class_id,
                Recipients::Everyone,
                &message,
                now.timestamp(),
            )
            .await?;
            // The teacher hears of it (an answer-lane message to their own chat).
            let teacher_chat = notify_teacher(
                tx,
                &class,
                &format!(
                    "📤 Weekplanning klas {}: '{}' is verstuurd naar {students} {} (vóór {}). De planning zie je met /planning {}.",
                    class.name,
                    title(ctx, &dialogue_id),
                    if students == 1 {
                        "leerling"
                    } else {
                        "leerlingen"
                    },
                    calendar::dutch(tz, deadline),
                    class.name
                ),
            )
            .await?;
            Ok(Pushing::Pushed {
                teacher_chat,
                dialogue_id,
                students,
            })
        }
    }
}

/// Queues `text` for the class's teacher in the unit; their chat, to flush
/// after the commit (None when the class has no teacher who wrote).
async fn notify_teacher(
    tx: &mut dyn Tx,
    class: &Class,
    text: &str,
) -> Result<Option<i64>, TelegramError> {
    let Some(teacher) = class.teacher_id else {
        return Ok(None);
    };
    let Some(chat) = tx.user(teacher).await?.map(|u| u.chat_id) else {
        return Ok(None);
    };
    for json in to_json(&OutMessage::text(text))? {
        tx.outbox_push(chat, &json).await?;
    }
    Ok(Some(chat))
}

/// Queues each due automatic reminder once.
async fn send_reminders(shared: &Arc<Shared>) -> Result<bool, TelegramError> {
    let ctx = &shared.ctx;
    let Some(before) = ctx.assign.remind_before else {
        return Ok(false);
    };
    let now = ctx.assign.now().timestamp();
    let mut queued = false;
    let due = assignments::reminders_due(&mut *ctx.store.read().await?, before, now).await?;
    for a in due {
        let s = shared.clone();
        let a = Arc::new(a);
        let unit = a.clone();
        let students = shared
            .store
            .write(move |tx| {
                let (s, a) = (s.clone(), unit.clone());
                Box::pin(async move {
                    let Some(class) = assignments::claim_reminder(tx, &a, now).await? else {
                        return Ok::<_, TelegramError>(None);
                    };
                    let message = reminder_message(&s.ctx, &class.name, &a);
                    let students =
                        queue(tx, a.class_id, Recipients::NotDone(&a), &message, now).await?;
                    Ok(Some(students))
                })
            })
            .await?;
        if let Some(students) = students {
            tracing::info!(assignment = a.id, students, "automatic reminder queued");
            queued = true;
        }
    }
    Ok(queued)
}

/// Delivers due messages of every running Telegram shift, every `every`,
/// until the bot stops.
pub(super) fn spawn_ticker(shared: Arc<Shared>, every: Duration) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = shared.stopping.cancelled() => return,
                () = tokio::time::sleep(every) => {}
            }
            if let Err(e) = shift_tick(&shared).await {
                tracing::warn!(error = %e, "webcare tick failed");
            }
        }
    });
}

async fn shift_tick(shared: &Arc<Shared>) -> Result<(), TelegramError> {
    let ctx = &shared.ctx;
    let running = shared.ctx.store.read().await?.running_shifts().await?;
    for run in running {
        let (id, chat_id, session) = (run.shift, run.chat_id, run.session);
        let Some(p) = super::webcare::scenario_of_shift(ctx, id, &run.scenario_id).await? else {
            continue;
        };
        let now = ctx.shift_clock.since(run.started_at);
        let due = session.next_arrival().is_some_and(|at| at <= now) || now >= p.scenario.duration;
        if !due {
            continue;
        }
        let step = Arc::new(ShiftWrite {
            shift: id,
            chat_id,
            scenario: p.clone(),
            catalogue: ctx.content.catalogue_or_empty(),
            input: Input::Tick,
            now,
            judged: crate::webcare::shift::Judged::default(),
        });
        shared
            .store
            .write(move |tx| {
                let step = step.clone();
                Box::pin(async move { apply(tx, &step).await })
            })
            .await?;
        flush(shared, chat_id).await;
    }
    Ok(())
}
