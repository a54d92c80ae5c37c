//! The SQLite implementation of [`Store`]: one file, WAL mode, foreign keys on.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, SqliteConnection};

use super::embedded::{Embedded, Migrations};
use super::{
    Attempt, AttemptId, AttemptStatus, CriterionProgress, Learner, LearnerId, LearnerKey,
    StoreError, StoredTurn, WerkprocesProgress,
};
use crate::engine::{CriterionStatus, Scorecard, Session, TurnRecord};

/// The migrations of `migrations/`, compiled in so the binary runs anywhere.
const MIGRATIONS: Migrations = &[
    (1, "init", include_str!("../../migrations/0001_init.sql")),
    (
        2,
        "telegram",
        include_str!("../../migrations/0002_telegram.sql"),
    ),
    (
        3,
        "webcare",
        include_str!("../../migrations/0003_webcare.sql"),
    ),
    (
        4,
        "teachers",
        include_str!("../../migrations/0004_teachers.sql"),
    ),
    (
        5,
        "assignments",
        include_str!("../../migrations/0005_assignments.sql"),
    ),
    (
        6,
        "uploads",
        include_str!("../../migrations/0006_uploads.sql"),
    ),
    (
        7,
        "class members",
        include_str!("../../migrations/0007_class_members.sql"),
    ),
    (8, "web", include_str!("../../migrations/0008_web.sql")),
    (
        9,
        "uploaded scenarios",
        include_str!("../../migrations/0009_uploaded_scenarios.sql"),
    ),
    (
        10,
        "join attempts",
        include_str!("../../migrations/0010_join_attempts.sql"),
    ),
    (
        11,
        "learner names",
        include_str!("../../migrations/0011_learner_names.sql"),
    ),
];

/// A [`Store`] on a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// One connection reserved for a single writer (see [`SqliteStore::write_pool`]).
    write_pool: SqlitePool,
    /// The single writer with group commit on `write_pool`: every
    /// [`Database::write`](super::Database::write) goes through it.
    writer: super::writer::Writer,
}

/// Connections for readers. WAL lets them read while the writer commits;
/// more than a few only add threads (each connection has its own) on a
/// small machine, and a reader holds one for a single short query.
const READ_CONNECTIONS: u32 = 4;

impl SqliteStore {
    /// Opens (and creates, with its folder) the database at `url`, e.g.
    /// `sqlite://data/gesprekscoach.db`, and runs the migrations.
    pub async fn open(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // In WAL mode NORMAL does not fsync every commit: a process crash
            // (even kill -9) loses nothing, only a power cut may lose the last
            // commits. FULL made every commit wait for the disk (~70 replies/s
            // for the Telegram bot under load instead of hundreds).
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let file = options.get_filename();
        let in_memory = file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:");
        if !in_memory
            && let Some(parent) = file.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: parent.display().to_string(),
                source,
            })?;
        }
        // No test query before handing out a connection: a SQLite file cannot
        // drop a connection the way a server can, and the extra round trip to
        // the connection's thread was a large part of every query under load.
        let pool_options = |max| {
            SqlitePoolOptions::new()
                .max_connections(max)
                .test_before_acquire(false)
        };
        // An in-memory database exists per connection: keep exactly one, and
        // let the writer share it.
        let (pool, write_pool) = if in_memory {
            let pool = pool_options(1).connect_with(options).await?;
            (pool.clone(), pool)
        } else {
            let pool = pool_options(READ_CONNECTIONS)
                .connect_with(options.clone())
                .await?;
            // No automatic checkpoints on the writer's connection: one runs
            // inside the commit that crosses the threshold and fsyncs twice,
            // stalling every write queued behind it. `Writer` runs them in
            // the background instead.
            let writer =
                pool_options(1).connect_lazy_with(options.pragma("wal_autocheckpoint", "0"));
            (pool, writer)
        };
        Migrator::new(Embedded(MIGRATIONS))
            .await?
            .run(&pool)
            .await?;
        let writer = super::writer::Writer::spawn(write_pool.clone(), pool.clone());
        Ok(SqliteStore {
            pool,
            write_pool,
            writer,
        })
    }

    /// The pool, for later features that extend the schema with their own tables.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A pool of one connection for a single writer task (the Telegram bot's
    /// `Writer`): it never queues behind readers for a connection, and as
    /// the only writer it never waits in SQLite's busy handler. For an
    /// in-memory database it is the same pool as [`SqliteStore::pool`].
    /// Its connection does not checkpoint the WAL by itself: whoever writes
    /// through it must run checkpoints (the `Writer` does).
    pub fn write_pool(&self) -> &SqlitePool {
        &self.write_pool
    }

    /// The single writer (group commit) on [`SqliteStore::write_pool`].
    pub fn writer(&self) -> &super::writer::Writer {
        &self.writer
    }

    /// [`Store::learner`] inside a caller's transaction, which must hold the
    /// write lock (`BEGIN IMMEDIATE` or a single writer) since it reads and
    /// then inserts.
    pub(super) async fn learner_in(
        conn: &mut SqliteConnection,
        key: LearnerKey<'_>,
        display_name: Option<&str>,
    ) -> Result<Learner, StoreError> {
        let query = match key {
            LearnerKey::Local(name) => sqlx::query(
                "SELECT id, telegram_user_id, local_name, display_name, created_at \
                 FROM learners WHERE local_name = ?",
            )
            .bind(name),
            LearnerKey::Telegram(id) => sqlx::query(
                "SELECT id, telegram_user_id, local_name, display_name, created_at \
                 FROM learners WHERE telegram_user_id = ?",
            )
            .bind(id),
        };
        let found = query.fetch_optional(&mut *conn).await?;
        Ok(match found {
            Some(row) => {
                let mut learner = learner_from(&row)?;
                if let Some(name) = display_name
                    && learner.display_name.as_deref() != Some(name)
                {
                    sqlx::query("UPDATE learners SET display_name = ? WHERE id = ?")
                        .bind(name)
                        .bind(learner.id.0)
                        .execute(&mut *conn)
                        .await?;
                    learner.display_name = Some(name.to_string());
                }
                learner
            }
            None => {
                let (local, telegram) = match key {
                    LearnerKey::Local(name) => (Some(name), None),
                    LearnerKey::Telegram(id) => (None, Some(id)),
                };
                let created_at = now();
                let id: i64 = sqlx::query(
                    "INSERT INTO learners (telegram_user_id, local_name, display_name, created_at) \
                     VALUES (?, ?, ?, ?) RETURNING id",
                )
                .bind(telegram)
                .bind(local)
                .bind(display_name)
                .bind(created_at)
                .fetch_one(&mut *conn)
                .await?
                .try_get("id")?;
                Learner {
                    id: LearnerId(id),
                    telegram_user_id: telegram,
                    local_name: local.map(str::to_string),
                    display_name: display_name.map(str::to_string),
                    created_at,
                }
            }
        })
    }

    /// [`Store::start_attempt`] inside a caller's transaction, so a front end
    /// can commit it together with its own bookkeeping (Telegram's inbox).
    pub(super) async fn start_attempt_in(
        conn: &mut SqliteConnection,
        learner: LearnerId,
        session: &Session,
        werkprocessen: &[String],
    ) -> Result<AttemptId, StoreError> {
        let at = now();
        let id: i64 = sqlx::query(
            "INSERT INTO attempts (learner_id, dialogue_id, werkprocessen, seed, status, session, \
             started_at, updated_at) VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?) RETURNING id",
        )
        .bind(learner.0)
        .bind(&session.dialogue_id)
        .bind(serde_json::to_string(werkprocessen)?)
        // Bit for bit: SQLite integers are signed.
        .bind(session.seed as i64)
        .bind(serde_json::to_string(session)?)
        .bind(at)
        .bind(at)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?;
        Ok(AttemptId(id))
    }

    /// [`Store::save_turn`] inside a caller's transaction.
    pub(super) async fn save_turn_in(
        conn: &mut SqliteConnection,
        attempt: AttemptId,
        session: &Session,
        turn: Option<&TurnRecord>,
        scorecard: Option<&Scorecard>,
    ) -> Result<(), StoreError> {
        let at = now();
        let updated = sqlx::query("UPDATE attempts SET session = ?, updated_at = ? WHERE id = ?")
            .bind(serde_json::to_string(session)?)
            .bind(at)
            .bind(attempt.0)
            .execute(&mut *conn)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NoSuchAttempt(attempt.0));
        }
        if let Some(turn) = turn {
            sqlx::query(
                "INSERT INTO turns (attempt_id, seq, step_id, text, behaviours, evidence, feedback, \
                 created_at) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns \
                 WHERE attempt_id = ?), ?, ?, ?, ?, ?, ?)",
            )
            .bind(attempt.0)
            .bind(attempt.0)
            .bind(&turn.step)
            .bind(&turn.text)
            .bind(serde_json::to_string(&turn.detection.behaviours)?)
            .bind(serde_json::to_string(&turn.detection.evidence)?)
            .bind(serde_json::to_string(&turn.feedback)?)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
        if let Some(card) = scorecard {
            finish(conn, attempt, session, card, at).await?;
        }
        Ok(())
    }

    /// Deletes a learner with all their attempts, turns and progress
    /// (`/vergeetmij`), inside a caller's transaction.
    pub(super) async fn forget_learner_in(
        conn: &mut SqliteConnection,
        learner: LearnerId,
    ) -> Result<(), StoreError> {
        // Foreign keys cascade to attempts, turns and progress.
        sqlx::query("DELETE FROM learners WHERE id = ?")
            .bind(learner.0)
            .execute(conn)
            .await?;
        Ok(())
    }
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn learner_from(row: &SqliteRow) -> Result<Learner, StoreError> {
    Ok(Learner {
        id: LearnerId(row.try_get("id")?),
        telegram_user_id: row.try_get("telegram_user_id")?,
        local_name: row.try_get("local_name")?,
        display_name: row.try_get("display_name")?,
        created_at: row.try_get("created_at")?,
    })
}

fn attempt_from(row: &SqliteRow) -> Result<Attempt, StoreError> {
    let werkprocessen: String = row.try_get("werkprocessen")?;
    let session: String = row.try_get("session")?;
    let scorecard: Option<String> = row.try_get("scorecard")?;
    let status: String = row.try_get("status")?;
    let seed: i64 = row.try_get("seed")?;
    let score: Option<i64> = row.try_get("score")?;
    Ok(Attempt {
        id: AttemptId(row.try_get("id")?),
        learner: LearnerId(row.try_get("learner_id")?),
        dialogue_id: row.try_get("dialogue_id")?,
        werkprocessen: serde_json::from_str(&werkprocessen)?,
        seed: seed as u64,
        status: AttemptStatus::parse(&status)?,
        score: score.map(|s| s.clamp(0, 100) as u32),
        session: serde_json::from_str(&session)?,
        scorecard: scorecard.as_deref().map(serde_json::from_str).transpose()?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

const ATTEMPT_COLUMNS: &str = "id, learner_id, dialogue_id, werkprocessen, seed, status, score, \
     session, scorecard, started_at, finished_at";

pub(super) async fn attempt(
    conn: &mut SqliteConnection,
    id: AttemptId,
) -> Result<Option<Attempt>, StoreError> {
    let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = ?");
    sqlx::query(&sql)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(attempt_from)
        .transpose()
}

pub(super) async fn open_attempt(
    conn: &mut SqliteConnection,
    learner: LearnerId,
    dialogue_id: Option<&str>,
) -> Result<Option<Attempt>, StoreError> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE learner_id = ? \
         AND status = 'in_progress' AND (? IS NULL OR dialogue_id = ?) \
         ORDER BY id DESC LIMIT 1"
    );
    sqlx::query(&sql)
        .bind(learner.0)
        .bind(dialogue_id)
        .bind(dialogue_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(attempt_from)
        .transpose()
}

pub(super) async fn attempts(
    conn: &mut SqliteConnection,
    learner: LearnerId,
) -> Result<Vec<Attempt>, StoreError> {
    let sql =
        format!("SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE learner_id = ? ORDER BY id DESC");
    sqlx::query(&sql)
        .bind(learner.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(attempt_from)
        .collect()
}

pub(super) async fn turns(
    conn: &mut SqliteConnection,
    attempt: AttemptId,
) -> Result<Vec<StoredTurn>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, step_id, text, behaviours, evidence, feedback, created_at \
         FROM turns WHERE attempt_id = ? ORDER BY seq",
    )
    .bind(attempt.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let seq: i64 = row.try_get("seq")?;
            let behaviours: String = row.try_get("behaviours")?;
            let evidence: String = row.try_get("evidence")?;
            let feedback: String = row.try_get("feedback")?;
            Ok(StoredTurn {
                seq: super::stored_u32("seq", seq)?,
                step: row.try_get("step_id")?,
                text: row.try_get("text")?,
                detection: crate::matching::Detection {
                    behaviours: serde_json::from_str(&behaviours)?,
                    evidence: serde_json::from_str(&evidence)?,
                },
                feedback: serde_json::from_str(&feedback)?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

pub(super) async fn progress(
    conn: &mut SqliteConnection,
    learner: LearnerId,
) -> Result<Vec<WerkprocesProgress>, StoreError> {
    let rows = sqlx::query(
        "SELECT werkproces, attempts, best_score, last_score, updated_at FROM progress \
         WHERE learner_id = ? ORDER BY werkproces",
    )
    .bind(learner.0)
    .fetch_all(&mut *conn)
    .await?;
    let criteria = sqlx::query(
        "SELECT werkproces, gedrag, label, assessed, met, last_status FROM criterion_progress \
         WHERE learner_id = ? ORDER BY werkproces, rowid",
    )
    .bind(learner.0)
    .fetch_all(&mut *conn)
    .await?;
    let count = |row: &SqliteRow, column: &str| -> Result<u32, StoreError> {
        let n: i64 = row.try_get(column)?;
        super::stored_u32(column, n)
    };
    let werkprocessen = rows
        .iter()
        .map(|row| {
            Ok(WerkprocesProgress {
                werkproces: row.try_get("werkproces")?,
                attempts: count(row, "attempts")?,
                best_score: count(row, "best_score")?,
                last_score: count(row, "last_score")?,
                updated_at: row.try_get("updated_at")?,
                criteria: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let criteria = criteria
        .iter()
        .map(|c| {
            let last: String = c.try_get("last_status")?;
            Ok((
                c.try_get("werkproces")?,
                CriterionProgress {
                    gedrag: c.try_get("gedrag")?,
                    label: c.try_get("label")?,
                    assessed: count(c, "assessed")?,
                    met: count(c, "met")?,
                    last_met: last == "met",
                },
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(super::group_progress(werkprocessen, criteria))
}

/// Marks the attempt finished and, for a completed one, adds it to the
/// learner's progress. Guarded on `in_progress` so a repeated call (e.g. after
/// a crash between two saves) cannot count an attempt twice.
async fn finish(
    tx: &mut SqliteConnection,
    attempt: AttemptId,
    session: &Session,
    card: &Scorecard,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let status = AttemptStatus::at_end(session, card);
    let finished = sqlx::query(
        "UPDATE attempts SET status = ?, score = ?, scorecard = ?, finished_at = ? \
         WHERE id = ? AND status = 'in_progress' RETURNING learner_id",
    )
    .bind(status.as_str())
    .bind(i64::from(card.score))
    .bind(serde_json::to_string(card)?)
    .bind(at)
    .bind(attempt.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = finished else {
        return Ok(());
    };
    if status != AttemptStatus::Completed {
        return Ok(());
    }
    let learner: i64 = row.try_get("learner_id")?;
    add_progress(tx, learner, card, at).await
}

/// Adds a completed attempt's (or webcare shift's) scorecard to the
/// learner's progress per werkproces and per Gedrag line.
pub(super) async fn add_progress(
    tx: &mut SqliteConnection,
    learner: i64,
    card: &Scorecard,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let score = i64::from(card.score);
    for code in &card.werkprocessen {
        sqlx::query(
            "INSERT INTO progress (learner_id, werkproces, attempts, best_score, last_score, \
             updated_at) VALUES (?, ?, 1, ?, ?, ?) \
             ON CONFLICT (learner_id, werkproces) DO UPDATE SET attempts = attempts + 1, \
             best_score = MAX(best_score, excluded.best_score), \
             last_score = excluded.last_score, updated_at = excluded.updated_at",
        )
        .bind(learner)
        .bind(code)
        .bind(score)
        .bind(score)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    for c in &card.criteria {
        let met = match c.status {
            CriterionStatus::Met => 1i64,
            CriterionStatus::NotMet => 0,
            CriterionStatus::NotAssessed => continue,
        };
        sqlx::query(
            "INSERT INTO criterion_progress (learner_id, werkproces, gedrag, label, assessed, met, \
             last_status, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?) \
             ON CONFLICT (learner_id, werkproces, gedrag) DO UPDATE SET \
             label = excluded.label, assessed = assessed + 1, met = met + excluded.met, \
             last_status = excluded.last_status, updated_at = excluded.updated_at",
        )
        .bind(learner)
        .bind(&c.werkproces)
        .bind(c.gedrag.trim())
        .bind(&c.label)
        .bind(met)
        .bind(if met == 1 { "met" } else { "not_met" })
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
