//! Updates as they arrive: raw JSON first, teloxide's types second.
//!
//! The inbox keeps each update's JSON as it came, not teloxide's types
//! serialised again: those drop what they do not model, and one case is
//! common. A button pressed on a message older than 48 hours comes with an
//! inaccessible message (`date` 0); serialised again it has no `date`, cannot
//! be read back, and teloxide then makes it an empty `UpdateKind::Error`
//! without error or callback id: the spinner kept turning. teloxide's
//! `Update` also turns whatever else it cannot read into that empty kind, so
//! updates are parsed here kind by kind, keeping the serde error: what cannot
//! be read is logged and, when it is a button, still answered.

use serde::Deserialize;
use serde_json::Value;
use teloxide::types::{CallbackQuery, ChatMemberUpdated, Message, Update, UpdateId, UpdateKind};

/// Why an update cannot be handled.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    #[error("not an update: {0}")]
    NotAnUpdate(&'static str),
    #[error("unreadable {kind}: {source}")]
    Serde {
        kind: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("a kind of update the bot does not handle: {0}")]
    UnknownKind(String),
}

/// The update's id (None when the JSON is no update at all).
pub fn update_id(raw: &Value) -> Option<i64> {
    raw.get("update_id")?.as_i64()
}

/// The chat an update belongs to (0 when it names none), read from the JSON
/// so that an update teloxide cannot read still goes to its chat's queue
/// (and its button is answered there). A button without a message belongs to
/// the private chat of the one who pressed it (same id).
pub fn chat_id(raw: &Value) -> i64 {
    let Some((_, body)) = kind(raw) else {
        return 0;
    };
    [
        &body["chat"]["id"],
        &body["message"]["chat"]["id"],
        &body["from"]["id"],
    ]
    .into_iter()
    .find_map(Value::as_i64)
    .unwrap_or(0)
}

/// The id of the pressed button's callback query, if the update is one.
pub fn callback_id(raw: &Value) -> Option<&str> {
    raw.get("callback_query")?.get("id")?.as_str()
}

/// The update's kind (its one field besides `update_id`) and body.
fn kind(raw: &Value) -> Option<(&str, &Value)> {
    raw.as_object()?
        .iter()
        .find(|(k, _)| k.as_str() != "update_id")
        .map(|(k, v)| (k.as_str(), v))
}

/// Parses the kinds the bot asks for (`api::allowed_updates`).
pub fn parse(raw: &Value) -> Result<Update, Unreadable> {
    let id = update_id(raw)
        .and_then(|id| u32::try_from(id).ok())
        .ok_or(Unreadable::NotAnUpdate("no update_id"))?;
    let (name, body) = kind(raw).ok_or(Unreadable::NotAnUpdate("no content"))?;
    let serde = |source| Unreadable::Serde {
        kind: name.to_string(),
        source,
    };
    let kind = match name {
        "message" => UpdateKind::Message(Message::deserialize(body).map_err(serde)?),
        "edited_message" => UpdateKind::EditedMessage(Message::deserialize(body).map_err(serde)?),
        "callback_query" => {
            UpdateKind::CallbackQuery(CallbackQuery::deserialize(body).map_err(serde)?)
        }
        "my_chat_member" => {
            UpdateKind::MyChatMember(ChatMemberUpdated::deserialize(body).map_err(serde)?)
        }
        other => return Err(Unreadable::UnknownKind(other.to_string())),
    };
    Ok(Update {
        id: UpdateId(id),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use teloxide::types::MaybeInaccessibleMessage;

    fn old_button(data: &str) -> Value {
        json!({"update_id": 5, "callback_query": {
            "id": "cb1", "from": {"id": 42, "is_bot": false, "first_name": "Sam"},
            "chat_instance": "ci", "data": data,
            "message": {"message_id": 7, "date": 0,
                        "chat": {"id": 42, "type": "private", "first_name": "Sam"}}
        }})
    }

    #[test]
    fn a_button_on_a_message_older_than_48_hours_is_read_with_an_inaccessible_message() {
        let raw = old_button("menu");
        // What the inbox held before: teloxide's types serialised again,
        // which leaves out `date`, so the stored button could not be read.
        let typed: Update = serde_json::from_str(&raw.to_string()).expect("teloxide");
        let old_row = serde_json::to_string(&typed).expect("serialise");
        let lost: Update = serde_json::from_str(&old_row).expect("teloxide");
        assert!(matches!(lost.kind, UpdateKind::Error(_)), "{old_row}");

        let update = parse(&raw).expect("readable");
        let UpdateKind::CallbackQuery(q) = update.kind else {
            panic!("not a callback: {update:?}");
        };
        assert_eq!(q.data.as_deref(), Some("menu"));
        assert!(matches!(
            q.message,
            Some(MaybeInaccessibleMessage::Inaccessible(_))
        ));
        assert_eq!(chat_id(&raw), 42);
    }

    #[test]
    fn an_unreadable_button_keeps_its_callback_id_chat_and_error() {
        let mut raw = old_button("menu");
        raw["callback_query"]["from"] = json!({"id": 42});
        let err = parse(&raw).expect_err("no first_name");
        assert!(err.to_string().contains("callback_query"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!(callback_id(&raw), Some("cb1"));
        assert_eq!(chat_id(&raw), 42);
    }

    #[test]
    fn a_button_without_a_message_belongs_to_the_presser() {
        let mut raw = old_button("menu");
        raw["callback_query"]
            .as_object_mut()
            .expect("object")
            .remove("message");
        assert_eq!(chat_id(&raw), 42);
    }

    #[test]
    fn inbox_rows_stored_as_teloxide_serialised_them_are_still_read() {
        let raw = json!({"update_id": 9, "message": {
            "message_id": 1, "date": 1_700_000_000, "text": "Hallo",
            "chat": {"id": 42, "type": "private", "first_name": "Sam"},
            "from": {"id": 42, "is_bot": false, "first_name": "Sam"}
        }});
        let update: Update = serde_json::from_str(&raw.to_string()).expect("teloxide");
        let old_row = serde_json::to_value(&update).expect("serialise");
        let read = parse(&old_row).unwrap_or_else(|e| panic!("{e}: {old_row}"));
        assert_eq!(read, update);
        assert_eq!(chat_id(&old_row), 42);
    }

    #[test]
    fn kinds_the_bot_does_not_handle_and_non_updates_are_refused() {
        let poll = json!({"update_id": 6, "poll": {"id": "p"}});
        assert!(matches!(parse(&poll), Err(Unreadable::UnknownKind(k)) if k == "poll"));
        assert_eq!(chat_id(&poll), 0);
        assert!(matches!(
            parse(&json!({"message": {}})),
            Err(Unreadable::NotAnUpdate(_))
        ));
        assert_eq!(update_id(&json!([1])), None);
    }
}
