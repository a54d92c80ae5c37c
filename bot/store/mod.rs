//! Persistence with sqlx: learners, attempts, every turn, and progress per
//! learner × werkproces (× Gedrag line). Front ends only use the [`Store`]
//! trait; [`open`] picks the implementation from `DATABASE_URL`. SQLite
//! ([`SqliteStore`]) is the embedded default; PostgreSQL ([`PgStore`]) runs
//! the same traits on a server, for a school that runs one.
//!
//! Durability: [`Store::save_turn`] writes the turn, the new engine session
//! and (when the session finished) the result and progress in one
//! transaction, so killing the program loses at most the reply being typed,
//! and an in-progress attempt can be resumed from its saved session.
//!
//! [`telegram`] holds the Telegram front end's own tables (inbox, outbox,
//! users, classes) on the same SQLite pool; [`assignments`] the teachers'
//! assignments, weekly plans and reminders; [`uploads`] the teachers'
//! uploaded dialogue files; [`web`] the web dashboard's login links and
//! sessions. [`writer`] is the single writer with group
//! commit the bot sends all its writes through.
//!
//! Migrations live in `migrations/` for SQLite and `migrations/postgres/`
//! for PostgreSQL (one SQL file per version, the same versions in both), are
//! compiled into the binary and run at start-up.

mod any;
pub mod assignments;
pub mod classes;
mod embedded;
mod postgres;
pub mod reports;
mod shifts;
mod sqlite;
mod sqlite_tables;
pub mod telegram;
pub mod traits;
pub mod uploads;
pub mod web;
pub mod writer;

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::engine::{Feedback, Scorecard, Session, TurnRecord};
use crate::matching::Detection;

pub use any::{AnyStore, ReadOnly};

/// A learner's name in SQL over `learners l`: the display name (on
/// Telegram the first name, written at each contact), else the local name.
/// Same text for both backends.
const LEARNER_NAME: &str = "COALESCE(NULLIF(TRIM(l.display_name), ''), l.local_name, '')";
pub use postgres::PgStore;
pub use shifts::{Shift, ShiftId, ShiftStore};
pub use sqlite::SqliteStore;
/// The store traits, to `use crate::store::prelude::*` where the store is called.
pub mod prelude {
    pub use super::traits::{
        AssignmentReads, AssignmentWrites, ClassReads, ClassWrites, Database, LearnerReads,
        LearnerWrites, Reads, ReportReads, ShiftReads, ShiftWrites, TransportReads,
        TransportWrites, Tx, UploadReads, UploadWrites, WebReads, WebWrites,
    };
}
pub use traits::{
    AssignmentId, AssignmentReads, AssignmentWrites, ClassId, ClassReads, ClassWrites, Database,
    FORGOTTEN_OWNER, LearnerReads, LearnerWrites, Reader, Reads, ReportReads, RunningShift,
    ShiftReads, ShiftWrites, StoreFuture, TransportReads, TransportWrites, Tx, UploadId,
    UploadReads, UploadWrites, WebReads, WebWrites,
};

/// Internal learner id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LearnerId(pub i64);

/// Internal attempt id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttemptId(pub i64);

/// How a front end identifies its learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnerKey<'a> {
    /// A terminal learner on this machine (`practice` uses [`LOCAL_LEARNER`]).
    Local(&'a str),
    /// A Telegram user id.
    Telegram(i64),
}

/// The name of the terminal's learner.
pub const LOCAL_LEARNER: &str = "local";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    pub id: LearnerId,
    pub telegram_user_id: Option<i64>,
    pub local_name: Option<String>,
    pub display_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    InProgress,
    Completed,
    Stopped,
}

impl AttemptStatus {
    /// How a finished attempt ends: stopped when the student stopped it
    /// (or the scorecard says so), completed otherwise. Both stores record
    /// it this way, and only a completed attempt counts for progress.
    pub(crate) fn at_end(session: &Session, card: &Scorecard) -> AttemptStatus {
        if session.stopped || card.stopped {
            AttemptStatus::Stopped
        } else {
            AttemptStatus::Completed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::InProgress => "in_progress",
            AttemptStatus::Completed => "completed",
            AttemptStatus::Stopped => "stopped",
        }
    }

    fn parse(s: &str) -> Result<AttemptStatus, StoreError> {
        match s {
            "in_progress" => Ok(AttemptStatus::InProgress),
            "completed" => Ok(AttemptStatus::Completed),
            "stopped" => Ok(AttemptStatus::Stopped),
            other => Err(StoreError::Corrupt(format!("attempt status '{other}'"))),
        }
    }
}

/// One attempt at a dialogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub id: AttemptId,
    pub learner: LearnerId,
    pub dialogue_id: String,
    pub werkprocessen: Vec<String>,
    pub seed: u64,
    pub status: AttemptStatus,
    pub score: Option<u32>,
    /// The engine session as last saved: resume from here.
    pub session: Session,
    pub scorecard: Option<Scorecard>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A saved reply.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTurn {
    /// 1-based position in the attempt.
    pub seq: u32,
    pub step: String,
    pub text: String,
    pub detection: Detection,
    pub feedback: Feedback,
    pub created_at: DateTime<Utc>,
}

/// A learner's progress on one werkproces (completed attempts only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WerkprocesProgress {
    pub werkproces: String,
    pub attempts: u32,
    pub best_score: u32,
    pub last_score: u32,
    pub updated_at: DateTime<Utc>,
    /// One per Gedrag line assessed in any completed attempt.
    pub criteria: Vec<CriterionProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionProgress {
    pub gedrag: String,
    pub label: String,
    /// Completed attempts in which it was assessed.
    pub assessed: u32,
    /// ... and in which it was met.
    pub met: u32,
    /// Whether it was met the last time it was assessed.
    pub last_met: bool,
}

/// Store failures. Details go to the log; front ends show a friendly text.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "unsupported DATABASE_URL '{0}' (use sqlite://path/to/file.db or postgres://user@host/database)"
    )]
    UnsupportedUrl(String),
    #[error("attempt {0} does not exist")]
    NoSuchAttempt(i64),
    #[error("unexpected stored value: {0}")]
    Corrupt(String),
    /// A stored number outside the range its column may hold (a count or a
    /// position below zero).
    #[error("unexpected stored value: {column} {value}")]
    OutOfRange {
        column: String,
        value: i64,
        #[source]
        source: std::num::TryFromIntError,
    },
}

/// A stored count or position as the `u32` the models use.
fn stored_u32(column: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|source| StoreError::OutOfRange {
        column: column.to_string(),
        value,
        source,
    })
}

/// Everything front ends persist. Implementations must be safe to share
/// between tasks; every method is one transaction.
pub trait Store: Send + Sync {
    /// Finds or creates the learner with this key; a given display name is
    /// stored (updated when it changed).
    fn learner(
        &self,
        key: LearnerKey<'_>,
        display_name: Option<&str>,
    ) -> impl Future<Output = Result<Learner, StoreError>> + Send;

    /// Records a new in-progress attempt for a freshly started session.
    fn start_attempt(
        &self,
        learner: LearnerId,
        session: &Session,
        werkprocessen: &[String],
    ) -> impl Future<Output = Result<AttemptId, StoreError>> + Send;

    /// Saves the state after one input, atomically: the turn (for a judged
    /// reply), the new session and, when `scorecard` is given, the final
    /// status (`stopped` or `completed` from the session), score and, for a
    /// completed attempt, the learner's progress. Finishing twice is a no-op.
    fn save_turn(
        &self,
        attempt: AttemptId,
        session: &Session,
        turn: Option<&TurnRecord>,
        scorecard: Option<&Scorecard>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn attempt(
        &self,
        id: AttemptId,
    ) -> impl Future<Output = Result<Option<Attempt>, StoreError>> + Send;

    /// The learner's newest in-progress attempt (of this dialogue, if given).
    fn open_attempt(
        &self,
        learner: LearnerId,
        dialogue_id: Option<&str>,
    ) -> impl Future<Output = Result<Option<Attempt>, StoreError>> + Send;

    /// All the learner's attempts, newest first.
    fn attempts(
        &self,
        learner: LearnerId,
    ) -> impl Future<Output = Result<Vec<Attempt>, StoreError>> + Send;

    /// The turns of an attempt, in order.
    fn turns(
        &self,
        attempt: AttemptId,
    ) -> impl Future<Output = Result<Vec<StoredTurn>, StoreError>> + Send;

    /// Progress per werkproces, by code.
    fn progress(
        &self,
        learner: LearnerId,
    ) -> impl Future<Output = Result<Vec<WerkprocesProgress>, StoreError>> + Send;
}

/// Opens the store named by a `DATABASE_URL`, creating the database and
/// running migrations: `sqlite:` (the default, a file) or `postgres://` /
/// `postgresql://` (a server).
pub async fn open(url: &str) -> Result<AnyStore, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(AnyStore::Sqlite(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(AnyStore::Postgres(PgStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_string()))
    }
}

#[cfg(test)]
pub(crate) mod tests;

/// A learner key that owns its name (a unit of the writer may run twice, so
/// it keeps what it needs).
#[derive(Debug, Clone)]
enum OwnedKey {
    Local(String),
    Telegram(i64),
}

impl OwnedKey {
    fn of(key: LearnerKey<'_>) -> OwnedKey {
        match key {
            LearnerKey::Local(name) => OwnedKey::Local(name.to_string()),
            LearnerKey::Telegram(id) => OwnedKey::Telegram(id),
        }
    }

    fn key(&self) -> LearnerKey<'_> {
        match self {
            OwnedKey::Local(name) => LearnerKey::Local(name),
            OwnedKey::Telegram(id) => LearnerKey::Telegram(*id),
        }
    }
}

/// Every [`Database`] is a [`Store`]: each method is one unit.
impl<D: Database> Store for D {
    async fn learner(
        &self,
        key: LearnerKey<'_>,
        display_name: Option<&str>,
    ) -> Result<Learner, StoreError> {
        let key = OwnedKey::of(key);
        let name = display_name.map(str::to_string);
        self.write(move |tx| {
            let (key, name) = (key.clone(), name.clone());
            Box::pin(async move { tx.learner(key.key(), name.as_deref()).await })
        })
        .await
    }

    async fn start_attempt(
        &self,
        learner: LearnerId,
        session: &Session,
        werkprocessen: &[String],
    ) -> Result<AttemptId, StoreError> {
        let (session, werkprocessen) = (session.clone(), werkprocessen.to_vec());
        self.write(move |tx| {
            let (session, werkprocessen) = (session.clone(), werkprocessen.clone());
            Box::pin(async move { tx.start_attempt(learner, &session, &werkprocessen).await })
        })
        .await
    }

    async fn save_turn(
        &self,
        attempt: AttemptId,
        session: &Session,
        turn: Option<&TurnRecord>,
        scorecard: Option<&Scorecard>,
    ) -> Result<(), StoreError> {
        let (session, turn, scorecard) = (session.clone(), turn.cloned(), scorecard.cloned());
        self.write(move |tx| {
            let (session, turn, scorecard) = (session.clone(), turn.clone(), scorecard.clone());
            Box::pin(async move {
                tx.save_turn(attempt, &session, turn.as_ref(), scorecard.as_ref())
                    .await
            })
        })
        .await
    }

    async fn attempt(&self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.read().await?.attempt(id).await
    }

    async fn open_attempt(
        &self,
        learner: LearnerId,
        dialogue_id: Option<&str>,
    ) -> Result<Option<Attempt>, StoreError> {
        self.read().await?.open_attempt(learner, dialogue_id).await
    }

    async fn attempts(&self, learner: LearnerId) -> Result<Vec<Attempt>, StoreError> {
        self.read().await?.attempts(learner).await
    }

    async fn turns(&self, attempt: AttemptId) -> Result<Vec<StoredTurn>, StoreError> {
        self.read().await?.turns(attempt).await
    }

    async fn progress(&self, learner: LearnerId) -> Result<Vec<WerkprocesProgress>, StoreError> {
        self.read().await?.progress(learner).await
    }
}

/// Puts each criterion (read in position order, with its werkproces code)
/// under its werkproces; both stores read the two progress tables the same
/// way and share this step.
pub(crate) fn group_progress(
    mut werkprocessen: Vec<WerkprocesProgress>,
    criteria: Vec<(String, CriterionProgress)>,
) -> Vec<WerkprocesProgress> {
    for (code, criterion) in criteria {
        if let Some(w) = werkprocessen.iter_mut().find(|w| w.werkproces == code) {
            w.criteria.push(criterion);
        }
    }
    werkprocessen
}
