//! The web dashboard's tables on SQLite: one-time login links and sessions
//! (migration `0008_web.sql`), and their model. Both tables hold hashes of
//! the secrets only; the school domain (`school::login`) makes the secrets
//! and hashes them.

use sqlx::{Row, SqliteConnection};

use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// A web session that has not expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    /// Telegram user id of the teacher or admin who logged in.
    pub user_id: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
}

pub(super) async fn session(
    conn: &mut SqliteConnection,
    id_hash: &str,
    now: i64,
) -> Result<Option<WebSession>> {
    let row = sqlx::query(
        "SELECT user_id, created_at, expires_at FROM web_sessions
         WHERE id_hash = ? AND expires_at > ?",
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

pub(super) async fn links_since(conn: &mut SqliteConnection, user: i64, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM web_login_links WHERE user_id = ? AND created_at >= ?",
    )
    .bind(user)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?)
}

pub(super) async fn create_link(
    conn: &mut SqliteConnection,
    token_hash: &str,
    user: i64,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO web_login_links (token_hash, user_id, created_at, expires_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One conditional update: of two units redeeming the same link, only the
/// first changes the row (and SQLite has one writer anyway).
pub(super) async fn redeem_link(
    conn: &mut SqliteConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE web_login_links SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

pub(super) async fn create_session(
    conn: &mut SqliteConnection,
    id_hash: &str,
    user: i64,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO web_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(id_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn end_session(conn: &mut SqliteConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM web_sessions WHERE id_hash = ?")
        .bind(id_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(super) async fn prune(conn: &mut SqliteConnection, now: i64, links_before: i64) -> Result<u64> {
    let sessions = sqlx::query("DELETE FROM web_sessions WHERE expires_at <= ?")
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let links = sqlx::query("DELETE FROM web_login_links WHERE expires_at < ?")
        .bind(links_before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(sessions + links)
}
