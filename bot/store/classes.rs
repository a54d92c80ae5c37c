//! Persistence for the school's classes on SQLite: classes with their join
//! codes and members, teachers and their invites, failed join attempts, and
//! forgetting a teacher. (The PostgreSQL store has the same statements in
//! `postgres/tables.rs`.)

use std::time::Duration;

use sqlx::{Row, SqliteConnection};

use super::StoreError;
use super::telegram::now;

type Result<T> = std::result::Result<T, StoreError>;

/// See [`super::ClassWrites::forget_teacher`] (the PostgreSQL store runs
/// the same statements).
pub(super) async fn teacher_forget(conn: &mut SqliteConnection, user: i64, now: i64) -> Result<()> {
    for sql in [
        "UPDATE classes SET teacher_id = NULL WHERE teacher_id = ?1",
        "UPDATE assignments SET created_by = NULL WHERE created_by = ?1",
        "UPDATE teachers SET invited_by = NULL WHERE invited_by = ?1",
        "DELETE FROM teachers WHERE user_id = ?1",
        "DELETE FROM teacher_invites WHERE used_by = ?1",
        "DELETE FROM web_login_links WHERE user_id = ?1",
        "DELETE FROM web_sessions WHERE user_id = ?1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE teacher_invites SET created_by = ?2 WHERE created_by = ?1")
        .bind(user)
        .bind(super::FORGOTTEN_OWNER)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE uploaded_dialogues SET status = 'removed', ended_at = ?2 \
         WHERE owner_id = ?1 AND status = 'current' AND scope = 'classes'",
    )
    .bind(user)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE uploaded_dialogues SET owner_id = ?2 WHERE owner_id = ?1")
        .bind(user)
        .bind(super::FORGOTTEN_OWNER)
        .execute(&mut *conn)
        .await?;
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
pub(super) async fn class_create(
    conn: &mut SqliteConnection,
    name: &str,
    join_code: &str,
) -> Result<Class> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO classes (name, join_code, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(join_code)
    .bind(now())
    .fetch_one(&mut *conn)
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
pub(super) async fn class_by_code(
    conn: &mut SqliteConnection,
    code: &str,
) -> Result<Option<Class>> {
    let row = sqlx::query(&format!(
        "SELECT {CLASS_COLUMNS} FROM classes WHERE join_code = ?"
    ))
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(class_from_row))
}

/// The class with this id.
pub(super) async fn class_by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<Class>> {
    let row = sqlx::query(&format!("SELECT {CLASS_COLUMNS} FROM classes WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(class_from_row))
}

/// Records a failed join attempt.
pub(super) async fn join_attempt_fail(conn: &mut SqliteConnection, user_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO join_attempts (user_id, at) VALUES (?, ?)")
        .bind(user_id)
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed join attempts of a user within the window.
pub(super) async fn join_attempts_recent(
    conn: &mut SqliteConnection,
    user_id: i64,
    window: Duration,
) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM join_attempts WHERE user_id = ? AND at > ?")
            .bind(user_id)
            .bind(now() - window.as_secs() as i64)
            .fetch_one(conn)
            .await?,
    )
}

/// Whether the user redeemed a teacher invite.
pub(super) async fn teacher_exists(conn: &mut SqliteConnection, user_id: i64) -> Result<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM teachers WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(conn)
            .await?
            > 0,
    )
}

/// Stores a new one-time teacher invite.
pub(super) async fn invite_create(
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
pub(super) async fn invite_usable(
    conn: &mut SqliteConnection,
    code: &str,
    at: i64,
) -> Result<bool> {
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
pub(super) async fn invite_redeem(
    conn: &mut SqliteConnection,
    code: &str,
    user_id: i64,
) -> Result<bool> {
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
pub(super) async fn class_create_for(
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
pub(super) async fn class_of_teacher(
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
pub(super) async fn classes_of_teacher(
    conn: &mut SqliteConnection,
    teacher_id: i64,
) -> Result<Vec<(Class, i64)>> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.join_code, c.teacher_id, \
                (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id) \
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

pub(super) async fn class_rename(
    conn: &mut SqliteConnection,
    class_id: i64,
    name: &str,
) -> Result<()> {
    sqlx::query("UPDATE classes SET name = ? WHERE id = ?")
        .bind(name)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the join code; the old one stops working at once.
pub(super) async fn class_set_code(
    conn: &mut SqliteConnection,
    class_id: i64,
    code: &str,
) -> Result<()> {
    sqlx::query("UPDATE classes SET join_code = ? WHERE id = ?")
        .bind(code)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts a learner in a class (leaving any other).
pub(super) async fn learner_join_class(
    conn: &mut SqliteConnection,
    learner: i64,
    class_id: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO class_members (learner_id, class_id, joined_at) VALUES (?, ?, ?) \
         ON CONFLICT (learner_id) DO UPDATE SET class_id = excluded.class_id, \
         joined_at = excluded.joined_at",
    )
    .bind(learner)
    .bind(class_id)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes a learner out of a class (their own practice history stays theirs).
pub(super) async fn class_remove_learner(
    conn: &mut SqliteConnection,
    class_id: i64,
    learner: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM class_members WHERE learner_id = ? AND class_id = ?")
        .bind(learner)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The class a learner is a member of.
pub(super) async fn class_of_learner(
    conn: &mut SqliteConnection,
    learner: i64,
) -> Result<Option<Class>> {
    let row = sqlx::query(
        "SELECT c.id, c.name, c.join_code, c.teacher_id FROM classes c \
         JOIN class_members m ON m.class_id = c.id WHERE m.learner_id = ?",
    )
    .bind(learner)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(class_from_row))
}
