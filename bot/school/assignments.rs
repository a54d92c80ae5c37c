//! Assignments: a dialogue given to a class with a deadline, the reminders
//! to who has not done it (by the teacher, and automatically before the
//! deadline) and a student's list with each one's status.
//!
//! A teacher's operations take the [`TeacherOf`] proof. What the students
//! get (the push, the reminder) is the front end's to render and queue in
//! the same unit that [`Give::record`] or [`claim_reminder`] runs in, so a
//! recorded assignment and its messages are all or nothing.

use chrono::{DateTime, Duration, Utc};

use super::auth::TeacherOf;
use super::calendar::Deadline;
use crate::store::assignments::{NewAssignment, NotDone};
use crate::store::classes::Class;
use crate::store::{AssignmentId, ClassId, LearnerId, Reads, StoreError, Tx};

pub use crate::store::assignments::{Assignment, StudentAssignment};

/// Tells the students of a class about a new assignment, through the front
/// end that reaches them (the Telegram bot: `telegram::AssignmentAnnouncer`).
/// Another front end that gives assignments (the dashboard) gets one
/// injected, so front ends need not import each other.
pub trait Announcer: Send + Sync {
    /// The outbox payloads every student of class `class` gets for dialogue
    /// `id` titled `title`, due `due` (written out in `tz`). Queue them with
    /// `outbox_push_class` in the unit that [`Give::record`]s the
    /// assignment, so the assignment and its messages are all or nothing.
    fn new_assignment(
        &self,
        class: &str,
        id: &str,
        title: &str,
        tz: chrono_tz::Tz,
        due: Deadline,
    ) -> Result<Vec<String>, AnnounceError>;
}

/// The announcement could not be written (its payload did not serialise).
#[derive(Debug, thiserror::Error)]
#[error("het bericht over de nieuwe opdracht kon niet worden opgesteld: {0}")]
pub struct AnnounceError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// A dialogue a teacher gives their class now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Give {
    pub class: TeacherOf,
    pub dialogue_id: String,
    pub due: Deadline,
}

/// What giving an assignment does, for the teacher's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assigned {
    pub due: Deadline,
    /// Who has not done it gets a reminder this long before the deadline
    /// (None: reminders are off, or the deadline is closer than that).
    pub auto_reminder: Option<Duration>,
}

impl Give {
    /// The outcome of giving it at `now`, before it is recorded. Who it
    /// reaches is the front end's to say (on Telegram: members who did not
    /// block the bot).
    pub fn outcome(&self, remind_before: Option<Duration>, now: DateTime<Utc>) -> Assigned {
        Assigned {
            due: self.due,
            auto_reminder: remind_before.filter(|before| self.due.at() - *before > now),
        }
    }

    /// Records the assignment in the caller's unit; the caller queues its
    /// push in the same unit. None: nothing was recorded (a plan slot that
    /// had one; never for a teacher's own).
    pub async fn record(
        &self,
        tx: &mut dyn Tx,
        now: i64,
    ) -> Result<Option<Assignment>, StoreError> {
        let new = NewAssignment {
            class_id: self.class.class_id().0,
            dialogue_id: &self.dialogue_id,
            due_at: self.due.timestamp(),
            created_by: Some(self.class.teacher()),
            plan_slot: None,
            now,
        };
        tx.create_assignment(&new).await
    }
}

/// A reminder the teacher asked for, to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminding {
    /// The class's current assignment.
    pub assignment: Assignment,
    /// Who has not done it, by name: every member, also those a front end
    /// cannot reach (it sends the reminder to whom it can).
    pub not_done: Vec<NotDone>,
}

/// Why a reminder the teacher asked for is not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemindRefusal {
    #[error("the class has no assignment")]
    NoAssignment,
    #[error("the deadline of assignment {} has passed", assignment.id)]
    DeadlinePassed { assignment: Assignment },
    #[error("everyone did assignment {}", assignment.id)]
    EveryoneDone { assignment: Assignment },
}

/// The reminder for the class's current assignment (the newest still open,
/// else the newest) at `now`, or why there is none to send.
pub async fn remind(
    db: &mut dyn Reads,
    class: &TeacherOf,
    now: i64,
) -> Result<Result<Reminding, RemindRefusal>, StoreError> {
    let Some(assignment) = db.current_assignment(class.class_id(), now).await? else {
        return Ok(Err(RemindRefusal::NoAssignment));
    };
    if assignment.due_at.is_some_and(|d| d <= now) {
        return Ok(Err(RemindRefusal::DeadlinePassed { assignment }));
    }
    let not_done = db.not_done(&assignment).await?;
    if not_done.is_empty() {
        return Ok(Err(RemindRefusal::EveryoneDone { assignment }));
    }
    Ok(Ok(Reminding {
        assignment,
        not_done,
    }))
}

/// The automatic reminders due at `now`: assignments not reminded yet whose
/// deadline is within `before`. Each is claimed by [`claim_reminder`].
pub async fn reminders_due(
    db: &mut dyn Reads,
    before: Duration,
    now: i64,
) -> Result<Vec<Assignment>, StoreError> {
    db.reminders_due(now, before.num_seconds()).await
}

/// Claims an automatic reminder in the caller's unit, which queues it: the
/// class to send it to, or None when it was sent already (another pass, a
/// restart) or the class is gone, and nothing is to be queued.
pub async fn claim_reminder(
    tx: &mut dyn Tx,
    assignment: &Assignment,
    now: i64,
) -> Result<Option<Class>, StoreError> {
    if !tx.claim_reminder(AssignmentId(assignment.id), now).await? {
        return Ok(None);
    }
    tx.class(ClassId(assignment.class_id)).await
}

/// Where a student stands with an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    /// Not done, and the deadline has passed.
    Late,
    Done,
    /// Done, after the deadline.
    DoneLate,
}

/// The student's status at `now`.
pub fn status(item: &StudentAssignment, now: i64) -> Status {
    match (item.done_at, item.assignment.due_at) {
        (Some(done), Some(due)) if done > due => Status::DoneLate,
        (Some(_), _) => Status::Done,
        (None, Some(due)) if due <= now => Status::Late,
        (None, _) => Status::Open,
    }
}

/// The learner's class and its newest `limit` assignments with the
/// learner's completion; None when they are in no class.
pub async fn of_learner(
    db: &mut dyn Reads,
    learner: LearnerId,
    limit: i64,
) -> Result<Option<(Class, Vec<StudentAssignment>)>, StoreError> {
    let Some(class) = db.class_of_learner(learner).await? else {
        return Ok(None);
    };
    let list = db
        .assignments_for_learner(ClassId(class.id), learner, limit)
        .await?;
    Ok(Some((class, list)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::school::auth;
    use crate::school::calendar::DEFAULT_TIMEZONE;
    use crate::store::prelude::*;
    use crate::store::{AnyStore, LearnerKey, open};

    const TEACHER: i64 = 8001;
    const ALI: i64 = 8101;
    const BO: i64 = 8102;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test time")
            .with_timezone(&Utc)
    }

    /// A school on a real SQLite file: a teacher's class 2B with Ali and Bo.
    async fn school() -> (tempfile::TempDir, AnyStore, TeacherOf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let store = open(&url).await.expect("store");
        let class = store
            .write(|tx| {
                Box::pin(async move {
                    tx.create_invite("INV-1", 1, i64::MAX / 2).await?;
                    tx.redeem_invite("INV-1", TEACHER).await?;
                    let class = tx.create_class_for("2B", "CODE2B", TEACHER).await?;
                    for (user, name) in [(ALI, "Ali"), (BO, "Bo")] {
                        let learner = tx.learner(LearnerKey::Telegram(user), Some(name)).await?;
                        tx.user_touch(user, user, name, learner.id).await?;
                        tx.join_class(learner.id, ClassId(class.id)).await?;
                    }
                    Ok::<_, StoreError>(ClassId(class.id))
                })
            })
            .await
            .expect("class");
        let mut db = store.read().await.expect("read");
        let proof = auth::teacher_of_id(&mut *db, &[], TEACHER, class)
            .await
            .expect("store")
            .expect("own class");
        drop(db);
        (dir, store, proof)
    }

    async fn give(store: &AnyStore, give: Give, now: i64) -> Option<Assignment> {
        store
            .write(move |tx| {
                let give = give.clone();
                Box::pin(async move { give.record(tx, now).await })
            })
            .await
            .expect("recorded")
    }

    #[tokio::test]
    async fn giving_an_assignment_says_whether_a_reminder_follows() {
        let (_dir, store, class) = school().await;
        let now = utc("2027-01-06T12:00:00Z");
        let tz = DEFAULT_TIMEZONE;
        let a_week = Give {
            class: class.clone(),
            dialogue_id: "oefening-1".into(),
            due: Deadline::in_a_week(tz, now),
        };
        let day = Some(Duration::hours(24));
        let outcome = a_week.outcome(day, now);
        assert_eq!(outcome.auto_reminder, day);
        let tomorrow = Give {
            due: Deadline::parse(tz, "2027-01-07 09:00", now).expect("deadline"),
            ..a_week.clone()
        };
        let close = tomorrow.outcome(day, now);
        assert_eq!(close.auto_reminder, None, "the deadline is within a day");
        let recorded = give(&store, a_week, now.timestamp())
            .await
            .expect("a new assignment");
        assert_eq!(recorded.class_id, class.class_id().0);
        assert_eq!(
            recorded.due_at,
            Some(utc("2027-01-13T12:00:00Z").timestamp())
        );
    }

    #[tokio::test]
    async fn a_reminder_goes_to_who_has_not_done_it_and_is_refused_without_an_open_assignment() {
        let (_dir, store, class) = school().await;
        let now = utc("2027-01-06T12:00:00Z");
        let mut db = store.read().await.expect("read");
        assert_eq!(
            remind(&mut *db, &class, now.timestamp())
                .await
                .expect("read"),
            Err(RemindRefusal::NoAssignment)
        );
        drop(db);
        let given = Give {
            class: class.clone(),
            dialogue_id: "oefening-1".into(),
            due: Deadline::in_a_week(DEFAULT_TIMEZONE, now),
        };
        let recorded = give(&store, given, now.timestamp()).await.expect("given");
        let mut db = store.read().await.expect("read");
        let reminding = remind(&mut *db, &class, now.timestamp())
            .await
            .expect("read")
            .expect("a reminder");
        let names: Vec<&str> = reminding.not_done.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Ali", "Bo"]);
        let later = utc("2027-01-20T12:00:00Z").timestamp();
        assert_eq!(
            remind(&mut *db, &class, later).await.expect("read"),
            Err(RemindRefusal::DeadlinePassed {
                assignment: recorded
            })
        );
    }

    #[tokio::test]
    async fn an_automatic_reminder_is_due_within_its_window_and_claimed_once() {
        let (_dir, store, class) = school().await;
        let now = utc("2027-01-06T12:00:00Z");
        let given = Give {
            class: class.clone(),
            dialogue_id: "oefening-1".into(),
            due: Deadline::in_a_week(DEFAULT_TIMEZONE, now),
        };
        give(&store, given, now.timestamp()).await.expect("given");
        let day = Duration::hours(24);
        let mut db = store.read().await.expect("read");
        assert!(
            reminders_due(&mut *db, day, now.timestamp())
                .await
                .expect("read")
                .is_empty(),
            "a week before the deadline nothing is due"
        );
        let eve = utc("2027-01-12T13:00:00Z").timestamp();
        let due = reminders_due(&mut *db, day, eve).await.expect("read");
        drop(db);
        assert_eq!(due.len(), 1);
        async fn claim(store: &AnyStore, a: &Assignment, at: i64) -> Option<Class> {
            let a = a.clone();
            store
                .write(move |tx| {
                    let a = a.clone();
                    Box::pin(async move { claim_reminder(tx, &a, at).await })
                })
                .await
                .expect("claim")
        }
        let first = claim(&store, &due[0], eve).await;
        assert_eq!(first.map(|c| c.name), Some("2B".to_string()));
        assert_eq!(claim(&store, &due[0], eve).await, None, "claimed once");
    }

    #[test]
    fn a_students_status_says_done_late_or_open_against_the_deadline() {
        let item = |done_at, due_at| StudentAssignment {
            assignment: Assignment {
                id: 1,
                class_id: 1,
                dialogue_id: "a".into(),
                due_at,
                created_at: 0,
                attempt_mark: 0,
            },
            done_at,
        };
        assert_eq!(status(&item(None, Some(100)), 50), Status::Open);
        assert_eq!(status(&item(None, Some(100)), 100), Status::Late);
        assert_eq!(status(&item(Some(90), Some(100)), 200), Status::Done);
        assert_eq!(status(&item(Some(110), Some(100)), 200), Status::DoneLate);
        assert_eq!(status(&item(None, None), 200), Status::Open);
    }
}
