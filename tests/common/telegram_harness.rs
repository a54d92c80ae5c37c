//! Runs the real Telegram bot in process against the fake Bot API server,
//! on a SQLite file in a temporary folder.

use std::path::PathBuf;
use std::time::Duration;

use gesprekscoach::telegram::{BotHandle, TelegramConfig, WebhookConfig};
use serde_json::Value;
use tempfile::TempDir;

use super::fake_telegram::{FakeTelegram, TOKEN, updates};

/// The fixture dialogue the tests practise.
pub const DIALOGUE: &str = "test-koffie";
/// Replies of a strong student (score 100, path opening-behoefte-aanbod-akkoord).
pub const STRONG_REPLIES: [&str; 3] = [
    "Goedemiddag, u spreekt met Sanne van Koffiekoning.",
    "Hoeveel koppen koffie drinken jullie per dag?",
    "Zal ik een gratis proefplaatsing van twee weken inplannen?",
];

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues")
}

/// The admin of the teachers' tests (`COACH_ADMIN_IDS`).
pub const ADMIN: i64 = 9001;

/// A bot, its fake Telegram and its database.
pub struct Harness {
    pub fake: FakeTelegram,
    pub dir: TempDir,
    pub bot: Option<BotHandle>,
    /// Another database than the SQLite file in `dir` (a PostgreSQL URL).
    pub database: Option<String>,
}

impl Harness {
    /// Fake server + database; the bot is not started yet.
    pub async fn new() -> Harness {
        Harness {
            fake: FakeTelegram::start().await,
            dir: tempfile::tempdir().expect("tempdir"),
            bot: None,
            database: None,
        }
    }

    /// Fake server + the database at `url` (e.g. on a PostgreSQL server).
    pub async fn on(url: String) -> Harness {
        Harness {
            database: Some(url),
            ..Harness::new().await
        }
    }

    pub fn database_url(&self) -> String {
        match &self.database {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.dir.path().join("coach.db").display()),
        }
    }

    /// A polling configuration with test timings.
    pub fn config(&self) -> TelegramConfig {
        let mut c = TelegramConfig::new(TOKEN.to_string(), self.database_url(), fixtures_dir());
        c.api_url = Some(self.fake.url().parse().expect("url"));
        c.throttle = false;
        c.poll_timeout = Duration::from_secs(1);
        c.liveness_interval = Duration::from_secs(60);
        c.min_backoff = Duration::from_millis(20);
        c.max_backoff = Duration::from_millis(200);
        c
    }

    pub fn webhook_config(&self, secret: &str) -> TelegramConfig {
        let mut c = self.config();
        c.webhook = Some(WebhookConfig {
            url: "https://coach.example.org/telegram/hook"
                .parse()
                .expect("url"),
            addr: "127.0.0.1:0".parse().expect("addr"),
            secret: secret.to_string(),
        });
        c
    }

    /// Starts (or restarts) the bot with the polling configuration.
    pub async fn start(&mut self) {
        let config = self.config();
        self.start_with(config).await;
    }

    /// Starts (or restarts) the bot with [`ADMIN`] as its admin.
    pub async fn start_with_admin(&mut self) {
        let mut config = self.config();
        config.admin_ids = vec![ADMIN];
        self.start_with(config).await;
    }

    pub async fn start_with(&mut self, config: TelegramConfig) {
        assert!(self.bot.is_none(), "bot already running");
        let handle = gesprekscoach::telegram::start(config)
            .await
            .expect("bot starts");
        self.bot = Some(handle);
    }

    /// Graceful stop.
    pub async fn stop(&mut self) {
        if let Some(bot) = self.bot.take() {
            bot.shutdown().await.expect("clean shutdown");
        }
    }

    /// A student sends something; returns the update id.
    pub fn send(&self, update: Value) -> i64 {
        self.fake.push_update(update)
    }

    pub fn say(&self, user: i64, text: &str) -> i64 {
        self.send(updates::text(user, text))
    }

    /// Sends text and waits until the chat has received `expect_total` sends.
    pub async fn say_and_wait(&self, user: i64, text: &str, expect_total: usize) -> Vec<String> {
        self.say(user, text);
        self.fake.wait_for_texts(user, expect_total).await
    }

    /// Sends text and returns the one message that answers it.
    pub async fn ask(&self, user: i64, text: &str) -> String {
        let before = self.fake.sent_to(user).len();
        self.say(user, text);
        let texts = self.fake.wait_for_texts(user, before + 1).await;
        texts[before].clone()
    }

    /// Presses an inline button and returns the message that answers it.
    pub async fn press(&self, user: i64, data: &str) -> String {
        let before = self.fake.sent_to(user).len();
        self.send(updates::callback(user, data));
        let texts = self.fake.wait_for_texts(user, before + 1).await;
        texts[before].clone()
    }

    /// `user` sends `content` as a document called `name`; returns the answer.
    pub async fn upload(&self, user: i64, name: &str, content: &[u8]) -> String {
        let file_id = self.fake.add_file(content);
        let before = self.fake.sent_to(user).len();
        self.send(updates::file(user, &file_id, name, content.len() as u64));
        let texts = self.fake.wait_for_texts(user, before + 1).await;
        texts[before].clone()
    }

    /// Opens the database the bot uses (for checking what was stored).
    pub async fn pool(&self) -> sqlx::SqlitePool {
        sqlx::SqlitePool::connect(&self.database_url())
            .await
            .expect("open db")
    }
}

// Teachers and classes, for the teachers' tests.

/// The first code-looking word after `label` in a message.
pub fn code_after(text: &str, label: &str) -> String {
    let rest = &text[text.find(label).expect(label) + label.len()..];
    rest.split_whitespace()
        .next()
        .expect("a code")
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

/// A bot with [`ADMIN`] as its admin (`COACH_ADMIN_IDS`).
pub async fn start_with_admin() -> Harness {
    let mut h = Harness::new().await;
    h.start_with_admin().await;
    h
}

/// Admin hands out an invite; `user` redeems it.
pub async fn make_teacher(h: &Harness, user: i64) {
    let invite = h.ask(ADMIN, "/docentcode").await;
    let code = code_after(&invite, "Docentcode:");
    let welcome = h.ask(user, &format!("/docent {code}")).await;
    assert!(welcome.contains("Welkom als docent"), "{welcome}");
}

/// Creates a class and returns its join code.
pub async fn make_class(h: &Harness, teacher: i64, name: &str) -> String {
    let created = h.ask(teacher, &format!("/nieuweklas {name}")).await;
    assert!(
        created.contains(&format!("Klas {name} is gemaakt")),
        "{created}"
    );
    code_after(&created, "Klascode:")
}

/// The fixture dialogue under another id (and title): a teacher's own file.
pub fn own_dialogue(id: &str, title: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(format!("{DIALOGUE}.toml")))
        .expect("fixture")
        .replacen(
            &format!("id = \"{DIALOGUE}\""),
            &format!("id = \"{id}\""),
            1,
        )
        .replacen(
            "title = \"Test: een koffieautomaat verkopen\"",
            &format!("title = \"{title}\""),
            1,
        )
}
