//! The store traits (`traits.rs`) on one SQLite connection: each method runs
//! the group's SQL (`sqlite.rs`, `shifts.rs`, `telegram.rs`, `web.rs`,
//! `assignments.rs`, `uploads.rs`, `reports.rs`). A pooled connection
//! answers the `…Reads` traits; the single writer's transaction the whole
//! [`Tx`](super::Tx).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use sqlx::pool::PoolConnection;

use super::assignments::{
    self, Assignment, NewAssignment, NotDone, Plan, Recipients, StudentAssignment,
};
use super::classes::{self, Class};
use super::reports::{self, ClassListing, Finished, Member};
use super::telegram::{self as tg, PendingUpdate, TgUser};
use super::traits::*;
use super::uploads::{self, NewUpload, StoredUpload};
use super::web::{self, WebSession};
use super::{
    Attempt, AttemptId, Learner, LearnerId, LearnerKey, Shift, ShiftId, SqliteStore, StoredTurn,
    WerkprocesProgress, shifts, sqlite,
};
use crate::engine::{Scorecard, Session, TurnRecord};
use crate::webcare::{ShiftReport, ShiftSession};

impl ReadConnection for PoolConnection<sqlx::Sqlite> {
    fn reads(&self) -> &(dyn Reads + 'static) {
        &**self
    }
    fn reads_mut(&mut self) -> &mut (dyn Reads + 'static) {
        &mut **self
    }
}

impl LearnerReads for SqliteConnection {
    fn attempt(&mut self, id: AttemptId) -> StoreFuture<'_, Option<Attempt>> {
        Box::pin(sqlite::attempt(self, id))
    }
    fn open_attempt<'a>(
        &'a mut self,
        learner: LearnerId,
        dialogue_id: Option<&'a str>,
    ) -> StoreFuture<'a, Option<Attempt>> {
        Box::pin(sqlite::open_attempt(self, learner, dialogue_id))
    }
    fn attempts(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<Attempt>> {
        Box::pin(sqlite::attempts(self, learner))
    }
    fn turns(&mut self, attempt: AttemptId) -> StoreFuture<'_, Vec<StoredTurn>> {
        Box::pin(sqlite::turns(self, attempt))
    }
    fn progress(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<WerkprocesProgress>> {
        Box::pin(sqlite::progress(self, learner))
    }
}

impl LearnerWrites for SqliteConnection {
    fn learner<'a>(
        &'a mut self,
        key: LearnerKey<'a>,
        display_name: Option<&'a str>,
    ) -> StoreFuture<'a, Learner> {
        Box::pin(SqliteStore::learner_in(self, key, display_name))
    }
    fn start_attempt<'a>(
        &'a mut self,
        learner: LearnerId,
        session: &'a Session,
        werkprocessen: &'a [String],
    ) -> StoreFuture<'a, AttemptId> {
        Box::pin(SqliteStore::start_attempt_in(
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
        Box::pin(SqliteStore::save_turn_in(
            self, attempt, session, turn, scorecard,
        ))
    }
    fn forget_learner(&mut self, learner: LearnerId) -> StoreFuture<'_, ()> {
        Box::pin(SqliteStore::forget_learner_in(self, learner))
    }
}

impl ShiftReads for SqliteConnection {
    fn shift(&mut self, id: ShiftId) -> StoreFuture<'_, Option<Shift>> {
        Box::pin(SqliteStore::shift_in(self, id))
    }
    fn open_shift<'a>(
        &'a mut self,
        learner: LearnerId,
        scenario_id: Option<&'a str>,
    ) -> StoreFuture<'a, Option<Shift>> {
        Box::pin(shifts::open_shift(self, learner, scenario_id))
    }
    fn shifts(&mut self, learner: LearnerId) -> StoreFuture<'_, Vec<Shift>> {
        Box::pin(shifts::shifts(self, learner))
    }
    fn finished_shifts(&mut self) -> StoreFuture<'_, Vec<(String, Shift)>> {
        Box::pin(shifts::finished_shifts(self))
    }
}

impl ShiftWrites for SqliteConnection {
    fn start_shift<'a>(
        &'a mut self,
        learner: LearnerId,
        session: &'a ShiftSession,
        started_at: DateTime<Utc>,
    ) -> StoreFuture<'a, ShiftId> {
        Box::pin(SqliteStore::start_shift_in(
            self, learner, session, started_at,
        ))
    }
    fn save_shift<'a>(
        &'a mut self,
        id: ShiftId,
        session: &'a ShiftSession,
        report: Option<&'a ShiftReport>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(SqliteStore::save_shift_in(self, id, session, report))
    }
}

impl ClassReads for SqliteConnection {
    fn class(&mut self, id: ClassId) -> StoreFuture<'_, Option<Class>> {
        Box::pin(classes::class_by_id(self, id.0))
    }
    fn class_by_code<'a>(&'a mut self, code: &'a str) -> StoreFuture<'a, Option<Class>> {
        Box::pin(classes::class_by_code(self, code))
    }
    fn class_of_teacher<'a>(
        &'a mut self,
        teacher: i64,
        name: &'a str,
    ) -> StoreFuture<'a, Option<Class>> {
        Box::pin(classes::class_of_teacher(self, teacher, name))
    }
    fn classes_of_teacher(&mut self, teacher: i64) -> StoreFuture<'_, Vec<(Class, i64)>> {
        Box::pin(classes::classes_of_teacher(self, teacher))
    }
    fn class_of_learner(&mut self, learner: LearnerId) -> StoreFuture<'_, Option<Class>> {
        Box::pin(classes::class_of_learner(self, learner.0))
    }
    fn is_teacher(&mut self, user: i64) -> StoreFuture<'_, bool> {
        Box::pin(classes::teacher_exists(self, user))
    }
    fn invite_usable<'a>(&'a mut self, code: &'a str, at: i64) -> StoreFuture<'a, bool> {
        Box::pin(classes::invite_usable(self, code, at))
    }
    fn join_failures(&mut self, user: i64, window: Duration) -> StoreFuture<'_, i64> {
        Box::pin(classes::join_attempts_recent(self, user, window))
    }
}

impl ClassWrites for SqliteConnection {
    fn create_class<'a>(&'a mut self, name: &'a str, join_code: &'a str) -> StoreFuture<'a, Class> {
        Box::pin(classes::class_create(self, name, join_code))
    }
    fn create_class_for<'a>(
        &'a mut self,
        name: &'a str,
        join_code: &'a str,
        teacher: i64,
    ) -> StoreFuture<'a, Class> {
        Box::pin(classes::class_create_for(self, name, join_code, teacher))
    }
    fn rename_class<'a>(&'a mut self, class: ClassId, name: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(classes::class_rename(self, class.0, name))
    }
    fn set_join_code<'a>(&'a mut self, class: ClassId, code: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(classes::class_set_code(self, class.0, code))
    }
    fn join_class(&mut self, learner: LearnerId, class: ClassId) -> StoreFuture<'_, ()> {
        Box::pin(classes::learner_join_class(self, learner.0, class.0))
    }
    fn remove_member(&mut self, class: ClassId, learner: LearnerId) -> StoreFuture<'_, ()> {
        Box::pin(classes::class_remove_learner(self, class.0, learner.0))
    }
    fn record_join_failure(&mut self, user: i64) -> StoreFuture<'_, ()> {
        Box::pin(classes::join_attempt_fail(self, user))
    }
    fn create_invite<'a>(
        &'a mut self,
        code: &'a str,
        created_by: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(classes::invite_create(self, code, created_by, expires_at))
    }
    fn redeem_invite<'a>(&'a mut self, code: &'a str, user: i64) -> StoreFuture<'a, bool> {
        Box::pin(classes::invite_redeem(self, code, user))
    }
    fn forget_teacher(&mut self, user: i64, now: i64) -> StoreFuture<'_, ()> {
        Box::pin(classes::teacher_forget(self, user, now))
    }
}

impl AssignmentReads for SqliteConnection {
    fn current_assignment(
        &mut self,
        class: ClassId,
        now: i64,
    ) -> StoreFuture<'_, Option<Assignment>> {
        Box::pin(assignments::current(self, class.0, now))
    }
    fn assignments_for_learner(
        &mut self,
        class: ClassId,
        learner: LearnerId,
        limit: i64,
    ) -> StoreFuture<'_, Vec<StudentAssignment>> {
        Box::pin(assignments::for_student(self, class.0, learner.0, limit))
    }
    fn not_done<'a>(&'a mut self, a: &'a Assignment) -> StoreFuture<'a, Vec<NotDone>> {
        Box::pin(assignments::not_done(self, a))
    }
    fn reminders_due(&mut self, now: i64, before: i64) -> StoreFuture<'_, Vec<Assignment>> {
        Box::pin(assignments::reminders_due(self, now, before))
    }
    fn plan(&mut self, class: ClassId) -> StoreFuture<'_, Option<Plan>> {
        Box::pin(assignments::plan(self, class.0))
    }
    fn active_plan_classes(&mut self) -> StoreFuture<'_, Vec<ClassId>> {
        Box::pin(async move {
            let ids = assignments::active_plan_classes(self).await?;
            Ok(ids.into_iter().map(ClassId).collect())
        })
    }
}

impl AssignmentWrites for SqliteConnection {
    fn create_assignment<'a>(
        &'a mut self,
        a: &'a NewAssignment<'a>,
    ) -> StoreFuture<'a, Option<Assignment>> {
        Box::pin(assignments::create(self, a))
    }
    fn claim_reminder(&mut self, id: AssignmentId, now: i64) -> StoreFuture<'_, bool> {
        Box::pin(assignments::claim_reminder(self, id.0, now))
    }
    fn save_plan<'a>(&'a mut self, plan: &'a Plan, now: i64) -> StoreFuture<'a, ()> {
        Box::pin(assignments::plan_save(self, plan, now))
    }
    fn claim_plan_item(
        &mut self,
        class: ClassId,
        position: i64,
        now: i64,
    ) -> StoreFuture<'_, bool> {
        Box::pin(assignments::claim_plan_item(self, class.0, position, now))
    }
    fn link_plan_item(
        &mut self,
        class: ClassId,
        position: i64,
        assignment: AssignmentId,
    ) -> StoreFuture<'_, ()> {
        Box::pin(assignments::link_plan_item(
            self,
            class.0,
            position,
            assignment.0,
        ))
    }
}

impl UploadReads for SqliteConnection {
    fn current_uploads(&mut self) -> StoreFuture<'_, Vec<StoredUpload>> {
        Box::pin(uploads::current_all(self))
    }
    fn current_upload<'a>(
        &'a mut self,
        dialogue_id: &'a str,
    ) -> StoreFuture<'a, Option<StoredUpload>> {
        Box::pin(uploads::current(self, dialogue_id))
    }
    fn upload_version(&mut self, id: UploadId) -> StoreFuture<'_, Option<StoredUpload>> {
        Box::pin(uploads::version(self, id.0))
    }
    fn uploads_since(&mut self, owner: i64, since: i64) -> StoreFuture<'_, i64> {
        Box::pin(uploads::uploaded_since(self, owner, since))
    }
    fn attempt_upload(&mut self, attempt: AttemptId) -> StoreFuture<'_, Option<UploadId>> {
        Box::pin(async move {
            Ok(uploads::attempt_version(self, attempt.0)
                .await?
                .map(UploadId))
        })
    }
    fn shift_upload(&mut self, shift: ShiftId) -> StoreFuture<'_, Option<UploadId>> {
        Box::pin(async move { Ok(uploads::shift_version(self, shift.0).await?.map(UploadId)) })
    }
}

impl UploadWrites for SqliteConnection {
    fn insert_upload<'a>(&'a mut self, new: &'a NewUpload) -> StoreFuture<'a, UploadId> {
        Box::pin(async move { Ok(UploadId(uploads::insert(self, new).await?)) })
    }
    fn remove_upload<'a>(&'a mut self, dialogue_id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(uploads::remove(self, dialogue_id))
    }
    fn set_upload_everyone<'a>(
        &'a mut self,
        dialogue_id: &'a str,
        everyone: bool,
    ) -> StoreFuture<'a, ()> {
        Box::pin(uploads::set_everyone(self, dialogue_id, everyone))
    }
    fn link_attempt_upload(
        &mut self,
        attempt: AttemptId,
        version: UploadId,
    ) -> StoreFuture<'_, ()> {
        Box::pin(uploads::link_attempt(self, attempt.0, version.0))
    }
    fn link_shift_upload(&mut self, shift: ShiftId, version: UploadId) -> StoreFuture<'_, ()> {
        Box::pin(uploads::link_shift(self, shift.0, version.0))
    }
}

impl ReportReads for SqliteConnection {
    fn class_listings(&mut self) -> StoreFuture<'_, Vec<ClassListing>> {
        Box::pin(reports::classes(self))
    }
    fn class_listings_named<'a>(&'a mut self, name: &'a str) -> StoreFuture<'a, Vec<ClassListing>> {
        Box::pin(reports::classes_named(self, name))
    }
    fn class_listing(&mut self, id: ClassId) -> StoreFuture<'_, Option<ClassListing>> {
        Box::pin(reports::class_listing(self, id.0))
    }
    fn report_members(&mut self, class: ClassId) -> StoreFuture<'_, Vec<Member>> {
        Box::pin(reports::members(self, class.0))
    }
    fn finished(&mut self, class: ClassId) -> StoreFuture<'_, Vec<Finished>> {
        Box::pin(reports::finished(self, class.0))
    }
    fn assigned_dialogues(&mut self, class: ClassId) -> StoreFuture<'_, Vec<String>> {
        Box::pin(reports::assigned_dialogues(self, class.0))
    }
    fn attempt_class(
        &mut self,
        attempt: AttemptId,
    ) -> StoreFuture<'_, Option<(ClassId, LearnerId)>> {
        Box::pin(async move {
            Ok(reports::attempt_class(self, attempt)
                .await?
                .map(|(class, learner)| (ClassId(class), learner)))
        })
    }
}

impl TransportReads for SqliteConnection {
    fn class_users(&mut self, class: ClassId) -> StoreFuture<'_, Vec<TgUser>> {
        Box::pin(tg::class_users(self, class.0))
    }
    fn inbox_pending(&mut self) -> StoreFuture<'_, Vec<PendingUpdate>> {
        Box::pin(tg::inbox_pending(self))
    }
    fn inbox_max_update_id(&mut self) -> StoreFuture<'_, Option<i64>> {
        Box::pin(tg::inbox_max_update_id(self))
    }
    fn outbox_to_send(&mut self, chat: i64) -> StoreFuture<'_, (Vec<(i64, String)>, bool)> {
        Box::pin(tg::outbox_to_send(self, chat))
    }
    fn outbox_chats(&mut self) -> StoreFuture<'_, Vec<i64>> {
        Box::pin(tg::outbox_chats(self))
    }
    fn bulk_next(&mut self, limit: i64) -> StoreFuture<'_, Vec<(i64, i64, String)>> {
        Box::pin(tg::bulk_next(self, limit))
    }
    fn chat_is_inactive(&mut self, chat: i64) -> StoreFuture<'_, bool> {
        Box::pin(tg::chat_is_inactive(self, chat))
    }
    fn user(&mut self, user: i64) -> StoreFuture<'_, Option<TgUser>> {
        Box::pin(tg::user_get(self, user))
    }
    fn running_shifts(&mut self) -> StoreFuture<'_, Vec<RunningShift>> {
        Box::pin(tg::running_shifts(self))
    }
    fn ping(&mut self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            sqlx::query("SELECT 1").execute(self).await?;
            Ok(())
        })
    }
}

impl TransportWrites for SqliteConnection {
    fn inbox_insert<'a>(&'a mut self, updates: &'a [PendingUpdate]) -> StoreFuture<'a, Vec<i64>> {
        Box::pin(tg::inbox_insert(self, updates))
    }
    fn inbox_mark_handled(&mut self, update_id: i64) -> StoreFuture<'_, ()> {
        Box::pin(tg::inbox_mark_handled(self, update_id))
    }
    fn inbox_prune(&mut self, age: Duration) -> StoreFuture<'_, u64> {
        Box::pin(tg::inbox_prune(self, age))
    }
    fn outbox_push<'a>(&'a mut self, chat: i64, message: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(tg::outbox_push(self, chat, message))
    }
    fn outbox_push_class<'a>(
        &'a mut self,
        class: ClassId,
        recipients: Recipients<'a>,
        message: &'a str,
        now: i64,
    ) -> StoreFuture<'a, u64> {
        Box::pin(tg::queue_for_class(self, class.0, recipients, message, now))
    }
    fn outbox_delete<'a>(&'a mut self, ids: &'a [i64]) -> StoreFuture<'a, ()> {
        Box::pin(tg::outbox_delete(self, ids))
    }
    fn outbox_clear_chat(&mut self, chat: i64) -> StoreFuture<'_, ()> {
        Box::pin(tg::outbox_clear_chat(self, chat))
    }
    fn user_touch<'a>(
        &'a mut self,
        user: i64,
        chat: i64,
        first_name: &'a str,
        learner: LearnerId,
    ) -> StoreFuture<'a, TgUser> {
        Box::pin(tg::user_touch(self, user, chat, first_name, learner.0))
    }
    fn set_forget_requested(&mut self, user: i64, at: Option<i64>) -> StoreFuture<'_, ()> {
        Box::pin(tg::user_set_forget_requested(self, user, at))
    }
    fn set_inactive(&mut self, user: i64, inactive: bool) -> StoreFuture<'_, ()> {
        Box::pin(tg::user_set_inactive(self, user, inactive))
    }
    fn chat_mark_inactive(&mut self, chat: i64) -> StoreFuture<'_, ()> {
        Box::pin(tg::chat_mark_inactive(self, chat))
    }
    fn delete_user(&mut self, user: i64, chat: i64) -> StoreFuture<'_, ()> {
        Box::pin(tg::user_delete(self, user, chat))
    }
}

impl Database for SqliteStore {
    async fn read(&self) -> Result<Reader, super::StoreError> {
        Ok(Reader::new(self.pool().acquire().await?))
    }

    async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<super::StoreError> + std::error::Error + Send + 'static,
        F: for<'t> FnMut(&'t mut dyn Tx) -> futures::future::BoxFuture<'t, Result<T, E>>
            + Send
            + 'static,
    {
        let mut work = work;
        self.writer()
            .write(move |conn: &mut SqliteConnection| work(conn))
            .await
    }
}

impl WebReads for SqliteConnection {
    fn web_session<'a>(
        &'a mut self,
        id_hash: &'a str,
        now: i64,
    ) -> StoreFuture<'a, Option<WebSession>> {
        Box::pin(web::session(self, id_hash, now))
    }
    fn login_links_since(&mut self, user: i64, since: i64) -> StoreFuture<'_, i64> {
        Box::pin(web::links_since(self, user, since))
    }
}

impl WebWrites for SqliteConnection {
    fn create_login_link<'a>(
        &'a mut self,
        token_hash: &'a str,
        user: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(web::create_link(self, token_hash, user, now, expires_at))
    }
    fn redeem_login_link<'a>(
        &'a mut self,
        token_hash: &'a str,
        now: i64,
    ) -> StoreFuture<'a, Option<i64>> {
        Box::pin(web::redeem_link(self, token_hash, now))
    }
    fn create_web_session<'a>(
        &'a mut self,
        id_hash: &'a str,
        user: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(web::create_session(self, id_hash, user, now, expires_at))
    }
    fn end_web_session<'a>(&'a mut self, id_hash: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(web::end_session(self, id_hash))
    }
    fn prune_web(&mut self, now: i64, links_before: i64) -> StoreFuture<'_, u64> {
        Box::pin(web::prune(self, now, links_before))
    }
}
