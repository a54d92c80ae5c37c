//! Load on the Telegram bot: 200 simulated students against the fake Bot API
//! server on loopback, with the SQLite store in a temporary folder. Throttle
//! and the send budget are off: this measures the bot, not Telegram's rate
//! limits. Latency is from an update becoming available at the fake server
//! to the bot's answer arriving there. Targets: p99 < 50 ms, >= 500
//! replies/s, < 100 MiB.
//!
//! Two runs, because they answer different questions:
//! - closed loop (saturation): every student does a whole dialogue at once,
//!   each message sent the moment the previous answer arrived, so 200
//!   updates are always in flight. It gives the maximum throughput; its
//!   latency is bound to 200 / throughput by Little's law, so it says how
//!   long the queue gets, not what a student waits at a realistic load;
//! - open loop (offered load): messages arrive at a fixed rate (500/s by
//!   default, Poisson arrivals spread over the 200 students, whatever the
//!   bot's answers), which is what "p99 under 50 ms at 500 replies/s" means.
//!   Rates are set with `LOAD_RATES=500,1000` (messages per second).
//!
//! With the send budget on as in production (`LOAD_BUDGET=30`, messages per
//! second, as `COACH_SEND_RATE`), the fake server also enforces Telegram's
//! 30 sends per sliding second (429 beyond), only the open loop runs (the
//! closed loop would measure the budget, not the bot), for `LOAD_SECONDS`
//! (default 10) per rate:
//! `LOAD_BUDGET=30 LOAD_RATES=20,25 LOAD_SECONDS=60 cargo bench --bench telegram_load`.
//!
//! Peak resident memory (VmHWM) covers the bot, the fake server and the
//! simulated students (the fake's request log is cleared after each run).
//! Criterion then times whole closed-loop runs.
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
use rand::{Rng, SeedableRng};

const STUDENTS: usize = 200;
const DIALOGUE: &str = "test-koffie";
const REPLIES: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie drinken jullie per dag?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];
const TIMEOUT: Duration = Duration::from_secs(60);
/// Sends the bot answers to each step of a dialogue: one each (the briefing
/// with the customer's first line, feedback with the next line, the closing
/// line with the scorecard).
const SENDS_PER_STEP: [usize; 4] = [1, 1, 1, 1];
/// How long each open-loop run offers load, unless `LOAD_SECONDS` says.
const OPEN_LOOP_SECONDS: f64 = 10.0;

/// `LOAD_BUDGET`: the send budget in messages per second (off when unset).
fn budget() -> Option<u32> {
    std::env::var("LOAD_BUDGET").ok()?.trim().parse().ok()
}

fn open_loop_seconds() -> f64 {
    std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(OPEN_LOOP_SECONDS)
}

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
    config.send_rate = budget();
    if let Some(limit) = budget() {
        // As Telegram: 429 beyond the limit in any sliding second.
        fake.enforce_rate(limit as usize, Duration::from_secs(1));
    }
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
    let mut steps = vec![(format!("/oefen {DIALOGUE}"), SENDS_PER_STEP[0])];
    steps.extend(
        REPLIES
            .iter()
            .zip(&SENDS_PER_STEP[1..])
            .map(|(r, n)| (r.to_string(), *n)),
    );
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
    setup.fake.forget_history();
    Run {
        wall: started.elapsed(),
        replies: STUDENTS * REPLIES.len(),
        updates: STUDENTS * (REPLIES.len() + 1),
        latencies,
    }
}

/// One student in the open loop: messages at Poisson times (mean gap
/// `mean_gap` seconds), dialogue after dialogue, never waiting for the
/// answers (a slow bot does not slow the arrivals down). Returns, per
/// message, its update id and which send to its chat answers it.
async fn open_student(
    fake: FakeTelegram,
    user: i64,
    start: tokio::time::Instant,
    end: tokio::time::Instant,
    mean_gap: f64,
    seed: u64,
) -> Vec<(i64, usize)> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut gap = || Duration::from_secs_f64(-(1.0 - rng.random::<f64>()).ln() * mean_gap);
    let mut at = start + gap();
    let mut sent = Vec::new();
    let mut answers_before = 0;
    let mut step = 0;
    while at < end {
        tokio::time::sleep_until(at).await;
        let text = match step {
            0 => format!("/oefen {DIALOGUE}"),
            n => REPLIES[n - 1].to_string(),
        };
        let id = fake.push_update(updates::text(user, &text));
        sent.push((id, answers_before + 1));
        answers_before += SENDS_PER_STEP[step];
        step = (step + 1) % SENDS_PER_STEP.len();
        at += gap();
    }
    sent
}

struct OpenRun {
    offered: f64,
    messages: usize,
    wall: Duration,
    latencies: Vec<Duration>,
}

/// Offers `rate` messages per second for [`OPEN_LOOP_SECONDS`], then waits
/// for every answer.
async fn open_loop(setup: &Setup, rate: f64) -> OpenRun {
    let first = setup
        .next_user
        .fetch_add(STUDENTS as i64, Ordering::Relaxed);
    let mean_gap = STUDENTS as f64 / rate;
    let start = tokio::time::Instant::now();
    let end = start + Duration::from_secs_f64(open_loop_seconds());
    let tasks: Vec<_> = (0..STUDENTS as i64)
        .map(|i| {
            let fake = setup.fake.clone();
            tokio::spawn(open_student(
                fake,
                first + i,
                start,
                end,
                mean_gap,
                i as u64,
            ))
        })
        .collect();
    let mut sent = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        sent.push((first + i as i64, t.await.expect("student task")));
    }
    let mut latencies = Vec::new();
    for (user, updates) in &sent {
        for (id, answer) in updates {
            let available = setup.fake.available_at(*id).expect("queued");
            let answered = setup
                .fake
                .wait_sends(*user, *answer, TIMEOUT)
                .await
                .expect("answer within the timeout");
            latencies.push(answered.saturating_duration_since(available));
        }
    }
    let wall = start.elapsed();
    // Let the last closing lines and scorecards go out before the log is cleared.
    tokio::time::sleep(Duration::from_millis(200)).await;
    setup.fake.forget_history();
    OpenRun {
        offered: rate,
        messages: latencies.len(),
        wall,
        latencies,
    }
}

fn report_open(r: &mut OpenRun) {
    r.latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let seconds = open_loop_seconds();
    let budget = budget().map_or("off".to_string(), |b| format!("{b}/s"));
    println!(
        "telegram_load open loop (send budget {budget}): offered {:.0} messages/s to {STUDENTS} students for {seconds:.0} s: \
         {} messages ({:.1}/s actually sent), all answered after {:.2} s",
        r.offered,
        r.messages,
        r.messages as f64 / seconds,
        r.wall.as_secs_f64()
    );
    println!(
        "telegram_load open loop at {:.0}/s: update available -> answer: \
         p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        r.offered,
        ms(percentile(&r.latencies, 0.50)),
        ms(percentile(&r.latencies, 0.90)),
        ms(percentile(&r.latencies, 0.99)),
        ms(r.latencies.last().copied().unwrap_or_default())
    );
    println!(
        "telegram_load open loop: peak RSS so far {:.1} MiB",
        peak_rss_mib()
    );
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
        "telegram_load closed loop: {STUDENTS} students, {} replies ({} updates) in {:.2} s",
        r.replies, r.updates, secs
    );
    println!(
        "telegram_load closed loop: {:.0} replies/s ({:.0} updates/s)",
        r.replies as f64 / secs,
        r.updates as f64 / secs
    );
    println!(
        "telegram_load closed loop (saturated, 200 in flight): update available -> answer: \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
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
        "telegram_load closed loop: peak RSS {:.1} MiB (bot + fake server + students)",
        peak_rss_mib()
    );
}

fn main() {
    let runtime = Arc::new(tokio::runtime::Runtime::new().expect("runtime"));
    let mut setup = runtime.block_on(setup());
    if budget().is_none() {
        let mut first = runtime.block_on(run(&setup));
        report(&mut first);
    }
    let rates = std::env::var("LOAD_RATES").unwrap_or_else(|_| "500".into());
    for rate in rates
        .split(',')
        .filter_map(|r| r.trim().parse::<f64>().ok())
    {
        let mut open = runtime.block_on(open_loop(&setup, rate));
        report_open(&mut open);
        if budget().is_some() {
            println!(
                "telegram_load open loop: 429 answers from the fake so far: {}",
                setup.fake.rate_limited()
            );
        }
    }
    if budget().is_some() {
        if let Some(bot) = setup.bot.take() {
            let _ = runtime.block_on(bot.shutdown());
        }
        return;
    }

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
