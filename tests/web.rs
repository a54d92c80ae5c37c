//! The teachers' web dashboard through its real parts: the real server on
//! 127.0.0.1:0 over a real SQLite file, HTTP with reqwest, login links made
//! by the school domain or by the real binary (`web --login-link`).
//!
//! The school in every test: admin 1; teacher 77 with class 2B (Ali, who
//! finished the koffie dialogue strongly and weakly, and a student whose
//! name is an HTML attack); teacher 88 with class 4C (Bo, who practised).

mod common;

use common::dashboard::{
    ADMIN, ALI, OTHER_TEACHER, STRONG, TEACHER, dialogues_dir, play, serve_store, student,
};

use std::path::PathBuf;
use std::process::Command;

use gesprekscoach::config::Config;
use gesprekscoach::matching::Matcher;
use gesprekscoach::school::login::{self, LINKS_PER_WINDOW, LoginRefusal};
use gesprekscoach::store::prelude::*;
use gesprekscoach::store::{AnyStore, ClassId, LearnerId, StoreError};
use gesprekscoach::web::{CSP, Web, WebConfig};
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

const BIN: &str = env!("CARGO_BIN_EXE_gesprekscoach");
const ATTACKER: i64 = 702;
const BO: i64 = 801;
const ATTACK_NAME: &str = "<img src=x onerror=alert(1)>";

const WEAK: [&str; 3] = ["Met Sanne.", "Met Sanne.", "Wij verhuren automaten."];

struct School {
    _dir: tempfile::TempDir,
    url: String,
    store: AnyStore,
    class_2b: i64,
    class_4c: i64,
    ali: LearnerId,
    attacker: LearnerId,
    bo: LearnerId,
}

async fn school() -> School {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/coach.db", dir.path().display());
    let store = gesprekscoach::store::open(&url).await.expect("store");
    let (class_2b, class_4c) = store
        .write(|tx| {
            Box::pin(async move {
                for (code, teacher) in [("INV-77", TEACHER), ("INV-88", OTHER_TEACHER)] {
                    tx.create_invite(code, ADMIN, i64::MAX / 2).await?;
                    assert!(tx.redeem_invite(code, teacher).await?);
                }
                let b = tx.create_class_for("2B", "CODE2B", TEACHER).await?;
                let c = tx.create_class_for("4C", "CODE4C", OTHER_TEACHER).await?;
                Ok::<_, StoreError>((b.id, c.id))
            })
        })
        .await
        .expect("classes");
    let ali = student(&store, ALI, "Ali", ClassId(class_2b)).await;
    let attacker = student(&store, ATTACKER, ATTACK_NAME, ClassId(class_2b)).await;
    let bo = student(&store, BO, "Bo", ClassId(class_4c)).await;
    play(&store, ali, &WEAK).await;
    play(&store, ali, &STRONG).await;
    play(&store, attacker, &WEAK).await;
    play(&store, bo, &STRONG).await;
    School {
        _dir: dir,
        url,
        store,
        class_2b,
        class_4c,
        ali,
        attacker,
        bo,
    }
}

/// The real server on a free port; its base URL.
async fn serve(school: &School, base_url: Option<&str>) -> (String, WebConfig) {
    serve_store(&school.store, &school.url, base_url).await
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A fresh login link's path (`/inloggen/TOKEN`).
async fn link_for(school: &School, config: &WebConfig, user: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    let token = login::login_link(&school.store, &config.admins, user, now)
        .await
        .expect("store")
        .expect("a teacher gets a link");
    let url = login::login_url(&config.base_url, &token);
    url.strip_prefix(&config.base_url)
        .expect("below base")
        .to_string()
}

fn token_of(path: &str) -> &str {
    path.rsplit('/').next().expect("token")
}

async fn post_form(base: &str, path: &str, body: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = client()
        .post(format!("{base}{path}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.to_string());
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

/// Logs in through the link's page and its button; the cookie
/// (`coach_sessie=...`) and the whole `Set-Cookie` header.
async fn log_in(base: &str, link: &str) -> (String, String) {
    let page = client()
        .get(format!("{base}{link}"))
        .send()
        .await
        .expect("GET link");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("body");
    let token = token_of(link);
    assert!(
        html.contains(&format!("name=\"token\" value=\"{token}\"")),
        "{html}"
    );
    let response = post_form(base, "/inloggen", &format!("token={token}"), None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let set_cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ASCII")
        .to_string();
    let cookie = set_cookie.split(';').next().expect("pair").to_string();
    (cookie, set_cookie)
}

async fn get(base: &str, path: &str, cookie: Option<&str>) -> (StatusCode, HeaderMap, String) {
    let mut request = client().get(format!("{base}{path}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("body"))
}

fn assert_security_headers(path: &str, headers: &HeaderMap) {
    assert_eq!(headers[header::CONTENT_SECURITY_POLICY], CSP, "{path}");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{path}");
    // Script only from our own files (the editor's), never inline.
    assert!(csp.contains("script-src 'self';"), "{path}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{path}"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_link_opens_a_session_once_with_a_safe_cookie_and_logout_needs_the_csrf_token() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let link = link_for(&school, &config, TEACHER).await;
    let (cookie, set_cookie) = log_in(&base, &link).await;
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain http: {set_cookie}");
    // The session secret is not the link's token.
    assert!(!cookie.contains(token_of(&link)));

    // The link works once.
    let again = post_form(
        &base,
        "/inloggen",
        &format!("token={}", token_of(&link)),
        None,
    )
    .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(again.headers().get(header::SET_COOKIE).is_none());
    assert!(again.text().await.unwrap().contains("werkt niet (meer)"));

    let (status, _, home) = get(&base, "/", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains("Je klassen") && home.contains(">2B<"),
        "{home}"
    );

    // Logout without the token (another site's form) is refused and the
    // session lives on; with the page's token it ends.
    let forged = post_form(&base, "/uitloggen", "csrf=0000", Some(&cookie)).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let missing = post_form(&base, "/uitloggen", "", Some(&cookie)).await;
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert_eq!(get(&base, "/", Some(&cookie)).await.0, StatusCode::OK);
    let csrf = home
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries the CSRF token");
    let out = post_form(&base, "/uitloggen", &format!("csrf={csrf}"), Some(&cookie)).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        out.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let (status, _, after) = get(&base, "/", Some(&cookie)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(after.contains("/dashboard"), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_survives_a_restart_of_the_server_and_the_cookie_is_secure_under_https() {
    let school = school().await;
    let (base, config) = serve(&school, Some("https://coach.school.example")).await;
    let link = link_for(&school, &config, TEACHER).await;
    let (cookie, set_cookie) = log_in(&base, &link).await;
    assert!(set_cookie.contains("; Secure"), "{set_cookie}");
    // A second server (a restart, or a second instance) on the same database.
    let (other, _) = serve(&school, None).await;
    assert_eq!(get(&other, "/", Some(&cookie)).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_get_no_login_link_and_a_teacher_gets_at_most_five_an_hour() {
    let school = school().await;
    let admins = [ADMIN];
    let now = chrono::Utc::now().timestamp();
    for user in [ALI, 99_999] {
        let refused = login::login_link(&school.store, &admins, user, now)
            .await
            .unwrap();
        assert_eq!(refused, Err(LoginRefusal::NotATeacher), "user {user}");
    }
    for _ in 0..LINKS_PER_WINDOW {
        assert!(
            login::login_link(&school.store, &admins, TEACHER, now)
                .await
                .unwrap()
                .is_ok()
        );
    }
    let sixth = login::login_link(&school.store, &admins, TEACHER, now)
        .await
        .unwrap();
    assert_eq!(sixth, Err(LoginRefusal::TooManyLinks));
    // Another user is not affected, and an hour later the teacher gets one again.
    assert!(
        login::login_link(&school.store, &admins, ADMIN, now)
            .await
            .unwrap()
            .is_ok()
    );
    let later = login::login_link(&school.store, &admins, TEACHER, now + 3601)
        .await
        .unwrap();
    assert!(later.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_link_does_not_log_in() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let long_ago = chrono::Utc::now().timestamp() - login::LINK_VALID - 1;
    let token = login::login_link(&school.store, &config.admins, TEACHER, long_ago)
        .await
        .unwrap()
        .unwrap();
    let response = post_form(
        &base,
        "/inloggen",
        &format!("token={}", token.as_str()),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_sees_only_their_own_class_on_every_kind_of_page_and_an_admin_sees_all() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let (admin, _) = log_in(&base, &link_for(&school, &config, ADMIN).await).await;
    let (b, c) = (school.class_2b, school.class_4c);
    let (ali, bo) = (school.ali.0, school.bo.0);

    let mine = [
        format!("/klas/{b}"),
        format!("/klas/{b}?sorteer=k1"),
        format!("/klas/{b}/overzicht.csv"),
        format!("/klas/{b}/leerling/{ali}"),
    ];
    let theirs = [
        format!("/klas/{c}"),
        format!("/klas/{c}/overzicht.csv"),
        format!("/klas/{c}/leerling/{bo}"),
        // Another class's student under the teacher's own class id.
        format!("/klas/{b}/leerling/{bo}"),
        // A class that does not exist answers the same.
        "/klas/999999".to_string(),
        "/klas/999999/overzicht.csv".to_string(),
        "/klas/abc".to_string(),
        format!("/klas/{b}/leerling/xyz"),
    ];
    for path in &mine {
        let (status, headers, _) = get(&base, path, Some(&teacher)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_security_headers(path, &headers);
    }
    let (_, _, not_found) = get(&base, "/klas/999999", Some(&teacher)).await;
    for path in &theirs {
        let (status, headers, body) = get(&base, path, Some(&teacher)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_security_headers(path, &headers);
        assert_eq!(
            body, not_found,
            "{path}: the same page as for no class at all"
        );
        assert!(
            !body.contains("4C") && !body.contains("Bo"),
            "{path}: {body}"
        );
    }
    // The teacher's list names only 2B; the admin's both, and the admin
    // opens the other teacher's class and student.
    let (_, _, list) = get(&base, "/", Some(&teacher)).await;
    assert!(list.contains(">2B<") && !list.contains(">4C<"), "{list}");
    let (_, _, list) = get(&base, "/", Some(&admin)).await;
    assert!(list.contains("Alle klassen") && list.contains(">2B<") && list.contains(">4C<"));
    for path in [format!("/klas/{c}"), format!("/klas/{c}/leerling/{bo}")] {
        let (status, _, body) = get(&base, &path, Some(&admin)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("Bo"), "{path}");
    }
    // Without a session nothing is shown, with the same headers.
    for path in mine.iter().chain(["/".to_string()].iter()) {
        let (status, headers, body) = get(&base, path, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_security_headers(path, &headers);
        assert!(!body.contains("Ali"), "{path}");
    }
    // A forged cookie is no session.
    let forged = format!("coach_sessie={}", "a".repeat(64));
    assert_eq!(
        get(&base, "/", Some(&forged)).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Every other response has the headers too: the stylesheet, an unknown page.
    for path in ["/stijl.css", "/bestaat-niet"] {
        let (_, headers, _) = get(&base, path, Some(&teacher)).await;
        assert_security_headers(path, &headers);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_named_as_html_shows_as_text_on_the_overview_and_their_own_page() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let escaped = "&lt;img src=x onerror=alert(1)&gt;";
    for path in [
        format!("/klas/{}", school.class_2b),
        format!("/klas/{}/leerling/{}", school.class_2b, school.attacker.0),
    ] {
        let (status, _, body) = get(&base, &path, Some(&teacher)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(escaped), "{path}: {body}");
        assert!(!body.contains(ATTACK_NAME), "{path}");
        assert!(!body.contains("<script"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_has_the_heatmap_with_marks_sorts_by_query_and_its_csv_is_the_report_commands()
{
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let b = school.class_2b;
    let (_, _, page) = get(&base, &format!("/klas/{b}"), Some(&teacher)).await;
    assert!(page.contains("<table class=\"heatmap\""), "{page}");
    // Ali met every criterion the last time (strong after weak); the
    // attacker never did: marks, not colour alone.
    assert!(
        page.contains("✓<span class=\"sr\"> behaald</span>"),
        "{page}"
    );
    assert!(
        page.contains("✗<span class=\"sr\"> niet behaald</span>"),
        "{page}"
    );
    assert!(page.contains("Download CSV"));
    let row_order = |html: &str| -> (usize, usize) {
        let ali = html.find(">Ali</a>").expect("Ali's row");
        let attacker = html.find("&lt;img").expect("attacker's row");
        (ali, attacker)
    };
    // By name: '<' sorts before 'A'; by criterion 1: met first (Ali).
    let (ali, attacker) = row_order(&page);
    assert!(attacker < ali, "by name");
    let (_, _, sorted) = get(&base, &format!("/klas/{b}?sorteer=k1"), Some(&teacher)).await;
    let (ali, attacker) = row_order(&sorted);
    assert!(ali < attacker, "by criterion 1, met first");
    assert!(sorted.contains("op criterium K1"));
    let (_, _, by_met) = get(&base, &format!("/klas/{b}?sorteer=behaald"), Some(&teacher)).await;
    let (ali, attacker) = row_order(&by_met);
    assert!(ali < attacker, "most met first");
    // Nonsense sorts by name.
    let (status, _, odd) = get(&base, &format!("/klas/{b}?sorteer=k99"), Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(odd.contains("Gesorteerd op naam"));

    let response = client()
        .get(format!("{base}/klas/{b}/overzicht.csv"))
        .header(header::COOKIE, &teacher)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"overzicht-2B-"),
        "{disposition}"
    );
    let csv = response.text().await.unwrap();
    let cli = Command::new(BIN)
        .args(["report", "--class-id", &b.to_string()])
        .env("DATABASE_URL", &school.url)
        .env("COACH_DIALOGUES_DIR", dialogues_dir())
        .env_remove("COACH_TIMEZONE")
        .output()
        .expect("binary runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert_eq!(csv, String::from_utf8(cli.stdout).unwrap());
    assert!(csv.contains(";Ali;"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_students_page_shows_every_attempt_with_its_replies_feedback_evidence_and_scorecard() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let path = format!("/klas/{}/leerling/{}", school.class_2b, school.ali.0);
    let (_, _, page) = get(&base, &path, Some(&teacher)).await;
    assert_eq!(
        page.matches("<article class=\"attempt\"").count(),
        2,
        "{page}"
    );
    // Every reply of both attempts, in the student's own words (the marks
    // of the evidence left out).
    let text = without_tags(&page);
    for reply in STRONG.iter().chain(&WEAK) {
        assert!(text.contains(reply), "{reply}: {text}");
    }
    // The evidence is marked inside the reply, and the scorecards are there.
    assert!(
        page.contains("<mark title=\"noemt-bedrijf\">Koffiekoning</mark>"),
        "{page}"
    );
    assert!(page.contains("Scorekaart: 100/100"), "{page}");
    assert!(
        page.contains("tip:"),
        "the weak attempt's missed criteria: {page}"
    );
    assert!(
        page.contains("Goed") || page.contains("Tip"),
        "feedback per reply"
    );
    // The customer's side, in order: the strong attempt (newest, first on
    // the page) from the greeting to the appointment.
    let strong = &text[..text.find("Scorekaart: 100/100").expect("strong attempt")];
    let mut at = 0;
    for line in [
        "Bram Jansen: ",
        STRONG[0],
        "Bram Jansen: Aha. En waarmee kan ik u helpen?",
        STRONG[1],
        "Bram Jansen: Zo'n veertig koppen per dag.",
        STRONG[2],
        "Bram Jansen: Goed, zet die proefplaatsing maar in de agenda.",
    ] {
        let found = strong[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} after position {at}: {strong}"));
        at += found + line.len();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_dialogue_changed_since_an_attempt_the_page_shows_the_replies_without_guessed_lines()
 {
    let school = school().await;
    // The same dialogue id, with the first step renamed and reworded: a
    // replay of the saved replies no longer matches them.
    let changed = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(dialogues_dir().join("test-koffie.toml")).expect("fixture");
    let edited = original
        .replace("Aha. En waarmee kan ik u helpen?", "Nieuwe zin.")
        .replace("\"opening\"", "\"begin\"");
    assert_ne!(edited, original);
    std::fs::write(changed.path().join("test-koffie.toml"), edited).unwrap();
    std::fs::copy(
        dialogues_dir().join("werkprocessen.toml"),
        changed.path().join("werkprocessen.toml"),
    )
    .unwrap();
    let (loaded, problems) = gesprekscoach::checking::load_dir(changed.path());
    assert!(problems.is_empty() && loaded.len() == 1, "{problems:?}");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = WebConfig {
        addr,
        base_url: format!("http://{addr}"),
        admins: vec![ADMIN],
        timezone: chrono_tz::Europe::Amsterdam,
    };
    let web = Web::new(
        school.store.clone(),
        &Config {
            database_url: school.url.clone(),
            dialogues_dir: changed.path().to_path_buf(),
        },
        config.clone(),
        std::sync::Arc::new(gesprekscoach::telegram::AssignmentAnnouncer),
    );
    tokio::spawn(async move { web.serve(listener, std::future::pending()).await });
    let base = format!("http://{addr}");
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let path = format!("/klas/{}/leerling/{}", school.class_2b, school.ali.0);
    let (status, _, page) = get(&base, &path, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK);
    let text = without_tags(&page);
    assert!(text.contains("dialoog is veranderd"), "{text}");
    assert!(
        !text.contains("Bram Jansen:") && !text.contains("Nieuwe zin"),
        "{text}"
    );
    assert!(text.contains(STRONG[1]), "the replies are still there");
}

/// The page's text: tags dropped.
fn without_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn cli(database_url: &str, args: &[&str], web_url: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("DATABASE_URL", database_url)
        .env("COACH_DIALOGUES_DIR", dialogues_dir())
        .env("COACH_ADMIN_IDS", ADMIN.to_string())
        .env_remove("COACH_WEB_ADDR")
        .env_remove("RUST_LOG");
    match web_url {
        Some(url) => cmd.env("COACH_WEB_URL", url),
        None => cmd.env_remove("COACH_WEB_URL"),
    };
    cmd.output().expect("binary runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_link_command_prints_a_working_link_for_a_teacher_and_refuses_a_student() {
    let school = school().await;
    let (base, _) = serve(&school, None).await;
    let out = cli(
        &school.url,
        &["web", "--login-link", &TEACHER.to_string()],
        Some("https://coach.school.example/"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap();
    let path = link
        .trim()
        .strip_prefix("https://coach.school.example")
        .expect("below COACH_WEB_URL, without a double slash");
    assert!(path.starts_with("/inloggen/"), "{link}");
    let (cookie, _) = log_in(&base, path).await;
    assert_eq!(get(&base, "/", Some(&cookie)).await.0, StatusCode::OK);

    // Default base: http:// and the default address.
    let out = cli(
        &school.url,
        &["web", "--login-link", &ADMIN.to_string()],
        None,
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("http://127.0.0.1:8080/inloggen/"));

    for user in [ALI, 424242] {
        let out = cli(
            &school.url,
            &["web", "--login-link", &user.to_string()],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "user {user}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("alleen voor docenten en beheerders"), "{err}");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// Waits until the server at `base` answers `/`; its status.
async fn first_answer(base: &str) -> Option<StatusCode> {
    for _ in 0..150 {
        if let Ok(r) = client().get(format!("{base}/")).send().await {
            return Some(r.status());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

/// Logs in with a link from the binary and opens class 2B.
async fn open_class_with_the_cli_link(school: &School, base: &str) -> (StatusCode, String) {
    let link = cli(
        &school.url,
        &["web", "--login-link", &TEACHER.to_string()],
        Some(base),
    );
    let path = String::from_utf8(link.stdout)
        .unwrap()
        .trim()
        .replacen(base, "", 1);
    let (cookie, _) = log_in(base, &path).await;
    let (status, _, page) = get(base, &format!("/klas/{}", school.class_2b), Some(&cookie)).await;
    (status, page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_command_serves_the_dashboard_alone_without_a_bot_token() {
    let school = school().await;
    let port = free_port();
    let child = Command::new(BIN)
        .arg("web")
        .env("DATABASE_URL", &school.url)
        .env("COACH_DIALOGUES_DIR", dialogues_dir())
        .env("COACH_WEB_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("COACH_WEB_URL")
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("binary starts");
    let _running = KillOnDrop(child);
    let base = format!("http://127.0.0.1:{port}");
    assert_eq!(first_answer(&base).await, Some(StatusCode::UNAUTHORIZED));
    let (status, page) = open_class_with_the_cli_link(&school, &base).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Klas 2B"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_coach_web_addr_runs_the_bot_and_the_dashboard_together() {
    let fake = common::fake_telegram::FakeTelegram::start().await;
    let school = school().await;
    let port = free_port();
    let child = Command::new(BIN)
        .arg("serve")
        .env("TELOXIDE_TOKEN", common::fake_telegram::TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("DATABASE_URL", &school.url)
        .env("COACH_DIALOGUES_DIR", dialogues_dir())
        .env("COACH_WEB_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("COACH_WEBHOOK_URL")
        .env_remove("COACH_WEB_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("binary starts");
    let _running = KillOnDrop(child);
    let base = format!("http://127.0.0.1:{port}");
    assert_eq!(first_answer(&base).await, Some(StatusCode::UNAUTHORIZED));
    let (status, page) = open_class_with_the_cli_link(&school, &base).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Klas 2B"));
    // The bot runs too: a student's message is answered.
    fake.push_update(common::fake_telegram::updates::text(ALI, "/start"));
    assert!(!fake.wait_for_texts(ALI, 1).await.is_empty());
}

/// `serve` with the dashboard loads the dialogues folder once for both
/// front ends (one library, one store): a broken file in it is reported
/// once, not once per front end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_the_dashboard_reads_the_dialogues_folder_once_for_both() {
    let fake = common::fake_telegram::FakeTelegram::start().await;
    let school = school().await;
    let folder = tempfile::tempdir().expect("tempdir");
    for name in ["test-koffie.toml", "werkprocessen.toml"] {
        std::fs::copy(dialogues_dir().join(name), folder.path().join(name)).expect("copy");
    }
    std::fs::write(folder.path().join("kapot.toml"), "dit is geen toml =").expect("write");
    let port = free_port();
    let mut child = Command::new(BIN)
        .arg("serve")
        .env("TELOXIDE_TOKEN", common::fake_telegram::TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("DATABASE_URL", &school.url)
        .env("COACH_DIALOGUES_DIR", folder.path())
        .env("COACH_WEB_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .env_remove("COACH_WEBHOOK_URL")
        .env_remove("COACH_WEB_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stderr = child.stderr.take().expect("stderr");
    let running = KillOnDrop(child);
    let base = format!("http://127.0.0.1:{port}");
    // Both front ends are up (each has loaded whatever it loads).
    assert_eq!(first_answer(&base).await, Some(StatusCode::UNAUTHORIZED));
    fake.push_update(common::fake_telegram::updates::text(ALI, "/start"));
    assert!(!fake.wait_for_texts(ALI, 1).await.is_empty());
    drop(running);
    let mut log = String::new();
    std::io::Read::read_to_string(&mut { stderr }, &mut log).expect("log");
    let reported = log.matches("kapot.toml").count();
    assert_eq!(reported, 1, "{log}");
}

#[test]
fn a_nonsense_web_address_or_url_is_refused_in_dutch_with_exit_code_2() {
    for (name, value, says) in [
        ("COACH_WEB_ADDR", "localhost", "COACH_WEB_ADDR 'localhost'"),
        (
            "COACH_WEB_URL",
            "coach.school.nl",
            "COACH_WEB_URL 'coach.school.nl'",
        ),
    ] {
        let out = Command::new(BIN)
            .arg("web")
            .env("DATABASE_URL", "sqlite::memory:")
            .env_remove("COACH_WEB_ADDR")
            .env_remove("COACH_WEB_URL")
            .env(name, value)
            .output()
            .expect("binary runs");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }
}
/// Stops the server process however the test ends.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_students_page_shows_their_webcare_shifts_with_the_customers_answers_and_reflection() {
    use gesprekscoach::store::ShiftStore;
    use gesprekscoach::webcare::shift::{self, Input as ShiftInput, Output as ShiftOutput};
    let school = school().await;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webcare");
    let catalogue = gesprekscoach::dialogue::Catalogue::load(&root.join("werkprocessen.toml"))
        .expect("catalogue");
    let source = std::fs::read_to_string(root.join("webcare-test.toml")).expect("fixture");
    let p = gesprekscoach::webcare::check_scenario_source("webcare-test.toml", &source, &catalogue)
        .0
        .expect("scenario");
    let m = Matcher::new();
    let (s, _) = shift::start(&p);
    let id = school
        .store
        .start_shift(school.ali, &s, chrono::Utc::now())
        .await
        .expect("shift");
    let reply = ShiftInput::Reply {
        message: Some("klacht".into()),
        text: "Sorry voor het wachten! Wat heb je besteld? ^Ali".into(),
    };
    let (s, _) = shift::handle(&p, &m, s, reply, 20);
    let (s, out) = shift::handle(&p, &m, s, ShiftInput::Stop, 30);
    let report = out.into_iter().find_map(|o| match o {
        ShiftOutput::Report(r) => Some(*r),
        _ => None,
    });
    school
        .store
        .save_shift(id, &s, report.as_ref())
        .await
        .expect("saved");
    let reflection = ShiftInput::Reflection("<b>Ik</b> was te laat met #2.".into());
    let (s, _) = shift::handle(&p, &m, s, reflection, 40);
    school.store.save_shift(id, &s, None).await.expect("saved");

    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let path = format!("/klas/{}/leerling/{}", school.class_2b, school.ali.0);
    let (status, _, page) = get(&base, &path, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Webcarediensten"), "{page}");
    assert!(
        page.contains("Sorry voor het wachten! Wat heb je besteld? ^Ali"),
        "{page}"
    );
    assert!(
        page.contains("Beantwoord uit kennis: Wat er in het pakket zit"),
        "{page}"
    );
    assert!(page.contains("Niet beantwoord."), "the other posts: {page}");
    assert!(
        page.contains("&lt;b&gt;Ik&lt;/b&gt; was te laat met #2."),
        "the reflection, escaped: {page}"
    );

    // The class's page of shifts and reflections, for its teacher only.
    let shifts = format!("/klas/{}/webcare", school.class_2b);
    let (status, headers, page) = get(&base, &shifts, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK);
    assert_security_headers(&shifts, &headers);
    assert!(page.contains("Ali"), "{page}");
    assert!(
        page.contains("&lt;b&gt;Ik&lt;/b&gt; was te laat met #2."),
        "{page}"
    );
    assert!(page.contains("/100"), "the score: {page}");
    let (other, _) = log_in(&base, &link_for(&school, &config, OTHER_TEACHER).await).await;
    let (status, _, _) = get(&base, &shifts, Some(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A shift on a teacher's uploaded scenario shows the version it ran on
/// (its messages and title), also after the teacher saved a newer one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_on_an_uploaded_scenario_shows_the_version_it_ran_on() {
    use gesprekscoach::store::uploads::{NewUpload, UploadKind};
    use gesprekscoach::store::{ShiftStore, UploadId};
    use gesprekscoach::webcare::shift::{self, Input as ShiftInput, Output as ShiftOutput};
    let school = school().await;
    let folder = common::dashboard::with_webcare();
    let catalogue =
        gesprekscoach::dialogue::Catalogue::load(&folder.path().join("werkprocessen.toml"))
            .expect("catalogue");
    let version = |text: &str, title: &str| {
        common::dashboard::webcare_source()
            .replacen("id = \"webcare-test\"", "id = \"dienst-eigen\"", 1)
            .replacen("Test: een korte webcaredienst", title, 1)
            .replacen("Mijn pakket is te laat!", text, 1)
    };
    let (v1, v2) = (
        version("Waar blijft versie een?", "Eigen dienst een"),
        version("Waar blijft versie twee?", "Eigen dienst twee"),
    );
    let p = gesprekscoach::webcare::check_scenario_source("dienst-eigen.toml", &v1, &catalogue)
        .0
        .expect("scenario");
    let new = |source: &str, title: &str| NewUpload {
        dialogue_id: "dienst-eigen".into(),
        kind: UploadKind::Webcare,
        owner_id: TEACHER,
        title: title.into(),
        file_name: "dienst-eigen.toml".into(),
        source: source.into(),
    };
    let first = new(&v1, "Eigen dienst een");
    let (s, _) = shift::start(&p);
    let started = s.clone();
    let ali = school.ali;
    let id = school
        .store
        .write(move |tx| {
            let (first, started) = (first.clone(), started.clone());
            Box::pin(async move {
                let version: UploadId = tx.insert_upload(&first).await?;
                let id = tx.start_shift(ali, &started, chrono::Utc::now()).await?;
                tx.link_shift_upload(id, version).await?;
                Ok::<_, StoreError>(id)
            })
        })
        .await
        .expect("shift");
    let m = Matcher::new();
    let (s, out) = shift::handle(&p, &m, s, ShiftInput::Stop, 30);
    let report = out.into_iter().find_map(|o| match o {
        ShiftOutput::Report(r) => Some(*r),
        _ => None,
    });
    school
        .store
        .save_shift(id, &s, report.as_ref())
        .await
        .expect("saved");
    let second = new(&v2, "Eigen dienst twee");
    school
        .store
        .write(move |tx| {
            let second = second.clone();
            Box::pin(async move { tx.insert_upload(&second).await })
        })
        .await
        .expect("second version");

    let (base, config) =
        common::dashboard::serve_store_with(&school.store, &school.url, None, folder.path()).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let path = format!("/klas/{}/leerling/{}", school.class_2b, school.ali.0);
    let (status, _, page) = get(&base, &path, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Eigen dienst een") && page.contains("Waar blijft versie een?"),
        "{page}"
    );
    assert!(!page.contains("versie twee"), "{page}");
    let shifts = format!("/klas/{}/webcare", school.class_2b);
    let (status, _, page) = get(&base, &shifts, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Eigen dienst een"), "{page}");
}

async fn join_code(school: &School, class: i64) -> String {
    school
        .store
        .read()
        .await
        .expect("read")
        .class(ClassId(class))
        .await
        .expect("class")
        .expect("exists")
        .join_code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_renews_the_join_code_of_their_own_class_only_with_the_csrf_token() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let (other, _) = log_in(&base, &link_for(&school, &config, OTHER_TEACHER).await).await;
    let before = join_code(&school, school.class_2b).await;

    let (_, _, page) = get(&base, &format!("/klas/{}", school.class_2b), Some(&teacher)).await;
    assert!(page.contains(&before), "the code is shown: {page}");
    let csrf = common::dashboard::input_value(&page, "csrf").expect("csrf field");
    let path = format!("/klas/{}/klascode", school.class_2b);

    let without = post_form(&base, &path, "", Some(&teacher)).await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    assert_eq!(join_code(&school, school.class_2b).await, before);

    // Another teacher, with their own valid token: as if the class did not exist.
    let (_, _, their_page) = get(&base, "/", Some(&other)).await;
    let their_csrf = common::dashboard::input_value(&their_page, "csrf").expect("csrf");
    let theirs = post_form(&base, &path, &format!("csrf={their_csrf}"), Some(&other)).await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    assert_eq!(join_code(&school, school.class_2b).await, before);

    let renewed = post_form(&base, &path, &format!("csrf={csrf}"), Some(&teacher)).await;
    assert_eq!(renewed.status(), StatusCode::SEE_OTHER);
    let after = join_code(&school, school.class_2b).await;
    assert_ne!(after, before);
    let (_, _, page) = get(&base, &format!("/klas/{}", school.class_2b), Some(&teacher)).await;
    assert!(page.contains(&after), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_takes_a_student_out_of_the_class_after_ticking_the_box() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let student_page = format!("/klas/{}/leerling/{}", school.class_2b, school.ali.0);
    let (_, _, page) = get(&base, &student_page, Some(&teacher)).await;
    assert!(page.contains("Uit de klas halen"), "{page}");
    assert!(page.contains("<label for=\"zeker\""), "the box has a label");
    let csrf = common::dashboard::input_value(&page, "csrf").expect("csrf field");
    let path = format!("{student_page}/uit-klas");

    // Without the box ticked nothing happens.
    let unticked = post_form(&base, &path, &format!("csrf={csrf}"), Some(&teacher)).await;
    assert_eq!(unticked.status(), StatusCode::SEE_OTHER);
    let (status, _, _) = get(&base, &student_page, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK, "still in the class");

    // A student of another class cannot be taken out through this class.
    let bo = format!(
        "/klas/{}/leerling/{}/uit-klas",
        school.class_2b, school.bo.0
    );
    let wrong = post_form(&base, &bo, &format!("csrf={csrf}&zeker=ja"), Some(&teacher)).await;
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);

    let removed = post_form(
        &base,
        &path,
        &format!("csrf={csrf}&zeker=ja"),
        Some(&teacher),
    )
    .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let (status, _, _) = get(&base, &student_page, Some(&teacher)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no longer in the class");
    // Their work is still theirs.
    let mut reads = school.store.read().await.expect("read");
    assert!(
        !reads
            .attempts(school.ali)
            .await
            .expect("attempts")
            .is_empty()
    );
}

/// The class's current assignment (dialogue id and deadline) as stored.
async fn current_assignment(school: &School, class: i64) -> Option<(String, Option<i64>)> {
    let now = chrono::Utc::now().timestamp();
    school
        .store
        .read()
        .await
        .expect("read")
        .current_assignment(ClassId(class), now)
        .await
        .expect("assignment")
        .map(|a| (a.dialogue_id, a.due_at))
}

async fn plan_of(school: &School, class: i64) -> Option<gesprekscoach::school::plans::Plan> {
    school
        .store
        .read()
        .await
        .expect("read")
        .plan(ClassId(class))
        .await
        .expect("plan")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_gives_an_assignment_on_the_dashboard_and_the_class_gets_the_bots_push() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let page_path = format!("/klas/{}/opdrachten", school.class_2b);
    let (_, _, overview) = get(&base, &format!("/klas/{}", school.class_2b), Some(&teacher)).await;
    assert!(overview.contains(&page_path), "the class page links to it");
    let (status, headers, page) = get(&base, &page_path, Some(&teacher)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_security_headers(&page_path, &headers);
    for field in [
        "oefening",
        "datum",
        "tijd",
        "plan-oefening",
        "dag",
        "plan-tijd",
    ] {
        assert!(
            page.contains(&format!("<label for=\"{field}\"")),
            "{field} has a label: {page}"
        );
    }
    assert!(page.contains("value=\"test-koffie\""), "{page}");
    let csrf = common::dashboard::input_value(&page, "csrf").expect("csrf field");
    let path = format!("/klas/{}/opdracht", school.class_2b);
    let body = "oefening=test-koffie&datum=2099-01-08&tijd=17%3A00";

    let without = post_form(&base, &path, body, Some(&teacher)).await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    let unknown = post_form(
        &base,
        &path,
        &format!("csrf={csrf}&oefening=bestaat-niet"),
        Some(&teacher),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(
        unknown
            .text()
            .await
            .expect("body")
            .contains("Kies een oefening uit de lijst")
    );
    let past = post_form(
        &base,
        &path,
        &format!("csrf={csrf}&oefening=test-koffie&datum=2020-01-08"),
        Some(&teacher),
    )
    .await;
    assert_eq!(past.status(), StatusCode::BAD_REQUEST);
    assert!(past.text().await.expect("body").contains("in het verleden"));
    assert_eq!(current_assignment(&school, school.class_2b).await, None);

    let given = post_form(&base, &path, &format!("csrf={csrf}&{body}"), Some(&teacher)).await;
    assert_eq!(given.status(), StatusCode::SEE_OTHER);
    // 17:00 in Amsterdam in winter is 16:00 UTC.
    let due = chrono::DateTime::parse_from_rfc3339("2099-01-08T16:00:00Z")
        .expect("time")
        .timestamp();
    assert_eq!(
        current_assignment(&school, school.class_2b).await,
        Some(("test-koffie".to_string(), Some(due)))
    );
    // The bot's push, queued for the class's students only.
    let queued = school
        .store
        .read()
        .await
        .expect("read")
        .bulk_next(10)
        .await
        .expect("bulk");
    let mut chats: Vec<i64> = queued.iter().map(|(_, chat, _)| *chat).collect();
    chats.sort();
    let mut expected = vec![ALI, ATTACKER];
    expected.sort();
    assert_eq!(chats, expected);
    for (_, _, json) in &queued {
        assert!(json.contains("Nieuwe opdracht voor klas 2B"), "{json}");
        assert!(json.contains("Test: een koffieautomaat verkopen"), "{json}");
    }
    let (_, _, page) = get(
        &base,
        &format!("{page_path}?klaar=opdracht"),
        Some(&teacher),
    )
    .await;
    assert!(page.contains("De opdracht is gegeven"), "{page}");
    assert!(page.contains("nog niet gedaan: 2"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_weekly_plan_is_changed_paused_and_resumed_on_the_dashboard() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let (_, _, page) = get(
        &base,
        &format!("/klas/{}/opdrachten", school.class_2b),
        Some(&teacher),
    )
    .await;
    let csrf = common::dashboard::input_value(&page, "csrf").expect("csrf field");
    let path = format!("/klas/{}/planning", school.class_2b);
    let change = |body: &str| {
        let body = format!("csrf={csrf}&{body}");
        let (base, path, teacher) = (base.clone(), path.clone(), teacher.clone());
        async move { post_form(&base, &path, &body, Some(&teacher)).await }
    };

    let added = change("actie=erbij&oefening=test-koffie").await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let plan = plan_of(&school, school.class_2b).await.expect("a plan");
    let ids: Vec<&str> = plan.items.iter().map(|i| i.dialogue_id.as_str()).collect();
    assert_eq!(ids, ["test-koffie"]);
    assert!(!plan.paused);

    let slot = change("actie=tijd&dag=woensdag&tijd=10%3A00").await;
    assert_eq!(slot.status(), StatusCode::SEE_OTHER);
    let plan = plan_of(&school, school.class_2b).await.expect("a plan");
    assert_eq!((plan.weekday, plan.minute), (3, 10 * 60));

    assert_eq!(change("actie=pauze").await.status(), StatusCode::SEE_OTHER);
    assert!(
        plan_of(&school, school.class_2b)
            .await
            .expect("plan")
            .paused
    );
    let (_, _, page) = get(
        &base,
        &format!("/klas/{}/opdrachten", school.class_2b),
        Some(&teacher),
    )
    .await;
    assert!(page.contains("Elke woensdag 10:00"), "{page}");
    assert!(page.contains("Hervatten"), "{page}");
    assert_eq!(change("actie=hervat").await.status(), StatusCode::SEE_OTHER);
    assert!(
        !plan_of(&school, school.class_2b)
            .await
            .expect("plan")
            .paused
    );

    let beyond = change("actie=weg&nummer=2").await;
    assert_eq!(beyond.status(), StatusCode::BAD_REQUEST);
    assert!(
        beyond
            .text()
            .await
            .expect("body")
            .contains("Er is niets veranderd")
    );
    assert_eq!(
        plan_of(&school, school.class_2b)
            .await
            .expect("plan")
            .items
            .len(),
        1
    );
    assert_eq!(
        change("actie=weg&nummer=1").await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        plan_of(&school, school.class_2b)
            .await
            .expect("plan")
            .items
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_teachers_class_id_in_the_url_never_shows_or_changes_their_assignments() {
    let school = school().await;
    let (base, config) = serve(&school, None).await;
    let (teacher, _) = log_in(&base, &link_for(&school, &config, TEACHER).await).await;
    let (_, _, own) = get(
        &base,
        &format!("/klas/{}/opdrachten", school.class_2b),
        Some(&teacher),
    )
    .await;
    let csrf = common::dashboard::input_value(&own, "csrf").expect("csrf field");
    let theirs = school.class_4c;
    let (status, _, page) = get(&base, &format!("/klas/{theirs}/opdrachten"), Some(&teacher)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        !page.contains("4C"),
        "nothing of their class is shown: {page}"
    );
    let give = post_form(
        &base,
        &format!("/klas/{theirs}/opdracht"),
        &format!("csrf={csrf}&oefening=test-koffie"),
        Some(&teacher),
    )
    .await;
    assert_eq!(give.status(), StatusCode::NOT_FOUND);
    for body in ["actie=erbij&oefening=test-koffie", "actie=pauze"] {
        let changed = post_form(
            &base,
            &format!("/klas/{theirs}/planning"),
            &format!("csrf={csrf}&{body}"),
            Some(&teacher),
        )
        .await;
        assert_eq!(changed.status(), StatusCode::NOT_FOUND, "{body}");
    }
    assert_eq!(current_assignment(&school, theirs).await, None);
    assert_eq!(plan_of(&school, theirs).await, None);
    let queued = school
        .store
        .read()
        .await
        .expect("read")
        .bulk_next(10)
        .await
        .expect("bulk");
    assert!(queued.is_empty(), "nobody got a push: {queued:?}");

    // An admin reads every class but changes only their own, as in the bot.
    let (admin, _) = log_in(&base, &link_for(&school, &config, ADMIN).await).await;
    let (status, _, _) = get(&base, &format!("/klas/{theirs}/opdrachten"), Some(&admin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
