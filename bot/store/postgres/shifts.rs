//! Webcare shifts on PostgreSQL.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::types::Json;

use super::{PgStore, add_progress, now, score, score_value, status};
use crate::store::{AttemptStatus, LearnerId, Shift, ShiftId, StoreError};
use crate::webcare::{ShiftReport, ShiftSession};

const COLUMNS: &str = "id, learner_id, scenario_id, status, score, session, report, reflection, \
     started_at, finished_at";

fn shift_from(row: &PgRow) -> Result<Shift, StoreError> {
    let Json(session) = row.try_get("session")?;
    let report: Option<Json<ShiftReport>> = row.try_get("report")?;
    Ok(Shift {
        id: ShiftId(row.try_get("id")?),
        learner: LearnerId(row.try_get("learner_id")?),
        scenario_id: row.try_get("scenario_id")?,
        status: status(row)?,
        score: score(row)?,
        session,
        report: report.map(|Json(r)| r),
        reflection: row.try_get("reflection")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

impl PgStore {
    /// [`ShiftStore::save_shift`] inside a caller's transaction.
    pub async fn save_shift_in(
        conn: &mut PgConnection,
        id: ShiftId,
        session: &ShiftSession,
        report: Option<&ShiftReport>,
    ) -> Result<(), StoreError> {
        let at = now();
        let updated = sqlx::query(
            "UPDATE shifts SET session = $1, reflection = COALESCE($2, reflection), \
             updated_at = $3 WHERE id = $4",
        )
        .bind(Json(session))
        .bind(session.reflection.as_deref())
        .bind(at)
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NoSuchAttempt(id.0));
        }
        let Some(report) = report else {
            return Ok(());
        };
        let status = if session.stopped || report.stopped {
            AttemptStatus::Stopped
        } else {
            AttemptStatus::Completed
        };
        // Guarded on in_progress: a shift is counted once, however often saved.
        let learner: Option<i64> = sqlx::query_scalar(
            "UPDATE shifts SET status = $1, score = $2, report = $3, finished_at = $4 \
             WHERE id = $5 AND status = 'in_progress' RETURNING learner_id",
        )
        .bind(status.as_str())
        .bind(score_value(report.score))
        .bind(Json(report))
        .bind(at)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
        match learner {
            Some(learner) if status == AttemptStatus::Completed => {
                add_progress(conn, learner, &report.scorecard, at).await
            }
            _ => Ok(()),
        }
    }
    pub async fn start_shift_in(
        conn: &mut PgConnection,
        learner: LearnerId,
        session: &ShiftSession,
        started_at: DateTime<Utc>,
    ) -> Result<ShiftId, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO shifts (learner_id, scenario_id, status, session, started_at, \
             updated_at) VALUES ($1, $2, 'in_progress', $3, $4, $5) RETURNING id",
        )
        .bind(learner.0)
        .bind(&session.scenario_id)
        .bind(Json(session))
        .bind(started_at)
        .bind(now())
        .fetch_one(conn)
        .await?;
        Ok(ShiftId(id))
    }

    pub async fn shift_in(
        conn: &mut PgConnection,
        id: ShiftId,
    ) -> Result<Option<Shift>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM shifts WHERE id = $1");
        let row = sqlx::query(&sql).bind(id.0).fetch_optional(conn).await?;
        row.as_ref().map(shift_from).transpose()
    }

    pub async fn open_shift_in(
        conn: &mut PgConnection,
        learner: LearnerId,
        scenario_id: Option<&str>,
    ) -> Result<Option<Shift>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM shifts WHERE learner_id = $1 \
             AND (status = 'in_progress' OR reflection IS NULL) \
             AND ($2::TEXT IS NULL OR scenario_id = $2) ORDER BY id DESC LIMIT 1"
        );
        let row = sqlx::query(&sql)
            .bind(learner.0)
            .bind(scenario_id)
            .fetch_optional(conn)
            .await?;
        Ok(row
            .as_ref()
            .map(shift_from)
            .transpose()?
            .filter(crate::store::shifts::is_open))
    }

    pub async fn shifts_in(
        conn: &mut PgConnection,
        learner: LearnerId,
    ) -> Result<Vec<Shift>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM shifts WHERE learner_id = $1 ORDER BY id DESC");
        let rows = sqlx::query(&sql).bind(learner.0).fetch_all(conn).await?;
        rows.iter().map(shift_from).collect()
    }

    pub async fn finished_shifts_in(
        conn: &mut PgConnection,
    ) -> Result<Vec<(String, Shift)>, StoreError> {
        let columns: Vec<String> = COLUMNS
            .split(',')
            .map(|c| format!("s.{}", c.trim()))
            .collect();
        let sql = format!(
            "SELECT {}, COALESCE(l.display_name, l.local_name, \
             'Telegram ' || l.telegram_user_id) AS who FROM shifts s \
             JOIN learners l ON l.id = s.learner_id WHERE s.report IS NOT NULL \
             ORDER BY s.id DESC",
            columns.join(", ")
        );
        let rows = sqlx::query(&sql).fetch_all(conn).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("who")?, shift_from(row)?)))
            .collect()
    }
}
