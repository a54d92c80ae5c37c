//! Teachers' own webcare shifts through the real bot and the fake Bot API:
//! a teacher sends a webcare scenario (`type = "webcare"`) as a document;
//! it is checked and its example shifts run as for a dialogue, stored as a
//! version and offered by `/webcare` to her classes only (everyone once an
//! admin publishes it). A shift that began on one version runs on it to the
//! end, also across a restart, when the teacher sends a new version.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::telegram_harness::{ADMIN, Harness, make_class, make_teacher};
use gesprekscoach::telegram::{ShiftClock, TelegramConfig};

const JUF: i64 = 9301;
const MEESTER: i64 = 9302;
const SANNE: i64 = 9401;
const DAAN: i64 = 9402;

const ID: &str = "dienst-eigen";
const TITLE: &str = "Eigen: een drukke dienst";
const SHIPPED: &str = "webcare-test";
const GEVAAR_V1: &str = "Het speelgoed van Testwinkel is bij ons kapotgegaan";
const GEVAAR_V2: &str = "Versie twee: de speelgoedauto is kapot";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/webcare/webcare-test.toml"))
        .expect("webcare fixture")
}

/// The fixture scenario under the teacher's own id and title.
fn own_scenario() -> String {
    fixture()
        .replacen(&format!("id = \"{SHIPPED}\""), &format!("id = \"{ID}\""), 1)
        .replacen(
            "title = \"Test: een korte webcaredienst\"",
            &format!("title = \"{TITLE}\""),
            1,
        )
}

/// A school's dialogues folder: the dossier's catalogue (it knows the
/// webcare werkproces), the shipped webcare fixture and a dialogue.
fn folder(h: &Harness) -> PathBuf {
    let dir = h.dir.path().join("dialogues");
    std::fs::create_dir_all(&dir).expect("folder");
    for (from, name) in [
        (
            root().join("dialogues/werkprocessen.toml"),
            "werkprocessen.toml",
        ),
        (
            root().join("tests/fixtures/webcare/webcare-test.toml"),
            "webcare-test.toml",
        ),
        (
            root().join("tests/fixtures/dialogues/test-koffie.toml"),
            "test-koffie.toml",
        ),
    ] {
        std::fs::copy(from, dir.join(name)).expect("copy");
    }
    dir
}

fn config(h: &Harness, clock: &ShiftClock) -> TelegramConfig {
    let mut c = h.config();
    c.dialogues_dir = folder(h);
    c.admin_ids = vec![ADMIN];
    c.shift_clock = clock.clone();
    c.shift_tick = Duration::from_millis(20);
    c
}

/// Waits until a text sent to `user` contains `part`; returns all texts.
async fn wait_text(h: &Harness, user: i64, part: &str) -> Vec<String> {
    h.fake
        .wait_until(
            &format!("a message to {user} with {part:?}"),
            Duration::from_secs(20),
            |f| f.texts_to(user).iter().any(|t| t.contains(part)),
        )
        .await;
    h.fake.texts_to(user)
}

/// The `/webcare` list's buttons for `user`.
async fn shift_buttons(h: &Harness, user: i64) -> Vec<(String, String)> {
    let answer = h.ask(user, "/webcare").await;
    assert!(answer.contains("Kies een webcaredienst"), "{answer}");
    h.fake.sent_to(user).pop().expect("list").buttons()
}

/// Two teachers with a class each (Sanne in the juf's, Daan in the meester's).
async fn school(clock: &ShiftClock) -> Harness {
    let mut h = Harness::new().await;
    let c = config(&h, clock);
    h.start_with(c).await;
    make_teacher(&h, JUF).await;
    make_teacher(&h, MEESTER).await;
    for (teacher, class, student) in [(JUF, "4C", SANNE), (MEESTER, "3B", DAAN)] {
        let code = make_class(&h, teacher, class).await;
        let joined = h.ask(student, &format!("/klas {code}")).await;
        assert!(joined.contains(class), "{joined}");
    }
    h
}

fn clock() -> ShiftClock {
    let start: DateTime<Utc> = DateTime::from_timestamp(1_900_000_000, 0).expect("time");
    ShiftClock::manual(start)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teachers_webcare_shift_is_checked_stored_and_offered_to_her_class_only() {
    let clock = clock();
    let mut h = school(&clock).await;

    // The shipped shift is a template to adapt.
    let before = h.fake.sent_to(JUF).len();
    h.say(JUF, &format!("/sjabloon {SHIPPED}"));
    h.fake.wait_for_texts(JUF, before + 1).await;
    let sent = h.fake.sent_to(JUF)[before].clone();
    let (name, bytes) = sent.file("document").expect("the webcare file");
    assert_eq!(name, format!("{SHIPPED}.toml"));
    assert_eq!(bytes, fixture().into_bytes());

    let answer = h
        .upload(JUF, &format!("{ID}.toml"), own_scenario().as_bytes())
        .await;
    assert!(answer.contains("is goedgekeurd"), "{answer}");
    let own = h.ask(JUF, &format!("/sjabloon {ID}")).await;
    assert!(own.contains("is je eigen oefening"), "{own}");
    assert!(answer.contains(&format!("Id: {ID}")), "{answer}");
    assert!(answer.contains("Soort: webcaredienst"), "{answer}");
    // Every rule sample and the example shift ran and passed.
    let ran = answer
        .split_once("Voorbeelden: ")
        .and_then(|(_, rest)| rest.split_once(" geslaagd"))
        .map(|(counts, _)| counts.to_string())
        .unwrap_or_default();
    let (passed, of) = ran.split_once(" van de ").unwrap_or(("", "?"));
    assert!(
        passed == of && passed.parse::<u32>().is_ok_and(|n| n > 1),
        "{answer}"
    );
    assert!(answer.contains(&format!("/webcare {ID}")), "{answer}");

    // Sanne (the juf's class) gets it in the /webcare list next to the
    // shipped shift; Daan (the meester's) only gets the shipped one.
    let sanne = shift_buttons(&h, SANNE).await;
    assert!(
        sanne.contains(&(format!("{TITLE} (van je docent)"), format!("2:ws:{ID}"))),
        "{sanne:?}"
    );
    assert!(sanne.iter().any(|(_, d)| d == &format!("2:ws:{SHIPPED}")));
    let daan = shift_buttons(&h, DAAN).await;
    assert!(!daan.iter().any(|(_, d)| d.contains(ID)), "{daan:?}");
    let refused = h.ask(DAAN, &format!("/webcare {ID}")).await;
    assert!(
        refused.contains(&format!("Er is geen webcaredienst '{ID}'")),
        "{refused}"
    );

    // Sanne starts it with the button and gets its first post.
    h.send(common::fake_telegram::updates::callback(
        SANNE,
        &format!("2:ws:{ID}"),
    ));
    let texts = wait_text(&h, SANNE, "Mijn pakket is te laat!").await;
    assert!(
        texts.iter().any(|t| t.contains(&format!("== {TITLE} =="))),
        "{texts:?}"
    );

    // The teacher's list, the admin's publishing and the removal treat it
    // as they treat a dialogue.
    let mine = h.ask(JUF, "/mijndialogen").await;
    assert!(
        mine.contains(&format!("{ID} – {TITLE} (webcaredienst, voor je klassen)")),
        "{mine}"
    );
    let published = h.ask(ADMIN, &format!("/publiceer {ID}")).await;
    assert!(
        published.contains(&format!(
            "De webcaredienst '{ID}' staat nu voor alle leerlingen klaar in /webcare"
        )),
        "{published}"
    );
    let daan = shift_buttons(&h, DAAN).await;
    assert!(
        daan.iter().any(|(_, d)| d == &format!("2:ws:{ID}")),
        "{daan:?}"
    );
    let taken = h.ask(MEESTER, &format!("/verwijderdialoog {ID}")).await;
    assert!(taken.contains("Je hebt geen eigen dialoog"), "{taken}");
    let removed = h.ask(JUF, &format!("/verwijderdialoog {ID}")).await;
    assert!(
        removed.contains(&format!("De webcaredienst '{ID}' is verwijderd")),
        "{removed}"
    );
    let daan = shift_buttons(&h, DAAN).await;
    assert!(!daan.iter().any(|(_, d)| d.contains(ID)), "{daan:?}");

    let pool = h.pool().await;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT dialogue_id, kind, status FROM uploaded_dialogues ORDER BY id")
            .fetch_all(&pool)
            .await
            .expect("rows");
    assert_eq!(
        rows,
        [(ID.to_string(), "webcare".to_string(), "removed".to_string())]
    );
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webcare_file_with_a_failing_example_or_a_shipped_id_is_refused() {
    let clock = clock();
    let mut h = school(&clock).await;

    // The example shift expects a score the answers do not earn.
    let failing = own_scenario().replacen("score = 100", "score = 40", 1);
    let answer = h
        .upload(JUF, &format!("{ID}.toml"), failing.as_bytes())
        .await;
    assert!(
        answer.contains(&format!("❌ '{ID}.toml' is niet geplaatst")) && answer.contains("mislukt"),
        "{answer}"
    );

    // An error is shown at its line, as `check` does.
    let broken = own_scenario().replacen("channel = \"reactie\"", "channel = \"fax\"", 1);
    let answer = h
        .upload(JUF, &format!("{ID}.toml"), broken.as_bytes())
        .await;
    assert!(answer.contains("niet geplaatst: 1 fout"), "{answer}");
    assert!(answer.contains(&format!("{ID}.toml:")), "{answer}");

    // The shipped shift's id is not the teacher's to take.
    let answer = h
        .upload(JUF, &format!("{SHIPPED}.toml"), fixture().as_bytes())
        .await;
    assert!(
        answer.contains(&format!("De id '{SHIPPED}' is al van een oefening die bij")),
        "{answer}"
    );
    let pool = h.pool().await;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploaded_dialogues")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(stored, 0);
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_keeps_its_version_after_a_new_one_is_sent_and_a_restart() {
    let clock = clock();
    let mut h = school(&clock).await;
    h.upload(JUF, &format!("{ID}.toml"), own_scenario().as_bytes())
        .await;

    // Sanne starts on version 1: the first post arrives at once.
    h.say(SANNE, &format!("/webcare {ID}"));
    wait_text(&h, SANNE, "Mijn pakket is te laat!").await;

    // The juf sends version 2, whose second post reads differently.
    let v2 = own_scenario().replacen(GEVAAR_V1, GEVAAR_V2, 1);
    let answer = h.upload(JUF, &format!("{ID}.toml"), v2.as_bytes()).await;
    assert!(answer.contains("vervangt je vorige versie"), "{answer}");

    // Restart, then 0:30 passes: Sanne's shift delivers version 1's post.
    h.stop().await;
    let c = config(&h, &clock);
    h.start_with(c).await;
    clock.advance(30);
    let texts = wait_text(&h, SANNE, "📢 #2 Facebook").await;
    let post = texts
        .iter()
        .find(|t| t.contains("📢 #2"))
        .expect("second post");
    assert!(post.contains(GEVAAR_V1), "{post}");
    assert!(!texts.iter().any(|t| t.contains(GEVAAR_V2)), "{texts:?}");

    // A shift started now runs on version 2.
    h.say(SANNE, "/stop");
    wait_text(&h, SANNE, "== Verslag van je dienst").await;
    let before = h.fake.texts_to(SANNE).len();
    h.say(SANNE, &format!("/webcare {ID}"));
    h.fake
        .wait_until(
            "the second shift's first post",
            Duration::from_secs(20),
            |f| {
                f.texts_to(SANNE)[before..]
                    .iter()
                    .any(|t| t.contains("Mijn pakket is te laat!"))
            },
        )
        .await;
    clock.advance(30);
    h.fake
        .wait_until("version 2's post", Duration::from_secs(20), |f| {
            f.texts_to(SANNE)[before..]
                .iter()
                .any(|t| t.contains(GEVAAR_V2))
        })
        .await;

    let pool = h.pool().await;
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT l.shift_id, u.source FROM uploaded_scenario_shifts l \
         JOIN uploaded_dialogues u ON u.id = l.version_id ORDER BY l.shift_id",
    )
    .fetch_all(&pool)
    .await
    .expect("links");
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0].1.contains(GEVAAR_V1) && links[1].1.contains(GEVAAR_V2));
    h.stop().await;
    h.fake.assert_valid();
}
