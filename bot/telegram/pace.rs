//! The bot's budget of messages per second towards Telegram (`COACH_SEND_RATE`, 30 by
//! default), shared by every send, with answers to students served before
//! bulk pushes: a push to a big class uses the budget only while no answer
//! is waiting, so students who practise keep getting their answers at once.
//!
//! Exact under network delay: a message holds its place in the budget from
//! the moment it is released until one second after Telegram's answer came
//! back. Telegram counts it on arrival, which lies in between, so however
//! requests overtake each other on the way, no one-second window at Telegram
//! ever holds more than the limit. (teloxide's Throttle counts at release
//! and looks again only every 250 ms: it can let Telegram see more than 30 in
//! a second, loses a fifth of the throughput waiting for its next tick, and
//! serves first come first served, so a class push would hold up every
//! answer for half a minute.)
//!
//! Bulk messages are also spaced evenly (one per `window / limit`), so the
//! budget frees up a place every 33 ms rather than thirty at once every
//! second: an answer that arrives during a push waits for the next place,
//! not for the next second.
//!
//! Waiters are served in order per lane by one small task, so a thousand
//! queued pushes cost nothing while they wait.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::{Notify, mpsc, oneshot};
use tokio::time::Instant;

/// Which queue a message waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Answers to what a student or teacher just did: first.
    Answer,
    /// Pushes and reminders to a whole class: when nothing else waits.
    Bulk,
}

enum Msg {
    Acquire(Lane, oneshot::Sender<Permit>),
    Done(Instant),
}

/// The budget. Cloning shares it.
#[derive(Clone)]
pub struct Gate {
    tx: Option<mpsc::UnboundedSender<Msg>>,
}

/// The right to send one message; dropping it (after Telegram answered)
/// starts its one second in the window.
pub struct Permit {
    done: Option<mpsc::UnboundedSender<Msg>>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(Msg::Done(Instant::now()));
        }
    }
}

impl Gate {
    /// At most `limit` messages per `window`; must be called inside a tokio
    /// runtime (it spawns the task that hands out permits).
    pub fn new(limit: u32, window: Duration) -> Gate {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(serve(limit.max(1) as usize, window, rx, tx.downgrade()));
        Gate { tx: Some(tx) }
    }

    /// No limit (benchmarks that measure the bot itself).
    pub fn unlimited() -> Gate {
        Gate { tx: None }
    }

    /// Waits for a place in the budget.
    pub async fn acquire(&self, lane: Lane) -> Permit {
        let free = Permit { done: None };
        let Some(tx) = &self.tx else {
            return free;
        };
        let (otx, orx) = oneshot::channel();
        if tx.send(Msg::Acquire(lane, otx)).is_err() {
            return free;
        }
        orx.await.unwrap_or(free)
    }
}

async fn serve(
    limit: usize,
    window: Duration,
    mut rx: mpsc::UnboundedReceiver<Msg>,
    tx: mpsc::WeakUnboundedSender<Msg>,
) {
    let mut in_flight = 0usize;
    // When the permits of the last `window` were returned, oldest first.
    let mut recent: VecDeque<Instant> = VecDeque::new();
    let mut answers: VecDeque<oneshot::Sender<Permit>> = VecDeque::new();
    let mut bulk: VecDeque<oneshot::Sender<Permit>> = VecDeque::new();
    let spacing = window / limit as u32;
    let mut next_bulk = Instant::now();
    loop {
        let now = Instant::now();
        while recent.front().is_some_and(|t| *t + window <= now) {
            recent.pop_front();
        }
        while in_flight + recent.len() < limit {
            let waiter = match answers.pop_front() {
                Some(w) => w,
                None if now >= next_bulk => match bulk.pop_front() {
                    Some(w) => {
                        // On the schedule, not from when the timer fired
                        // (timers are late by up to a millisecond, which
                        // would cost a thousand pushes a second).
                        let behind = now.checked_sub(spacing).unwrap_or(now);
                        next_bulk = next_bulk.max(behind) + spacing;
                        w
                    }
                    None => break,
                },
                None => break,
            };
            let Some(done) = tx.upgrade() else { return };
            match waiter.send(Permit { done: Some(done) }) {
                Ok(()) => in_flight += 1,
                // The waiter gave up: its permit never sent anything.
                Err(mut unused) => unused.done = None,
            }
        }
        let full = in_flight + recent.len() >= limit;
        let window_wake = recent
            .front()
            .filter(|_| full && (!answers.is_empty() || !bulk.is_empty()))
            .map(|t| *t + window);
        let spacing_wake = (!full && !bulk.is_empty()).then_some(next_bulk);
        let wake = window_wake.or(spacing_wake);
        let msg = match wake {
            Some(at) => tokio::select! {
                m = rx.recv() => m,
                () = tokio::time::sleep_until(at) => continue,
            },
            None => rx.recv().await,
        };
        match msg {
            None => return,
            Some(Msg::Acquire(Lane::Answer, w)) => answers.push_back(w),
            Some(Msg::Acquire(Lane::Bulk, w)) => bulk.push_back(w),
            Some(Msg::Done(at)) => {
                in_flight = in_flight.saturating_sub(1);
                let i = recent.partition_point(|t| *t <= at);
                recent.insert(i, at);
            }
        }
    }
}

/// Wakes the bulk queue ([`super::bulk`]) when new bulk rows were committed.
#[derive(Default)]
pub struct BulkQueue {
    pub(super) wake: Notify,
}

impl BulkQueue {
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real time with a short window (tokio's paused clock needs the
    // test-util feature, which would rebuild every dependency).
    const WINDOW: Duration = Duration::from_millis(200);

    #[tokio::test]
    async fn no_window_holds_more_than_the_limit_and_bulk_is_spread_evenly() {
        let gate = Gate::new(3, WINDOW);
        let start = Instant::now();
        let mut released = Vec::new();
        for _ in 0..9 {
            let p = gate.acquire(Lane::Bulk).await;
            released.push(start.elapsed());
            drop(p);
        }
        // Never ahead of the schedule: the i-th push waits for i thirds of
        // the window. Only lower bounds are exact on a loaded machine: a
        // late timer is made up on the next push, so a single gap may be
        // short, but the sum of the gaps never is.
        for (i, at) in released.iter().enumerate() {
            assert!(
                *at + Duration::from_millis(15) >= WINDOW * i as u32 / 3,
                "push {i} ahead of the schedule: {released:?}"
            );
        }
        for i in 3..9 {
            assert!(released[i] - released[i - 3] >= WINDOW, "{released:?}");
        }
        // The budget is used: nine in about three windows. One window of
        // slack for a busy machine; a gate that spaced pushes by a whole
        // window would need eight.
        assert!(released[8] < WINDOW * 4, "{released:?}");
    }

    #[tokio::test]
    async fn a_message_counts_until_a_window_after_its_answer() {
        let gate = Gate::new(1, WINDOW);
        let start = Instant::now();
        let p = gate.acquire(Lane::Bulk).await;
        // Telegram takes 150 ms to answer.
        tokio::time::sleep(Duration::from_millis(150)).await;
        drop(p);
        let _next = gate.acquire(Lane::Bulk).await;
        assert!(start.elapsed() >= Duration::from_millis(350));
    }

    #[tokio::test]
    async fn answers_go_before_queued_bulk_messages() {
        let gate = Gate::new(2, WINDOW);
        let first = gate.acquire(Lane::Bulk).await;
        let second = gate.acquire(Lane::Bulk).await;
        let (order_tx, mut order_rx) = mpsc::unbounded_channel();
        let mut tasks = Vec::new();
        for i in 0..3 {
            let (g, o) = (gate.clone(), order_tx.clone());
            tasks.push(tokio::spawn(async move {
                let _p = g.acquire(Lane::Bulk).await;
                let _ = o.send(format!("bulk{i}"));
            }));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let (g, o) = (gate.clone(), order_tx.clone());
        tasks.push(tokio::spawn(async move {
            let _p = g.acquire(Lane::Answer).await;
            let _ = o.send("answer".to_string());
        }));
        tokio::time::sleep(Duration::from_millis(5)).await;
        drop(first);
        drop(second);
        let mut order = Vec::new();
        for _ in 0..4 {
            order.push(order_rx.recv().await.expect("released"));
        }
        assert_eq!(order, ["answer", "bulk0", "bulk1", "bulk2"]);
    }

    #[tokio::test]
    async fn an_unlimited_gate_never_waits() {
        let gate = Gate::unlimited();
        for _ in 0..1000 {
            drop(gate.acquire(Lane::Bulk).await);
        }
    }
}
