//! Each chat's updates in order on a task of their own, chats in parallel:
//! handling an update (decide, then one unit with its writes, its outbox
//! rows and its inbox `handled_at`) and sending a chat's outbox.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::store::AnyStore;
use crate::store::prelude::*;
use crate::store::telegram as db;

use super::api::Api;
use super::decision::Context;
use super::handler;
use super::pace::{BulkQueue, Gate, Lane};
use super::send::{self, Delivery, OutMessage, Retry};
use super::writes::Write;
use super::{TelegramError, incoming};

pub(super) struct Stats {
    pub(super) handled: AtomicU64,
    pub(super) tracker: TaskTracker,
}

/// Work for a chat's task. Sending the outbox goes through the same queue
/// as updates so that one chat never has two senders (no double sends).
pub(super) enum Job {
    Update(db::PendingUpdate),
    /// Send what is left in the chat's outbox.
    Flush,
}

/// Shared state of the running bot.
pub(super) struct Shared {
    pub api: Api,
    /// What decisions read (it cannot write).
    pub ctx: Context,
    /// The same database for the writes: the units that apply decisions,
    /// the outbox, the scheduler's and the ticker's units.
    pub store: AnyStore,
    pub(super) retry: Retry,
    pub(super) stopping: CancellationToken,
    pub(super) queues: Mutex<HashMap<i64, mpsc::UnboundedSender<Job>>>,
    pub(super) flushing: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    pub(super) stats: Arc<Stats>,
    /// Telegram's messages-per-second budget, answers first.
    pub(super) gate: Gate,
    pub(super) bulk: BulkQueue,
}

impl Shared {
    pub(super) fn retry(&self) -> Retry {
        self.retry
    }

    /// Tasks a graceful stop waits for.
    pub(super) fn tracker(&self) -> &TaskTracker {
        &self.stats.tracker
    }
}

/// Hands an update to its chat's task, starting one if the chat has none.
/// Updates of one chat are handled in order; chats run in parallel.
pub(super) fn enqueue(shared: &Arc<Shared>, chat_id: i64, job: Job) {
    let mut queues = match shared.queues.lock() {
        Ok(q) => q,
        Err(poisoned) => poisoned.into_inner(),
    };
    let job = match queues.get(&chat_id) {
        Some(tx) => match tx.send(job) {
            Ok(()) => return,
            Err(mpsc::error::SendError(j)) => j,
        },
        None => job,
    };
    let (tx, rx) = mpsc::unbounded_channel();
    // A fresh receiver is alive, so this cannot fail.
    let _ = tx.send(job);
    queues.insert(chat_id, tx);
    let s = shared.clone();
    shared
        .stats
        .tracker
        .spawn(async move { chat_worker(s, chat_id, rx).await });
}

async fn chat_worker(shared: Arc<Shared>, chat_id: i64, mut rx: mpsc::UnboundedReceiver<Job>) {
    loop {
        let next = match rx.try_recv() {
            Ok(u) => Some(u),
            Err(_) => {
                // Re-check under the lock so an update enqueued right now is
                // either seen here or goes to a new task.
                let mut queues = match shared.queues.lock() {
                    Ok(q) => q,
                    Err(poisoned) => poisoned.into_inner(),
                };
                match rx.try_recv() {
                    Ok(u) => Some(u),
                    Err(_) => {
                        queues.remove(&chat_id);
                        None
                    }
                }
            }
        };
        let Some(job) = next else { return };
        if shared.stopping.is_cancelled() {
            // Left in the inbox / outbox; handled after the restart.
            return;
        }
        match job {
            Job::Update(update) => process(&shared, update).await,
            Job::Flush => flush(&shared, chat_id).await,
        }
    }
}

/// Handles one update: effect, messages and `handled_at` in one transaction,
/// then delivery.
async fn process(shared: &Arc<Shared>, update: db::PendingUpdate) {
    if let Err(e) = process_inner(shared, &update).await {
        tracing::error!(error = %e, update_id = update.update_id, "handling failed");
        // Never silence and never a loop on a poison update: apologise once
        // (stopping a pressed button's spinner too) and mark it handled.
        let mut apology = callback_answer(&update, None);
        if update.chat_id != 0 {
            apology.extend(OutMessage::text(super::text::SOMETHING_WENT_WRONG));
        }
        let result = commit_handled(shared, &update, Vec::new(), &apology).await;
        if let Err(e) = result {
            tracing::error!(error = %e, "could not even record the failure");
        }
    }
    shared.stats.handled.fetch_add(1, Ordering::Relaxed);
    if update.chat_id != 0 {
        flush(shared, update.chat_id).await;
    }
}

async fn process_inner(
    shared: &Arc<Shared>,
    update: &db::PendingUpdate,
) -> Result<(), TelegramError> {
    let parsed = match serde_json::from_str(&update.payload)
        .map_err(|source| incoming::Unreadable::Serde {
            kind: "JSON".into(),
            source,
        })
        .and_then(|raw| incoming::parse(&raw))
    {
        Ok(u) => u,
        Err(e) => {
            tracing::warn!(
                update_id = update.update_id,
                error = %e,
                "update cannot be read; answered where it is a button"
            );
            let answer = callback_answer(update, Some(super::text::BUTTON_UNREADABLE));
            return commit_handled(shared, update, Vec::new(), &answer)
                .await
                .map(drop);
        }
    };
    // Reads first, without holding a connection; then one short unit of the
    // single writer. Safe because a chat's updates are handled one at a time.
    let effects = handler::decide(&shared.ctx, &parsed).await?;
    let writes = commit_handled(shared, update, effects.writes, &effects.messages).await?;
    handler::committed(&shared.ctx, &writes).await;
    if writes.iter().any(Write::queues_bulk) {
        shared.bulk.wake();
    }
    Ok(())
}

/// The answer that stops the spinner of a pressed button (nothing for other
/// updates), read from the stored JSON so that it works for any update.
fn callback_answer(update: &db::PendingUpdate, text: Option<&str>) -> Vec<OutMessage> {
    let raw: Option<serde_json::Value> = serde_json::from_str(&update.payload).ok();
    raw.as_ref()
        .and_then(incoming::callback_id)
        .map(|id| OutMessage::CallbackAnswer {
            id: id.to_string(),
            text: text.map(str::to_string),
        })
        .into_iter()
        .collect()
}

/// Commits an update's effect in one unit of the writer: its writes, its
/// messages in the outbox and its `handled_at`. Returns the writes.
async fn commit_handled(
    shared: &Shared,
    update: &db::PendingUpdate,
    writes: Vec<Write>,
    messages: &[OutMessage],
) -> Result<Arc<[Write]>, TelegramError> {
    let writes: Arc<[Write]> = writes.into();
    let messages: Arc<[String]> = messages
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<_, _>>()?;
    let (chat_id, update_id) = (update.chat_id, update.update_id);
    shared
        .store
        .write({
            let writes = writes.clone();
            move |tx| {
                let (writes, messages) = (writes.clone(), messages.clone());
                Box::pin(async move {
                    // Marked first: a forget-me then blanks this update too.
                    tx.inbox_mark_handled(update_id).await?;
                    handler::apply(tx, &writes).await?;
                    for json in messages.iter() {
                        tx.outbox_push(chat_id, json).await?;
                    }
                    Ok::<_, TelegramError>(())
                })
            }
        })
        .await?;
    Ok(writes)
}

/// Sends a chat's queued messages in order. One flush per chat at a time
/// (the webcare ticker flushes too), so no message is sent twice.
pub(super) async fn flush(shared: &Arc<Shared>, chat_id: i64) {
    let lock = {
        let mut locks = shared
            .flushing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        locks.entry(chat_id).or_default().clone()
    };
    let _one_at_a_time = lock.lock().await;
    let to_send = async { shared.ctx.store.read().await?.outbox_to_send(chat_id).await };
    let (queued, inactive) = match to_send.await {
        Ok(q) => q,
        Err(e) => {
            tracing::error!(error = %e, chat_id, "cannot read the outbox");
            return;
        }
    };
    if queued.is_empty() {
        return;
    }
    if inactive {
        let cleared = shared
            .store
            .write(move |tx| Box::pin(tx.outbox_clear_chat(chat_id)))
            .await;
        if let Err(e) = cleared {
            tracing::error!(error = %e, "cannot clear the outbox");
        }
        return;
    }
    // Sent ids are deleted in one write at the end (or before returning early).
    let mut done = Vec::with_capacity(queued.len());
    for (id, json) in queued {
        let delivery = match serde_json::from_str::<OutMessage>(&json) {
            Ok(message) => {
                send::deliver(
                    &shared.api,
                    &shared.gate,
                    Lane::Answer,
                    chat_id,
                    &message,
                    shared.retry,
                )
                .await
            }
            Err(e) => {
                tracing::error!(error = %e, "unreadable outbox message dropped");
                Delivery::Dropped
            }
        };
        match delivery {
            Delivery::Sent | Delivery::Dropped => done.push(id),
            Delivery::Blocked => {
                let blocked = shared
                    .store
                    .write(move |tx| {
                        Box::pin(async move {
                            tx.chat_mark_inactive(chat_id).await?;
                            tx.outbox_clear_chat(chat_id).await
                        })
                    })
                    .await;
                if let Err(e) = blocked {
                    tracing::error!(error = %e, "cannot mark the learner inactive");
                }
                return;
            }
            // Kept; tried again later (or with the chat's next update).
            Delivery::Failed => {
                retry_flush_later(shared, chat_id);
                break;
            }
        }
    }
    if done.is_empty() {
        return;
    }
    let done: Arc<[i64]> = done.into();
    let deleted = shared
        .store
        .write(move |tx| {
            let done = done.clone();
            Box::pin(async move { tx.outbox_delete(&done).await })
        })
        .await;
    if let Err(e) = deleted {
        tracing::error!(error = %e, "cannot update the outbox");
    }
}

/// Queues another attempt at a chat's outbox after the longest backoff, so a
/// network outage does not leave a student waiting for their answer.
fn retry_flush_later(shared: &Arc<Shared>, chat_id: i64) {
    let s = shared.clone();
    tokio::spawn(async move {
        tokio::select! {
            () = s.stopping.cancelled() => {}
            () = tokio::time::sleep(s.retry.max_backoff) => enqueue(&s, chat_id, Job::Flush),
        }
    });
}
