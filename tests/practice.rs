//! `gesprekscoach practice` and `progress` through the real binary, with a
//! real SQLite file in a temporary folder and the fixture dialogues.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::fixtures::fixture as fixtures;
use common::machine::{Machine, stderr, stdout};

const STRONG: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie worden er per dag gedronken?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

fn machine() -> Machine {
    Machine::new(fixtures("dialogues"))
}

/// Number of saved turns; None while the database is not there yet.
fn saved_turns(m: &Machine) -> Option<i64> {
    m.scalar("SELECT COUNT(*) FROM turns")
}

/// The scorecard block of a strong run of the fixture.
const STRONG_SCORECARD: &str = "\
== Scorekaart: Test: een koffieautomaat verkopen ==
Score: 100/100 (5 van de 5 punten van het hele gesprek; een 'Let op' kost punten)

P4-K2-W3 Voert een verkoopgesprek
  [v] Presenteert zich als professional: \"Koffiekoning\" (2 van 2 punten)
  [v] Toont interesse in de klant: \"koppen\" (1 van 1 punten)
  [v] Maakt een afspraak: \"proefplaatsing\" (2 van 2 punten)
  [-] Blijft beleefd: niet beoordeeld (kwam niet aan bod)
";

#[test]
fn a_piped_transcript_gives_the_expected_scorecard() {
    let m = machine();
    let out = m.run(&["practice", "test-koffie", "--seed", "1"], &STRONG);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(text.contains(STRONG_SCORECARD), "{text}");
    assert!(
        text.contains("Goed: \"Koffiekoning\" – je noemt je bedrijf meteen."),
        "{text}"
    );
    assert!(
        text.contains("Bram Jansen: Goed, zet die proefplaatsing maar in de agenda. Tot ziens!"),
        "{text}"
    );
    // No prompts in piped mode.
    assert!(!text.contains("> "), "{text}");
    assert!(!text.contains("Nummer of id"), "{text}");
}

#[test]
fn the_same_seed_gives_the_same_output() {
    let m = machine();
    let a = stdout(&m.run(&["practice", "test-koffie", "--seed", "5"], &STRONG));
    let b = stdout(&m.run(&["practice", "test-koffie", "--seed", "5"], &STRONG));
    assert_eq!(a, b);
}

#[test]
fn without_an_id_the_list_is_grouped_by_werkproces_and_the_first_line_picks() {
    let m = machine();
    let mut lines = vec!["1"];
    lines.extend(STRONG);
    let out = m.run(&["practice"], &lines);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("P4-K2-W3 Voert een verkoopgesprek\n   1. Test: een koffieautomaat verkopen"),
        "{text}"
    );
    assert!(text.contains(STRONG_SCORECARD), "{text}");
}

#[test]
fn an_unknown_dialogue_id_fails_with_a_dutch_message_naming_the_available_ones() {
    let m = machine();
    let out = m.run(&["practice", "bestaat-niet"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("geen dialoog met id 'bestaat-niet' (beschikbaar: test-koffie)"),
        "{err}"
    );
}

#[test]
fn hint_and_stop_work_during_a_dialogue() {
    let m = machine();
    let out = m.run(
        &["practice", "test-koffie", "--seed", "1"],
        &["/hint", STRONG[0], "/stop", "Nog een antwoord na het einde"],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("Hint: Stel je voor met je naam en Koffiekoning."),
        "{text}"
    );
    assert!(
        text.contains(
            "Je bent gestopt voor het einde; wat je daarna nog had kunnen laten zien, telt als niet getoond.\nScore: 40/100 (2 van de 5 punten van het hele gesprek"
        ),
        "{text}"
    );
    assert!(
        text.contains("[-] Toont interesse in de klant: niet beoordeeld (kwam niet aan bod)"),
        "{text}"
    );
    assert!(text.contains("Hints gebruikt: 1"), "{text}");
    // The line after /stop is not read as a reply.
    assert!(!text.contains("Nog een antwoord"), "{text}");

    // A stopped attempt is no progress and nothing is left to resume.
    let progress = stdout(&m.run(&["progress"], &[]));
    assert!(
        progress.contains("Je hebt nog geen gesprek afgerond"),
        "{progress}"
    );
    let again = stdout(&m.run(&["practice", "test-koffie"], &[]));
    assert!(!again.contains("vorige poging"), "{again}");
}

#[test]
fn progress_shows_completed_attempts_per_werkproces() {
    let m = machine();
    m.run(&["practice", "test-koffie"], &STRONG);
    m.run(
        &["practice", "test-koffie"],
        &["Met Sanne.", "Met Sanne.", "Wij verhuren automaten."],
    );
    let out = m.run(&["progress"], &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains(
            "P4-K2-W3 Voert een verkoopgesprek\n  \
             Afgeronde gesprekken: 2, beste score: 100/100, laatste score: 0/100\n  \
             [x] Presenteert zich als professional: 1 van 2 keer laten zien\n  \
             [x] Toont interesse in de klant: 1 van 2 keer laten zien\n  \
             [v] Maakt een afspraak: 1 van 1 keer laten zien"
        ),
        "{text}"
    );
}

#[test]
fn input_ending_mid_dialogue_keeps_the_attempt_for_later() {
    let m = machine();
    let out = m.run(&["practice", "test-koffie", "--seed", "1"], &STRONG[..1]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "Je poging is bewaard. Ga later verder met: gesprekscoach practice test-koffie"
        )
    );
    let progress = stdout(&m.run(&["progress"], &[]));
    assert!(progress.contains("Nog niet afgemaakt"), "{progress}");
    assert!(progress.contains("  test-koffie"), "{progress}");
}

#[test]
fn killing_the_program_mid_dialogue_loses_nothing_and_the_attempt_resumes() {
    let m = machine();
    // A completed attempt first: it and its progress must survive the kill.
    let first = m.run(&["practice", "test-koffie"], &STRONG);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(saved_turns(&m), Some(3));

    let mut child = m.spawn(&["practice", "test-koffie", "--seed", "1"]);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", STRONG[0]).unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while saved_turns(&m) != Some(4) {
        assert!(Instant::now() < deadline, "the turn was never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no clean-up runs.
    child.wait().unwrap();
    drop(stdin);

    let out = m.run(&["practice", "test-koffie"], &STRONG[1..]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(
        text.contains(
            "Je gaat verder met je vorige poging (1 antwoord gegeven).\n\n\
             Bram Jansen: Aha. En waarmee kan ik u helpen?"
        ),
        "{text}"
    );
    assert!(text.contains(STRONG_SCORECARD), "{text}");
    assert_eq!(saved_turns(&m), Some(6));

    let progress = stdout(&m.run(&["progress"], &[]));
    assert!(
        progress.contains("Afgeronde gesprekken: 2, beste score: 100/100, laatste score: 100/100"),
        "{progress}"
    );
    assert!(!progress.contains("Nog niet afgemaakt"), "{progress}");
}

#[test]
fn a_dotenv_file_in_the_working_folder_configures_the_database_and_dialogues() {
    let m = machine();
    let fixtures = fixtures("dialogues");
    std::fs::write(
        m.dir.path().join(".env"),
        format!(
            "DATABASE_URL={}\nCOACH_DIALOGUES_DIR={}\n",
            m.database_url(),
            fixtures.display()
        ),
    )
    .unwrap();
    let mut child = m
        .command(&["practice", "test-koffie"])
        .env_remove("DATABASE_URL")
        .env_remove("COACH_DIALOGUES_DIR")
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{}", STRONG[0]).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Bram Jansen: Aha."),
        "{}",
        stdout(&out)
    );
    assert_eq!(saved_turns(&m), Some(1));
}

/// What the coach itself says around Dutch feedback and scorecards; none of
/// it may appear in an English conversation.
const DUTCH_FEEDBACK_WORDS: [&str; 10] = [
    "Goed:",
    "Let op",
    "Scorekaart",
    "niet beoordeeld",
    "Hints gebruikt",
    "De klant beantwoordde",
    "Je bent gestopt",
    "aan met \"u\"",
    "aan met \"je\"",
    "Jij:",
];

#[test]
fn an_english_dialogue_gets_english_feedback_and_an_english_scorecard() {
    let shipped = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    let m = Machine::new(shipped);
    let out = m.run(
        &[
            "practice",
            "verkoopgesprek-engels-hotelketen",
            "--seed",
            "2",
        ],
        &[
            // A greeting, then Dutch: a hit and a warning.
            "hi ik ben bas",
            "we have good bikes",
            // An own question the customer answers, and the range.
            "How far do your guests ride in a day? The range is about 80 km.",
            // A wrong amount: a tip.
            "1349 euro",
            "/hint",
            "/stop",
        ],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    for english in [
        "You: hi ik ben bas",
        "Good: \"hi\" – ",
        "Watch out: \"ik\" – ",
        "Tip: ",
        "== Scorecard: Sales call in English: e-bikes for a Danish hotel chain ==",
        "You stopped before the end; what you could still have shown counts as not shown.",
        ": not assessed",
        "Hints used: 1",
        "The customer answered your own questions about: how far the guests ride.",
        "Het gesprek is in het Engels.",
    ] {
        assert!(text.contains(english), "{english:?} missing in\n{text}");
    }
    for dutch in DUTCH_FEEDBACK_WORDS {
        assert!(
            !text.contains(dutch),
            "{dutch:?} in an English dialogue:\n{text}"
        );
    }
    // The werkproces heads its criteria by code: the dossier's title is Dutch
    // (the briefing, an instruction, keeps it).
    let card = text.split("== Scorecard").nth(1).unwrap_or_default();
    assert!(card.contains("\nP4-K2-W3\n  ["), "{card}");
    assert!(!card.contains("Voert een verkoopgesprek"), "{card}");
}
