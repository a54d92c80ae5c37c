//! Assignments through the real bot and the fake Bot API, on a manual clock
//! (time is moved, never waited for): `/opdracht` pushes with a start
//! button, students practise, the reminder reaches only who did not,
//! `/opdrachten` shows the status and the CSV of `/overzicht` shows who did
//! what (the whole flow: admin -> teacher -> class -> students join
//! -> push -> practice -> reminder -> report); the weekly plan at 08:30 local time in
//! winter and summer; a push due while the bot was down goes out once.

mod common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::fake_telegram::FakeTelegram;
use common::telegram_harness::{ADMIN, Harness, STRONG_REPLIES, make_class, make_teacher};
use gesprekscoach::telegram::{ShiftClock, TelegramConfig};

const JUF: i64 = 9101;
const MEESTER: i64 = 9102;
const SANNE: i64 = 9201;
const DAAN: i64 = 9202;
const EVA: i64 = 9203;
/// The start button as the bot writes it (version 2 of the button data).
const START_BUTTON: &str = "2:o:test-koffie";
/// Long enough for several scheduler passes (every 20 ms here).
const SOME_PASSES: Duration = Duration::from_millis(300);

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test time")
        .with_timezone(&Utc)
}

fn config(h: &Harness, clock: &ShiftClock) -> TelegramConfig {
    let mut c = h.config();
    c.admin_ids = vec![ADMIN];
    c.shift_clock = clock.clone();
    c.schedule_tick = Duration::from_millis(20);
    c
}

/// A bot on a manual clock with teacher JUF and class 4C joined by `students`.
async fn class_4c(at: DateTime<Utc>, students: &[i64]) -> (Harness, ShiftClock, TelegramConfig) {
    let mut h = Harness::new().await;
    let clock = ShiftClock::manual(at);
    let c = config(&h, &clock);
    h.start_with(c.clone()).await;
    make_teacher(&h, JUF).await;
    let code = make_class(&h, JUF, "4C").await;
    for s in students {
        let joined = h.ask(*s, &format!("/klas {code}")).await;
        assert!(joined.contains("4C"), "{joined}");
    }
    (h, clock, c)
}

fn count_containing(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    fake.texts_to(chat)
        .iter()
        .filter(|t| t.contains(needle))
        .count()
}

async fn wait_for_text(fake: &FakeTelegram, chat: i64, needle: &str, n: usize) {
    fake.wait_until(
        &format!("{n} x '{needle}' to {chat}"),
        Duration::from_secs(20),
        |f| count_containing(f, chat, needle) >= n,
    )
    .await;
}

async fn count(pool: &sqlx::SqlitePool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

async fn wait_for_count(pool: &sqlx::SqlitePool, sql: &str, want: i64) {
    let mut got = -1;
    for _ in 0..400 {
        got = count(pool, sql).await;
        if got == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{sql}: {got}, want {want}");
}

/// Plays the fixture dialogue from the push's start button to the scorecard.
async fn practise_from_the_push(h: &Harness, student: i64) {
    let before = h.fake.sent_to(student).len();
    let push = h
        .fake
        .sent_to(student)
        .into_iter()
        .find(|r| r.text().is_some_and(|t| t.contains("Nieuwe opdracht")))
        .expect("push");
    let (label, data) = push.buttons().first().cloned().expect("start button");
    assert!(label.contains("Start"), "{label}");
    assert_eq!(data, START_BUTTON);
    h.send(common::fake_telegram::updates::callback(student, &data));
    let texts = h.fake.wait_for_texts(student, before + 1).await;
    assert!(texts[before].contains("Bram Jansen: "), "{texts:?}");
    for (i, reply) in STRONG_REPLIES.iter().enumerate() {
        h.say_and_wait(student, reply, before + 2 + i).await;
    }
    let card = h.fake.texts_to(student).pop().expect("scorecard");
    assert!(card.contains("100"), "{card}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_assignment_is_practised_the_reminder_reaches_only_who_did_not_and_the_csv_report_shows_it()
 {
    let now = Utc::now();
    let (mut h, clock, _) = class_4c(now, &[SANNE, DAAN, EVA]).await;
    let pool = h.pool().await;
    // Eva blocked the bot: the 403 marks her inactive, nothing more goes to her.
    h.fake.block(EVA);
    h.say(EVA, "/help");
    wait_for_count(
        &pool,
        &format!(
            "SELECT COUNT(*) FROM tg_users WHERE user_id = {EVA} AND inactive_since IS NOT NULL"
        ),
        1,
    )
    .await;
    let to_eva = h.fake.arrivals("sendMessage", EVA);

    let reply = h.ask(JUF, "/opdracht 4c test-koffie").await;
    assert!(
        reply.contains("gaat nu naar 2 leerlingen van klas 4C"),
        "{reply}"
    );
    wait_for_text(&h.fake, SANNE, "Nieuwe opdracht voor klas 4C", 1).await;
    wait_for_text(&h.fake, DAAN, "Nieuwe opdracht voor klas 4C", 1).await;
    let push = h.fake.texts_to(DAAN).pop().expect("push");
    assert!(
        push.contains("koffieautomaat"),
        "names the dialogue: {push}"
    );
    assert!(push.contains("Maak hem vóór"), "has the deadline: {push}");
    assert_eq!(h.fake.arrivals("sendMessage", EVA), to_eva, "skipped");

    // Sanne practises from the button; Daan does not.
    practise_from_the_push(&h, SANNE).await;
    let sanne = h.ask(SANNE, "/opdrachten").await;
    assert!(
        sanne.contains("koffieautomaat") && sanne.contains("✅ gedaan"),
        "{sanne}"
    );
    h.ask(DAAN, "/opdrachten").await;
    let daan = h.fake.sent_to(DAAN).pop().expect("list");
    assert!(
        daan.text().is_some_and(|t| t.contains("⬜ open")),
        "{daan:?}"
    );
    assert_eq!(daan.buttons()[0].1, START_BUTTON);

    // A day before the deadline (default: a week) the reminder goes out, once.
    clock.advance(6 * 24 * 3600 + 60);
    wait_for_text(&h.fake, DAAN, "Herinnering", 1).await;
    let reminder = h.fake.sent_to(DAAN).pop().expect("reminder");
    assert_eq!(reminder.buttons()[0].1, START_BUTTON);
    // Sanne's would have been queued first (lower id), in the same transaction.
    assert_eq!(count_containing(&h.fake, SANNE, "Herinnering"), 0);

    // On demand: /herinner names who has not done it and reminds only them.
    let answer = h.ask(JUF, "/herinner 4C").await;
    assert!(
        answer.contains("1 leerling") && answer.contains("Student9202"),
        "{answer}"
    );
    wait_for_text(&h.fake, DAAN, "Herinnering", 2).await;
    clock.advance(3600);
    tokio::time::sleep(SOME_PASSES).await;
    assert_eq!(
        count_containing(&h.fake, DAAN, "Herinnering"),
        2,
        "the automatic one once"
    );
    assert_eq!(count_containing(&h.fake, SANNE, "Herinnering"), 0);
    assert_eq!(h.fake.arrivals("sendMessage", EVA), to_eva);

    // The class report: the CSV that /overzicht sends opens in Excel (BOM,
    // `;`) and says who did the assignment.
    let before = h.fake.sent_to(JUF).len();
    h.say(JUF, "/overzicht 4C");
    h.fake.wait_for_texts(JUF, before + 4).await;
    let sends = h.fake.sent_to(JUF)[before..].to_vec();
    let summary = sends[0].text().unwrap_or_default();
    assert!(summary.contains("Afgerond: 1 van 3"), "{summary}");
    let (_, bytes) = sends[1].file("document").expect("the CSV document");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let body = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}: {headers:?}"))
    };
    let (student, criterion, attempts, best, met, status) = (
        col("Leerling"),
        col("Criterium"),
        col("Pogingen"),
        col("Beste score"),
        col("Behaald"),
        col("Status"),
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let of = |user: i64| -> Vec<&csv::StringRecord> {
        rows.iter()
            .filter(|r| r[student] == format!("Student{user}"))
            .collect()
    };
    // Three students x the fixture's criteria, Eva (blocked) included.
    let per_student = of(SANNE).len();
    assert!(per_student >= 2, "{rows:?}");
    assert_eq!(rows.len(), 3 * per_student);
    // Sanne's attempt assessed (and met) the criteria it reached.
    let assessed: Vec<_> = of(SANNE)
        .into_iter()
        .filter(|r| &r[attempts] == "1")
        .collect();
    assert!(assessed.len() >= 2, "{rows:?}");
    for r in &assessed {
        assert_eq!((&r[best], &r[met]), ("100", "ja"), "{r:?}");
    }
    for user in [DAAN, EVA] {
        for r in of(user) {
            assert_eq!((&r[attempts], &r[status]), ("0", "niet geoefend"), "{r:?}");
        }
    }
    assert!(
        assessed
            .iter()
            .any(|r| &r[criterion] == "Maakt een afspraak")
    );

    // After the deadline: late, and no reminder any more.
    clock.advance(24 * 3600);
    let late = h.ask(DAAN, "/opdrachten").await;
    assert!(late.contains("te laat"), "{late}");
    let too_late = h.ask(JUF, "/herinner 4C").await;
    assert!(too_late.contains("al voorbij"), "{too_late}");

    assert_eq!(count(&pool, "SELECT COUNT(*) FROM assignments").await, 1);
    wait_for_count(&pool, "SELECT COUNT(*) FROM tg_outbox", 0).await;
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_with_nobody_reachable_who_has_not_done_it_says_so_and_sends_nothing() {
    let (mut h, _, _) = class_4c(Utc::now(), &[EVA]).await;
    let pool = h.pool().await;
    h.fake.block(EVA);
    h.say(EVA, "/help");
    wait_for_count(
        &pool,
        &format!(
            "SELECT COUNT(*) FROM tg_users WHERE user_id = {EVA} AND inactive_since IS NOT NULL"
        ),
        1,
    )
    .await;
    let given = h.ask(JUF, "/opdracht 4C test-koffie").await;
    assert!(given.contains("geen leerlingen"), "{given}");
    // Eva has not done it, so not everyone is done; but she cannot be reached.
    let answer = h.ask(JUF, "/herinner 4C").await;
    assert!(
        answer.contains("niet via Telegram te bereiken") && !answer.contains("Iedereen"),
        "{answer}"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM assignments WHERE reminded_at IS NOT NULL"
        )
        .await,
        0
    );
    wait_for_count(&pool, "SELECT COUNT(*) FROM tg_outbox", 0).await;
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_and_a_teacher_of_another_class_are_refused_for_every_assignment_command() {
    let (mut h, _, _) = class_4c(Utc::now(), &[SANNE]).await;
    make_teacher(&h, MEESTER).await;
    make_class(&h, MEESTER, "3B").await;
    for command in [
        "/opdracht 4C test-koffie",
        "/planning 4C",
        "/planning 4C test-koffie",
        "/herinner 4C",
    ] {
        let student = h.ask(SANNE, command).await;
        assert!(
            student.contains("alleen voor docenten"),
            "{command}: {student}"
        );
        let other = h.ask(MEESTER, command).await;
        assert!(
            other.contains("Je hebt geen klas die '4C' heet") && other.contains("3B"),
            "{command}: {other}"
        );
    }
    let pool = h.pool().await;
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM assignments").await, 0);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM plans").await, 0);
    assert_eq!(
        count_containing(&h.fake, SANNE, "Nieuwe opdracht"),
        0,
        "nothing pushed"
    );
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_dialogue_or_deadline_is_refused_with_an_example() {
    let now = utc("2027-01-06T12:00:00Z");
    let (mut h, _, _) = class_4c(now, &[SANNE]).await;
    let usage = h.ask(JUF, "/opdracht 4C").await;
    assert!(usage.contains("Gebruik: /opdracht 4C OEFENING"), "{usage}");
    let unknown = h.ask(JUF, "/opdracht 4C koffie").await;
    assert!(
        unknown.contains("'koffie' ken ik niet") && unknown.contains("test-koffie"),
        "{unknown}"
    );
    let past = h.ask(JUF, "/opdracht 4C test-koffie 2027-01-05").await;
    assert!(
        past.contains("verleden") && past.contains("/opdracht 4C test-koffie 2027-01-13 17:00"),
        "{past}"
    );
    let unreadable = h.ask(JUF, "/opdracht 4C test-koffie vrijdag").await;
    assert!(
        unreadable.contains("kan ik niet lezen") && unreadable.contains("JJJJ-MM-DD"),
        "{unreadable}"
    );
    // A typed local deadline is shown back as typed.
    let given = h
        .ask(JUF, "/opdracht 4C test-koffie 2027-01-08 17:00")
        .await;
    assert!(given.contains("vr 8 jan 2027 17:00"), "{given}");
    let pool = h.pool().await;
    assert_eq!(
        count(&pool, "SELECT due_at FROM assignments").await,
        utc("2027-01-08T16:00:00Z").timestamp()
    );
    h.stop().await;
    h.fake.assert_valid();
}

/// The plan's pushes to Sanne arrive exactly when the clock reaches each
/// moment in `at`, not a minute before.
async fn pushes_arrive_at(h: &Harness, clock: &ShiftClock, at: &[&str]) {
    let before = count_containing(&h.fake, SANNE, "Nieuwe opdracht");
    for (i, moment) in at.iter().enumerate() {
        let i = before + i;
        let due = utc(moment);
        clock.set(due - chrono::Duration::minutes(1));
        tokio::time::sleep(SOME_PASSES).await;
        assert_eq!(
            count_containing(&h.fake, SANNE, "Nieuwe opdracht"),
            i,
            "nothing before {moment}"
        );
        clock.set(due);
        wait_for_text(&h.fake, SANNE, "Nieuwe opdracht", i + 1).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_weekly_plan_pushes_at_half_past_eight_local_time_into_summer_time() {
    let (mut h, clock, _) = class_4c(utc("2027-03-20T12:00:00Z"), &[SANNE]).await;
    let shown = h
        .ask(JUF, "/planning 4C test-koffie test-koffie test-koffie")
        .await;
    assert!(
        shown.contains("Elke maandag 08:30 (Europe/Amsterdam)"),
        "{shown}"
    );
    assert!(
        shown.contains("1. ma 22 mrt 2027 08:30") && shown.contains("2. ma 29 mrt 2027 08:30"),
        "{shown}"
    );
    // 08:30 CET is 07:30 UTC; after the switch 08:30 CEST is 06:30 UTC.
    pushes_arrive_at(
        &h,
        &clock,
        &["2027-03-22T07:30:00Z", "2027-03-29T06:30:00Z"],
    )
    .await;
    let push = h.fake.texts_to(SANNE).pop().expect("push");
    assert!(
        push.contains("vóór ma 5 apr 2027 08:30"),
        "deadline: next slot: {push}"
    );
    // The teacher hears of every weekly push.
    wait_for_text(
        &h.fake,
        JUF,
        "Weekplanning klas 4C: 'Test: een koffieautomaat verkopen' is verstuurd naar 1 leerling",
        2,
    )
    .await;
    let pool = h.pool().await;
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM assignments").await, 2);
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_weekly_plan_pushes_at_the_chosen_local_time_out_of_summer_time_and_can_be_paused() {
    let (mut h, clock, _) = class_4c(utc("2027-10-20T12:00:00Z"), &[SANNE]).await;
    h.ask(JUF, "/planning 4C test-koffie test-koffie test-koffie")
        .await;
    let changed = h.ask(JUF, "/planning 4C tijd woensdag 10:15").await;
    assert!(changed.contains("Elke woensdag 10:15"), "{changed}");
    // 10:15 CEST is 08:15 UTC; after the switch 10:15 CET is 09:15 UTC.
    pushes_arrive_at(
        &h,
        &clock,
        &["2027-10-27T08:15:00Z", "2027-11-03T09:15:00Z"],
    )
    .await;

    // Paused: the slot passes without a push; resumed: the next slot after it.
    let paused = h.ask(JUF, "/planning 4C pauze").await;
    assert!(paused.contains("gepauzeerd"), "{paused}");
    clock.set(utc("2027-11-10T09:16:00Z"));
    tokio::time::sleep(SOME_PASSES).await;
    assert_eq!(count_containing(&h.fake, SANNE, "Nieuwe opdracht"), 2);
    let resumed = h.ask(JUF, "/planning 4C hervat").await;
    assert!(resumed.contains("1. wo 17 nov 2027 10:15"), "{resumed}");
    pushes_arrive_at(&h, &clock, &["2027-11-17T09:15:00Z"]).await;
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_due_while_the_bot_was_down_goes_out_once_at_the_restart() {
    let (mut h, clock, config) = class_4c(utc("2027-01-06T12:00:00Z"), &[SANNE]).await;
    h.ask(JUF, "/planning 4C test-koffie test-koffie").await;
    h.stop().await;
    // Down over Monday 11 January 08:30; back on Tuesday.
    clock.set(utc("2027-01-12T09:00:00Z"));
    h.start_with(config.clone()).await;
    wait_for_text(&h.fake, SANNE, "Nieuwe opdracht", 1).await;
    h.stop().await;
    h.start_with(config.clone()).await;
    tokio::time::sleep(SOME_PASSES).await;
    assert_eq!(
        count_containing(&h.fake, SANNE, "Nieuwe opdracht"),
        1,
        "not twice"
    );
    let pool = h.pool().await;
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM assignments").await, 1);
    // The plan goes on at its weekly time.
    pushes_arrive_at(&h, &clock, &["2027-01-18T07:30:00Z"]).await;
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM plan_items WHERE pushed_at IS NULL"
        )
        .await,
        0
    );
    h.stop().await;
    h.fake.assert_valid();
}

/// Members of 4C written directly (as many /klas messages would only slow
/// the test down).
async fn add_members(h: &Harness, ids: std::ops::Range<i64>) {
    use gesprekscoach::store::{ClassId, ClassWrites, LearnerKey, LearnerWrites, TransportWrites};
    let pool = h.pool().await;
    let mut conn = pool.acquire().await.expect("conn");
    let class: i64 = sqlx::query_scalar("SELECT id FROM classes WHERE name = '4C'")
        .fetch_one(&mut *conn)
        .await
        .expect("class 4C");
    for id in ids {
        let learner = conn
            .learner(LearnerKey::Telegram(id), Some("Lid"))
            .await
            .expect("learner");
        conn.user_touch(id, id, "Lid", learner.id)
            .await
            .expect("user");
        conn.join_class(learner.id, ClassId(class))
            .await
            .expect("member");
    }
}

/// Pushes that arrived.
fn pushed(f: &FakeTelegram) -> usize {
    f.calls("sendMessage")
        .iter()
        .filter(|r| r.text().is_some_and(|t| t.contains("Nieuwe opdracht")))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_to_a_big_class_keeps_to_the_limit_and_does_not_hold_up_answers() {
    let (mut h, _, _) = class_4c(Utc::now(), &[]).await;
    add_members(&h, 20_000..20_150).await;
    h.fake.enforce_rate(30, Duration::from_secs(1));
    h.ask(JUF, "/opdracht 4C test-koffie").await;
    h.fake
        .wait_until("the push under way", Duration::from_secs(10), |f| {
            pushed(f) >= 30
        })
        .await;
    // A student who practises now is answered at once, not after the push.
    let asked = std::time::Instant::now();
    let answer = h.ask(SANNE, "/help").await;
    assert!(answer.contains("/oefen"), "{answer}");
    assert!(
        asked.elapsed() < Duration::from_millis(1500),
        "answered after {:?}",
        asked.elapsed()
    );
    assert!(pushed(&h.fake) < 150, "the push was still going");
    h.fake
        .wait_until("all pushes", Duration::from_secs(30), |f| pushed(f) == 150)
        .await;
    assert_eq!(h.fake.rate_limited(), 0, "no 429 from the enforced limit");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_interrupted_by_a_stop_goes_on_after_the_restart_without_doubles() {
    let (mut h, _, config) = class_4c(Utc::now(), &[]).await;
    add_members(&h, 30_000..30_090).await;
    h.ask(JUF, "/opdracht 4C test-koffie").await;
    h.fake
        .wait_until("the push under way", Duration::from_secs(10), |f| {
            pushed(f) >= 20
        })
        .await;
    h.stop().await;
    let at_stop = pushed(&h.fake);
    assert!(at_stop < 90, "stopped mid-push ({at_stop})");
    h.start_with(config).await;
    h.fake
        .wait_until("the rest of the push", Duration::from_secs(20), |f| {
            pushed(f) >= 90
        })
        .await;
    tokio::time::sleep(SOME_PASSES).await;
    for id in 30_000..30_090 {
        assert_eq!(
            count_containing(&h.fake, id, "Nieuwe opdracht"),
            1,
            "student {id}"
        );
    }
    let pool = h.pool().await;
    wait_for_count(&pool, "SELECT COUNT(*) FROM tg_outbox", 0).await;
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planned_dialogue_that_was_removed_is_skipped_with_a_note_to_the_teacher() {
    let (mut h, clock, _) = class_4c(utc("2027-01-06T12:00:00Z"), &[SANNE]).await;
    // Juf's own dialogue, planned first; then she takes it off the offer.
    let own = common::telegram_harness::own_dialogue("eigen-koffie", "Eigen koffie");
    h.upload(JUF, "eigen-koffie.toml", own.as_bytes()).await;
    let set = h.ask(JUF, "/planning 4C eigen-koffie test-koffie").await;
    assert!(set.contains("Opgeslagen"), "{set}");

    // A number past the list changes nothing and says so.
    let nope = h.ask(JUF, "/planning 4C weg 5").await;
    assert!(
        nope.contains("Er is geen nummer 5") && nope.contains("2 oefeningen"),
        "{nope}"
    );
    assert!(!nope.contains("Opgeslagen"), "{nope}");

    let removed = h.ask(JUF, "/verwijderdialoog eigen-koffie").await;
    assert!(removed.contains("eigen-koffie"), "{removed}");

    // Monday 08:30 in Amsterdam (winter): the slot of the removed dialogue.
    clock.set(utc("2027-01-11T07:30:00Z"));
    wait_for_text(&h.fake, JUF, "bestaat niet meer", 1).await;
    let note = h.fake.texts_to(JUF).pop().expect("note");
    assert!(
        note.contains("'eigen-koffie'") && note.contains("/opdracht 4C"),
        "{note}"
    );
    tokio::time::sleep(SOME_PASSES).await;
    assert_eq!(count_containing(&h.fake, SANNE, "Nieuwe opdracht"), 0);

    // The week after, the plan goes on with the next dialogue.
    pushes_arrive_at(&h, &clock, &["2027-01-18T07:30:00Z"]).await;
    h.stop().await;
    h.fake.assert_valid();
}
