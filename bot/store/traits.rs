//! The store as traits: what every front end and the school domain may ask
//! of the database, independent of SQLite or PostgreSQL.
//!
//! # Shape
//!
//! - One pair of traits per group of tables: `…Reads` (queries) and
//!   `…Writes` (changes). Groups: [`LearnerReads`] (learners, attempts,
//!   turns, progress), [`ShiftReads`] (webcare shifts), [`ClassReads`]
//!   (classes, class membership, teachers, invites, join attempts),
//!   [`AssignmentReads`] (assignments, weekly plans, reminders),
//!   [`UploadReads`] (teachers' uploaded dialogues), [`ReportReads`] (the
//!   class report's queries), [`WebReads`] (the web dashboard's login links
//!   and sessions) and [`TransportReads`] (the Telegram front end's own
//!   tables: inbox, outbox, users).
//! - [`Reads`] is every `…Reads` trait; [`Tx`] is [`Reads`] plus every
//!   `…Writes` trait: the **transaction unit**.
//! - [`Database`] opens the units: [`Database::read`] hands out a
//!   [`Reader`] (one pooled connection; no transaction, every call sees the
//!   latest commit), [`Database::write`] runs a closure on a `&mut dyn Tx`
//!   inside one transaction and returns its result once committed.
//!
//! Every method takes `&mut self` and returns a boxed future, so the traits
//! are object safe and the same code runs on either database. The SQLite
//! implementation implements them all on `sqlx::SqliteConnection`
//! (`bot/store/sqlite_tables.rs`); a PostgreSQL one implements them on
//! `sqlx::PgConnection` and a [`Database`] whose `write` runs the closure in
//! `BEGIN … COMMIT`.
//!
//! # Contract for implementers
//!
//! - **Atomic units.** Everything a `write` closure does commits together or
//!   not at all. If the closure returns `Err`, nothing of it is committed and
//!   the caller gets that error.
//! - **A unit may run twice.** SQLite's single writer commits the units that
//!   queued up together (group commit); when one fails, the batch is rolled
//!   back and each unit runs again on its own. So a closure is `FnMut`, must
//!   only touch the database through the `Tx` it is given, and clones what it
//!   needs into its future. Only one run is ever committed.
//! - **`Ok` means durable.** `write` returns only after the commit; "store,
//!   then confirm to Telegram" orderings depend on it.
//! - **Serialisable writes.** A unit that reads and then writes (e.g.
//!   [`ClassWrites::redeem_invite`], [`AssignmentWrites::claim_reminder`])
//!   must not interleave with another unit doing the same: SQLite has one
//!   writer; PostgreSQL takes row locks (`UPDATE … WHERE … RETURNING`,
//!   `SELECT … FOR UPDATE`) or runs units `SERIALIZABLE`.
//! - **Conditional writes report, they do not fail.** Methods named
//!   `claim_*`/`redeem_*` return `false` when the condition no longer holds;
//!   the caller decides whether that aborts its unit.
//! - **Times** are Unix seconds (`i64`) unless the type says otherwise;
//!   `DateTime<Utc>` values are stored with at least second precision.
//! - **Ids** are the typed ids of this module ([`LearnerId`], [`ClassId`],
//!   …). A Telegram user id or chat id is a plain `i64`: it belongs to the
//!   transport, and the school tables only keep it where a teacher or an
//!   uploader is identified by it (`classes.teacher_id`, `teachers.user_id`,
//!   `uploaded_dialogues.owner_id`).
//! - **Errors** are [`StoreError`] (the one error type of the store).
//!
//! The behaviour every implementation must show is pinned by the store's
//! tests (`bot/store/tests.rs`, the contract suite), which run against each
//! database.

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

use super::assignments::{Assignment, NewAssignment, NotDone, Plan, Recipients, StudentAssignment};
use super::classes::Class;
use super::reports::{ClassListing, Finished, Member};
use super::telegram::{PendingUpdate, TgUser};
use super::uploads::{NewUpload, StoredUpload};
use super::web::WebSession;
use super::{
    Attempt, AttemptId, Learner, LearnerId, LearnerKey, Shift, ShiftId, StoreError, StoredTurn,
    WerkprocesProgress,
};
use crate::engine::{Scorecard, Session, TurnRecord};
use crate::webcare::{ShiftReport, ShiftSession};

/// What every store method returns.
pub type StoreFuture<'a, T> = BoxFuture<'a, Result<T, StoreError>>;

/// A class (row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClassId(pub i64);

/// An assignment (row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AssignmentId(pub i64);

/// One stored version of an uploaded dialogue (row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UploadId(pub i64);

impl std::fmt::Display for ClassId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for AssignmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A running webcare shift of a learner who is on Telegram (for the ticker
/// that delivers the shift's due messages).
#[derive(Debug, Clone, PartialEq)]
pub struct RunningShift {
    pub shift: ShiftId,
    pub scenario_id: String,
    pub session: ShiftSession,
    pub started_at: DateTime<Utc>,
    pub chat_id: i64,
}

/// Learners, attempts, turns and progress: queries.
pub trait LearnerReads: Send {
    fn attempt(&mut self, id: AttemptId) -> StoreFuture<'_, Option<Attempt>>;
    /// The learner's newest in-progress attempt (of this dialogue, if given).
    fn open_attempt<'a>(
        &'a mut self,
        learner: LearnerId,
        dialogue_id: Option<&'a str>,
    ) -> StoreFuture<'a, Option<Attempt>>;
    /// All the learner's attempts, newest first.
    fn attempts(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<Attempt>>;
    /// The turns of an attempt, in order.
    fn turns(&mut self, attempt: AttemptId) -> StoreFuture<'_, Vec<StoredTurn>>;
    /// Progress per werkproces, by code (completed attempts and shifts).
    fn progress(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<WerkprocesProgress>>;
}

/// Learners, attempts, turns and progress: changes.
pub trait LearnerWrites: LearnerReads {
    /// Finds or creates the learner with this key; a given display name is
    /// stored (updated when it changed).
    fn learner<'a>(
        &'a mut self,
        key: LearnerKey<'a>,
        display_name: Option<&'a str>,
    ) -> StoreFuture<'a, Learner>;
    /// Records a new in-progress attempt for a freshly started session.
    fn start_attempt<'a>(
        &'a mut self,
        learner: LearnerId,
        session: &'a Session,
        werkprocessen: &'a [String],
    ) -> StoreFuture<'a, AttemptId>;
    /// The turn (for a judged reply), the new session and, with a
    /// scorecard, the final status, score and (completed only) progress.
    /// Finishing twice is a no-op.
    fn save_turn<'a>(
        &'a mut self,
        attempt: AttemptId,
        session: &'a Session,
        turn: Option<&'a TurnRecord>,
        scorecard: Option<&'a Scorecard>,
    ) -> StoreFuture<'a, ()>;
    /// Deletes the learner with everything stored about them (attempts,
    /// turns, progress, shifts, class membership).
    fn forget_learner(&mut self, learner: LearnerId) -> StoreFuture<'_, ()>;
}

/// Webcare shifts: queries.
pub trait ShiftReads: Send {
    fn shift(&mut self, id: ShiftId) -> StoreFuture<'_, Option<Shift>>;
    /// The learner's newest shift still running or waiting for its
    /// reflection (of this scenario, if given).
    fn open_shift<'a>(
        &'a mut self,
        learner: LearnerId,
        scenario_id: Option<&'a str>,
    ) -> StoreFuture<'a, Option<Shift>>;
    /// All the learner's shifts, newest first.
    fn shifts(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<Shift>>;
    /// Every learner's finished shifts, newest first, with the learner's
    /// name (display name, local name or Telegram id).
    fn finished_shifts(&mut self) -> StoreFuture<'_, Vec<(String, Shift)>>;
}

/// Webcare shifts: changes.
pub trait ShiftWrites: ShiftReads {
    fn start_shift<'a>(
        &'a mut self,
        learner: LearnerId,
        session: &'a ShiftSession,
        started_at: DateTime<Utc>,
    ) -> StoreFuture<'a, ShiftId>;
    /// The session after an input and, with a report, the final status,
    /// score and report and (completed only) progress. Finishing twice is a
    /// no-op; a reflection, once in the session, is saved too.
    fn save_shift<'a>(
        &'a mut self,
        id: ShiftId,
        session: &'a ShiftSession,
        report: Option<&'a ShiftReport>,
    ) -> StoreFuture<'a, ()>;
}

/// Classes, membership, teachers, invites: queries.
pub trait ClassReads: Send {
    fn class(&mut self, id: ClassId) -> StoreFuture<'_, Option<Class>>;
    /// The class with this join code (case-insensitive).
    fn class_by_code<'a>(&'a mut self, code: &'a str) -> StoreFuture<'a, Option<Class>>;
    /// The teacher's class with this name (case-insensitive).
    fn class_of_teacher<'a>(
        &'a mut self,
        teacher: i64,
        name: &'a str,
    ) -> StoreFuture<'a, Option<Class>>;
    /// The teacher's classes by name, each with its number of members.
    fn classes_of_teacher(&mut self, teacher: i64) -> StoreFuture<'_, Vec<(Class, i64)>>;
    /// The class the learner is a member of.
    fn class_of_learner(&mut self, learner: LearnerId) -> StoreFuture<'_, Option<Class>>;
    /// Whether this Telegram user is a teacher.
    fn is_teacher(&mut self, user: i64) -> StoreFuture<'_, bool>;
    /// Whether a teacher invite exists, is unused and has not expired at `at`.
    fn invite_usable<'a>(&'a mut self, code: &'a str, at: i64) -> StoreFuture<'a, bool>;
    /// Failed join codes of this user within the last `window`.
    fn join_failures(&mut self, user: i64, window: Duration) -> StoreFuture<'_, i64>;
}

/// Classes, membership, teachers, invites: changes.
pub trait ClassWrites: ClassReads {
    /// A class without a teacher (tests, the administrator).
    fn create_class<'a>(&'a mut self, name: &'a str, join_code: &'a str) -> StoreFuture<'a, Class>;
    /// A class owned by `teacher`.
    fn create_class_for<'a>(
        &'a mut self,
        name: &'a str,
        join_code: &'a str,
        teacher: i64,
    ) -> StoreFuture<'a, Class>;
    fn rename_class<'a>(&'a mut self, class: ClassId, name: &'a str) -> StoreFuture<'a, ()>;
    /// A new join code; the old one stops working.
    fn set_join_code<'a>(&'a mut self, class: ClassId, code: &'a str) -> StoreFuture<'a, ()>;
    /// Makes the learner a member of `class` (leaving any other class).
    fn join_class(&mut self, learner: LearnerId, class: ClassId) -> StoreFuture<'_, ()>;
    /// Removes the learner from the class (nothing if not a member).
    fn remove_member(&mut self, class: ClassId, learner: LearnerId) -> StoreFuture<'_, ()>;
    /// Counts a wrong join code against the user (see [`ClassReads::join_failures`]).
    fn record_join_failure(&mut self, user: i64) -> StoreFuture<'_, ()>;
    fn create_invite<'a>(
        &'a mut self,
        code: &'a str,
        created_by: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()>;
    /// Uses the invite and makes `user` a teacher; `false` (and no change)
    /// when the invite is unknown, used or expired.
    fn redeem_invite<'a>(&'a mut self, code: &'a str, user: i64) -> StoreFuture<'a, bool>;
    /// Leaves no row of the school's tables that names the teacher (or
    /// admin) `user` by Telegram id, for a confirmed forget-me: their
    /// classes stay for the students without a teacher, the assignments
    /// they gave without a giver, colleagues they invited without an
    /// inviter, invites they made keep working without a maker and the one
    /// they used goes; their uploads stay stored for the attempts that ran
    /// on them with an anonymous owner ([`FORGOTTEN_OWNER`]), and those not
    /// published to everyone leave the offer at `now`; their dashboard
    /// login links and sessions go. Nothing happens for a user who never
    /// taught.
    fn forget_teacher(&mut self, user: i64, now: i64) -> StoreFuture<'_, ()>;
}

/// The owner of a forgotten teacher's uploads: no Telegram user has id 0.
pub const FORGOTTEN_OWNER: i64 = 0;

/// Assignments, weekly plans, reminders: queries.
pub trait AssignmentReads: Send {
    /// The class's current assignment: the newest still open at `now`, else
    /// the newest.
    fn current_assignment(
        &mut self,
        class: ClassId,
        now: i64,
    ) -> StoreFuture<'_, Option<Assignment>>;
    /// The class's newest `limit` assignments with the learner's completion.
    fn assignments_for_learner(
        &mut self,
        class: ClassId,
        learner: LearnerId,
        limit: i64,
    ) -> StoreFuture<'_, Vec<StudentAssignment>>;
    /// The members who have not done the assignment (no completed attempt
    /// at its dialogue with an id above its attempt mark), by name; every
    /// member, whether or not a front end can reach them.
    fn not_done<'a>(&'a mut self, a: &'a Assignment) -> StoreFuture<'a, Vec<NotDone>>;
    /// Not yet reminded assignments whose deadline is within `before`
    /// seconds after `now` and that were given before their reminder time.
    fn reminders_due(&mut self, now: i64, before: i64) -> StoreFuture<'_, Vec<Assignment>>;
    fn plan(&mut self, class: ClassId) -> StoreFuture<'_, Option<Plan>>;
    /// Classes whose plan is not paused and still has an item to push.
    fn active_plan_classes(&mut self) -> StoreFuture<'_, Vec<ClassId>>;
}

/// Assignments, weekly plans, reminders: changes.
pub trait AssignmentWrites: AssignmentReads {
    /// Records an assignment; `None` when its plan slot has one already.
    fn create_assignment<'a>(
        &'a mut self,
        a: &'a NewAssignment<'a>,
    ) -> StoreFuture<'a, Option<Assignment>>;
    /// Marks the automatic reminder as sent; `false` if it was already.
    fn claim_reminder(&mut self, id: AssignmentId, now: i64) -> StoreFuture<'_, bool>;
    /// Replaces the plan with its items.
    fn save_plan<'a>(&'a mut self, plan: &'a Plan, now: i64) -> StoreFuture<'a, ()>;
    /// Marks a plan item as pushed and moves the plan's anchor to `now`;
    /// `false` if it was pushed already.
    fn claim_plan_item(&mut self, class: ClassId, position: i64, now: i64)
    -> StoreFuture<'_, bool>;
    fn link_plan_item(
        &mut self,
        class: ClassId,
        position: i64,
        assignment: AssignmentId,
    ) -> StoreFuture<'_, ()>;
}

/// Teachers' uploaded dialogues: queries.
pub trait UploadReads: Send {
    /// Every current upload (what is on offer).
    fn current_uploads(&mut self) -> StoreFuture<'_, Vec<StoredUpload>>;
    /// The current upload with this dialogue id.
    fn current_upload<'a>(
        &'a mut self,
        dialogue_id: &'a str,
    ) -> StoreFuture<'a, Option<StoredUpload>>;
    fn upload_version(&mut self, id: UploadId) -> StoreFuture<'_, Option<StoredUpload>>;
    /// Versions the owner uploaded at or after `since`.
    fn uploads_since(&mut self, owner: i64, since: i64) -> StoreFuture<'_, i64>;
    /// The upload version an attempt was started on.
    fn attempt_upload(&mut self, attempt: AttemptId) -> StoreFuture<'_, Option<UploadId>>;
    /// The uploaded scenario's version a shift was started on.
    fn shift_upload(&mut self, shift: ShiftId) -> StoreFuture<'_, Option<UploadId>>;
}

/// Teachers' uploaded dialogues: changes.
pub trait UploadWrites: UploadReads {
    /// Stores a new current version (the previous one becomes `replaced`).
    fn insert_upload<'a>(&'a mut self, new: &'a NewUpload) -> StoreFuture<'a, UploadId>;
    /// Takes the current version off the offer (`removed`).
    fn remove_upload<'a>(&'a mut self, dialogue_id: &'a str) -> StoreFuture<'a, ()>;
    fn set_upload_everyone<'a>(
        &'a mut self,
        dialogue_id: &'a str,
        everyone: bool,
    ) -> StoreFuture<'a, ()>;
    fn link_attempt_upload(&mut self, attempt: AttemptId, version: UploadId)
    -> StoreFuture<'_, ()>;
    /// Records that a shift runs on an uploaded scenario's version.
    fn link_shift_upload(&mut self, shift: ShiftId, version: UploadId) -> StoreFuture<'_, ()>;
}

/// The class report's queries (read only).
pub trait ReportReads: Send {
    /// Every class by name, with its number of students.
    fn class_listings(&mut self) -> StoreFuture<'_, Vec<ClassListing>>;
    /// Classes with this name (case-insensitive).
    fn class_listings_named<'a>(&'a mut self, name: &'a str) -> StoreFuture<'a, Vec<ClassListing>>;
    fn class_listing(&mut self, id: ClassId) -> StoreFuture<'_, Option<ClassListing>>;
    /// The class's students, by name.
    fn report_members(&mut self, class: ClassId) -> StoreFuture<'_, Vec<Member>>;
    /// Completed attempts and shifts of the class's students.
    fn finished(&mut self, class: ClassId) -> StoreFuture<'_, Vec<Finished>>;
    /// Dialogue ids assigned to the class, oldest first, each once.
    fn assigned_dialogues(&mut self, class: ClassId) -> StoreFuture<'_, Vec<String>>;
    /// The class and learner of an attempt (for a teacher's authorisation).
    fn attempt_class(
        &mut self,
        attempt: AttemptId,
    ) -> StoreFuture<'_, Option<(ClassId, LearnerId)>>;
}

/// The web dashboard's login links and sessions: queries. Secrets are
/// never stored, only their hashes (`…_hash`, made by the caller).
pub trait WebReads: Send {
    /// The session with this hash, if it has not expired at `now`.
    fn web_session<'a>(
        &'a mut self,
        id_hash: &'a str,
        now: i64,
    ) -> StoreFuture<'a, Option<WebSession>>;
    /// Login links made for the user at or after `since` (used or not).
    fn login_links_since(&mut self, user: i64, since: i64) -> StoreFuture<'_, i64>;
}

/// The web dashboard's login links and sessions: changes.
pub trait WebWrites: WebReads {
    fn create_login_link<'a>(
        &'a mut self,
        token_hash: &'a str,
        user: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()>;
    /// Uses the link: its user, or `None` (and no change) when the link is
    /// unknown, used or expired at `now`. A link is used at most once, even
    /// by units running at the same time.
    fn redeem_login_link<'a>(
        &'a mut self,
        token_hash: &'a str,
        now: i64,
    ) -> StoreFuture<'a, Option<i64>>;
    fn create_web_session<'a>(
        &'a mut self,
        id_hash: &'a str,
        user: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()>;
    /// Ends the session (nothing if it does not exist).
    fn end_web_session<'a>(&'a mut self, id_hash: &'a str) -> StoreFuture<'a, ()>;
    /// Deletes sessions expired at `now` and links that expired before
    /// `links_before`; returns how many rows went.
    fn prune_web(&mut self, now: i64, links_before: i64) -> StoreFuture<'_, u64>;
}

/// The Telegram front end's tables (inbox, outbox, users): queries. The SQL
/// lives in the store like all SQL; only the transport calls these.
pub trait TransportReads: Send {
    /// Inbox updates not handled yet, oldest first.
    fn inbox_pending(&mut self) -> StoreFuture<'_, Vec<PendingUpdate>>;
    fn inbox_max_update_id(&mut self) -> StoreFuture<'_, Option<i64>>;
    /// The chat's answer-lane outbox rows (id, JSON) in order, and whether
    /// the chat is marked inactive.
    fn outbox_to_send(&mut self, chat: i64) -> StoreFuture<'_, (Vec<(i64, String)>, bool)>;
    /// Chats with answer-lane messages waiting.
    fn outbox_chats(&mut self) -> StoreFuture<'_, Vec<i64>>;
    /// The oldest bulk messages: (outbox id, chat, JSON).
    fn bulk_next(&mut self, limit: i64) -> StoreFuture<'_, Vec<(i64, i64, String)>>;
    fn chat_is_inactive(&mut self, chat: i64) -> StoreFuture<'_, bool>;
    fn user(&mut self, user: i64) -> StoreFuture<'_, Option<TgUser>>;
    /// The class's members who are on Telegram, by first name: the
    /// transport's rows, so a transport question (the school's
    /// [`ClassReads`] name no Telegram type).
    fn class_users(&mut self, class: ClassId) -> StoreFuture<'_, Vec<TgUser>>;
    /// Running shifts of learners on Telegram.
    fn running_shifts(&mut self) -> StoreFuture<'_, Vec<RunningShift>>;
    /// A trivial query: the database answers.
    fn ping(&mut self) -> StoreFuture<'_, ()>;
}

/// The Telegram front end's tables: changes.
pub trait TransportWrites: TransportReads {
    /// Stores updates; returns the ids that were new.
    fn inbox_insert<'a>(&'a mut self, updates: &'a [PendingUpdate]) -> StoreFuture<'a, Vec<i64>>;
    fn inbox_mark_handled(&mut self, update_id: i64) -> StoreFuture<'_, ()>;
    /// Deletes handled updates older than `age`; returns how many.
    fn inbox_prune(&mut self, age: Duration) -> StoreFuture<'_, u64>;
    /// Queues one answer-lane message (JSON) for a chat.
    fn outbox_push<'a>(&'a mut self, chat: i64, message: &'a str) -> StoreFuture<'a, ()>;
    /// Queues one bulk message (JSON) for each recipient of the class who is
    /// on Telegram and not blocked; returns how many.
    fn outbox_push_class<'a>(
        &'a mut self,
        class: ClassId,
        recipients: Recipients<'a>,
        message: &'a str,
        now: i64,
    ) -> StoreFuture<'a, u64>;
    fn outbox_delete<'a>(&'a mut self, ids: &'a [i64]) -> StoreFuture<'a, ()>;
    fn outbox_clear_chat(&mut self, chat: i64) -> StoreFuture<'_, ()>;
    /// Loads a user, creating the row on first contact; clears the
    /// inactive flag (they wrote again).
    fn user_touch<'a>(
        &'a mut self,
        user: i64,
        chat: i64,
        first_name: &'a str,
        learner: LearnerId,
    ) -> StoreFuture<'a, TgUser>;
    fn set_forget_requested(&mut self, user: i64, at: Option<i64>) -> StoreFuture<'_, ()>;
    fn set_inactive(&mut self, user: i64, inactive: bool) -> StoreFuture<'_, ()>;
    /// Marks the chat's user inactive (Telegram answered 403).
    fn chat_mark_inactive(&mut self, chat: i64) -> StoreFuture<'_, ()>;
    /// Deletes the user row and everything of their chat in the transport
    /// tables (outbox, inbox, join attempts).
    fn delete_user(&mut self, user: i64, chat: i64) -> StoreFuture<'_, ()>;
}

/// Every query.
pub trait Reads:
    LearnerReads
    + ShiftReads
    + ClassReads
    + AssignmentReads
    + UploadReads
    + ReportReads
    + WebReads
    + TransportReads
{
}

impl<T> Reads for T where
    T: LearnerReads
        + ShiftReads
        + ClassReads
        + AssignmentReads
        + UploadReads
        + ReportReads
        + WebReads
        + TransportReads
        + ?Sized
{
}

/// The transaction unit: every query and every change.
pub trait Tx:
    Reads
    + LearnerWrites
    + ShiftWrites
    + ClassWrites
    + AssignmentWrites
    + UploadWrites
    + WebWrites
    + TransportWrites
{
}

impl<T> Tx for T where
    T: Reads
        + LearnerWrites
        + ShiftWrites
        + ClassWrites
        + AssignmentWrites
        + UploadWrites
        + WebWrites
        + TransportWrites
        + ?Sized
{
}

/// A connection for queries, held until dropped (then back to the pool).
/// Derefs to [`Reads`]: `store.read().await?.class(id).await?`.
pub struct Reader(Box<dyn ReadConnection>);

/// What a [`Reader`] holds: a pooled connection that answers [`Reads`].
pub trait ReadConnection: Send {
    fn reads(&self) -> &(dyn Reads + 'static);
    fn reads_mut(&mut self) -> &mut (dyn Reads + 'static);
}

impl Reader {
    pub fn new(connection: impl ReadConnection + 'static) -> Reader {
        Reader(Box::new(connection))
    }
}

impl Deref for Reader {
    type Target = dyn Reads;
    fn deref(&self) -> &Self::Target {
        self.0.reads()
    }
}

impl DerefMut for Reader {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.reads_mut()
    }
}

/// A database: read connections and the transaction unit.
///
/// Implementations are cheap to clone (a pool inside) and shared between
/// tasks.
pub trait Database: Clone + Send + Sync + 'static {
    /// A connection for queries outside a transaction.
    fn read(&self) -> impl Future<Output = Result<Reader, StoreError>> + Send;

    /// Runs `work` in a transaction (see the module doc: atomic, may run
    /// twice, `Ok` only after the commit).
    fn write<T, E, F>(&self, work: F) -> impl Future<Output = Result<T, E>> + Send
    where
        T: Send + 'static,
        E: From<StoreError> + std::error::Error + Send + 'static,
        F: for<'t> FnMut(&'t mut dyn Tx) -> BoxFuture<'t, Result<T, E>> + Send + 'static;
}
