//! Never stuck, never lost: restarts, duplicates, Bot API failures and every
//! kind of unexpected input, against the fake Bot API server.

mod common;

use std::time::Duration;

use common::fake_telegram::{Failure, updates};
use common::telegram_harness::{DIALOGUE, Harness, STRONG_REPLIES};
use sqlx::Row;

async fn count(pool: &sqlx::SqlitePool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .expect("query")
        .get::<i64, _>(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_dialogue_resumes_where_the_student_was() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6001;
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    h.say_and_wait(me, STRONG_REPLIES[0], 2).await;

    // Drop the bot; a new one on the same database takes over.
    h.stop().await;
    h.start().await;
    let texts = h.say_and_wait(me, STRONG_REPLIES[1], 3).await;
    assert!(texts[2].contains("veertig koppen"), "{}", texts[2]);
    let texts = h.say_and_wait(me, STRONG_REPLIES[2], 4).await;
    assert!(
        texts[3].contains("100"),
        "full score after the restart: {}",
        texts[3]
    );
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_stored_but_not_handled_before_a_crash_are_handled_at_start_up() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6002;
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    h.stop().await;

    // As if the bot died right after storing the update: it is in the inbox,
    // unhandled, and Telegram will not deliver it again.
    let pool = h.pool().await;
    let update = serde_json::json!({"update_id": 99_999, "message": updates::text(me, STRONG_REPLIES[0])["message"]});
    sqlx::query(
        "INSERT INTO tg_inbox (update_id, chat_id, payload, received_at) VALUES (?, ?, ?, 0)",
    )
    .bind(99_999i64)
    .bind(me)
    .bind(update.to_string())
    .execute(&pool)
    .await
    .expect("insert");

    h.start().await;
    let texts = h.fake.wait_for_texts(me, 2).await;
    assert!(texts[1].contains("waarmee kan ik u helpen"), "{}", texts[1]);
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM tg_inbox WHERE handled_at IS NULL"
        )
        .await,
        0
    );
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redelivered_update_has_no_second_effect() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6003;
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    let id = h.say(me, STRONG_REPLIES[0]);
    let first = h.fake.queued(id).expect("still queued until confirmed");
    h.fake.wait_for_texts(me, 2).await;

    // Telegram delivers the same update again (e.g. it missed our confirmation).
    h.fake.redeliver(first);
    // A later update proves the redelivery was seen and passed over.
    h.say_and_wait(me, "/help", 3).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let texts = h.fake.texts_to(me);
    assert_eq!(texts.len(), 3, "one answer per distinct update: {texts:?}");
    let pool = h.pool().await;
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM turns").await,
        1,
        "the reply was judged once"
    );
    h.stop().await;
    h.fake.assert_valid();
}

/// The bot commits many students' updates together (group commit): none may
/// be lost, doubled or mixed up between students, redeliveries included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_students_at_once_with_redeliveries_each_get_exactly_their_own_answers() {
    let mut h = Harness::new().await;
    h.start().await;
    let students: Vec<i64> = (0..40).map(|i| 7000 + i).collect();
    let mut steps = vec![format!("/oefen {DIALOGUE}")];
    steps.extend(STRONG_REPLIES.iter().map(|r| r.to_string()));
    // Sends expected after each step: one per student message (briefing and
    // first line in one, closing line and scorecard in one).
    let totals = [1usize, 2, 3, 4];
    for (step, text) in steps.iter().enumerate() {
        let mut ids = Vec::new();
        for &me in &students {
            ids.push(h.say(me, text));
        }
        // Half of this round arrives twice, while the batch is in flight.
        for id in ids.iter().step_by(2) {
            if let Some(update) = h.fake.queued(*id) {
                h.fake.redeliver(update);
            }
        }
        for &me in &students {
            h.fake.wait_for_texts(me, totals[step]).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    let pool = h.pool().await;
    for &me in &students {
        let texts = h.fake.texts_to(me);
        assert_eq!(texts.len(), 4, "student {me}: {texts:?}");
        assert!(texts[3].contains("100"), "student {me}: {}", texts[3]);
        let turns = sqlx::query(
            "SELECT COUNT(*) FROM turns t JOIN attempts a ON a.id = t.attempt_id \
             JOIN learners l ON l.id = a.learner_id WHERE l.telegram_user_id = ?",
        )
        .bind(me)
        .fetch_one(&pool)
        .await
        .expect("turns")
        .get::<i64, _>(0);
        assert_eq!(turns, 3, "student {me}: each reply judged once");
    }
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM attempts").await, 40);
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM tg_inbox WHERE handled_at IS NULL"
        )
        .await,
        0
    );
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM tg_outbox").await, 0);
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_is_waited_out_and_nothing_is_lost() {
    let mut h = Harness::new().await;
    h.start().await;
    // The next four sendMessage calls answer 429 retry_after 1.
    h.fake.fail_next(
        "sendMessage",
        Failure::TooManyRequests { retry_after: 1 },
        4,
    );
    let students = [6101, 6102, 6103];
    for s in students {
        h.say(s, &format!("/oefen {DIALOGUE}"));
    }
    for s in students {
        let texts = h.fake.wait_for_texts(s, 1).await;
        assert!(
            texts[0].contains("Koffiekoning") && texts[0].contains("Bram Jansen: "),
            "{texts:?}"
        );
    }
    let refused = h
        .fake
        .requests()
        .iter()
        .filter(|r| r.method == "sendMessage" && !r.ok)
        .count();
    assert_eq!(refused, 4, "the 429s really happened");
    // The bot still works normally afterwards.
    let texts = h.say_and_wait(students[0], STRONG_REPLIES[0], 2).await;
    assert!(texts[1].contains("waarmee"), "{}", texts[1]);
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_blocked_the_bot_is_marked_inactive_and_others_are_still_served() {
    let mut h = Harness::new().await;
    h.start().await;
    let blocked = 6201;
    let other = 6202;
    h.fake.block(blocked);
    // Its answer gets 403.
    h.say(blocked, &format!("/oefen {DIALOGUE}"));
    h.say_and_wait(other, &format!("/oefen {DIALOGUE}"), 1)
        .await;
    h.fake
        .wait_until("403 seen", Duration::from_secs(10), |f| {
            f.requests()
                .iter()
                .any(|r| !r.ok && r.chat_id() == Some(blocked))
        })
        .await;
    let pool = h.pool().await;
    let mut inactive = 0;
    // Generous: under a loaded machine the write after the 403 can take seconds.
    for _ in 0..400 {
        inactive = count(
            &pool,
            &format!("SELECT COUNT(*) FROM tg_users WHERE user_id = {blocked} AND inactive_since IS NOT NULL"),
        )
        .await;
        if inactive == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(inactive, 1, "learner marked inactive");
    let attempts_to_blocked = h
        .fake
        .requests()
        .iter()
        .filter(|r| r.chat_id() == Some(blocked))
        .count();
    assert_eq!(attempts_to_blocked, 1, "no more sends after the 403");
    assert_eq!(
        count(
            &pool,
            &format!("SELECT COUNT(*) FROM tg_outbox WHERE chat_id = {blocked}")
        )
        .await,
        0
    );
    let texts = h.say_and_wait(other, STRONG_REPLIES[0], 2).await;
    assert!(texts[1].contains("waarmee"));
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_times_out_is_retried_until_it_arrives() {
    let mut h = Harness::new().await;
    let mut config = h.config();
    config.poll_timeout = Duration::from_secs(1);
    config.request_timeout = Duration::from_secs(2);
    h.start_with(config).await;
    // The first answer hangs longer than the client waits.
    h.fake
        .fail_next("sendMessage", Failure::Delay(Duration::from_secs(3)), 1);
    let me = 6301;
    h.say(me, "/help");
    h.fake
        .wait_until("the retried message", Duration::from_secs(15), |f| {
            f.arrivals("sendMessage", me) >= 2 && !f.texts_to(me).is_empty()
        })
        .await;
    let sends: Vec<String> = h.fake.texts_to(me);
    assert!(sends.iter().all(|t| t.contains("/oefen")), "{sends:?}");
    assert_eq!(sends.len(), 1, "the timed-out attempt never arrived");
    // And the bot keeps working.
    let texts = h
        .say_and_wait(me, &format!("/oefen {DIALOGUE}"), sends.len() + 1)
        .await;
    assert!(texts.last().is_some_and(|t| t.contains("Bram")));
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_that_cannot_be_sent_now_is_sent_later_without_a_new_update() {
    let mut h = Harness::new().await;
    let mut config = h.config();
    config.request_timeout = Duration::from_secs(2);
    config.send_attempts = 1;
    h.start_with(config).await;
    // The only attempt times out: the message stays in the outbox ...
    h.fake
        .fail_next("sendMessage", Failure::Delay(Duration::from_secs(3)), 1);
    let me = 6351;
    h.say(me, "/help");
    // ... and goes out on a later retry, though the student sends nothing more.
    let texts = h.fake.wait_for_texts(me, 1).await;
    assert!(texts[0].contains("/oefen"));
    assert!(h.fake.arrivals("sendMessage", me) >= 2);
    let pool = h.pool().await;
    let mut left = -1;
    for _ in 0..100 {
        left = count(&pool, "SELECT COUNT(*) FROM tg_outbox").await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0, "the outbox drains");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_unexpected_input_gets_one_friendly_answer() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6401;
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (updates::sticker(me), "alleen tekst"),
        (updates::photo(me), "alleen tekst"),
        (updates::voice(me), "alleen tekst"),
        (updates::document(me), "alleen tekst"),
        (updates::edited(me, "Hallo"), "aangepast bericht"),
        (updates::text(me, "/onbekend"), "commando ken ik niet"),
        (updates::text(me, "/stop"), "niet aan het oefenen"),
        (updates::text(me, "/hint"), "niet aan het oefenen"),
        (updates::text(me, "Goedemiddag!"), "niet aan het oefenen"),
        (updates::text(me, "/oefen bestaat-niet"), "bestaat niet"),
        (updates::text(me, "/klas"), "klascode"),
        (updates::text(me, "/opdrachten"), "nog niet in een klas"),
        (
            updates::text(me, "/voortgang"),
            "nog geen oefening afgerond",
        ),
        (updates::callback(me, "o:verdwenen-dialoog"), "oud bericht"),
        (updates::callback(me, "vergeet:ja"), "verlopen"),
        (updates::callback(me, "iets-onbekends"), "oud bericht"),
        // Garbled webcare data once got only the spinner stopped, no word.
        (updates::callback(me, "wc:x:1"), "oud bericht"),
        (
            updates::callback(me, "2:o:verdwenen-dialoog"),
            "oud bericht",
        ),
        (updates::callback(me, "9:een-latere-versie"), "oud bericht"),
    ];
    let mut expected = 0;
    for (update, needle) in cases {
        h.send(update);
        expected += 1;
        let texts = h.fake.wait_for_texts(me, expected).await;
        let last = texts.last().expect("an answer");
        assert!(
            last.to_lowercase().contains(&needle.to_lowercase()),
            "expected '{needle}' in: {last}"
        );
        // Exactly one answer: give the bot a moment to send a second one if it would.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            h.fake.sent_to(me).len(),
            expected,
            "more than one answer to '{needle}'"
        );
    }
    // A group gets one explanation for a command, silence for chatter.
    h.send(updates::group_text(me, -777, "/oefen"));
    h.send(updates::group_text(me, -777, "hallo allemaal"));
    let texts = h.fake.wait_for_texts(-777, 1).await;
    assert!(texts[0].contains("privégesprek"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(h.fake.sent_to(-777).len(), 1);
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_over_long_reply_is_refused_without_losing_the_session() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6501;
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    let long = "Koffiekoning ".repeat(200);
    let texts = h.say_and_wait(me, &long, 2).await;
    assert!(texts[1].contains("te lang"), "{}", texts[1]);
    let texts = h.say_and_wait(me, STRONG_REPLIES[0], 3).await;
    assert!(
        texts[2].contains("waarmee kan ik u helpen"),
        "session intact: {}",
        texts[2]
    );
    // /oefen while practising does not throw the running dialogue away.
    let texts = h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 4).await;
    assert!(texts[3].contains("nog bezig"), "{}", texts[3]);
    // /hint and /stop inside the dialogue go to the engine.
    let texts = h.say_and_wait(me, "/stop", 5).await;
    assert!(
        texts
            .last()
            .is_some_and(|t| t.contains("Opnieuw") || t.contains("score") || t.contains("Score")),
        "{texts:?}"
    );
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_exports_their_data_and_then_deletes_it_after_confirmation() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6601;
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    h.say_and_wait(me, STRONG_REPLIES[0], 2).await;

    h.say_and_wait(me, "/mijngegevens", 3).await;
    let doc = h.fake.sent_to(me).pop().expect("document");
    assert_eq!(doc.method, "sendDocument");
    let bytes: Vec<u8> = doc.params["document"]["bytes"]
        .as_array()
        .expect("file bytes")
        .iter()
        .map(|b| b.as_u64().unwrap_or(0) as u8)
        .collect();
    let data: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON document");
    assert_eq!(data["telegram"]["gebruiker_id"], me);
    let turn = &data["oefeningen"][0]["beurten"][0]["tekst"];
    assert_eq!(turn, STRONG_REPLIES[0], "{data}");

    h.say_and_wait(me, "/vergeetmij", 4).await;
    let ask = h.fake.sent_to(me).pop().expect("confirmation");
    let yes = ask
        .buttons()
        .into_iter()
        .find(|(l, _)| l.starts_with("Ja"))
        .expect("yes button");
    h.send(updates::callback(me, &yes.1));
    let texts = h.fake.wait_for_texts(me, 5).await;
    assert!(texts[4].contains("gewist"), "{}", texts[4]);

    let pool = h.pool().await;
    for table in ["learners", "attempts", "turns", "tg_users"] {
        assert_eq!(
            count(&pool, &format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_class_codes_is_limited_to_five_tries() {
    let mut h = Harness::new().await;
    h.start().await;
    let pool = h.pool().await;
    gesprekscoach::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "Commercie 1A",
        "GOED1",
    )
    .await
    .expect("class");
    let me = 6701;
    for i in 1..=5 {
        let texts = h.say_and_wait(me, &format!("/klas FOUT{i}"), i).await;
        assert!(texts[i - 1].contains("ken ik niet"), "{}", texts[i - 1]);
    }
    let texts = h.say_and_wait(me, "/klas GOED1", 6).await;
    assert!(texts[5].contains("te vaak"), "{}", texts[5]);
    let other = 6702;
    let texts = h.say_and_wait(other, "/klas goed1", 1).await;
    assert!(texts[0].contains("Commercie 1A"));
    let texts = h.say_and_wait(other, "/opdrachten", 2).await;
    assert!(texts[1].contains("nog geen opdrachten"), "{}", texts[1]);
    h.stop().await;
    h.fake.assert_valid();
}

/// The bot's log lines (warn and above), for the tests that check what is
/// logged. One subscriber per test binary; tests filter by update id.
fn captured_log() -> String {
    use std::sync::{Mutex, OnceLock};
    static LOG: OnceLock<&'static Mutex<Vec<u8>>> = OnceLock::new();
    struct Line(&'static Mutex<Vec<u8>>);
    impl std::io::Write for Line {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let log = *LOG.get_or_init(|| {
        let log: &'static Mutex<Vec<u8>> = Box::leak(Box::default());
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(move || Line(log))
            .try_init();
        log
    });
    String::from_utf8_lossy(&log.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
}

/// The answers to button presses (`answerCallbackQuery`): (id, text).
fn callback_answers(h: &Harness) -> Vec<(String, Option<String>)> {
    h.fake
        .calls("answerCallbackQuery")
        .iter()
        .map(|r| {
            (
                r.params["callback_query_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r.params["text"].as_str().map(str::to_string),
            )
        })
        .collect()
}

async fn wait_for_callback_answer(h: &Harness, id: &str) -> Option<String> {
    h.fake
        .wait_until(
            &format!("answerCallbackQuery {id}"),
            Duration::from_secs(20),
            |_| callback_answers(h).iter().any(|(i, _)| i == id),
        )
        .await;
    callback_answers(h)
        .into_iter()
        .find(|(i, _)| i == id)
        .and_then(|(_, text)| text)
}

/// Asserts that the inbox holds `update` as it was sent (with the id the
/// fake gave it) and that it was handled.
async fn assert_stored_as_sent(h: &Harness, mut update: serde_json::Value, update_id: i64) {
    let row =
        sqlx::query("SELECT payload, handled_at IS NOT NULL FROM tg_inbox WHERE update_id = ?")
            .bind(update_id)
            .fetch_one(&h.pool().await)
            .await
            .expect("inbox row");
    let payload: String = row.get(0);
    let stored: serde_json::Value = serde_json::from_str(&payload).expect("JSON");
    update["update_id"] = serde_json::json!(update_id);
    assert_eq!(stored, update);
    assert!(row.get::<bool, _>(1), "handled");
}

/// The warning logged about an update. Update ids repeat between the tests
/// of this binary (each fake starts at 1000), so `about` narrows it down.
fn logged_warning(update_id: i64, about: &str) -> String {
    let log = captured_log();
    log.lines()
        .find(|l| l.contains(&format!("update_id={update_id}")) && l.contains(about))
        .unwrap_or_else(|| panic!("no warning about {about} for update {update_id}:\n{log}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_on_a_message_older_than_48_hours_is_answered_and_still_does_its_job() {
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6801;
    // A start button of a menu sent days ago: starting the dialogue is still
    // what the student wants.
    let start = updates::callback_on_old_message(me, &format!("o:{DIALOGUE}"));
    let id = start["callback_query"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let update_id = h.send(start.clone());
    wait_for_callback_answer(&h, &id).await;
    h.fake
        .wait_until("the dialogue starts", Duration::from_secs(20), |f| {
            f.texts_to(me).iter().any(|t| t.contains("Bram Jansen: "))
        })
        .await;
    assert!(h.fake.texts_to(me)[0].contains("Koffiekoning"));

    // A button whose action is gone: answered, and told what to do.
    let unknown = updates::callback_on_old_message(me, "iets-onbekends");
    let before = h.fake.sent_to(me).len();
    h.send(unknown);
    let texts = h.fake.wait_for_texts(me, before + 1).await;
    assert!(texts[before].contains("oud bericht"), "{}", texts[before]);
    wait_for_callback_answer(&h, &format!("old{me}-iets-onbekends")).await;

    assert_stored_as_sent(&h, start, update_id).await;
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_the_bot_cannot_read_is_logged_and_its_button_answered() {
    captured_log();
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6802;
    // A callback query teloxide cannot read (its sender has no first name).
    let mut broken = updates::callback(me, "menu");
    broken["callback_query"]["from"] = serde_json::json!({"id": me});
    let id = broken["callback_query"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let update_id = h.send(broken.clone());

    let text = wait_for_callback_answer(&h, &id).await;
    assert_eq!(
        text.as_deref(),
        Some("Deze knop werkt niet meer. Stuur /oefen om verder te gaan.")
    );
    let line = logged_warning(update_id, "unreadable callback_query");
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains("missing field"), "the serde error: {line}");
    assert_stored_as_sent(&h, broken, update_id).await;
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_update_without_a_button_is_logged_and_the_chat_goes_on() {
    captured_log();
    let mut h = Harness::new().await;
    h.start().await;
    let me = 6803;
    let mut broken = updates::text(me, "Hallo");
    broken["message"]["message_id"] = serde_json::json!("geen getal");
    let update_id = h.send(broken.clone());
    // The next update of the same chat is handled after it, normally.
    let texts = h.say_and_wait(me, "/help", 1).await;
    assert!(texts[0].contains("/oefen"), "{}", texts[0]);
    assert_eq!(
        h.fake.sent_to(me).len(),
        1,
        "nothing sent for the broken one"
    );
    assert!(h.fake.calls("answerCallbackQuery").is_empty());

    let line = logged_warning(update_id, "unreadable message");
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains("invalid type"), "the serde error: {line}");
    assert_stored_as_sent(&h, broken, update_id).await;
    h.stop().await;
    h.fake.assert_valid();
}

/// Every table, every row, every column: where `needle` occurs (as text).
async fn traces(pool: &sqlx::SqlitePool, needle: &str) -> Vec<String> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(pool)
            .await
            .expect("tables");
    assert!(tables.len() > 10, "{tables:?}");
    let mut found = Vec::new();
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(pool)
                .await
                .expect("columns");
        for column in columns {
            let n = count_matching(pool, &table, &column, needle).await;
            if n > 0 {
                found.push(format!("{table}.{column}: {n} rows"));
            }
        }
    }
    found
}

async fn count_matching(pool: &sqlx::SqlitePool, table: &str, column: &str, needle: &str) -> i64 {
    sqlx::query(&format!(
        "SELECT COUNT(*) FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower(?)) > 0"
    ))
    .bind(needle)
    .fetch_one(pool)
    .await
    .expect("scan")
    .get::<i64, _>(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_forget_me_no_row_of_any_table_names_the_student() {
    let mut h = Harness::new().await;
    h.start().await;
    let pool = h.pool().await;
    gesprekscoach::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "Commercie 1A",
        "KLAS1",
    )
    .await
    .expect("class");
    // Digits no timestamp or other id of this test contains.
    let me: i64 = 987_654_321;
    let name = format!("Student{me}");
    let phrase = "zebrapinguin";
    h.say_and_wait(me, "/klas KLAS1", 1).await;
    h.say(me, &format!("/oefen {DIALOGUE}"));
    h.fake
        .wait_until("the dialogue starts", Duration::from_secs(20), |f| {
            f.texts_to(me).iter().any(|t| t.contains("Bram Jansen: "))
        })
        .await;
    let before = h.fake.sent_to(me).len();
    h.say_and_wait(me, &format!("Goedemiddag, ik heet {phrase}."), before + 1)
        .await;
    for needle in [me.to_string(), name.clone(), phrase.to_string()] {
        assert!(!traces(&pool, &needle).await.is_empty(), "{needle} stored");
    }

    let before = h.fake.sent_to(me).len();
    h.say_and_wait(me, "/vergeetmij", before + 1).await;
    let yes = h
        .fake
        .sent_to(me)
        .pop()
        .expect("confirmation")
        .buttons()
        .into_iter()
        .find(|(l, _)| l.starts_with("Ja"))
        .expect("yes button");
    h.send(updates::callback(me, &yes.1));
    let texts = h.fake.wait_for_texts(me, before + 2).await;
    assert!(
        texts[before + 1].contains("gewist"),
        "{}",
        texts[before + 1]
    );
    // Until the confirmation has left the outbox, that row names the chat.
    let mut left = -1;
    for _ in 0..200 {
        left = count(&pool, "SELECT COUNT(*) FROM tg_outbox").await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0, "outbox drained");

    for needle in [me.to_string(), name, phrase.to_string()] {
        assert_eq!(
            traces(&pool, &needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
    }
    // The update ids stay, so a redelivery is still recognised.
    assert!(count(&pool, "SELECT COUNT(*) FROM tg_inbox").await >= 5);
    h.stop().await;
    h.fake.assert_valid();
}
