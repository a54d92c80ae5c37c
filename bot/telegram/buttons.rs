//! What an inline button means: one enum for every button the bot sends,
//! encoded into Telegram's `callback_data` and decoded from it here and
//! nowhere else.
//!
//! Buttons live on in students' chats for months, so the encoding is
//! versioned: what the bot writes today starts with `2:`; the unmarked
//! formats of the first version (`menu`, `o:<id>`, `kl:rm:<class>:<user>`,
//! ...) are still decoded, so a button on an old message keeps working.
//! Data that decodes to nothing (garbled, forged, a future version) is
//! `None`, which the handler answers with "this button no longer works".
//!
//! Telegram allows at most 64 bytes of `callback_data`. Numbers always fit;
//! an id (dialogue, webcare scenario) is written as it is when it fits and
//! as a stable hash otherwise, which is resolved against the ids on offer.

use crate::store::{AttemptId, ClassId, LearnerId};

/// Telegram's limit for `callback_data`, in bytes.
pub const MAX_CALLBACK_DATA: usize = 64;

/// The marker of the current encoding.
const VERSION: &str = "2:";

/// Every button the bot sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonData {
    /// The `/oefen` menu.
    Menu,
    /// The answer to `/vergeetmij`'s question.
    Forget {
        confirmed: bool,
    },
    /// Starts a dialogue (menu, assignment).
    Practise(Key),
    /// Starts a dialogue again (under a scorecard).
    Again(Key),
    Webcare(WebcareButton),
    Class(ClassButton),
    Report(ReportButton),
}

/// Buttons of a webcare shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebcareButton {
    Start(Key),
    /// Chooses post n for the next plain text.
    Focus(u32),
    Escalate(u32),
}

/// Buttons under `/klassen` (a teacher's; checked again on every press).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassButton {
    Members(ClassId),
    NewCode(ClassId),
    /// Asks to confirm removing the student with this Telegram user id.
    Remove {
        class: ClassId,
        user: i64,
    },
    RemoveConfirmed {
        class: ClassId,
        user: i64,
    },
}

/// Buttons of the class reports (a teacher's; checked again on every press).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportButton {
    Student { class: ClassId, learner: LearnerId },
    Attempt(AttemptId),
}

/// A dialogue or scenario id as a button carries it: the id itself, or the
/// hash of an id too long for the 64 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(KeyRepr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyRepr {
    Id(String),
    Hash(u64),
}

/// The longest id written as it is: the longest prefix (`2:ws:`) plus the
/// id fits in Telegram's limit.
const MAX_PLAIN_ID: usize = MAX_CALLBACK_DATA - "2:ws:".len();

impl Key {
    /// The key of `id`. Ids that could be mistaken for a hash (starting with
    /// `#`) are hashed too.
    pub fn of(id: &str) -> Key {
        if id.len() <= MAX_PLAIN_ID && !id.starts_with('#') {
            Key(KeyRepr::Id(id.to_string()))
        } else {
            Key(KeyRepr::Hash(fnv1a(id)))
        }
    }

    /// The id, when the button carries it as it is.
    pub fn id(&self) -> Option<&str> {
        match &self.0 {
            KeyRepr::Id(id) => Some(id),
            KeyRepr::Hash(_) => None,
        }
    }

    /// Whether this is the key of `id`.
    pub fn matches(&self, id: &str) -> bool {
        match &self.0 {
            KeyRepr::Id(own) => own == id,
            KeyRepr::Hash(h) => *h == fnv1a(id),
        }
    }

    fn encode(&self) -> String {
        match &self.0 {
            KeyRepr::Id(id) => id.clone(),
            KeyRepr::Hash(h) => format!("#{h:016x}"),
        }
    }

    fn decode(s: &str) -> Option<Key> {
        match s.strip_prefix('#') {
            Some(hex) => hash(hex).map(|h| Key(KeyRepr::Hash(h))),
            None => Some(Key(KeyRepr::Id(s.to_string()))),
        }
    }
}

/// Exactly the 16 lowercase hex digits the encoder writes.
fn hash(hex: &str) -> Option<u64> {
    let well_formed = hex.len() == 16
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !well_formed {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// FNV-1a: stable across builds and platforms (unlike `DefaultHasher`), so
/// a button keeps working after a restart. Version 1 used the same hash.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

impl ButtonData {
    /// The `callback_data` (at most 64 bytes).
    pub fn encode(&self) -> String {
        let body = match self {
            ButtonData::Menu => "m".to_string(),
            ButtonData::Forget { confirmed: true } => "v:j".to_string(),
            ButtonData::Forget { confirmed: false } => "v:n".to_string(),
            ButtonData::Practise(key) => format!("o:{}", key.encode()),
            ButtonData::Again(key) => format!("r:{}", key.encode()),
            ButtonData::Webcare(WebcareButton::Start(key)) => format!("ws:{}", key.encode()),
            ButtonData::Webcare(WebcareButton::Focus(n)) => format!("wf:{n}"),
            ButtonData::Webcare(WebcareButton::Escalate(n)) => format!("we:{n}"),
            ButtonData::Class(ClassButton::Members(c)) => format!("kl:{}", c.0),
            ButtonData::Class(ClassButton::NewCode(c)) => format!("kc:{}", c.0),
            ButtonData::Class(ClassButton::Remove { class, user }) => {
                format!("kr:{}:{user}", class.0)
            }
            ButtonData::Class(ClassButton::RemoveConfirmed { class, user }) => {
                format!("kx:{}:{user}", class.0)
            }
            ButtonData::Report(ReportButton::Student { class, learner }) => {
                format!("rs:{}:{}", class.0, learner.0)
            }
            ButtonData::Report(ReportButton::Attempt(a)) => format!("ra:{}", a.0),
        };
        format!("{VERSION}{body}")
    }

    /// What a button's `callback_data` means, in the current or the first
    /// version; None when it means nothing (any more).
    pub fn decode(data: &str) -> Option<ButtonData> {
        match data.strip_prefix(VERSION) {
            Some(body) => decode_v2(body),
            None => decode_v1(data),
        }
    }
}

fn decode_v2(body: &str) -> Option<ButtonData> {
    let (tag, rest) = body.split_once(':').unwrap_or((body, ""));
    let ids = || rest.split(':').map(id).collect::<Option<Vec<i64>>>();
    Some(match (tag, rest) {
        ("m", "") => ButtonData::Menu,
        ("v", "j") => ButtonData::Forget { confirmed: true },
        ("v", "n") => ButtonData::Forget { confirmed: false },
        ("o", key) => ButtonData::Practise(Key::decode(key)?),
        ("r", key) => ButtonData::Again(Key::decode(key)?),
        ("ws", key) => ButtonData::Webcare(WebcareButton::Start(Key::decode(key)?)),
        ("wf", n) => ButtonData::Webcare(WebcareButton::Focus(post(n)?)),
        ("we", n) => ButtonData::Webcare(WebcareButton::Escalate(post(n)?)),
        ("kl" | "kc" | "kr" | "kx" | "rs" | "ra", _) => match (tag, ids()?.as_slice()) {
            ("kl", [c]) => ButtonData::Class(ClassButton::Members(ClassId(*c))),
            ("kc", [c]) => ButtonData::Class(ClassButton::NewCode(ClassId(*c))),
            ("kr", [c, user]) => ButtonData::Class(ClassButton::Remove {
                class: ClassId(*c),
                user: *user,
            }),
            ("kx", [c, user]) => ButtonData::Class(ClassButton::RemoveConfirmed {
                class: ClassId(*c),
                user: *user,
            }),
            ("rs", [c, learner]) => ButtonData::Report(ReportButton::Student {
                class: ClassId(*c),
                learner: LearnerId(*learner),
            }),
            ("ra", [a]) => ButtonData::Report(ReportButton::Attempt(AttemptId(*a))),
            _ => return None,
        },
        _ => return None,
    })
}

/// The formats of the first version, as they were written (still on
/// students' phones): `menu`, `vergeet:ja|nee`, `o:<id>`, `o#<hash>`,
/// `r:<id>`, `r#<hash>`, `wc:s:<id>`, `wc:f:<n>`, `wc:e:<n>`,
/// `kl:lln|code:<class>`, `kl:rm|rmok:<class>:<user>`,
/// `rp:s:<class>:<learner>`, `rp:a:<attempt>`.
fn decode_v1(data: &str) -> Option<ButtonData> {
    match data {
        "menu" => return Some(ButtonData::Menu),
        "vergeet:ja" => return Some(ButtonData::Forget { confirmed: true }),
        "vergeet:nee" => return Some(ButtonData::Forget { confirmed: false }),
        _ => {}
    }
    if let Some(rest) = data.strip_prefix("wc:") {
        let (action, arg) = rest.split_once(':')?;
        return Some(ButtonData::Webcare(match action {
            // Version 1 wrote scenario ids as they were.
            "s" => WebcareButton::Start(Key::of(arg.split_whitespace().next().unwrap_or(""))),
            "f" => WebcareButton::Focus(post(arg)?),
            "e" => WebcareButton::Escalate(post(arg)?),
            _ => return None,
        }));
    }
    if let Some(rest) = data.strip_prefix("kl:") {
        let (action, ids) = rest.split_once(':')?;
        let ids = ids.split(':').map(id).collect::<Option<Vec<i64>>>()?;
        return Some(ButtonData::Class(match (action, ids.as_slice()) {
            ("lln", [c]) => ClassButton::Members(ClassId(*c)),
            ("code", [c]) => ClassButton::NewCode(ClassId(*c)),
            ("rm", [c, user]) => ClassButton::Remove {
                class: ClassId(*c),
                user: *user,
            },
            ("rmok", [c, user]) => ClassButton::RemoveConfirmed {
                class: ClassId(*c),
                user: *user,
            },
            _ => return None,
        }));
    }
    if let Some(rest) = data.strip_prefix("rp:") {
        let (action, ids) = rest.split_once(':')?;
        let ids = ids.split(':').map(id).collect::<Option<Vec<i64>>>()?;
        return Some(ButtonData::Report(match (action, ids.as_slice()) {
            ("s", [c, learner]) => ReportButton::Student {
                class: ClassId(*c),
                learner: LearnerId(*learner),
            },
            ("a", [a]) => ReportButton::Attempt(AttemptId(*a)),
            _ => return None,
        }));
    }
    for (prefix, make) in [
        ("o", ButtonData::Practise as fn(Key) -> ButtonData),
        ("r", ButtonData::Again),
    ] {
        if let Some(rest) = data.strip_prefix(prefix) {
            if let Some(id) = rest.strip_prefix(':') {
                return Some(make(Key::of(id)));
            }
            if let Some(hex) = rest.strip_prefix('#') {
                return Some(make(Key(KeyRepr::Hash(hash(hex)?))));
            }
        }
    }
    None
}

fn id(s: &str) -> Option<i64> {
    s.parse().ok()
}

/// A post number; version 1 was lenient about `#3` and spaces.
fn post(s: &str) -> Option<u32> {
    s.trim().trim_start_matches(['@', '#']).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ids as they come: shipped and uploaded dialogue ids (lowercase and
    /// digits with dashes, up to 80 characters here), and anything else a
    /// forged or future id could be (any text, `:` and `#` included).
    fn any_id() -> impl Strategy<Value = String> + Clone {
        prop_oneof![
            "[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,5}",
            "[a-z0-9-]{55,80}",
            ".{0,100}",
        ]
    }

    fn any_button() -> impl Strategy<Value = ButtonData> {
        let key = any_id().prop_map(|id| Key::of(&id));
        prop_oneof![
            Just(ButtonData::Menu),
            any::<bool>().prop_map(|confirmed| ButtonData::Forget { confirmed }),
            key.clone().prop_map(ButtonData::Practise),
            key.clone().prop_map(ButtonData::Again),
            key.prop_map(|k| ButtonData::Webcare(WebcareButton::Start(k))),
            any::<u32>().prop_map(|n| ButtonData::Webcare(WebcareButton::Focus(n))),
            any::<u32>().prop_map(|n| ButtonData::Webcare(WebcareButton::Escalate(n))),
            any::<i64>().prop_map(|c| ButtonData::Class(ClassButton::Members(ClassId(c)))),
            any::<i64>().prop_map(|c| ButtonData::Class(ClassButton::NewCode(ClassId(c)))),
            (any::<i64>(), any::<i64>()).prop_map(|(c, user)| ButtonData::Class(
                ClassButton::Remove {
                    class: ClassId(c),
                    user
                }
            )),
            (any::<i64>(), any::<i64>()).prop_map(|(c, user)| ButtonData::Class(
                ClassButton::RemoveConfirmed {
                    class: ClassId(c),
                    user
                }
            )),
            (any::<i64>(), any::<i64>()).prop_map(|(c, l)| ButtonData::Report(
                ReportButton::Student {
                    class: ClassId(c),
                    learner: LearnerId(l)
                }
            )),
            any::<i64>().prop_map(|a| ButtonData::Report(ReportButton::Attempt(AttemptId(a)))),
        ]
    }

    proptest! {
        #[test]
        fn every_button_fits_in_64_bytes_and_decodes_to_itself(button in any_button()) {
            let data = button.encode();
            prop_assert!(data.len() <= MAX_CALLBACK_DATA, "{} bytes: {data}", data.len());
            prop_assert!(data.starts_with(VERSION));
            prop_assert_eq!(ButtonData::decode(&data), Some(button));
        }

        #[test]
        fn any_data_decodes_without_panicking(data in ".{0,80}") {
            let _ = ButtonData::decode(&data);
        }
    }

    #[test]
    fn the_longest_numbers_fit() {
        let data = ButtonData::Class(ClassButton::RemoveConfirmed {
            class: ClassId(i64::MIN),
            user: i64::MIN,
        })
        .encode();
        assert!(data.len() <= MAX_CALLBACK_DATA, "{data}");
    }

    #[test]
    fn short_ids_are_carried_as_they_are_and_long_ones_as_a_stable_hash() {
        assert_eq!(
            ButtonData::Practise(Key::of("test-koffie")).encode(),
            "2:o:test-koffie"
        );
        let long = "a".repeat(80);
        let data = ButtonData::Practise(Key::of(&long)).encode();
        assert_eq!(data, format!("2:o:#{:016x}", fnv1a(&long)));
        let key = Key::of(&long);
        assert!(key.matches(&long) && !key.matches("a") && key.id().is_none());
        assert_eq!(Key::of("kort").id(), Some("kort"));
    }

    /// Every format of version 1, as the bot wrote it before this module.
    #[test]
    fn buttons_on_old_messages_still_decode() {
        let long = "a".repeat(80);
        let old_hash = format!("o#{:016x}", fnv1a(&long));
        let again_hash = format!("r#{:016x}", fnv1a(&long));
        let cases: Vec<(&str, ButtonData)> = vec![
            ("menu", ButtonData::Menu),
            ("vergeet:ja", ButtonData::Forget { confirmed: true }),
            ("vergeet:nee", ButtonData::Forget { confirmed: false }),
            (
                "o:test-koffie",
                ButtonData::Practise(Key::of("test-koffie")),
            ),
            ("r:test-koffie", ButtonData::Again(Key::of("test-koffie"))),
            (&old_hash, ButtonData::Practise(Key::of(&long))),
            (&again_hash, ButtonData::Again(Key::of(&long))),
            (
                "wc:s:webcare-test",
                ButtonData::Webcare(WebcareButton::Start(Key::of("webcare-test"))),
            ),
            ("wc:f:1", ButtonData::Webcare(WebcareButton::Focus(1))),
            ("wc:e:12", ButtonData::Webcare(WebcareButton::Escalate(12))),
            (
                "kl:lln:7",
                ButtonData::Class(ClassButton::Members(ClassId(7))),
            ),
            (
                "kl:code:7",
                ButtonData::Class(ClassButton::NewCode(ClassId(7))),
            ),
            (
                "kl:rm:7:5001",
                ButtonData::Class(ClassButton::Remove {
                    class: ClassId(7),
                    user: 5001,
                }),
            ),
            (
                "kl:rmok:7:5001",
                ButtonData::Class(ClassButton::RemoveConfirmed {
                    class: ClassId(7),
                    user: 5001,
                }),
            ),
            (
                "rp:s:7:42",
                ButtonData::Report(ReportButton::Student {
                    class: ClassId(7),
                    learner: LearnerId(42),
                }),
            ),
            (
                "rp:a:99",
                ButtonData::Report(ReportButton::Attempt(AttemptId(99))),
            ),
        ];
        for (old, meant) in cases {
            assert_eq!(ButtonData::decode(old), Some(meant), "{old}");
        }
        // A long id in version 1's `o:` form (it only hashed beyond 62
        // bytes) still finds its dialogue.
        let plain_v1 = format!("o:{}", "b".repeat(60));
        let Some(ButtonData::Practise(key)) = ButtonData::decode(&plain_v1) else {
            panic!("not decoded: {plain_v1}");
        };
        assert!(key.matches(&"b".repeat(60)));
    }

    #[test]
    fn garbled_forged_and_future_data_means_nothing() {
        for data in [
            "",
            "m",
            "menu2",
            "vergeet:misschien",
            "o",
            "o#xyz",
            "o#0123456789ABCDEF",
            "wc:",
            "wc:x:1",
            "wc:f:een",
            "kl:lln:abc",
            "kl:code:7:8",
            "kl:rm:7",
            "kl:wis:7",
            "rp:s:7",
            "rp:a:x",
            "2:",
            "2:m:x",
            "2:v:ja",
            "2:wf:-1",
            "2:kr:1",
            "2:ra:1:2",
            "2:o:#abc",
            "2:zz:1",
            "3:m",
        ] {
            assert_eq!(ButtonData::decode(data), None, "{data}");
        }
    }
}
