//! The store `DATABASE_URL` names, whichever database that is: front ends
//! that only need the store traits take an [`AnyStore`].

use chrono::{DateTime, Utc};

use super::{
    Attempt, AttemptId, Learner, LearnerId, LearnerKey, PgStore, Shift, ShiftId, ShiftStore,
    SqliteStore, Store, StoreError, StoredTurn, WerkprocesProgress,
};
use crate::engine::{Scorecard, Session, TurnRecord};
use crate::webcare::{ShiftReport, ShiftSession};

/// A store on SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl AnyStore {
    /// The SQLite store, for the `command`s that still need its pool.
    pub fn sqlite(self, command: &'static str) -> Result<SqliteStore, StoreError> {
        match self {
            AnyStore::Sqlite(store) => Ok(store),
            AnyStore::Postgres(_) => Err(StoreError::NotOnPostgres(command)),
        }
    }
}

/// Calls the same method on whichever store it is.
macro_rules! each {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call.await,
            AnyStore::Postgres($store) => $call.await,
        }
    };
}

impl Store for AnyStore {
    async fn learner(
        &self,
        key: LearnerKey<'_>,
        display_name: Option<&str>,
    ) -> Result<Learner, StoreError> {
        each!(self, s => s.learner(key, display_name))
    }

    async fn start_attempt(
        &self,
        learner: LearnerId,
        session: &Session,
        werkprocessen: &[String],
    ) -> Result<AttemptId, StoreError> {
        each!(self, s => s.start_attempt(learner, session, werkprocessen))
    }

    async fn save_turn(
        &self,
        attempt: AttemptId,
        session: &Session,
        turn: Option<&TurnRecord>,
        scorecard: Option<&Scorecard>,
    ) -> Result<(), StoreError> {
        each!(self, s => s.save_turn(attempt, session, turn, scorecard))
    }

    async fn attempt(&self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        each!(self, s => s.attempt(id))
    }

    async fn open_attempt(
        &self,
        learner: LearnerId,
        dialogue_id: Option<&str>,
    ) -> Result<Option<Attempt>, StoreError> {
        each!(self, s => s.open_attempt(learner, dialogue_id))
    }

    async fn attempts(&self, learner: LearnerId) -> Result<Vec<Attempt>, StoreError> {
        each!(self, s => s.attempts(learner))
    }

    async fn turns(&self, attempt: AttemptId) -> Result<Vec<StoredTurn>, StoreError> {
        each!(self, s => s.turns(attempt))
    }

    async fn progress(&self, learner: LearnerId) -> Result<Vec<WerkprocesProgress>, StoreError> {
        each!(self, s => s.progress(learner))
    }
}

impl ShiftStore for AnyStore {
    async fn start_shift(
        &self,
        learner: LearnerId,
        session: &ShiftSession,
        started_at: DateTime<Utc>,
    ) -> Result<ShiftId, StoreError> {
        each!(self, s => s.start_shift(learner, session, started_at))
    }

    async fn save_shift(
        &self,
        id: ShiftId,
        session: &ShiftSession,
        report: Option<&ShiftReport>,
    ) -> Result<(), StoreError> {
        each!(self, s => s.save_shift(id, session, report))
    }

    async fn shift(&self, id: ShiftId) -> Result<Option<Shift>, StoreError> {
        each!(self, s => s.shift(id))
    }

    async fn open_shift(
        &self,
        learner: LearnerId,
        scenario_id: Option<&str>,
    ) -> Result<Option<Shift>, StoreError> {
        each!(self, s => s.open_shift(learner, scenario_id))
    }

    async fn shifts(&self, learner: LearnerId) -> Result<Vec<Shift>, StoreError> {
        each!(self, s => s.shifts(learner))
    }

    async fn finished_shifts(&self) -> Result<Vec<(String, Shift)>, StoreError> {
        each!(self, s => s.finished_shifts())
    }
}
