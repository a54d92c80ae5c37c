//! The dialogue editor's check round trip: the real server on 127.0.0.1
//! with the shipped dialogues folder (its werkproces catalogue), a
//! logged-in teacher, one `POST /editor/controleer` at a time with a whole
//! shipped dialogue as the form's text, answered as JSON (what the editor's
//! script asks on every change) or as the whole editor page (the Controleer
//! button without script). The time includes HTTP over loopback. Issue 14's
//! target: under 100 ms for a 500-line file. The shipped dialogues are
//! 550-818 lines, so the smallest and the largest are measured.
//!
//! `cargo bench --bench editor_check`

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::config::Config;
use gesprekscoach::school::login;
use gesprekscoach::store::StoreError;
use gesprekscoach::store::prelude::*;
use gesprekscoach::web::{Web, WebConfig};

const TEACHER: i64 = 77;

fn dialogues_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues")
}

fn shipped(name: &str) -> String {
    std::fs::read_to_string(dialogues_dir().join(name)).expect("a shipped dialogue")
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let (base, cookie, csrf) = rt.block_on(async {
        let store = gesprekscoach::store::open(&url).await.expect("store");
        store
            .write(|tx| {
                Box::pin(async move {
                    tx.create_invite("INV", 1, i64::MAX / 2).await?;
                    assert!(tx.redeem_invite("INV", TEACHER).await?);
                    Ok::<_, StoreError>(())
                })
            })
            .await
            .expect("teacher");
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
                dialogues_dir: dialogues_dir(),
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
        (
            format!("http://{addr}"),
            format!("coach_sessie={}", secret.as_str()),
            secret.csrf_token(),
        )
    });
    let client = reqwest::Client::new();
    let check = |source: &str, json: bool| {
        let mut request = client
            .post(format!("{base}/editor/controleer"))
            .header("cookie", &cookie)
            .form(&[("csrf", csrf.as_str()), ("bron", source)]);
        if json {
            request = request.header("accept", "application/json");
        }
        async move {
            let response = request.send().await.expect("request");
            let status = response.status();
            let body = response.bytes().await.expect("body");
            assert!(status.is_success() || status.as_u16() == 422, "{status}");
            body.len()
        }
    };
    let small = shipped("verkoopgesprek-daadkrachtige-klant.toml");
    let large = shipped("verkoopgesprek-behoefteanalyse.toml");
    // A misspelt key halfway: the check reports it with line and column.
    let middle = small.lines().count() / 2;
    let broken: String = small
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == middle {
                format!("spelfout = 1\n{l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let lines = |s: &str| s.lines().count();
    let cases = [
        (
            format!("{} lines, valid, JSON", lines(&small)),
            &small,
            true,
        ),
        (
            format!("{} lines, one error, JSON", lines(&broken)),
            &broken,
            true,
        ),
        (
            format!("{} lines, valid, JSON", lines(&large)),
            &large,
            true,
        ),
        (
            format!("{} lines, valid, whole page (no script)", lines(&small)),
            &small,
            false,
        ),
    ];
    let mut group = c.benchmark_group("editor check round trip");
    for (name, source, json) in &cases {
        group.bench_function(name.as_str(), |b| {
            b.iter(|| rt.block_on(check(source, *json)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
