//! A small school behind the real dashboard server, for the editor's tests
//! and the browser test: teacher 77 with class 2B (Ali, who played the
//! koffie dialogue strongly), teacher 88 with class 4C; admin 1. The
//! server runs on 127.0.0.1:0 over a real SQLite file.

use std::path::PathBuf;

use gesprekscoach::config::Config;
use gesprekscoach::dialogue::Prepared;
use gesprekscoach::engine::{self, Input, Output};
use gesprekscoach::matching::Matcher;
use gesprekscoach::school::login;
use gesprekscoach::store::prelude::*;
use gesprekscoach::store::{AnyStore, ClassId, LearnerId, LearnerKey, Store, StoreError};
use gesprekscoach::web::{Web, WebConfig};

pub const ADMIN: i64 = 1;
pub const TEACHER: i64 = 77;
pub const OTHER_TEACHER: i64 = 88;
pub const ALI: i64 = 701;

pub const STRONG: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie worden er per dag gedronken?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

pub fn dialogues_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues")
}

/// The koffie fixture's text.
pub fn koffie_source() -> String {
    std::fs::read_to_string(dialogues_dir().join("test-koffie.toml")).expect("fixture")
}

/// The webcare fixture's text (a short shift with local rules only).
pub fn webcare_source() -> String {
    std::fs::read_to_string(webcare_fixture_dir().join("webcare-test.toml")).expect("fixture")
}

fn webcare_fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webcare")
}

/// A dialogues folder with the koffie fixture and the webcare fixture, and
/// both werkproces catalogues in one file: a dashboard that offers a shift
/// too. Dropping the folder removes it.
pub fn with_webcare() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("test-koffie.toml"), koffie_source()).expect("koffie");
    std::fs::write(dir.path().join("webcare-test.toml"), webcare_source()).expect("webcare");
    let catalogue = [dialogues_dir(), webcare_fixture_dir()]
        .iter()
        .map(|d| std::fs::read_to_string(d.join("werkprocessen.toml")).expect("catalogue"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("werkprocessen.toml"), catalogue).expect("catalogue");
    dir
}

/// The koffie fixture as a teacher's own dialogue with this id.
pub fn own_dialogue(id: &str) -> String {
    koffie_source().replace("id = \"test-koffie\"", &format!("id = \"{id}\""))
}

/// A Telegram student `user` called `name` in `class`.
pub async fn student(store: &AnyStore, user: i64, name: &str, class: ClassId) -> LearnerId {
    let name = name.to_string();
    store
        .write(move |tx| {
            let name = name.clone();
            Box::pin(async move {
                let learner = tx.learner(LearnerKey::Telegram(user), Some(&name)).await?;
                tx.user_touch(user, user, &name, learner.id).await?;
                tx.join_class(learner.id, class).await?;
                Ok::<_, StoreError>(learner.id)
            })
        })
        .await
        .expect("student joins")
}

/// The real server for `store` on a free port; its base URL and
/// configuration (`base_url`: the public address links use, else the
/// server's own).
pub async fn serve_store(
    store: &AnyStore,
    url: &str,
    base_url: Option<&str>,
) -> (String, WebConfig) {
    serve_store_with(store, url, base_url, &dialogues_dir()).await
}

/// [`serve_store`] with the dialogues (and webcare shifts) of `dialogues`.
pub async fn serve_store_with(
    store: &AnyStore,
    url: &str,
    base_url: Option<&str>,
    dialogues: &std::path::Path,
) -> (String, WebConfig) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let config = WebConfig {
        addr,
        base_url: base_url.map_or_else(|| format!("http://{addr}"), str::to_string),
        admins: vec![ADMIN],
        timezone: chrono_tz::Europe::Amsterdam,
    };
    let web = Web::new(
        store.clone(),
        &Config {
            database_url: url.to_string(),
            dialogues_dir: dialogues.to_path_buf(),
        },
        config.clone(),
        std::sync::Arc::new(gesprekscoach::telegram::AssignmentAnnouncer),
    );
    tokio::spawn(async move { web.serve(listener, std::future::pending()).await });
    (format!("http://{addr}"), config)
}

fn koffie() -> Prepared {
    let (mut found, problems) = gesprekscoach::checking::load_dir(&dialogues_dir());
    assert!(problems.is_empty(), "{problems:?}");
    found.remove(
        found
            .iter()
            .position(|d| d.dialogue.id == "test-koffie")
            .expect("koffie"),
    )
}

/// Plays and saves like a front end does.
pub async fn play(store: &AnyStore, learner: LearnerId, replies: &[&str]) {
    let d = koffie();
    let m = Matcher::new();
    let (mut s, _) = engine::start(&d, 3);
    let attempt = store
        .start_attempt(learner, &s, &d.dialogue.werkprocessen)
        .await
        .expect("start");
    for r in replies {
        if s.finished {
            break;
        }
        let (next, out, turn) = engine::handle(&d, &m, s, Input::Reply(r.to_string()));
        s = next;
        let card = out.iter().find_map(|o| match o {
            Output::Scorecard(c) => Some(c),
            _ => None,
        });
        store
            .save_turn(attempt, &s, turn.as_ref(), card)
            .await
            .expect("save");
    }
}

pub struct School {
    pub _dir: tempfile::TempDir,
    pub url: String,
    pub store: AnyStore,
    pub class_2b: i64,
    pub ali: LearnerId,
}

pub async fn school() -> School {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/coach.db", dir.path().display());
    let store = gesprekscoach::store::open(&url).await.expect("store");
    let class_2b = store
        .write(|tx| {
            Box::pin(async move {
                for (code, teacher) in [("INV-77", TEACHER), ("INV-88", OTHER_TEACHER)] {
                    tx.create_invite(code, ADMIN, i64::MAX / 2).await?;
                    assert!(tx.redeem_invite(code, teacher).await?);
                }
                let b = tx.create_class_for("2B", "CODE2B", TEACHER).await?;
                tx.create_class_for("4C", "CODE4C", OTHER_TEACHER).await?;
                Ok::<_, StoreError>(b.id)
            })
        })
        .await
        .expect("classes");
    let ali = student(&store, ALI, "Ali", ClassId(class_2b)).await;
    play(&store, ali, &STRONG).await;
    School {
        _dir: dir,
        url,
        store,
        class_2b,
        ali,
    }
}

/// The real server on a free port; its base URL and configuration.
pub async fn serve(school: &School) -> (String, WebConfig) {
    serve_store(&school.store, &school.url, None).await
}

/// [`serve`] over the dialogues of `dir` (e.g. [`with_webcare`]).
pub async fn serve_with(school: &School, dir: &std::path::Path) -> (String, WebConfig) {
    serve_store_with(&school.store, &school.url, None, dir).await
}

/// A fresh login link (the whole URL).
pub async fn login_link(school: &School, config: &WebConfig, user: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    let token = login::login_link(&school.store, &config.admins, user, now)
        .await
        .expect("store")
        .expect("a teacher gets a link");
    login::login_url(&config.base_url, &token)
}

/// The value of the first `<input ... name="NAME" value="...">` on a page
/// (maud writes `name` before `value`), unescaped.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let rest = html.split(&format!("name=\"{name}\" value=\"")).nth(1)?;
    let raw = rest.split('"').next()?;
    Some(
        raw.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}
