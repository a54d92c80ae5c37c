//! The PostgreSQL implementation of the store traits, with its own
//! migrations in `migrations/postgres/`.
//!
//! Unlike SQLite there is no single writer: every write is an ordinary
//! transaction, and what the SQLite code gets from being the only writer is
//! done here with statements that are safe when several connections (or
//! several bot instances) write at once: `INSERT ... ON CONFLICT`, updates
//! guarded by a condition, and row locks (`FOR UPDATE`). Nothing lives only
//! in this process.

mod shifts;
mod tables;
mod web;

use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions, PgRow};
use sqlx::types::Json;
use sqlx::{Postgres, Row};

use super::embedded::{Embedded, Migrations};
use super::{
    Attempt, AttemptId, AttemptStatus, CriterionProgress, Learner, LearnerId, LearnerKey,
    StoreError, StoredTurn, WerkprocesProgress,
};
use crate::engine::{CriterionStatus, Scorecard, Session, TurnRecord};

/// The migrations of `migrations/postgres/`, the same versions as SQLite's.
const MIGRATIONS: Migrations = &[
    (
        1,
        "init",
        include_str!("../../../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "telegram",
        include_str!("../../../migrations/postgres/0002_telegram.sql"),
    ),
    (
        3,
        "webcare",
        include_str!("../../../migrations/postgres/0003_webcare.sql"),
    ),
    (
        4,
        "teachers",
        include_str!("../../../migrations/postgres/0004_teachers.sql"),
    ),
    (
        5,
        "assignments",
        include_str!("../../../migrations/postgres/0005_assignments.sql"),
    ),
    (
        6,
        "uploads",
        include_str!("../../../migrations/postgres/0006_uploads.sql"),
    ),
    (
        7,
        "class_members",
        include_str!("../../../migrations/postgres/0007_class_members.sql"),
    ),
    (
        8,
        "web",
        include_str!("../../../migrations/postgres/0008_web.sql"),
    ),
    (
        9,
        "uploaded scenarios",
        include_str!("../../../migrations/postgres/0009_uploaded_scenarios.sql"),
    ),
    (
        10,
        "join attempts",
        include_str!("../../../migrations/postgres/0010_join_attempts.sql"),
    ),
    (
        11,
        "learner names",
        include_str!("../../../migrations/postgres/0011_learner_names.sql"),
    ),
];

/// Connections per process. A server allows about a hundred in all, shared
/// by every bot instance and tool on it.
const CONNECTIONS: u32 = 10;

/// A store on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host/database`), creates
    /// the database when it does not exist and the user may, and runs the
    /// migrations. Instances starting at once are safe: the migrator holds an
    /// advisory lock.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        if !Postgres::database_exists(url).await? {
            Postgres::create_database(url).await?;
        }
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Migrator::new(Embedded(MIGRATIONS))
            .await?
            .run(&pool)
            .await?;
        Ok(PgStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// PostgreSQL keeps microseconds: round here so what a method returns equals
/// what a later read finds.
pub(super) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub(super) fn count(row: &PgRow, column: &str) -> Result<u32, StoreError> {
    let n: i64 = row.try_get(column)?;
    super::stored_u32(column, n)
}

pub(super) fn score(row: &PgRow) -> Result<Option<u32>, StoreError> {
    let score: Option<i64> = row.try_get("score")?;
    Ok(score.map(|s| s.clamp(0, 100) as u32))
}

pub(super) fn score_value(score: u32) -> i64 {
    i64::from(score)
}

pub(super) fn status(row: &PgRow) -> Result<AttemptStatus, StoreError> {
    AttemptStatus::parse(row.try_get("status")?)
}

fn learner_from(row: &PgRow) -> Result<Learner, StoreError> {
    Ok(Learner {
        id: LearnerId(row.try_get("id")?),
        telegram_user_id: row.try_get("telegram_user_id")?,
        local_name: row.try_get("local_name")?,
        display_name: row.try_get("display_name")?,
        created_at: row.try_get("created_at")?,
    })
}

fn attempt_from(row: &PgRow) -> Result<Attempt, StoreError> {
    let Json(werkprocessen) = row.try_get("werkprocessen")?;
    let Json(session) = row.try_get("session")?;
    let scorecard: Option<Json<Scorecard>> = row.try_get("scorecard")?;
    let seed: i64 = row.try_get("seed")?;
    Ok(Attempt {
        id: AttemptId(row.try_get("id")?),
        learner: LearnerId(row.try_get("learner_id")?),
        dialogue_id: row.try_get("dialogue_id")?,
        werkprocessen,
        seed: seed as u64,
        status: status(row)?,
        score: score(row)?,
        session,
        scorecard: scorecard.map(|Json(card)| card),
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

const LEARNER_COLUMNS: &str = "id, telegram_user_id, local_name, display_name, created_at";

const ATTEMPT_COLUMNS: &str = "id, learner_id, dialogue_id, werkprocessen, seed, status, score, \
     session, scorecard, started_at, finished_at";

impl PgStore {
    /// [`Store::learner`] on a caller's connection or transaction. One
    /// statement: two instances meeting the same new student at once both
    /// get the one row.
    pub async fn learner_in(
        conn: &mut PgConnection,
        key: LearnerKey<'_>,
        display_name: Option<&str>,
    ) -> Result<Learner, StoreError> {
        let (local, telegram, column) = match key {
            LearnerKey::Local(name) => (Some(name), None, "local_name"),
            LearnerKey::Telegram(id) => (None, Some(id), "telegram_user_id"),
        };
        let sql = format!(
            "INSERT INTO learners (telegram_user_id, local_name, display_name, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT ({column}) DO UPDATE SET \
             display_name = COALESCE(EXCLUDED.display_name, learners.display_name) \
             RETURNING {LEARNER_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(telegram)
            .bind(local)
            .bind(display_name)
            .bind(now())
            .fetch_one(conn)
            .await?;
        learner_from(&row)
    }

    /// [`Store::start_attempt`] on a caller's connection or transaction.
    pub async fn start_attempt_in(
        conn: &mut PgConnection,
        learner: LearnerId,
        session: &Session,
        werkprocessen: &[String],
    ) -> Result<AttemptId, StoreError> {
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attempts (learner_id, dialogue_id, werkprocessen, seed, status, session, \
             started_at, updated_at) VALUES ($1, $2, $3, $4, 'in_progress', $5, $6, $6) \
             RETURNING id",
        )
        .bind(learner.0)
        .bind(&session.dialogue_id)
        .bind(Json(werkprocessen))
        // Bit for bit: BIGINT is signed.
        .bind(session.seed as i64)
        .bind(Json(session))
        .bind(at)
        .fetch_one(conn)
        .await?;
        Ok(AttemptId(id))
    }

    /// [`Store::save_turn`] inside a caller's transaction.
    pub async fn save_turn_in(
        conn: &mut PgConnection,
        attempt: AttemptId,
        session: &Session,
        turn: Option<&TurnRecord>,
        scorecard: Option<&Scorecard>,
    ) -> Result<(), StoreError> {
        let at = now();
        // The update locks the attempt's row until commit, so two saves of
        // one attempt cannot pick the same turn number.
        let updated =
            sqlx::query("UPDATE attempts SET session = $1, updated_at = $2 WHERE id = $3")
                .bind(Json(session))
                .bind(at)
                .bind(attempt.0)
                .execute(&mut *conn)
                .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NoSuchAttempt(attempt.0));
        }
        if let Some(turn) = turn {
            sqlx::query(
                "INSERT INTO turns (attempt_id, seq, step_id, text, behaviours, evidence, \
                 feedback, created_at) VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns \
                 WHERE attempt_id = $1), $2, $3, $4, $5, $6, $7)",
            )
            .bind(attempt.0)
            .bind(&turn.step)
            .bind(&turn.text)
            .bind(Json(&turn.detection.behaviours))
            .bind(Json(&turn.detection.evidence))
            .bind(Json(&turn.feedback))
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
        if let Some(card) = scorecard {
            finish(conn, attempt, session, card, at).await?;
        }
        Ok(())
    }

    /// Deletes a learner with all their attempts, turns, shifts and progress.
    pub async fn forget_learner_in(
        conn: &mut PgConnection,
        learner: LearnerId,
    ) -> Result<(), StoreError> {
        // Foreign keys cascade to attempts, turns, shifts and progress; the
        // transport's user row is the transport's to delete.
        sqlx::query("DELETE FROM learners WHERE id = $1")
            .bind(learner.0)
            .execute(conn)
            .await?;
        Ok(())
    }
}

async fn attempt(conn: &mut PgConnection, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
    let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = $1");
    sqlx::query(&sql)
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(attempt_from)
        .transpose()
}

async fn open_attempt(
    conn: &mut PgConnection,
    learner: LearnerId,
    dialogue_id: Option<&str>,
) -> Result<Option<Attempt>, StoreError> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE learner_id = $1 \
         AND status = 'in_progress' AND ($2::TEXT IS NULL OR dialogue_id = $2) \
         ORDER BY id DESC LIMIT 1"
    );
    sqlx::query(&sql)
        .bind(learner.0)
        .bind(dialogue_id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(attempt_from)
        .transpose()
}

async fn attempts(conn: &mut PgConnection, learner: LearnerId) -> Result<Vec<Attempt>, StoreError> {
    let sql =
        format!("SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE learner_id = $1 ORDER BY id DESC");
    sqlx::query(&sql)
        .bind(learner.0)
        .fetch_all(conn)
        .await?
        .iter()
        .map(attempt_from)
        .collect()
}

async fn turns(conn: &mut PgConnection, attempt: AttemptId) -> Result<Vec<StoredTurn>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, step_id, text, behaviours, evidence, feedback, created_at \
         FROM turns WHERE attempt_id = $1 ORDER BY seq",
    )
    .bind(attempt.0)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let Json(behaviours) = row.try_get("behaviours")?;
            let Json(evidence) = row.try_get("evidence")?;
            let Json(feedback) = row.try_get("feedback")?;
            Ok(StoredTurn {
                seq: count(row, "seq")?,
                step: row.try_get("step_id")?,
                text: row.try_get("text")?,
                detection: crate::matching::Detection {
                    behaviours,
                    evidence,
                },
                feedback,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

async fn progress(
    conn: &mut PgConnection,
    learner: LearnerId,
) -> Result<Vec<WerkprocesProgress>, StoreError> {
    // One statement per table; the two cannot disagree inside a unit, and
    // outside one a finish in between only shows on the next read.
    let rows = sqlx::query(
        "SELECT werkproces, attempts, best_score, last_score, updated_at FROM progress \
         WHERE learner_id = $1 ORDER BY werkproces",
    )
    .bind(learner.0)
    .fetch_all(&mut *conn)
    .await?;
    let criteria = sqlx::query(
        "SELECT werkproces, gedrag, label, assessed, met, last_status FROM criterion_progress \
         WHERE learner_id = $1 ORDER BY werkproces, position",
    )
    .bind(learner.0)
    .fetch_all(&mut *conn)
    .await?;
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
            let last: &str = c.try_get("last_status")?;
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
/// learner's progress. The update is guarded on `in_progress`, and
/// PostgreSQL re-checks that guard after waiting for a concurrent finisher's
/// row lock, so an attempt is counted once however many instances save it.
async fn finish(
    conn: &mut PgConnection,
    attempt: AttemptId,
    session: &Session,
    card: &Scorecard,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let status = AttemptStatus::at_end(session, card);
    let learner: Option<i64> = sqlx::query_scalar(
        "UPDATE attempts SET status = $1, score = $2, scorecard = $3, finished_at = $4 \
         WHERE id = $5 AND status = 'in_progress' RETURNING learner_id",
    )
    .bind(status.as_str())
    .bind(score_value(card.score))
    .bind(Json(card))
    .bind(at)
    .bind(attempt.0)
    .fetch_optional(&mut *conn)
    .await?;
    match learner {
        Some(learner) if status == AttemptStatus::Completed => {
            add_progress(conn, learner, card, at).await
        }
        _ => Ok(()),
    }
}

/// Adds a completed attempt's (or webcare shift's) scorecard to the
/// learner's progress per werkproces and per Gedrag line; upserts, so
/// concurrent finishes of one learner add up instead of colliding.
pub(super) async fn add_progress(
    conn: &mut PgConnection,
    learner: i64,
    card: &Scorecard,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let score = score_value(card.score);
    for code in &card.werkprocessen {
        sqlx::query(
            "INSERT INTO progress (learner_id, werkproces, attempts, best_score, last_score, \
             updated_at) VALUES ($1, $2, 1, $3, $3, $4) \
             ON CONFLICT (learner_id, werkproces) DO UPDATE SET \
             attempts = progress.attempts + 1, \
             best_score = GREATEST(progress.best_score, EXCLUDED.best_score), \
             last_score = EXCLUDED.last_score, updated_at = EXCLUDED.updated_at",
        )
        .bind(learner)
        .bind(code)
        .bind(score)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    for c in &card.criteria {
        let met = match c.status {
            CriterionStatus::Met => 1i64,
            CriterionStatus::NotMet => 0,
            CriterionStatus::NotAssessed => continue,
        };
        sqlx::query(
            "INSERT INTO criterion_progress (learner_id, werkproces, gedrag, label, assessed, \
             met, last_status, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7) \
             ON CONFLICT (learner_id, werkproces, gedrag) DO UPDATE SET \
             label = EXCLUDED.label, assessed = criterion_progress.assessed + 1, \
             met = criterion_progress.met + EXCLUDED.met, \
             last_status = EXCLUDED.last_status, updated_at = EXCLUDED.updated_at",
        )
        .bind(learner)
        .bind(&c.werkproces)
        .bind(c.gedrag.trim())
        .bind(&c.label)
        .bind(met)
        .bind(if met == 1 { "met" } else { "not_met" })
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
