//! Persistence of assignments, weekly plans and the bulk messages they send
//! (migration 0005).
//!
//! Exactly-once contract: a push or an automatic reminder writes its outbox
//! rows (`bulk = 1`) in the same transaction that records it (the new
//! assignment, the plan item's `assignment_id`, `reminded_at`); the
//! recording statements are conditional, so a second scheduler pass or a
//! restart finds the work done and queues nothing.
//!
//! An assignment counts as done for a student when they completed an
//! attempt at its dialogue that was started after it was given (an attempt
//! id above `attempt_mark`), so practising the same dialogue last month does
//! not count.

use sqlx::{Row, SqliteConnection};

use super::{LEARNER_NAME, LearnerId, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// A class member who has not done an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDone {
    pub learner: LearnerId,
    /// The learner's display name (on Telegram: the first name), else their
    /// local name.
    pub name: String,
}

/// An assignment of a dialogue to a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: i64,
    pub class_id: i64,
    pub dialogue_id: String,
    pub due_at: Option<i64>,
    pub created_at: i64,
    pub attempt_mark: i64,
}

const ASSIGNMENT_COLUMNS: &str = "id, class_id, dialogue_id, due_at, created_at, attempt_mark";

fn assignment_from_row(r: &sqlx::sqlite::SqliteRow) -> Assignment {
    Assignment {
        id: r.get(0),
        class_id: r.get(1),
        dialogue_id: r.get(2),
        due_at: r.get(3),
        created_at: r.get(4),
        attempt_mark: r.get(5),
    }
}

/// A new assignment (and nothing for a plan slot that already has one).
#[derive(Debug, Clone)]
pub struct NewAssignment<'a> {
    pub class_id: i64,
    pub dialogue_id: &'a str,
    pub due_at: i64,
    pub created_by: Option<i64>,
    pub plan_slot: Option<i64>,
    pub now: i64,
}

/// Records an assignment; `None` when its plan slot was pushed already.
pub(super) async fn create(
    conn: &mut SqliteConnection,
    a: &NewAssignment<'_>,
) -> Result<Option<Assignment>> {
    let row = sqlx::query(&format!(
        "INSERT OR IGNORE INTO assignments \
         (class_id, dialogue_id, due_at, created_at, created_by, plan_slot, attempt_mark) \
         VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM attempts)) \
         RETURNING {ASSIGNMENT_COLUMNS}"
    ))
    .bind(a.class_id)
    .bind(a.dialogue_id)
    .bind(a.due_at)
    .bind(a.now)
    .bind(a.created_by)
    .bind(a.plan_slot)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().map(assignment_from_row))
}

/// Who of a class gets a message: every member who has not blocked the bot
/// or, for a reminder, only those who have not done `pending`.
#[derive(Debug, Clone, Copy)]
pub enum Recipients<'a> {
    Everyone,
    NotDone(&'a Assignment),
}

/// The members (`m`, a `class_members` row) who have not done an assignment:
/// no completed attempt at its dialogue (`?`) above its attempt mark (`?`).
pub(super) const NOT_DONE: &str = "NOT EXISTS (SELECT 1 FROM attempts t WHERE t.learner_id = m.learner_id \
     AND t.dialogue_id = ? AND t.status = 'completed' AND t.id > ?)";

/// The class's members who have not done the assignment, by name: every
/// member, on whichever front end (who can be reached is the transport's
/// question).
pub(super) async fn not_done(conn: &mut SqliteConnection, a: &Assignment) -> Result<Vec<NotDone>> {
    let rows = sqlx::query(&format!(
        "SELECT m.learner_id, {LEARNER_NAME} AS name FROM class_members m \
         JOIN learners l ON l.id = m.learner_id \
         WHERE m.class_id = ? AND {NOT_DONE} ORDER BY name COLLATE NOCASE, m.learner_id"
    ))
    .bind(a.class_id)
    .bind(&a.dialogue_id)
    .bind(a.attempt_mark)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(NotDone {
                learner: LearnerId(r.try_get("learner_id")?),
                name: r.try_get("name")?,
            })
        })
        .collect()
}

/// The class's current assignment: the newest one still open at `now`,
/// else the newest one.
pub(super) async fn current(
    conn: &mut SqliteConnection,
    class_id: i64,
    now: i64,
) -> Result<Option<Assignment>> {
    let row = sqlx::query(&format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE class_id = ? \
         ORDER BY (due_at IS NULL OR due_at > ?) DESC, created_at DESC, id DESC LIMIT 1"
    ))
    .bind(class_id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().map(assignment_from_row))
}

/// One assignment as a student sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentAssignment {
    pub assignment: Assignment,
    /// When the student completed it (Unix seconds), if they did.
    pub done_at: Option<i64>,
}

/// The class's newest assignments with the student's completion, newest first.
pub(super) async fn for_student(
    conn: &mut SqliteConnection,
    class_id: i64,
    learner_id: i64,
    limit: i64,
) -> Result<Vec<StudentAssignment>> {
    let rows = sqlx::query(
        "SELECT a.id, a.class_id, a.dialogue_id, a.due_at, a.created_at, a.attempt_mark, \
         (SELECT MIN(CAST(strftime('%s', t.finished_at) AS INTEGER)) FROM attempts t \
          WHERE t.learner_id = ? AND t.dialogue_id = a.dialogue_id \
          AND t.status = 'completed' AND t.id > a.attempt_mark) \
         FROM assignments a WHERE a.class_id = ? \
         ORDER BY a.created_at DESC, a.id DESC LIMIT ?",
    )
    .bind(learner_id)
    .bind(class_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| StudentAssignment {
            assignment: assignment_from_row(r),
            done_at: r.get(6),
        })
        .collect())
}

/// Assignments whose automatic reminder is due at `now`: `before` seconds
/// or less before the deadline, not yet reminded, given before the reminder
/// time (an assignment given with a short deadline gets no reminder right
/// after its push).
pub(super) async fn reminders_due(
    conn: &mut SqliteConnection,
    now: i64,
    before: i64,
) -> Result<Vec<Assignment>> {
    let rows = sqlx::query(&format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE reminded_at IS NULL \
         AND due_at IS NOT NULL AND due_at > ? AND due_at - ? <= ? AND created_at < due_at - ? \
         ORDER BY due_at, id"
    ))
    .bind(now)
    .bind(before)
    .bind(now)
    .bind(before)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(assignment_from_row).collect())
}

/// Claims an assignment's automatic reminder; false if it was claimed already.
pub(super) async fn claim_reminder(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<bool> {
    let done =
        sqlx::query("UPDATE assignments SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A class's weekly plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub class_id: i64,
    /// 1 = Monday ... 7 = Sunday.
    pub weekday: i64,
    /// Local minutes after midnight.
    pub minute: i64,
    pub paused: bool,
    pub anchor_at: i64,
    pub items: Vec<PlanItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub position: i64,
    pub dialogue_id: String,
    pub pushed_at: Option<i64>,
}

impl Plan {
    /// The first item not pushed yet.
    pub fn next_item(&self) -> Option<&PlanItem> {
        self.items.iter().find(|i| i.pushed_at.is_none())
    }
}

async fn plan_items(conn: &mut SqliteConnection, class_id: i64) -> Result<Vec<PlanItem>> {
    let rows = sqlx::query(
        "SELECT position, dialogue_id, pushed_at FROM plan_items WHERE class_id = ? ORDER BY position",
    )
    .bind(class_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| PlanItem {
            position: r.get(0),
            dialogue_id: r.get(1),
            pushed_at: r.get(2),
        })
        .collect())
}

/// The class's plan, if it has one.
pub(super) async fn plan(conn: &mut SqliteConnection, class_id: i64) -> Result<Option<Plan>> {
    let row = sqlx::query(
        "SELECT class_id, weekday, minute, paused, anchor_at FROM plans WHERE class_id = ?",
    )
    .bind(class_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let items = plan_items(conn, class_id).await?;
    Ok(Some(Plan {
        class_id: r.get(0),
        weekday: r.get(1),
        minute: r.get(2),
        paused: r.get::<i64, _>(3) != 0,
        anchor_at: r.get(4),
        items,
    }))
}

/// Classes with a running plan that still has something to push.
pub(super) async fn active_plan_classes(conn: &mut SqliteConnection) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT p.class_id FROM plans p WHERE p.paused = 0 AND EXISTS \
         (SELECT 1 FROM plan_items i WHERE i.class_id = p.class_id AND i.pushed_at IS NULL) \
         ORDER BY p.class_id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Saves a plan's settings and its upcoming items (items already pushed stay
/// as they are). Callers pass the upcoming list computed on the state read
/// in the same transaction.
pub(super) async fn plan_save(conn: &mut SqliteConnection, plan: &Plan, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO plans (class_id, weekday, minute, paused, anchor_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (class_id) DO UPDATE SET \
         weekday = excluded.weekday, minute = excluded.minute, paused = excluded.paused, \
         anchor_at = excluded.anchor_at, updated_at = excluded.updated_at",
    )
    .bind(plan.class_id)
    .bind(plan.weekday)
    .bind(plan.minute)
    .bind(i64::from(plan.paused))
    .bind(plan.anchor_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM plan_items WHERE class_id = ? AND pushed_at IS NULL")
        .bind(plan.class_id)
        .execute(&mut *conn)
        .await?;
    let mut position: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) FROM plan_items WHERE class_id = ?")
            .bind(plan.class_id)
            .fetch_one(&mut *conn)
            .await?;
    for item in plan.items.iter().filter(|i| i.pushed_at.is_none()) {
        position += 1;
        sqlx::query("INSERT INTO plan_items (class_id, position, dialogue_id) VALUES (?, ?, ?)")
            .bind(plan.class_id)
            .bind(position)
            .bind(&item.dialogue_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Claims a plan item for a push; false if it was pushed already (or is gone).
pub(super) async fn claim_plan_item(
    conn: &mut SqliteConnection,
    class_id: i64,
    position: i64,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE plan_items SET pushed_at = ? WHERE class_id = ? AND position = ? AND pushed_at IS NULL",
    )
    .bind(now)
    .bind(class_id)
    .bind(position)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE plans SET anchor_at = ? WHERE class_id = ?")
        .bind(now)
        .bind(class_id)
        .execute(conn)
        .await?;
    Ok(true)
}

/// Links a pushed plan item to its assignment.
pub(super) async fn link_plan_item(
    conn: &mut SqliteConnection,
    class_id: i64,
    position: i64,
    assignment_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE plan_items SET assignment_id = ? WHERE class_id = ? AND position = ?")
        .bind(assignment_id)
        .bind(class_id)
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}
