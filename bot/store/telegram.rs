//! Persistence for the Telegram front end: the update inbox (deduplication and
//! crash recovery), the outbox of messages still to send, Telegram users with
//! their running session. (The school's classes are in [`super::classes`].)
//!
//! Crash-safety contract: an update is inserted into the inbox before its
//! offset is confirmed to Telegram; its effect (new session, messages to send,
//! `handled_at`) is committed in one transaction; messages leave the outbox
//! only after Telegram accepted them. So a redelivered update has no second
//! effect, and a crash at any point loses nothing (a message may at worst be
//! sent twice when the process dies between Telegram's answer and the delete).

use std::time::Duration;

use sqlx::{Row, SqliteConnection};

use super::StoreError;
use super::assignments::{NOT_DONE, Recipients};

type Result<T> = std::result::Result<T, StoreError>;

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
pub(super) async fn inbox_insert(
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
pub(super) async fn inbox_pending(conn: &mut SqliteConnection) -> Result<Vec<PendingUpdate>> {
    let rows = sqlx::query(
        "SELECT update_id, chat_id, payload FROM tg_inbox \
         WHERE handled_at IS NULL ORDER BY update_id",
    )
    .fetch_all(&mut *conn)
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
pub(super) async fn inbox_max_update_id(conn: &mut SqliteConnection) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT MAX(update_id) FROM tg_inbox")
        .fetch_one(&mut *conn)
        .await?)
}

/// Marks an update handled (inside the transaction that commits its effect).
pub(super) async fn inbox_mark_handled(conn: &mut SqliteConnection, update_id: i64) -> Result<()> {
    sqlx::query("UPDATE tg_inbox SET handled_at = ? WHERE update_id = ?")
        .bind(now())
        .bind(update_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets handled updates older than `age`: Telegram never redelivers
/// updates that old, and update ids only grow.
pub(super) async fn inbox_prune(conn: &mut SqliteConnection, age: Duration) -> Result<u64> {
    let cutoff = now() - age.as_secs() as i64;
    let keep_max: Option<i64> = inbox_max_update_id(&mut *conn).await?;
    let done = sqlx::query(
        "DELETE FROM tg_inbox WHERE handled_at IS NOT NULL AND received_at < ? AND update_id < ?",
    )
    .bind(cutoff)
    .bind(keep_max.unwrap_or(0))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Queues a message (JSON) for a chat.
pub(super) async fn outbox_push(
    conn: &mut SqliteConnection,
    chat_id: i64,
    message: &str,
) -> Result<()> {
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
pub(super) async fn outbox_to_send(
    conn: &mut SqliteConnection,
    chat_id: i64,
) -> Result<(Vec<(i64, String)>, bool)> {
    let rows = sqlx::query(
        "SELECT id, message, EXISTS (SELECT 1 FROM tg_users WHERE chat_id = ?1 \
         AND inactive_since IS NOT NULL) FROM tg_outbox WHERE chat_id = ?1 AND bulk = 0 \
         ORDER BY id",
    )
    .bind(chat_id)
    .fetch_all(&mut *conn)
    .await?;
    let inactive = rows.first().is_some_and(|r| r.get::<bool, _>(2));
    Ok((
        rows.into_iter().map(|r| (r.get(0), r.get(1))).collect(),
        inactive,
    ))
}

/// Chats with queued answers (after a crash).
pub(super) async fn outbox_chats(conn: &mut SqliteConnection) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar(
            "SELECT DISTINCT chat_id FROM tg_outbox WHERE bulk = 0 ORDER BY chat_id",
        )
        .fetch_all(&mut *conn)
        .await?,
    )
}

/// Removes messages that were sent (or can never be sent), in one write.
pub(super) async fn outbox_delete(conn: &mut SqliteConnection, ids: &[i64]) -> Result<()> {
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
pub(super) async fn outbox_clear_chat(conn: &mut SqliteConnection, chat_id: i64) -> Result<()> {
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
pub(super) async fn user_touch(
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
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
}

/// The columns [`user_from_row`] reads, in its order.
/// `class_id` comes from the school's `class_members` (the column of
/// `tg_users` is no longer used since migration 0007).
const USER_COLUMNS: &str = "user_id, chat_id, first_name, \
     (SELECT m.class_id FROM class_members m WHERE m.learner_id = tg_users.learner_id), \
     forget_requested_at, \
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
pub(super) async fn user_get(conn: &mut SqliteConnection, user_id: i64) -> Result<Option<TgUser>> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM tg_users WHERE user_id = ?"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(user_from_row))
}

/// Records (or clears) a pending `/vergeetmij` confirmation.
pub(super) async fn user_set_forget_requested(
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
pub(super) async fn chat_mark_inactive(conn: &mut SqliteConnection, chat_id: i64) -> Result<()> {
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
pub(super) async fn user_set_inactive(
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
pub(super) async fn chat_is_inactive(conn: &mut SqliteConnection, chat_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tg_users WHERE chat_id = ? AND inactive_since IS NOT NULL",
    )
    .bind(chat_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Deletes everything stored about a Telegram user (inbox rows of their chat
/// included, except the ids needed to keep ignoring redeliveries). Call it
/// after the forgetting update is marked handled, so that its row goes too.
pub(super) async fn user_delete(
    conn: &mut SqliteConnection,
    user_id: i64,
    chat_id: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM join_attempts WHERE user_id = ?")
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

/// The students of a class who are on Telegram, by name.
pub(super) async fn class_users(conn: &mut SqliteConnection, class_id: i64) -> Result<Vec<TgUser>> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM tg_users \
         WHERE learner_id IN (SELECT learner_id FROM class_members WHERE class_id = ?) \
         ORDER BY first_name COLLATE NOCASE, user_id"
    ))
    .bind(class_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(user_from_row).collect())
}

/// Running webcare shifts of learners on Telegram, with their chat.
pub(super) async fn running_shifts(
    conn: &mut SqliteConnection,
) -> Result<Vec<super::RunningShift>> {
    let rows = sqlx::query(
        "SELECT s.id, s.scenario_id, s.session, s.started_at, u.chat_id FROM shifts s \
         JOIN tg_users u ON u.learner_id = s.learner_id WHERE s.status = 'in_progress'",
    )
    .fetch_all(conn)
    .await?;
    let mut running = Vec::with_capacity(rows.len());
    for row in rows {
        let session: String = row.try_get("session")?;
        // A session this version cannot read is skipped, not fatal: the
        // other students' shifts go on.
        let Ok(session) = serde_json::from_str(&session) else {
            continue;
        };
        running.push(super::RunningShift {
            shift: super::ShiftId(row.try_get("id")?),
            scenario_id: row.try_get("scenario_id")?,
            session,
            started_at: row.try_get("started_at")?,
            chat_id: row.try_get("chat_id")?,
        });
    }
    Ok(running)
}

/// Queues one bulk message (the transport writing its outbox from the
/// school's class members, in the caller's unit) (JSON) for the class's recipients; returns how
/// many were queued. One statement, so a class of a thousand costs one write.
pub(super) async fn queue_for_class(
    conn: &mut SqliteConnection,
    class_id: i64,
    recipients: Recipients<'_>,
    message: &str,
    now: i64,
) -> Result<u64> {
    let filter = match recipients {
        Recipients::Everyone => "1".to_string(),
        Recipients::NotDone(_) => NOT_DONE.to_string(),
    };
    let sql = format!(
        "INSERT INTO tg_outbox (chat_id, message, created_at, bulk) \
         SELECT u.chat_id, ?, ?, 1 FROM class_members m \
         JOIN tg_users u ON u.learner_id = m.learner_id \
         WHERE m.class_id = ? AND u.inactive_since IS NULL AND {filter} ORDER BY u.user_id"
    );
    let mut q = sqlx::query(&sql).bind(message).bind(now).bind(class_id);
    if let Recipients::NotDone(a) = recipients {
        q = q.bind(&a.dialogue_id).bind(a.attempt_mark);
    }
    Ok(q.execute(conn).await?.rows_affected())
}

/// Bulk messages still to send, oldest first: (outbox id, chat, JSON).
pub(super) async fn bulk_next(
    conn: &mut SqliteConnection,
    limit: i64,
) -> Result<Vec<(i64, i64, String)>> {
    let rows = sqlx::query(
        "SELECT id, chat_id, message FROM tg_outbox WHERE bulk = 1 ORDER BY id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}
