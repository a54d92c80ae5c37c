//! Read-only queries behind the class reports (`/overzicht`, `gesprekscoach
//! report`): classes by name, the students of a class, their finished
//! attempts and webcare shifts with scorecards. Nothing here writes.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{AttemptId, LEARNER_NAME, LearnerId, StoreError};
use crate::engine::Scorecard;
use crate::webcare::ShiftReport;

/// A class as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassListing {
    pub id: i64,
    pub name: String,
    /// Students currently in the class.
    pub students: u32,
    /// Unix seconds.
    pub created_at: i64,
}

/// A student of a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    /// None only for a first contact that was interrupted (nothing practised).
    pub learner: Option<LearnerId>,
    /// The Telegram first name (the learner's display name when set).
    pub name: String,
}

/// Where a finished result comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    Dialogue,
    Webcare,
}

/// One completed attempt or webcare shift with its scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub learner: LearnerId,
    pub kind: ResultKind,
    /// The attempt's (or shift's) id.
    pub id: i64,
    /// Dialogue or webcare scenario id.
    pub exercise_id: String,
    pub score: u32,
    pub finished_at: DateTime<Utc>,
    pub scorecard: Scorecard,
}

const CLASS_LISTING: &str = "SELECT c.id, c.name, c.created_at, \
     (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id) AS students FROM classes c";

fn listing_from(row: &sqlx::sqlite::SqliteRow) -> Result<ClassListing, StoreError> {
    let students: i64 = row.try_get("students")?;
    Ok(ClassListing {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        students: u32::try_from(students).unwrap_or(u32::MAX),
        created_at: row.try_get("created_at")?,
    })
}

/// Every class, by name.
pub(super) async fn classes(conn: &mut SqliteConnection) -> Result<Vec<ClassListing>, StoreError> {
    let sql = format!("{CLASS_LISTING} ORDER BY c.name COLLATE NOCASE, c.id");
    sqlx::query(&sql)
        .fetch_all(conn)
        .await?
        .iter()
        .map(listing_from)
        .collect()
}

/// The classes with this name (case-insensitive; there may be several).
pub(super) async fn classes_named(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<Vec<ClassListing>, StoreError> {
    let sql = format!("{CLASS_LISTING} WHERE c.name = ? COLLATE NOCASE ORDER BY c.id");
    sqlx::query(&sql)
        .bind(name.trim())
        .fetch_all(conn)
        .await?
        .iter()
        .map(listing_from)
        .collect()
}

/// The class with this id.
pub(super) async fn class_listing(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<ClassListing>, StoreError> {
    let sql = format!("{CLASS_LISTING} WHERE c.id = ?");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(listing_from)
        .transpose()
}

/// The students of a class, by name.
pub(super) async fn members(
    conn: &mut SqliteConnection,
    class_id: i64,
) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT COALESCE(l.telegram_user_id, 0) AS user_id, m.learner_id, \
         {LEARNER_NAME} AS name \
         FROM class_members m JOIN learners l ON l.id = m.learner_id \
         WHERE m.class_id = ? ORDER BY name COLLATE NOCASE, user_id"
    ))
    .bind(class_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let learner: Option<i64> = r.try_get("learner_id")?;
            Ok(Member {
                user_id: r.try_get("user_id")?,
                learner: learner.map(LearnerId),
                name: r.try_get("name")?,
            })
        })
        .collect()
}

/// Completed attempts and webcare shifts of the class's students, oldest first.
pub(super) async fn finished(
    conn: &mut SqliteConnection,
    class_id: i64,
) -> Result<Vec<Finished>, StoreError> {
    let rows = sqlx::query(
        "SELECT a.learner_id, 'dialogue' AS kind, a.id, a.dialogue_id AS exercise, a.score, \
         a.finished_at, a.scorecard AS card FROM attempts a \
         JOIN class_members m ON m.learner_id = a.learner_id \
         WHERE m.class_id = ? AND a.status = 'completed' AND a.scorecard IS NOT NULL \
         UNION ALL \
         SELECT s.learner_id, 'webcare', s.id, s.scenario_id, s.score, s.finished_at, s.report \
         FROM shifts s JOIN class_members m ON m.learner_id = s.learner_id \
         WHERE m.class_id = ? AND s.status = 'completed' AND s.report IS NOT NULL \
         ORDER BY finished_at",
    )
    .bind(class_id)
    .bind(class_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let card: String = r.try_get("card")?;
            let score: Option<i64> = r.try_get("score")?;
            let (kind, scorecard) = if kind == "webcare" {
                let report: ShiftReport = serde_json::from_str(&card)?;
                (ResultKind::Webcare, report.scorecard)
            } else {
                (ResultKind::Dialogue, serde_json::from_str(&card)?)
            };
            Ok(Finished {
                learner: LearnerId(r.try_get("learner_id")?),
                kind,
                id: r.try_get("id")?,
                exercise_id: r.try_get("exercise")?,
                score: score.unwrap_or(0).clamp(0, 100) as u32,
                finished_at: r.try_get("finished_at")?,
                scorecard,
            })
        })
        .collect()
}

/// The dialogues ever assigned to a class, oldest first, each once.
pub(super) async fn assigned_dialogues(
    conn: &mut SqliteConnection,
    class_id: i64,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT dialogue_id FROM assignments WHERE class_id = ? \
         GROUP BY dialogue_id ORDER BY MIN(created_at), MIN(id)",
    )
    .bind(class_id)
    .fetch_all(conn)
    .await?)
}

/// The class of the student who made an attempt (None when the student is in
/// no class, or the attempt does not exist): teachers may only open attempts
/// of their own classes' students.
pub(super) async fn attempt_class(
    conn: &mut SqliteConnection,
    attempt: AttemptId,
) -> Result<Option<(i64, LearnerId)>, StoreError> {
    let row = sqlx::query(
        "SELECT m.class_id, a.learner_id FROM attempts a \
         JOIN class_members m ON m.learner_id = a.learner_id WHERE a.id = ?",
    )
    .bind(attempt.0)
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok((r.try_get("class_id")?, LearnerId(r.try_get("learner_id")?))))
        .transpose()
}
