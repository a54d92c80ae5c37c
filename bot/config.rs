//! Configuration from the environment (and a `.env` file when present).

use std::path::PathBuf;

/// Default SQLite database, created on first run.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/gesprekscoach.db";
/// Default folder with dialogue files.
pub const DEFAULT_DIALOGUES_DIR: &str = "dialogues";

/// Settings shared by every subcommand.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub dialogues_dir: PathBuf,
}

impl Config {
    /// Reads `.env` (if present) and then the process environment.
    pub fn from_env() -> Config {
        // A missing .env is the normal case, not an error.
        let _ = dotenvy::dotenv();
        Config {
            database_url: std::env::var("DATABASE_URL")
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            dialogues_dir: std::env::var_os("COACH_DIALOGUES_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DIALOGUES_DIR)),
        }
    }
}

/// A user id list that is not one (`COACH_ADMIN_IDS`).
#[derive(Debug, thiserror::Error)]
#[error(
    "COACH_ADMIN_IDS moet Telegram-gebruikers-id's bevatten, gescheiden door komma's (bijvoorbeeld 12345678,23456789); '{value}' is geen id"
)]
pub struct BadUserIds {
    pub value: String,
    #[source]
    pub source: std::num::ParseIntError,
}

/// `COACH_ADMIN_IDS` for front ends other than the bot (the web dashboard):
/// comma-separated Telegram user ids, spaces and empty items forgiven.
pub fn admin_ids(value: &str) -> Result<Vec<i64>, BadUserIds> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse().map_err(|source| BadUserIds {
                value: v.to_string(),
                source,
            })
        })
        .collect()
}
