//! The dashboard's pages for a class of 35 students with 20 finished
//! attempts each (700 attempts, 2,100 replies) on a SQLite file: the real
//! server on 127.0.0.1, a logged-in teacher, one HTTP request at a time. The
//! time includes the request over loopback, so it bounds the server's time
//! from above. Issue 14's target: every page under 50 ms. Also the
//! assignments page and one step of a webcare shift in the editor's preview
//! (a POST that replays the shift's steps so far on the file's scenario).
//!
//! `cargo bench --bench web_dashboard`

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::checking::load_dir;
use gesprekscoach::config::Config;
use gesprekscoach::dialogue::Prepared;
use gesprekscoach::engine::{self, Input, Output, Scorecard, Session, TurnRecord};
use gesprekscoach::matching::Matcher;
use gesprekscoach::school::login;
use gesprekscoach::store::prelude::*;
use gesprekscoach::store::{AnyStore, ClassId, LearnerId, LearnerKey, StoreError};
use gesprekscoach::web::{Web, WebConfig};

const STUDENTS: i64 = 35;
const ATTEMPTS: usize = 20;
const TEACHER: i64 = 77;
const STRONG: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie worden er per dag gedronken?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];
const WEAK: [&str; 3] = ["Met Sanne.", "Met Sanne.", "Wij verhuren automaten."];

fn dialogues_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues")
}

fn webcare_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webcare")
}

/// The server's folder: the dialogue and the webcare fixture, with both
/// catalogues in one (as tests/common/dashboard.rs's `with_webcare`).
fn server_dir(dir: &std::path::Path) -> PathBuf {
    let folder = dir.join("dialogues");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::copy(
        dialogues_dir().join("test-koffie.toml"),
        folder.join("test-koffie.toml"),
    )
    .expect("koffie");
    std::fs::copy(
        webcare_dir().join("webcare-test.toml"),
        folder.join("webcare-test.toml"),
    )
    .expect("webcare");
    let catalogue = [dialogues_dir(), webcare_dir()]
        .iter()
        .map(|d| std::fs::read_to_string(d.join("werkprocessen.toml")).expect("catalogue"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(folder.join("werkprocessen.toml"), catalogue).expect("catalogue");
    folder
}

/// One played attempt: the start session and each step's save.
type Played = (
    Session,
    Vec<(Session, Option<TurnRecord>, Option<Scorecard>)>,
);

fn play(d: &Prepared, m: &Matcher, replies: &[&str]) -> Played {
    let (start, _) = engine::start(d, 3);
    let mut s = start.clone();
    let mut saves = Vec::new();
    for r in replies {
        if s.finished {
            break;
        }
        let (next, out, turn) = engine::handle(d, m, s, Input::Reply(r.to_string()));
        s = next;
        let card = out.into_iter().find_map(|o| match o {
            Output::Scorecard(c) => Some(c),
            _ => None,
        });
        saves.push((s.clone(), turn, card));
    }
    (start, saves)
}

/// The class, its students and their attempts, one write unit per student.
async fn school(store: &AnyStore) -> (i64, LearnerId) {
    let (mut dialogues, _) = load_dir(&dialogues_dir());
    let d = dialogues.remove(0);
    let m = Matcher::new();
    let played = [play(&d, &m, &WEAK), play(&d, &m, &STRONG)];
    let werkprocessen = d.dialogue.werkprocessen.clone();
    let class = store
        .write(|tx| {
            Box::pin(async move {
                tx.create_invite("INV", 1, i64::MAX / 2).await?;
                tx.redeem_invite("INV", TEACHER).await?;
                Ok::<_, StoreError>(tx.create_class_for("4C", "CODE4C", TEACHER).await?.id)
            })
        })
        .await
        .expect("class");
    let mut first = None;
    for n in 0..STUDENTS {
        let (played, werkprocessen) = (played.clone(), werkprocessen.clone());
        let learner = store
            .write(move |tx| {
                let (played, werkprocessen) = (played.clone(), werkprocessen.clone());
                Box::pin(async move {
                    let user = 10_000 + n;
                    let name = format!("Leerling {n:02}");
                    let learner = tx.learner(LearnerKey::Telegram(user), Some(&name)).await?;
                    tx.user_touch(user, user, &name, learner.id).await?;
                    tx.join_class(learner.id, ClassId(class)).await?;
                    for i in 0..ATTEMPTS {
                        let (start, saves) = &played[i % 2];
                        let attempt = tx.start_attempt(learner.id, start, &werkprocessen).await?;
                        for (s, turn, card) in saves {
                            tx.save_turn(attempt, s, turn.as_ref(), card.as_ref())
                                .await?;
                        }
                    }
                    Ok::<_, StoreError>(learner.id)
                })
            })
            .await
            .expect("students");
        first.get_or_insert(learner);
    }
    (class, first.expect("a student"))
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let folder = server_dir(dir.path());
    let (base, cookie, csrf, class, learner) = rt.block_on(async {
        let store = gesprekscoach::store::open(&url).await.expect("store");
        let (class, learner) = school(&store).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let config = WebConfig {
            addr,
            base_url: format!("http://{addr}"),
            admins: Vec::new(),
            timezone: chrono_tz::Europe::Amsterdam,
        };
        let web = Web::new(
            store.clone(),
            &Config {
                database_url: url.clone(),
                dialogues_dir: folder.clone(),
            },
            config,
            std::sync::Arc::new(gesprekscoach::telegram::AssignmentAnnouncer),
        );
        tokio::spawn(async move { web.serve(listener, std::future::pending()).await });
        let now = chrono::Utc::now().timestamp();
        let token = login::login_link(&store, &[], TEACHER, now)
            .await
            .expect("store")
            .expect("a teacher");
        let (secret, _) = login::log_in(&store, &token, now)
            .await
            .expect("store")
            .expect("a session");
        let cookie = format!("coach_sessie={}", secret.as_str());
        (
            format!("http://{addr}"),
            cookie,
            secret.csrf_token(),
            class,
            learner,
        )
    });
    let client = reqwest::Client::new();
    let fetch = |path: String| {
        let request = client
            .get(format!("{base}{path}"))
            .header("cookie", &cookie);
        async move {
            let response = request.send().await.expect("request");
            assert!(response.status().is_success(), "{}", response.status());
            response.bytes().await.expect("body").len()
        }
    };
    let pages = [
        ("class overview (heatmap)", format!("/klas/{class}")),
        (
            "class overview sorted by criterion",
            format!("/klas/{class}?sorteer=k1"),
        ),
        ("class CSV", format!("/klas/{class}/overzicht.csv")),
        (
            "one student's 20 attempts",
            format!("/klas/{class}/leerling/{}", learner.0),
        ),
        ("the teacher's classes", "/".to_string()),
        (
            "assignments and weekly plan",
            format!("/klas/{class}/opdrachten"),
        ),
    ];
    let mut group = c.benchmark_group("dashboard, 35 students × 20 attempts");
    for (name, path) in pages {
        group.bench_function(name, |b| b.iter(|| rt.block_on(fetch(path.clone()))));
    }
    group.finish();

    // A reply to post #2 after a reply to #1 and a move of the clock: the
    // server checks the file, replays the steps and renders the page.
    let source =
        std::fs::read_to_string(webcare_dir().join("webcare-test.toml")).expect("webcare fixture");
    let steps = r#"[{"doe":"reageer","bericht":1,"tekst":"Sorry! Stuur je een DM? ^Sam"},{"doe":"volgende"}]"#;
    let step = || {
        let request = client
            .post(format!("{base}/editor/oefen"))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("bron", source.as_str()),
                ("dienst", steps),
                ("actie", "reageer"),
                ("bericht", "2"),
                (
                    "antwoord",
                    "Sorry, dit is ernstig. Mijn teamleider belt je vandaag ^Sam",
                ),
            ]);
        async move {
            let response = request.send().await.expect("request");
            assert!(response.status().is_success(), "{}", response.status());
            let body = response.text().await.expect("body");
            assert!(body.contains("#2"), "the shift went on");
            body.len()
        }
    };
    let mut group = c.benchmark_group("editor, webcare file");
    group.bench_function("one step of the shift preview", |b| {
        b.iter(|| rt.block_on(step()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
