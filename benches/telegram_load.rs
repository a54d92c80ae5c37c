//! Load on the Telegram bot: 200 simulated students each practise a whole
//! dialogue at the same time, against the fake Bot API server on loopback,
//! with the SQLite store in a temporary folder. Throttle and the send budget
//! are off: this measures the bot, not Telegram's rate limits.
//!
//! Prints replies per second, p50/p99 latency from an update becoming
//! available at the fake server to the bot's answer arriving there, and peak
//! resident memory (VmHWM, fake server included); then criterion times whole
//! runs. Targets: p99 < 50 ms, >= 500 replies/s, < 100 MiB.
//!
//! `cargo bench --bench telegram_load`

#[path = "../tests/common/fake_telegram.rs"]
mod fake_telegram;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use criterion::Criterion;
use fake_telegram::{FakeTelegram, TOKEN, updates};
use gesprekscoach::telegram::{BotHandle, TelegramConfig};

const STUDENTS: usize = 200;
const DIALOGUE: &str = "test-koffie";
const REPLIES: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie drinken jullie per dag?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];
const TIMEOUT: Duration = Duration::from_secs(60);

struct Setup {
    fake: FakeTelegram,
    bot: Option<BotHandle>,
    _dir: tempfile::TempDir,
    next_user: AtomicI64,
}

async fn setup() -> Setup {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("load.db").display());
    let dialogues = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues");
    let mut config = TelegramConfig::new(TOKEN.to_string(), url, dialogues);
    config.api_url = Some(fake.url().parse().expect("url"));
    config.throttle = false;
    config.send_rate = None;
    config.poll_timeout = Duration::from_secs(1);
    let bot = gesprekscoach::telegram::start(config).await.expect("bot");
    Setup {
        fake,
        bot: Some(bot),
        _dir: dir,
        next_user: AtomicI64::new(1_000_000),
    }
}

struct Run {
    wall: Duration,
    replies: usize,
    updates: usize,
    latencies: Vec<Duration>,
}

/// One student: /oefen, then the three replies, each waiting for its answer.
async fn student(fake: FakeTelegram, user: i64) -> Vec<Duration> {
    let mut latencies = Vec::new();
    // (update text, sends expected after it: the answer is the first new one)
    let mut steps = vec![(format!("/oefen {DIALOGUE}"), 2usize)];
    steps.extend(REPLIES.iter().map(|r| (r.to_string(), 1)));
    steps.last_mut().expect("steps").1 = 2; // closing line + scorecard
    let mut seen = 0;
    for (text, new) in steps {
        let id = fake.push_update(updates::text(user, &text));
        let available = fake.available_at(id).expect("queued");
        let answered = fake
            .wait_sends(user, seen + 1, TIMEOUT)
            .await
            .expect("answer within the timeout");
        latencies.push(answered.saturating_duration_since(available));
        seen += new;
        fake.wait_sends(user, seen, TIMEOUT)
            .await
            .expect("all messages");
    }
    latencies
}

async fn run(setup: &Setup) -> Run {
    let first = setup
        .next_user
        .fetch_add(STUDENTS as i64, Ordering::Relaxed);
    let started = Instant::now();
    let tasks: Vec<_> = (0..STUDENTS as i64)
        .map(|i| tokio::spawn(student(setup.fake.clone(), first + i)))
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("student task"));
    }
    Run {
        wall: started.elapsed(),
        replies: STUDENTS * REPLIES.len(),
        updates: STUDENTS * (REPLIES.len() + 1),
        latencies,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn report(r: &mut Run) {
    r.latencies.sort();
    let secs = r.wall.as_secs_f64();
    println!(
        "telegram_load: {STUDENTS} students, {} replies ({} updates) in {:.2} s",
        r.replies, r.updates, secs
    );
    println!(
        "telegram_load: {:.0} replies/s ({:.0} updates/s)",
        r.replies as f64 / secs,
        r.updates as f64 / secs
    );
    println!(
        "telegram_load: update available -> answer at fake server: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&r.latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&r.latencies, 0.99).as_secs_f64() * 1000.0,
        r.latencies
            .last()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1000.0
    );
    println!(
        "telegram_load: peak RSS {:.1} MiB (bot + fake server)",
        peak_rss_mib()
    );
}

fn main() {
    let runtime = Arc::new(tokio::runtime::Runtime::new().expect("runtime"));
    let mut setup = runtime.block_on(setup());
    let mut first = runtime.block_on(run(&setup));
    report(&mut first);

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    criterion.bench_function("200 students, one dialogue each", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                total += runtime.block_on(run(&setup)).wall;
            }
            total
        })
    });
    criterion.final_summary();
    if let Some(bot) = setup.bot.take() {
        let _ = runtime.block_on(bot.shutdown());
    }
    println!(
        "telegram_load: peak RSS after all runs {:.1} MiB",
        peak_rss_mib()
    );
}
