//! Webcare shifts through the real binary: `practice <scenario-id>` with
//! piped input (simulated clock: a minute per reply), a restart in the middle
//! of a shift, the reflection in the real SQLite file, and `check`/`test` on
//! the shipped scenarios.

mod common;

use std::path::PathBuf;

use common::machine::{Machine, stdout};

fn fixtures() -> PathBuf {
    common::fixtures::fixture("webcare")
}

fn machine() -> Machine {
    Machine::new(fixtures())
}

/// A text column of the machine's database.
fn query(m: &Machine, sql: &str) -> Option<String> {
    m.scalar(sql)
}

/// Replies to the fixture shift; with a minute per reply the clock stands at
/// 60, 90 (escalation), 150, 210, 270.
const SHIFT: [&str; 5] = [
    "Sorry! Stuur je een DM? ^Sam",
    "/escaleer",
    "@2 Sorry, dit is ernstig. Mijn teamleider belt je vandaag ^Sam",
    "Dank voor je review ^Sam",
    "Dank, gevonden ^Sam",
];
const REFLECTION: &str = "De onveilige speelgoedpost had ik eerst moeten doen.";

const SCORE: &str =
    "Score: 91/100 (inhoud 100, reactietijd 75, escaleren 100, triage 50, toon 100, privacy 100)";

#[test]
fn a_piped_shift_interleaves_arrivals_with_replies_and_scores_time_and_triage() {
    let m = machine();
    let mut lines = SHIFT.to_vec();
    lines.push(REFLECTION);
    let out = m.run(&["practice", "webcare-test"], &lines);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The safety post arrives (at 0:30) while the first reply is being typed,
    // the review at 1:30 during the escalation, the DM follow-up at 2:30.
    let order = [
        "#1 Instagram · openbare reactie · @klant\nMijn pakket is te laat!",
        "Jij (#1): Sorry! Stuur je een DM? ^Sam",
        "#2 Facebook · openbare post · Bezorgde Ouder",
        "Geplaatst: je reactie op #1 (na 1:00 min).",
        "#3 Trustpilot · openbare review · Tevreden Klant",
        "Je hebt #2 doorgezet naar een collega",
        "Jij (#2): Sorry, dit is ernstig.",
        "#4 Instagram · privébericht · @klant\nMijn ordernummer is 123.",
        "Geplaatst: je reactie op #2 (na 2:00 min).",
        "Jij (#3): Dank voor je review ^Sam",
        "Jij (#4): Dank, gevonden ^Sam",
        SCORE,
        "Kijk terug op je dienst",
        "Dank je! Je reflectie is opgeslagen.",
    ];
    let mut from = 0;
    for part in order {
        let at = text[from..]
            .find(part)
            .unwrap_or_else(|| panic!("missing or out of order: {part}\n{text}"));
        from += at + part.len();
    }
    assert!(
        text.contains("Reactietijd: 2:00 min (streeftijd 1:00 min) – te laat"),
        "{text}"
    );
    assert!(
        text.contains("Escaleren: terecht een collega ingeschakeld."),
        "{text}"
    );
    assert!(
        text.contains("#2 had meer impact of haast en had vóór #1 beantwoord moeten worden."),
        "{text}"
    );
    assert!(text.contains("[x] Schat de impact in (triage)"), "{text}");
    // The angry follow-up only comes after a dismissive reply.
    assert!(!text.contains("Wat een service"), "{text}");

    assert_eq!(
        query(&m, "SELECT reflection FROM shifts").as_deref(),
        Some(REFLECTION)
    );
    assert_eq!(
        query(&m, "SELECT status FROM shifts").as_deref(),
        Some("completed")
    );
    let progress = stdout(&m.run(&["progress"], &[]));
    assert!(
        progress.contains("B1-K2-W3 Voert webcare uit"),
        "{progress}"
    );
    assert!(progress.contains("laatste score: 91/100"), "{progress}");
    assert!(
        progress.contains("Webcarediensten (nieuwste eerst)\n  Test: een korte webcaredienst ("),
        "{progress}"
    );
    assert!(
        progress.contains(&format!("): 91/100\n    Reflectie: {REFLECTION}")),
        "{progress}"
    );
}

#[test]
fn a_restart_in_the_middle_of_a_shift_continues_with_the_schedule_intact() {
    let m = machine();
    let first = stdout(&m.run(&["practice", "webcare-test"], &SHIFT[..2]));
    assert!(
        first.contains(
            "Je dienst is bewaard. Ga later verder met: gesprekscoach practice webcare-test"
        ),
        "{first}"
    );
    assert!(!first.contains("#4 "), "the DM is not due yet\n{first}");

    let mut rest = SHIFT[2..].to_vec();
    rest.push(REFLECTION);
    let second = stdout(&m.run(&["practice", "webcare-test"], &rest));
    assert!(
        second.contains("Je gaat verder met je dienst. Open berichten: 2."),
        "{second}"
    );
    // Same numbers, same clock: the result equals an uninterrupted shift.
    assert!(
        second.contains("#4 Instagram · privébericht · @klant"),
        "{second}"
    );
    assert!(second.contains(SCORE), "{second}");
    assert!(
        !second.contains("== Test: een korte webcaredienst =="),
        "no new briefing\n{second}"
    );
}

#[test]
fn a_shift_stopped_before_the_reflection_asks_for_it_next_time() {
    let m = machine();
    let out = stdout(&m.run(&["practice", "webcare-test"], &SHIFT));
    assert!(out.contains("Je reflectie ontbreekt nog."), "{out}");
    let again = stdout(&m.run(&["practice", "webcare-test"], &[REFLECTION]));
    assert!(again.contains("Kijk terug op je dienst"), "{again}");
    assert!(
        again.contains("Dank je! Je reflectie is opgeslagen."),
        "{again}"
    );
    assert_eq!(
        query(&m, "SELECT reflection FROM shifts").as_deref(),
        Some(REFLECTION)
    );
}

#[test]
fn stop_ends_the_shift_with_a_report_and_no_progress() {
    let m = machine();
    let out = stdout(&m.run(
        &["practice", "webcare-test"],
        &["/hint", "/stop", "Te druk vandaag."],
    ));
    assert!(
        out.contains("Hint bij #1: Zeg sorry en vraag om een DM."),
        "{out}"
    );
    assert!(out.contains("Je bent voor het einde gestopt."), "{out}");
    assert!(
        out.contains("Niet beantwoord (streeftijd 2:00 min)."),
        "{out}"
    );
    assert_eq!(
        query(&m, "SELECT status FROM shifts").as_deref(),
        Some("stopped")
    );
    let progress = stdout(&m.run(&["progress"], &[]));
    assert!(progress.contains("nog geen gesprek afgerond"), "{progress}");
}

#[test]
fn a_shift_stopped_before_any_answer_scores_zero_and_meets_no_criterion() {
    let m = machine();
    let out = stdout(&m.run(
        &["practice", "webcare-test"],
        &["/stop", "Te druk vandaag."],
    ));
    // Nothing to reflect on: no question, and the next line is not stored;
    // the teacher's overview says none was asked rather than "not yet".
    assert!(!out.contains("Kijk terug op je dienst"), "{out}");
    assert_eq!(query(&m, "SELECT reflection FROM shifts"), None);
    let overview = stdout(&m.run(&["reflecties"], &[]));
    assert!(
        overview.contains("Reflectie: niet gevraagd: gestopt vóór de eerste reactie"),
        "{overview}"
    );
    assert!(
        out.contains("Score: 0/100: je hebt geen enkel bericht beantwoord of doorgezet."),
        "{out}"
    );
    let report = &out[out.find("== Verslag").expect("a report")..];
    assert!(!report.contains("[v]"), "{report}");
    assert!(
        report.contains("[x] Volgt en beantwoordt alle kanalen"),
        "{report}"
    );
}

#[test]
fn a_shift_stopped_after_an_answer_takes_the_reflection_like_a_finished_one() {
    let m = machine();
    let out = stdout(&m.run(&["practice", "webcare-test"], &[SHIFT[0], "/stop", "/stop"]));
    assert!(out.contains("Je bent voor het einde gestopt."), "{out}");
    assert!(out.contains("Kijk terug op je dienst"), "{out}");
    // The /stop after the report leaves the reflection for later.
    assert!(out.contains("Je reflectie ontbreekt nog."), "{out}");
    assert_eq!(query(&m, "SELECT reflection FROM shifts"), None);

    // The next run asks for it again and stores it with the stopped shift.
    let again = stdout(&m.run(&["practice", "webcare-test"], &[REFLECTION]));
    assert!(again.contains("Kijk terug op je dienst"), "{again}");
    assert!(
        again.contains("Dank je! Je reflectie is opgeslagen."),
        "{again}"
    );
    assert!(
        !again.contains("== Test: een korte webcaredienst =="),
        "{again}"
    );
    assert_eq!(
        query(&m, "SELECT status || ': ' || reflection FROM shifts").as_deref(),
        Some(format!("stopped: {REFLECTION}").as_str())
    );
    let progress = stdout(&m.run(&["progress"], &[]));
    assert!(
        progress.contains(", gestopt): ") && progress.contains(&format!("Reflectie: {REFLECTION}")),
        "{progress}"
    );
}

#[test]
fn a_command_after_the_report_is_never_stored_as_the_reflection() {
    let m = machine();
    let mut lines = SHIFT.to_vec();
    lines.extend(["/stop"]);
    let out = stdout(&m.run(&["practice", "webcare-test"], &lines));
    assert!(out.contains("Je reflectie ontbreekt nog."), "{out}");
    assert_eq!(query(&m, "SELECT reflection FROM shifts"), None);

    let again = stdout(&m.run(&["practice", "webcare-test"], &["/hint", REFLECTION]));
    assert!(
        again.contains("Typ je reflectie in een paar zinnen, of /stop om hem later te geven."),
        "{again}"
    );
    assert_eq!(
        query(&m, "SELECT reflection FROM shifts").as_deref(),
        Some(REFLECTION)
    );
}

#[test]
fn the_shipped_scenarios_pass_check_and_test() {
    let dialogues = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    let scenarios: Vec<PathBuf> = std::fs::read_dir(&dialogues)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("webcare-")
        })
        .collect();
    assert!(scenarios.len() >= 3, "{scenarios:?}");
    let m = machine();
    for path in scenarios {
        let path = path.to_str().unwrap();
        let check = m.run_in(&dialogues, &["check", path], &[]);
        assert!(check.status.success(), "{}", stdout(&check));
        let test = m.run_in(&dialogues, &["test", path], &[]);
        let text = stdout(&test);
        assert!(test.status.success(), "{text}");
        assert!(text.ends_with(" geslaagd, 0 mislukt\n"), "{text}");
    }
}

#[test]
fn check_reports_a_broken_scenario_at_its_line_and_column() {
    let m = machine();
    let fixture = std::fs::read_to_string(fixtures().join("webcare-test.toml")).unwrap();
    let broken = fixture.replace("channel = \"post\"", "channel = \"poster\"");
    let line = broken
        .lines()
        .position(|l| l.contains("\"poster\""))
        .unwrap()
        + 1;
    let path = m.dir.path().join("webcare-test.toml");
    std::fs::write(&path, broken).unwrap();
    let out = m.run(&["check", path.to_str().unwrap()], &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "webcare-test.toml:{line}:11: fout: 'channel' moet een van \"post\", \"reactie\", \"review\", \"dm\" zijn, maar is 'poster'"
        )),
        "{text}"
    );
}

#[test]
fn an_english_shift_reports_in_english() {
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    let m = Machine::new(shipped);
    let out = m.run(
        &["practice", "webcare-fietsverhuur-engels"],
        &[
            "Hi Ben, we're really sorry your day was ruined. Could you send us a DM with your booking number? ^Sam",
            // A public question answered without a signature: a tone remark.
            "Yes, there is bike parking at Stationsplein.",
            "/stop",
            "Next time I'll look at the accident first.",
        ],
    );
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for english in [
        "#1 Google · public review · Ben Carter",
        "You (#1): Hi Ben",
        "== Report of your shift: Webcare in English: a busy Saturday at a bike rental ==",
        "You stopped before the end.",
        "(content ",
        "Per message:",
        "(impact medium, urgency medium)",
        "Response time: 1:00 min (target 5:00 min) – on time",
        "Good: \"sorry\" – you apologise straight away.",
        "Tone: sign with ^ and your name.",
        "Behaviour (B1-K2-W3):",
        "Judges the impact (triage)",
    ] {
        assert!(text.contains(english), "{english:?} missing in\n{text}");
    }
    for dutch in [
        "Verslag van je dienst",
        "Reactietijd",
        "streeftijd",
        "Gemist",
        "Goed:",
        "Let op",
        "openbare",
        "urgentie",
        "Toon:",
        "spreek klanten aan met",
        "Jij",
    ] {
        assert!(
            !text.contains(dutch),
            "{dutch:?} in an English shift:\n{text}"
        );
    }
    // The dossier's Dutch werkproces title and Gedrag lines stay in the
    // briefing (an instruction), not in the report.
    let report = text
        .split("== Report of your shift")
        .nth(1)
        .unwrap_or_default();
    for dossier in ["Voert webcare uit", "volgt zorgvuldig de richtlijnen"] {
        assert!(!report.contains(dossier), "{dossier:?} in:\n{report}");
    }
}
