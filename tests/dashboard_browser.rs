//! The dashboard in a real browser: headless Chromium through chromedriver
//! (WebDriver, with fantoccini over plain http). A teacher follows a login
//! link, opens the class overview and a student's transcript, edits a
//! dialogue until the editor's script marks an error at the right line,
//! fixes it, plays the preview to its scorecard and saves it; then the
//! pages at a phone's width; then gives the class an assignment and adds a
//! dialogue to its weekly plan, and plays a webcare shift in the editor's
//! preview ("Volgend bericht", a reply, the shift report, the reflection).
//! Every page is kept as a PNG under `target/screenshots/` for people to
//! look at.
//!
//! Without chromium and chromedriver the test says loudly what it did not
//! run and how to install them, and passes, unless `COACH_REQUIRE_BROWSER=1`
//! (CI) makes that a failure.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::dashboard::*;
use fantoccini::{Client, ClientBuilder, Locator};
use gesprekscoach::store::prelude::*;
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const INSTALL: &str = "apt-get install chromium chromium-driver";

/// Stops chromedriver however the test ends.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
}

/// The browser's parts, or `None` after saying what is missing (a failure
/// when the browser is required).
fn browser_parts() -> Option<PathBuf> {
    let driver = chromedriver();
    let chromium = Path::new(CHROMIUM).is_file();
    if let (Some(driver), true) = (&driver, chromium) {
        return Some(driver.clone());
    }
    let missing = match (driver.is_none(), !chromium) {
        (true, true) => "chromium and chromedriver",
        (true, false) => "chromedriver",
        _ => "chromium (/usr/bin/chromium)",
    };
    let message = format!(
        "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         NOT RUN: the dashboard's browser test (login, class, transcript, editor,\n\
         preview, saving, phone width, assignments and weekly plan, webcare\n\
         preview). Missing: {missing}.\n\
         Install them with: {INSTALL}\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    );
    if std::env::var("COACH_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("{message}COACH_REQUIRE_BROWSER=1: the browser test must run.");
    }
    // Straight to stderr: the test harness's capture would hide eprintln!
    // in a passing test.
    let _ = std::io::stderr().lock().write_all(message.as_bytes());
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts chromedriver and waits until it listens.
fn start_driver(driver: &Path) -> (KillOnDrop, String) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let guard = KillOnDrop(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    (guard, format!("http://127.0.0.1:{port}"))
}

async fn open_browser(driver_url: &str, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver_url)
        .await
        .expect("a browser session")
}

/// Keeps a screenshot of what the browser shows.
async fn shot(browser: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot written");
}

/// Scrolls `css` into the middle of the window, then [`shot`].
async fn shot_at(browser: &Client, css: &str, name: &str) {
    browser
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![json!(css)],
        )
        .await
        .expect("scroll");
    shot(browser, name).await;
}

async fn wait_for(browser: &Client, css: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
}

async fn text_of(browser: &Client, css: &str) -> String {
    wait_for(browser, css).await.text().await.expect("text")
}

async fn texts(browser: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in browser.find_all(Locator::Css(css)).await.expect("find") {
        out.push(e.text().await.expect("text"));
    }
    out
}

/// Polls until the first element matching `css` contains `needle` (after
/// a click the old page may still be there); its text.
async fn wait_for_text(browser: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(e) = browser.find(Locator::Css(css)).await
            && let Ok(text) = e.text().await
            && text.contains(needle)
        {
            return text;
        }
        assert!(Instant::now() < deadline, "{css} never showed {needle:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until `count` elements match `css`.
async fn wait_for_count(browser: &Client, css: &str, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = browser
            .find_all(Locator::Css(css))
            .await
            .expect("find")
            .len();
        if found == count {
            return;
        }
        assert!(Instant::now() < deadline, "{css}: {found}, not {count}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Puts `text` in the editor's textarea and types one space at its end,
/// so the script sees a real change (a file is too long to type fast).
async fn edit(browser: &Client, text: &str) {
    browser
        .execute(
            "const t = document.getElementById('bron'); t.value = arguments[0]; \
             t.focus(); t.setSelectionRange(t.value.length, t.value.length);",
            vec![json!(text)],
        )
        .await
        .expect("set the file");
    browser
        .find(Locator::Id("bron"))
        .await
        .expect("textarea")
        .send_keys(" ")
        .await
        .expect("type");
}

/// Form fields without a label (by `for`) or an aria-label.
async fn unlabelled(browser: &Client) -> Vec<String> {
    let found = browser
        .execute(
            "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))\
               .filter(e => !(e.id && document.querySelector('label[for=\"' + e.id + '\"]')) && !e.getAttribute('aria-label'))\
               .map(e => e.name || e.outerHTML);",
            vec![],
        )
        .await
        .expect("script");
    serde_json::from_value(found).expect("a list")
}

/// True when the page is no wider than the window (tables scroll inside).
async fn fits(browser: &Client) -> bool {
    browser
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .expect("script")
        .as_bool()
        .unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_goes_from_the_login_link_through_class_and_transcript_to_editing_practising_and_saving_a_dialogue()
 {
    let Some(driver) = browser_parts() else {
        return;
    };
    let school = school().await;
    // The koffie dialogue and a webcare shift.
    let dialogues = with_webcare();
    let (base, config) = serve_with(&school, dialogues.path()).await;
    let (_driver, driver_url) = start_driver(&driver);
    let profile = tempfile::tempdir().expect("profile folder");
    let browser = open_browser(&driver_url, profile.path()).await;
    browser
        .set_window_size(1280, 1000)
        .await
        .expect("window size");

    // The login link's page, its button, the teacher's classes.
    browser
        .goto(&login_link(&school, &config, TEACHER).await)
        .await
        .expect("link");
    assert!(text_of(&browser, "h1").await.contains("Inloggen"));
    shot(&browser, "01-inloglink").await;
    wait_for(&browser, "main form button[type=submit]")
        .await
        .click()
        .await
        .expect("log in");
    wait_for(&browser, "ul.classes").await;
    assert_eq!(text_of(&browser, "h1").await, "Je klassen");
    shot(&browser, "02-klassen").await;

    // The class overview with its heatmap.
    browser
        .find(Locator::LinkText("2B"))
        .await
        .expect("class link")
        .click()
        .await
        .expect("open class");
    wait_for(&browser, "table.heatmap").await;
    assert_eq!(text_of(&browser, "h1").await, "Klas 2B");
    let marks = text_of(&browser, "table.heatmap tbody").await;
    assert!(marks.contains('✓'), "{marks}");
    shot(&browser, "03-klas").await;

    // Ali's transcript.
    browser
        .find(Locator::LinkText("Ali"))
        .await
        .expect("student link")
        .click()
        .await
        .expect("open student");
    wait_for(&browser, "article.attempt").await;
    let attempt = text_of(&browser, "article.attempt").await;
    assert!(attempt.contains(STRONG[0]), "{attempt}");
    assert!(attempt.contains("Scorekaart: 100/100"), "{attempt}");
    shot(&browser, "04-leerling").await;

    // The editor from the shipped template; a misspelt key is marked at its
    // line by the script (no button pressed).
    browser
        .find(Locator::LinkText("Klassen"))
        .await
        .expect("crumb")
        .click()
        .await
        .expect("home");
    browser
        .find(Locator::LinkText("Dialoog-editor"))
        .await
        .expect("editor link")
        .click()
        .await
        .expect("open editor");
    wait_for(&browser, "#bron").await;
    browser
        .find(Locator::Id("van"))
        .await
        .expect("template list")
        .select_by_value("test-koffie")
        .await
        .expect("choose the template");
    browser
        .find(Locator::Css("form.template button"))
        .await
        .expect("load button")
        .click()
        .await
        .expect("load template");
    wait_for(&browser, "p.notice").await;
    let loaded = wait_for(&browser, "#bron")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert_eq!(loaded, koffie_source());
    let broken = own_dialogue("koffie-web").replacen(
        "  behaviour = \"vraagt-koppen\"",
        "  behavior = \"vraagt-koppen\"",
        1,
    );
    let line = broken
        .lines()
        .position(|l| l.contains("behavior ="))
        .expect("the line")
        + 1;
    edit(&browser, &broken).await;
    // (The table above it misses its `behaviour` now: marked too.)
    wait_for(&browser, "#regels span.fout").await;
    let marked = texts(&browser, "#regels span.fout").await;
    assert!(marked.contains(&format!("{line} ✗")), "{marked:?}");
    let problems = texts(&browser, "#problemen li.fout").await;
    assert!(
        problems.iter().any(
            |p| p.starts_with(&format!("Regel {line}, kolom 3 – fout: ")) && p.contains("behavior")
        ),
        "{problems:?}"
    );
    // Clicking the problem selects its line in the textarea.
    browser
        .find(Locator::Css(&format!("#problemen li[data-line='{line}']")))
        .await
        .expect("the problem")
        .click()
        .await
        .expect("click the problem");
    let selected = browser
        .execute(
            "const t = document.getElementById('bron'); \
             return t.value.substring(t.selectionStart, t.selectionEnd);",
            vec![],
        )
        .await
        .expect("selection");
    assert_eq!(selected, json!("  behavior = \"vraagt-koppen\""));
    shot_at(&browser, "#regels span.fout", "05-editor-fout").await;

    // Fixed: the script says so.
    edit(&browser, &own_dialogue("koffie-web")).await;
    wait_for(&browser, "#problemen p.ok").await;
    assert_eq!(
        browser
            .find_all(Locator::Css("#regels span.fout"))
            .await
            .expect("find")
            .len(),
        0
    );

    // The preview, played with the keyboard (Enter sends) to a scorecard.
    browser
        .find(Locator::Css("button[name=opnieuw]"))
        .await
        .expect("practise button")
        .click()
        .await
        .expect("practise");
    wait_for(&browser, "#antwoord").await;
    assert!(text_of(&browser, "ol.chat").await.contains("Bram"));
    assert_eq!(unlabelled(&browser).await, Vec::<String>::new());
    shot_at(&browser, "#oefenen", "06-oefenen").await;
    for (i, reply) in STRONG.iter().enumerate() {
        let field = wait_for(&browser, "#antwoord").await;
        field.send_keys(reply).await.expect("type the reply");
        field.send_keys("\u{E007}").await.expect("Enter");
        wait_for_count(&browser, "ol.chat li.reply", i + 1).await;
    }
    let card = text_of(&browser, "ol.chat li.scorecard").await;
    assert!(card.contains("Score: 100/100"), "{card}");
    shot_at(&browser, "ol.chat li.scorecard", "07-scorekaart").await;

    // Saving: a new upload for the teacher's classes.
    browser
        .find(Locator::Css("button[formaction='/editor/opslaan']"))
        .await
        .expect("save button")
        .click()
        .await
        .expect("save");
    let saved = text_of(&browser, "p.saved").await;
    assert!(saved.contains("is opgeslagen"), "{saved}");
    shot(&browser, "08-opgeslagen").await;
    let stored = school
        .store
        .read()
        .await
        .expect("read")
        .current_upload("koffie-web")
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(stored.owner_id, TEACHER);
    // What the textarea held: the file and the space typed after it.
    assert_eq!(stored.source, format!("{} ", own_dialogue("koffie-web")));

    // A phone's width: no page wider than the screen, the fields labelled.
    browser.set_window_size(390, 844).await.expect("phone size");
    browser
        .goto(&format!("{base}/klas/{}", school.class_2b))
        .await
        .expect("class");
    wait_for(&browser, "table.heatmap").await;
    assert!(fits(&browser).await, "the class overview fits a phone");
    shot(&browser, "09-telefoon-klas").await;
    browser
        .goto(&format!(
            "{base}/klas/{}/leerling/{}",
            school.class_2b, school.ali.0
        ))
        .await
        .expect("student");
    wait_for(&browser, "article.attempt").await;
    assert!(fits(&browser).await, "a transcript fits a phone");
    shot(&browser, "10-telefoon-leerling").await;
    browser
        .goto(&format!("{base}/editor?van=koffie-web"))
        .await
        .expect("editor");
    wait_for(&browser, "#problemen p.ok").await;
    assert!(fits(&browser).await, "the editor fits a phone");
    assert_eq!(unlabelled(&browser).await, Vec::<String>::new());
    shot(&browser, "11-telefoon-editor").await;

    // Assignments and the weekly plan, from the class page's link.
    browser
        .set_window_size(1280, 1000)
        .await
        .expect("window size");
    browser
        .goto(&format!("{base}/klas/{}", school.class_2b))
        .await
        .expect("class");
    browser
        .find(Locator::LinkText("Opdrachten en weekplanning"))
        .await
        .expect("assignments link")
        .click()
        .await
        .expect("open assignments");
    wait_for(&browser, "#oefening").await;
    assert_eq!(unlabelled(&browser).await, Vec::<String>::new());
    assert!(
        text_of(&browser, "main")
            .await
            .contains("Deze klas heeft nog geen opdracht.")
    );
    // Given without a date: due in a week.
    browser
        .find(Locator::Id("oefening"))
        .await
        .expect("dialogue list")
        .select_by_value("test-koffie")
        .await
        .expect("choose the dialogue");
    browser
        .find(Locator::Css(
            "form[action$='/opdracht'] button[type=submit]",
        ))
        .await
        .expect("give button")
        .click()
        .await
        .expect("give");
    let notice = text_of(&browser, "p.notice").await;
    assert!(notice.contains("De opdracht is gegeven"), "{notice}");
    let main = text_of(&browser, "main").await;
    assert!(
        main.contains("Test: een koffieautomaat verkopen · vóór "),
        "{main}"
    );
    let class = gesprekscoach::store::ClassId(school.class_2b);
    let given = school
        .store
        .read()
        .await
        .expect("read")
        .current_assignment(class, chrono::Utc::now().timestamp())
        .await
        .expect("query")
        .expect("an assignment");
    assert_eq!(given.dialogue_id, "test-koffie");
    shot(&browser, "12-opdracht-gegeven").await;
    // A dialogue at the end of the weekly plan.
    browser
        .find(Locator::Id("plan-oefening"))
        .await
        .expect("plan list")
        .select_by_value("test-koffie")
        .await
        .expect("choose the dialogue");
    browser
        .find(Locator::Css("form:has(#plan-oefening) button[type=submit]"))
        .await
        .expect("add button")
        .click()
        .await
        .expect("add");
    // (The assignment's notice is there until the new page is.)
    wait_for_text(&browser, "p.notice", "De weekplanning is opgeslagen").await;
    let planned = text_of(&browser, "ol.plan").await;
    assert!(planned.contains("(test-koffie)"), "{planned}");
    let plan = school
        .store
        .read()
        .await
        .expect("read")
        .plan(class)
        .await
        .expect("query")
        .expect("a plan");
    assert_eq!(
        plan.items
            .iter()
            .map(|i| i.dialogue_id.as_str())
            .collect::<Vec<_>>(),
        ["test-koffie"]
    );
    shot_at(&browser, "ol.plan", "13-weekplanning").await;

    // A webcare shift in the editor's preview: the first message, then the
    // next one with "Volgend bericht", a reply with Enter, the report.
    browser
        .goto(&format!("{base}/editor?van=webcare-test"))
        .await
        .expect("editor");
    wait_for(&browser, "p.notice").await;
    browser
        .find(Locator::Css("button[name=opnieuw]"))
        .await
        .expect("practise button")
        .click()
        .await
        .expect("practise");
    wait_for(&browser, "#volgende").await;
    let chat = text_of(&browser, "ol.chat").await;
    assert!(chat.contains("Mijn pakket is te laat!"), "{chat}");
    assert!(!chat.contains("scherpe randen"), "{chat}");
    assert!(
        text_of(&browser, "#klok")
            .await
            .contains("Diensttijd: 0:00 min")
    );
    browser
        .find(Locator::Id("volgende"))
        .await
        .expect("next button")
        .click()
        .await
        .expect("next message");
    wait_for_text(&browser, "#klok", "Diensttijd: 0:30 min").await;
    assert!(
        text_of(&browser, "ol.chat")
            .await
            .contains("scherpe randen")
    );
    assert_eq!(unlabelled(&browser).await, Vec::<String>::new());
    shot_at(&browser, "#oefenen", "14-webcare-oefenen").await;
    let field = wait_for(&browser, "#antwoord").await;
    field
        .send_keys("Sorry! Stuur je een DM? ^Sam")
        .await
        .expect("type the reply");
    field.send_keys("\u{E007}").await.expect("Enter");
    wait_for_count(&browser, "ol.chat li.reply", 1).await;
    assert!(
        text_of(&browser, "ol.chat li.reply")
            .await
            .starts_with("Jij (#1): Sorry!")
    );
    browser
        .find(Locator::Css("button[value=stop]"))
        .await
        .expect("stop button")
        .click()
        .await
        .expect("stop");
    let report = text_of(&browser, "ol.chat li.scorecard").await;
    assert!(
        report.contains("Test: een korte webcaredienst") && report.contains("Score: "),
        "{report}"
    );
    shot_at(&browser, "ol.chat li.scorecard", "15-webcare-verslag").await;
    let field = wait_for(&browser, "#antwoord").await;
    field
        .send_keys("Ik had #2 eerder moeten doorzetten.")
        .await
        .expect("type the reflection");
    field.send_keys("\u{E007}").await.expect("Enter");
    wait_for_text(&browser, "#oefenen", "Je reflectie is opgeslagen").await;
    let done = text_of(&browser, "#oefenen").await;
    assert!(done.contains("De dienst is klaar"), "{done}");

    browser.close().await.expect("close the browser");
}
