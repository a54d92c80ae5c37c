//! The store's contract: the same tests against SQLite (a temporary file)
//! and PostgreSQL (a throwaway server, see `common/postgres.rs`). Every test
//! is an async fn over a [`Db`]; `contract!` makes a `sqlite::name` and a
//! `postgres::name` test of each, so a difference between the databases
//! fails a test with the database in its name.

mod common;

use chrono::{SubsecRound, Utc};
use gesprekscoach::dialogue::{Dialogue, Prepared};
use gesprekscoach::engine::{self, Input, Output, Session};
use gesprekscoach::matching::Matcher;
use gesprekscoach::store::{
    AnyStore, AttemptId, AttemptStatus, LOCAL_LEARNER, LearnerId, LearnerKey, ShiftId, ShiftStore,
    Store, StoreError,
};
use gesprekscoach::webcare::shift::{self, Input as ShiftInput, Output as ShiftOutput};
use gesprekscoach::webcare::{PreparedScenario, ShiftReport, ShiftSession, check_scenario_source};

/// One test's database: a file in a temporary folder or a database on the
/// test server. [`Db::open`] can be called again to see what a restarted
/// program sees.
struct Db {
    url: String,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("tempdir");
        Db {
            url: format!("sqlite://{}/coach.db", dir.path().display()),
            _dir: Some(dir),
        }
    }

    async fn postgres(test: &str) -> Option<Db> {
        Some(Db {
            url: common::postgres::database(test).await?,
            _dir: None,
        })
    }

    /// A new store on this database, as a freshly started program opens it.
    async fn open(&self) -> AnyStore {
        gesprekscoach::store::open(&self.url)
            .await
            .expect("the store opens")
    }
}

/// Makes `sqlite::$name` and `postgres::$name` tests of each `async fn $name(Db)`.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Db::sqlite()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let test = concat!("postgres::", stringify!($name));
                    if let Some(db) = super::Db::postgres(test).await {
                        super::$name(db).await;
                    }
                }
            )*
        }
    };
}

contract!(
    opening_twice_runs_the_migrations_once,
    learners_are_found_again_by_their_key_after_reopening,
    the_same_new_learner_met_at_once_by_many_tasks_is_one_learner,
    every_turn_and_the_session_are_saved_so_an_attempt_can_resume_after_reopening,
    a_completed_attempt_updates_progress_per_werkproces_and_gedrag_once,
    an_attempt_finished_by_many_tasks_at_once_counts_once,
    turns_saved_at_once_get_distinct_numbers,
    a_stopped_attempt_is_kept_but_does_not_count_as_progress,
    saving_to_an_unknown_attempt_is_an_error_and_leaves_nothing,
    a_seed_above_the_signed_range_round_trips,
    attempts_are_listed_newest_first_and_open_attempt_takes_the_newest,
    a_shift_survives_a_restart_and_its_end_counts_as_progress_once,
    a_stopped_shift_is_no_progress,
    a_shift_stopped_after_an_answer_stays_open_for_its_reflection,
    finished_shifts_name_their_learner,
    a_write_unit_that_fails_leaves_nothing,
    forget_learner_deletes_attempts_shifts_and_progress,
    classes_codes_and_teacher_invites,
    the_transport_tables_deduplicate_queue_and_forget,
    assignments_plans_and_reminders_happen_once,
    a_member_not_on_telegram_is_not_done_by_name_and_gets_no_push,
    uploads_keep_every_version_and_one_current,
    an_uploaded_scenario_keeps_its_kind_and_a_shift_its_version,
    a_class_report_sees_its_members_and_their_finished_work,
    a_login_link_is_used_once_and_only_before_it_expires,
    a_login_link_redeemed_by_many_tasks_at_once_opens_one_session,
    web_sessions_survive_a_restart_end_at_logout_or_expiry_and_are_pruned,
    login_links_are_counted_per_user_for_the_rate_limit,
    the_my_data_export_holds_all_of_the_learner_and_nothing_of_another,
    forgetting_a_teacher_leaves_no_row_that_names_them_and_keeps_the_classes,
);

const KOFFIE: &str = include_str!("fixtures/dialogues/test-koffie.toml");
const WEBCARE: &str = include_str!("fixtures/webcare/webcare-test.toml");
const WERKPROCESSEN: &str = include_str!("fixtures/webcare/werkprocessen.toml");

/// Replies of a strong student to the fixture (score 100).
const STRONG: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie worden er per dag gedronken?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

const WEAK: [&str; 3] = ["Met Sanne.", "Met Sanne.", "Wij verhuren automaten."];

fn koffie() -> Prepared {
    let dialogue: Dialogue = toml::from_str(KOFFIE).expect("fixture parses");
    Prepared::new(dialogue).expect("fixture rules compile")
}

fn scenario() -> PreparedScenario {
    let catalogue =
        gesprekscoach::dialogue::Catalogue::parse("werkprocessen.toml", WERKPROCESSEN.as_bytes())
            .expect("catalogue");
    check_scenario_source("webcare-test.toml", WEBCARE, &catalogue)
        .0
        .expect("scenario")
}

/// Plays `replies` (then a stop, if asked) and saves every step like a
/// front end does; inputs after the end are not sent.
async fn play(
    store: &AnyStore,
    learner: LearnerId,
    d: &Prepared,
    replies: &[&str],
    stop: bool,
) -> (AttemptId, Session) {
    let m = Matcher::new();
    let (mut s, _) = engine::start(d, 3);
    let attempt = store
        .start_attempt(learner, &s, &d.dialogue.werkprocessen)
        .await
        .expect("start");
    let mut inputs: Vec<Input> = replies
        .iter()
        .map(|r| Input::Reply(r.to_string()))
        .collect();
    if stop {
        inputs.push(Input::Stop);
    }
    for input in inputs {
        if s.finished {
            break;
        }
        let (next, out, turn) = engine::handle(d, &m, s, input);
        s = next;
        let card = out.iter().find_map(|o| match o {
            Output::Scorecard(c) => Some(c),
            _ => None,
        });
        store
            .save_turn(attempt, &s, turn.as_ref(), card)
            .await
            .expect("save");
    }
    (attempt, s)
}

async fn local(store: &AnyStore, name: &str) -> LearnerId {
    store
        .learner(LearnerKey::Local(name), None)
        .await
        .expect("learner")
        .id
}

async fn opening_twice_runs_the_migrations_once(db: Db) {
    let first = db.open().await;
    let learner = local(&first, "a").await;
    let second = db.open().await;
    assert_eq!(local(&second, "a").await, learner);
}

async fn learners_are_found_again_by_their_key_after_reopening(db: Db) {
    let (local, telegram) = {
        let store = db.open().await;
        let local = store
            .learner(LearnerKey::Local(LOCAL_LEARNER), None)
            .await
            .unwrap();
        let telegram = store
            .learner(LearnerKey::Telegram(123456789), Some("Sanne"))
            .await
            .unwrap();
        (local, telegram)
    };
    assert_ne!(local.id, telegram.id);
    assert_eq!(telegram.telegram_user_id, Some(123456789));
    assert_eq!(local.local_name.as_deref(), Some(LOCAL_LEARNER));
    let store = db.open().await;
    let again = store
        .learner(LearnerKey::Local(LOCAL_LEARNER), None)
        .await
        .unwrap();
    assert_eq!(again, local);
    // Without a name the stored one stays; a new one replaces it.
    let unnamed = store
        .learner(LearnerKey::Telegram(123456789), None)
        .await
        .unwrap();
    assert_eq!(unnamed.display_name.as_deref(), Some("Sanne"));
    let renamed = store
        .learner(LearnerKey::Telegram(123456789), Some("Sanne B."))
        .await
        .unwrap();
    assert_eq!(renamed.id, telegram.id);
    assert_eq!(renamed.created_at, telegram.created_at);
    assert_eq!(renamed.display_name.as_deref(), Some("Sanne B."));
}

async fn the_same_new_learner_met_at_once_by_many_tasks_is_one_learner(db: Db) {
    let store = db.open().await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .learner(LearnerKey::Telegram(42), Some("Sam"))
                    .await
                    .expect("learner")
                    .id
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.expect("task"));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
}

async fn every_turn_and_the_session_are_saved_so_an_attempt_can_resume_after_reopening(db: Db) {
    let d = koffie();
    let (attempt, session, learner) = {
        let store = db.open().await;
        let learner = local(&store, "a").await;
        let (attempt, session) = play(&store, learner, &d, &STRONG[..2], false).await;
        (attempt, session, learner)
    };
    let store = db.open().await;
    let open_one = store
        .open_attempt(learner, Some("test-koffie"))
        .await
        .unwrap()
        .expect("in-progress attempt");
    assert_eq!(open_one.id, attempt);
    assert_eq!(open_one.learner, learner);
    assert_eq!(open_one.dialogue_id, "test-koffie");
    assert_eq!(open_one.status, AttemptStatus::InProgress);
    assert_eq!(open_one.session, session);
    assert_eq!(open_one.seed, 3);
    assert_eq!(open_one.werkprocessen, ["P4-K2-W3"]);
    assert_eq!((open_one.score, open_one.finished_at), (None, None));
    let turns = store.turns(attempt).await.unwrap();
    assert_eq!(turns.len(), 2);
    assert_eq!((turns[0].seq, turns[1].seq), (1, 2));
    assert_eq!(turns[0].step, "opening");
    assert_eq!(turns[1].text, STRONG[1]);
    assert!(turns[0].detection.has("noemt-bedrijf"));
    assert_eq!(
        turns[0].feedback.hits[0].quote.as_deref(),
        Some("Koffiekoning")
    );
    assert!(
        store
            .open_attempt(learner, Some("iets-anders"))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_completed_attempt_updates_progress_per_werkproces_and_gedrag_once(db: Db) {
    let store = db.open().await;
    let d = koffie();
    let learner = local(&store, "a").await;
    let (attempt, session) = play(&store, learner, &d, &STRONG, false).await;
    let done = store.attempt(attempt).await.unwrap().unwrap();
    assert_eq!(done.status, AttemptStatus::Completed);
    assert_eq!(done.score, Some(100));
    assert!(done.finished_at.is_some());
    // Saving the finished session again (a front end retrying) counts nothing twice.
    let card = done.scorecard.clone().unwrap();
    store
        .save_turn(attempt, &session, None, Some(&card))
        .await
        .unwrap();
    play(&store, learner, &d, &WEAK, false).await;

    let progress = db.open().await.progress(learner).await.unwrap();
    assert_eq!(progress.len(), 1);
    let p = &progress[0];
    assert_eq!(p.werkproces, "P4-K2-W3");
    assert_eq!((p.attempts, p.best_score, p.last_score), (2, 100, 0));
    let labels: Vec<&str> = p.criteria.iter().map(|c| c.label.as_str()).collect();
    // In the order first assessed, as the progress view shows them.
    assert_eq!(
        labels,
        [
            "Presenteert zich als professional",
            "Toont interesse in de klant",
            "Maakt een afspraak"
        ]
    );
    let presenteert = &p.criteria[0];
    assert_eq!((presenteert.assessed, presenteert.met), (2, 1));
    assert!(!presenteert.last_met);
    // "Maakt een afspraak" was assessed only in the first attempt.
    assert_eq!((p.criteria[2].assessed, p.criteria[2].met), (1, 1));
    assert!(p.criteria[2].last_met);
}

async fn an_attempt_finished_by_many_tasks_at_once_counts_once(db: Db) {
    let store = db.open().await;
    let d = koffie();
    let learner = local(&store, "a").await;
    let (attempt, session) = play(&store, learner, &d, &STRONG, false).await;
    let card = store.attempt(attempt).await.unwrap().unwrap().scorecard;
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (store, session, card) = (store.clone(), session.clone(), card.clone());
            tokio::spawn(async move {
                store
                    .save_turn(attempt, &session, None, card.as_ref())
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("save");
    }
    let progress = store.progress(learner).await.unwrap();
    assert_eq!(progress[0].attempts, 1);
    assert!(progress[0].criteria.iter().all(|c| c.assessed == 1));
}

async fn turns_saved_at_once_get_distinct_numbers(db: Db) {
    let store = db.open().await;
    let d = koffie();
    let learner = local(&store, "a").await;
    let m = Matcher::new();
    let (s, _) = engine::start(&d, 3);
    let attempt = store.start_attempt(learner, &s, &[]).await.unwrap();
    let (s, _, turn) = engine::handle(&d, &m, s, Input::Reply(STRONG[0].into()));
    let turn = turn.expect("a judged reply");
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (store, s, turn) = (store.clone(), s.clone(), turn.clone());
            tokio::spawn(async move { store.save_turn(attempt, &s, Some(&turn), None).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("save");
    }
    let seqs: Vec<u32> = store
        .turns(attempt)
        .await
        .unwrap()
        .iter()
        .map(|t| t.seq)
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
}

async fn a_stopped_attempt_is_kept_but_does_not_count_as_progress(db: Db) {
    let store = db.open().await;
    let learner = local(&store, "a").await;
    let (attempt, _) = play(&store, learner, &koffie(), &STRONG[..1], true).await;
    let stopped = store.attempt(attempt).await.unwrap().unwrap();
    assert_eq!(stopped.status, AttemptStatus::Stopped);
    assert!(stopped.scorecard.unwrap().stopped);
    assert!(store.progress(learner).await.unwrap().is_empty());
    assert!(store.open_attempt(learner, None).await.unwrap().is_none());
    assert_eq!(store.attempts(learner).await.unwrap().len(), 1);
}

async fn saving_to_an_unknown_attempt_is_an_error_and_leaves_nothing(db: Db) {
    let store = db.open().await;
    let d = koffie();
    let learner = local(&store, "a").await;
    let (s, _) = engine::start(&d, 1);
    let m = Matcher::new();
    let (s, _, turn) = engine::handle(&d, &m, s, Input::Reply(STRONG[0].into()));
    let err = store
        .save_turn(AttemptId(999), &s, turn.as_ref(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchAttempt(999)), "{err}");
    assert!(store.turns(AttemptId(999)).await.unwrap().is_empty());
    assert!(store.attempt(AttemptId(999)).await.unwrap().is_none());
    // Foreign keys are enforced: no attempt for a learner that does not exist.
    assert!(store.start_attempt(LearnerId(4242), &s, &[]).await.is_err());
    assert!(store.attempts(learner).await.unwrap().is_empty());
}

async fn a_seed_above_the_signed_range_round_trips(db: Db) {
    let store = db.open().await;
    let d = koffie();
    let learner = local(&store, "a").await;
    let (s, _) = engine::start(&d, u64::MAX - 5);
    let id = store.start_attempt(learner, &s, &[]).await.unwrap();
    let attempt = store.attempt(id).await.unwrap().unwrap();
    assert_eq!(attempt.seed, u64::MAX - 5);
    assert_eq!(attempt.session, s);
}

async fn attempts_are_listed_newest_first_and_open_attempt_takes_the_newest(db: Db) {
    let store = db.open().await;
    let d = koffie();
    let learner = local(&store, "a").await;
    let other = local(&store, "b").await;
    let (first, _) = play(&store, learner, &d, &STRONG[..1], false).await;
    let (second, _) = play(&store, learner, &d, &STRONG[..1], false).await;
    play(&store, other, &d, &STRONG[..1], false).await;
    let ids: Vec<AttemptId> = store
        .attempts(learner)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, [second, first]);
    let newest = store.open_attempt(learner, None).await.unwrap().unwrap();
    assert_eq!(newest.id, second);
}

fn report_of(outputs: &[ShiftOutput]) -> Option<&ShiftReport> {
    outputs.iter().find_map(|o| match o {
        ShiftOutput::Report(r) => Some(r.as_ref()),
        _ => None,
    })
}

/// Applies inputs like a front end: every new session is saved.
async fn play_shift(
    store: &AnyStore,
    id: ShiftId,
    p: &PreparedScenario,
    mut s: ShiftSession,
    inputs: Vec<(u64, ShiftInput)>,
) -> ShiftSession {
    let m = Matcher::new();
    for (now, input) in inputs {
        let (next, out) = shift::handle(p, &m, s, input, now);
        s = next;
        store.save_shift(id, &s, report_of(&out)).await.unwrap();
    }
    s
}

fn reply(id: &str, text: &str) -> ShiftInput {
    ShiftInput::Reply {
        message: Some(id.into()),
        text: text.into(),
    }
}

/// A whole shift played well, up to its report (score 100).
fn strong_shift() -> Vec<(u64, ShiftInput)> {
    vec![
        (20, reply("klacht", "Sorry! Stuur je een DM? ^Sam")),
        (
            40,
            ShiftInput::Escalate {
                message: Some("gevaar".into()),
            },
        ),
        (40, reply("gevaar", "Sorry, mijn teamleider belt je ^Sam")),
        (100, reply("vraag", "Dank ^Sam")),
        (150, reply("dm", "Dank ^Sam")),
    ]
}

async fn a_shift_survives_a_restart_and_its_end_counts_as_progress_once(db: Db) {
    let p = scenario();
    let started = Utc::now().trunc_subsecs(0);
    let mut inputs = strong_shift();
    let rest = inputs.split_off(1);
    let (learner, id) = {
        let store = db.open().await;
        let learner = local(&store, LOCAL_LEARNER).await;
        let (s, _) = shift::start(&p);
        let id = store.start_shift(learner, &s, started).await.unwrap();
        play_shift(&store, id, &p, s, inputs).await;
        (learner, id)
    };

    // A new process: the shift is found with its schedule intact.
    let store = db.open().await;
    let open = store.open_shift(learner, None).await.unwrap().unwrap();
    assert_eq!(open.id, id);
    assert_eq!(open.status, AttemptStatus::InProgress);
    assert_eq!(open.started_at, started);
    assert_eq!(open.scenario_id, p.scenario.id);
    assert!(
        open.session
            .pending
            .iter()
            .any(|x| x.message == "dm" && x.at == 110)
    );
    assert!(
        store
            .open_shift(learner, Some("iets-anders"))
            .await
            .unwrap()
            .is_none()
    );

    let s = play_shift(&store, id, &p, open.session, rest).await;
    assert!(s.awaits_reflection());
    let done = store.shift(id).await.unwrap().unwrap();
    assert_eq!(
        (done.status, done.score),
        (AttemptStatus::Completed, Some(100))
    );
    assert!(done.report.is_some() && done.finished_at.is_some());
    // Still open: the reflection is missing.
    assert_eq!(
        store.open_shift(learner, None).await.unwrap().map(|s| s.id),
        Some(id)
    );

    let reflection = ShiftInput::Reflection("Eerst de ouder, goed zo.".into());
    let s = play_shift(&store, id, &p, s, vec![(160, reflection)]).await;
    assert!(!s.awaits_reflection());
    let done = db.open().await.shift(id).await.unwrap().unwrap();
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
        progress[0].criteria.iter().any(|c| {
            c.gedrag == gesprekscoach::webcare::score::GEDRAG_INSCHAKELEN && c.met == 1
        })
    );
    assert_eq!(store.shifts(learner).await.unwrap().len(), 1);
}

async fn a_stopped_shift_is_no_progress(db: Db) {
    let store = db.open().await;
    let learner = local(&store, LOCAL_LEARNER).await;
    let p = scenario();
    let (s, _) = shift::start(&p);
    let id = store.start_shift(learner, &s, Utc::now()).await.unwrap();
    let s = play_shift(&store, id, &p, s, vec![(10, ShiftInput::Stop)]).await;
    let shift = store.shift(id).await.unwrap().unwrap();
    assert_eq!(shift.status, AttemptStatus::Stopped);
    assert!(store.progress(learner).await.unwrap().is_empty());
    assert!(store.open_shift(learner, None).await.unwrap().is_none());
    let err = store.save_shift(ShiftId(999), &s, None).await.unwrap_err();
    assert!(matches!(err, StoreError::NoSuchAttempt(999)), "{err}");
}

async fn a_shift_stopped_after_an_answer_stays_open_for_its_reflection(db: Db) {
    let store = db.open().await;
    let learner = local(&store, LOCAL_LEARNER).await;
    let p = scenario();
    let (s, _) = shift::start(&p);
    let id = store.start_shift(learner, &s, Utc::now()).await.unwrap();
    let inputs = vec![
        (20, reply("klacht", "Sorry! Stuur je een DM? ^Sam")),
        (30, ShiftInput::Stop),
    ];
    let s = play_shift(&store, id, &p, s, inputs).await;
    assert!(s.awaits_reflection());
    let open = store.open_shift(learner, None).await.unwrap().unwrap();
    assert_eq!((open.id, open.status), (id, AttemptStatus::Stopped));

    let reflection = ShiftInput::Reflection("Te laat aan de ouder begonnen.".into());
    play_shift(&store, id, &p, s, vec![(40, reflection)]).await;
    let done = store.shift(id).await.unwrap().unwrap();
    assert_eq!(done.status, AttemptStatus::Stopped);
    assert_eq!(
        done.reflection.as_deref(),
        Some("Te laat aan de ouder begonnen.")
    );
    assert!(store.open_shift(learner, None).await.unwrap().is_none());
    assert!(store.progress(learner).await.unwrap().is_empty());
}

async fn finished_shifts_name_their_learner(db: Db) {
    let store = db.open().await;
    let p = scenario();
    let named = store
        .learner(LearnerKey::Telegram(7), Some("Noor"))
        .await
        .unwrap()
        .id;
    let unnamed = store
        .learner(LearnerKey::Telegram(8), None)
        .await
        .unwrap()
        .id;
    let running = local(&store, LOCAL_LEARNER).await;
    let mut finished = Vec::new();
    for learner in [named, unnamed] {
        let (s, _) = shift::start(&p);
        let id = store.start_shift(learner, &s, Utc::now()).await.unwrap();
        play_shift(&store, id, &p, s, strong_shift()).await;
        finished.push(id);
    }
    let (s, _) = shift::start(&p);
    store.start_shift(running, &s, Utc::now()).await.unwrap();

    let list = store.finished_shifts().await.unwrap();
    let names: Vec<(&str, ShiftId)> = list.iter().map(|(n, s)| (n.as_str(), s.id)).collect();
    assert_eq!(names, [("Telegram 8", finished[1]), ("Noor", finished[0])]);
}

// --- the transaction unit and the table groups of `store::traits` ------------

use gesprekscoach::store::assignments::{Assignment, NewAssignment, Plan, PlanItem, Recipients};
use gesprekscoach::store::reports::ResultKind;
use gesprekscoach::store::telegram::PendingUpdate;
use gesprekscoach::store::uploads::{NewUpload, UploadKind};
use gesprekscoach::store::{AssignmentId, ClassId, Database, FORGOTTEN_OWNER, Tx, UploadId};

/// Runs `work` as one write unit and returns its value.
async fn write<T, F>(store: &AnyStore, work: F) -> T
where
    T: Send + 'static,
    F: for<'t> FnMut(&'t mut dyn Tx) -> futures::future::BoxFuture<'t, Result<T, StoreError>>
        + Send
        + 'static,
{
    store.write(work).await.expect("write unit")
}

async fn a_write_unit_that_fails_leaves_nothing(db: Db) {
    let store = db.open().await;
    let result: Result<(), StoreError> = store
        .write(|tx| {
            Box::pin(async move {
                tx.create_class("2B", "CODE2B").await?;
                let learner = tx.learner(LearnerKey::Telegram(5), Some("Ali")).await?;
                tx.user_touch(5, 5, "Ali", learner.id).await?;
                tx.outbox_push(5, "{}").await?;
                Err(StoreError::Corrupt("the unit changes its mind".into()))
            })
        })
        .await;
    assert!(matches!(result, Err(StoreError::Corrupt(_))));
    let store = db.open().await;
    let mut read = store.read().await.unwrap();
    assert!(read.class_by_code("code2b").await.unwrap().is_none());
    assert!(read.user(5).await.unwrap().is_none());
    assert!(read.outbox_chats().await.unwrap().is_empty());
    assert!(read.class_listings().await.unwrap().is_empty());
}

async fn forget_learner_deletes_attempts_shifts_and_progress(db: Db) {
    let store = db.open().await;
    let learner = store
        .learner(LearnerKey::Telegram(9), Some("Sam"))
        .await
        .unwrap()
        .id;
    let keep = local(&store, "b").await;
    play(&store, learner, &koffie(), &STRONG, false).await;
    play(&store, keep, &koffie(), &STRONG, false).await;
    let p = scenario();
    let (s, _) = shift::start(&p);
    let shift = store.start_shift(learner, &s, Utc::now()).await.unwrap();
    write(&store, move |tx| Box::pin(tx.forget_learner(learner))).await;

    let store = db.open().await;
    assert!(store.attempts(learner).await.unwrap().is_empty());
    assert!(store.progress(learner).await.unwrap().is_empty());
    assert!(store.shift(shift).await.unwrap().is_none());
    assert!(store.finished_shifts().await.unwrap().is_empty());
    let again = store.learner(LearnerKey::Telegram(9), None).await.unwrap();
    assert_ne!(again.id, learner);
    assert_eq!(again.display_name, None);
    assert_eq!(store.attempts(keep).await.unwrap().len(), 1);
}

async fn classes_codes_and_teacher_invites(db: Db) {
    let store = db.open().await;
    let class = write(&store, |tx| {
        Box::pin(async move {
            let class = tx.create_class_for("4C", "Abc123", 77).await?;
            tx.create_class_for("2B", "Xyz789", 77).await?;
            tx.create_class_for("1A", "Other1", 88).await?;
            tx.create_invite("Doc-42", 1, i64::MAX / 2).await?;
            Ok(class)
        })
    })
    .await;
    let id = ClassId(class.id);
    let mut read = store.read().await.unwrap();
    // Codes and names compare case-insensitively.
    assert_eq!(
        read.class_by_code("ABC123").await.unwrap(),
        Some(class.clone())
    );
    assert_eq!(
        read.class_of_teacher(77, "4c").await.unwrap(),
        Some(class.clone())
    );
    assert!(read.class_of_teacher(88, "4C").await.unwrap().is_none());
    let names: Vec<String> = read
        .classes_of_teacher(77)
        .await
        .unwrap()
        .into_iter()
        .map(|(c, members)| format!("{} {members}", c.name))
        .collect();
    assert_eq!(names, ["2B 0", "4C 0"]);
    assert!(read.invite_usable("doc-42", 0).await.unwrap());
    assert!(!read.is_teacher(55).await.unwrap());
    drop(read);

    // A duplicate join code is refused by the database itself.
    let duplicate: Result<_, StoreError> = store
        .write(|tx| Box::pin(async move { tx.create_class("X", "abc123").await }))
        .await;
    assert!(duplicate.is_err());

    let (first, second) = write(&store, move |tx| {
        Box::pin(async move {
            tx.rename_class(id, "4D").await?;
            tx.set_join_code(id, "New456").await?;
            let first = tx.redeem_invite("DOC-42", 55).await?;
            let second = tx.redeem_invite("doc-42", 56).await?;
            tx.record_join_failure(55).await?;
            tx.record_join_failure(55).await?;
            Ok((first, second))
        })
    })
    .await;
    assert_eq!((first, second), (true, false));
    let mut read = store.read().await.unwrap();
    assert!(read.is_teacher(55).await.unwrap());
    assert!(!read.is_teacher(56).await.unwrap());
    assert!(!read.invite_usable("doc-42", 0).await.unwrap());
    assert!(read.class_by_code("abc123").await.unwrap().is_none());
    let renamed = read.class(id).await.unwrap().unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.join_code.as_str()),
        ("4D", "New456")
    );
    assert_eq!(
        read.join_failures(55, std::time::Duration::from_secs(600))
            .await
            .unwrap(),
        2
    );
}

async fn the_transport_tables_deduplicate_queue_and_forget(db: Db) {
    let store = db.open().await;
    let update = |id: i64| PendingUpdate {
        update_id: id,
        chat_id: 500,
        payload: format!("{{\"update_id\":{id}}}"),
    };
    let updates = vec![update(1), update(2)];
    let fresh = write(&store, move |tx| {
        let updates = updates.clone();
        Box::pin(async move { tx.inbox_insert(&updates).await })
    })
    .await;
    assert_eq!(fresh, [1, 2]);
    let again = vec![update(2), update(3)];
    let fresh = write(&store, move |tx| {
        let again = again.clone();
        Box::pin(async move { tx.inbox_insert(&again).await })
    })
    .await;
    assert_eq!(fresh, [3], "a redelivered update is not new");

    let learner = store
        .learner(LearnerKey::Telegram(50), None)
        .await
        .unwrap()
        .id;
    let class = write(&store, move |tx| {
        Box::pin(async move {
            let class = tx.create_class("2B", "CODE2B").await?;
            let user = tx.user_touch(50, 500, "Ali", learner).await?;
            assert_eq!(user.learner_id, Some(learner.0));
            tx.join_class(learner, ClassId(class.id)).await?;
            tx.inbox_mark_handled(1).await?;
            tx.outbox_push(500, "een").await?;
            tx.outbox_push(500, "twee").await?;
            let queued = tx
                .outbox_push_class(ClassId(class.id), Recipients::Everyone, "bulk", 10)
                .await?;
            assert_eq!(queued, 1);
            Ok(ClassId(class.id))
        })
    })
    .await;

    let mut read = store.read().await.unwrap();
    let pending: Vec<i64> = read
        .inbox_pending()
        .await
        .unwrap()
        .iter()
        .map(|u| u.update_id)
        .collect();
    assert_eq!(pending, [2, 3]);
    assert_eq!(read.inbox_max_update_id().await.unwrap(), Some(3));
    let (messages, inactive) = read.outbox_to_send(500).await.unwrap();
    let texts: Vec<&str> = messages.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!((texts, inactive), (vec!["een", "twee"], false));
    assert_eq!(read.outbox_chats().await.unwrap(), [500]);
    let bulk = read.bulk_next(10).await.unwrap();
    assert_eq!(bulk.len(), 1);
    assert_eq!((bulk[0].1, bulk[0].2.as_str()), (500, "bulk"));
    let members = read.class_users(class).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].class_id, Some(class.0));
    assert_eq!(
        read.class_of_learner(learner).await.unwrap().map(|c| c.id),
        Some(class.0)
    );
    read.ping().await.unwrap();
    drop(read);

    let first = messages[0].0;
    write(&store, move |tx| {
        Box::pin(async move {
            tx.outbox_delete(&[first]).await?;
            tx.chat_mark_inactive(500).await?;
            Ok(())
        })
    })
    .await;
    let mut read = store.read().await.unwrap();
    assert!(read.chat_is_inactive(500).await.unwrap());
    assert_eq!(read.outbox_to_send(500).await.unwrap().0.len(), 1);
    drop(read);

    // Forget: the user row goes, the handled inbox rows keep no words.
    write(&store, move |tx| {
        Box::pin(async move {
            tx.forget_learner(learner).await?;
            tx.delete_user(50, 500).await?;
            tx.outbox_clear_chat(500).await?;
            Ok(())
        })
    })
    .await;
    let mut read = store.read().await.unwrap();
    assert!(read.user(50).await.unwrap().is_none());
    assert!(read.class_users(class).await.unwrap().is_empty());
    assert!(read.outbox_chats().await.unwrap().is_empty());
    drop(read);
    let handled_payloads: i64 = match &store {
        AnyStore::Sqlite(s) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM tg_inbox WHERE handled_at IS NOT NULL AND payload <> '{}'",
        )
        .fetch_one(s.pool())
        .await
        .unwrap(),
        AnyStore::Postgres(s) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM tg_inbox WHERE handled_at IS NOT NULL AND payload <> '{}'",
        )
        .fetch_one(s.pool())
        .await
        .unwrap(),
    };
    assert_eq!(handled_payloads, 0);
}

/// The names of who has not done an assignment, in the store's order.
async fn not_done_names(read: &mut gesprekscoach::store::Reader, a: &Assignment) -> Vec<String> {
    read.not_done(a)
        .await
        .expect("not done")
        .into_iter()
        .map(|n| n.name)
        .collect()
}

async fn a_member_not_on_telegram_is_not_done_by_name_and_gets_no_push(db: Db) {
    let store = db.open().await;
    // Sanne is in the class without Telegram (e.g. added on the web); Bo is
    // on Telegram; Eva is on Telegram but blocked the bot.
    let sanne = store
        .learner(LearnerKey::Local("sanne"), Some("Sanne"))
        .await
        .unwrap()
        .id;
    let bo = store
        .learner(LearnerKey::Telegram(61), Some("Bo"))
        .await
        .unwrap()
        .id;
    let eva = store
        .learner(LearnerKey::Telegram(62), Some("Eva"))
        .await
        .unwrap()
        .id;
    let (class, first) = write(&store, move |tx| {
        Box::pin(async move {
            let class = ClassId(tx.create_class("3B", "CODE3B").await?.id);
            tx.user_touch(61, 610, "Bo", bo).await?;
            tx.user_touch(62, 620, "Eva", eva).await?;
            tx.set_inactive(62, true).await?;
            for learner in [sanne, bo, eva] {
                tx.join_class(learner, class).await?;
            }
            let first = tx
                .create_assignment(&NewAssignment {
                    class_id: class.0,
                    dialogue_id: "test-koffie",
                    due_at: 5_000,
                    created_by: Some(7),
                    plan_slot: None,
                    now: 1_000,
                })
                .await?
                .expect("a new assignment");
            Ok((class, first))
        })
    })
    .await;

    let mut read = store.read().await.unwrap();
    assert_eq!(
        not_done_names(&mut read, &first).await,
        ["Bo", "Eva", "Sanne"]
    );
    let members: Vec<String> = read
        .report_members(class)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(members, ["Bo", "Eva", "Sanne"]);
    drop(read);

    // The push is the transport's: only Bo, on Telegram and not blocked.
    let a = first.clone();
    let queued = write(&store, move |tx| {
        let a = a.clone();
        Box::pin(async move {
            tx.outbox_push_class(class, Recipients::NotDone(&a), "{}", 2_000)
                .await
        })
    })
    .await;
    assert_eq!(queued, 1);

    play(&store, bo, &koffie(), &STRONG, false).await;
    let mut read = store.read().await.unwrap();
    assert_eq!(not_done_names(&mut read, &first).await, ["Eva", "Sanne"]);

    drop(read);

    // A learner from before the names moved to `learners` had only the
    // Telegram first name: the migration fills the display name from it
    // (applied again here to rows made nameless) and leaves others alone.
    let unname = "UPDATE learners SET display_name = NULL WHERE telegram_user_id IS NOT NULL";
    match &store {
        AnyStore::Sqlite(s) => {
            sqlx::query(unname).execute(s.pool()).await.unwrap();
            sqlx::raw_sql(include_str!("../migrations/0011_learner_names.sql"))
                .execute(s.pool())
                .await
                .unwrap();
        }
        AnyStore::Postgres(s) => {
            sqlx::query(unname).execute(s.pool()).await.unwrap();
            sqlx::raw_sql(include_str!(
                "../migrations/postgres/0011_learner_names.sql"
            ))
            .execute(s.pool())
            .await
            .unwrap();
        }
    }
    let mut read = store.read().await.unwrap();
    assert_eq!(not_done_names(&mut read, &first).await, ["Eva", "Sanne"]);
}

async fn assignments_plans_and_reminders_happen_once(db: Db) {
    let store = db.open().await;
    // As Telegram's first contact does: the learner is named by the first name.
    let learner = store
        .learner(LearnerKey::Telegram(60), Some("Bo"))
        .await
        .unwrap()
        .id;
    let class = write(&store, move |tx| {
        Box::pin(async move {
            let class = ClassId(tx.create_class("3A", "CODE3A").await?.id);
            tx.user_touch(60, 600, "Bo", learner).await?;
            tx.join_class(learner, class).await?;
            Ok(class)
        })
    })
    .await;
    let new = move |slot: Option<i64>, due_at: i64| NewAssignment {
        class_id: class.0,
        dialogue_id: "test-koffie",
        due_at,
        created_by: Some(7),
        plan_slot: slot,
        now: 1_000,
    };
    let (first, twice) = write(&store, move |tx| {
        Box::pin(async move {
            let first = tx.create_assignment(&new(Some(1), 5_000)).await?;
            let twice = tx.create_assignment(&new(Some(1), 5_000)).await?;
            Ok((first, twice))
        })
    })
    .await;
    let first = first.expect("a new assignment");
    assert!(twice.is_none(), "one plan slot, one assignment");

    let mut read = store.read().await.unwrap();
    assert_eq!(
        read.current_assignment(class, 2_000).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(not_done_names(&mut read, &first).await, ["Bo"]);
    let due = read.reminders_due(4_000, 2_000).await.unwrap();
    assert_eq!(due, std::slice::from_ref(&first));
    drop(read);

    play(&store, learner, &koffie(), &STRONG, false).await;
    let mut read = store.read().await.unwrap();
    assert!(not_done_names(&mut read, &first).await.is_empty());
    let mine = read
        .assignments_for_learner(class, learner, 10)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert!(mine[0].done_at.is_some_and(|at| at > 0));
    assert_eq!(
        read.assigned_dialogues(class).await.unwrap(),
        ["test-koffie"]
    );
    drop(read);

    let id = AssignmentId(first.id);
    let claims = write(&store, move |tx| {
        Box::pin(async move {
            Ok((
                tx.claim_reminder(id, 4_000).await?,
                tx.claim_reminder(id, 4_001).await?,
            ))
        })
    })
    .await;
    assert_eq!(claims, (true, false));

    let plan = Plan {
        class_id: class.0,
        weekday: 1,
        minute: 510,
        paused: false,
        anchor_at: 100,
        items: ["a", "b"]
            .iter()
            .map(|d| PlanItem {
                position: 0,
                dialogue_id: d.to_string(),
                pushed_at: None,
            })
            .collect(),
    };
    let saved = plan.clone();
    let claimed = write(&store, move |tx| {
        let plan = saved.clone();
        Box::pin(async move {
            tx.save_plan(&plan, 100).await?;
            let once = tx.claim_plan_item(class, 1, 200).await?;
            let twice = tx.claim_plan_item(class, 1, 201).await?;
            tx.link_plan_item(class, 1, id).await?;
            Ok((once, twice))
        })
    })
    .await;
    assert_eq!(claimed, (true, false));
    let mut read = store.read().await.unwrap();
    let stored = read.plan(class).await.unwrap().expect("plan");
    assert_eq!(
        (stored.weekday, stored.minute, stored.paused),
        (1, 510, false)
    );
    assert_eq!(stored.anchor_at, 200);
    let items: Vec<(i64, &str, bool)> = stored
        .items
        .iter()
        .map(|i| (i.position, i.dialogue_id.as_str(), i.pushed_at.is_some()))
        .collect();
    assert_eq!(items, [(1, "a", true), (2, "b", false)]);
    assert_eq!(read.active_plan_classes().await.unwrap(), [class]);
}

async fn uploads_keep_every_version_and_one_current(db: Db) {
    let store = db.open().await;
    let learner = local(&store, "a").await;
    let (attempt, _) = play(&store, learner, &koffie(), &STRONG[..1], false).await;
    let upload = |title: &str| NewUpload {
        dialogue_id: "eigen".into(),
        kind: UploadKind::Dialogue,
        owner_id: 7,
        title: title.into(),
        file_name: "eigen.toml".into(),
        source: "id = \"eigen\"".into(),
    };
    let (one, two) = (upload("Een"), upload("Twee"));
    let (v1, v2) = write(&store, move |tx| {
        let (one, two) = (one.clone(), two.clone());
        Box::pin(async move {
            let v1 = tx.insert_upload(&one).await?;
            tx.set_upload_everyone("eigen", true).await?;
            tx.link_attempt_upload(attempt, v1).await?;
            let v2 = tx.insert_upload(&two).await?;
            Ok((v1, v2))
        })
    })
    .await;
    let mut read = store.read().await.unwrap();
    let current = read
        .current_upload("eigen")
        .await
        .unwrap()
        .expect("current");
    assert_eq!((UploadId(current.id), current.title.as_str()), (v2, "Twee"));
    assert!(current.everyone, "a new version keeps the scope");
    assert_eq!(read.current_uploads().await.unwrap().len(), 1);
    assert_eq!(read.upload_version(v1).await.unwrap().unwrap().title, "Een");
    assert_eq!(read.attempt_upload(attempt).await.unwrap(), Some(v1));
    assert_eq!(read.uploads_since(7, 0).await.unwrap(), 2);
    drop(read);
    write(&store, |tx| Box::pin(tx.remove_upload("eigen"))).await;
    let mut read = store.read().await.unwrap();
    assert!(read.current_upload("eigen").await.unwrap().is_none());
    assert!(read.upload_version(v2).await.unwrap().is_some());
}

/// A teacher's webcare scenario is an upload like a dialogue (one id
/// namespace, versions, scope); a shift remembers the version it began on,
/// and forgetting the learner takes that link with the shift.
async fn an_uploaded_scenario_keeps_its_kind_and_a_shift_its_version(db: Db) {
    let store = db.open().await;
    let learner = local(&store, "a").await;
    let p = scenario();
    let (s, _) = shift::start(&p);
    let shift = store.start_shift(learner, &s, Utc::now()).await.unwrap();
    let upload = |title: &str| NewUpload {
        dialogue_id: "dienst".into(),
        kind: UploadKind::Webcare,
        owner_id: 7,
        title: title.into(),
        file_name: "dienst.toml".into(),
        source: WEBCARE.into(),
    };
    let (one, two) = (upload("Een"), upload("Twee"));
    let (v1, v2) = write(&store, move |tx| {
        let (one, two) = (one.clone(), two.clone());
        Box::pin(async move {
            let v1 = tx.insert_upload(&one).await?;
            tx.link_shift_upload(shift, v1).await?;
            let v2 = tx.insert_upload(&two).await?;
            Ok((v1, v2))
        })
    })
    .await;
    let mut read = store.read().await.unwrap();
    let current = read
        .current_upload("dienst")
        .await
        .unwrap()
        .expect("current");
    assert_eq!(
        (UploadId(current.id), current.kind),
        (v2, UploadKind::Webcare)
    );
    let first = read.upload_version(v1).await.unwrap().expect("kept");
    assert_eq!(
        (first.kind, first.title.as_str()),
        (UploadKind::Webcare, "Een")
    );
    assert_eq!(read.shift_upload(shift).await.unwrap(), Some(v1));
    assert_eq!(
        read.shift_upload(ShiftId(shift.0 + 1000)).await.unwrap(),
        None
    );
    drop(read);

    write(&store, move |tx| Box::pin(tx.forget_learner(learner))).await;
    let mut read = store.read().await.unwrap();
    assert_eq!(read.shift_upload(shift).await.unwrap(), None);
    assert!(read.upload_version(v1).await.unwrap().is_some());
}

async fn a_class_report_sees_its_members_and_their_finished_work(db: Db) {
    let store = db.open().await;
    let ali = store
        .learner(LearnerKey::Telegram(71), Some("Ali"))
        .await
        .unwrap()
        .id;
    // Telegram names a learner at first contact; a display name set on
    // the school's side ("Ali") is what the report shows.
    let bo = store
        .learner(LearnerKey::Telegram(72), Some("bo"))
        .await
        .unwrap()
        .id;
    let class = write(&store, move |tx| {
        Box::pin(async move {
            let class = ClassId(tx.create_class("2b", "C2B").await?.id);
            tx.create_class("4C", "C4C").await?;
            tx.user_touch(71, 710, "ali", ali).await?;
            tx.user_touch(72, 720, "bo", bo).await?;
            tx.join_class(ali, class).await?;
            tx.join_class(bo, class).await?;
            Ok(class)
        })
    })
    .await;
    let (attempt, _) = play(&store, ali, &koffie(), &STRONG, false).await;
    let p = scenario();
    let (s, _) = shift::start(&p);
    let shift_id = store.start_shift(bo, &s, Utc::now()).await.unwrap();
    play_shift(&store, shift_id, &p, s, strong_shift()).await;

    let mut read = store.read().await.unwrap();
    let names: Vec<(String, u32)> = read
        .class_listings()
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.students))
        .collect();
    assert_eq!(names, [("2b".to_string(), 2), ("4C".to_string(), 0)]);
    assert_eq!(read.class_listings_named(" 2B ").await.unwrap().len(), 1);
    assert_eq!(
        read.class_listing(class).await.unwrap().unwrap().students,
        2
    );
    let members: Vec<String> = read
        .report_members(class)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(members, ["Ali", "bo"]);
    let finished: Vec<(ResultKind, u32)> = read
        .finished(class)
        .await
        .unwrap()
        .iter()
        .map(|f| (f.kind, f.score))
        .collect();
    assert_eq!(
        finished,
        [(ResultKind::Dialogue, 100), (ResultKind::Webcare, 100)]
    );
    assert_eq!(
        read.attempt_class(attempt).await.unwrap(),
        Some((class, ali))
    );
    let running = read.running_shifts().await.unwrap();
    assert!(running.is_empty(), "the shift finished");
}

// --- the web dashboard's login links and sessions ------------------------------

async fn a_login_link_is_used_once_and_only_before_it_expires(db: Db) {
    let store = db.open().await;
    write(&store, |tx| {
        Box::pin(async move {
            tx.create_login_link("hash-a", 77, 1_000, 1_900).await?;
            tx.create_login_link("hash-b", 88, 1_000, 1_900).await
        })
    })
    .await;
    // A restarted program sees the link (it lives in the database).
    let store = db.open().await;
    let (late, unknown, first, second) = write(&store, |tx| {
        Box::pin(async move {
            let late = tx.redeem_login_link("hash-b", 1_900).await?;
            let unknown = tx.redeem_login_link("hash-x", 1_000).await?;
            let first = tx.redeem_login_link("hash-a", 1_899).await?;
            let second = tx.redeem_login_link("hash-a", 1_899).await?;
            Ok((late, unknown, first, second))
        })
    })
    .await;
    assert_eq!(late, None, "expired at its expiry time");
    assert_eq!(unknown, None);
    assert_eq!(first, Some(77));
    assert_eq!(second, None, "used once");
}

async fn a_login_link_redeemed_by_many_tasks_at_once_opens_one_session(db: Db) {
    let store = db.open().await;
    write(&store, |tx| {
        Box::pin(async move { tx.create_login_link("race", 5, 0, i64::MAX / 2).await })
    })
    .await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                write(&store, move |tx| {
                    Box::pin(async move {
                        let user = tx.redeem_login_link("race", 10).await?;
                        if let Some(user) = user {
                            tx.create_web_session(&format!("s{i}"), user, 10, 100)
                                .await?;
                        }
                        Ok(user)
                    })
                })
                .await
            })
        })
        .collect();
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.expect("task").is_some());
    }
    assert_eq!(winners, 1);
}

async fn web_sessions_survive_a_restart_end_at_logout_or_expiry_and_are_pruned(db: Db) {
    let store = db.open().await;
    write(&store, |tx| {
        Box::pin(async move {
            tx.create_web_session("one", 77, 100, 200).await?;
            tx.create_web_session("two", 88, 100, 200).await?;
            tx.create_web_session("old", 99, 10, 50).await?;
            tx.create_login_link("stale", 77, 10, 40).await?;
            tx.create_login_link("fresh", 77, 100, 190).await
        })
    })
    .await;
    let store = db.open().await;
    let mut read = store.read().await.unwrap();
    let one = read.web_session("one", 150).await.unwrap().expect("live");
    assert_eq!(
        (one.user_id, one.created_at, one.expires_at),
        (77, 100, 200)
    );
    assert!(
        read.web_session("one", 200).await.unwrap().is_none(),
        "ended at expiry"
    );
    assert!(read.web_session("nope", 150).await.unwrap().is_none());
    drop(read);
    let pruned = write(&store, |tx| {
        Box::pin(async move {
            tx.end_web_session("two").await?;
            tx.end_web_session("never-was").await?;
            tx.prune_web(150, 60).await
        })
    })
    .await;
    assert_eq!(pruned, 2, "the expired session and the stale link");
    let mut read = store.read().await.unwrap();
    assert!(
        read.web_session("two", 150).await.unwrap().is_none(),
        "logged out"
    );
    assert!(read.web_session("one", 150).await.unwrap().is_some());
    assert_eq!(
        read.login_links_since(77, 0).await.unwrap(),
        1,
        "fresh stays"
    );
}

async fn login_links_are_counted_per_user_for_the_rate_limit(db: Db) {
    let store = db.open().await;
    write(&store, |tx| {
        Box::pin(async move {
            for (i, at) in [100, 200, 300].into_iter().enumerate() {
                tx.create_login_link(&format!("l{i}"), 77, at, at + 900)
                    .await?;
            }
            tx.create_login_link("other", 88, 300, 1200).await
        })
    })
    .await;
    let mut read = store.read().await.unwrap();
    assert_eq!(read.login_links_since(77, 0).await.unwrap(), 3);
    assert_eq!(read.login_links_since(77, 200).await.unwrap(), 2);
    assert_eq!(read.login_links_since(77, 301).await.unwrap(), 0);
    assert_eq!(read.login_links_since(88, 0).await.unwrap(), 1);
}

async fn the_my_data_export_holds_all_of_the_learner_and_nothing_of_another(db: Db) {
    let store = db.open().await;
    let me = local(&store, "me").await;
    let other = local(&store, "other").await;
    play(&store, me, &koffie(), &STRONG, false).await;
    play(&store, other, &koffie(), &WEAK, false).await;
    let p = scenario();
    let (s, _) = shift::start(&p);
    let id = store.start_shift(me, &s, Utc::now()).await.unwrap();
    play_shift(&store, id, &p, s, strong_shift()).await;

    let store = db.open().await;
    let mut reads = store.read().await.unwrap();
    let doc = gesprekscoach::school::my_data::export(&mut *reads, Some(me))
        .await
        .unwrap();
    let turns = doc["oefeningen"][0]["beurten"].as_array().unwrap();
    let texts: Vec<&str> = turns.iter().filter_map(|t| t["tekst"].as_str()).collect();
    assert_eq!(texts, STRONG.to_vec(), "every turn, in order");
    assert_eq!(doc["oefeningen"].as_array().unwrap().len(), 1);
    assert_eq!(doc["webcarediensten"].as_array().unwrap().len(), 1);
    assert_eq!(
        doc["webcarediensten"][0]["berichten"][0]["reactie"],
        "Sorry! Stuur je een DM? ^Sam"
    );
    assert!(!doc["voortgang"].as_array().unwrap().is_empty());
    let text = doc.to_string();
    for weak in WEAK {
        assert!(!text.contains(weak), "nothing of another learner: {weak}");
    }
    let empty = gesprekscoach::school::my_data::export(&mut *reads, None)
        .await
        .unwrap();
    assert_eq!(empty["oefeningen"].as_array().map(Vec::len), Some(0));
}

// --- forget-me of a teacher ---------------------------------------------------

/// A teacher's Telegram id with twelve digits, so no timestamp (ten digits)
/// can contain it; and a name found nowhere else.
const TEACHER: i64 = 987_654_321_012;
const TEACHER_NAME: &str = "Wilhelmina";

/// Every row of every table (migrations' bookkeeping aside) with a value
/// that contains `needle` when read as text: the teacher's id in a number
/// column or inside JSON, or their name in any text.
async fn rows_naming(store: &AnyStore, needle: &str) -> Vec<String> {
    let pattern = format!("%{needle}%");
    let mut found = Vec::new();
    match store {
        AnyStore::Sqlite(s) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
            )
            .fetch_all(s.pool())
            .await
            .unwrap();
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
                        .bind(&table)
                        .fetch_all(s.pool())
                        .await
                        .unwrap();
                for column in columns {
                    let n: i64 = sqlx::query_scalar(&format!(
                        "SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE ?"
                    ))
                    .bind(&pattern)
                    .fetch_one(s.pool())
                    .await
                    .unwrap();
                    if n > 0 {
                        found.push(format!("{table}.{column}: {n}"));
                    }
                }
            }
        }
        AnyStore::Postgres(s) => {
            let columns: Vec<(String, String)> = sqlx::query_as(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
            )
            .fetch_all(s.pool())
            .await
            .unwrap();
            assert!(!columns.is_empty(), "read the schema");
            for (table, column) in columns {
                let n: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE $1"
                ))
                .bind(&pattern)
                .fetch_one(s.pool())
                .await
                .unwrap();
                if n > 0 {
                    found.push(format!("{table}.{column}: {n}"));
                }
            }
        }
    }
    found
}

/// A teacher with everything a teacher leaves behind: a class with a
/// student, an assignment, invites used and made (one redeemed by a
/// colleague), an upload a student practised and a published one, a
/// dashboard login and session, handled and queued Telegram messages.
/// Forgotten the way a confirmed `/vergeetmij` does it, nothing names them
/// any more; the class, its student, the colleague and the attempt on the
/// upload stay.
async fn forgetting_a_teacher_leaves_no_row_that_names_them_and_keeps_the_classes(db: Db) {
    const ADMIN: i64 = 1;
    const COLLEAGUE: i64 = 2;
    const STUDENT: i64 = 3;
    let store = db.open().await;
    let now = Utc::now().timestamp();
    let teacher = store
        .learner(LearnerKey::Telegram(TEACHER), Some(TEACHER_NAME))
        .await
        .unwrap()
        .id;
    let student = store
        .learner(LearnerKey::Telegram(STUDENT), Some("Ali"))
        .await
        .unwrap()
        .id;
    let (attempt, _) = play(&store, student, &koffie(), &STRONG[..1], false).await;
    let upload = |id: &str| NewUpload {
        dialogue_id: id.into(),
        kind: UploadKind::Dialogue,
        owner_id: TEACHER,
        title: format!("Eigen {id}"),
        file_name: format!("{id}.toml"),
        source: KOFFIE.replacen("id = \"test-koffie\"", &format!("id = \"{id}\""), 1),
    };
    let (own, shared) = (upload("eigen"), upload("gedeeld"));
    let (class, version) = write(&store, move |tx| {
        let (own, shared) = (own.clone(), shared.clone());
        Box::pin(async move {
            tx.user_touch(TEACHER, TEACHER, TEACHER_NAME, teacher).await?;
            tx.user_touch(STUDENT, STUDENT, "Ali", student).await?;
            tx.create_invite("VOORJOU", ADMIN, now + 3600).await?;
            assert!(tx.redeem_invite("VOORJOU", TEACHER).await?);
            tx.create_invite("COLLEGA", TEACHER, now + 3600).await?;
            assert!(tx.redeem_invite("COLLEGA", COLLEAGUE).await?);
            tx.create_invite("LATER", TEACHER, now + 3600).await?;
            let class = ClassId(tx.create_class_for("4C", "CODE4C", TEACHER).await?.id);
            tx.join_class(student, class).await?;
            tx.create_assignment(&NewAssignment {
                class_id: class.0,
                dialogue_id: "eigen",
                due_at: now + 3600,
                created_by: Some(TEACHER),
                plan_slot: None,
                now,
            })
            .await?;
            let version = tx.insert_upload(&own).await?;
            tx.link_attempt_upload(attempt, version).await?;
            tx.insert_upload(&shared).await?;
            tx.set_upload_everyone("gedeeld", true).await?;
            tx.create_login_link("link-hash", TEACHER, now, now + 600).await?;
            tx.create_web_session("session-hash", TEACHER, now, now + 3600).await?;
            let said = format!(
                "{{\"message\":{{\"from\":{{\"id\":{TEACHER},\"first_name\":\"{TEACHER_NAME}\"}}}}}}"
            );
            tx.inbox_insert(&[PendingUpdate {
                update_id: 77,
                chat_id: TEACHER,
                payload: said,
            }])
            .await?;
            tx.inbox_mark_handled(77).await?;
            tx.outbox_push(TEACHER, &format!("Dag {TEACHER_NAME}")).await?;
            tx.record_join_failure(TEACHER).await?;
            Ok((class, version))
        })
    })
    .await;
    let before = rows_naming(&store, &TEACHER.to_string()).await;
    for table in [
        "classes",
        "teachers",
        "teacher_invites",
        "uploaded_dialogues",
        "web_sessions",
    ] {
        assert!(
            before.iter().any(|r| r.starts_with(table)),
            "the scan sees {table}: {before:?}"
        );
    }

    write(&store, move |tx| {
        Box::pin(async move {
            tx.forget_learner(teacher).await?;
            tx.forget_teacher(TEACHER, now).await?;
            tx.delete_user(TEACHER, TEACHER).await
        })
    })
    .await;

    let store = db.open().await;
    assert_eq!(
        rows_naming(&store, &TEACHER.to_string()).await,
        Vec::<String>::new()
    );
    assert_eq!(
        rows_naming(&store, TEACHER_NAME).await,
        Vec::<String>::new()
    );
    let mut read = store.read().await.unwrap();
    let kept = read.class(class).await.unwrap().expect("the class stays");
    assert_eq!(kept.teacher_id, None);
    assert_eq!(read.class_users(class).await.unwrap().len(), 1);
    assert!(read.current_assignment(class, now).await.unwrap().is_some());
    assert!(!read.is_teacher(TEACHER).await.unwrap());
    assert!(read.is_teacher(COLLEAGUE).await.unwrap());
    assert!(
        read.invite_usable("LATER", now).await.unwrap(),
        "a colleague may still use it"
    );
    let offered: Vec<(String, i64)> = read
        .current_uploads()
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.dialogue_id, u.owner_id))
        .collect();
    assert_eq!(offered, [("gedeeld".to_string(), FORGOTTEN_OWNER)]);
    assert_eq!(read.attempt_upload(attempt).await.unwrap(), Some(version));
    let ran_on = read.upload_version(version).await.unwrap().expect("kept");
    assert_eq!(ran_on.owner_id, FORGOTTEN_OWNER);
    assert!(
        read.web_session("session-hash", now)
            .await
            .unwrap()
            .is_none()
    );
}

// --- PostgreSQL only: writers that conflict -----------------------------------

/// SQLite has one writer, so units never conflict there; on PostgreSQL two
/// units can deadlock, and the one PostgreSQL aborts runs again.
mod postgres_only {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    use super::*;

    /// Renames `first` and then `second` to `name` in one unit; the first
    /// run waits at `barrier` in between, so two such units hold one lock
    /// each and then want the other's.
    fn rename_both(
        store: &AnyStore,
        barrier: &Arc<tokio::sync::Barrier>,
        runs: &Arc<AtomicUsize>,
        (first, second): (ClassId, ClassId),
        name: &'static str,
    ) -> tokio::task::JoinHandle<Result<(), StoreError>> {
        let (store, barrier, runs) = (store.clone(), barrier.clone(), runs.clone());
        tokio::spawn(async move {
            let mine = Arc::new(AtomicUsize::new(0));
            store
                .write(move |tx| {
                    let (barrier, runs, mine) = (barrier.clone(), runs.clone(), mine.clone());
                    Box::pin(async move {
                        runs.fetch_add(1, SeqCst);
                        let run = mine.fetch_add(1, SeqCst);
                        tx.rename_class(first, name).await?;
                        if run == 0 {
                            barrier.wait().await;
                        }
                        tx.rename_class(second, name).await?;
                        Ok(())
                    })
                })
                .await
        })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_unit_aborted_to_break_a_deadlock_runs_again_and_both_commit() {
        let Some(db) = Db::postgres("postgres_only::deadlock").await else {
            return;
        };
        let store = db.open().await;
        let (a, b) = write(&store, |tx| {
            Box::pin(async move {
                let a = ClassId(tx.create_class("A", "CODEA").await?.id);
                let b = ClassId(tx.create_class("B", "CODEB").await?.id);
                Ok((a, b))
            })
        })
        .await;
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let runs = Arc::new(AtomicUsize::new(0));
        let one = rename_both(&store, &barrier, &runs, (a, b), "X");
        let two = rename_both(&store, &barrier, &runs, (b, a), "Y");
        let (one, two) = (one.await.expect("task"), two.await.expect("task"));
        assert!(one.is_ok() && two.is_ok(), "{one:?} {two:?}");
        assert_eq!(runs.load(SeqCst), 3, "the aborted unit ran once more");
        // Each unit renamed both or neither: the last one's name is on both.
        let mut read = store.read().await.unwrap();
        let names = (
            read.class(a).await.unwrap().expect("a").name,
            read.class(b).await.unwrap().expect("b").name,
        );
        assert_eq!(names.0, names.1);

        // Any other error is the unit's answer: it runs once.
        let failing = Arc::new(AtomicUsize::new(0));
        let counted = failing.clone();
        let result: Result<(), StoreError> = store
            .write(move |_| {
                counted.fetch_add(1, SeqCst);
                Box::pin(async { Err(StoreError::Corrupt("no".into())) })
            })
            .await;
        assert!(matches!(result, Err(StoreError::Corrupt(_))));
        assert_eq!(failing.load(SeqCst), 1);
    }
}
