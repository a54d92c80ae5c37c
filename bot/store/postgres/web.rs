//! The web dashboard's tables on PostgreSQL (`migrations/postgres/0008_web.sql`):
//! the SQLite queries of `store/web.rs` with `$n` parameters. Redeeming a
//! link is one conditional `UPDATE`, which takes the row lock, so two
//! instances redeeming the same link at once use it once.

use sqlx::Row;
use sqlx::postgres::PgConnection;

use crate::store::StoreError;
use crate::store::traits::{StoreFuture, WebReads, WebWrites};
use crate::store::web::WebSession;

type Result<T> = std::result::Result<T, StoreError>;

async fn session(conn: &mut PgConnection, id_hash: &str, now: i64) -> Result<Option<WebSession>> {
    let row = sqlx::query(
        "SELECT user_id, created_at, expires_at FROM web_sessions
         WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| WebSession {
        user_id: r.get(0),
        created_at: r.get(1),
        expires_at: r.get(2),
    }))
}

async fn links_since(conn: &mut PgConnection, user: i64, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM web_login_links WHERE user_id = $1 AND created_at >= $2",
    )
    .bind(user)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?)
}

async fn create_link(
    conn: &mut PgConnection,
    token_hash: &str,
    user: i64,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO web_login_links (token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn redeem_link(conn: &mut PgConnection, token_hash: &str, now: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE web_login_links SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn create_session(
    conn: &mut PgConnection,
    id_hash: &str,
    user: i64,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO web_sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn end_session(conn: &mut PgConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn prune(conn: &mut PgConnection, now: i64, links_before: i64) -> Result<u64> {
    let sessions = sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let links = sqlx::query("DELETE FROM web_login_links WHERE expires_at < $1")
        .bind(links_before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(sessions + links)
}

impl WebReads for PgConnection {
    fn web_session<'a>(
        &'a mut self,
        id_hash: &'a str,
        now: i64,
    ) -> StoreFuture<'a, Option<WebSession>> {
        Box::pin(session(self, id_hash, now))
    }
    fn login_links_since(&mut self, user: i64, since: i64) -> StoreFuture<'_, i64> {
        Box::pin(links_since(self, user, since))
    }
}

impl WebWrites for PgConnection {
    fn create_login_link<'a>(
        &'a mut self,
        token_hash: &'a str,
        user: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(create_link(self, token_hash, user, now, expires_at))
    }
    fn redeem_login_link<'a>(
        &'a mut self,
        token_hash: &'a str,
        now: i64,
    ) -> StoreFuture<'a, Option<i64>> {
        Box::pin(redeem_link(self, token_hash, now))
    }
    fn create_web_session<'a>(
        &'a mut self,
        id_hash: &'a str,
        user: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(create_session(self, id_hash, user, now, expires_at))
    }
    fn end_web_session<'a>(&'a mut self, id_hash: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(end_session(self, id_hash))
    }
    fn prune_web(&mut self, now: i64, links_before: i64) -> StoreFuture<'_, u64> {
        Box::pin(prune(self, now, links_before))
    }
}
