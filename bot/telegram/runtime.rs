//! The bot's update loop: receives updates (long polling or webhook), stores
//! them in the inbox, hands each chat's updates in order to its own task
//! ([`super::chats`]), and shuts down gracefully.
//!
//! Why not teloxide's `Dispatcher`: its polling listener confirms an update's
//! offset as soon as it is received and its webhook listener answers 200
//! before the update is handled, so a crash (`kill -9`) between receipt and
//! handling loses the update. Here the offset is confirmed (and 200 returned)
//! only after the update is committed to the inbox, and the inbox is replayed
//! at start-up.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use teloxide::RequestError;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::api::Api;
use super::chats::{Job, Shared, Stats, enqueue};
use super::config::TelegramConfig;
use super::decision::Context;
use super::pace::{BulkQueue, Gate};
use super::send::Retry;
use super::{TelegramError, incoming};
use crate::school::library::Library;
use crate::store::ReadOnly;
use crate::store::prelude::*;
use crate::store::telegram as db;

/// How many updates one `getUpdates` call may return.
const POLL_LIMIT: u8 = 100;
/// How long shutdown waits for the updates in hand.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// A running bot. Dropping it does not stop it; call [`BotHandle::shutdown`].
pub struct BotHandle {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<Result<(), TelegramError>>,
    /// The address the webhook server listens on (webhook mode only).
    pub webhook_addr: Option<SocketAddr>,
    stats: Arc<Stats>,
}

impl BotHandle {
    /// Graceful stop: finish the updates in hand, confirm the offset.
    pub async fn shutdown(self) -> Result<(), TelegramError> {
        self.stop.cancel();
        self.join().await
    }

    /// Waits until the bot stops on its own (after its stop token fired).
    pub async fn join(self) -> Result<(), TelegramError> {
        match self.task.await {
            Ok(r) => r,
            Err(e) => Err(TelegramError::Task(e)),
        }
    }

    /// Number of updates fully handled since start.
    pub fn handled(&self) -> u64 {
        self.stats.handled.load(Ordering::Relaxed)
    }

    /// A token that stops the bot when cancelled.
    pub fn stop_token(&self) -> CancellationToken {
        self.stop.clone()
    }
}

/// Starts the bot in the background and returns once it is accepting updates.
pub async fn start(config: TelegramConfig) -> Result<BotHandle, TelegramError> {
    let store = crate::store::open(&config.database_url).await?;
    let library = Arc::new(Library::load(&config.dialogues_dir));
    start_on(config, store, library).await
}

/// As [`start`], on a store and a library the caller already opened: `serve`
/// shares them with the dashboard, so the process has one SQLite writer and
/// loads the dialogues folder once. `config.database_url` and
/// `config.dialogues_dir` must name what `store` and `library` were opened on.
pub async fn start_on(
    config: TelegramConfig,
    store: crate::store::AnyStore,
    library: Arc<Library>,
) -> Result<BotHandle, TelegramError> {
    let api = Api::new(
        &config.token,
        config.api_url.as_ref(),
        config
            .request_timeout
            .max(config.poll_timeout + Duration::from_secs(1)),
        config.throttle,
    )?;
    let ctx = Context {
        content: library,
        matcher: Arc::new(crate::matching::Matcher::new()),
        store: ReadOnly::new(store.clone()),
        shift_clock: config.shift_clock.clone(),
        admin_ids: config.admin_ids.clone(),
        dialogues_dir: config.dialogues_dir.clone(),
        dashboard_url: config.dashboard_url.clone(),
        bot_username: bot_username(&api).await,
        uploads: super::decision::UploadService::new(api.clone()),
        assign: super::assign::Settings::new(
            config.shift_clock.clone(),
            config.timezone,
            config.reminder_hours,
        ),
    };
    super::upload::load(&ctx).await?;
    let stop = CancellationToken::new();
    let stats = Arc::new(Stats {
        handled: AtomicU64::new(0),
        tracker: TaskTracker::new(),
    });
    let shared = Arc::new(Shared {
        api,
        ctx,
        store,
        retry: Retry {
            min_backoff: config.min_backoff,
            max_backoff: config.max_backoff,
            attempts: config.send_attempts.max(1),
        },
        stopping: stop.clone(),
        queues: Mutex::new(HashMap::new()),
        flushing: Mutex::new(HashMap::new()),
        stats: stats.clone(),
        gate: match config.send_rate {
            Some(limit) => Gate::new(limit, Duration::from_secs(1)),
            None => Gate::unlimited(),
        },
        bulk: BulkQueue::default(),
    });

    register_commands(&shared).await;
    let pruned = shared
        .store
        .write(|tx| Box::pin(tx.inbox_prune(Duration::from_secs(7 * 24 * 3600))))
        .await;
    if let Err(e) = pruned {
        tracing::warn!(error = %e, "could not prune the inbox");
    }

    super::scheduler::spawn_ticker(shared.clone(), config.shift_tick);
    super::bulk::spawn(shared.clone());
    super::scheduler::spawn_scheduler(shared.clone(), config.schedule_tick);
    let (webhook_addr, task) = match config.webhook.clone() {
        None => {
            // A webhook left by an earlier webhook-mode run would make getUpdates fail.
            if let Err(e) = shared.api.delete_webhook().await {
                tracing::warn!(error = %e, "deleteWebhook failed; polling may conflict");
            }
            recover(&shared).await?;
            let s = shared.clone();
            let liveness = config.liveness_interval;
            let timeout = config.poll_timeout;
            let task = tokio::spawn(async move {
                spawn_liveness(&s, liveness);
                let result = poll_loop(&s, timeout).await;
                finish(&s).await;
                if let Some(offset) = result? {
                    confirm_offset(&s, offset).await;
                }
                Ok(())
            });
            (None, task)
        }
        Some(webhook) => {
            set_webhook(&shared, &webhook).await?;
            recover(&shared).await?;
            let listener = tokio::net::TcpListener::bind(webhook.addr)
                .await
                .map_err(|source| TelegramError::Listen {
                    addr: webhook.addr,
                    source,
                })?;
            let addr = listener
                .local_addr()
                .map_err(|source| TelegramError::Listen {
                    addr: webhook.addr,
                    source,
                })?;
            tracing::info!(%addr, path = webhook.url.path(), "webhook server listening");
            let app = axum::Router::new()
                .route(webhook.url.path(), post(webhook_update))
                .route("/healthz", get(healthz))
                .with_state(WebhookState {
                    shared: shared.clone(),
                    secret: Arc::from(webhook.secret.as_str()),
                });
            let s = shared.clone();
            let task = tokio::spawn(async move {
                let stopping = s.stopping.clone();
                let served = axum::serve(listener, app)
                    .with_graceful_shutdown(async move { stopping.cancelled().await })
                    .await;
                finish(&s).await;
                // The webhook stays registered: other instances may share it.
                served.map_err(|source| TelegramError::Listen { addr, source })
            });
            (Some(addr), task)
        }
    };
    Ok(BotHandle {
        stop,
        task,
        webhook_addr,
        stats,
    })
}

/// Runs the bot until `shutdown` resolves (the `serve` subcommand).
pub async fn run(
    config: TelegramConfig,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), TelegramError> {
    let store = crate::store::open(&config.database_url).await?;
    let library = Arc::new(Library::load(&config.dialogues_dir));
    run_on(config, store, library, shutdown).await
}

/// [`run`] on an opened store and library ([`start_on`]).
pub async fn run_on(
    config: TelegramConfig,
    store: crate::store::AnyStore,
    library: Arc<Library>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), TelegramError> {
    let handle = start_on(config, store, library).await?;
    let stop = handle.stop_token();
    tokio::select! {
        () = shutdown => {
            tracing::info!("stopping: finishing the updates in hand");
            handle.shutdown().await
        }
        () = stop.cancelled() => handle.join().await,
    }
}

/// The username for deep links. Without it (Telegram unreachable at start)
/// teachers still get the join code; only the link is left out.
async fn bot_username(api: &Api) -> Option<String> {
    match api.username().await {
        Ok(name) => name,
        Err(e) => {
            tracing::warn!(error = %e, "getMe failed; class invitations go without a deep link");
            None
        }
    }
}

async fn register_commands(shared: &Shared) {
    let commands = super::commands::menu();
    let mut delay = shared.retry.min_backoff;
    for attempt in 1..=3 {
        match shared.api.set_commands(commands.clone()).await {
            Ok(()) => return,
            Err(RequestError::RetryAfter(s)) => tokio::time::sleep(s.duration()).await,
            Err(e) => {
                tracing::warn!(error = %e, attempt, "setMyCommands failed");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(shared.retry.max_backoff);
            }
        }
    }
}

async fn set_webhook(
    shared: &Shared,
    webhook: &super::config::WebhookConfig,
) -> Result<(), TelegramError> {
    let mut delay = shared.retry.min_backoff;
    let mut attempt = 0;
    loop {
        attempt += 1;
        match shared
            .api
            .set_webhook(webhook.url.clone(), &webhook.secret)
            .await
        {
            Ok(()) => return Ok(()),
            Err(RequestError::RetryAfter(s)) => tokio::time::sleep(s.duration()).await,
            Err(e @ (RequestError::Network(_) | RequestError::Io(_))) if attempt < 6 => {
                tracing::warn!(error = %e, "setWebhook failed, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(shared.retry.max_backoff);
            }
            Err(e) => return Err(TelegramError::Api(e)),
        }
    }
}

/// Sends what a crash left in the outbox, then handles the pending inbox.
async fn recover(shared: &Arc<Shared>) -> Result<(), TelegramError> {
    let mut db = shared.ctx.store.read().await?;
    for chat_id in db.outbox_chats().await? {
        enqueue(shared, chat_id, Job::Flush);
    }
    let pending = db.inbox_pending().await?;
    drop(db);
    if !pending.is_empty() {
        tracing::info!(
            count = pending.len(),
            "resuming updates received before a stop"
        );
    }
    for u in pending {
        enqueue(shared, u.chat_id, Job::Update(u));
    }
    Ok(())
}

fn spawn_liveness(shared: &Arc<Shared>, every: Duration) {
    let s = shared.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tokio::select! {
                () = s.stopping.cancelled() => return,
                _ = tick.tick() => {
                    let handled = s.stats.handled.load(Ordering::Relaxed);
                    tracing::info!(handled, "alive (polling)");
                }
            }
        }
    });
}

/// Long polling; returns the offset to confirm on stop.
async fn poll_loop(shared: &Arc<Shared>, timeout: Duration) -> Result<Option<i32>, TelegramError> {
    let mut offset: i32 = shared
        .ctx
        .store
        .read()
        .await?
        .inbox_max_update_id()
        .await?
        .map(|id| (id + 1) as i32)
        .unwrap_or(0);
    let mut delay = shared.retry.min_backoff;
    loop {
        let result = tokio::select! {
            () = shared.stopping.cancelled() => break,
            r = shared.api.get_updates(offset, timeout, POLL_LIMIT) => r,
        };
        match result {
            Ok(updates) => {
                delay = shared.retry.min_backoff;
                if updates.is_empty() {
                    continue;
                }
                let next = updates
                    .iter()
                    .filter_map(incoming::update_id)
                    .map(|id| id.saturating_add(1).min(i64::from(i32::MAX)) as i32)
                    .max()
                    .unwrap_or(offset);
                let batch: Vec<db::PendingUpdate> = updates
                    .iter()
                    .filter_map(|u| pending(u, u.to_string()))
                    .collect();
                // Only after this commit may the offset move past these updates.
                match accept(shared, batch).await {
                    Ok(()) => offset = offset.max(next),
                    Err(e) => {
                        tracing::error!(error = %e, "could not store updates; retrying");
                        sleep_or_stop(shared, delay).await;
                        delay = (delay * 2).min(shared.retry.max_backoff);
                    }
                }
            }
            Err(RequestError::RetryAfter(s)) => {
                tracing::info!(wait = ?s.duration(), "getUpdates rate limited");
                sleep_or_stop(shared, s.duration()).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, ?delay, "getUpdates failed; backing off");
                sleep_or_stop(shared, delay).await;
                delay = (delay * 2).min(shared.retry.max_backoff);
            }
        }
    }
    Ok((offset > 0).then_some(offset))
}

async fn sleep_or_stop(shared: &Shared, d: Duration) {
    tokio::select! {
        () = shared.stopping.cancelled() => {}
        () = tokio::time::sleep(d) => {}
    }
}

/// Tells Telegram which updates were taken (it forgets them), without waiting.
async fn confirm_offset(shared: &Shared, offset: i32) {
    match shared.api.get_updates(offset, Duration::ZERO, 1).await {
        Ok(_) => tracing::info!(offset, "offset confirmed"),
        Err(e) => {
            tracing::warn!(error = %e, "could not confirm the offset; updates will be redelivered and ignored")
        }
    }
}

/// The inbox row of an update: its JSON as it arrived (`raw` is its text,
/// so a webhook body is kept byte for byte). Without an update id it cannot
/// be stored, deduplicated nor confirmed: logged and left out.
fn pending(update: &serde_json::Value, raw: String) -> Option<db::PendingUpdate> {
    let Some(update_id) = incoming::update_id(update) else {
        // Not logged whole: it may hold what a student wrote.
        tracing::warn!(
            bytes = raw.len(),
            "received something without an update_id; ignored"
        );
        return None;
    };
    Some(db::PendingUpdate {
        update_id,
        chat_id: incoming::chat_id(update),
        payload: raw,
    })
}

/// Stores updates and queues the new ones; duplicates are dropped here.
async fn accept(shared: &Arc<Shared>, batch: Vec<db::PendingUpdate>) -> Result<(), TelegramError> {
    let rows = Arc::new(batch);
    let mut fresh: std::collections::HashSet<i64> = shared
        .store
        .write({
            let rows = rows.clone();
            move |tx| {
                let rows = rows.clone();
                Box::pin(async move { Ok::<_, TelegramError>(tx.inbox_insert(&rows).await?) })
            }
        })
        .await?
        .into_iter()
        .collect();
    let batch = Arc::unwrap_or_clone(rows);
    if fresh.len() < batch.len() {
        tracing::info!(
            duplicates = batch.len() - fresh.len(),
            "ignored redelivered updates"
        );
    }
    for u in batch {
        // Removed once queued: an update that came twice in one batch is
        // handled once.
        if fresh.remove(&u.update_id) {
            enqueue(shared, u.chat_id, Job::Update(u));
        }
    }
    Ok(())
}

/// Waits for the chat tasks to finish the update in hand.
async fn finish(shared: &Shared) {
    shared.stopping.cancel();
    shared.stats.tracker.close();
    if tokio::time::timeout(SHUTDOWN_GRACE, shared.stats.tracker.wait())
        .await
        .is_err()
    {
        tracing::warn!("some updates were still being handled at shutdown; they resume on restart");
    }
}

#[derive(Clone)]
struct WebhookState {
    shared: Arc<Shared>,
    secret: Arc<str>,
}

/// Constant-time comparison, so the secret cannot be guessed byte by byte.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

async fn webhook_update(
    State(state): State<WebhookState>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, state.secret.as_bytes()) {
        tracing::warn!("webhook request with a wrong secret refused");
        return StatusCode::UNAUTHORIZED;
    }
    if state.shared.stopping.is_cancelled() {
        // Telegram retries later, possibly at another instance.
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let update: serde_json::Value = match serde_json::from_str(&body) {
        Ok(u) => u,
        Err(e) => {
            // Not even JSON: a retry would not parse either.
            tracing::warn!(error = %e, bytes = body.len(), "webhook body is no JSON; ignored");
            return StatusCode::OK;
        }
    };
    let Some(p) = pending(&update, body) else {
        return StatusCode::OK;
    };
    // 200 only after the update is stored, so Telegram redelivers on a crash.
    match accept(&state.shared, vec![p]).await {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "could not store a webhook update");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

async fn healthz(State(state): State<WebhookState>) -> (StatusCode, &'static str) {
    let ping = async { state.shared.ctx.store.read().await?.ping().await };
    match ping.await {
        Ok(_) => (StatusCode::OK, "ok\n"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
