//! Settings of `gesprekscoach serve`, read from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

/// Where a webhook is registered and served.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Public URL Telegram posts updates to (`COACH_WEBHOOK_URL`).
    pub url: Url,
    /// Local listen address (`COACH_WEBHOOK_ADDR`, default `0.0.0.0:8443`).
    pub addr: SocketAddr,
    /// Checked on every request (`COACH_WEBHOOK_SECRET`).
    pub secret: String,
}

/// Everything the Telegram front end needs to run.
#[derive(Debug, Clone)]
pub struct TelegramConfig {
    pub token: String,
    /// Another Bot API server (`TELOXIDE_API_URL`), e.g. a local one or a test fake.
    pub api_url: Option<Url>,
    pub database_url: String,
    pub dialogues_dir: PathBuf,
    /// Webhook mode when set; long polling otherwise.
    pub webhook: Option<WebhookConfig>,
    /// Also put teloxide's Throttle adaptor in front of the client. Off by
    /// default: the send budget (`send_rate`) keeps to Telegram's limits
    /// exactly, and Throttle on top of it cost a class push of 1,000
    /// students 20 % of its speed and every answer up to 250 ms
    /// (`benches/assignment_push.rs`).
    pub throttle: bool,
    /// Long-polling timeout of `getUpdates`.
    pub poll_timeout: Duration,
    /// Timeout of one Bot API request; must exceed `poll_timeout`.
    pub request_timeout: Duration,
    /// Interval of the liveness log line in polling mode.
    pub liveness_interval: Duration,
    /// First delay after a failed Bot API call; doubled up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// Network failures per message before it is left for a later attempt.
    pub send_attempts: u32,
    /// The bot's clock: webcare shifts, assignment deadlines, the weekly
    /// plan and reminders run on it (a manual one in tests).
    pub shift_clock: super::clock::ShiftClock,
    /// How often due webcare messages are delivered.
    pub shift_tick: Duration,
    /// Telegram user ids of the admins (`COACH_ADMIN_IDS`): they hand out
    /// teacher invite codes and publish dialogues to everyone.
    pub admin_ids: Vec<i64>,
    /// Messages per second to Telegram, answers before bulk pushes
    /// ([`super::pace`]). None only in benchmarks that measure the bot itself.
    pub send_rate: Option<u32>,
    /// Local time of weekly plans and deadlines (`COACH_TIMEZONE`).
    pub timezone: chrono_tz::Tz,
    /// Automatic reminders go this many hours before a deadline
    /// (`COACH_REMINDER_HOURS`, 0 = none).
    pub reminder_hours: u32,
    /// The dashboard's public address (`COACH_WEB_URL`, else `http://` and
    /// `COACH_WEB_ADDR`), for `/dashboard`; None when neither is set.
    pub dashboard_url: Option<String>,
    /// How often the scheduler looks for due plan pushes and reminders.
    pub schedule_tick: Duration,
}

/// Why `serve` cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "Geen bot-token: maak een bot bij @BotFather in Telegram (/newbot) en zet het token in TELOXIDE_TOKEN. / No bot token: create a bot with @BotFather in Telegram (/newbot) and put its token in TELOXIDE_TOKEN."
    )]
    MissingToken,
    #[error("{name} is geen geldige URL: {value}")]
    BadUrl {
        name: &'static str,
        value: String,
        #[source]
        source: url::ParseError,
    },
    #[error("COACH_WEBHOOK_ADDR is geen geldig adres (bijvoorbeeld 0.0.0.0:8443): {value}")]
    BadAddr {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
    #[error(
        "COACH_ADMIN_IDS moet Telegram-gebruikers-id's bevatten, gescheiden door komma's (bijvoorbeeld 12345678,23456789); '{value}' is geen id. Je eigen id zie je bijvoorbeeld via @userinfobot."
    )]
    BadAdminId {
        value: String,
        #[source]
        source: std::num::ParseIntError,
    },
    #[error(transparent)]
    Timezone(#[from] crate::config::BadTimezone),
    /// `source` is the parse error when the value is no number at all, and
    /// absent when it is a number out of range.
    #[error(
        "COACH_REMINDER_HOURS '{value}' is geen aantal uren; gebruik een heel getal van 0 tot 720, bijvoorbeeld 24 (0 = geen automatische herinnering)"
    )]
    BadReminderHours {
        value: String,
        #[source]
        source: Option<std::num::ParseIntError>,
    },
    /// As for [`ConfigError::BadReminderHours`].
    #[error(
        "COACH_SEND_RATE '{value}' is geen aantal berichten per seconde; gebruik een heel getal van 1 tot 1000, bijvoorbeeld 30 (de limiet van Telegram). / COACH_SEND_RATE '{value}' is not a number of messages per second; use a whole number from 1 to 1000, e.g. 30 (Telegram's limit)."
    )]
    BadSendRate {
        value: String,
        #[source]
        source: Option<std::num::ParseIntError>,
    },
    #[error(
        "COACH_WEBHOOK_SECRET ontbreekt of is ongeldig: 1-256 tekens, alleen A-Z, a-z, 0-9, _ en -"
    )]
    BadSecret,
}

/// Telegram's limit for bulk notifications: 30 messages per second.
pub const DEFAULT_SEND_RATE: u32 = 30;
/// The most `COACH_SEND_RATE` accepts: Telegram's paid broadcasts allow up
/// to 1000 messages per second.
pub const MAX_SEND_RATE: u32 = 1000;
/// `COACH_REMINDER_HOURS` when unset.
pub const DEFAULT_REMINDER_HOURS: u32 = 24;

/// Default listen address in webhook mode.
pub const DEFAULT_WEBHOOK_ADDR: &str = "0.0.0.0:8443";

impl TelegramConfig {
    /// Reads the environment on top of the shared [`crate::config::Config`].
    pub fn from_env(base: &crate::config::Config) -> Result<TelegramConfig, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let token = var("TELOXIDE_TOKEN").ok_or(ConfigError::MissingToken)?;
        let parse_url = |name: &'static str, value: String| {
            Url::parse(value.trim()).map_err(|source| ConfigError::BadUrl {
                name,
                value,
                source,
            })
        };
        let api_url = var("TELOXIDE_API_URL")
            .map(|v| parse_url("TELOXIDE_API_URL", v))
            .transpose()?;
        let webhook = match var("COACH_WEBHOOK_URL") {
            None => None,
            Some(url) => {
                let url = parse_url("COACH_WEBHOOK_URL", url)?;
                let addr_text = var("COACH_WEBHOOK_ADDR").unwrap_or(DEFAULT_WEBHOOK_ADDR.into());
                let addr = addr_text
                    .trim()
                    .parse()
                    .map_err(|source| ConfigError::BadAddr {
                        value: addr_text.clone(),
                        source,
                    })?;
                let secret = var("COACH_WEBHOOK_SECRET").ok_or(ConfigError::BadSecret)?;
                if !valid_secret(&secret) {
                    return Err(ConfigError::BadSecret);
                }
                Some(WebhookConfig { url, addr, secret })
            }
        };
        let mut config =
            TelegramConfig::new(token, base.database_url.clone(), base.dialogues_dir.clone());
        config.api_url = api_url;
        config.webhook = webhook;
        config.admin_ids = parse_admin_ids(&var("COACH_ADMIN_IDS").unwrap_or_default())?;
        if let Some(tz) = var("COACH_TIMEZONE") {
            config.timezone = crate::config::timezone(&tz)?;
        }
        // `serve` checks these two in full when it starts the dashboard; the
        // bot only needs the address its links point to.
        config.dashboard_url = var("COACH_WEB_URL")
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .or_else(|| var("COACH_WEB_ADDR").map(|a| format!("http://{}", a.trim())))
            .filter(|u| !u.is_empty());
        if let Some(rate) = var("COACH_SEND_RATE") {
            config.send_rate = Some(parse_send_rate(&rate)?);
        }
        if let Some(hours) = var("COACH_REMINDER_HOURS") {
            config.reminder_hours = parse_reminder_hours(&hours)?;
        }
        Ok(config)
    }

    /// A polling configuration with production timings.
    pub fn new(token: String, database_url: String, dialogues_dir: PathBuf) -> TelegramConfig {
        TelegramConfig {
            token,
            api_url: None,
            database_url,
            dialogues_dir,
            webhook: None,
            throttle: false,
            poll_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(20),
            liveness_interval: Duration::from_secs(60),
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            send_attempts: 5,
            shift_clock: super::clock::ShiftClock::System,
            shift_tick: Duration::from_secs(2),
            admin_ids: Vec::new(),
            send_rate: Some(DEFAULT_SEND_RATE),
            timezone: crate::school::calendar::DEFAULT_TIMEZONE,
            reminder_hours: DEFAULT_REMINDER_HOURS,
            dashboard_url: None,
            schedule_tick: Duration::from_secs(20),
        }
    }
}

/// Telegram's rule for `secret_token`.
pub fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `COACH_SEND_RATE`: messages per second for the whole bot, 1 to
/// [`MAX_SEND_RATE`] (0 would never send; no limit is not Telegram's way).
pub fn parse_send_rate(value: &str) -> Result<u32, ConfigError> {
    whole_number_in(value, 1..=MAX_SEND_RATE).map_err(|source| ConfigError::BadSendRate {
        value: value.to_string(),
        source,
    })
}

/// `COACH_REMINDER_HOURS`: 0 (no automatic reminder) to 30 days.
pub fn parse_reminder_hours(value: &str) -> Result<u32, ConfigError> {
    whole_number_in(value, 0..=24 * 30).map_err(|source| ConfigError::BadReminderHours {
        value: value.to_string(),
        source,
    })
}

/// A whole number within `range`; the error is the parse error, or none
/// for a number outside the range.
fn whole_number_in(
    value: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, Option<std::num::ParseIntError>> {
    let n: u32 = value.trim().parse().map_err(Some)?;
    if range.contains(&n) { Ok(n) } else { Err(None) }
}

/// `COACH_ADMIN_IDS`: comma-separated user ids; spaces and empty items are
/// forgiven because the value is typed by hand.
pub fn parse_admin_ids(value: &str) -> Result<Vec<i64>, ConfigError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse().map_err(|source| ConfigError::BadAdminId {
                value: v.to_string(),
                source,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_ids_are_read_with_spaces_and_a_trailing_comma() {
        assert_eq!(
            parse_admin_ids(" 12345, 67890 ,").expect("ids"),
            vec![12345, 67890]
        );
        assert!(parse_admin_ids("").expect("none").is_empty());
    }

    #[test]
    fn a_send_rate_is_a_whole_number_from_1_to_1000() {
        assert_eq!(parse_send_rate(" 30 ").expect("rate"), 30);
        assert_eq!(parse_send_rate("1000").expect("rate"), 1000);
        for nonsense in ["0", "-5", "1001", "30.5", "dertig", ""] {
            let err = parse_send_rate(nonsense).expect_err(nonsense);
            assert!(err.to_string().contains(&format!("'{nonsense}'")), "{err}");
        }
    }

    #[test]
    fn a_send_rate_that_is_no_number_keeps_the_parse_error_and_one_out_of_range_has_none() {
        let err = parse_send_rate("dertig").expect_err("no number");
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<std::num::ParseIntError>(), "{source}");
        let err = parse_send_rate("1001").expect_err("too many");
        assert!(std::error::Error::source(&err).is_none(), "{err}");
    }

    #[test]
    fn reminder_hours_are_0_to_720_and_nonsense_keeps_the_parse_error() {
        assert_eq!(parse_reminder_hours(" 0 ").expect("none"), 0);
        assert_eq!(parse_reminder_hours("720").expect("30 days"), 720);
        let err = parse_reminder_hours("721").expect_err("too long");
        assert!(err.to_string().contains("'721'"), "{err}");
        assert!(std::error::Error::source(&err).is_none(), "{err}");
        let err = parse_reminder_hours("een dag").expect_err("no number");
        assert!(err.to_string().contains("'een dag'"), "{err}");
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<std::num::ParseIntError>(), "{source}");
    }

    #[test]
    fn a_username_in_admin_ids_is_refused_with_the_offending_value() {
        let err = parse_admin_ids("12345,@juf_annet").expect_err("not an id");
        assert!(err.to_string().contains("'@juf_annet'"), "{err}");
    }
}
