//! Persistence of webcare shifts: the running [`ShiftSession`] after every
//! input, the report and progress when the shift ends, and the student's
//! reflection. A separate trait so that dialogue front ends are unaffected.

use std::future::Future;

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::sqlite::add_progress;
use super::{AttemptStatus, LearnerId, SqliteStore, StoreError};
use crate::webcare::{ShiftReport, ShiftSession};

/// Internal shift id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShiftId(pub i64);

/// One stored shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub id: ShiftId,
    pub learner: LearnerId,
    pub scenario_id: String,
    pub status: AttemptStatus,
    pub score: Option<u32>,
    /// The session as last saved: continue from here.
    pub session: ShiftSession,
    pub report: Option<ShiftReport>,
    pub reflection: Option<String>,
    /// Wall-clock start; a real-time front end computes the shift clock from it.
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Webcare persistence; every method is one transaction.
pub trait ShiftStore: Send + Sync {
    /// Records a new in-progress shift.
    fn start_shift(
        &self,
        learner: LearnerId,
        session: &ShiftSession,
        started_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<ShiftId, StoreError>> + Send;

    /// Saves the session after an input, atomically with, when `report` is
    /// given, the final status, score and report and, for a completed
    /// (not stopped) shift, the learner's progress. Finishing twice is a
    /// no-op. The session's reflection, once given, is saved too.
    fn save_shift(
        &self,
        id: ShiftId,
        session: &ShiftSession,
        report: Option<&ShiftReport>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn shift(&self, id: ShiftId) -> impl Future<Output = Result<Option<Shift>, StoreError>> + Send;

    /// The learner's newest shift without a reflection (of this scenario, if
    /// given), when it is still running or still waits for its reflection
    /// (completed, or stopped after the first answer); none when that shift
    /// asks for no reflection (stopped before the first answer).
    fn open_shift(
        &self,
        learner: LearnerId,
        scenario_id: Option<&str>,
    ) -> impl Future<Output = Result<Option<Shift>, StoreError>> + Send;

    /// All the learner's shifts, newest first (for teachers: reports and
    /// reflections).
    fn shifts(
        &self,
        learner: LearnerId,
    ) -> impl Future<Output = Result<Vec<Shift>, StoreError>> + Send;

    /// Every learner's finished shifts, newest first, with the learner's
    /// name (display name, local name or Telegram id): the teacher's view of
    /// reports and reflections.
    fn finished_shifts(
        &self,
    ) -> impl Future<Output = Result<Vec<(String, Shift)>, StoreError>> + Send;
}

const COLUMNS: &str = "id, learner_id, scenario_id, status, score, session, report, reflection, \
     started_at, finished_at";

fn shift_from(row: &SqliteRow) -> Result<Shift, StoreError> {
    let session: String = row.try_get("session")?;
    let report: Option<String> = row.try_get("report")?;
    let status: String = row.try_get("status")?;
    let score: Option<i64> = row.try_get("score")?;
    Ok(Shift {
        id: ShiftId(row.try_get("id")?),
        learner: LearnerId(row.try_get("learner_id")?),
        scenario_id: row.try_get("scenario_id")?,
        status: AttemptStatus::parse(&status)?,
        score: score.map(|s| s.clamp(0, 100) as u32),
        session: serde_json::from_str(&session)?,
        report: report.as_deref().map(serde_json::from_str).transpose()?,
        reflection: row.try_get("reflection")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

impl SqliteStore {
    /// [`ShiftStore::start_shift`] inside a caller's transaction.
    pub(super) async fn start_shift_in(
        conn: &mut SqliteConnection,
        learner: LearnerId,
        session: &ShiftSession,
        started_at: DateTime<Utc>,
    ) -> Result<ShiftId, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO shifts (learner_id, scenario_id, status, session, started_at, updated_at) \
             VALUES (?, ?, 'in_progress', ?, ?, ?) RETURNING id",
        )
        .bind(learner.0)
        .bind(&session.scenario_id)
        .bind(serde_json::to_string(session)?)
        .bind(started_at)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await?;
        Ok(ShiftId(id))
    }

    /// [`ShiftStore::save_shift`] inside a caller's transaction.
    pub(super) async fn save_shift_in(
        conn: &mut SqliteConnection,
        id: ShiftId,
        session: &ShiftSession,
        report: Option<&ShiftReport>,
    ) -> Result<(), StoreError> {
        let at = Utc::now();
        let updated = sqlx::query(
            "UPDATE shifts SET session = ?, reflection = COALESCE(?, reflection), updated_at = ? \
             WHERE id = ?",
        )
        .bind(serde_json::to_string(session)?)
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
        let finished = sqlx::query(
            "UPDATE shifts SET status = ?, score = ?, report = ?, finished_at = ? \
             WHERE id = ? AND status = 'in_progress' RETURNING learner_id",
        )
        .bind(status.as_str())
        .bind(i64::from(report.score))
        .bind(serde_json::to_string(report)?)
        .bind(at)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = finished
            && status == AttemptStatus::Completed
        {
            let learner: i64 = row.try_get("learner_id")?;
            add_progress(conn, learner, &report.scorecard, at).await?;
        }
        Ok(())
    }

    /// [`ShiftStore::shift`] on a caller's connection.
    pub(super) async fn shift_in(
        conn: &mut SqliteConnection,
        id: ShiftId,
    ) -> Result<Option<Shift>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM shifts WHERE id = ?"))
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?;
        row.as_ref().map(shift_from).transpose()
    }
}

pub(super) async fn open_shift(
    conn: &mut SqliteConnection,
    learner: LearnerId,
    scenario_id: Option<&str>,
) -> Result<Option<Shift>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM shifts WHERE learner_id = ? \
         AND (status = 'in_progress' OR reflection IS NULL) \
         AND (? IS NULL OR scenario_id = ?) ORDER BY id DESC LIMIT 1"
    ))
    .bind(learner.0)
    .bind(scenario_id)
    .bind(scenario_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(shift_from).transpose()?.filter(is_open))
}

/// Whether the newest shift without a reflection is still open: running, or
/// asking for its reflection. Which finished shifts ask for one is the
/// session's rule (a shift stopped before the first answer does not), so it
/// is decided here rather than in SQL; such a shift closes the ones before it.
pub(super) fn is_open(shift: &Shift) -> bool {
    !shift.session.finished || shift.session.awaits_reflection()
}

pub(super) async fn shifts(
    conn: &mut SqliteConnection,
    learner: LearnerId,
) -> Result<Vec<Shift>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM shifts WHERE learner_id = ? ORDER BY id DESC"
    ))
    .bind(learner.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(shift_from).collect()
}

pub(super) async fn finished_shifts(
    conn: &mut SqliteConnection,
) -> Result<Vec<(String, Shift)>, StoreError> {
    let columns: Vec<String> = COLUMNS
        .split(',')
        .map(|c| format!("s.{}", c.trim()))
        .collect();
    let rows = sqlx::query(&format!(
        "SELECT {}, COALESCE(l.display_name, l.local_name, \
         'Telegram ' || l.telegram_user_id) AS who FROM shifts s \
         JOIN learners l ON l.id = s.learner_id WHERE s.report IS NOT NULL \
         ORDER BY s.id DESC",
        columns.join(", ")
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("who")?, shift_from(row)?)))
        .collect()
}

/// Every [`Database`](super::Database) is a [`ShiftStore`]: each method is one unit.
impl<D: super::Database> ShiftStore for D {
    async fn start_shift(
        &self,
        learner: LearnerId,
        session: &ShiftSession,
        started_at: DateTime<Utc>,
    ) -> Result<ShiftId, StoreError> {
        let session = session.clone();
        self.write(move |tx| {
            let session = session.clone();
            Box::pin(async move { tx.start_shift(learner, &session, started_at).await })
        })
        .await
    }

    async fn save_shift(
        &self,
        id: ShiftId,
        session: &ShiftSession,
        report: Option<&ShiftReport>,
    ) -> Result<(), StoreError> {
        let (session, report) = (session.clone(), report.cloned());
        self.write(move |tx| {
            let (session, report) = (session.clone(), report.clone());
            Box::pin(async move { tx.save_shift(id, &session, report.as_ref()).await })
        })
        .await
    }

    async fn shift(&self, id: ShiftId) -> Result<Option<Shift>, StoreError> {
        self.read().await?.shift(id).await
    }

    async fn open_shift(
        &self,
        learner: LearnerId,
        scenario_id: Option<&str>,
    ) -> Result<Option<Shift>, StoreError> {
        self.read().await?.open_shift(learner, scenario_id).await
    }

    async fn shifts(&self, learner: LearnerId) -> Result<Vec<Shift>, StoreError> {
        self.read().await?.shifts(learner).await
    }

    async fn finished_shifts(&self) -> Result<Vec<(String, Shift)>, StoreError> {
        self.read().await?.finished_shifts().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{LearnerKey, Store};
    use crate::webcare::shift::{self, Input, Output};
    use crate::webcare::{PreparedScenario, check_scenario_source};

    const FIXTURE: &str = include_str!("../../tests/fixtures/webcare/webcare-test.toml");
    const CATALOGUE: &str = include_str!("../../tests/fixtures/webcare/werkprocessen.toml");

    fn scenario() -> PreparedScenario {
        let catalogue =
            crate::dialogue::Catalogue::parse("werkprocessen.toml", CATALOGUE.as_bytes()).unwrap();
        check_scenario_source("webcare-test.toml", FIXTURE, &catalogue)
            .0
            .unwrap()
    }

    fn report_of(outputs: &[Output]) -> Option<&ShiftReport> {
        outputs.iter().find_map(|o| match o {
            Output::Report(r) => Some(r.as_ref()),
            _ => None,
        })
    }

    /// Applies inputs like a front end: every new session is saved.
    async fn play(
        store: &SqliteStore,
        id: ShiftId,
        p: &PreparedScenario,
        mut s: ShiftSession,
        inputs: Vec<(u64, Input)>,
    ) -> ShiftSession {
        let m = crate::matching::Matcher::new();
        for (now, input) in inputs {
            let (next, out) = shift::handle(p, &m, s, input, now);
            s = next;
            store.save_shift(id, &s, report_of(&out)).await.unwrap();
        }
        s
    }

    fn reply(id: &str, text: &str) -> Input {
        Input::Reply {
            message: Some(id.into()),
            text: text.into(),
        }
    }

    #[tokio::test]
    async fn a_shift_survives_a_restart_and_its_end_counts_as_progress() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let p = scenario();
        let started = Utc::now();
        let (learner, id) = {
            let store = SqliteStore::open(&url).await.unwrap();
            let learner = store
                .learner(LearnerKey::Local("local"), None)
                .await
                .unwrap();
            let (s, _) = shift::start(&p);
            let id = store.start_shift(learner.id, &s, started).await.unwrap();
            play(
                &store,
                id,
                &p,
                s,
                vec![(20, reply("klacht", "Sorry! Stuur je een DM? ^Sam"))],
            )
            .await;
            (learner.id, id)
        };

        // A new process: the shift is found with its schedule intact.
        let store = SqliteStore::open(&url).await.unwrap();
        let open = store.open_shift(learner, None).await.unwrap().unwrap();
        assert_eq!(open.id, id);
        assert_eq!(open.status, AttemptStatus::InProgress);
        assert_eq!(open.started_at.timestamp(), started.timestamp());
        assert!(
            open.session
                .pending
                .iter()
                .any(|x| x.message == "dm" && x.at == 110)
        );

        let s = play(
            &store,
            id,
            &p,
            open.session,
            vec![
                (
                    40,
                    Input::Escalate {
                        message: Some("gevaar".into()),
                    },
                ),
                (40, reply("gevaar", "Sorry, mijn teamleider belt je ^Sam")),
                (100, reply("vraag", "Dank ^Sam")),
                (150, reply("dm", "Dank ^Sam")),
            ],
        )
        .await;
        assert!(s.awaits_reflection());
        let done = store.shift(id).await.unwrap().unwrap();
        assert_eq!(
            (done.status, done.score),
            (AttemptStatus::Completed, Some(100))
        );
        // Still open: the reflection is missing.
        assert_eq!(
            store.open_shift(learner, None).await.unwrap().map(|s| s.id),
            Some(id)
        );

        let s = play(
            &store,
            id,
            &p,
            s,
            vec![(160, Input::Reflection("Eerst de ouder, goed zo.".into()))],
        )
        .await;
        assert!(!s.awaits_reflection());
        let done = store.shift(id).await.unwrap().unwrap();
        assert_eq!(done.reflection.as_deref(), Some("Eerst de ouder, goed zo."));
        assert!(store.open_shift(learner, None).await.unwrap().is_none());

        // Saving the finished shift again does not count it twice.
        store
            .save_shift(id, &s, done.report.as_ref())
            .await
            .unwrap();
        let progress = store.progress(learner).await.unwrap();
        assert_eq!(progress.len(), 1);
        assert_eq!(progress[0].werkproces, "B1-K2-W3");
        assert_eq!((progress[0].attempts, progress[0].best_score), (1, 100));
        assert!(
            progress[0]
                .criteria
                .iter()
                .any(|c| c.gedrag == crate::webcare::score::GEDRAG_INSCHAKELEN && c.met == 1)
        );
        assert_eq!(store.shifts(learner).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_stopped_shift_is_no_progress() {
        let store = SqliteStore::open("sqlite::memory:").await.unwrap();
        let learner = store
            .learner(LearnerKey::Local("local"), None)
            .await
            .unwrap();
        let p = scenario();
        let (s, _) = shift::start(&p);
        let id = store.start_shift(learner.id, &s, Utc::now()).await.unwrap();
        play(&store, id, &p, s, vec![(10, Input::Stop)]).await;
        let shift = store.shift(id).await.unwrap().unwrap();
        assert_eq!(shift.status, AttemptStatus::Stopped);
        assert!(store.progress(learner.id).await.unwrap().is_empty());
    }
}
