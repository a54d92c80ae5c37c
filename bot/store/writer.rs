//! The single SQLite writer with group commit: callers hand it units of
//! writes; one task runs them on one connection, and the units that queued
//! up while a transaction was committing are committed together in the next
//! one.
//!
//! Why: SQLite allows one writer at a time. With writes on several pooled
//! connections, a writer that finds the lock taken sleeps in SQLite's busy
//! handler (1, 2, 5, 10 ms, ...) while holding its pooled connection, so
//! readers queue behind it as well. Under the load benchmark that waiting was
//! most of the Telegram bot's latency, while the statements themselves took a
//! fraction of a millisecond. A single writer never waits for the lock, and a
//! batch pays for `BEGIN` / `COMMIT` once.
//!
//! WAL checkpoints run in a background task on a reader connection, not in
//! the commit that happens to cross SQLite's threshold: a checkpoint writes
//! pages back and fsyncs twice (4-30 ms each on the test machine), and every
//! unit queued behind that commit would wait for it.
//!
//! Guarantees, the same as one transaction per unit:
//! - a unit's writes are atomic: all committed or none;
//! - a caller gets `Ok` only after the transaction holding its unit committed
//!   (so "stored, then confirm" orderings stay crash safe);
//! - a failing unit fails alone: the batch is rolled back and every unit in it
//!   runs again in a transaction of its own. A unit may therefore run twice,
//!   but only one run is ever committed; a unit must only touch the database
//!   through the connection it is given.

use futures::future::BoxFuture;
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use super::StoreError;

/// How often the WAL is checkpointed in the background.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Most units in one transaction; keeps one commit (and the wait of the
/// units behind it) short even when a burst arrives.
const MAX_BATCH: usize = 256;

/// A unit as the writer task sees it, whatever its result type.
trait Unit: Send {
    /// Runs the writes; `false` when the unit failed (it must not be committed).
    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool>;
    /// Reports the outcome: the unit's result if `committed`, else the error.
    fn finish(self: Box<Self>, committed: Result<(), sqlx::Error>);
}

struct Job<T, E, F> {
    work: F,
    result: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Unit for Job<T, E, F>
where
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
    F: for<'c> FnMut(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
{
    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool> {
        Box::pin(async move {
            let result = (self.work)(conn).await;
            let ok = result.is_ok();
            self.result = Some(result);
            ok
        })
    }

    fn finish(self: Box<Self>, committed: Result<(), sqlx::Error>) {
        let outcome = match (committed, self.result) {
            // The unit's own error says more than the rollback it caused.
            (_, Some(Err(e))) => Err(e),
            (Ok(()), Some(Ok(value))) => Ok(value),
            (Err(e), _) => Err(E::from(StoreError::from(e))),
            (Ok(()), None) => Err(E::from(StoreError::from(sqlx::Error::WorkerCrashed))),
        };
        // The caller may have gone away (shutdown); the writes stand anyway.
        let _ = self.reply.send(outcome);
    }
}

/// A handle to the writer task; cheap to clone. The task stops when the last
/// handle is dropped, after finishing the units already handed in.
#[derive(Clone, Debug)]
pub struct Writer {
    queue: mpsc::UnboundedSender<Box<dyn Unit>>,
}

impl Writer {
    /// Starts the writer task on `pool` (see `SqliteStore::write_pool`: a
    /// pool of one connection that nothing else writes through), and the WAL
    /// checkpoints on `checkpoints` (a reader pool); both stop when the last
    /// handle is dropped.
    pub fn spawn(pool: SqlitePool, checkpoints: SqlitePool) -> Writer {
        let (queue, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(pool, rx));
        let alive = queue.downgrade();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if alive.upgrade().is_none() {
                    return;
                }
                // PASSIVE never waits for readers or the writer; what it
                // cannot copy now is copied next time.
                let done = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&checkpoints)
                    .await;
                if let Err(e) = done {
                    tracing::warn!(error = %e, "WAL checkpoint failed");
                }
            }
        });
        Writer { queue }
    }

    /// Runs `work` in the writer's next transaction and returns its result
    /// once that transaction committed. `work` may be called more than once
    /// (see the module doc), so it clones what it needs into its future.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'c> FnMut(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Box<dyn Unit> = Box::new(Job {
            work,
            result: None,
            reply,
        });
        self.queue
            .send(job)
            .map_err(|_| E::from(StoreError::from(sqlx::Error::PoolClosed)))?;
        answer
            .await
            .unwrap_or_else(|_| Err(E::from(StoreError::from(sqlx::Error::WorkerCrashed))))
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::UnboundedReceiver<Box<dyn Unit>>) {
    let mut batch: Vec<Box<dyn Unit>> = Vec::new();
    // No waiting to fill a batch: whatever queued up during the previous
    // commit goes into the next one, so an idle bot commits at once.
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match pool.acquire().await {
            Ok(mut conn) => commit_batch(&mut conn, std::mem::take(&mut batch)).await,
            Err(e) => {
                tracing::error!(error = %e, "the database writer has no connection");
                for unit in batch.drain(..) {
                    unit.finish(Err(sqlx::Error::PoolTimedOut));
                }
            }
        }
    }
}

/// All units in one transaction; if any fails, each again on its own.
async fn commit_batch(conn: &mut SqliteConnection, mut batch: Vec<Box<dyn Unit>>) {
    if batch.len() > 1 {
        match run_units(conn, &mut batch).await {
            Ok(()) => {
                for unit in batch {
                    unit.finish(Ok(()));
                }
                return;
            }
            Err(e) => {
                tracing::debug!(error = %e, units = batch.len(), "batch failed; one by one");
            }
        }
    }
    for mut unit in batch {
        let outcome = run_units(conn, std::slice::from_mut(&mut unit)).await;
        unit.finish(outcome);
    }
}

/// One transaction over `units`; rolled back unless every unit succeeded.
async fn run_units(
    conn: &mut SqliteConnection,
    units: &mut [Box<dyn Unit>],
) -> Result<(), sqlx::Error> {
    // IMMEDIATE: take the write lock at once, so a write from outside the
    // writer (start-up maintenance, another process) makes this wait in the
    // busy handler instead of failing half-way through the batch.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for unit in units.iter_mut() {
        if !unit.run(&mut tx).await {
            tx.rollback().await?;
            return Err(sqlx::Error::Protocol("a unit of the batch failed".into()));
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Row;
    use sqlx::sqlite::SqliteConnectOptions;

    #[derive(Debug, thiserror::Error)]
    enum TestError {
        #[error(transparent)]
        Db(#[from] StoreError),
        #[error("refused on purpose")]
        Refused,
    }

    async fn setup() -> (tempfile::TempDir, SqlitePool, Writer) {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("w.db"))
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT NOT NULL)")
            .execute(&pool)
            .await
            .unwrap();
        let writer = Writer::spawn(pool.clone(), pool.clone());
        (dir, pool, writer)
    }

    /// Inserts `id`, or fails after inserting when `fail` (the insert must
    /// then be rolled back).
    async fn insert(writer: &Writer, id: i64, fail: bool) -> Result<bool, TestError> {
        writer
            .write(move |conn| {
                Box::pin(async move {
                    let done = sqlx::query("INSERT OR IGNORE INTO t (id, who) VALUES (?, 'x')")
                        .bind(id)
                        .execute(&mut *conn)
                        .await
                        .map_err(StoreError::from)?;
                    if fail {
                        return Err(TestError::Refused);
                    }
                    Ok(done.rows_affected() == 1)
                })
            })
            .await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_units_are_each_committed_once_and_a_failing_one_alone_is_rolled_back() {
        let (_dir, pool, writer) = setup().await;
        // 400 units at once, so they share transactions. Units i and i + 300
        // write the same id (a redelivery); every unit with i % 50 == 7 fails.
        let id = |i: i64| i % 300;
        let fails = |i: i64| i % 50 == 7;
        let tasks: Vec<_> = (0..400i64)
            .map(|i| {
                let w = writer.clone();
                tokio::spawn(async move { (i, insert(&w, id(i), fails(i)).await) })
            })
            .collect();
        let mut reported_new = 0;
        for t in tasks {
            let (i, result) = t.await.unwrap();
            match result {
                Ok(true) => reported_new += 1,
                Ok(false) => {}
                Err(TestError::Refused) => assert!(fails(i)),
                Err(e) => panic!("unit {i}: {e}"),
            }
        }
        let rows: Vec<i64> = sqlx::query("SELECT id FROM t ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let expected: Vec<i64> = (0..300)
            .filter(|&k| (0..400).any(|i| id(i) == k && !fails(i)))
            .collect();
        // Nothing lost, nothing from a failed unit, and each row reported
        // as new by exactly one unit.
        assert_eq!(rows, expected);
        assert_eq!(reported_new, rows.len());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_result_is_only_returned_once_a_new_connection_can_read_it() {
        let (dir, _pool, writer) = setup().await;
        let fresh =
            SqlitePool::connect_with(SqliteConnectOptions::new().filename(dir.path().join("w.db")))
                .await
                .unwrap();
        for id in 0..50 {
            assert!(insert(&writer, id, false).await.unwrap());
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t WHERE id = ?")
                .bind(id)
                .fetch_one(&fresh)
                .await
                .unwrap();
            assert_eq!(n, 1, "row {id} not visible after Ok");
        }
    }
}
