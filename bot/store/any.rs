//! The database `DATABASE_URL` names, whichever it is: front ends take an
//! [`AnyStore`] and use it through [`Database`] (and so through `Store`
//! and `ShiftStore`, which every database has).

use futures::future::BoxFuture;

use super::{
    Attempt, AttemptId, Database, LearnerId, PgStore, Reader, Shift, SqliteStore, StoreError,
    StoredTurn, Tx, WerkprocesProgress,
};

/// A store on SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Database for AnyStore {
    async fn read(&self) -> Result<Reader, StoreError> {
        match self {
            AnyStore::Sqlite(store) => store.read().await,
            AnyStore::Postgres(store) => store.read().await,
        }
    }

    async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + std::error::Error + Send + 'static,
        F: for<'t> FnMut(&'t mut dyn Tx) -> BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        match self {
            AnyStore::Sqlite(store) => store.write(work).await,
            AnyStore::Postgres(store) => store.write(work).await,
        }
    }
}

/// A store that can only be read: no `write`, and its connections answer
/// only [`Reads`](super::Reads). What a decision gets, so that deciding
/// cannot change anything; the writes it decides go to one unit of the
/// store it was made from.
#[derive(Debug, Clone)]
pub struct ReadOnly(AnyStore);

impl ReadOnly {
    pub fn new(store: AnyStore) -> ReadOnly {
        ReadOnly(store)
    }

    /// A connection for queries.
    pub async fn read(&self) -> Result<Reader, StoreError> {
        self.0.read().await
    }

    pub async fn attempt(&self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.read().await?.attempt(id).await
    }

    /// The learner's newest in-progress attempt (of this dialogue, if given).
    pub async fn open_attempt(
        &self,
        learner: LearnerId,
        dialogue_id: Option<&str>,
    ) -> Result<Option<Attempt>, StoreError> {
        self.read().await?.open_attempt(learner, dialogue_id).await
    }

    /// All the learner's attempts, newest first.
    pub async fn attempts(&self, learner: LearnerId) -> Result<Vec<Attempt>, StoreError> {
        self.read().await?.attempts(learner).await
    }

    pub async fn turns(&self, attempt: AttemptId) -> Result<Vec<StoredTurn>, StoreError> {
        self.read().await?.turns(attempt).await
    }

    pub async fn progress(
        &self,
        learner: LearnerId,
    ) -> Result<Vec<WerkprocesProgress>, StoreError> {
        self.read().await?.progress(learner).await
    }

    /// The learner's newest open shift (of this scenario, if given).
    pub async fn open_shift(
        &self,
        learner: LearnerId,
        scenario_id: Option<&str>,
    ) -> Result<Option<Shift>, StoreError> {
        self.read().await?.open_shift(learner, scenario_id).await
    }

    /// All the learner's shifts, newest first.
    pub async fn shifts(&self, learner: LearnerId) -> Result<Vec<Shift>, StoreError> {
        self.read().await?.shifts(learner).await
    }
}
