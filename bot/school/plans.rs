//! Weekly plans: a class's series of dialogues, one pushed per week at its
//! slot. The changes a teacher makes ([`PlanChange`], through
//! [`preview`] and [`change`], which take the [`TeacherOf`] proof) and the
//! scheduler's decisions: which plan is due at an instant ([`due`]), the
//! deadline a push gets ([`push_deadline`]) and the push itself as one unit
//! ([`claim_due`]). Time is the caller's: the front end runs these on its
//! clock.
//!
//! Catch-up after downtime: a plan is due when the first slot after its
//! anchor (the last change or push) has come, however long ago. A push moves
//! the anchor to the moment of the push, so a bot that was down for three
//! weeks pushes once and then goes on weekly, never three at once.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::auth::TeacherOf;
use super::calendar::{self, WeeklySlot};
use crate::store::assignments::{Assignment, NewAssignment};
use crate::store::classes::Class;
use crate::store::{AssignmentId, ClassId, Reads, StoreError, Tx};

pub use crate::store::assignments::{Plan, PlanItem};

/// A plan push's deadline is its next slot, but never closer than this.
pub const MIN_PLAN_DEADLINE: Duration = Duration::days(2);

/// A change the teacher makes to a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanChange {
    /// The upcoming dialogues become these.
    Replace(Vec<String>),
    Append(Vec<String>),
    /// Removes the n-th upcoming dialogue (1-based).
    Remove(usize),
    Slot(WeeklySlot),
    Pause,
    Resume,
    /// Only looked at (a new plan gets the defaults).
    None,
}

/// Why a plan change was refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanRefusal {
    /// `Remove(asked)` while only `upcoming` dialogues are still to come.
    #[error("no upcoming dialogue number {asked} (the plan has {upcoming})")]
    NoSuchNumber {
        asked: usize,
        upcoming: usize,
        /// The plan as it is, to show again (None: the class has none).
        plan: Option<Plan>,
    },
}

/// The plan a change would give, before it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPreview {
    /// Whether the class had a plan (a first look shows the defaults).
    pub existed: bool,
    pub plan: Plan,
}

/// A plan change as saved, redone on the state inside the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChanged {
    pub plan: Plan,
}

/// A new plan: no dialogues, the default slot, counting from `now`.
pub fn new_plan(class: ClassId, now: i64) -> Plan {
    let slot = WeeklySlot::default();
    Plan {
        class_id: class.0,
        weekday: i64::from(slot.weekday.number_from_monday()),
        minute: slot.minute_of_day(),
        paused: false,
        anchor_at: now,
        items: Vec::new(),
    }
}

fn upcoming(ids: &[String]) -> Vec<PlanItem> {
    ids.iter()
        .map(|id| PlanItem {
            position: 0,
            dialogue_id: id.clone(),
            pushed_at: None,
        })
        .collect()
}

/// The plan's weekly slot.
pub fn slot(plan: &Plan) -> WeeklySlot {
    WeeklySlot::from_stored(plan.weekday, plan.minute)
}

/// How many of the plan's dialogues are still to come.
pub fn upcoming_count(plan: &Plan) -> usize {
    plan.items.iter().filter(|i| i.pushed_at.is_none()).count()
}

/// The upcoming dialogues with the moment each will be pushed (from the
/// anchor on; a paused plan's dates hold once it is resumed now).
pub fn schedule(tz: Tz, plan: &Plan) -> Vec<(&PlanItem, DateTime<Utc>)> {
    let next: Vec<&PlanItem> = plan
        .items
        .iter()
        .filter(|i| i.pushed_at.is_none())
        .collect();
    let anchor = DateTime::from_timestamp(plan.anchor_at, 0).unwrap_or_default();
    let dates = calendar::next_slots(tz, slot(plan), anchor, next.len());
    next.into_iter().zip(dates).collect()
}

impl PlanChange {
    /// The plan after the change. Every change restarts the count from now,
    /// so the next push is the first slot after it (a change never fires a
    /// slot that lies in the past).
    pub fn apply(&self, mut plan: Plan, now: i64) -> Plan {
        let pushed = plan.items.iter().filter(|i| i.pushed_at.is_some()).count();
        match self {
            PlanChange::Replace(ids) => {
                plan.items.truncate(pushed);
                plan.items.extend(upcoming(ids));
            }
            PlanChange::Append(ids) => plan.items.extend(upcoming(ids)),
            PlanChange::Remove(n) => {
                let i = pushed + n.saturating_sub(1);
                if *n >= 1 && i < plan.items.len() {
                    plan.items.remove(i);
                }
            }
            PlanChange::Slot(slot) => {
                plan.weekday = i64::from(slot.weekday.number_from_monday());
                plan.minute = slot.minute_of_day();
            }
            PlanChange::Pause => plan.paused = true,
            PlanChange::Resume => plan.paused = false,
            PlanChange::None => return plan,
        }
        plan.anchor_at = now;
        plan
    }

    /// Whether it changes anything (a look does not).
    pub fn changes(&self) -> bool {
        *self != PlanChange::None
    }

    /// The plan after the change, or why it cannot be made.
    fn on(&self, current: Option<Plan>, class: ClassId, now: i64) -> Result<Plan, PlanRefusal> {
        if let PlanChange::Remove(n) = self {
            let upcoming = current.as_ref().map_or(0, upcoming_count);
            if *n > upcoming || *n == 0 {
                return Err(PlanRefusal::NoSuchNumber {
                    asked: *n,
                    upcoming,
                    plan: current,
                });
            }
        }
        Ok(self.apply(current.unwrap_or_else(|| new_plan(class, now)), now))
    }
}

/// The class's plan after `change` (for a look, as it is), without saving
/// it: what the teacher is shown. A refusal changes nothing.
pub async fn preview(
    db: &mut dyn Reads,
    class: &TeacherOf,
    change: &PlanChange,
    now: i64,
) -> Result<Result<PlanPreview, PlanRefusal>, StoreError> {
    let current = db.plan(class.class_id()).await?;
    let existed = current.is_some();
    Ok(change
        .on(current, class.class_id(), now)
        .map(|plan| PlanPreview { existed, plan }))
}

/// Saves `change` on the plan as it is inside the unit, so a push between
/// the preview and the save is never undone or repeated. A change that has
/// become impossible in between (a removal of a number that is gone)
/// changes nothing.
pub async fn change(
    tx: &mut dyn Tx,
    class: &TeacherOf,
    change: &PlanChange,
    now: i64,
) -> Result<Result<PlanChanged, PlanRefusal>, StoreError> {
    let current = tx.plan(class.class_id()).await?;
    match change.on(current, class.class_id(), now) {
        Ok(plan) => {
            if change.changes() {
                tx.save_plan(&plan, now).await?;
            }
            Ok(Ok(PlanChanged { plan }))
        }
        Err(refusal) => Ok(Err(refusal)),
    }
}

// ---- The scheduler's decisions ----

/// A plan whose next dialogue is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePush {
    pub plan: Plan,
    pub item: PlanItem,
    /// The slot that has come (recorded with the assignment, so a slot is
    /// pushed once).
    pub slot_at: DateTime<Utc>,
}

/// The plan's next dialogue, if its slot (the first after the anchor) has
/// come by `now` and the plan is not paused.
pub fn due(tz: Tz, plan: Option<Plan>, now: DateTime<Utc>) -> Option<DuePush> {
    let plan = plan?;
    let item = plan.next_item()?.clone();
    let anchor = DateTime::from_timestamp(plan.anchor_at, 0).unwrap_or_default();
    let slot_at = calendar::next_slot(tz, slot(&plan), anchor);
    (!plan.paused && slot_at <= now).then_some(DuePush {
        plan,
        item,
        slot_at,
    })
}

/// The deadline of a push at `now`: the plan's next slot, or the one after
/// when the next is closer than [`MIN_PLAN_DEADLINE`].
pub fn push_deadline(tz: Tz, slot: WeeklySlot, now: DateTime<Utc>) -> DateTime<Utc> {
    let deadline = calendar::next_slot(tz, slot, now);
    if deadline - now < MIN_PLAN_DEADLINE {
        calendar::next_slot(tz, slot, deadline)
    } else {
        deadline
    }
}

/// What one scheduler unit did with a class's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanPush {
    /// Nothing was due any more (the teacher changed the plan, or another
    /// pass pushed it).
    NotDue,
    /// The planned dialogue no longer exists: claimed, not sent, so the
    /// plan goes on next week. The teacher must be told.
    Gone { class: Class, dialogue_id: String },
    /// Recorded: the front end sends `assignment` to the class.
    Pushed {
        class: Class,
        assignment: Assignment,
        deadline: DateTime<Utc>,
    },
}

/// The plan push as (part of) one write unit: checks again whether it is
/// due (the teacher may have changed the plan), claims the item and records
/// the assignment. `exists` says whether a dialogue can still be given.
/// The caller queues the messages in the same unit, so it is all or nothing.
pub async fn claim_due(
    tx: &mut dyn Tx,
    class_id: ClassId,
    tz: Tz,
    now: DateTime<Utc>,
    exists: &(dyn Fn(&str) -> bool + Sync),
) -> Result<PlanPush, StoreError> {
    let Some(push) = due(tz, tx.plan(class_id).await?, now) else {
        return Ok(PlanPush::NotDue);
    };
    let Some(class) = tx.class(class_id).await? else {
        return Ok(PlanPush::NotDue);
    };
    let item = push.item;
    if !tx
        .claim_plan_item(class_id, item.position, now.timestamp())
        .await?
    {
        return Ok(PlanPush::NotDue);
    }
    if !exists(&item.dialogue_id) {
        return Ok(PlanPush::Gone {
            class,
            dialogue_id: item.dialogue_id,
        });
    }
    let deadline = push_deadline(tz, slot(&push.plan), now);
    let new = NewAssignment {
        class_id: class_id.0,
        dialogue_id: &item.dialogue_id,
        due_at: deadline.timestamp(),
        created_by: None,
        plan_slot: Some(push.slot_at.timestamp()),
        now: now.timestamp(),
    };
    let Some(assignment) = tx.create_assignment(&new).await? else {
        // This slot was pushed already: the claim above is kept, nothing is sent.
        return Ok(PlanPush::NotDue);
    };
    tx.link_plan_item(class_id, item.position, AssignmentId(assignment.id))
        .await?;
    Ok(PlanPush::Pushed {
        class,
        assignment,
        deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::school::auth;
    use crate::school::calendar::DEFAULT_TIMEZONE;
    use crate::store::prelude::*;
    use crate::store::{AnyStore, open};

    const TEACHER: i64 = 7001;
    const OTHER: i64 = 7002;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test time")
            .with_timezone(&Utc)
    }

    fn plan_with(pushed: &[&str], next: &[&str]) -> Plan {
        let mut plan = new_plan(ClassId(1), 100);
        for (i, id) in pushed.iter().enumerate() {
            plan.items.push(PlanItem {
                position: i as i64 + 1,
                dialogue_id: id.to_string(),
                pushed_at: Some(50),
            });
        }
        plan.items.extend(upcoming(
            &next.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        ));
        plan
    }

    fn ids(plan: &Plan) -> Vec<(&str, bool)> {
        plan.items
            .iter()
            .map(|i| (i.dialogue_id.as_str(), i.pushed_at.is_some()))
            .collect()
    }

    #[test]
    fn replacing_a_plan_keeps_what_was_pushed_and_restarts_from_now() {
        let plan = plan_with(&["a"], &["b", "c"]);
        let after = PlanChange::Replace(vec!["d".into(), "e".into()]).apply(plan, 500);
        assert_eq!(ids(&after), [("a", true), ("d", false), ("e", false)]);
        assert_eq!(after.anchor_at, 500);
    }

    #[test]
    fn removing_counts_only_the_upcoming_dialogues() {
        let plan = plan_with(&["a"], &["b", "c"]);
        let after = PlanChange::Remove(2).apply(plan.clone(), 500);
        assert_eq!(ids(&after), [("a", true), ("b", false)]);
        let unchanged = PlanChange::Remove(5).apply(plan, 500);
        assert_eq!(unchanged.items.len(), 3);
    }

    #[test]
    fn pausing_and_resuming_flip_the_flag_and_looking_changes_nothing() {
        let plan = plan_with(&[], &["a"]);
        let paused = PlanChange::Pause.apply(plan.clone(), 500);
        assert!(paused.paused);
        assert!(!PlanChange::Resume.apply(paused, 600).paused);
        assert_eq!(PlanChange::None.apply(plan.clone(), 900), plan);
    }

    #[test]
    fn removing_a_number_beyond_the_upcoming_ones_is_refused_with_the_plan_as_it_is() {
        let plan = plan_with(&["a"], &["b"]);
        let refused = PlanChange::Remove(2).on(Some(plan.clone()), ClassId(1), 500);
        assert_eq!(
            refused,
            Err(PlanRefusal::NoSuchNumber {
                asked: 2,
                upcoming: 1,
                plan: Some(plan),
            })
        );
        assert!(PlanChange::Remove(1).on(None, ClassId(1), 500).is_err());
    }

    #[test]
    fn a_plan_is_due_once_the_first_slot_after_its_anchor_has_come_and_not_while_paused() {
        let tz = DEFAULT_TIMEZONE;
        // Anchored on Wednesday 6 January 2027; the slot is Monday 08:30 (07:30 UTC).
        let mut plan = plan_with(&[], &["a", "b"]);
        plan.anchor_at = utc("2027-01-06T12:00:00Z").timestamp();
        assert_eq!(
            due(tz, Some(plan.clone()), utc("2027-01-11T07:29:00Z")),
            None
        );
        let push = due(tz, Some(plan.clone()), utc("2027-01-11T07:30:00Z")).expect("due");
        assert_eq!(push.item.dialogue_id, "a");
        assert_eq!(push.slot_at, utc("2027-01-11T07:30:00Z"));
        plan.paused = true;
        assert_eq!(due(tz, Some(plan), utc("2027-01-11T08:00:00Z")), None);
        assert_eq!(due(tz, None, utc("2027-01-11T08:00:00Z")), None);
    }

    #[test]
    fn after_weeks_of_downtime_a_plan_is_due_for_its_first_missed_slot_only() {
        let tz = DEFAULT_TIMEZONE;
        let mut plan = plan_with(&[], &["a", "b", "c"]);
        plan.anchor_at = utc("2027-01-06T12:00:00Z").timestamp();
        // Three Mondays later the bot is back: one push, for the first missed slot.
        let push = due(tz, Some(plan), utc("2027-01-27T09:00:00Z")).expect("due");
        assert_eq!(push.item.dialogue_id, "a");
        assert_eq!(push.slot_at, utc("2027-01-11T07:30:00Z"));
    }

    #[test]
    fn a_push_deadline_is_the_next_slot_unless_that_is_under_two_days_away() {
        let tz = DEFAULT_TIMEZONE;
        let monday = WeeklySlot::default();
        assert_eq!(
            push_deadline(tz, monday, utc("2027-01-11T07:30:00Z")),
            utc("2027-01-18T07:30:00Z")
        );
        // Pushed late on Sunday (catch-up): not the next morning, the Monday after.
        assert_eq!(
            push_deadline(tz, monday, utc("2027-01-17T12:00:00Z")),
            utc("2027-01-25T07:30:00Z")
        );
    }

    async fn store() -> (tempfile::TempDir, AnyStore, ClassId) {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let store = open(&url).await.expect("store");
        let class = store
            .write(|tx| {
                Box::pin(async move {
                    for (code, teacher) in [("INV-1", TEACHER), ("INV-2", OTHER)] {
                        tx.create_invite(code, 1, i64::MAX / 2).await?;
                        tx.redeem_invite(code, teacher).await?;
                    }
                    let class = tx.create_class_for("2B", "CODE2B", TEACHER).await?;
                    Ok::<_, StoreError>(ClassId(class.id))
                })
            })
            .await
            .expect("class");
        (dir, store, class)
    }

    async fn proof(store: &AnyStore, user: i64, class: ClassId) -> Option<TeacherOf> {
        let mut db = store.read().await.expect("read");
        auth::teacher_of_id(&mut *db, &[], user, class)
            .await
            .expect("store")
            .ok()
    }

    async fn save(store: &AnyStore, class: &TeacherOf, c: PlanChange, now: i64) -> Plan {
        let class = class.clone();
        store
            .write(move |tx| {
                let (class, c) = (class.clone(), c.clone());
                Box::pin(async move { change(tx, &class, &c, now).await })
            })
            .await
            .expect("store")
            .expect("changed")
            .plan
    }

    #[tokio::test]
    async fn a_saved_plan_is_pushed_once_per_slot_and_a_second_pass_finds_nothing() {
        let (_dir, store, class) = store().await;
        let mine = proof(&store, TEACHER, class).await.expect("own class");
        assert!(
            proof(&store, OTHER, class).await.is_none(),
            "another teacher gets no proof, so cannot change this plan"
        );
        let anchor = utc("2027-01-06T12:00:00Z");
        let plan = save(
            &store,
            &mine,
            PlanChange::Replace(vec!["a".into(), "b".into()]),
            anchor.timestamp(),
        )
        .await;
        assert_eq!(ids(&plan), [("a", false), ("b", false)]);
        let at = utc("2027-01-11T07:30:00Z");
        async fn pass(store: &AnyStore, class: ClassId, at: DateTime<Utc>) -> PlanPush {
            store
                .write(move |tx| {
                    Box::pin(
                        async move { claim_due(tx, class, DEFAULT_TIMEZONE, at, &|_| true).await },
                    )
                })
                .await
                .expect("a scheduler pass")
        }
        match pass(&store, class, at).await {
            PlanPush::Pushed {
                assignment,
                deadline,
                ..
            } => {
                assert_eq!(assignment.dialogue_id, "a");
                assert_eq!(deadline, utc("2027-01-18T07:30:00Z"));
            }
            other => panic!("expected a push, got {other:?}"),
        }
        assert_eq!(pass(&store, class, at).await, PlanPush::NotDue);
        let mut db = store.read().await.expect("read");
        let stored = db.plan(class).await.expect("plan").expect("a plan");
        assert_eq!(ids(&stored), [("a", true), ("b", false)]);
        assert_eq!(
            stored.anchor_at,
            at.timestamp(),
            "the push moved the anchor"
        );
    }

    #[tokio::test]
    async fn a_planned_dialogue_that_no_longer_exists_is_skipped_and_the_plan_goes_on() {
        let (_dir, store, class) = store().await;
        let mine = proof(&store, TEACHER, class).await.expect("own class");
        let anchor = utc("2027-01-06T12:00:00Z");
        save(
            &store,
            &mine,
            PlanChange::Replace(vec!["weg".into(), "b".into()]),
            anchor.timestamp(),
        )
        .await;
        let at = utc("2027-01-11T07:30:00Z");
        let outcome = store
            .write(move |tx| {
                Box::pin(async move {
                    claim_due(tx, class, DEFAULT_TIMEZONE, at, &|id| id != "weg").await
                })
            })
            .await
            .expect("pass");
        assert!(
            matches!(&outcome, PlanPush::Gone { dialogue_id, .. } if dialogue_id == "weg"),
            "{outcome:?}"
        );
        let mut db = store.read().await.expect("read");
        let stored = db.plan(class).await.expect("plan").expect("a plan");
        assert_eq!(
            stored.next_item().map(|i| i.dialogue_id.as_str()),
            Some("b")
        );
        assert_eq!(
            db.current_assignment(class, at.timestamp())
                .await
                .expect("read"),
            None,
            "nothing was given"
        );
    }
}
