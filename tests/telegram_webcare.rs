//! Webcare shifts on Telegram, end to end: the real bot against the fake Bot
//! API, on a SQLite file, with a manual shift clock (nothing sleeps to let
//! shift time pass; the test moves the clock and waits for the bot's sends).

mod common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::fake_telegram::updates;
use common::telegram_harness::Harness;
use gesprekscoach::telegram::{ShiftClock, TelegramConfig};
use serde_json::json;

const LISA: i64 = 7001;

fn config(h: &Harness, clock: &ShiftClock) -> TelegramConfig {
    let mut c = h.config();
    c.dialogues_dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webcare");
    c.shift_clock = clock.clone();
    c.shift_tick = Duration::from_millis(20);
    c
}

/// Waits until some text sent to the chat contains `part`; returns all texts.
async fn wait_text(h: &Harness, part: &str) -> Vec<String> {
    h.fake
        .wait_until(
            &format!("a message with {part:?}"),
            Duration::from_secs(20),
            |f| f.texts_to(LISA).iter().any(|t| t.contains(part)),
        )
        .await;
    h.fake.texts_to(LISA)
}

/// A text that is a Telegram reply to the bot's post `post`.
fn reply_to(post: &str, text: &str) -> serde_json::Value {
    let mut update = updates::text(LISA, text);
    update["message"]["reply_to_message"] = json!({
        "message_id": 42,
        "date": 1_700_000_000,
        "chat": updates::private_chat(LISA),
        "from": {"id": 1, "is_bot": true, "first_name": "Coach"},
        "text": post,
    });
    update
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_on_telegram_delivers_posts_on_time_attaches_replies_and_survives_a_restart() {
    let mut h = Harness::new().await;
    let start: DateTime<Utc> = DateTime::from_timestamp(1_900_000_000, 0).unwrap();
    let clock = ShiftClock::manual(start);
    h.start_with(config(&h, &clock)).await;

    // /webcare lists the scenarios with a button each.
    h.say(LISA, "/webcare");
    wait_text(&h, "Kies een webcaredienst").await;
    let list = h.fake.sent_to(LISA);
    assert!(list.last().unwrap().buttons().contains(&(
        "Test: een korte webcaredienst".to_string(),
        "2:ws:webcare-test".to_string()
    )));

    // The button starts the shift: briefing, how it works, the first post.
    h.send(updates::callback(LISA, "2:ws:webcare-test"));
    let texts = wait_text(&h, "@klant\n\nMijn pakket is te laat!").await;
    assert!(
        texts
            .iter()
            .any(|t| t.contains("== Test: een korte webcaredienst ==") && t.contains("Zo werk je")),
        "briefing and how it works in one message: {texts:?}"
    );
    let first = h.fake.sent_to(LISA).last().unwrap().clone();
    assert_eq!(
        first.text().unwrap(),
        "💬 #1 Instagram · openbare reactie · @klant\n\nMijn pakket is te laat!"
    );
    assert_eq!(
        first.buttons(),
        vec![
            ("Beantwoord #1".to_string(), "2:wf:1".to_string()),
            ("Escaleer #1".to_string(), "2:we:1".to_string())
        ]
    );
    assert!(
        !texts.iter().any(|t| t.contains("#2 ")),
        "not due yet: {texts:?}"
    );

    // At 0:30 the safety post arrives without any input from the student.
    clock.advance(30);
    let texts = wait_text(&h, "📢 #2 Facebook · openbare post · Bezorgde Ouder").await;
    assert!(!texts.iter().any(|t| t.contains("#3 ")), "{texts:?}");

    // A Telegram reply to post #2 answers #2 (not the older #1), at 0:45.
    clock.advance(15);
    h.send(reply_to(
        "📢 #2 Facebook · openbare post · Bezorgde Ouder\n\nHet speelgoed ...",
        "Sorry, dit is ernstig. Mijn teamleider belt je vandaag ^Sam",
    ));
    wait_text(&h, "Geplaatst: je reactie op #2 (na 0:15 min).").await;

    // The button chooses #1 (pressed on a message from before the button
    // data had a version); the next plain text goes there, at 1:00.
    h.send(updates::callback(LISA, "wc:f:1"));
    wait_text(&h, "Typ je reactie op #1.").await;
    clock.advance(15);
    h.say(LISA, "Sorry! Stuur je een DM? ^Sam");
    wait_text(&h, "Geplaatst: je reactie op #1 (na 1:00 min).").await;

    // Restart in the middle of the shift; meanwhile the clock passes 1:30.
    h.stop().await;
    clock.advance(40);
    h.start_with(config(&h, &clock)).await;
    wait_text(&h, "⭐ #3 Trustpilot · openbare review · Tevreden Klant").await;
    // The DM follow-up was scheduled 90 s after the reply at 1:00: due at 2:30.
    assert!(!h.fake.texts_to(LISA).iter().any(|t| t.contains("#4 ")));
    clock.advance(50);
    wait_text(&h, "✉️ #4 Instagram · privébericht · @klant").await;

    clock.advance(10);
    h.say(LISA, "Dank voor je review ^Sam");
    wait_text(&h, "Geplaatst: je reactie op #3 (na 1:10 min).").await;
    clock.advance(10);
    h.say(LISA, "Dank, gevonden ^Sam");
    let texts = wait_text(&h, "== Verslag van je dienst").await;
    let report = texts.iter().find(|t| t.contains("== Verslag")).unwrap();
    assert!(
        report.contains("Score: 100/100 (inhoud 100, reactietijd 100, escaleren 100, triage 100, toon 100, privacy 100)"),
        "{report}"
    );
    assert!(
        report.contains("Reactietijd: 0:15 min (streeftijd 1:00 min) – op tijd"),
        "{report}"
    );
    wait_text(&h, "Kijk terug op je dienst").await;

    h.say(LISA, "Eerst de onveilige post, dat ging goed.");
    wait_text(&h, "Dank je! Je reflectie is opgeslagen.").await;
    let pool = h.pool().await;
    let (status, reflection): (String, Option<String>) =
        sqlx::query_as("SELECT status, reflection FROM shifts")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "completed");
    assert_eq!(
        reflection.as_deref(),
        Some("Eerst de onveilige post, dat ging goed.")
    );

    // Lisa's teacher reads the reflection with /reflecties; Lisa herself
    // (a student) is refused.
    const TEACHER: i64 = 7100;
    sqlx::query("INSERT INTO teachers (user_id, created_at) VALUES (?, 0)")
        .bind(TEACHER)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO classes (name, join_code, teacher_id, created_at) VALUES ('4C', 'WEBCARE4C', ?, 0)",
    )
    .bind(TEACHER)
    .execute(&pool)
    .await
    .unwrap();
    h.say(LISA, "/klas WEBCARE4C");
    wait_text(&h, "4C").await;
    let overview = h.ask(TEACHER, "/reflecties 4c").await;
    assert!(
        overview.contains(&format!("Student{LISA} – Test: een korte webcaredienst"))
            && overview.contains("100/100")
            && overview.contains("Reflectie: Eerst de onveilige post, dat ging goed."),
        "{overview}"
    );
    let refused = h.ask(LISA, "/reflecties 4C").await;
    assert!(refused.contains("alleen voor docenten"), "{refused}");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_the_complaint_while_the_safety_post_waits_costs_triage_and_time() {
    let mut h = Harness::new().await;
    let clock = ShiftClock::manual(DateTime::from_timestamp(1_900_000_000, 0).unwrap());
    h.start_with(config(&h, &clock)).await;
    h.say(LISA, "/webcare webcare-test");
    wait_text(&h, "Mijn pakket is te laat!").await;
    clock.advance(100);
    wait_text(&h, "#3 Trustpilot").await;
    // A dialogue cannot start in the middle of a shift.
    h.say(LISA, "/oefen test-koffie");
    wait_text(&h, "Je webcaredienst loopt nog.").await;
    // An over-long reply is refused and answers nothing.
    h.say(LISA, &"a".repeat(1001));
    wait_text(&h, "maximaal 1000 tekens").await;
    // The complaint (#1) first while the safety post (#2) waits; #2 is only
    // escalated, never answered, and the review (#3) is left: wrong order, late.
    h.say(LISA, "Sorry! Stuur je een DM? ^Sam");
    wait_text(&h, "Geplaatst: je reactie op #1 (na 1:40 min).").await;
    h.say(LISA, "/escaleer");
    wait_text(&h, "Je hebt #2 doorgezet").await;
    h.say(LISA, "/stop");
    let texts = wait_text(&h, "== Verslag van je dienst").await;
    let report = texts.iter().find(|t| t.contains("== Verslag")).unwrap();
    assert!(
        report.contains("Je bent voor het einde gestopt."),
        "{report}"
    );
    assert!(
        report.contains("#2 had meer impact of haast en had vóór #1 beantwoord moeten worden."),
        "{report}"
    );
    assert!(
        report.contains("Niet beantwoord (streeftijd 1:00 min)."),
        "{report}"
    );
    assert!(
        report.contains("Score: 72/100 (inhoud 67, reactietijd 33, escaleren 100, triage 50, toon 100, privacy 100)"),
        "{report}"
    );
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_waits_until_the_running_dialogue_is_finished() {
    let mut h = Harness::new().await;
    let clock = ShiftClock::manual(DateTime::from_timestamp(1_900_000_000, 0).unwrap());
    let mut c = config(&h, &clock);
    // The shipped folder: dialogues and scenarios side by side.
    c.dialogues_dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    h.start_with(c).await;
    h.say(LISA, "/oefen acquisitie-koud-bellen");
    wait_text(&h, "Koud bellen").await;
    h.say(LISA, "/webcare webcare-levering-vertraagd");
    wait_text(&h, "Je oefening 'acquisitie-koud-bellen' loopt nog.").await;
    h.say(LISA, "/stop");
    wait_text(&h, "Scorekaart").await;
    h.say(LISA, "/webcare webcare-levering-vertraagd");
    wait_text(&h, "💬 #1 Instagram · openbare reactie · @sanne_tuiniert").await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_customer_answers_a_question_in_a_reply_in_the_same_message_as_the_posted_notice() {
    let mut h = Harness::new().await;
    let start: DateTime<Utc> = DateTime::from_timestamp(1_900_000_000, 0).unwrap();
    let clock = ShiftClock::manual(start);
    h.start_with(config(&h, &clock)).await;
    h.send(updates::callback(LISA, "wc:s:webcare-test"));
    wait_text(&h, "Mijn pakket is te laat!").await;
    let before = h.fake.sent_to(LISA).len();

    clock.advance(20);
    h.say(LISA, "Sorry voor het wachten! Wat heb je besteld? ^Sam");
    let texts = wait_text(&h, "Geplaatst: je reactie op #1").await;
    let last = texts.last().unwrap();
    assert!(
        last.contains("↩️ @klant (#1): Twee tuinstoelen, voor het weekend."),
        "the answer comes with the notice, in one send: {last}"
    );
    assert_eq!(
        h.fake.sent_to(LISA).len(),
        before + 1,
        "one send for the reply: {texts:?}"
    );
    h.stop().await;
}

/// The stored status and reflection of Lisa's only shift.
async fn stored_shift(h: &Harness) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, reflection FROM shifts")
        .fetch_one(&h.pool().await)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_stopped_after_an_answer_takes_the_reflection_but_never_a_command() {
    let mut h = Harness::new().await;
    let clock = ShiftClock::manual(DateTime::from_timestamp(1_900_000_000, 0).unwrap());
    h.start_with(config(&h, &clock)).await;
    h.send(updates::callback(LISA, "wc:s:webcare-test"));
    wait_text(&h, "Mijn pakket is te laat!").await;
    clock.advance(20);
    h.say(LISA, "Sorry! Stuur je een DM? ^Sam");
    wait_text(&h, "Geplaatst: je reactie op #1").await;

    h.say(LISA, "/stop");
    let texts = wait_text(&h, "Kijk terug op je dienst").await;
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Je bent voor het einde gestopt.")),
        "{texts:?}"
    );
    // A second /stop after the report is a command, not the reflection.
    let answer = h.ask(LISA, "/stop").await;
    assert!(!answer.contains("reflectie is opgeslagen"), "{answer}");
    assert_eq!(stored_shift(&h).await, ("stopped".to_string(), None));

    // The next text is the reflection, as after a finished shift.
    let saved = h
        .ask(LISA, "Ik had eerst de onveilige post moeten doen.")
        .await;
    assert_eq!(saved, "Dank je! Je reflectie is opgeslagen.");
    assert_eq!(
        stored_shift(&h).await,
        (
            "stopped".to_string(),
            Some("Ik had eerst de onveilige post moeten doen.".to_string())
        )
    );
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_stopped_before_any_answer_asks_no_reflection_and_stores_none() {
    let mut h = Harness::new().await;
    let clock = ShiftClock::manual(DateTime::from_timestamp(1_900_000_000, 0).unwrap());
    h.start_with(config(&h, &clock)).await;
    h.send(updates::callback(LISA, "wc:s:webcare-test"));
    wait_text(&h, "Mijn pakket is te laat!").await;
    h.say(LISA, "/stop");
    let texts = wait_text(&h, "== Verslag van je dienst").await;
    let report = texts.iter().find(|t| t.contains("== Verslag")).unwrap();
    assert!(
        report.contains("Score: 0/100: je hebt geen enkel bericht beantwoord of doorgezet."),
        "{report}"
    );
    // What follows is no reflection: the shift asked for none.
    let answer = h.ask(LISA, "Te druk vandaag.").await;
    assert!(!answer.contains("reflectie is opgeslagen"), "{answer}");
    assert!(
        !h.fake
            .texts_to(LISA)
            .iter()
            .any(|t| t.contains("Kijk terug op je dienst")),
        "{:?}",
        h.fake.texts_to(LISA)
    );
    assert_eq!(stored_shift(&h).await, ("stopped".to_string(), None));
    // And a new shift can start at once.
    h.say(LISA, "/webcare webcare-test");
    h.fake
        .wait_until("a second briefing", Duration::from_secs(20), |f| {
            f.texts_to(LISA)
                .iter()
                .filter(|t| t.contains("== Test: een korte webcaredienst =="))
                .count()
                == 2
        })
        .await;
    h.stop().await;
}
