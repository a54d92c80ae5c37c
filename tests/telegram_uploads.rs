//! Teachers' own dialogues through the real bot and the fake Bot API: a
//! teacher sends a `.toml` document, the bot downloads it (getFile + the file
//! route), checks it and runs its examples as `check`/`test` do, and offers
//! a valid file to her classes only; hostile files are refused while the bot
//! keeps answering everyone else.

mod common;

use common::fake_telegram::updates;
use common::telegram_harness::{
    ADMIN, DIALOGUE, Harness, STRONG_REPLIES, fixtures_dir, make_class, make_teacher,
    start_with_admin,
};
use gesprekscoach::dialogue::{Catalogue, MAX_FILE_BYTES, check_source};

const JUF: i64 = 9101;
const MEESTER: i64 = 9102;
const SANNE: i64 = 9201;
const DAAN: i64 = 9202;
const LOS: i64 = 9203;

const ID: &str = "eigen-koffie";
const TITLE: &str = "Eigen: koffie verkopen aan een installateur";
const AANBOD_V1: &str = "Zo'n veertig koppen per dag. Wat stelt u voor?";
const AANBOD_V2: &str = "Versie twee: zestig koppen. Wat stelt u voor?";

/// The fixture dialogue under another id and title: a teacher's own file.
fn own_dialogue() -> String {
    common::telegram_harness::own_dialogue(ID, TITLE)
}

/// `teacher` creates a class and `student` joins it.
async fn class_with(h: &Harness, teacher: i64, name: &str, student: i64) {
    let code = make_class(h, teacher, name).await;
    let joined = h.ask(student, &format!("/klas {code}")).await;
    assert!(joined.contains(name), "{joined}");
}

/// Two teachers with a class each (Sanne in the juf's, Daan in the meester's).
async fn school() -> Harness {
    let h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    make_teacher(&h, MEESTER).await;
    class_with(&h, JUF, "4C", SANNE).await;
    class_with(&h, MEESTER, "3B", DAAN).await;
    h
}

/// `user` sends `content` as a document called `name`; returns the answer.
async fn upload(h: &Harness, user: i64, name: &str, content: &[u8]) -> String {
    h.upload(user, name, content).await
}

async fn send_document(h: &Harness, user: i64, file_id: &str, name: &str, size: u64) -> String {
    let before = h.fake.sent_to(user).len();
    h.send(updates::file(user, file_id, name, size));
    let texts = h.fake.wait_for_texts(user, before + 1).await;
    texts[before].clone()
}

/// `user` starts a dialogue: waits for the briefing with the first line.
async fn practise(h: &Harness, user: i64, id: &str) -> String {
    let before = h.fake.sent_to(user).len();
    h.say(user, &format!("/oefen {id}"));
    let texts = h.fake.wait_for_texts(user, before + 1).await;
    texts[before].clone()
}

/// The `/oefen` menu's text for a user.
async fn menu(h: &Harness, user: i64) -> String {
    h.ask(user, "/oefen").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_uploads_a_dialogue_that_the_students_of_her_class_practise_and_others_do_not_see()
 {
    let mut h = school().await;

    let answer = upload(&h, JUF, &format!("{ID}.toml"), own_dialogue().as_bytes()).await;
    assert!(answer.contains("is goedgekeurd"), "{answer}");
    assert!(answer.contains(&format!("Id: {ID}")), "{answer}");
    assert!(answer.contains(&format!("Titel: {TITLE}")), "{answer}");
    assert!(answer.contains("Werkprocessen: P4-K2-W3"), "{answer}");
    assert!(
        answer.contains("Voorbeelden: 10 van de 10 geslaagd"),
        "the rule samples and example transcripts ran: {answer}"
    );
    assert_eq!(
        h.fake.downloads().len(),
        1,
        "downloaded through the file route"
    );

    // Sanne (the juf's class) sees it in the menu and practises it to the end.
    let list = menu(&h, SANNE).await;
    assert!(list.contains(TITLE), "{list}");
    let buttons = h.fake.sent_to(SANNE).pop().expect("menu").buttons();
    assert!(buttons.iter().any(|(_, data)| data == &format!("2:o:{ID}")));
    let briefing = practise(&h, SANNE, ID).await;
    assert!(briefing.contains("Koffiekoning"), "{briefing}");
    let before = h.fake.sent_to(SANNE).len();
    for (i, reply) in STRONG_REPLIES.iter().enumerate() {
        h.say(SANNE, reply);
        h.fake.wait_for_texts(SANNE, before + 1 + i).await;
    }
    let texts = h.fake.wait_for_texts(SANNE, before + 3).await;
    assert!(
        texts.iter().any(|t| t.contains("Score: 100")),
        "scorecard: {texts:?}"
    );

    // Daan (the meester's class) and a student without a class do not.
    for other in [DAAN, LOS] {
        let list = menu(&h, other).await;
        assert!(!list.contains(TITLE), "{list}");
        let refused = h.ask(other, &format!("/oefen {ID}")).await;
        assert!(refused.contains("bestaat niet"), "{refused}");
        h.send(updates::callback(other, &format!("o:{ID}")));
    }
    // The forged button starts nothing either.
    h.fake
        .wait_until(
            "old-button answers",
            std::time::Duration::from_secs(20),
            |f| f.texts_to(LOS).iter().any(|t| t.contains("knop")),
        )
        .await;
    let daan = h.fake.texts_to(DAAN);
    assert!(!daan.iter().any(|t| t.contains("Bram Jansen")), "{daan:?}");

    // The juf sees her own upload and can practise it herself.
    assert!(menu(&h, JUF).await.contains(TITLE));
    let mine = h.ask(JUF, "/mijndialogen").await;
    assert!(
        mine.contains(ID) && mine.contains("voor je klassen"),
        "{mine}"
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_errors_is_answered_with_the_same_lines_as_check() {
    let mut h = school().await;
    let broken = own_dialogue().replacen("goto = \"akkoord\"", "goto = \"akord\"", 1);

    let answer = upload(&h, JUF, &format!("{ID}.toml"), broken.as_bytes()).await;

    let catalogue = Catalogue::load_from_dir(&fixtures_dir()).expect("catalogue");
    let (_, problems) = check_source(&format!("{ID}.toml"), broken.as_bytes(), &catalogue);
    let error = problems.iter().find(|p| p.is_error()).expect("an error");
    assert!(error.line > 1);
    assert!(
        answer.contains(&error.to_string()),
        "the reply has check's line:column, message and hint:\n{answer}\nexpected:\n{error}"
    );
    assert!(answer.contains("tip: bedoel je 'akkoord'?"), "{answer}");
    assert!(answer.contains("niet geplaatst"), "{answer}");
    assert!(!menu(&h, SANNE).await.contains(TITLE));

    // A failing example is refused too, with test's explanation.
    let failing = own_dialogue().replacen("score = 100", "score = 40", 1);
    let answer = upload(&h, JUF, &format!("{ID}.toml"), failing.as_bytes()).await;
    assert!(answer.contains("voorbeelden is mislukt"), "{answer}");
    assert!(answer.contains("MISLUKT"), "{answer}");
    assert!(!menu(&h, SANNE).await.contains(TITLE));

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_files_are_refused_and_the_bot_keeps_answering_others() {
    let mut h = school().await;
    // Daan is mid-conversation while the juf sends hostile files.
    practise(&h, DAAN, DIALOGUE).await;

    // Too big by Telegram's own size: refused without downloading.
    let big = h.fake.add_file(b"x");
    let answer = send_document(&h, JUF, &big, "groot.toml", 5 * 1024 * 1024).await;
    assert!(answer.contains("te groot"), "{answer}");
    assert!(answer.contains("maximaal 256 KiB"), "{answer}");
    assert!(h.fake.downloads().is_empty(), "{:?}", h.fake.downloads());

    // Announced as small, actually big: the download stops at the limit.
    let padded = format!(
        "{}\n{}",
        own_dialogue(),
        "# opvulling\n".repeat(MAX_FILE_BYTES / 5)
    );
    let liar = h.fake.add_file_announcing(padded.as_bytes(), 2000);
    let answer = send_document(&h, JUF, &liar, "klein.toml", 2000).await;
    assert!(answer.contains("te groot"), "{answer}");

    // Not UTF-8 (saved as Latin-1).
    let mut latin1 = own_dialogue().into_bytes();
    let at = latin1.iter().position(|b| *b == b'B').expect("a B");
    latin1[at] = 0xE9;
    let answer = upload(&h, JUF, "latin1.toml", &latin1).await;
    assert!(answer.contains("geen geldige UTF-8"), "{answer}");
    assert!(
        answer.contains("sla het bestand op met de codering UTF-8"),
        "{answer}"
    );

    // Deeply nested arrays and tables.
    let deep = format!("x = {}1{}\n", "[".repeat(20_000), "]".repeat(20_000));
    let answer = upload(&h, JUF, "diep.toml", deep.as_bytes()).await;
    assert!(answer.contains("te diep genest"), "{answer}");
    let tables = format!("x = {}1{}\n", "{a = ".repeat(20_000), "}".repeat(20_000));
    let answer = upload(&h, JUF, "tabellen.toml", tables.as_bytes()).await;
    assert!(answer.contains("niet geplaatst"), "{answer}");

    // A regex that would compile to a huge program.
    let regex = own_dialogue().replacen(
        "keywords = [\"koffiekoning\"]",
        "regex = '(\\w{200}){200}'",
        1,
    );
    let answer = upload(&h, JUF, &format!("{ID}.toml"), regex.as_bytes()).await;
    assert!(answer.contains("ongeldige reguliere expressie"), "{answer}");

    // A webcare scenario is checked as one: this folder's catalogue lacks
    // its werkproces (tests/telegram_webcare_uploads.rs places one).
    let webcare = std::fs::read(fixtures_dir().join("../webcare/webcare-test.toml"))
        .expect("webcare fixture");
    let answer = upload(&h, JUF, "webcare-test.toml", &webcare).await;
    assert!(
        answer.contains("is niet geplaatst") && answer.contains("B1-K2-W3"),
        "{answer}"
    );

    // Not a .toml file at all.
    let answer = upload(&h, JUF, "dialoog.docx", b"PK\x03\x04").await;
    assert!(answer.contains("geen dialoogbestand"), "{answer}");

    // Daan's conversation went on undisturbed, and nothing was offered.
    let before = h.fake.sent_to(DAAN).len();
    h.say(DAAN, STRONG_REPLIES[0]);
    let texts = h.fake.wait_for_texts(DAAN, before + 1).await;
    assert!(
        texts[before].contains("waarmee kan ik u helpen"),
        "{texts:?}"
    );
    assert!(!menu(&h, SANNE).await.contains(TITLE));
    assert!(
        h.ask(JUF, "/mijndialogen")
            .await
            .contains("nog geen eigen dialogen")
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_sending_a_document_gets_the_usual_answer_and_nothing_is_downloaded() {
    let mut h = school().await;
    let answer = upload(&h, SANNE, &format!("{ID}.toml"), own_dialogue().as_bytes()).await;
    assert!(answer.contains("Ik kan alleen tekst lezen"), "{answer}");
    assert!(h.fake.downloads().is_empty());
    assert!(!menu(&h, SANNE).await.contains(TITLE));
    for command in ["/mijndialogen", "/verwijderdialoog x", "/publiceer x"] {
        let refused = h.ask(SANNE, command).await;
        assert!(
            refused.contains("alleen voor docenten"),
            "{command}: {refused}"
        );
    }
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_of_shipped_dialogues_and_of_other_teachers_are_refused() {
    let mut h = school().await;
    let shipped = own_dialogue().replacen(
        &format!("id = \"{ID}\""),
        &format!("id = \"{DIALOGUE}\""),
        1,
    );
    let answer = upload(&h, JUF, &format!("{DIALOGUE}.toml"), shipped.as_bytes()).await;
    assert!(answer.contains("bij de Gesprekscoach hoort"), "{answer}");

    let ok = upload(&h, JUF, &format!("{ID}.toml"), own_dialogue().as_bytes()).await;
    assert!(ok.contains("is goedgekeurd"), "{ok}");
    let answer = upload(
        &h,
        MEESTER,
        &format!("{ID}.toml"),
        own_dialogue().as_bytes(),
    )
    .await;
    assert!(answer.contains("andere docent"), "{answer}");
    assert!(!menu(&h, DAAN).await.contains(TITLE));

    // Neither can the meester remove it or publish it.
    let refused = h.ask(MEESTER, &format!("/verwijderdialoog {ID}")).await;
    assert!(refused.contains("geen eigen dialoog"), "{refused}");
    let refused = h.ask(MEESTER, &format!("/publiceer {ID}")).await;
    assert!(refused.contains("Alleen een beheerder"), "{refused}");
    assert!(menu(&h, SANNE).await.contains(TITLE));

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_publishes_an_upload_to_everyone_and_the_teacher_removes_it() {
    let mut h = school().await;
    upload(&h, JUF, &format!("{ID}.toml"), own_dialogue().as_bytes()).await;
    assert!(!menu(&h, DAAN).await.contains(TITLE));

    let published = h.ask(ADMIN, &format!("/publiceer {ID}")).await;
    assert!(published.contains("alle leerlingen"), "{published}");
    assert!(menu(&h, DAAN).await.contains(TITLE));
    assert!(menu(&h, LOS).await.contains(TITLE));
    assert!(h.ask(JUF, "/mijndialogen").await.contains("voor iedereen"));

    let back = h.ask(ADMIN, &format!("/depubliceer {ID}")).await;
    assert!(back.contains("weer alleen"), "{back}");
    assert!(!menu(&h, DAAN).await.contains(TITLE));

    let removed = h.ask(JUF, &format!("/verwijderdialoog {ID}")).await;
    assert!(removed.contains("is verwijderd"), "{removed}");
    assert!(!menu(&h, SANNE).await.contains(TITLE));
    assert!(
        h.ask(SANNE, &format!("/oefen {ID}"))
            .await
            .contains("bestaat niet")
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_survives_a_restart_and_a_new_version_leaves_running_attempts_on_the_old_one() {
    let mut h = school().await;
    upload(&h, JUF, &format!("{ID}.toml"), own_dialogue().as_bytes()).await;

    // Sanne starts on version 1 and answers the opening.
    practise(&h, SANNE, ID).await;
    let before = h.fake.sent_to(SANNE).len();
    h.say(SANNE, STRONG_REPLIES[0]);
    h.fake.wait_for_texts(SANNE, before + 1).await;

    // The juf uploads version 2 with another customer line.
    let v2 = own_dialogue().replacen(AANBOD_V1, AANBOD_V2, 1);
    let answer = upload(&h, JUF, &format!("{ID}.toml"), v2.as_bytes()).await;
    assert!(answer.contains("vervangt je vorige versie"), "{answer}");

    // Restart: the upload is still offered, and Sanne's attempt goes on with
    // version 1 (read back from the database).
    h.stop().await;
    h.start_with_admin().await;
    assert!(menu(&h, SANNE).await.contains(TITLE));
    let before = h.fake.sent_to(SANNE).len();
    h.say(SANNE, STRONG_REPLIES[1]);
    let texts = h.fake.wait_for_texts(SANNE, before + 1).await;
    assert!(texts[before].contains(AANBOD_V1), "{}", texts[before]);
    h.say(SANNE, STRONG_REPLIES[2]);
    h.fake.wait_for_texts(SANNE, before + 2).await;

    // A new attempt runs on version 2.
    practise(&h, SANNE, ID).await;
    let before = h.fake.sent_to(SANNE).len();
    h.say(SANNE, STRONG_REPLIES[0]);
    h.say(SANNE, STRONG_REPLIES[1]);
    let texts = h.fake.wait_for_texts(SANNE, before + 2).await;
    assert!(texts[before + 1].contains(AANBOD_V2), "{texts:?}");

    let pool = h.pool().await;
    let versions: Vec<(String, String)> =
        sqlx::query_as("SELECT dialogue_id, status FROM uploaded_dialogues ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        versions,
        vec![
            (ID.to_string(), "replaced".to_string()),
            (ID.to_string(), "current".to_string())
        ]
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_can_place_at_most_thirty_versions_a_day() {
    let mut h = school().await;
    let file = own_dialogue();
    for n in 1..=30 {
        let answer = upload(&h, JUF, &format!("{ID}.toml"), file.as_bytes()).await;
        assert!(answer.contains("is goedgekeurd"), "version {n}: {answer}");
    }
    let answer = upload(&h, JUF, &format!("{ID}.toml"), file.as_bytes()).await;
    assert!(answer.contains("maximum per dag"), "{answer}");
    // The 30th version is still on offer.
    assert!(menu(&h, SANNE).await.contains(TITLE));
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_can_be_assigned_to_the_owners_class_only_and_the_push_starts_it() {
    let mut h = school().await;
    upload(&h, JUF, &format!("{ID}.toml"), own_dialogue().as_bytes()).await;

    let refused = h.ask(MEESTER, &format!("/opdracht 3B {ID}")).await;
    assert!(
        refused.contains(&format!("'{ID}' ken ik niet")),
        "{refused}"
    );

    let reply = h.ask(JUF, &format!("/opdracht 4C {ID}")).await;
    assert!(reply.contains("klas 4C"), "{reply}");
    h.fake
        .wait_until("the push", std::time::Duration::from_secs(20), |f| {
            f.texts_to(SANNE)
                .iter()
                .any(|t| t.contains("Nieuwe opdracht"))
        })
        .await;
    let push = h
        .fake
        .sent_to(SANNE)
        .into_iter()
        .find(|r| r.text().is_some_and(|t| t.contains("Nieuwe opdracht")))
        .expect("push");
    assert!(push.text().unwrap_or_default().contains(TITLE), "{push:?}");
    let (_, data) = push.buttons().first().cloned().expect("start button");
    let before = h.fake.sent_to(SANNE).len();
    h.send(updates::callback(SANNE, &data));
    let texts = h.fake.wait_for_texts(SANNE, before + 1).await;
    assert!(texts[before].contains(TITLE), "{texts:?}");

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialogue_saved_elsewhere_while_the_bot_runs_is_offered_without_a_restart() {
    let mut h = school().await;
    assert!(!menu(&h, SANNE).await.contains(TITLE));

    // The dashboard's editor (or a second instance) stores a version; the
    // running bot has never seen it.
    let store = gesprekscoach::store::open(&h.database_url())
        .await
        .expect("store");
    let new = gesprekscoach::store::uploads::NewUpload {
        dialogue_id: ID.to_string(),
        kind: gesprekscoach::store::uploads::UploadKind::Dialogue,
        owner_id: JUF,
        title: TITLE.to_string(),
        file_name: format!("{ID}.toml"),
        source: own_dialogue(),
    };
    use gesprekscoach::store::prelude::*;
    store
        .write(move |tx| {
            let new = new.clone();
            Box::pin(async move { tx.insert_upload(&new).await })
        })
        .await
        .expect("saved");

    assert!(menu(&h, SANNE).await.contains(TITLE), "offered at once");
    assert!(
        !menu(&h, DAAN).await.contains(TITLE),
        "not to another class"
    );
    let briefing = practise(&h, SANNE, ID).await;
    assert!(briefing.contains("Koffiekoning"), "{briefing}");

    // Taken off the offer elsewhere: gone from the menu too.
    store
        .write(|tx| Box::pin(async move { tx.remove_upload(ID).await }))
        .await
        .expect("removed");
    assert!(!menu(&h, SANNE).await.contains(TITLE));
    h.stop().await;
    h.fake.assert_valid();
}
