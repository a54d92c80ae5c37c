//! The bot's timed work, on its clock: the weekly plans' pushes and the
//! automatic reminders of assignments, and the messages of running webcare
//! shifts that fall due. Each step is a write unit of its own (claim,
//! record, queue: all or nothing), after which the chat's outbox is flushed.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::ClassId;
use crate::store::assignments::{NewAssignment, Plan, PlanItem, Recipients};
use crate::store::prelude::*;
use crate::store::telegram as db;
use crate::webcare::shift::Input;

use super::TelegramError;
use super::assign::{
    MIN_PLAN_DEADLINE, plan_slot, push_message, queue, reminder_message, title, to_json,
};
use super::calendar;
use super::chats::{Shared, flush};
use super::clock::Settings;
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
    if due_item(&ctx.assign, plan, now).is_none() {
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
        PlanPush::NotDue => return Ok(false),
        PlanPush::Skipped { teacher_chat } => (false, teacher_chat),
        PlanPush::Pushed {
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

/// What one scheduler unit did with a class's plan.
enum PlanPush {
    /// Nothing was due any more (the teacher changed the plan, or another
    /// pass pushed it).
    NotDue,
    /// The planned dialogue no longer exists: claimed, not sent; the
    /// teacher was told.
    Skipped { teacher_chat: Option<i64> },
    Pushed {
        teacher_chat: Option<i64>,
        dialogue_id: String,
        students: u64,
    },
}

/// The plan push as one write unit: checks again (the teacher may have
/// changed the plan), claims the item, records the assignment and queues
/// the messages, all or nothing.
async fn push_plan_in(
    tx: &mut dyn Tx,
    ctx: &Context,
    class_id: i64,
    now: DateTime<Utc>,
) -> Result<PlanPush, TelegramError> {
    let s = &ctx.assign;
    let Some((plan, item, due)) = due_item(s, tx.plan(ClassId(class_id)).await?, now) else {
        return Ok(PlanPush::NotDue);
    };
    let slot = plan_slot(&plan);
    let Some(class) = tx.class(ClassId(class_id)).await? else {
        return Ok(PlanPush::NotDue);
    };
    if !tx
        .claim_plan_item(ClassId(class_id), item.position, now.timestamp())
        .await?
    {
        return Ok(PlanPush::NotDue);
    }
    if ctx.content.find(&item.dialogue_id).is_none() {
        // Skipped, so the plan goes on next week; the teacher must know, or
        // /planning would list it as sent while nobody got it.
        tracing::warn!(class_id, dialogue = %item.dialogue_id, "planned dialogue no longer exists; skipped");
        let teacher_chat = notify_teacher(
            tx,
            &class,
            &format!(
                "⚠️ Weekplanning klas {}: de oefening '{}' bestaat niet meer (verwijderd?) en is deze week niet verstuurd. \
                 Geef een andere met /opdracht {} OEFENING, of pas de planning aan met /planning {}.",
                class.name, item.dialogue_id, class.name, class.name
            ),
        )
        .await?;
        return Ok(PlanPush::Skipped { teacher_chat });
    }
    let mut deadline = calendar::next_slot(s.tz, slot, now);
    if deadline - now < MIN_PLAN_DEADLINE {
        deadline = calendar::next_slot(s.tz, slot, deadline);
    }
    let new = NewAssignment {
        class_id,
        dialogue_id: &item.dialogue_id,
        due_at: deadline.timestamp(),
        created_by: None,
        plan_slot: Some(due.timestamp()),
        now: now.timestamp(),
    };
    let Some(assignment) = tx.create_assignment(&new).await? else {
        // This slot was pushed already: the claim above is kept, nothing is sent.
        return Ok(PlanPush::NotDue);
    };
    tx.link_plan_item(
        ClassId(class_id),
        item.position,
        crate::store::AssignmentId(assignment.id),
    )
    .await?;
    let message = push_message(ctx, &class.name, &item.dialogue_id, deadline.timestamp());
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
            title(ctx, &item.dialogue_id),
            if students == 1 {
                "leerling"
            } else {
                "leerlingen"
            },
            calendar::dutch(s.tz, deadline),
            class.name
        ),
    )
    .await?;
    Ok(PlanPush::Pushed {
        teacher_chat,
        dialogue_id: item.dialogue_id,
        students,
    })
}

/// Queues `text` for the class's teacher in the unit; their chat, to flush
/// after the commit (None when the class has no teacher who wrote).
async fn notify_teacher(
    tx: &mut dyn Tx,
    class: &db::Class,
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

/// The plan's next item with its slot, if that slot has come.
fn due_item(
    s: &Settings,
    plan: Option<Plan>,
    now: DateTime<Utc>,
) -> Option<(Plan, PlanItem, DateTime<Utc>)> {
    let plan = plan?;
    let item = plan.next_item()?.clone();
    let anchor = DateTime::from_timestamp(plan.anchor_at, 0).unwrap_or_default();
    let due = calendar::next_slot(s.tz, plan_slot(&plan), anchor);
    (!plan.paused && due <= now).then_some((plan, item, due))
}

/// Queues each due automatic reminder once.
async fn send_reminders(shared: &Arc<Shared>) -> Result<bool, TelegramError> {
    let ctx = &shared.ctx;
    let Some(before) = ctx.assign.remind_before else {
        return Ok(false);
    };
    let now = ctx.assign.now().timestamp();
    let mut queued = false;
    let due = ctx
        .store
        .read()
        .await?
        .reminders_due(now, before.num_seconds())
        .await?;
    for a in due {
        let s = shared.clone();
        let a = Arc::new(a);
        let unit = a.clone();
        let students = shared
            .store
            .write(move |tx| {
                let (s, a) = (s.clone(), unit.clone());
                Box::pin(async move {
                    if !tx
                        .claim_reminder(crate::store::AssignmentId(a.id), now)
                        .await?
                    {
                        return Ok::<_, TelegramError>(None);
                    }
                    let Some(class) = tx.class(ClassId(a.class_id)).await? else {
                        return Ok(None);
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
        let Some(p) = ctx.content.find_scenario(&run.scenario_id) else {
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
