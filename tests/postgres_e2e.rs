//! Every command with `DATABASE_URL=postgres://...`, against the test
//! PostgreSQL server (`common/postgres.rs`): `practice`, `progress` and
//! `reflecties` through the real binary (the same piped sessions as on
//! SQLite must print the same, and a new process must find what the last
//! one stored), and `serve` against the fake Bot API followed by `report`. Without PostgreSQL installed these tests say so and pass
//! empty (see `common/postgres.rs`).

mod common;

use std::path::PathBuf;

use common::fixtures::fixture;
use common::machine::{Machine, stderr, stdout};
use common::postgres::database_blocking;

const STRONG: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie worden er per dag gedronken?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

const WEAK: [&str; 3] = ["Met Sanne.", "Met Sanne.", "Wij verhuren automaten."];

/// A machine on a fresh PostgreSQL database and one on SQLite, both with
/// `dialogues`; `None` when PostgreSQL is not installed.
fn machines(test: &str, dialogues: PathBuf) -> Option<(Machine, Machine)> {
    let url = database_blocking(test)?;
    Some((
        Machine::with_database(dialogues.clone(), url),
        Machine::new(dialogues),
    ))
}

/// Runs the same command on both machines; asserts success and the same
/// output, and returns it.
fn both(pg: &Machine, sqlite: &Machine, args: &[&str], lines: &[&str]) -> String {
    let on_pg = pg.run(args, lines);
    let on_sqlite = sqlite.run(args, lines);
    let text = stdout(&on_pg);
    assert!(
        on_pg.status.success(),
        "{args:?} on PostgreSQL:\n{text}\n{}",
        stderr(&on_pg)
    );
    assert!(on_sqlite.status.success(), "{}", stderr(&on_sqlite));
    assert_eq!(text, stdout(&on_sqlite), "{args:?}: PostgreSQL vs SQLite");
    text
}

#[test]
fn practice_and_progress_on_postgres_print_what_they_print_on_sqlite() {
    let Some((pg, sqlite)) = machines(
        "postgres_cli::practice_and_progress_on_postgres_print_what_they_print_on_sqlite",
        fixture("dialogues"),
    ) else {
        return;
    };
    let args = ["practice", "test-koffie", "--seed", "1"];
    let strong = both(&pg, &sqlite, &args, &STRONG);
    assert!(strong.contains("Score: 100/100"), "{strong}");
    both(&pg, &sqlite, &args, &WEAK);
    // Stopped halfway: kept for later, in a new process.
    let half = both(&pg, &sqlite, &args, &STRONG[..1]);
    assert!(
        half.contains(
            "Je poging is bewaard. Ga later verder met: gesprekscoach practice test-koffie"
        ),
        "{half}"
    );
    let progress = both(&pg, &sqlite, &["progress"], &[]);
    assert!(
        progress.contains(
            "P4-K2-W3 Voert een verkoopgesprek\n  \
             Afgeronde gesprekken: 2, beste score: 100/100, laatste score: 0/100\n  \
             [x] Presenteert zich als professional: 1 van 2 keer laten zien\n  \
             [x] Toont interesse in de klant: 1 van 2 keer laten zien\n  \
             [v] Maakt een afspraak: 1 van 1 keer laten zien"
        ),
        "{progress}"
    );
    assert!(progress.contains("Nog niet afgemaakt"), "{progress}");

    let resumed = both(&pg, &sqlite, &["practice", "test-koffie"], &STRONG[1..]);
    assert!(
        resumed.contains("Je gaat verder met je vorige poging (1 antwoord gegeven)."),
        "{resumed}"
    );
    let progress = stdout(&pg.run(&["progress"], &[]));
    assert!(
        progress.contains("Afgeronde gesprekken: 3, beste score: 100/100, laatste score: 100/100"),
        "{progress}"
    );
}

/// Replies to the fixture shift (see tests/webcare.rs).
const SHIFT: [&str; 5] = [
    "Sorry! Stuur je een DM? ^Sam",
    "/escaleer",
    "@2 Sorry, dit is ernstig. Mijn teamleider belt je vandaag ^Sam",
    "Dank voor je review ^Sam",
    "Dank, gevonden ^Sam",
];
const REFLECTION: &str = "De onveilige speelgoedpost had ik eerst moeten doen.";

#[test]
fn a_webcare_shift_on_postgres_continues_after_a_restart_and_reflecties_shows_it() {
    let Some((pg, sqlite)) = machines(
        "postgres_cli::a_webcare_shift_on_postgres_continues_after_a_restart_and_reflecties_shows_it",
        fixture("webcare"),
    ) else {
        return;
    };
    let first = both(&pg, &sqlite, &["practice", "webcare-test"], &SHIFT[..2]);
    assert!(
        first.contains("Je dienst is bewaard."),
        "a new process goes on\n{first}"
    );
    let mut rest = SHIFT[2..].to_vec();
    rest.push(REFLECTION);
    let second = both(&pg, &sqlite, &["practice", "webcare-test"], &rest);
    assert!(second.contains("Score: 91/100"), "{second}");
    assert!(second.contains("Je reflectie is opgeslagen."), "{second}");

    let out = pg.run(&["reflecties"], &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(text.contains("91/100"), "{text}");
    assert!(text.contains(REFLECTION), "{text}");
    let progress = stdout(&pg.run(&["progress"], &[]));
    assert!(progress.contains("laatste score: 91/100"), "{progress}");
}

#[test]
fn a_postgres_url_without_a_server_fails_with_a_message_not_a_panic() {
    // A port nothing listens on: the binary must say so and exit non-zero.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let m = Machine::with_database(
        fixture("dialogues"),
        format!("postgres://coach@127.0.0.1:{port}/coach"),
    );
    let out = m.run(&["progress"], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.trim().is_empty(), "an error message");
}

mod serve {
    //! `serve` on PostgreSQL: the real bot in process against the fake Bot
    //! API, then `report` through the real binary on the same database.

    use std::time::Duration;

    use super::common::fake_telegram::updates;
    use super::common::postgres::database;
    use super::common::telegram_harness::{
        DIALOGUE, Harness, STRONG_REPLIES, fixtures_dir, make_class, make_teacher,
    };

    const JUF: i64 = 8801;
    const SANNE: i64 = 8802;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_class_practises_on_postgres_survives_a_restart_reports_and_forgets() {
        let test = "postgres_e2e::serve::a_class_practises_on_postgres_survives_a_restart_reports_and_forgets";
        let Some(url) = database(test).await else {
            return;
        };
        let mut h = Harness::on(url.clone()).await;
        h.start_with_admin().await;
        make_teacher(&h, JUF).await;
        let code = make_class(&h, JUF, "2B").await;
        let joined = h
            .ask(SANNE, &format!("/klas {}", code.to_lowercase()))
            .await;
        assert!(joined.contains("lid van klas"), "{joined}");
        let given = h.ask(JUF, &format!("/opdracht 2B {DIALOGUE}")).await;
        assert!(given.contains("2B"), "{given}");
        h.fake
            .wait_until("the assignment's push", Duration::from_secs(20), |f| {
                f.texts_to(SANNE)
                    .iter()
                    .any(|t| t.contains("Nieuwe opdracht voor klas 2B"))
            })
            .await;

        let mut sent = h.fake.sent_to(SANNE).len();
        h.say(SANNE, &format!("/oefen {DIALOGUE}"));
        // One send: the briefing with the customer's first line.
        sent += 1;
        h.fake.wait_for_texts(SANNE, sent).await;
        // Half the dialogue, then a restart: the attempt lives in PostgreSQL.
        sent += 1;
        h.say_and_wait(SANNE, STRONG_REPLIES[0], sent).await;
        h.stop().await;
        h.start_with_admin().await;
        sent += 1;
        let texts = h.say_and_wait(SANNE, STRONG_REPLIES[1], sent).await;
        assert!(texts[sent - 1].contains("veertig koppen"), "{texts:?}");
        // One send: the last line with the scorecard.
        sent += 1;
        h.say_and_wait(SANNE, STRONG_REPLIES[2], sent).await;
        let card = h.fake.sent_to(SANNE).pop().expect("scorecard");
        assert!(card.text().unwrap_or_default().contains("100"), "{card:?}");

        let progress = h.ask(SANNE, "/voortgang").await;
        assert!(progress.contains("beste score: 100"), "{progress}");
        let overview = h.ask(JUF, "/overzicht 2b").await;
        assert!(overview.contains("2B"), "{overview}");
        h.stop().await;

        // The administrator's report, from the same PostgreSQL database.
        let out = std::process::Command::new(super::common::machine::BIN)
            .args(["report", "--class", "2b", "--format", "json"])
            .current_dir(h.dir.path())
            .env("DATABASE_URL", &url)
            .env("COACH_DIALOGUES_DIR", fixtures_dir())
            .env_remove("RUST_LOG")
            .output()
            .expect("binary runs");
        let json = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{json}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
        assert!(
            json.contains(&format!("Student{SANNE}")) || json.contains("Sanne"),
            "{json}"
        );
        assert!(json.contains("100"), "{report}");

        // Forget-me on PostgreSQL: nothing of Sanne is left.
        h.start_with_admin().await;
        let before = h.fake.sent_to(SANNE).len();
        h.say(SANNE, "/vergeetmij");
        h.fake.wait_for_texts(SANNE, before + 1).await;
        let ask = h.fake.sent_to(SANNE).pop().expect("confirmation");
        let yes = ask
            .buttons()
            .into_iter()
            .find(|(l, _)| l.starts_with("Ja"))
            .expect("yes button");
        h.send(updates::callback(SANNE, &yes.1));
        let texts = h.fake.wait_for_texts(SANNE, before + 2).await;
        assert!(texts[before + 1].contains("gewist"), "{texts:?}");
        h.stop().await;
        let store = gesprekscoach::store::open(&url).await.expect("store");
        let gesprekscoach::store::AnyStore::Postgres(pg) = store else {
            panic!("a PostgreSQL store");
        };
        for sql in [
            format!("SELECT COUNT(*) FROM learners WHERE telegram_user_id = {SANNE}"),
            format!("SELECT COUNT(*) FROM tg_users WHERE user_id = {SANNE}"),
            // Sanne was the only one who practised.
            "SELECT COUNT(*) FROM attempts".to_string(),
            "SELECT COUNT(*) FROM turns".to_string(),
        ] {
            let n: i64 = sqlx::query_scalar(&sql)
                .fetch_one(pg.pool())
                .await
                .expect("count");
            assert_eq!(n, 0, "{sql}");
        }
        h.fake.assert_valid();
    }
}
