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

/// A `COACH_TIMEZONE` that is not an IANA name. Every front end reads the
/// variable through [`timezone`], so the message and the kept parse error
/// are the same everywhere.
#[derive(Debug, thiserror::Error)]
#[error(
    "COACH_TIMEZONE '{value}' is geen tijdzone uit de IANA-lijst; gebruik bijvoorbeeld Europe/Amsterdam"
)]
pub struct BadTimezone {
    pub value: String,
    #[source]
    pub source: chrono_tz::ParseError,
}

/// `COACH_TIMEZONE`: an IANA name such as `Europe/Amsterdam` (surrounding
/// spaces forgiven, as the value is typed by hand).
pub fn timezone(value: &str) -> Result<chrono_tz::Tz, BadTimezone> {
    value.trim().parse().map_err(|source| BadTimezone {
        value: value.to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timezone_is_an_iana_name_with_spaces_forgiven() {
        assert_eq!(
            timezone(" Asia/Tokyo ").expect("zone"),
            chrono_tz::Asia::Tokyo
        );
    }

    #[test]
    fn an_unknown_timezone_keeps_the_value_and_chrono_tz_s_parse_error() {
        let err = timezone("Mars/Olympus").expect_err("no such zone");
        assert!(err.to_string().contains("'Mars/Olympus'"), "{err}");
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<chrono_tz::ParseError>(), "{source}");
    }
}
