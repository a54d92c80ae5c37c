//! The dashboard's dialogue editor through the real server over a real
//! SQLite file (HTTP with reqwest; the browser test drives the same pages
//! with script): check with line and column, the file's examples, the
//! playable preview whose state lives in the form, and saving as an upload
//! under the same rules as a Telegram upload.

mod common;

use common::dashboard::*;
use gesprekscoach::store::UploadId;
use gesprekscoach::store::prelude::*;
use reqwest::StatusCode;
use reqwest::header;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Logs in with a fresh link: the cookie and the CSRF token of the session.
async fn teacher_session(
    school: &School,
    base: &str,
    config: &gesprekscoach::web::WebConfig,
    user: i64,
) -> (String, String) {
    let link = login_link(school, config, user).await;
    let token = link.rsplit('/').next().expect("token").to_string();
    let response = client()
        .post(format!("{base}/inloggen"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ASCII")
        .split(';')
        .next()
        .expect("pair")
        .to_string();
    let (_, editor) = get(base, "/editor", &cookie).await;
    let csrf = input_value(&editor, "csrf").expect("the editor carries the CSRF token");
    (cookie, csrf)
}

async fn get(base: &str, path: &str, cookie: &str) -> (StatusCode, String) {
    let response = client()
        .get(format!("{base}{path}"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .expect("request");
    (response.status(), response.text().await.expect("body"))
}

async fn post(base: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let response = client()
        .post(format!("{base}{path}"))
        .header(header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .expect("request");
    (response.status(), response.text().await.expect("body"))
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_check_names_a_mistake_in_dutch_at_its_line_and_column_for_the_script_and_the_page() {
    let school = school().await;
    let (base, config) = serve(&school).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    // A misspelt key in the second step.
    let source = own_dialogue("koffie-eigen").replacen(
        "  behaviour = \"vraagt-koppen\"",
        "  behavior = \"vraagt-koppen\"",
        1,
    );
    let line = line_of(&source, "behavior = ");

    let response = client()
        .post(format!("{base}/editor/controleer"))
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT, "application/json")
        .form(&[("csrf", csrf.as_str()), ("bron", source.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let answer: serde_json::Value = response.json().await.expect("json");
    let problems = answer["problems"].as_array().expect("problems");
    let at_line: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["line"] == line && p["error"] == true)
        .collect();
    assert!(!at_line.is_empty(), "{answer}");
    assert_eq!(at_line[0]["column"], 3, "{answer}");
    let message = at_line[0]["message"].as_str().unwrap_or("");
    assert!(message.contains("behavior"), "{answer}");
    assert!(answer["errors"].as_u64().unwrap_or(0) >= 1, "{answer}");

    // The same through the form, without script: the page lists it and
    // marks the line in the gutter. CRLF from the browser changes nothing.
    let crlf = source.replace('\n', "\r\n");
    let (status, page) = post(
        &base,
        "/editor/controleer",
        &cookie,
        &[("csrf", &csrf), ("bron", &crlf)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("Regel {line}, kolom 3")), "{page}");
    // The mark's tooltip carries the message (as escaped in an attribute).
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(
        page.contains(&format!(
            "<span class=\"fout\" title=\"fout: {escaped}\">{line} ✗</span>"
        )),
        "{page}"
    );
    // The text comes back as it was sent (escaped), for the next change.
    assert!(
        page.contains("behavior = &quot;vraagt-koppen&quot;"),
        "{page}"
    );

    // A good file: no problems.
    let (status, page) = post(
        &base,
        "/editor/controleer",
        &cookie,
        &[("csrf", &csrf), ("bron", &own_dialogue("koffie-eigen"))],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Geen fouten of waarschuwingen"), "{page}");

    // Without the session's token (another site's form): refused.
    for form in [
        vec![("bron", source.as_str())],
        vec![("csrf", "0000"), ("bron", source.as_str())],
    ] {
        let (status, _) = post(&base, "/editor/controleer", &cookie, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // Without a session: the login page.
    let (status, _) = post(
        &base,
        "/editor/controleer",
        "coach_sessie=x",
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editor_starts_from_a_shipped_dialogue_and_serves_its_script_as_a_file_not_inline() {
    let school = school().await;
    let (base, config) = serve(&school).await;
    let (cookie, _) = teacher_session(&school, &base, &config, TEACHER).await;
    let (status, page) = get(&base, "/editor?van=test-koffie", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Sjabloon 'test-koffie' geladen"), "{page}");
    assert!(page.contains("id = &quot;test-koffie&quot;"), "{page}");
    // Every line of the file has its number in the gutter.
    let lines = koffie_source().lines().count();
    assert!(page.contains(&format!("<span>{lines}</span>")), "{page}");
    assert!(page.contains("<label for=\"bron\">"), "{page}");
    assert!(
        page.contains("<script src=\"/editor.js\" defer></script>"),
        "{page}"
    );
    assert_eq!(
        page.matches("<script").count(),
        1,
        "no inline script: {page}"
    );
    // An unknown or path-like id is no template.
    for id in ["bestaat-niet", "..%2Fwerkprocessen"] {
        let (status, page) = get(&base, &format!("/editor?van={id}"), &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("ken ik niet"), "{page}");
    }
    let script = client()
        .get(format!("{base}/editor.js"))
        .send()
        .await
        .expect("script");
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(
        script.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let text = script.text().await.expect("body");
    assert!(text.contains("/editor/controleer") && !text.contains("innerHTML"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_the_examples_shows_which_example_fails_and_how_many_passed() {
    let school = school().await;
    let (base, config) = serve(&school).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    let good = own_dialogue("koffie-eigen");
    let (status, page) = post(
        &base,
        "/editor/voorbeelden",
        &cookie,
        &[("csrf", &csrf), ("bron", &good)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let outcomes = gesprekscoach::checking::verify(
        "x.toml",
        good.as_bytes(),
        &gesprekscoach::dialogue::Catalogue::load_from_dir(&dialogues_dir()).expect("catalogue"),
        &gesprekscoach::matching::Matcher::new(),
    )
    .outcomes;
    assert!(outcomes.len() > 2 && outcomes.iter().all(|o| o.passed()));
    assert!(
        page.contains(&format!(
            "Voorbeelden: {n} van de {n} geslaagd",
            n = outcomes.len()
        )),
        "{page}"
    );
    assert!(!page.contains("MISLUKT"), "{page}");

    let wrong = good.replacen("score = 100", "score = 90", 1);
    let (status, page) = post(
        &base,
        "/editor/voorbeelden",
        &cookie,
        &[("csrf", &csrf), ("bron", &wrong)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let passed = outcomes.len() - 1;
    assert!(
        page.contains(&format!(
            "Voorbeelden: {passed} van de {} geslaagd",
            outcomes.len()
        )),
        "{page}"
    );
    assert!(
        page.contains("MISLUKT: voorbeeldgesprek 'sterke student'"),
        "{page}"
    );
    assert!(
        !page.contains("MISLUKT: voorbeeldgesprek 'vergeet"),
        "{page}"
    );
    assert!(page.contains("90"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_plays_the_edited_dialogue_to_its_scorecard_with_its_state_in_the_form_across_a_restart()
 {
    let school = school().await;
    let (base, config) = serve(&school).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    // The teacher changed the customer's answer in the offer step.
    let source = own_dialogue("koffie-eigen").replace(
        "Zo'n veertig koppen per dag. Wat stelt u voor?",
        "Zo'n zestig koppen per dag. Wat stelt u voor?",
    );
    let (status, page) = post(
        &base,
        "/editor/oefen",
        &cookie,
        &[("csrf", &csrf), ("bron", &source), ("opnieuw", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Spreek een proefplaatsing af."),
        "the briefing: {page}"
    );
    assert!(page.contains("Bram"), "the customer's opening: {page}");
    assert!(page.contains("<label for=\"antwoord\">"), "{page}");
    let mut replies = input_value(&page, "antwoorden").expect("replies field");
    let mut seed = input_value(&page, "zaad").expect("seed field");
    assert_eq!(replies, "[]");

    // Each turn goes to a server that knows nothing of the one before; the
    // last one to a second server over the same database (a restart).
    let (second, _) = serve(&school).await;
    let mut last = String::new();
    for (i, reply) in STRONG.iter().enumerate() {
        let at = if i == STRONG.len() - 1 {
            &second
        } else {
            &base
        };
        let (status, page) = post(
            at,
            "/editor/oefen",
            &cookie,
            &[
                ("csrf", &csrf),
                ("bron", &source),
                ("antwoorden", &replies),
                ("zaad", &seed),
                ("antwoord", reply),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains(&format!("Jij: </span>{reply}")), "{page}");
        replies = input_value(&page, "antwoorden").expect("replies field");
        seed = input_value(&page, "zaad").expect("seed field");
        last = page;
    }
    let given: Vec<String> = serde_json::from_str(&replies).expect("json list");
    assert_eq!(given, STRONG.map(String::from).to_vec());
    assert!(
        last.contains("Zo'n zestig koppen"),
        "the edited line: {last}"
    );
    assert!(
        last.contains("== Scorekaart: Test: een koffieautomaat verkopen =="),
        "{last}"
    );
    assert!(last.contains("Score: 100/100"), "{last}");
    assert!(last.contains("Het gesprek is klaar"), "{last}");
    assert!(
        !last.contains("name=\"antwoord\""),
        "no reply field after the end: {last}"
    );

    // Checking in between keeps the conversation on the page.
    let (status, page) = post(
        &base,
        "/editor/controleer",
        &cookie,
        &[
            ("csrf", &csrf),
            ("bron", &source),
            ("antwoorden", &replies),
            ("zaad", &seed),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Geen fouten of waarschuwingen"), "{page}");
    assert!(page.contains("Score: 100/100"), "{page}");
    assert_eq!(input_value(&page, "antwoorden"), Some(replies.clone()));

    // /hint and /stop work as for a student.
    let (_, page) = post(
        &base,
        "/editor/oefen",
        &cookie,
        &[
            ("csrf", &csrf),
            ("bron", &source),
            ("antwoorden", "[\"/hint\", \"/stop\"]"),
            ("zaad", "5"),
        ],
    )
    .await;
    assert!(
        page.contains("Hint: Stel je voor met je naam en Koffiekoning."),
        "{page}"
    );
    assert!(page.contains("Je bent gestopt voor het einde"), "{page}");
    assert!(page.contains("Hints gebruikt: 1"), "{page}");

    // A file with errors: no preview, the problems instead.
    let broken = source.replacen("[persona]", "[persoon]", 1);
    let (status, page) = post(
        &base,
        "/editor/oefen",
        &cookie,
        &[("csrf", &csrf), ("bron", &broken), ("opnieuw", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Los eerst de fouten op"), "{page}");
    assert!(!page.contains("class=\"chat\""), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_stores_a_checked_file_as_a_new_upload_version_for_the_teachers_classes_and_errors_block_it()
 {
    let school = school().await;
    let (base, config) = serve(&school).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    let current = |id: &'static str| {
        let store = school.store.clone();
        async move {
            store
                .read()
                .await
                .expect("read")
                .current_upload(id)
                .await
                .expect("query")
        }
    };

    // Without the token, with errors, with a failing example, with a
    // shipped dialogue's id: nothing stored.
    let good = own_dialogue("koffie-eigen");
    let (status, _) = post(&base, "/editor/opslaan", &cookie, &[("bron", &good)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let broken = good.replacen("[persona]", "[persoon]", 1);
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &broken)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Niet opgeslagen"), "{page}");
    assert!(page.contains("Regel "), "{page}");
    let failing = good.replacen("score = 100", "score = 90", 1);
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &failing)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("alle voorbeelden slagen"), "{page}");
    assert_eq!(current("koffie-eigen").await, None);
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &koffie_source())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("bij de Gesprekscoach hoort"), "{page}");
    assert_eq!(current("test-koffie").await, None);

    // A good file: stored for the teacher's classes, CRLF as LF.
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &good.replace('\n', "\r\n"))],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("is opgeslagen en staat klaar voor je klassen"),
        "{page}"
    );
    let first = current("koffie-eigen").await.expect("stored");
    assert_eq!((first.owner_id, first.everyone), (TEACHER, false));
    assert_eq!(first.source, good);
    assert_eq!(first.file_name, "koffie-eigen.toml");

    // A second save is a new version; the first is kept.
    let changed = good.replace(
        "Test: een koffieautomaat verkopen",
        "Koffieautomaat, versie 2",
    );
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &changed)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("als nieuwe versie"), "{page}");
    let second = current("koffie-eigen").await.expect("stored");
    assert_ne!(second.id, first.id);
    assert_eq!(second.title, "Koffieautomaat, versie 2");
    let kept = school
        .store
        .read()
        .await
        .expect("read")
        .upload_version(UploadId(first.id))
        .await
        .expect("query");
    assert_eq!(kept.map(|u| u.source), Some(good.clone()));

    // The teacher can start from it again; another teacher can neither
    // open it as a template nor save under its id.
    let (_, page) = get(&base, "/editor?van=koffie-eigen", &cookie).await;
    assert!(page.contains("Koffieautomaat, versie 2"), "{page}");
    let (other, other_csrf) = teacher_session(&school, &base, &config, OTHER_TEACHER).await;
    let (_, page) = get(&base, "/editor?van=koffie-eigen", &other).await;
    assert!(
        page.contains("ken ik niet") && !page.contains("versie 2"),
        "{page}"
    );
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &other,
        &[("csrf", &other_csrf), ("bron", &good)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("andere docent"), "{page}");
    assert_eq!(current("koffie-eigen").await.map(|u| u.id), Some(second.id));
}

/// As maud writes text into a page.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `gesprekscoach test FILE` (the real binary) on a file of `dir`: its
/// counts of passed and failed.
fn cli_test(dir: &std::path::Path, file: &str) -> (usize, usize) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gesprekscoach"))
        .args(["test", &dir.join(file).display().to_string()])
        .env("COACH_DIALOGUES_DIR", dir)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().expect("a summary line");
    let numbers: Vec<usize> = last
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(last.contains("geslaagd") && numbers.len() == 2, "{stdout}");
    (numbers[0], numbers[1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_a_webcare_files_examples_runs_what_gesprekscoach_test_runs_and_names_the_failing_shift()
 {
    let school = school().await;
    let dir = with_webcare();
    let (base, config) = serve_with(&school, dir.path()).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    let good = webcare_source();

    let (status, page) = post(
        &base,
        "/editor/voorbeelden",
        &cookie,
        &[("csrf", &csrf), ("bron", &good)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    // The rule's two samples and the example shift: what the CLI counts.
    let (passed, failed) = cli_test(dir.path(), "webcare-test.toml");
    assert_eq!((passed, failed), (3, 0));
    assert!(
        page.contains(&format!("Voorbeelden: {passed} van de {passed} geslaagd")),
        "{page}"
    );
    assert!(
        !page.contains("MISLUKT") && !page.contains("(nog)"),
        "{page}"
    );

    // The example shift promises a score it does not get, and a rule's
    // sample no longer holds: both named, with the shift's course.
    let wrong = good.replacen("score = 100", "score = 90", 1).replacen(
        "match = [\"sorry hoor\"]",
        "match = [\"excuus hoor\"]",
        1,
    );
    std::fs::write(dir.path().join("webcare-test.toml"), &wrong).expect("write");
    let (passed, failed) = cli_test(dir.path(), "webcare-test.toml");
    assert_eq!((passed, failed), (1, 2));
    let (status, page) = post(
        &base,
        "/editor/voorbeelden",
        &cookie,
        &[("csrf", &csrf), ("bron", &wrong)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!(
            "Voorbeelden: {passed} van de {} geslaagd",
            passed + failed
        )),
        "{page}"
    );
    assert!(
        page.contains("MISLUKT: voorbeelddienst &#39;alles goed&#39;")
            || page.contains("MISLUKT: voorbeelddienst 'alles goed'"),
        "{page}"
    );
    assert!(page.contains("score: verwacht 90, uitkomst 100"), "{page}");
    assert!(page.contains("excuus hoor"), "the failing sample: {page}");
    assert!(
        page.contains("#1 klacht (binnen om 0 s)"),
        "the course: {page}"
    );

    // A broken webcare file: its problems, no examples.
    let broken = good.replacen("duration = 600", "duration = \"lang\"", 1);
    let (status, page) = post(
        &base,
        "/editor/voorbeelden",
        &cookie,
        &[("csrf", &csrf), ("bron", &broken)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&format!("Regel {}, kolom", line_of(&broken, "duration = "))),
        "{page}"
    );
    assert!(!page.contains("Voorbeelden:"), "{page}");
}

/// The page's preview section (the textarea above it holds the whole file).
fn preview(page: &str) -> &str {
    page.split_once("id=\"oefenen\"")
        .map_or("", |(_, rest)| rest)
}

/// One press in the shift preview: the form as the page left it plus the
/// button (`actie`) and its fields.
async fn press(
    base: &str,
    cookie: &str,
    csrf: &str,
    source: &str,
    page: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, String) {
    let steps = input_value(page, "dienst").expect("the shift's steps in the form");
    let mut form = vec![("csrf", csrf), ("bron", source), ("dienst", steps.as_str())];
    form.extend_from_slice(extra);
    post(base, "/editor/oefen", cookie, &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webcare_preview_plays_a_shift_whose_messages_come_when_the_teacher_moves_the_clock_to_the_engines_own_report()
 {
    let school = school().await;
    let dir = with_webcare();
    let (base, config) = serve_with(&school, dir.path()).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    let source = webcare_source();

    // The shipped shift as a template.
    let (status, page) = get(&base, "/editor?van=webcare-test", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Webcaredienst &#39;webcare-test&#39; geladen")
            || page.contains("Webcaredienst 'webcare-test' geladen"),
        "{page}"
    );
    assert!(
        page.contains("Test: een korte webcaredienst (webcaredienst)"),
        "{page}"
    );

    // The start: the briefing and the first message; the second comes at
    // 0:30, not before the teacher moves the clock.
    let (status, page) = post(
        &base,
        "/editor/oefen",
        &cookie,
        &[("csrf", &csrf), ("bron", &source), ("opnieuw", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("== Test: een korte webcaredienst =="),
        "{page}"
    );
    assert!(preview(&page).contains("Mijn pakket is te laat!"), "{page}");
    assert!(!preview(&page).contains("scherpe randen"), "{page}");
    assert!(
        page.contains("Diensttijd: 0:00 min van 10:00 min. Volgend bericht om 0:30 min."),
        "{page}"
    );
    assert!(page.contains("<label for=\"bericht\">"), "{page}");
    assert_eq!(input_value(&page, "dienst").as_deref(), Some("[]"));

    // "Volgend bericht": the clock jumps to 0:30 and the post arrives.
    let (status, page) = press(
        &base,
        &cookie,
        &csrf,
        &source,
        &page,
        &[("actie", "volgende")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(preview(&page).contains("scherpe randen"), "{page}");
    assert!(
        page.contains("Diensttijd: 0:30 min van 10:00 min"),
        "{page}"
    );
    assert!(
        page.contains("<option value=\"2\""),
        "post #2 can be chosen: {page}"
    );

    // A reply to #1 (1 minute), an escalation of #2 (half a minute, by
    // then the review has come), the reply to #2; the last press goes to a
    // second server over the same database (the state is in the form).
    let (second, _) = serve_with(&school, dir.path()).await;
    let reply_1 = "Sorry! Stuur je een DM? ^Sam";
    let reply_2 = "Sorry, dit is ernstig. Mijn teamleider neemt vandaag contact op ^Sam";
    let (_, page) = press(
        &base,
        &cookie,
        &csrf,
        &source,
        &page,
        &[
            ("actie", "reageer"),
            ("bericht", "1"),
            ("antwoord", reply_1),
        ],
    )
    .await;
    assert!(
        page.contains(&format!("Jij (#1): </span>{}", escaped(reply_1))),
        "{page}"
    );
    assert!(page.contains("Geplaatst: je reactie op #1"), "{page}");
    assert!(page.contains("Diensttijd: 1:30 min"), "{page}");
    let (_, page) = press(
        &base,
        &cookie,
        &csrf,
        &source,
        &page,
        &[("actie", "escaleer"), ("bericht", "2")],
    )
    .await;
    assert!(page.contains("Je hebt #2 doorgezet"), "{page}");
    assert!(preview(&page).contains("Snelle levering, top!"), "{page}");
    let (_, page) = press(
        &second,
        &cookie,
        &csrf,
        &source,
        &page,
        &[
            ("actie", "reageer"),
            ("bericht", "2"),
            ("antwoord", reply_2),
        ],
    )
    .await;
    assert!(page.contains("Jij (#2): "), "{page}");
    // The DM the first reply asked for has come (1:30 + 1:30).
    assert!(
        preview(&page).contains("Mijn ordernummer is 123."),
        "{page}"
    );
    // To the end of the shift: the report and the question for a reflection.
    let (_, page) = press(&base, &cookie, &csrf, &source, &page, &[("actie", "stop")]).await;
    assert!(
        page.contains("<label for=\"antwoord\">Jouw reflectie</label>"),
        "{page}"
    );

    // The report is the engine's, word for word, for the same shift on the
    // same clock as the terminal's practice.
    let catalogue =
        gesprekscoach::dialogue::Catalogue::load_from_dir(dir.path()).expect("catalogue");
    let (p, problems, _) =
        gesprekscoach::webcare::check_scenario_source("webcare-test.toml", &source, &catalogue);
    let p = p.unwrap_or_else(|| panic!("{problems:?}"));
    let m = gesprekscoach::matching::Matcher::new();
    use gesprekscoach::webcare::shift::{self, Input, Output};
    let (s, _) = shift::start(&p);
    let (s, _) = shift::handle(&p, &m, s, Input::Tick, 30);
    let reply = |n: &str, t: &str| Input::Reply {
        message: Some(n.to_string()),
        text: t.to_string(),
    };
    let (s, _) = shift::handle(&p, &m, s, reply("klacht", reply_1), 90);
    let escalate = Input::Escalate {
        message: Some("gevaar".into()),
    };
    let (s, _) = shift::handle(&p, &m, s, escalate, 120);
    let (s, _) = shift::handle(&p, &m, s, reply("gevaar", reply_2), 180);
    let (_, out) = shift::handle(&p, &m, s, Input::Stop, 180);
    let report = out
        .iter()
        .find_map(|o| match o {
            Output::Report(r) => Some(gesprekscoach::webcare::render::report(r, &catalogue)),
            _ => None,
        })
        .expect("a report");
    assert!(report.contains("Score: "), "{report}");
    for line in report.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            page.contains(&escaped(line.trim())),
            "report line {line:?} missing: {page}"
        );
    }

    // Checking in between keeps the shift on the page.
    let steps = input_value(&page, "dienst").expect("steps");
    let (status, kept) = post(
        &base,
        "/editor/controleer",
        &cookie,
        &[("csrf", &csrf), ("bron", &source), ("dienst", &steps)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        kept.contains("Jouw reflectie") && kept.contains("Score: "),
        "{kept}"
    );

    // The reflection ends it.
    let (_, page) = press(
        &base,
        &cookie,
        &csrf,
        &source,
        &page,
        &[
            ("actie", "reflectie"),
            ("antwoord", "Ik had #2 eerder moeten doorzetten."),
        ],
    )
    .await;
    assert!(page.contains("Je reflectie is opgeslagen"), "{page}");
    assert!(page.contains("De dienst is klaar"), "{page}");
    assert!(!page.contains("name=\"antwoord\""), "{page}");

    // Saving the shipped shift under its own id is refused, as in
    // Telegram; nothing stored.
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &source)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("bij de Gesprekscoach hoort"), "{page}");
    let stored = school
        .store
        .read()
        .await
        .expect("read")
        .current_upload("webcare-test")
        .await
        .expect("query");
    assert_eq!(stored, None);
}

/// The shipped webcare fixture under a teacher's own id and title.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webcare_preview_asks_a_reflection_after_a_stop_only_when_the_teacher_answered_first() {
    let school = school().await;
    let dir = with_webcare();
    let (base, config) = serve_with(&school, dir.path()).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    let source = webcare_source();
    let (_, start) = post(
        &base,
        "/editor/oefen",
        &cookie,
        &[("csrf", &csrf), ("bron", &source), ("opnieuw", "1")],
    )
    .await;

    // Stopped at once: the report with score 0 and no reflection field.
    let (status, page) = press(&base, &cookie, &csrf, &source, &start, &[("actie", "stop")]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Score: 0/100: je hebt geen enkel bericht beantwoord of doorgezet."),
        "{page}"
    );
    assert!(!page.contains("Kijk terug op je dienst"), "{page}");
    assert!(!page.contains("Jouw reflectie"), "{page}");
    assert!(page.contains("De dienst is klaar"), "{page}");

    // Stopped after one reply: the reflection is asked and kept.
    let (_, page) = press(
        &base,
        &cookie,
        &csrf,
        &source,
        &start,
        &[
            ("actie", "reageer"),
            ("bericht", "1"),
            ("antwoord", "Sorry! Stuur je een DM? ^Sam"),
        ],
    )
    .await;
    let (_, page) = press(&base, &cookie, &csrf, &source, &page, &[("actie", "stop")]).await;
    assert!(page.contains("Je bent voor het einde gestopt."), "{page}");
    assert!(page.contains("Kijk terug op je dienst"), "{page}");
    assert!(
        page.contains("<label for=\"antwoord\">Jouw reflectie</label>"),
        "{page}"
    );
    let (_, page) = press(
        &base,
        &cookie,
        &csrf,
        &source,
        &page,
        &[("actie", "reflectie"), ("antwoord", "Eerst de ouder.")],
    )
    .await;
    assert!(page.contains("Je reflectie is opgeslagen"), "{page}");
    assert!(page.contains("De dienst is klaar"), "{page}");
}

fn own_scenario(id: &str, title: &str) -> String {
    webcare_source()
        .replacen("id = \"webcare-test\"", &format!("id = \"{id}\""), 1)
        .replacen(
            "title = \"Test: een korte webcaredienst\"",
            &format!("title = \"{title}\""),
            1,
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_a_webcare_file_stores_a_version_that_the_library_offers_to_the_teachers_class() {
    use gesprekscoach::school::library::{Audience, Library};
    use gesprekscoach::store::uploads::UploadKind;

    let school = school().await;
    let dir = with_webcare();
    let (base, config) = serve_with(&school, dir.path()).await;
    let (cookie, csrf) = teacher_session(&school, &base, &config, TEACHER).await;
    let current = || {
        let store = school.store.clone();
        async move {
            store
                .read()
                .await
                .expect("read")
                .current_upload("dienst-eigen")
                .await
                .expect("query")
        }
    };

    // A failing example shift blocks saving, as for a dialogue.
    let good = own_scenario("dienst-eigen", "Eigen dienst");
    let failing = good.replacen("score = 100", "score = 40", 1);
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &failing)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("alle voorbeelden slagen"), "{page}");
    assert_eq!(current().await, None);

    // A good file is stored as a webcare upload for the teacher's classes.
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &good)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("is opgeslagen en staat klaar voor je klassen")
            && page.contains("/webcare dienst-eigen"),
        "{page}"
    );
    let first = current().await.expect("stored");
    assert_eq!(
        (first.kind, first.owner_id, first.everyone),
        (UploadKind::Webcare, TEACHER, false)
    );

    // A new version replaces it.
    let second = good.replacen("Mijn pakket is te laat!", "Waar blijft mijn pakket?", 1);
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &cookie,
        &[("csrf", &csrf), ("bron", &second)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("als nieuwe versie") && page.contains("maakt de dienst af"),
        "{page}"
    );
    assert_ne!(current().await.expect("stored").id, first.id);

    // The teacher's own shift is in her template list and loads as hers.
    let (status, page) = get(&base, "/editor?van=dienst-eigen", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Je webcaredienst &#39;dienst-eigen&#39; geladen")
            || page.contains("Je webcaredienst 'dienst-eigen' geladen"),
        "{page}"
    );
    assert!(page.contains("Waar blijft mijn pakket?"), "{page}");

    // Another teacher cannot take the id.
    let (other, other_csrf) = teacher_session(&school, &base, &config, OTHER_TEACHER).await;
    let (status, page) = post(
        &base,
        "/editor/opslaan",
        &other,
        &[("csrf", &other_csrf), ("bron", &good)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("van een andere docent"), "{page}");

    // Every front end's library offers the saved shift to the teacher's
    // class, not to another teacher's.
    let library = Library::load(dir.path());
    let mut db = school.store.read().await.expect("read");
    library.refresh(&mut *db).await.expect("refresh");
    let offered = library
        .find_scenario_for("dienst-eigen", &Audience::class_of(Some(TEACHER)))
        .expect("offered to the class");
    assert!(
        offered
            .prepared
            .message("klacht")
            .is_some_and(|m| m.text == "Waar blijft mijn pakket?")
    );
    assert!(
        library
            .find_scenario_for("dienst-eigen", &Audience::class_of(Some(OTHER_TEACHER)))
            .is_none()
    );
}
