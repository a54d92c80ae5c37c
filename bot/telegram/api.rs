//! The Bot API client: teloxide's `Bot` (rustls), behind the Throttle adaptor
//! in production. One small wrapper so the rest of the module does not carry
//! teloxide's adaptor generics around.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::types::{AllowedUpdate, BotCommand, InlineKeyboardMarkup, InputFile};
use url::Url;

/// Why a file download failed.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("the file is larger than allowed")]
    TooBig,
    /// Asking Telegram where the file is (`getFile`) failed.
    #[error("getFile failed: {0}")]
    Request(#[from] RequestError),
    /// Reading the file's bytes failed.
    #[error("download failed: {0}")]
    Stream(#[source] reqwest::Error),
}

/// A Bot API client, throttled or not.
#[derive(Clone)]
pub enum Api {
    Plain(Bot),
    Throttled(Throttle<Bot>),
}

/// Runs the same request on whichever client is inside.
macro_rules! with_bot {
    ($api:expr, $b:ident => $e:expr) => {
        match $api {
            Api::Plain($b) => $e,
            Api::Throttled($b) => $e,
        }
    };
}

/// `getUpdates` with the updates left as JSON (teloxide's own payload
/// returns them parsed).
#[derive(serde::Serialize)]
struct RawGetUpdates {
    offset: i32,
    timeout: u32,
    limit: u8,
    allowed_updates: Vec<AllowedUpdate>,
}

impl Payload for RawGetUpdates {
    type Output = Vec<serde_json::Value>;
    const NAME: &'static str = "GetUpdates";

    fn timeout_hint(&self) -> Option<Duration> {
        Some(Duration::from_secs(self.timeout.into()))
    }
}

/// Updates the bot asks for; everything else (channel posts, polls, ...) is
/// irrelevant to a one-to-one coach.
pub fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::EditedMessage,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::MyChatMember,
    ]
}

impl Api {
    /// Builds the client. `request_timeout` must exceed the long-polling timeout.
    pub fn new(
        token: &str,
        api_url: Option<&Url>,
        request_timeout: Duration,
        throttle: bool,
    ) -> Result<Api, RequestError> {
        let client = teloxide::net::default_reqwest_settings()
            .timeout(request_timeout)
            .build()
            .map_err(|e| RequestError::Network(std::sync::Arc::new(e)))?;
        let mut bot = Bot::with_client(token, client);
        if let Some(url) = api_url {
            bot = bot.set_api_url(url.clone());
        }
        Ok(if throttle {
            Api::Throttled(Throttle::new_spawn(bot, Limits::default()))
        } else {
            Api::Plain(bot)
        })
    }

    /// `getUpdates`, each update as raw JSON: one update teloxide cannot read
    /// must not make the batch unreadable, nor be lost ([`super::incoming`]).
    pub async fn get_updates(
        &self,
        offset: i32,
        timeout: Duration,
        limit: u8,
    ) -> Result<Vec<serde_json::Value>, RequestError> {
        let bot = match self {
            Api::Plain(b) => b,
            // Throttle does not limit getUpdates anyway.
            Api::Throttled(t) => t.inner(),
        };
        let payload = RawGetUpdates {
            offset,
            timeout: timeout.as_secs().min(u32::MAX as u64) as u32,
            limit,
            allowed_updates: allowed_updates(),
        };
        JsonRequest::new(bot.clone(), payload).await
    }

    /// The bot's username, for deep links (`https://t.me/<username>?start=...`).
    pub async fn username(&self) -> Result<Option<String>, RequestError> {
        with_bot!(self, b => b.get_me().await.map(|me| me.user.username.clone()))
    }

    pub async fn set_commands(&self, commands: Vec<BotCommand>) -> Result<(), RequestError> {
        with_bot!(self, b => b.set_my_commands(commands).await.map(|_| ()))
    }

    pub async fn set_webhook(&self, url: Url, secret: &str) -> Result<(), RequestError> {
        with_bot!(self, b => b
            .set_webhook(url)
            .secret_token(secret.to_string())
            .allowed_updates(allowed_updates())
            .await
            .map(|_| ()))
    }

    pub async fn delete_webhook(&self) -> Result<(), RequestError> {
        with_bot!(self, b => b.delete_webhook().await.map(|_| ()))
    }

    pub async fn send_text(
        &self,
        chat: ChatId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        with_bot!(self, b => {
            let req = b.send_message(chat, text);
            match keyboard {
                Some(k) => req.reply_markup(k).await.map(|_| ()),
                None => req.await.map(|_| ()),
            }
        })
    }

    pub async fn send_photo(
        &self,
        chat: ChatId,
        photo: InputFile,
        caption: String,
    ) -> Result<(), RequestError> {
        with_bot!(self, b => b.send_photo(chat, photo).caption(caption).await.map(|_| ()))
    }

    pub async fn send_document(
        &self,
        chat: ChatId,
        document: InputFile,
        caption: String,
    ) -> Result<(), RequestError> {
        with_bot!(self, b => b.send_document(chat, document).caption(caption).await.map(|_| ()))
    }

    /// Asks Telegram where a file is: its download path and its size.
    pub async fn file(&self, file_id: &str) -> Result<(String, u32), RequestError> {
        let id = teloxide::types::FileId(file_id.to_string());
        with_bot!(self, b => b.get_file(id).await.map(|f| (f.path, f.meta.size)))
    }

    /// Downloads a file (through the API URL, so a local Bot API server or
    /// a test server works too), stopping as soon as it exceeds `max` bytes
    /// whatever size Telegram announced.
    pub async fn download(&self, path: &str, max: usize) -> Result<Vec<u8>, DownloadError> {
        use futures::StreamExt;
        use teloxide::net::Download;
        let mut stream = with_bot!(self, b => b.download_file_stream(path));
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(DownloadError::Stream)?;
            if bytes.len() + chunk.len() > max {
                return Err(DownloadError::TooBig);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    pub async fn answer_callback(
        &self,
        id: String,
        text: Option<String>,
    ) -> Result<(), RequestError> {
        with_bot!(self, b => {
            let req = b.answer_callback_query(teloxide::types::CallbackQueryId(id));
            match text {
                Some(t) => req.text(t).await.map(|_| ()),
                None => req.await.map(|_| ()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Bot API address where nothing listens: every request fails at once.
    fn unreachable_api() -> Api {
        let url = Url::parse("http://127.0.0.1:1/").expect("url");
        Api::new("1:token", Some(&url), Duration::from_secs(5), false).expect("client")
    }

    #[tokio::test]
    async fn a_failed_download_keeps_reqwest_s_error() {
        let err = unreachable_api()
            .download("documents/file_1.toml", 1024)
            .await
            .expect_err("nothing listens");
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<reqwest::Error>(), "{source:?}");
    }
}
