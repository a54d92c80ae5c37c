//! The real binary with `DATABASE_URL=postgres://...`, against the test
//! PostgreSQL server (`common/postgres.rs`): the same piped sessions as on
//! SQLite must print the same, and a new process must find what the last
//! one stored. Without PostgreSQL installed these tests say so and pass
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
