//! Class reports end to end: students join a class and practise through the
//! real bot against the fake Bot API; the report comes out of the real
//! binary (`gesprekscoach report`) on the same SQLite file.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::telegram_harness::{DIALOGUE, Harness, STRONG_REPLIES, fixtures_dir};

const BIN: &str = env!("CARGO_BIN_EXE_gesprekscoach");

const SANNE: i64 = 7001;
const TIM: i64 = 7002;
const NOOR: i64 = 7003;
const PIET: i64 = 7004;

/// The name the fake gives a Telegram user.
fn name(user: i64) -> String {
    format!("Student{user}")
}

/// Waits until the student's newest attempt is finished (the effect is
/// committed before its messages go out).
async fn wait_finished(h: &Harness, user: i64) -> bool {
    let pool = h.pool().await;
    let status: Option<String> = sqlx::query_scalar(
        "SELECT a.status FROM attempts a JOIN tg_users u ON u.learner_id = a.learner_id \
         WHERE u.user_id = ? ORDER BY a.id DESC LIMIT 1",
    )
    .bind(user)
    .fetch_optional(&pool)
    .await
    .expect("query");
    pool.close().await;
    status.as_deref() == Some("completed")
}

/// Practises the fixture dialogue through Telegram: `replies`, then weak
/// answers until the dialogue is over.
async fn practise(h: &Harness, user: i64, replies: &[&str]) {
    let mut sent = h.fake.sent_to(user).len();
    h.say(user, &format!("/oefen {DIALOGUE}"));
    sent += 2; // briefing and the customer's first line
    h.fake.wait_for_texts(user, sent).await;
    let weak = std::iter::repeat("Ja hoor.");
    for reply in replies.iter().copied().chain(weak).take(12) {
        h.say(user, reply);
        sent += 1;
        h.fake.wait_for_texts(user, sent).await;
        if wait_finished(h, user).await {
            // The closing line and the scorecard.
            sent += 1;
            h.fake.wait_for_texts(user, sent).await;
            return;
        }
    }
    panic!("the dialogue did not end for {user}");
}

/// Class 2B (Sanne strong, Tim weak, Noor never practised; the fixture
/// dialogue assigned an hour ago) and class 3C (Piet, strong).
async fn practised_class() -> Harness {
    let mut h = Harness::new().await;
    h.start().await;
    let pool = h.pool().await;
    let b2 = gesprekscoach::store::telegram::class_create(&pool, "2B", "KLAS2B")
        .await
        .expect("class");
    gesprekscoach::store::telegram::class_create(&pool, "3C", "KLAS3C")
        .await
        .expect("class");
    let now = chrono::Utc::now().timestamp();
    sqlx::query(
        "INSERT INTO assignments (class_id, dialogue_id, due_at, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(b2.id)
    .bind(DIALOGUE)
    .bind(now + 7 * 86_400)
    .bind(now - 3600)
    .execute(&pool)
    .await
    .expect("assignment");
    pool.close().await;
    for (user, code) in [
        (SANNE, "KLAS2B"),
        (TIM, "KLAS2B"),
        (NOOR, "KLAS2B"),
        (PIET, "KLAS3C"),
    ] {
        h.say(user, &format!("/start {code}"));
        h.fake.wait_for_texts(user, 2).await;
    }
    practise(&h, SANNE, &STRONG_REPLIES).await;
    practise(&h, TIM, &[]).await;
    practise(&h, PIET, &STRONG_REPLIES).await;
    h
}

fn report(dir: &Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("report")
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("COACH_DIALOGUES_DIR", fixtures_dir())
        .env_remove("RUST_LOG")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_command_prints_the_csv_and_json_of_a_class_that_practised_on_telegram() {
    let mut h = practised_class().await;
    h.stop().await;
    let url = h.database_url();

    let out = report(h.dir.path(), &url, &["--class", "2b"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let body = text.strip_prefix('\u{feff}').expect("starts with the BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {headers:?}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let (student, label, attempts, best, met, status, date) = (
        column("Leerling"),
        column("Criterium"),
        column("Pogingen"),
        column("Beste score"),
        column("Behaald"),
        column("Status"),
        column("Laatste poging"),
    );
    // One row per student × criterion: the fixture has 4 criteria, of which
    // the report knows all four from the assigned dialogue.
    assert_eq!(records.len(), 3 * 4, "{text}");
    let names: std::collections::BTreeSet<String> =
        records.iter().map(|r| r[student].to_string()).collect();
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        [name(SANNE), name(TIM), name(NOOR)]
    );
    let find = |who: &str, what: &str| {
        records
            .iter()
            .find(|r| &r[student] == who && &r[label] == what)
            .unwrap_or_else(|| panic!("no row {who} × {what}"))
    };
    let sanne = find(&name(SANNE), "Maakt een afspraak");
    assert_eq!(&sanne[attempts], "1");
    assert_eq!(&sanne[best], "100");
    assert_eq!(&sanne[met], "ja");
    assert_eq!(&sanne[status], "behaald");
    assert!(sanne[date].starts_with("20"), "{:?}", &sanne[date]);
    let tim = find(&name(TIM), "Presenteert zich als professional");
    assert_eq!(&tim[attempts], "1");
    assert_eq!(&tim[met], "nee");
    assert_eq!(&tim[status], "niet behaald");
    let noor = find(&name(NOOR), "Maakt een afspraak");
    assert_eq!(&noor[attempts], "0");
    assert_eq!(&noor[best], "");
    assert_eq!(&noor[status], "niet geoefend");

    let out = report(h.dir.path(), &url, &["--class", "2B", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(json["klas"], "2B");
    assert_eq!(json["rijen"].as_array().map(Vec::len), Some(12));
    let assignment = &json["samenvatting"]["opdracht"];
    assert_eq!(assignment["afgerond"], 2, "{assignment}");
    assert_eq!(assignment["leerlingen"], 3);
    assert_eq!(
        assignment["nog_niet_afgerond"],
        serde_json::json!([name(NOOR)])
    );
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_or_shared_class_name_is_refused_in_dutch_with_a_non_zero_exit() {
    let h = Harness::new().await;
    let url = h.database_url();
    let store = gesprekscoach::store::open(&url).await.expect("database");
    let pool = store.pool();
    gesprekscoach::store::telegram::class_create(pool, "2B", "A1")
        .await
        .expect("class");
    let other = gesprekscoach::store::telegram::class_create(pool, "4D", "B2")
        .await
        .expect("class");

    let out = report(h.dir.path(), &url, &["--class", "9Z"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("De klas '9Z' bestaat niet"), "{err}");
    assert!(
        err.contains("2B") && err.contains("4D"),
        "lists the classes: {err}"
    );
    assert!(out.stdout.is_empty());

    gesprekscoach::store::telegram::class_create(pool, "2b", "C3")
        .await
        .expect("second class with the same name");
    let out = report(h.dir.path(), &url, &["--class", "2B"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2 klassen met de naam '2B'") && err.contains("--class-id"),
        "{err}"
    );

    let id = other.id.to_string();
    let out = report(h.dir.path(), &url, &["--class-id", &id, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(json["klas"], "4D");
    assert_eq!(json["rijen"], serde_json::json!([]));

    let out = report(h.dir.path(), &url, &["--class-id", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("geen klas met id 999"),
        "{}",
        stderr(&out)
    );
}
