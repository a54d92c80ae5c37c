//! Migrations compiled into the binary, so it runs anywhere without the
//! `migrations/` folder beside it. Each database has its own list.

use std::borrow::Cow;

use futures::future::BoxFuture;
use sqlx::migrate::{Migration, MigrationSource, MigrationType};

/// `(version, name, sql)` of every migration, oldest first.
pub(super) type Migrations = &'static [(i64, &'static str, &'static str)];

#[derive(Debug)]
pub(super) struct Embedded(pub(super) Migrations);

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, sqlx::error::BoxDynError>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, name, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*name),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect())
        })
    }
}
