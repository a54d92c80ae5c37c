//! The store traits (`traits.rs`) on one PostgreSQL connection, and
//! [`Database`] for [`PgStore`]: a pooled connection answers the `…Reads`
//! traits, a transaction the whole [`Tx`].
//!
//! The SQL follows the SQLite queries (`telegram.rs`, `assignments.rs`,
//! `uploads.rs`, `reports.rs`) in PostgreSQL's dialect: `$n` parameters,
//! `ON CONFLICT DO NOTHING` for `INSERT OR IGNORE`, `lower()` for
//! `COLLATE NOCASE`, BOOLEAN for 0/1 flags, `= ANY($1)` for lists.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::types::Json;
use sqlx::{Postgres, Row};

use super::{PgStore, attempt, attempts, open_attempt, progress, turns};
use crate::engine::{Scorecard, Session, TurnRecord};
use crate::store::assignments::{
    Assignment, NewAssignment, NotDone, Plan, PlanItem, Recipients, StudentAssignment,
};
use crate::store::classes::Class;
use crate::store::reports::{ClassListing, Finished, Member, ResultKind};
use crate::store::telegram::{PendingUpdate, TgUser};
use crate::store::traits::*;
use crate::store::uploads::{NewUpload, StoredUpload, UploadKind};
use crate::store::{
    Attempt, AttemptId, LEARNER_NAME, Learner, LearnerId, LearnerKey, Shift, ShiftId, StoreError,
    StoredTurn, WerkprocesProgress,
};
use crate::webcare::{ShiftReport, ShiftSession};

type Result<T> = std::result::Result<T, StoreError>;

/// Unix seconds, as the Telegram tables keep them.
fn unix_now() -> i64 {
    Utc::now().timestamp()
}

impl ReadConnection for PoolConnection<Postgres> {
    fn reads(&self) -> &(dyn Reads + 'static) {
        &**self
    }
    fn reads_mut(&mut self) -> &mut (dyn Reads + 'static) {
        &mut **self
    }
}

impl Database for PgStore {
    async fn read(&self) -> Result<Reader> {
        Ok(Reader::new(self.pool().acquire().await?))
    }

    /// One ordinary transaction per unit (no single writer: other
    /// processes may write to the same database at the same time). The
    /// unit's own statements make it safe against them: conditional
    /// updates, upserts and the row locks they take. When PostgreSQL aborts
    /// the transaction to break a deadlock or a serialization conflict with
    /// another writer (SQLSTATE 40P01, 40001), nothing of it was written and
    /// the unit runs again, up to [`WRITE_ATTEMPTS`] times in all (the
    /// trait allows a unit to run more than once).
    async fn write<T, E, F>(&self, work: F) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + std::error::Error + Send + 'static,
        F: for<'t> FnMut(&'t mut dyn Tx) -> BoxFuture<'t, std::result::Result<T, E>>
            + Send
            + 'static,
    {
        let mut work = work;
        let mut attempt = 1;
        loop {
            let result = async {
                let mut tx = self.pool().begin().await.map_err(StoreError::from)?;
                // On an error the transaction is rolled back when dropped.
                let value = work(&mut *tx).await?;
                tx.commit().await.map_err(StoreError::from)?;
                Ok(value)
            }
            .await;
            match result {
                Err(e) if attempt < WRITE_ATTEMPTS && conflict(&e) => {
                    tracing::info!(attempt, error = %e, "write unit conflicted; running it again");
                    // A short, growing pause lets the other writer finish.
                    tokio::time::sleep(Duration::from_millis(10 << attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

/// How often a write unit runs at most when it keeps conflicting.
pub(crate) const WRITE_ATTEMPTS: u32 = 5;

/// Whether PostgreSQL aborted the transaction because of another writer
/// (deadlock 40P01, serialization failure 40001), anywhere in the error's
/// chain of sources: then running the unit again can succeed.
fn conflict(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        let sqlx_error =
            e.downcast_ref::<sqlx::Error>()
                .or_else(|| match e.downcast_ref::<StoreError>() {
                    Some(StoreError::Database(inner)) => Some(inner),
                    _ => None,
                });
        if let Some(sqlx::Error::Database(db)) = sqlx_error
            && matches!(db.code().as_deref(), Some("40001" | "40P01"))
        {
            return true;
        }
        current = e.source();
    }
    false
}

impl LearnerReads for PgConnection {
    fn attempt(&mut self, id: AttemptId) -> StoreFuture<'_, Option<Attempt>> {
        Box::pin(attempt(self, id))
    }
    fn open_attempt<'a>(
        &'a mut self,
        learner: LearnerId,
        dialogue_id: Option<&'a str>,
    ) -> StoreFuture<'a, Option<Attempt>> {
        Box::pin(open_attempt(self, learner, dialogue_id))
    }
    fn attempts(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<Attempt>> {
        Box::pin(attempts(self, learner))
    }
    fn turns(&mut self, attempt: AttemptId) -> StoreFuture<'_, Vec<StoredTurn>> {
        Box::pin(turns(self, attempt))
    }
    fn progress(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<WerkprocesProgress>> {
        Box::pin(progress(self, learner))
    }
}

impl LearnerWrites for PgConnection {
    fn learner<'a>(
        &'a mut self,
        key: LearnerKey<'a>,
        display_name: Option<&'a str>,
    ) -> StoreFuture<'a, Learner> {
        Box::pin(PgStore::learner_in(self, key, display_name))
    }
    fn start_attempt<'a>(
        &'a mut self,
        learner: LearnerId,
        session: &'a Session,
        werkprocessen: &'a [String],
    ) -> StoreFuture<'a, AttemptId> {
        Box::pin(PgStore::start_attempt_in(
            self,
            learner,
            session,
            werkprocessen,
        ))
    }
    fn save_turn<'a>(
        &'a mut self,
        attempt: AttemptId,
        session: &'a Session,
        turn: Option<&'a TurnRecord>,
        scorecard: Option<&'a Scorecard>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(PgStore::save_turn_in(
            self, attempt, session, turn, scorecard,
        ))
    }
    fn forget_learner(&mut self, learner: LearnerId) -> StoreFuture<'_, ()> {
        Box::pin(PgStore::forget_learner_in(self, learner))
    }
}

impl ShiftReads for PgConnection {
    fn shift(&mut self, id: ShiftId) -> StoreFuture<'_, Option<Shift>> {
        Box::pin(PgStore::shift_in(self, id))
    }
    fn open_shift<'a>(
        &'a mut self,
        learner: LearnerId,
        scenario_id: Option<&'a str>,
    ) -> StoreFuture<'a, Option<Shift>> {
        Box::pin(PgStore::open_shift_in(self, learner, scenario_id))
    }
    fn shifts(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<Shift>> {
        Box::pin(PgStore::shifts_in(self, learner))
    }
    fn finished_shifts(&mut self) -> StoreFuture<'_, Vec<(String, Shift)>> {
        Box::pin(PgStore::finished_shifts_in(self))
    }
}

impl ShiftWrites for PgConnection {
    fn start_shift<'a>(
        &'a mut self,
        learner: LearnerId,
        session: &'a ShiftSession,
        started_at: DateTime<Utc>,
    ) -> StoreFuture<'a, ShiftId> {
        Box::pin(PgStore::start_shift_in(self, learner, session, started_at))
    }
    fn save_shift<'a>(
        &'a mut self,
        id: ShiftId,
        session: &'a ShiftSession,
        report: Option<&'a ShiftReport>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(PgStore::save_shift_in(self, id, session, report))
    }
}

// --- classes, teachers, invites --------------------------------------------

const CLASS_COLUMNS: &str = "id, name, join_code, teacher_id";

fn class_from(r: &PgRow) -> Result<Class> {
    Ok(Class {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        join_code: r.try_get(2)?,
        teacher_id: r.try_get(3)?,
    })
}

/// `class_id` comes from the school's `class_members`.
const USER_COLUMNS: &str = "user_id, chat_id, first_name, \
     (SELECT m.class_id FROM class_members m WHERE m.learner_id = tg_users.learner_id), \
     forget_requested_at, inactive_since, created_at, learner_id";

fn user_from(r: &PgRow) -> Result<TgUser> {
    Ok(TgUser {
        user_id: r.try_get(0)?,
        chat_id: r.try_get(1)?,
        first_name: r.try_get(2)?,
        class_id: r.try_get(3)?,
        forget_requested_at: r.try_get(4)?,
        inactive_since: r.try_get(5)?,
        created_at: r.try_get(6)?,
        learner_id: r.try_get(7)?,
    })
}

async fn class_where(conn: &mut PgConnection, filter: &str, value: &str) -> Result<Option<Class>> {
    let sql = format!("SELECT {CLASS_COLUMNS} FROM classes WHERE {filter}");
    let row = sqlx::query(&sql).bind(value).fetch_optional(conn).await?;
    row.as_ref().map(class_from).transpose()
}

async fn insert_class(
    conn: &mut PgConnection,
    name: &str,
    join_code: &str,
    teacher: Option<i64>,
) -> Result<Class> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO classes (name, join_code, teacher_id, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(name)
    .bind(join_code)
    .bind(teacher)
    .bind(unix_now())
    .fetch_one(conn)
    .await?;
    Ok(Class {
        id,
        name: name.to_string(),
        join_code: join_code.to_string(),
        teacher_id: teacher,
    })
}

async fn execute(conn: &mut PgConnection, sql: &'static str, a: i64, b: i64) -> Result<u64> {
    Ok(sqlx::query(sql)
        .bind(a)
        .bind(b)
        .execute(conn)
        .await?
        .rows_affected())
}

async fn count(conn: &mut PgConnection, sql: &'static str, a: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(sql).bind(a).fetch_one(conn).await?)
}

impl ClassReads for PgConnection {
    fn class(&mut self, id: ClassId) -> StoreFuture<'_, Option<Class>> {
        Box::pin(async move {
            let sql = format!("SELECT {CLASS_COLUMNS} FROM classes WHERE id = $1");
            let row = sqlx::query(&sql).bind(id.0).fetch_optional(self).await?;
            row.as_ref().map(class_from).transpose()
        })
    }
    fn class_by_code<'a>(&'a mut self, code: &'a str) -> StoreFuture<'a, Option<Class>> {
        Box::pin(class_where(self, "lower(join_code) = lower($1)", code))
    }
    fn class_of_teacher<'a>(
        &'a mut self,
        teacher: i64,
        name: &'a str,
    ) -> StoreFuture<'a, Option<Class>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {CLASS_COLUMNS} FROM classes WHERE teacher_id = $1 \
                 AND lower(name) = lower($2)"
            );
            let row = sqlx::query(&sql)
                .bind(teacher)
                .bind(name)
                .fetch_optional(self)
                .await?;
            row.as_ref().map(class_from).transpose()
        })
    }
    fn classes_of_teacher(&mut self, teacher: i64) -> StoreFuture<'_, Vec<(Class, i64)>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT c.id, c.name, c.join_code, c.teacher_id, \
                 (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id) \
                 FROM classes c WHERE c.teacher_id = $1 ORDER BY lower(c.name), c.id",
            )
            .bind(teacher)
            .fetch_all(self)
            .await?;
            rows.iter()
                .map(|r| Ok((class_from(r)?, r.try_get(4)?)))
                .collect()
        })
    }
    fn class_of_learner(&mut self, learner: LearnerId) -> StoreFuture<'_, Option<Class>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT c.id, c.name, c.join_code, c.teacher_id FROM classes c \
                 JOIN class_members m ON m.class_id = c.id WHERE m.learner_id = $1",
            )
            .bind(learner.0)
            .fetch_optional(self)
            .await?;
            row.as_ref().map(class_from).transpose()
        })
    }
    fn is_teacher(&mut self, user: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            Ok(count(
                self,
                "SELECT COUNT(*) FROM teachers WHERE user_id = $1",
                user,
            )
            .await?
                > 0)
        })
    }
    fn invite_usable<'a>(&'a mut self, code: &'a str, at: i64) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM teacher_invites WHERE lower(code) = lower($1) \
                 AND used_by IS NULL AND expires_at > $2",
            )
            .bind(code)
            .bind(at)
            .fetch_one(self)
            .await?;
            Ok(n > 0)
        })
    }
    fn join_failures(&mut self, user: i64, window: Duration) -> StoreFuture<'_, i64> {
        Box::pin(async move {
            let since = unix_now() - i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
            Ok(sqlx::query_scalar(
                "SELECT COUNT(*) FROM join_attempts WHERE user_id = $1 AND at > $2",
            )
            .bind(user)
            .bind(since)
            .fetch_one(self)
            .await?)
        })
    }
}

impl ClassWrites for PgConnection {
    fn create_class<'a>(&'a mut self, name: &'a str, join_code: &'a str) -> StoreFuture<'a, Class> {
        Box::pin(insert_class(self, name, join_code, None))
    }
    fn create_class_for<'a>(
        &'a mut self,
        name: &'a str,
        join_code: &'a str,
        teacher: i64,
    ) -> StoreFuture<'a, Class> {
        Box::pin(insert_class(self, name, join_code, Some(teacher)))
    }
    fn rename_class<'a>(&'a mut self, class: ClassId, name: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query("UPDATE classes SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(class.0)
                .execute(self)
                .await?;
            Ok(())
        })
    }
    fn set_join_code<'a>(&'a mut self, class: ClassId, code: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query("UPDATE classes SET join_code = $1 WHERE id = $2")
                .bind(code)
                .bind(class.0)
                .execute(self)
                .await?;
            Ok(())
        })
    }
    fn join_class(&mut self, learner: LearnerId, class: ClassId) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "INSERT INTO class_members (learner_id, class_id, joined_at) \
                       VALUES ($1, $2, EXTRACT(EPOCH FROM now())::BIGINT) \
                       ON CONFLICT (learner_id) DO UPDATE SET class_id = EXCLUDED.class_id, \
                       joined_at = EXCLUDED.joined_at";
            execute(self, sql, learner.0, class.0).await?;
            Ok(())
        })
    }
    fn remove_member(&mut self, class: ClassId, learner: LearnerId) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "DELETE FROM class_members WHERE learner_id = $1 AND class_id = $2";
            execute(self, sql, learner.0, class.0).await?;
            Ok(())
        })
    }
    fn record_join_failure(&mut self, user: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "INSERT INTO join_attempts (user_id, at) VALUES ($1, $2)";
            execute(self, sql, user, unix_now()).await?;
            Ok(())
        })
    }
    fn create_invite<'a>(
        &'a mut self,
        code: &'a str,
        created_by: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO teacher_invites (code, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(code)
            .bind(created_by)
            .bind(unix_now())
            .bind(expires_at)
            .execute(self)
            .await?;
            Ok(())
        })
    }
    fn redeem_invite<'a>(&'a mut self, code: &'a str, user: i64) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let at = unix_now();
            // Conditional: of two instances redeeming one code, the second
            // waits for the first's row lock, re-checks and finds it used.
            let invited_by: Option<i64> = sqlx::query_scalar(
                "UPDATE teacher_invites SET used_by = $1, used_at = $2 \
                 WHERE lower(code) = lower($3) AND used_by IS NULL AND expires_at > $2 \
                 RETURNING created_by",
            )
            .bind(user)
            .bind(at)
            .bind(code)
            .fetch_optional(&mut *self)
            .await?;
            let Some(invited_by) = invited_by else {
                return Ok(false);
            };
            sqlx::query(
                "INSERT INTO teachers (user_id, invited_by, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id) DO NOTHING",
            )
            .bind(user)
            .bind(invited_by)
            .bind(at)
            .execute(self)
            .await?;
            Ok(true)
        })
    }
    fn forget_teacher(&mut self, user: i64, now: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            // The same statements as the SQLite store's `teacher_forget`.
            for sql in [
                "UPDATE classes SET teacher_id = NULL WHERE teacher_id = $1",
                "UPDATE assignments SET created_by = NULL WHERE created_by = $1",
                "UPDATE teachers SET invited_by = NULL WHERE invited_by = $1",
                "DELETE FROM teachers WHERE user_id = $1",
                "DELETE FROM teacher_invites WHERE used_by = $1",
                "DELETE FROM web_login_links WHERE user_id = $1",
                "DELETE FROM web_sessions WHERE user_id = $1",
            ] {
                sqlx::query(sql).bind(user).execute(&mut *self).await?;
            }
            sqlx::query("UPDATE teacher_invites SET created_by = $2 WHERE created_by = $1")
                .bind(user)
                .bind(crate::store::FORGOTTEN_OWNER)
                .execute(&mut *self)
                .await?;
            sqlx::query(
                "UPDATE uploaded_dialogues SET status = 'removed', ended_at = $2 \
                 WHERE owner_id = $1 AND status = 'current' AND scope = 'classes'",
            )
            .bind(user)
            .bind(now)
            .execute(&mut *self)
            .await?;
            sqlx::query("UPDATE uploaded_dialogues SET owner_id = $2 WHERE owner_id = $1")
                .bind(user)
                .bind(crate::store::FORGOTTEN_OWNER)
                .execute(&mut *self)
                .await?;
            Ok(())
        })
    }
}

// --- assignments, plans, reminders -------------------------------------------

const ASSIGNMENT_COLUMNS: &str = "id, class_id, dialogue_id, due_at, created_at, attempt_mark";

fn assignment_from(r: &PgRow) -> Result<Assignment> {
    Ok(Assignment {
        id: r.try_get(0)?,
        class_id: r.try_get(1)?,
        dialogue_id: r.try_get(2)?,
        due_at: r.try_get(3)?,
        created_at: r.try_get(4)?,
        attempt_mark: r.try_get(5)?,
    })
}

/// The members (`m`, a `class_members` row) who have not done assignment
/// `$n`/`$n+1` (dialogue, mark).
fn not_done(dialogue: usize) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM attempts t WHERE t.learner_id = m.learner_id \
         AND t.dialogue_id = ${dialogue} AND t.status = 'completed' AND t.id > ${})",
        dialogue + 1
    )
}

impl AssignmentReads for PgConnection {
    fn current_assignment(
        &mut self,
        class: ClassId,
        now: i64,
    ) -> StoreFuture<'_, Option<Assignment>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE class_id = $1 \
                 ORDER BY (due_at IS NULL OR due_at > $2) DESC, created_at DESC, id DESC LIMIT 1"
            );
            let row = sqlx::query(&sql)
                .bind(class.0)
                .bind(now)
                .fetch_optional(self)
                .await?;
            row.as_ref().map(assignment_from).transpose()
        })
    }
    fn assignments_for_learner(
        &mut self,
        class: ClassId,
        learner: LearnerId,
        limit: i64,
    ) -> StoreFuture<'_, Vec<StudentAssignment>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT a.id, a.class_id, a.dialogue_id, a.due_at, a.created_at, a.attempt_mark, \
                 (SELECT MIN(EXTRACT(EPOCH FROM t.finished_at))::BIGINT FROM attempts t \
                  WHERE t.learner_id = $1 AND t.dialogue_id = a.dialogue_id \
                  AND t.status = 'completed' AND t.id > a.attempt_mark) \
                 FROM assignments a WHERE a.class_id = $2 \
                 ORDER BY a.created_at DESC, a.id DESC LIMIT $3",
            )
            .bind(learner.0)
            .bind(class.0)
            .bind(limit)
            .fetch_all(self)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(StudentAssignment {
                        assignment: assignment_from(r)?,
                        done_at: r.try_get(6)?,
                    })
                })
                .collect()
        })
    }
    fn not_done<'a>(&'a mut self, a: &'a Assignment) -> StoreFuture<'a, Vec<NotDone>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT m.learner_id, {LEARNER_NAME} AS name FROM class_members m \
                 JOIN learners l ON l.id = m.learner_id WHERE m.class_id = $1 AND {} \
                 ORDER BY lower({LEARNER_NAME}), m.learner_id",
                not_done(2)
            );
            let rows = sqlx::query(&sql)
                .bind(a.class_id)
                .bind(&a.dialogue_id)
                .bind(a.attempt_mark)
                .fetch_all(self)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(NotDone {
                        learner: LearnerId(r.try_get("learner_id")?),
                        name: r.try_get("name")?,
                    })
                })
                .collect()
        })
    }
    fn reminders_due(&mut self, now: i64, before: i64) -> StoreFuture<'_, Vec<Assignment>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE reminded_at IS NULL \
                 AND due_at IS NOT NULL AND due_at > $1 AND due_at - $2 <= $1 \
                 AND created_at < due_at - $2 ORDER BY due_at, id"
            );
            let rows = sqlx::query(&sql)
                .bind(now)
                .bind(before)
                .fetch_all(self)
                .await?;
            rows.iter().map(assignment_from).collect()
        })
    }
    fn plan(&mut self, class: ClassId) -> StoreFuture<'_, Option<Plan>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT class_id, weekday, minute, paused, anchor_at FROM plans \
                 WHERE class_id = $1",
            )
            .bind(class.0)
            .fetch_optional(&mut *self)
            .await?;
            let Some(r) = row else { return Ok(None) };
            let items = sqlx::query(
                "SELECT position, dialogue_id, pushed_at FROM plan_items WHERE class_id = $1 \
                 ORDER BY position",
            )
            .bind(class.0)
            .fetch_all(self)
            .await?
            .iter()
            .map(|i| {
                Ok(PlanItem {
                    position: i.try_get(0)?,
                    dialogue_id: i.try_get(1)?,
                    pushed_at: i.try_get(2)?,
                })
            })
            .collect::<Result<_>>()?;
            Ok(Some(Plan {
                class_id: r.try_get(0)?,
                weekday: r.try_get(1)?,
                minute: r.try_get(2)?,
                paused: r.try_get(3)?,
                anchor_at: r.try_get(4)?,
                items,
            }))
        })
    }
    fn active_plan_classes(&mut self) -> StoreFuture<'_, Vec<ClassId>> {
        Box::pin(async move {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT p.class_id FROM plans p WHERE NOT p.paused AND EXISTS \
                 (SELECT 1 FROM plan_items i WHERE i.class_id = p.class_id \
                 AND i.pushed_at IS NULL) ORDER BY p.class_id",
            )
            .fetch_all(self)
            .await?;
            Ok(ids.into_iter().map(ClassId).collect())
        })
    }
}

impl AssignmentWrites for PgConnection {
    fn create_assignment<'a>(
        &'a mut self,
        a: &'a NewAssignment<'a>,
    ) -> StoreFuture<'a, Option<Assignment>> {
        Box::pin(async move {
            let sql = format!(
                "INSERT INTO assignments \
                 (class_id, dialogue_id, due_at, created_at, created_by, plan_slot, attempt_mark) \
                 VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(id), 0) FROM attempts)) \
                 ON CONFLICT DO NOTHING RETURNING {ASSIGNMENT_COLUMNS}"
            );
            let row = sqlx::query(&sql)
                .bind(a.class_id)
                .bind(a.dialogue_id)
                .bind(a.due_at)
                .bind(a.now)
                .bind(a.created_by)
                .bind(a.plan_slot)
                .fetch_optional(self)
                .await?;
            row.as_ref().map(assignment_from).transpose()
        })
    }
    fn claim_reminder(&mut self, id: AssignmentId, now: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            let sql = "UPDATE assignments SET reminded_at = $2 WHERE id = $1 \
                       AND reminded_at IS NULL";
            Ok(execute(self, sql, id.0, now).await? == 1)
        })
    }
    fn save_plan<'a>(&'a mut self, plan: &'a Plan, now: i64) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            // The upsert locks the plan's row first: two saves of one plan
            // (from two instances) number their items one after the other.
            sqlx::query(
                "INSERT INTO plans (class_id, weekday, minute, paused, anchor_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (class_id) DO UPDATE SET \
                 weekday = EXCLUDED.weekday, minute = EXCLUDED.minute, \
                 paused = EXCLUDED.paused, anchor_at = EXCLUDED.anchor_at, \
                 updated_at = EXCLUDED.updated_at",
            )
            .bind(plan.class_id)
            .bind(plan.weekday)
            .bind(plan.minute)
            .bind(plan.paused)
            .bind(plan.anchor_at)
            .bind(now)
            .execute(&mut *self)
            .await?;
            sqlx::query("DELETE FROM plan_items WHERE class_id = $1 AND pushed_at IS NULL")
                .bind(plan.class_id)
                .execute(&mut *self)
                .await?;
            let mut position = count(
                self,
                "SELECT COALESCE(MAX(position), 0) FROM plan_items WHERE class_id = $1",
                plan.class_id,
            )
            .await?;
            for item in plan.items.iter().filter(|i| i.pushed_at.is_none()) {
                position += 1;
                sqlx::query(
                    "INSERT INTO plan_items (class_id, position, dialogue_id) VALUES ($1, $2, $3)",
                )
                .bind(plan.class_id)
                .bind(position)
                .bind(&item.dialogue_id)
                .execute(&mut *self)
                .await?;
            }
            Ok(())
        })
    }
    fn claim_plan_item(
        &mut self,
        class: ClassId,
        position: i64,
        now: i64,
    ) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            let claimed = sqlx::query(
                "UPDATE plan_items SET pushed_at = $1 WHERE class_id = $2 AND position = $3 \
                 AND pushed_at IS NULL",
            )
            .bind(now)
            .bind(class.0)
            .bind(position)
            .execute(&mut *self)
            .await?;
            if claimed.rows_affected() != 1 {
                return Ok(false);
            }
            let sql = "UPDATE plans SET anchor_at = $2 WHERE class_id = $1";
            execute(self, sql, class.0, now).await?;
            Ok(true)
        })
    }
    fn link_plan_item(
        &mut self,
        class: ClassId,
        position: i64,
        assignment: AssignmentId,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query(
                "UPDATE plan_items SET assignment_id = $1 WHERE class_id = $2 AND position = $3",
            )
            .bind(assignment.0)
            .bind(class.0)
            .bind(position)
            .execute(self)
            .await?;
            Ok(())
        })
    }
}

// --- uploads -----------------------------------------------------------------

const UPLOAD_COLUMNS: &str =
    "id, dialogue_id, kind, owner_id, title, file_name, source, scope, uploaded_at";

fn upload_from(row: &PgRow) -> Result<StoredUpload> {
    let scope: &str = row.try_get("scope")?;
    Ok(StoredUpload {
        id: row.try_get("id")?,
        dialogue_id: row.try_get("dialogue_id")?,
        kind: UploadKind::parse(row.try_get("kind")?)?,
        owner_id: row.try_get("owner_id")?,
        title: row.try_get("title")?,
        file_name: row.try_get("file_name")?,
        source: row.try_get("source")?,
        everyone: scope == "everyone",
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

impl UploadReads for PgConnection {
    fn current_uploads(&mut self) -> StoreFuture<'_, Vec<StoredUpload>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploaded_dialogues WHERE status = 'current' \
                 ORDER BY id"
            );
            let rows = sqlx::query(&sql).fetch_all(self).await?;
            rows.iter().map(upload_from).collect()
        })
    }
    fn current_upload<'a>(
        &'a mut self,
        dialogue_id: &'a str,
    ) -> StoreFuture<'a, Option<StoredUpload>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploaded_dialogues WHERE dialogue_id = $1 \
                 AND status = 'current'"
            );
            let row = sqlx::query(&sql)
                .bind(dialogue_id)
                .fetch_optional(self)
                .await?;
            row.as_ref().map(upload_from).transpose()
        })
    }
    fn upload_version(&mut self, id: UploadId) -> StoreFuture<'_, Option<StoredUpload>> {
        Box::pin(async move {
            let sql = format!("SELECT {UPLOAD_COLUMNS} FROM uploaded_dialogues WHERE id = $1");
            let row = sqlx::query(&sql).bind(id.0).fetch_optional(self).await?;
            row.as_ref().map(upload_from).transpose()
        })
    }
    fn uploads_since(&mut self, owner: i64, since: i64) -> StoreFuture<'_, i64> {
        Box::pin(async move {
            Ok(sqlx::query_scalar(
                "SELECT COUNT(*) FROM uploaded_dialogues WHERE owner_id = $1 \
                 AND uploaded_at >= $2",
            )
            .bind(owner)
            .bind(since)
            .fetch_one(self)
            .await?)
        })
    }
    fn attempt_upload(&mut self, attempt: AttemptId) -> StoreFuture<'_, Option<UploadId>> {
        Box::pin(async move {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT version_id FROM uploaded_dialogue_attempts WHERE attempt_id = $1",
            )
            .bind(attempt.0)
            .fetch_optional(self)
            .await?;
            Ok(id.map(UploadId))
        })
    }
    fn shift_upload(&mut self, shift: ShiftId) -> StoreFuture<'_, Option<UploadId>> {
        Box::pin(async move {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT version_id FROM uploaded_scenario_shifts WHERE shift_id = $1",
            )
            .bind(shift.0)
            .fetch_optional(self)
            .await?;
            Ok(id.map(UploadId))
        })
    }
}

impl UploadWrites for PgConnection {
    fn insert_upload<'a>(&'a mut self, new: &'a NewUpload) -> StoreFuture<'a, UploadId> {
        Box::pin(async move {
            let at = unix_now();
            // The update locks the current version; a concurrent upload of
            // the same id then fails on the unique index instead of making
            // two current versions.
            let scope: Option<String> = sqlx::query_scalar(
                "UPDATE uploaded_dialogues SET status = 'replaced', ended_at = $1 \
                 WHERE dialogue_id = $2 AND status = 'current' RETURNING scope",
            )
            .bind(at)
            .bind(&new.dialogue_id)
            .fetch_optional(&mut *self)
            .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO uploaded_dialogues \
                 (dialogue_id, kind, owner_id, title, file_name, source, scope, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&new.dialogue_id)
            .bind(new.kind.as_str())
            .bind(new.owner_id)
            .bind(&new.title)
            .bind(&new.file_name)
            .bind(&new.source)
            .bind(scope.as_deref().unwrap_or("classes"))
            .bind(at)
            .fetch_one(self)
            .await?;
            Ok(UploadId(id))
        })
    }
    fn remove_upload<'a>(&'a mut self, dialogue_id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query(
                "UPDATE uploaded_dialogues SET status = 'removed', ended_at = $1 \
                 WHERE dialogue_id = $2 AND status = 'current'",
            )
            .bind(unix_now())
            .bind(dialogue_id)
            .execute(self)
            .await?;
            Ok(())
        })
    }
    fn set_upload_everyone<'a>(
        &'a mut self,
        dialogue_id: &'a str,
        everyone: bool,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query(
                "UPDATE uploaded_dialogues SET scope = $1 WHERE dialogue_id = $2 \
                 AND status = 'current'",
            )
            .bind(if everyone { "everyone" } else { "classes" })
            .bind(dialogue_id)
            .execute(self)
            .await?;
            Ok(())
        })
    }
    fn link_attempt_upload(
        &mut self,
        attempt: AttemptId,
        version: UploadId,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "INSERT INTO uploaded_dialogue_attempts (attempt_id, version_id) \
                       VALUES ($1, $2)";
            execute(self, sql, attempt.0, version.0).await?;
            Ok(())
        })
    }
    fn link_shift_upload(&mut self, shift: ShiftId, version: UploadId) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "INSERT INTO uploaded_scenario_shifts (shift_id, version_id) \
                       VALUES ($1, $2)";
            execute(self, sql, shift.0, version.0).await?;
            Ok(())
        })
    }
}

// --- reports -----------------------------------------------------------------

const CLASS_LISTING: &str = "SELECT c.id, c.name, c.created_at, \
     (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id) AS students FROM classes c";

fn listing_from(row: &PgRow) -> Result<ClassListing> {
    let students: i64 = row.try_get("students")?;
    Ok(ClassListing {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        students: u32::try_from(students).unwrap_or(u32::MAX),
        created_at: row.try_get("created_at")?,
    })
}

impl ReportReads for PgConnection {
    fn class_listings(&mut self) -> StoreFuture<'_, Vec<ClassListing>> {
        Box::pin(async move {
            let sql = format!("{CLASS_LISTING} ORDER BY lower(c.name), c.id");
            let rows = sqlx::query(&sql).fetch_all(self).await?;
            rows.iter().map(listing_from).collect()
        })
    }
    fn class_listings_named<'a>(&'a mut self, name: &'a str) -> StoreFuture<'a, Vec<ClassListing>> {
        Box::pin(async move {
            let sql = format!("{CLASS_LISTING} WHERE lower(c.name) = lower($1) ORDER BY c.id");
            let rows = sqlx::query(&sql).bind(name.trim()).fetch_all(self).await?;
            rows.iter().map(listing_from).collect()
        })
    }
    fn class_listing(&mut self, id: ClassId) -> StoreFuture<'_, Option<ClassListing>> {
        Box::pin(async move {
            let sql = format!("{CLASS_LISTING} WHERE c.id = $1");
            let row = sqlx::query(&sql).bind(id.0).fetch_optional(self).await?;
            row.as_ref().map(listing_from).transpose()
        })
    }
    fn report_members(&mut self, class: ClassId) -> StoreFuture<'_, Vec<Member>> {
        Box::pin(async move {
            let rows = sqlx::query(&format!(
                "SELECT COALESCE(l.telegram_user_id, 0) AS user_id, m.learner_id, \
                     {LEARNER_NAME} AS name FROM class_members m \
                     JOIN learners l ON l.id = m.learner_id WHERE m.class_id = $1 \
                     ORDER BY lower({LEARNER_NAME}), 1"
            ))
            .bind(class.0)
            .fetch_all(self)
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
        })
    }
    fn finished(&mut self, class: ClassId) -> StoreFuture<'_, Vec<Finished>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT a.learner_id, 'dialogue' AS kind, a.id, a.dialogue_id AS exercise, \
                 a.score, a.finished_at, a.scorecard AS card FROM attempts a \
                 JOIN class_members m ON m.learner_id = a.learner_id \
                 WHERE m.class_id = $1 AND a.status = 'completed' AND a.scorecard IS NOT NULL \
                 UNION ALL \
                 SELECT s.learner_id, 'webcare', s.id, s.scenario_id, s.score, s.finished_at, \
                 s.report FROM shifts s JOIN class_members m ON m.learner_id = s.learner_id \
                 WHERE m.class_id = $1 AND s.status = 'completed' AND s.report IS NOT NULL \
                 ORDER BY finished_at",
            )
            .bind(class.0)
            .fetch_all(self)
            .await?;
            rows.iter()
                .map(|r| {
                    let kind: &str = r.try_get("kind")?;
                    let Json(card): Json<serde_json::Value> = r.try_get("card")?;
                    let score: Option<i64> = r.try_get("score")?;
                    let (kind, scorecard) = if kind == "webcare" {
                        let report: ShiftReport = serde_json::from_value(card)?;
                        (ResultKind::Webcare, report.scorecard)
                    } else {
                        (ResultKind::Dialogue, serde_json::from_value(card)?)
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
        })
    }
    fn assigned_dialogues(&mut self, class: ClassId) -> StoreFuture<'_, Vec<String>> {
        Box::pin(async move {
            Ok(sqlx::query_scalar(
                "SELECT dialogue_id FROM assignments WHERE class_id = $1 \
                 GROUP BY dialogue_id ORDER BY MIN(created_at), MIN(id)",
            )
            .bind(class.0)
            .fetch_all(self)
            .await?)
        })
    }
    fn attempt_class(
        &mut self,
        attempt: AttemptId,
    ) -> StoreFuture<'_, Option<(ClassId, LearnerId)>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT m.class_id, a.learner_id FROM attempts a \
                 JOIN class_members m ON m.learner_id = a.learner_id WHERE a.id = $1",
            )
            .bind(attempt.0)
            .fetch_optional(self)
            .await?;
            row.map(|r| {
                Ok((
                    ClassId(r.try_get("class_id")?),
                    LearnerId(r.try_get("learner_id")?),
                ))
            })
            .transpose()
        })
    }
}

// --- the Telegram transport's tables ------------------------------------------

impl TransportReads for PgConnection {
    fn class_users(&mut self, class: ClassId) -> StoreFuture<'_, Vec<TgUser>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {USER_COLUMNS} FROM tg_users WHERE learner_id IN \
                 (SELECT learner_id FROM class_members WHERE class_id = $1) \
                 ORDER BY lower(first_name), user_id"
            );
            let rows = sqlx::query(&sql).bind(class.0).fetch_all(self).await?;
            rows.iter().map(user_from).collect()
        })
    }
    fn inbox_pending(&mut self) -> StoreFuture<'_, Vec<PendingUpdate>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT update_id, chat_id, payload FROM tg_inbox \
                 WHERE handled_at IS NULL ORDER BY update_id",
            )
            .fetch_all(self)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(PendingUpdate {
                        update_id: r.try_get(0)?,
                        chat_id: r.try_get(1)?,
                        payload: r.try_get(2)?,
                    })
                })
                .collect()
        })
    }
    fn inbox_max_update_id(&mut self) -> StoreFuture<'_, Option<i64>> {
        Box::pin(async move {
            Ok(sqlx::query_scalar("SELECT MAX(update_id) FROM tg_inbox")
                .fetch_one(self)
                .await?)
        })
    }
    fn outbox_to_send(&mut self, chat: i64) -> StoreFuture<'_, (Vec<(i64, String)>, bool)> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT id, message, EXISTS (SELECT 1 FROM tg_users WHERE chat_id = $1 \
                 AND inactive_since IS NOT NULL) FROM tg_outbox WHERE chat_id = $1 \
                 AND NOT bulk ORDER BY id",
            )
            .bind(chat)
            .fetch_all(self)
            .await?;
            let inactive = match rows.first() {
                Some(r) => r.try_get(2)?,
                None => false,
            };
            let messages = rows
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_>>()?;
            Ok((messages, inactive))
        })
    }
    fn outbox_chats(&mut self) -> StoreFuture<'_, Vec<i64>> {
        Box::pin(async move {
            Ok(sqlx::query_scalar(
                "SELECT DISTINCT chat_id FROM tg_outbox WHERE NOT bulk ORDER BY chat_id",
            )
            .fetch_all(self)
            .await?)
        })
    }
    fn bulk_next(&mut self, limit: i64) -> StoreFuture<'_, Vec<(i64, i64, String)>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT id, chat_id, message FROM tg_outbox WHERE bulk ORDER BY id LIMIT $1",
            )
            .bind(limit)
            .fetch_all(self)
            .await?;
            rows.iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
                .collect()
        })
    }
    fn chat_is_inactive(&mut self, chat: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            let sql = "SELECT COUNT(*) FROM tg_users WHERE chat_id = $1 \
                       AND inactive_since IS NOT NULL";
            Ok(count(self, sql, chat).await? > 0)
        })
    }
    fn user(&mut self, user: i64) -> StoreFuture<'_, Option<TgUser>> {
        Box::pin(user_get(self, user))
    }
    fn running_shifts(&mut self) -> StoreFuture<'_, Vec<RunningShift>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT s.id, s.scenario_id, s.session, s.started_at, u.chat_id FROM shifts s \
                 JOIN tg_users u ON u.learner_id = s.learner_id \
                 WHERE s.status = 'in_progress'",
            )
            .fetch_all(self)
            .await?;
            let mut running = Vec::with_capacity(rows.len());
            for row in rows {
                let Json(session): Json<serde_json::Value> = row.try_get("session")?;
                // A session this version cannot read is skipped, not fatal:
                // the other students' shifts go on.
                let Ok(session) = serde_json::from_value(session) else {
                    continue;
                };
                running.push(RunningShift {
                    shift: ShiftId(row.try_get("id")?),
                    scenario_id: row.try_get("scenario_id")?,
                    session,
                    started_at: row.try_get("started_at")?,
                    chat_id: row.try_get("chat_id")?,
                });
            }
            Ok(running)
        })
    }
    fn ping(&mut self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query("SELECT 1").execute(self).await?;
            Ok(())
        })
    }
}

async fn user_get(conn: &mut PgConnection, user: i64) -> Result<Option<TgUser>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM tg_users WHERE user_id = $1");
    let row = sqlx::query(&sql).bind(user).fetch_optional(conn).await?;
    row.as_ref().map(user_from).transpose()
}

impl TransportWrites for PgConnection {
    fn inbox_insert<'a>(&'a mut self, updates: &'a [PendingUpdate]) -> StoreFuture<'a, Vec<i64>> {
        Box::pin(async move {
            let at = unix_now();
            let mut fresh = Vec::with_capacity(updates.len());
            for u in updates {
                let done = sqlx::query(
                    "INSERT INTO tg_inbox (update_id, chat_id, payload, received_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (update_id) DO NOTHING",
                )
                .bind(u.update_id)
                .bind(u.chat_id)
                .bind(&u.payload)
                .bind(at)
                .execute(&mut *self)
                .await?;
                if done.rows_affected() == 1 {
                    fresh.push(u.update_id);
                }
            }
            Ok(fresh)
        })
    }
    fn inbox_mark_handled(&mut self, update_id: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "UPDATE tg_inbox SET handled_at = $2 WHERE update_id = $1";
            execute(self, sql, update_id, unix_now()).await?;
            Ok(())
        })
    }
    fn inbox_prune(&mut self, age: Duration) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let cutoff = unix_now() - i64::try_from(age.as_secs()).unwrap_or(i64::MAX);
            // The newest update stays, whatever its age: it carries the offset.
            let sql = "DELETE FROM tg_inbox WHERE handled_at IS NOT NULL AND received_at < $1 \
                       AND update_id < (SELECT COALESCE(MAX(update_id), 0) FROM tg_inbox)";
            let done = sqlx::query(sql).bind(cutoff).execute(self).await?;
            Ok(done.rows_affected())
        })
    }
    fn outbox_push<'a>(&'a mut self, chat: i64, message: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query("INSERT INTO tg_outbox (chat_id, message, created_at) VALUES ($1, $2, $3)")
                .bind(chat)
                .bind(message)
                .bind(unix_now())
                .execute(self)
                .await?;
            Ok(())
        })
    }
    fn outbox_push_class<'a>(
        &'a mut self,
        class: ClassId,
        recipients: Recipients<'a>,
        message: &'a str,
        now: i64,
    ) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            let filter = match recipients {
                Recipients::Everyone => "TRUE".to_string(),
                Recipients::NotDone(_) => not_done(4),
            };
            let sql = format!(
                "INSERT INTO tg_outbox (chat_id, message, created_at, bulk) \
                 SELECT u.chat_id, $1, $2, TRUE FROM class_members m \
                 JOIN tg_users u ON u.learner_id = m.learner_id \
                 WHERE m.class_id = $3 AND u.inactive_since IS NULL AND {filter} \
                 ORDER BY u.user_id"
            );
            let mut query = sqlx::query(&sql).bind(message).bind(now).bind(class.0);
            if let Recipients::NotDone(a) = recipients {
                query = query.bind(&a.dialogue_id).bind(a.attempt_mark);
            }
            Ok(query.execute(self).await?.rows_affected())
        })
    }
    fn outbox_delete<'a>(&'a mut self, ids: &'a [i64]) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            if !ids.is_empty() {
                sqlx::query("DELETE FROM tg_outbox WHERE id = ANY($1)")
                    .bind(ids)
                    .execute(self)
                    .await?;
            }
            Ok(())
        })
    }
    fn outbox_clear_chat(&mut self, chat: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query("DELETE FROM tg_outbox WHERE chat_id = $1")
                .bind(chat)
                .execute(self)
                .await?;
            Ok(())
        })
    }
    fn user_touch<'a>(
        &'a mut self,
        user: i64,
        chat: i64,
        first_name: &'a str,
        learner: LearnerId,
    ) -> StoreFuture<'a, TgUser> {
        Box::pin(async move {
            let sql = format!(
                "INSERT INTO tg_users (user_id, chat_id, first_name, learner_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (user_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, \
                 first_name = EXCLUDED.first_name, learner_id = EXCLUDED.learner_id, \
                 inactive_since = NULL RETURNING {USER_COLUMNS}"
            );
            let row = sqlx::query(&sql)
                .bind(user)
                .bind(chat)
                .bind(first_name)
                .bind(learner.0)
                .bind(unix_now())
                .fetch_one(self)
                .await?;
            user_from(&row)
        })
    }
    fn set_forget_requested(&mut self, user: i64, at: Option<i64>) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query("UPDATE tg_users SET forget_requested_at = $1 WHERE user_id = $2")
                .bind(at)
                .bind(user)
                .execute(self)
                .await?;
            Ok(())
        })
    }
    fn set_inactive(&mut self, user: i64, inactive: bool) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query("UPDATE tg_users SET inactive_since = $1 WHERE user_id = $2")
                .bind(inactive.then(unix_now))
                .bind(user)
                .execute(self)
                .await?;
            Ok(())
        })
    }
    fn chat_mark_inactive(&mut self, chat: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "UPDATE tg_users SET inactive_since = COALESCE(inactive_since, $2) \
                       WHERE chat_id = $1";
            execute(self, sql, chat, unix_now()).await?;
            Ok(())
        })
    }
    fn delete_user(&mut self, user: i64, chat: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            for sql in [
                "DELETE FROM join_attempts WHERE user_id = $1",
                // A teacher who asks to be forgotten stops being one; their
                // classes stay (the students' work is theirs).
                "DELETE FROM teachers WHERE user_id = $1",
                "DELETE FROM tg_users WHERE user_id = $1",
            ] {
                sqlx::query(sql).bind(user).execute(&mut *self).await?;
            }
            // As in the SQLite store: the update ids stay (a redelivery
            // must still be recognised), not the chat nor what was written.
            sqlx::query(
                "UPDATE tg_inbox SET payload = '{}', chat_id = 0 \
                 WHERE chat_id = $1 AND handled_at IS NOT NULL",
            )
            .bind(chat)
            .execute(&mut *self)
            .await?;
            // Pushes and reminders not yet sent; the confirmation is queued after this.
            self.outbox_clear_chat(chat).await?;
            Ok(())
        })
    }
}
