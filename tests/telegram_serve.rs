//! `gesprekscoach serve` as a real process, and webhook mode.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::fake_telegram::{FakeTelegram, TOKEN, updates};
use common::telegram_harness::{DIALOGUE, Harness, STRONG_REPLIES, fixtures_dir};

fn serve(fake: &FakeTelegram, database_url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gesprekscoach"))
        .arg("serve")
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("DATABASE_URL", database_url)
        .env("COACH_DIALOGUES_DIR", fixtures_dir())
        .env_remove("COACH_WEBHOOK_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gesprekscoach serve")
}

#[test]
fn serve_without_a_token_explains_botfather_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_gesprekscoach"))
        .arg("serve")
        .current_dir(dir.path())
        .env_remove("TELOXIDE_TOKEN")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("@BotFather") && err.contains("TELOXIDE_TOKEN"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
}

#[test]
fn serve_with_a_nonsense_send_rate_says_what_is_allowed_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    for nonsense in ["0", "dertig"] {
        let out = Command::new(env!("CARGO_BIN_EXE_gesprekscoach"))
            .arg("serve")
            .current_dir(dir.path())
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("COACH_SEND_RATE", nonsense)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("COACH_SEND_RATE '{nonsense}'"))
                && err.contains("van 1 tot 1000")
                && err.contains("from 1 to 1000"),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_in_the_middle_of_a_dialogue_loses_nothing() {
    let h = Harness::new().await;
    let db = h.database_url();
    let me = 7001;
    let mut bot = serve(&h.fake, &db);
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    h.say_and_wait(me, STRONG_REPLIES[0], 2).await;

    // A message may be sent twice only if the process dies between Telegram's
    // answer and the outbox delete (at-least-once delivery); kill just after.
    let pool = h.pool().await;
    for _ in 0..100 {
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tg_outbox")
            .fetch_one(&pool)
            .await
            .expect("outbox");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // SIGKILL: no shutdown code runs. The next reply arrives while it is down.
    bot.kill().expect("kill -9");
    let _ = bot.wait();
    h.say(me, STRONG_REPLIES[1]);

    let mut bot = serve(&h.fake, &db);
    let texts = h.fake.wait_for_texts(me, 3).await;
    assert!(texts[2].contains("veertig koppen"), "{}", texts[2]);
    let texts = h.say_and_wait(me, STRONG_REPLIES[2], 4).await;
    assert!(texts[3].contains("100"), "{}", texts[3]);

    // SIGTERM: a graceful stop that confirms the offset.
    let pid = bot.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || bot.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(exit.success(), "graceful exit: {exit:?}");
    assert_eq!(h.fake.pending_updates(), 0, "offset confirmed on shutdown");
    h.fake.assert_valid();
}

async fn post_update(
    addr: std::net::SocketAddr,
    secret: Option<&str>,
    body: &serde_json::Value,
) -> reqwest::StatusCode {
    let client = reqwest::Client::new();
    let mut req = client
        .post(format!("http://{addr}/telegram/hook"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    req.send().await.expect("post").status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_checks_the_secret_ignores_repeats_and_keeps_the_webhook() {
    let mut h = Harness::new().await;
    let secret = "s3cret_Token-42";
    h.start_with(h.webhook_config(secret)).await;
    let addr = h
        .bot
        .as_ref()
        .and_then(|b| b.webhook_addr)
        .expect("webhook address");

    let set = h.fake.calls("setWebhook");
    assert_eq!(set.len(), 1);
    assert_eq!(
        set[0].params["url"],
        "https://coach.example.org/telegram/hook"
    );
    assert_eq!(set[0].params["secret_token"], secret);

    let me = 7101;
    let mut update = updates::text(me, "/help");
    update["update_id"] = serde_json::json!(500);
    // Without or with a wrong secret: refused, no effect.
    assert_eq!(post_update(addr, None, &update).await, 401);
    assert_eq!(post_update(addr, Some("wrong"), &update).await, 401);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(h.fake.sent_to(me).is_empty());

    // With the secret: handled; a retry of the same update has no second effect.
    assert_eq!(post_update(addr, Some(secret), &update).await, 200);
    assert_eq!(post_update(addr, Some(secret), &update).await, 200);
    let texts = h.fake.wait_for_texts(me, 1).await;
    assert!(texts[0].contains("/oefen"));
    let mut next = updates::text(me, &format!("/oefen {DIALOGUE}"));
    next["update_id"] = serde_json::json!(501);
    assert_eq!(post_update(addr, Some(secret), &next).await, 200);
    h.fake.wait_for_texts(me, 2).await;
    assert_eq!(
        h.fake.sent_to(me).len(),
        2,
        "the repeated /help was ignored"
    );

    // Liveness endpoint.
    let health = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);

    // Shutdown leaves the webhook registered for other instances.
    h.stop().await;
    assert!(h.fake.calls("deleteWebhook").is_empty());
    assert!(
        h.fake.calls("getUpdates").is_empty(),
        "no polling in webhook mode"
    );
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_throttled_production_client_serves_a_whole_dialogue() {
    let mut h = Harness::new().await;
    let mut config = h.config();
    config.throttle = true;
    h.start_with(config).await;
    let me = 7201;
    h.say_and_wait(me, &format!("/oefen {DIALOGUE}"), 1).await;
    for (i, r) in STRONG_REPLIES.iter().enumerate() {
        h.say_and_wait(me, r, 2 + i).await;
    }
    let card = h.fake.texts_to(me).pop().expect("scorecard");
    assert!(card.contains("100"), "{card}");
    h.stop().await;
    h.fake.assert_valid();
}
