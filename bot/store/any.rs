//! The database `DATABASE_URL` names, whichever it is: front ends take an
//! [`AnyStore`] and use it through [`Database`] (and so through `Store`
//! and `ShiftStore`, which every database has).

use futures::future::BoxFuture;

use super::{Database, PgStore, Reader, SqliteStore, StoreError, Tx};

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
        E: From<StoreError> + Send + 'static,
        F: for<'t> FnMut(&'t mut dyn Tx) -> BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        match self {
            AnyStore::Sqlite(store) => store.write(work).await,
            AnyStore::Postgres(store) => store.write(work).await,
        }
    }
}
