//! Persistence for the Telegram front end: the update inbox (deduplication and
//! crash recovery), the outbox of messages still to send, Telegram users with
//! their running session, and classes joined by code.
//!
//! Crash-safety contract: an update is inserted into the inbox before its
//! offset is confirmed to Telegram; its effect (new session, messages to send,
//! `handled_at`) is committed in one transaction; messages leave the outbox
//! only after Telegram accepted them. So a redelivered update has no second
//! effect, and a crash at any point loses nothing (a message may at worst be
//! sent twice when the process dies between Telegram's answer and the delete).

use std::time::Duration;

use sqlx::{Row, SqliteConnection, SqliteExecutor, SqlitePool};

/// Errors of the Telegram persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum TelegramStoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

type Result<T> = std::result::Result<T, TelegramStoreError>;

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// An update waiting in the inbox.
#[derive(Debug, Clone)]
pub struct PendingUpdate {
    pub update_id: i64,
    pub chat_id: i64,
    pub payload: String,
}

/// Stores a batch of updates (inside the caller's transaction); returns those
/// that were new (the others were already received once and must not be
/// handled again).
pub async fn inbox_insert(
    conn: &mut SqliteConnection,
    updates: &[PendingUpdate],
) -> Result<Vec<i64>> {
    let mut fresh = Vec::with_capacity(updates.len());
    let at = now();
    for u in updates {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO tg_inbox (update_id, chat_id, payload, received_at) \
             VALUES (?, ?, ?, ?)",
        )
        .bind(u.update_id)
        .bind(u.chat_id)
        .bind(&u.payload)
        .bind(at)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 1 {
            fresh.push(u.update_id);
        }
    }
    Ok(fresh)
}

/// Updates received but not yet handled, oldest first.
pub async fn inbox_pending(pool: &SqlitePool) -> Result<Vec<PendingUpdate>> {
    let rows = sqlx::query(
        "SELECT update_id, chat_id, payload FROM tg_inbox \
         WHERE handled_at IS NULL ORDER BY update_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PendingUpdate {
            update_id: r.get(0),
            chat_id: r.get(1),
            payload: r.get(2),
        })
        .collect())
}

/// The highest update id ever received (to resume polling after it).
pub async fn inbox_max_update_id(pool: &SqlitePool) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT MAX(update_id) FROM tg_inbox")
        .fetch_one(pool)
        .await?)
}

/// Marks an update handled (inside the transaction that commits its effect).
pub async fn inbox_mark_handled(conn: &mut SqliteConnection, update_id: i64) -> Result<()> {
    sqlx::query("UPDATE tg_inbox SET handled_at = ? WHERE update_id = ?")
        .bind(now())
        .bind(update_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets handled updates older than `age`: Telegram never redelivers
/// updates that old, and update ids only grow.
pub async fn inbox_prune(pool: &SqlitePool, age: Duration) -> Result<u64> {
    let cutoff = now() - age.as_secs() as i64;
    let keep_max: Option<i64> = inbox_max_update_id(pool).await?;
    let done = sqlx::query(
        "DELETE FROM tg_inbox WHERE handled_at IS NOT NULL AND received_at < ? AND update_id < ?",
    )
    .bind(cutoff)
    .bind(keep_max.unwrap_or(0))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Queues a message (JSON) for a chat.
pub async fn outbox_push(conn: &mut SqliteConnection, chat_id: i64, message: &str) -> Result<()> {
    sqlx::query("INSERT INTO tg_outbox (chat_id, message, created_at) VALUES (?, ?, ?)")
        .bind(chat_id)
        .bind(message)
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

/// What a chat's flush needs, in one query: its queued answers in order
/// (outbox id, JSON) and whether the chat is inactive (blocked). Bulk
/// messages (pushes, reminders) are sent by their own queue.
pub async fn outbox_to_send(pool: &SqlitePool, chat_id: i64) -> Result<(Vec<(i64, String)>, bool)> {
    let rows = sqlx::query(
        "SELECT id, message, EXISTS (SELECT 1 FROM tg_users WHERE chat_id = ?1 \
         AND inactive_since IS NOT NULL) FROM tg_outbox WHERE chat_id = ?1 AND bulk = 0 \
         ORDER BY id",
    )
    .bind(chat_id)
    .fetch_all(pool)
    .await?;
    let inactive = rows.first().is_some_and(|r| r.get::<bool, _>(2));
    Ok((
        rows.into_iter().map(|r| (r.get(0), r.get(1))).collect(),
        inactive,
    ))
}

/// Chats with queued answers (after a crash).
pub async fn outbox_chats(pool: &SqlitePool) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar(
            "SELECT DISTINCT chat_id FROM tg_outbox WHERE bulk = 0 ORDER BY chat_id",
        )
        .fetch_all(pool)
        .await?,
    )
}

/// Removes messages that were sent (or can never be sent), in one write.
pub async fn outbox_delete(conn: impl SqliteExecutor<'_>, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!("DELETE FROM tg_outbox WHERE id IN ({marks})");
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.execute(conn).await?;
    Ok(())
}

/// Drops everything queued for a chat (the student blocked the bot).
pub async fn outbox_clear_chat(conn: impl SqliteExecutor<'_>, chat_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM tg_outbox WHERE chat_id = ?")
        .bind(chat_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A Telegram user as the bot knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct TgUser {
    pub user_id: i64,
    pub chat_id: i64,
    pub first_name: String,
    pub class_id: Option<i64>,
    pub forget_requested_at: Option<i64>,
    pub inactive_since: Option<i64>,
    pub created_at: i64,
    /// The store's learner (None only for rows of an interrupted first contact).
    pub learner_id: Option<i64>,
}

/// Loads a user, creating the row on first contact. A message from a user
/// who was marked inactive (blocked) shows they are back: the flag is cleared.
pub async fn user_touch(
    conn: &mut SqliteConnection,
    user_id: i64,
    chat_id: i64,
    first_name: &str,
    learner_id: i64,
) -> Result<TgUser> {
    sqlx::query(
        "INSERT INTO tg_users (user_id, chat_id, first_name, learner_id, created_at) \
         VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id, \
         first_name = excluded.first_name, learner_id = excluded.learner_id, \
         inactive_since = NULL",
    )
    .bind(user_id)
    .bind(chat_id)
    .bind(first_name)
    .bind(learner_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    user_get(conn, user_id)
        .await?
        .ok_or(TelegramStoreError::Db(sqlx::Error::RowNotFound))
}

/// The columns [`user_from_row`] reads, in its order.
const USER_COLUMNS: &str = "user_id, chat_id, first_name, class_id, forget_requested_at, \
     inactive_since, created_at, learner_id";

fn user_from_row(r: sqlx::sqlite::SqliteRow) -> TgUser {
    TgUser {
        user_id: r.get(0),
        chat_id: r.get(1),
        first_name: r.get(2),
        class_id: r.get(3),
        forget_requested_at: r.get(4),
        inactive_since: r.get(5),
        created_at: r.get(6),
        learner_id: r.get(7),
    }
}

/// Loads a user.
pub async fn user_get(conn: &mut SqliteConnection, user_id: i64) -> Result<Option<TgUser>> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM tg_users WHERE user_id = ?"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(user_from_row))
}

/// Records (or clears) a pending `/vergeetmij` confirmation.
pub async fn user_set_forget_requested(
    conn: &mut SqliteConnection,
    user_id: i64,
    at: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE tg_users SET forget_requested_at = ? WHERE user_id = ?")
        .bind(at)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks every user of a chat inactive (Telegram answered 403).
pub async fn chat_mark_inactive(conn: impl SqliteExecutor<'_>, chat_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE tg_users SET inactive_since = COALESCE(inactive_since, ?) WHERE chat_id = ?",
    )
    .bind(now())
    .bind(chat_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the inactive flag from a `my_chat_member` update (blocked / unblocked).
pub async fn user_set_inactive(
    conn: &mut SqliteConnection,
    user_id: i64,
    inactive: bool,
) -> Result<()> {
    sqlx::query("UPDATE tg_users SET inactive_since = ? WHERE user_id = ?")
        .bind(inactive.then(now))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the bot must not send to this chat (blocked).
pub async fn chat_is_inactive(pool: &SqlitePool, chat_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tg_users WHERE chat_id = ? AND inactive_since IS NOT NULL",
    )
    .bind(chat_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Deletes everything stored about a Telegram user (inbox rows of their chat
/// included, except the ids needed to keep ignoring redeliveries). Call it
/// after the forgetting update is marked handled, so that its row goes too.
pub async fn user_delete(conn: &mut SqliteConnection, user_id: i64, chat_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM tg_join_attempts WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    // A teacher who asks to be forgotten stops being one; their classes stay
    // (the students' work is theirs) until an admin hands them to someone.
    sqlx::query("DELETE FROM teachers WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM tg_users WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    // The update ids stay (a redelivery must still be recognised), nothing
    // else: not the chat, not what was written. Updates not yet handled came
    // after the forget and are the student's new start.
    sqlx::query(
        "UPDATE tg_inbox SET payload = '{}', chat_id = 0 \
         WHERE chat_id = ? AND handled_at IS NOT NULL",
    )
    .bind(chat_id)
    .execute(&mut *conn)
    .await?;
    // Pushes and reminders not yet sent; the confirmation is queued after this.
    outbox_clear_chat(&mut *conn, chat_id).await?;
    Ok(())
}

/// A class a student can join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub id: i64,
    pub name: String,
    pub join_code: String,
    /// Telegram user id of the owning teacher.
    pub teacher_id: Option<i64>,
}

/// Creates a class with a join code (used by tests now, by the teachers' tools later).
pub async fn class_create(pool: &SqlitePool, name: &str, join_code: &str) -> Result<Class> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO classes (name, join_code, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(join_code)
    .bind(now())
    .fetch_one(pool)
    .await?;
    Ok(Class {
        id,
        name: name.to_string(),
        join_code: join_code.to_string(),
        teacher_id: None,
    })
}

/// The columns [`class_from_row`] reads, in its order.
const CLASS_COLUMNS: &str = "id, name, join_code, teacher_id";

fn class_from_row(r: sqlx::sqlite::SqliteRow) -> Class {
    Class {
        id: r.get(0),
        name: r.get(1),
        join_code: r.get(2),
        teacher_id: r.get(3),
    }
}

/// The class with this join code (case-insensitive).
pub async fn class_by_code(conn: &mut SqliteConnection, code: &str) -> Result<Option<Class>> {
    let row = sqlx::query(&format!(
        "SELECT {CLASS_COLUMNS} FROM classes WHERE join_code = ?"
    ))
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(class_from_row))
}

/// The class with this id.
pub async fn class_by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<Class>> {
    let row = sqlx::query(&format!("SELECT {CLASS_COLUMNS} FROM classes WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(class_from_row))
}

/// Puts a user in a class.
pub async fn user_join_class(
    conn: &mut SqliteConnection,
    user_id: i64,
    class_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE tg_users SET class_id = ? WHERE user_id = ?")
        .bind(class_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a failed join attempt.
pub async fn join_attempt_fail(conn: &mut SqliteConnection, user_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO tg_join_attempts (user_id, at) VALUES (?, ?)")
        .bind(user_id)
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed join attempts of a user within the window.
pub async fn join_attempts_recent(
    conn: &mut SqliteConnection,
    user_id: i64,
    window: Duration,
) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM tg_join_attempts WHERE user_id = ? AND at > ?")
            .bind(user_id)
            .bind(now() - window.as_secs() as i64)
            .fetch_one(conn)
            .await?,
    )
}

/// Whether the user redeemed a teacher invite.
pub async fn teacher_exists(conn: &mut SqliteConnection, user_id: i64) -> Result<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM teachers WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(conn)
            .await?
            > 0,
    )
}

/// Stores a new one-time teacher invite.
pub async fn invite_create(
    conn: &mut SqliteConnection,
    code: &str,
    created_by: i64,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO teacher_invites (code, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(code)
    .bind(created_by)
    .bind(now())
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether an invite can still be used at `at`: it exists, is unused and
/// has not expired.
pub async fn invite_usable(conn: &mut SqliteConnection, code: &str, at: i64) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM teacher_invites WHERE code = ? AND used_by IS NULL AND expires_at > ?",
    )
    .bind(code)
    .bind(at)
    .fetch_one(conn)
    .await?
        > 0)
}

/// Uses up an invite and makes the user a teacher. Returns false (and
/// changes nothing) when the invite was used or expired in the meantime.
pub async fn invite_redeem(conn: &mut SqliteConnection, code: &str, user_id: i64) -> Result<bool> {
    let at = now();
    let row: Option<i64> = sqlx::query_scalar(
        "UPDATE teacher_invites SET used_by = ?, used_at = ? \
         WHERE code = ? AND used_by IS NULL AND expires_at > ? RETURNING created_by",
    )
    .bind(user_id)
    .bind(at)
    .bind(code)
    .bind(at)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(invited_by) = row else {
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO teachers (user_id, invited_by, created_at) VALUES (?, ?, ?) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(invited_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Creates a class owned by a teacher.
pub async fn class_create_for(
    conn: &mut SqliteConnection,
    name: &str,
    join_code: &str,
    teacher_id: i64,
) -> Result<Class> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO classes (name, join_code, teacher_id, created_at) VALUES (?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(name)
    .bind(join_code)
    .bind(teacher_id)
    .bind(now())
    .fetch_one(conn)
    .await?;
    Ok(Class {
        id,
        name: name.to_string(),
        join_code: join_code.to_string(),
        teacher_id: Some(teacher_id),
    })
}

/// A teacher's class by name (case-insensitive).
pub async fn class_of_teacher(
    conn: &mut SqliteConnection,
    teacher_id: i64,
    name: &str,
) -> Result<Option<Class>> {
    let row = sqlx::query(&format!(
        "SELECT {CLASS_COLUMNS} FROM classes WHERE teacher_id = ? AND name = ? COLLATE NOCASE"
    ))
    .bind(teacher_id)
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(class_from_row))
}

/// A teacher's classes by name, each with its number of students.
pub async fn classes_of_teacher(
    conn: &mut SqliteConnection,
    teacher_id: i64,
) -> Result<Vec<(Class, i64)>> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.join_code, c.teacher_id, \
                (SELECT COUNT(*) FROM tg_users u WHERE u.class_id = c.id) \
         FROM classes c WHERE c.teacher_id = ? ORDER BY c.name COLLATE NOCASE, c.id",
    )
    .bind(teacher_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let members: i64 = r.get(4);
            (class_from_row(r), members)
        })
        .collect())
}

/// The students of a class, by name.
pub async fn class_members(conn: &mut SqliteConnection, class_id: i64) -> Result<Vec<TgUser>> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM tg_users WHERE class_id = ? \
         ORDER BY first_name COLLATE NOCASE, user_id"
    ))
    .bind(class_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(user_from_row).collect())
}

pub async fn class_rename(conn: &mut SqliteConnection, class_id: i64, name: &str) -> Result<()> {
    sqlx::query("UPDATE classes SET name = ? WHERE id = ?")
        .bind(name)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the join code; the old one stops working at once.
pub async fn class_set_code(conn: &mut SqliteConnection, class_id: i64, code: &str) -> Result<()> {
    sqlx::query("UPDATE classes SET join_code = ? WHERE id = ?")
        .bind(code)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes a student out of a class (their own practice history stays theirs).
pub async fn class_remove_member(
    conn: &mut SqliteConnection,
    class_id: i64,
    user_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE tg_users SET class_id = NULL WHERE user_id = ? AND class_id = ?")
        .bind(user_id)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}
