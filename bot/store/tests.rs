use super::*;
use crate::dialogue::{Dialogue, Prepared};
use crate::engine::{self, Input, Output};
use crate::matching::Matcher;

const FIXTURE: &str = include_str!("../../tests/fixtures/dialogues/test-koffie.toml");

/// The fixture dialogue, shared with other modules' unit tests.
pub(crate) fn fixture() -> Prepared {
    let dialogue: Dialogue = toml::from_str(FIXTURE).expect("fixture parses");
    Prepared::new(dialogue).expect("fixture rules compile")
}

fn url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}/sub/dir/coach.db", dir.path().display())
}

/// Plays `replies` (then a stop, if asked) and saves every step like a
/// front end does; inputs after the end are not sent.
pub(crate) async fn play(
    store: &SqliteStore,
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
        .unwrap();
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
            .unwrap();
    }
    (attempt, s)
}

/// A fresh store in `dir` with the fixture dialogue and one local learner.
async fn setup(dir: &tempfile::TempDir) -> (SqliteStore, Prepared, LearnerId) {
    let store = SqliteStore::open(&url(dir)).await.unwrap();
    let learner = store.learner(LearnerKey::Local("a"), None).await.unwrap();
    (store, fixture(), learner.id)
}

/// Replies of a strong student to the fixture (score 100).
pub(crate) const STRONG: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie worden er per dag gedronken?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

#[tokio::test]
async fn opening_creates_the_database_file_and_its_folders() {
    let dir = tempfile::tempdir().unwrap();
    let _store = open(&url(&dir)).await.unwrap();
    assert!(dir.path().join("sub/dir/coach.db").is_file());
}

#[tokio::test]
async fn a_url_for_another_database_is_refused_clearly() {
    let err = open("mysql://localhost/coach").await.unwrap_err();
    assert!(matches!(err, StoreError::UnsupportedUrl(_)), "{err}");
}

#[tokio::test]
async fn learners_are_found_again_by_their_key_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (local, telegram) = {
        let store = open(&url(&dir)).await.unwrap();
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
    let store = open(&url(&dir)).await.unwrap();
    let again = store
        .learner(LearnerKey::Local(LOCAL_LEARNER), None)
        .await
        .unwrap();
    assert_eq!(again, local);
    let renamed = store
        .learner(LearnerKey::Telegram(123456789), Some("Sanne B."))
        .await
        .unwrap();
    assert_eq!(renamed.id, telegram.id);
    assert_eq!(renamed.display_name.as_deref(), Some("Sanne B."));
}

#[tokio::test]
async fn every_turn_and_the_session_are_saved_so_an_attempt_can_resume_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let d = fixture();
    let (attempt, session, learner) = {
        let store = SqliteStore::open(&url(&dir)).await.unwrap();
        let learner = store.learner(LearnerKey::Local("a"), None).await.unwrap();
        let (attempt, session) = play(&store, learner.id, &d, &STRONG[..2], false).await;
        (attempt, session, learner.id)
    };
    let store = open(&url(&dir)).await.unwrap();
    let open_one = store
        .open_attempt(learner, Some("test-koffie"))
        .await
        .unwrap()
        .expect("in-progress attempt");
    assert_eq!(open_one.id, attempt);
    assert_eq!(open_one.status, AttemptStatus::InProgress);
    assert_eq!(open_one.session, session);
    assert_eq!(open_one.seed, 3);
    assert_eq!(open_one.werkprocessen, ["P4-K2-W3"]);
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

#[tokio::test]
async fn a_completed_attempt_updates_progress_per_werkproces_and_gedrag_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, d, learner) = setup(&dir).await;
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
    play(
        &store,
        learner,
        &d,
        &["Met Sanne.", "Met Sanne.", "Wij verhuren automaten."],
        false,
    )
    .await;

    let progress = store.progress(learner).await.unwrap();
    assert_eq!(progress.len(), 1);
    let p = &progress[0];
    assert_eq!(p.werkproces, "P4-K2-W3");
    assert_eq!(p.attempts, 2);
    assert_eq!(p.best_score, 100);
    assert_eq!(p.last_score, 0);
    let presenteert = p
        .criteria
        .iter()
        .find(|c| c.label == "Presenteert zich als professional")
        .unwrap();
    assert_eq!((presenteert.assessed, presenteert.met), (2, 1));
    assert!(!presenteert.last_met);
    // "Maakt een afspraak" was assessed only in the first attempt.
    let afspraak = p
        .criteria
        .iter()
        .find(|c| c.label == "Maakt een afspraak")
        .unwrap();
    assert_eq!((afspraak.assessed, afspraak.met), (1, 1));
    assert!(!p.criteria.iter().any(|c| c.label == "Blijft beleefd"));
}

#[tokio::test]
async fn a_stopped_attempt_is_kept_but_does_not_count_as_progress() {
    let dir = tempfile::tempdir().unwrap();
    let (store, d, learner) = setup(&dir).await;
    let (attempt, _) = play(&store, learner, &d, &STRONG[..1], true).await;
    let stopped = store.attempt(attempt).await.unwrap().unwrap();
    assert_eq!(stopped.status, AttemptStatus::Stopped);
    assert!(stopped.scorecard.unwrap().stopped);
    assert!(store.progress(learner).await.unwrap().is_empty());
    assert!(store.open_attempt(learner, None).await.unwrap().is_none());
    assert_eq!(store.attempts(learner).await.unwrap().len(), 1);
}

#[tokio::test]
async fn saving_to_an_unknown_attempt_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = fixture();
    let store = open(&url(&dir)).await.unwrap();
    let (s, _) = engine::start(&d, 1);
    let err = store
        .save_turn(AttemptId(999), &s, None, None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchAttempt(999)), "{err}");
    // Foreign keys are enforced: no attempt for a learner that does not exist.
    assert!(store.start_attempt(LearnerId(42), &s, &[]).await.is_err());
}

#[tokio::test]
async fn a_seed_above_the_signed_range_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (store, d, learner) = setup(&dir).await;
    let (s, _) = engine::start(&d, u64::MAX - 5);
    let id = store.start_attempt(learner, &s, &[]).await.unwrap();
    assert_eq!(store.attempt(id).await.unwrap().unwrap().seed, u64::MAX - 5);
}

#[tokio::test]
async fn a_negative_stored_turn_number_is_refused_keeping_the_conversion_error() {
    let dir = tempfile::tempdir().unwrap();
    let (store, d, learner) = setup(&dir).await;
    let (attempt, _) = play(&store, learner, &d, &STRONG[..1], false).await;
    // A damaged file (or a hand edit): the models cannot hold a negative
    // position, and the error says which column and keeps why.
    sqlx::query("UPDATE turns SET seq = -1 WHERE attempt_id = ?")
        .bind(attempt.0)
        .execute(store.pool())
        .await
        .unwrap();
    let err = store.turns(attempt).await.expect_err("negative seq");
    assert!(err.to_string().contains("seq -1"), "{err}");
    let source = std::error::Error::source(&err).expect("a source");
    assert!(source.is::<std::num::TryFromIntError>(), "{source}");
}
