//! The queue that sends bulk messages (assignment pushes and reminders).
//!
//! They are written to the outbox with `bulk = 1` by the transaction that
//! decided them, and sent from here, oldest first, in the send budget's bulk
//! lane ([`super::pace`]): at Telegram's 30 messages per second while no
//! answer waits, and behind every answer to a student. Per chat at most
//! [`PER_CHAT_PER_MINUTE`] a minute and one at a time (so a push and its
//! reminder arrive in order). A row leaves the outbox only after Telegram
//! accepted it; after a crash the queue simply continues.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::chats::Shared;
use super::pace::Lane;
use super::send::{self, Delivery, OutMessage};
use crate::store::prelude::*;

/// Telegram's limit per chat.
pub const PER_CHAT_PER_MINUTE: usize = 20;
/// Messages handed to the send budget at once: a little more than the
/// budget's 30, so it never waits for the queue; few, because those in hand
/// at a stop are still sent (the rest waits for the restart).
const IN_FLIGHT: usize = 32;
const BATCH: i64 = 256;
const MINUTE: Duration = Duration::from_secs(60);

/// A finished send, for the queue's bookkeeping.
struct Sent {
    id: i64,
    chat_id: i64,
    failed: bool,
}

/// Runs the queue until the bot stops.
pub(super) fn spawn(shared: Arc<Shared>) {
    tokio::spawn(async move { run(shared).await });
}

async fn run(shared: Arc<Shared>) {
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Sent>();
    let mut in_flight: HashSet<i64> = HashSet::new();
    let mut busy_chats: HashSet<i64> = HashSet::new();
    let mut per_chat = ChatWindows::default();
    // Chats whose last attempt failed (network): left alone until then.
    let mut retry_at: HashMap<i64, Instant> = HashMap::new();
    loop {
        if shared.stopping.is_cancelled() {
            return;
        }
        while let Ok(sent) = done_rx.try_recv() {
            finished(
                &shared,
                sent,
                &mut in_flight,
                &mut busy_chats,
                &mut retry_at,
            );
        }
        let now = Instant::now();
        retry_at.retain(|_, at| *at > now);
        per_chat.forget_before(now);
        let rows = match bulk_next(&shared).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the bulk queue");
                Vec::new()
            }
        };
        let mut started = 0;
        // When a row held back for its chat's minute limit may go.
        let mut next_free: Option<Instant> = None;
        for (id, chat_id, json) in rows {
            if in_flight.len() >= IN_FLIGHT {
                break;
            }
            if in_flight.contains(&id) || busy_chats.contains(&chat_id) {
                continue;
            }
            if retry_at.contains_key(&chat_id) {
                continue;
            }
            if let Err(free) = per_chat.admit(chat_id, now) {
                next_free = Some(next_free.map_or(free, |n| n.min(free)));
                continue;
            }
            in_flight.insert(id);
            busy_chats.insert(chat_id);
            started += 1;
            let (s, done) = (shared.clone(), done_tx.clone());
            // Tracked, so a stop waits for sends in hand and their outbox
            // bookkeeping (no double send after the restart).
            shared.tracker().spawn(async move {
                let delivery = send_row(&s, chat_id, &json).await;
                record(&s, id, chat_id, delivery).await;
                let _ = done.send(Sent {
                    id,
                    chat_id,
                    failed: delivery == Delivery::Failed,
                });
            });
        }
        if started > 0 {
            continue;
        }
        // Nothing could start: wait for a send to finish, new rows, a chat
        // to become free, or the stop.
        let wait_until = [next_free, retry_at.values().min().copied()]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(now + MINUTE);
        tokio::select! {
            () = shared.stopping.cancelled() => return,
            () = shared.bulk.wake.notified() => {}
            Some(sent) = done_rx.recv() => {
                finished(&shared, sent, &mut in_flight, &mut busy_chats, &mut retry_at);
            }
            () = tokio::time::sleep_until(wait_until) => {}
        }
    }
}

/// The sends of the last minute per chat: at most [`PER_CHAT_PER_MINUTE`].
#[derive(Debug, Default)]
struct ChatWindows(HashMap<i64, VecDeque<Instant>>);

impl ChatWindows {
    /// Drops the sends that are a minute old at `now`.
    fn forget_before(&mut self, now: Instant) {
        self.0.retain(|_, times| {
            while times.front().is_some_and(|t| *t + MINUTE <= now) {
                times.pop_front();
            }
            !times.is_empty()
        });
    }

    /// Records a send to `chat` at `now` when its minute allows one more;
    /// otherwise the moment it will.
    fn admit(&mut self, chat: i64, now: Instant) -> Result<(), Instant> {
        let times = self.0.entry(chat).or_default();
        if times.len() >= PER_CHAT_PER_MINUTE {
            return Err(times.front().map_or(now, |t| *t + MINUTE));
        }
        times.push_back(now);
        Ok(())
    }
}

/// The oldest bulk messages still to send.
async fn bulk_next(shared: &Shared) -> Result<Vec<(i64, i64, String)>, crate::store::StoreError> {
    shared.ctx.store.read().await?.bulk_next(BATCH).await
}

async fn send_row(shared: &Shared, chat_id: i64, json: &str) -> Delivery {
    if shared.stopping.is_cancelled() {
        // Stays queued for the next start.
        return Delivery::Failed;
    }
    let inactive = async {
        shared
            .ctx
            .store
            .read()
            .await?
            .chat_is_inactive(chat_id)
            .await
    };
    match inactive.await {
        Ok(true) => return Delivery::Blocked,
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "cannot read the inactive flag"),
    }
    match serde_json::from_str::<OutMessage>(json) {
        Ok(message) => {
            send::deliver(
                &shared.api,
                &shared.gate,
                Lane::Bulk,
                chat_id,
                &message,
                shared.retry(),
            )
            .await
        }
        Err(e) => {
            tracing::error!(error = %e, "unreadable bulk message dropped");
            Delivery::Dropped
        }
    }
}

/// Removes what was sent (or can never be sent) from the outbox.
async fn record(shared: &Shared, id: i64, chat_id: i64, delivery: Delivery) {
    let store = &shared.store;
    let result = match delivery {
        Delivery::Sent | Delivery::Dropped => {
            store
                .write(move |tx| Box::pin(async move { tx.outbox_delete(&[id]).await }))
                .await
        }
        Delivery::Blocked => {
            store
                .write(move |tx| {
                    Box::pin(async move {
                        tx.chat_mark_inactive(chat_id).await?;
                        tx.outbox_clear_chat(chat_id).await
                    })
                })
                .await
        }
        Delivery::Failed => Ok(()),
    };
    if let Err(e) = result {
        tracing::error!(error = %e, "cannot update the outbox after a bulk send");
    }
}

fn finished(
    shared: &Shared,
    sent: Sent,
    in_flight: &mut HashSet<i64>,
    busy_chats: &mut HashSet<i64>,
    retry_at: &mut HashMap<i64, Instant>,
) {
    in_flight.remove(&sent.id);
    busy_chats.remove(&sent.chat_id);
    if sent.failed {
        retry_at.insert(sent.chat_id, Instant::now() + shared.retry().max_backoff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_gets_at_most_twenty_bulk_messages_in_any_minute_and_others_are_not_held_up() {
        let t0 = Instant::now();
        let mut windows = ChatWindows::default();
        for i in 0..PER_CHAT_PER_MINUTE as u64 {
            assert!(windows.admit(7, t0 + Duration::from_secs(i)).is_ok());
        }
        // The 21st within the minute waits until the first is a minute old.
        let later = t0 + Duration::from_secs(30);
        windows.forget_before(later);
        assert_eq!(windows.admit(7, later), Err(t0 + MINUTE));
        // Another chat is not affected.
        assert!(windows.admit(8, later).is_ok());
        // A minute after the first send, one more may go; not two.
        let free = t0 + MINUTE;
        windows.forget_before(free);
        assert!(windows.admit(7, free).is_ok());
        assert_eq!(
            windows.admit(7, free),
            Err(t0 + Duration::from_secs(1) + MINUTE)
        );
    }
}
