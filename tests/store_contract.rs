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
    finished_shifts_name_their_learner,
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
