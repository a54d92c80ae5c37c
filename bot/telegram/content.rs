//! The dialogues the bot offers, grouped by werkproces, and the short
//! callback keys that refer to them from inline keyboards.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dialogue::{Catalogue, Prepared, Werkproces, load_dir};
use crate::engine::render::WerkprocesTitles;

use super::send::MAX_CALLBACK_DATA;

/// Loaded dialogues plus werkproces titles.
pub struct Content {
    pub dialogues: Vec<Prepared>,
    titles: BTreeMap<String, String>,
    /// The dossier catalogue (for the order of criteria in class reports).
    pub werkprocessen: Vec<Werkproces>,
}

impl WerkprocesTitles for Content {
    fn werkproces_title(&self, code: &str) -> Option<&str> {
        self.titles.get(code).map(String::as_str)
    }
}

/// One werkproces with its dialogues, for the `/oefen` menu.
pub struct Group<'a> {
    pub code: String,
    pub title: Option<&'a str>,
    pub dialogues: Vec<&'a Prepared>,
}

impl Content {
    /// Loads the folder; dialogues with errors are left out (and logged), so
    /// one broken file does not take the bot down.
    pub fn load(dir: &Path) -> Content {
        let (mut dialogues, problems) = load_dir(dir);
        for p in problems.iter().filter(|p| p.is_error()) {
            tracing::warn!(problem = ?p, "dialogue problem; file left out");
        }
        dialogues.sort_by(|a, b| a.dialogue.id.cmp(&b.dialogue.id));
        let werkprocessen = match Catalogue::load_from_dir(dir) {
            Ok(c) => c.werkprocessen,
            Err(problems) => {
                tracing::warn!(?problems, "werkproces catalogue unreadable");
                Vec::new()
            }
        };
        let titles = werkprocessen
            .iter()
            .map(|w| (w.code.clone(), w.title.clone()))
            .collect();
        tracing::info!(count = dialogues.len(), dir = %dir.display(), "dialogues loaded");
        Content {
            dialogues,
            titles,
            werkprocessen,
        }
    }

    pub fn find(&self, id: &str) -> Option<&Prepared> {
        self.dialogues.iter().find(|d| d.dialogue.id == id)
    }

    /// Dialogues grouped by their first werkproces, in code order.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut by_code: BTreeMap<&str, Vec<&Prepared>> = BTreeMap::new();
        for d in &self.dialogues {
            let code = d
                .dialogue
                .werkprocessen
                .first()
                .map(String::as_str)
                .unwrap_or("");
            by_code.entry(code).or_default().push(d);
        }
        by_code
            .into_iter()
            .map(|(code, dialogues)| Group {
                code: code.to_string(),
                title: self.werkproces_title(code),
                dialogues,
            })
            .collect()
    }

    /// The callback data for `prefix` + dialogue: the id itself when it fits
    /// in Telegram's 64 bytes, else a stable hash of it.
    pub fn key(prefix: &str, id: &str) -> String {
        let plain = format!("{prefix}:{id}");
        if plain.len() <= MAX_CALLBACK_DATA {
            plain
        } else {
            format!("{prefix}#{:016x}", fnv1a(id))
        }
    }

    /// Resolves the part after the prefix of [`Content::key`].
    pub fn resolve(&self, key: &str) -> Option<&Prepared> {
        if let Some(id) = key.strip_prefix(':') {
            return self.find(id);
        }
        let hash = key.strip_prefix('#')?;
        self.dialogues
            .iter()
            .find(|d| format!("{:016x}", fnv1a(&d.dialogue.id)) == hash)
    }
}

/// FNV-1a: stable across builds and platforms (unlike `DefaultHasher`), so a
/// button keeps working after a restart.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_used_as_they_are_and_long_ids_are_hashed_within_64_bytes() {
        assert_eq!(Content::key("o", "test-koffie"), "o:test-koffie");
        let long = "a".repeat(80);
        let key = Content::key("o", &long);
        assert!(key.len() <= MAX_CALLBACK_DATA);
        assert!(key.starts_with("o#"));
        assert_eq!(key, Content::key("o", &long), "not stable");
    }
}
