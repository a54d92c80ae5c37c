//! Class reports end to end: students join a class and practise through the
//! real bot against the fake Bot API; the report comes out of the real
//! binary (`gesprekscoach report`) on the same SQLite file.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::telegram_harness::{
    ADMIN, DIALOGUE, Harness, STRONG_REPLIES, fixtures_dir, make_class, make_teacher,
    start_with_admin,
};

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
    sent += 1; // the briefing with the customer's first line
    h.fake.wait_for_texts(user, sent).await;
    let weak = std::iter::repeat("Ja hoor.");
    for reply in replies.iter().copied().chain(weak).take(12) {
        h.say(user, reply);
        // One message each; at the end the closing line with the scorecard.
        sent += 1;
        h.fake.wait_for_texts(user, sent).await;
        if wait_finished(h, user).await {
            return;
        }
    }
    panic!("the dialogue did not end for {user}");
}

const JUF: i64 = 7902;
const MEESTER: i64 = 7903;

/// `teacher` becomes a teacher and creates `class`; returns its join code.
async fn teacher_with_class(h: &Harness, teacher: i64, class: &str) -> String {
    make_teacher(h, teacher).await;
    make_class(h, teacher, class).await
}

/// Juf's class 2B (the fixture dialogue assigned with /opdracht; Sanne
/// strong, Tim weak, Noor never practised and reminded with /herinner) and
/// meester's class 3C (Piet, strong), all through the bot.
async fn practised_class() -> Harness {
    let h = start_with_admin().await;
    let b2 = teacher_with_class(&h, JUF, "2B").await;
    let c3 = teacher_with_class(&h, MEESTER, "3C").await;
    for (user, code) in [(SANNE, &b2), (TIM, &b2), (NOOR, &b2), (PIET, &c3)] {
        let joined = h.ask(user, &format!("/klas {code}")).await;
        assert!(joined.contains("lid van klas"), "{joined}");
    }
    let given = h.ask(JUF, &format!("/opdracht 2B {DIALOGUE}")).await;
    assert!(given.contains("2B"), "{given}");
    for user in [SANNE, TIM, NOOR] {
        h.fake
            .wait_until("the assignment's push", Duration::from_secs(20), |f| {
                f.texts_to(user)
                    .iter()
                    .any(|t| t.contains("Nieuwe opdracht voor klas 2B"))
            })
            .await;
    }
    practise(&h, SANNE, &STRONG_REPLIES).await;
    practise(&h, TIM, &[]).await;
    practise(&h, PIET, &STRONG_REPLIES).await;
    // The one who did not practise is reminded, the others are not.
    let reminded = h.ask(JUF, "/herinner 2B").await;
    assert!(reminded.contains(&name(NOOR)), "{reminded}");
    h.fake
        .wait_until("Noor's reminder", Duration::from_secs(20), |f| {
            f.texts_to(NOOR).iter().any(|t| t.contains("Herinnering"))
        })
        .await;
    for user in [SANNE, TIM] {
        assert!(
            !h.fake
                .texts_to(user)
                .iter()
                .any(|t| t.contains("Herinnering"))
        );
    }
    h
}

fn report_command(dir: &Path, database_url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("report")
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("COACH_DIALOGUES_DIR", fixtures_dir())
        .env_remove("COACH_TIMEZONE")
        .env_remove("RUST_LOG");
    cmd
}

fn report(dir: &Path, database_url: &str, args: &[&str]) -> Output {
    report_command(dir, database_url, args)
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
    let sanne_date = sanne[date].to_string();
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

    // CSV dates are local time (COACH_TIMEZONE, default Europe/Amsterdam);
    // JSON has the same moment in UTC.
    let row = json["rijen"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["leerling"] == name(SANNE) && r["criterium"] == "Maakt een afspraak")
        .expect("Sanne's JSON row");
    let utc: chrono::DateTime<chrono::Utc> = row["laatste_poging"]
        .as_str()
        .expect("a time")
        .parse()
        .expect("RFC 3339");
    let local = |tz: chrono_tz::Tz| utc.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(sanne_date, local(chrono_tz::Europe::Amsterdam));
    let out = report_command(h.dir.path(), &url, &["--class", "2B"])
        .env("COACH_TIMEZONE", "Asia/Tokyo")
        .output()
        .expect("binary runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&local(chrono_tz::Asia::Tokyo)),
        "{}",
        stdout(&out)
    );
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_or_shared_class_name_is_refused_in_dutch_with_a_non_zero_exit() {
    let h = Harness::new().await;
    let url = h.database_url();
    let store = gesprekscoach::store::SqliteStore::open(&url)
        .await
        .expect("database");
    let pool = store.pool();
    gesprekscoach::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "2B",
        "A1",
    )
    .await
    .expect("class");
    let other = gesprekscoach::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "4D",
        "B2",
    )
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

    gesprekscoach::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "2b",
        "C3",
    )
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

    let out = report_command(h.dir.path(), &url, &["--class", "4D"])
        .env("COACH_TIMEZONE", "Mars/Olympus")
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("COACH_TIMEZONE 'Mars/Olympus'"),
        "{}",
        stderr(&out)
    );

    let out = report(h.dir.path(), &url, &["--class-id", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("geen klas met id 999"),
        "{}",
        stderr(&out)
    );
}

/// Sends a command and returns the `n` sends that answer it.
async fn sends_for(
    h: &Harness,
    user: i64,
    text: &str,
    n: usize,
) -> Vec<common::fake_telegram::Recorded> {
    let before = h.fake.sent_to(user).len();
    h.say(user, text);
    h.fake.wait_for_texts(user, before + n).await;
    h.fake.sent_to(user)[before..].to_vec()
}

fn button_for(message: &common::fake_telegram::Recorded, label: &str) -> String {
    message
        .buttons()
        .into_iter()
        .find(|(l, _)| l.contains(label))
        .unwrap_or_else(|| panic!("no button '{label}': {:?}", message.buttons()))
        .1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overzicht_gives_the_teacher_a_summary_a_csv_document_a_heatmap_and_each_students_transcript()
 {
    let mut h = practised_class().await;
    let sends = sends_for(&h, JUF, "/overzicht 2b", 4).await;
    let methods: Vec<&str> = sends.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        ["sendMessage", "sendDocument", "sendPhoto", "sendMessage"]
    );

    let summary = sends[0].text().unwrap_or_default();
    assert!(
        summary.contains("Overzicht klas 2B (3 leerlingen)"),
        "{summary}"
    );
    assert!(
        summary.contains("Test: een koffieautomaat verkopen"),
        "{summary}"
    );
    assert!(summary.contains("Afgerond: 2 van 3"), "{summary}");
    assert!(
        summary.contains(&format!("Nog niet: {}", name(NOOR))),
        "{summary}"
    );
    assert!(summary.contains("P4-K2-W3"), "{summary}");
    assert!(summary.contains("Dit mist de klas het vaakst"), "{summary}");
    assert!(
        !summary.contains(&name(PIET)),
        "another class's student: {summary}"
    );

    // The CSV: BOM, `;`, one row per student × criterion, right values.
    let (file_name, bytes) = sends[1].file("document").expect("a document");
    assert!(
        file_name.starts_with("overzicht-2B-") && file_name.ends_with(".csv"),
        "{file_name}"
    );
    let text = String::from_utf8(bytes).expect("UTF-8");
    let body = text.strip_prefix('\u{feff}').expect("BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 12);
    let sanne = records
        .iter()
        .find(|r| r[2] == name(SANNE) && &r[4] == "Maakt een afspraak")
        .expect("Sanne's row");
    assert_eq!((&sanne[6], &sanne[9], &sanne[11]), ("1", "100", "ja"));

    // The heatmap: a PNG with a row per student.
    let (_, png) = sends[2].file("photo").expect("a photo");
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a decodable PNG");
    let (w, hgt) = (reader.info().width, reader.info().height);
    assert!((700..=1400).contains(&w), "width {w}");
    assert!(hgt > 3 * 36 && w + hgt <= 10_000, "height {hgt}");

    // A student's button: their attempts; an attempt's button: the transcript.
    let students = &sends[3];
    assert_eq!(students.buttons().len(), 3, "{:?}", students.buttons());
    let attempts = h.press(JUF, &button_for(students, &name(SANNE))).await;
    assert!(
        attempts.contains("Oefeningen van") && attempts.contains("score 100"),
        "{attempts}"
    );
    let list = h.fake.sent_to(JUF).pop().expect("attempt list");
    let transcript = h.press(JUF, &button_for(&list, "1.")).await;
    assert!(transcript.contains(STRONG_REPLIES[0]), "{transcript}");
    assert!(transcript.contains("Herkend:"), "{transcript}");
    assert!(transcript.contains("Bewijs per criterium"), "{transcript}");
    assert!(
        transcript.contains("✅ Presenteert zich als professional: \""),
        "quotes the evidence: {transcript}"
    );

    // The same by command, by number and by name.
    let by_number = h.ask(JUF, "/leerling 2B 2").await;
    assert!(by_number.contains(&name(TIM)), "{by_number}");
    let by_name = h
        .ask(JUF, &format!("/leerling 2B {}", name(NOOR).to_lowercase()))
        .await;
    assert!(by_name.contains("nog geen oefening"), "{by_name}");
    let unknown = h.ask(JUF, "/leerling 2B Karel").await;
    assert!(
        unknown.contains("geen leerling 'Karel'") && unknown.contains(&name(SANNE)),
        "{unknown}"
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overzicht_and_a_students_attempts_are_refused_for_students_and_teachers_of_another_class()
{
    let mut h = practised_class().await;
    // Juf's buttons, to be pressed by others.
    let sends = sends_for(&h, JUF, "/overzicht 2B", 4).await;
    let sanne_button = button_for(&sends[3], &name(SANNE));
    h.press(JUF, &sanne_button).await;
    let list = h.fake.sent_to(JUF).pop().expect("attempt list");
    let attempt_button = button_for(&list, "1.");

    let student = h.ask(SANNE, "/overzicht 2B").await;
    assert!(student.contains("alleen voor docenten"), "{student}");
    let student = h.ask(SANNE, "/leerling 2B 1").await;
    assert!(student.contains("alleen voor docenten"), "{student}");
    let student = h.press(SANNE, &attempt_button).await;
    assert!(student.contains("alleen voor docenten"), "{student}");
    assert!(!student.contains(STRONG_REPLIES[0]));

    let other = h.ask(MEESTER, "/overzicht 2B").await;
    assert!(
        other.contains("geen klas die '2B' heet") && other.contains("3C"),
        "{other}"
    );
    let other = h.ask(MEESTER, "/leerling 2B 1").await;
    assert!(other.contains("geen klas die '2B' heet"), "{other}");
    for forged in [&sanne_button, &attempt_button] {
        let other = h.press(MEESTER, forged).await;
        assert!(other.contains("niet (meer) van jou"), "{forged}: {other}");
    }
    // No document, photo or transcript ever went to them.
    for user in [SANNE, MEESTER] {
        let sends = h.fake.sent_to(user);
        assert!(sends.iter().all(|r| r.method == "sendMessage"), "{user}");
        assert!(sends.iter().all(|r| {
            !r.text()
                .unwrap_or_default()
                .contains("Bewijs per criterium")
        }));
    }
    // Meester's own class works, and shows only Piet.
    let own = sends_for(&h, MEESTER, "/overzicht 3C", 4).await;
    let summary = own[0].text().unwrap_or_default();
    assert!(
        summary.contains("Overzicht klas 3C (1 leerling)"),
        "{summary}"
    );
    assert!(!summary.contains(&name(SANNE)));

    h.stop().await;
    h.fake.assert_valid();
}

/// Who may read a class's reports is decided once, in `school::auth`, for
/// the chat as for the dashboard: an admin reads every class's, also one
/// they do not teach, down to a student's transcript.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_reads_the_overview_and_transcripts_of_a_class_they_do_not_teach() {
    let mut h = practised_class().await;
    let sends = sends_for(&h, ADMIN, "/overzicht 2b", 4).await;
    let summary = sends[0].text().unwrap_or_default();
    assert!(
        summary.contains("Overzicht klas 2B (3 leerlingen)"),
        "{summary}"
    );
    assert_eq!(sends[1].method, "sendDocument");
    let sanne = button_for(&sends[3], &name(SANNE));
    h.press(ADMIN, &sanne).await;
    let list = h.fake.sent_to(ADMIN).pop().expect("attempt list");
    let transcript = h.press(ADMIN, &button_for(&list, "1.")).await;
    assert!(transcript.contains(STRONG_REPLIES[0]), "{transcript}");
    let by_name = h.ask(ADMIN, "/leerling 3C 1").await;
    assert!(by_name.contains(&name(PIET)), "{by_name}");
    h.stop().await;
    h.fake.assert_valid();
}

/// The CLI report reads teachers' uploads from the database, as `/overzicht`
/// does: an assigned upload that nobody practised yet still gives its title
/// and its criteria rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_command_includes_an_assigned_upload_that_nobody_practised_yet() {
    let mut h = start_with_admin().await;
    let code = teacher_with_class(&h, JUF, "5A").await;
    h.ask(SANNE, &format!("/klas {code}")).await;
    let own = common::telegram_harness::own_dialogue(
        "eigen-koffie",
        "Eigen: koffie voor de installateur",
    );
    let answer = h.upload(JUF, "eigen-koffie.toml", own.as_bytes()).await;
    assert!(answer.contains("eigen-koffie"), "{answer}");
    let assigned = h.ask(JUF, "/opdracht 5A eigen-koffie").await;
    assert!(assigned.contains("gaat nu naar 1 leerling"), "{assigned}");
    let url = h.database_url();
    h.stop().await;

    let out = report(h.dir.path(), &url, &["--class", "5A", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let text = json.to_string();
    assert!(
        text.contains("Eigen: koffie voor de installateur"),
        "the upload's title, not its id: {text}"
    );
    let rows = json["rijen"].as_array().expect("rows");
    assert!(
        rows.len() >= 2,
        "the upload's criteria give rows for Sanne: {json}"
    );
}
