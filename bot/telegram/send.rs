//! Outgoing messages: their stored form (the outbox), splitting to Telegram's
//! length limit, and delivery with the Bot API's failure rules (429 waits,
//! 403 stops sending to that student, network errors back off and retry).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile};
use teloxide::{ApiError, RequestError};

use super::api::Api;
use super::buttons::ButtonData;
use super::pace::{Gate, Lane};

/// Telegram's limit: 4096 characters (counted here in UTF-16 units, as
/// Telegram does, so never too many).
pub const MAX_TEXT: usize = 4096;
/// Telegram's limit for photo and document captions.
pub const MAX_CAPTION: usize = 1000;

/// An inline-keyboard button. Its data is only ever made from a
/// [`ButtonData`] (the outbox keeps the encoded string, so a queued message
/// is sent exactly as it was decided).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    data: String,
}

impl Button {
    pub fn new(label: impl Into<String>, data: &ButtonData) -> Button {
        Button {
            label: label.into(),
            data: data.encode(),
        }
    }
}

/// One message the bot decided to send, as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutMessage {
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Vec<Vec<Button>>,
    },
    Photo {
        /// PNG bytes, hex encoded (the outbox is text).
        png_hex: String,
        caption: String,
    },
    Document {
        file_name: String,
        content: String,
        caption: String,
    },
    /// Stops the spinner on a pressed button.
    CallbackAnswer {
        id: String,
        #[serde(default)]
        text: Option<String>,
    },
}

impl OutMessage {
    /// A text message, split into several when it is too long (the buttons go
    /// with the last part).
    pub fn text(text: impl Into<String>) -> Vec<OutMessage> {
        OutMessage::text_with_buttons(text, Vec::new())
    }

    /// As [`OutMessage::text`], with an inline keyboard.
    pub fn text_with_buttons(
        text: impl Into<String>,
        buttons: Vec<Vec<Button>>,
    ) -> Vec<OutMessage> {
        let text = text.into();
        let mut parts = split_text(&text, MAX_TEXT);
        let last = parts.pop().unwrap_or_default();
        let mut out: Vec<OutMessage> = parts
            .into_iter()
            .map(|text| OutMessage::Text {
                text,
                buttons: Vec::new(),
            })
            .collect();
        out.push(OutMessage::Text {
            text: last,
            buttons,
        });
        out
    }

    /// A PNG picture with a caption.
    pub fn photo(png: &[u8], caption: &str) -> OutMessage {
        OutMessage::Photo {
            png_hex: hex_encode(png),
            caption: truncate(caption, MAX_CAPTION),
        }
    }
}

/// Joins neighbouring texts without buttons into one message where the
/// result stays within Telegram's limit: every send counts against the
/// bot's messages per second. A text with buttons stays on its own (its
/// buttons belong to it, e.g. a webcare post's).
pub fn coalesce(messages: Vec<OutMessage>) -> Vec<OutMessage> {
    let mut out: Vec<OutMessage> = Vec::with_capacity(messages.len());
    for m in messages {
        if let (
            Some(OutMessage::Text {
                text: before,
                buttons: none,
            }),
            OutMessage::Text { text, buttons },
        ) = (out.last_mut(), &m)
            && none.is_empty()
            && buttons.is_empty()
            && utf16_len(before) + 2 + utf16_len(text) <= MAX_TEXT
        {
            before.push_str("\n\n");
            before.push_str(text);
            continue;
        }
        out.push(m);
    }
    out
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Splits text into parts of at most `max` UTF-16 units, preferring paragraph,
/// line and word boundaries; never splits inside a character. An empty or
/// blank text becomes one visible placeholder (Telegram refuses empty text).
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let text = text.trim_end();
    if text.trim().is_empty() {
        return vec!["…".to_string()];
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > max {
        // The longest prefix within the limit, at a char boundary.
        let mut units = 0;
        let mut cut = 0;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > max {
                break;
            }
            cut = i + c.len_utf8();
        }
        let window = &rest[..cut];
        let at = window
            .rfind("\n\n")
            .or_else(|| window.rfind('\n'))
            .or_else(|| window.rfind(' '))
            .filter(|&i| i > cut / 2)
            .unwrap_or(cut);
        let (head, tail) = rest.split_at(at);
        parts.push(head.trim_end().to_string());
        rest = tail.trim_start();
    }
    if !rest.is_empty() {
        parts.push(rest.to_string());
    }
    parts
}

/// Cuts text to at most `max` UTF-16 units, marking the cut with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if utf16_len(text) <= max {
        return text.to_string();
    }
    let mut units = 1; // the ellipsis
    let mut out = String::new();
    for c in text.chars() {
        units += c.len_utf16();
        if units > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Telegram refused it for good (bad request, too old callback): drop it.
    Dropped,
    /// 403: the student blocked the bot (or deleted their account).
    Blocked,
    /// Still failing after retries (network): keep it for later.
    Failed,
}

/// How hard to retry.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// Network failures tolerated per message before giving up for now.
    pub attempts: u32,
}

/// Sends one message within the send budget (`gate`, in `lane`), obeying
/// 429 `retry_after` and backing off on network errors.
pub async fn deliver(
    api: &Api,
    gate: &Gate,
    lane: Lane,
    chat_id: i64,
    message: &OutMessage,
    retry: Retry,
) -> Delivery {
    let mut failures = 0u32;
    let mut delay = retry.min_backoff;
    // Bounds a 429 storm so one message cannot hold its chat forever.
    let mut rate_limited = 0u32;
    loop {
        let result = {
            // Telegram's message limits do not cover answering a button.
            let _permit = match message {
                OutMessage::CallbackAnswer { .. } => None,
                _ => Some(gate.acquire(lane).await),
            };
            send_once(api, ChatId(chat_id), message).await
        };
        let err = match result {
            Ok(()) => return Delivery::Sent,
            Err(err) => err,
        };
        match &err {
            RequestError::RetryAfter(secs) => {
                rate_limited += 1;
                if rate_limited > 20 {
                    tracing::warn!(
                        chat_id,
                        "still rate limited after 20 waits; keeping message"
                    );
                    return Delivery::Failed;
                }
                tracing::info!(chat_id, wait = ?secs.duration(), "429 from Telegram, waiting");
                tokio::time::sleep(secs.duration()).await;
            }
            RequestError::Api(api_err) if is_forbidden(api_err) => {
                tracing::info!(chat_id, error = %api_err, "student blocked the bot");
                return Delivery::Blocked;
            }
            RequestError::Network(_) | RequestError::Io(_) => {
                failures += 1;
                if failures >= retry.attempts {
                    tracing::warn!(chat_id, error = %err, "giving up for now, message stays queued");
                    return Delivery::Failed;
                }
                tracing::info!(chat_id, error = %err, ?delay, "network error, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(retry.max_backoff);
            }
            _ => {
                tracing::warn!(chat_id, error = %err, "Telegram refused a message; dropped");
                return Delivery::Dropped;
            }
        }
    }
}

/// 403 answers: blocked, kicked, deactivated user.
pub fn is_forbidden(err: &ApiError) -> bool {
    matches!(
        err,
        ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::BotKicked
    ) || err.to_string().starts_with("Forbidden")
}

fn keyboard(buttons: &[Vec<Button>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data.clone()))
            .collect::<Vec<_>>()
    }))
}

async fn send_once(api: &Api, chat: ChatId, message: &OutMessage) -> Result<(), RequestError> {
    match message {
        OutMessage::Text { text, buttons } => {
            if buttons.is_empty() {
                api.send_text(chat, text.clone(), None).await
            } else {
                api.send_text(chat, text.clone(), Some(keyboard(buttons)))
                    .await
            }
        }
        OutMessage::Photo { png_hex, caption } => {
            let Some(bytes) = hex_decode(png_hex) else {
                return Err(RequestError::Api(ApiError::Unknown(
                    "corrupt photo in outbox".into(),
                )));
            };
            let file = InputFile::memory(bytes).file_name("voortgang.png");
            api.send_photo(chat, file, caption.clone()).await
        }
        OutMessage::Document {
            file_name,
            content,
            caption,
        } => {
            let file = InputFile::memory(content.clone().into_bytes()).file_name(file_name.clone());
            api.send_document(chat, file, caption.clone()).await
        }
        OutMessage::CallbackAnswer { id, text } => {
            api.answer_callback(id.clone(), text.clone()).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_split_at_line_boundaries_within_the_limit() {
        let line = "Dit is een regel van de scorekaart met wat tekst erin.\n";
        let text = line.repeat(200);
        let parts = split_text(&text, 1000);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(p.encode_utf16().count() <= 1000);
            assert!(p.ends_with("erin."), "split mid-line: {p:?}");
        }
        assert_eq!(parts.join("\n").len(), text.trim_end().len());
    }

    #[test]
    fn splitting_never_cuts_a_multibyte_character() {
        let text = "é🙂".repeat(3000);
        for p in split_text(&text, 4000) {
            assert!(p.encode_utf16().count() <= 4000);
            assert!(!p.is_empty());
        }
    }

    #[test]
    fn empty_text_becomes_a_visible_placeholder() {
        assert_eq!(split_text("  \n", 10), vec!["…".to_string()]);
    }

    #[test]
    fn truncate_keeps_short_text_and_marks_a_cut() {
        assert_eq!(truncate("kort", 10), "kort");
        let cut = truncate(&"a".repeat(20), 10);
        assert_eq!(cut.encode_utf16().count(), 10);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn neighbouring_plain_texts_become_one_message_within_the_limit() {
        let plain = |t: &str| OutMessage::text(t).remove(0);
        let post = OutMessage::text_with_buttons(
            "📢 #1",
            vec![vec![Button::new(
                "Beantwoord #1",
                &ButtonData::Webcare(super::super::buttons::WebcareButton::Focus(1)),
            )]],
        )
        .remove(0);
        let joined = coalesce(vec![plain("a"), plain("b"), post.clone(), plain("c")]);
        assert_eq!(joined, vec![plain("a\n\nb"), post, plain("c")]);
        let long = "x".repeat(MAX_TEXT - 2);
        assert_eq!(coalesce(vec![plain(&long), plain("y")]).len(), 2);
        assert_eq!(coalesce(vec![plain(&long[1..]), plain("y")]).len(), 1);
    }

    #[test]
    fn photos_survive_the_outbox_round_trip() {
        let png = vec![0u8, 1, 127, 128, 255];
        let OutMessage::Photo { png_hex, .. } = OutMessage::photo(&png, "x") else {
            panic!("not a photo");
        };
        assert_eq!(hex_decode(&png_hex), Some(png));
        assert_eq!(hex_decode("abc"), None);
    }
}
