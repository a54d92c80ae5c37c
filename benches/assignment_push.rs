//! Pushing an assignment to a class of 1,000 students through a fake Bot API
//! server that enforces Telegram's 30 messages per second (a sliding one
//! second window; 429 with `retry_after` beyond it), while one other student
//! practises a dialogue.
//!
//! Prints, for the production set-up (the bot's send budget) and with
//! teloxide's Throttle adaptor in front of it as well: the time from the
//! teacher's `/opdracht` to the last push arriving, the 429 answers, and the
//! practising student's answer latency during the push. Target: within 5 %
//! of the 33.3 s the limit allows, no 429.
//!
//! `cargo bench --bench assignment_push` (about two minutes)

#[path = "../tests/common/fake_telegram.rs"]
mod fake_telegram;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fake_telegram::{FakeTelegram, TOKEN, updates};
use gesprekscoach::telegram::TelegramConfig;

const STUDENTS: i64 = 1000;
const LIMIT: usize = 30;
const ADMIN: i64 = 9001;
const PRACTISING: i64 = 7001;
const FIRST_STUDENT: i64 = 100_000;
const REPLIES: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie drinken jullie per dag?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

struct Outcome {
    total: Duration,
    first_to_last: Duration,
    pushed: usize,
    rate_limited: usize,
    answers: Vec<Duration>,
}

fn pushes(fake: &FakeTelegram) -> Vec<Instant> {
    fake.calls("sendMessage")
        .iter()
        .filter(|r| r.text().is_some_and(|t| t.contains("Nieuwe opdracht")))
        .map(|r| r.at)
        .collect()
}

/// The teacher's messages: the answer to `text`.
async fn ask(fake: &FakeTelegram, user: i64, text: &str) -> String {
    let before = fake.sent_to(user).len();
    fake.push_update(updates::text(user, text));
    fake.wait_for_texts(user, before + 1).await[before].clone()
}

async fn run(throttle: bool) -> Outcome {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("push.db").display());
    let dialogues = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues");
    let mut config = TelegramConfig::new(TOKEN.to_string(), url.clone(), dialogues);
    config.api_url = Some(fake.url().parse().expect("url"));
    config.throttle = throttle;
    config.poll_timeout = Duration::from_secs(1);
    config.admin_ids = vec![ADMIN];
    let bot = gesprekscoach::telegram::start(config).await.expect("bot");

    // An admin may teach: one class, a thousand members (written directly;
    // a thousand /klas messages would only slow the set-up).
    let created = ask(&fake, ADMIN, "/nieuweklas 4C").await;
    assert!(created.contains("is gemaakt"), "{created}");
    let pool = sqlx::SqlitePool::connect(&url).await.expect("db");
    let mut tx = pool.begin().await.expect("tx");
    for i in 0..STUDENTS {
        let id = FIRST_STUDENT + i;
        sqlx::query(
            "INSERT INTO tg_users (user_id, chat_id, first_name, class_id, created_at) \
             VALUES (?, ?, ?, (SELECT id FROM classes WHERE name = '4C'), 0)",
        )
        .bind(id)
        .bind(id)
        .bind(format!("Student{id}"))
        .execute(&mut *tx)
        .await
        .expect("student");
    }
    tx.commit().await.expect("commit");

    fake.enforce_rate(LIMIT, Duration::from_secs(1));
    let started = Instant::now();
    let reply = ask(&fake, ADMIN, "/opdracht 4C test-koffie").await;
    assert!(reply.contains("1000 leerlingen"), "{reply}");

    // Meanwhile another student practises: every answer's latency.
    let mut answers = Vec::new();
    let mut seen = fake.sent_to(PRACTISING).len();
    let mut steps = vec![("/oefen test-koffie".to_string(), 2usize)];
    steps.extend(REPLIES.iter().map(|r| (r.to_string(), 1)));
    steps.last_mut().expect("steps").1 = 2;
    for (text, new) in steps {
        tokio::time::sleep(Duration::from_secs(3)).await;
        let id = fake.push_update(updates::text(PRACTISING, &text));
        let available = fake.available_at(id).expect("queued");
        let answered = fake
            .wait_sends(PRACTISING, seen + 1, Duration::from_secs(60))
            .await
            .expect("an answer");
        answers.push(answered.saturating_duration_since(available));
        seen += new;
        fake.wait_sends(PRACTISING, seen, Duration::from_secs(60))
            .await
            .expect("all of it");
    }

    fake.wait_until("all pushes", Duration::from_secs(120), |f| {
        pushes(f).len() >= STUDENTS as usize
    })
    .await;
    let times = pushes(&fake);
    let first = times.iter().min().copied().unwrap_or(started);
    let last = times.iter().max().copied().unwrap_or(started);
    let outcome = Outcome {
        total: last.saturating_duration_since(started),
        first_to_last: last.saturating_duration_since(first),
        pushed: times.len(),
        rate_limited: fake.rate_limited(),
        answers,
    };
    let _ = bot.shutdown().await;
    outcome
}

fn report(name: &str, o: &Outcome) {
    let ideal = (STUDENTS as f64 - 1.0) / LIMIT as f64;
    let secs = o.total.as_secs_f64();
    println!(
        "assignment_push [{name}]: {} pushes in {secs:.2} s from /opdracht to the last one \
         ({:.2} s first to last; {:.1} msg/s); {:+.1} % against the {ideal:.1} s the limit allows; \
         429 answers: {}",
        o.pushed,
        o.first_to_last.as_secs_f64(),
        o.pushed as f64 / secs,
        (secs / ideal - 1.0) * 100.0,
        o.rate_limited
    );
    let ms: Vec<String> = o
        .answers
        .iter()
        .map(|d| format!("{:.0}", d.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "assignment_push [{name}]: answers to a practising student during the push: {} ms",
        ms.join(", ")
    );
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: skip the two minutes.
    if !std::env::args().any(|a| a == "--bench") {
        println!("assignment_push: run with `cargo bench --bench assignment_push`");
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let production = runtime.block_on(run(false));
    report("send budget (production)", &production);
    let throttled = runtime.block_on(run(true));
    report("send budget + teloxide Throttle", &throttled);
}
