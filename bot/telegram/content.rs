//! The dialogues the bot offers, grouped by werkproces, and which of them a
//! button's [`Key`] refers to.
//!
//! Two kinds: the shipped dialogues of the dialogues folder (loaded once at
//! start) and teachers' uploads (loaded from the database at start, changed
//! while the bot runs). Every lookup of a dialogue by id goes through
//! [`Content`], so commands that take a dialogue id (`/oefen`, `/opdracht`)
//! see uploads too, and only where they are allowed: an upload is visible
//! to its owner, to the students of the owner's classes, and to everyone once
//! an admin published it. The uploads sit behind a lock that is only held to
//! copy an `Arc`, never across an `.await`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use crate::dialogue::{Catalogue, Prepared, load_dir};
use crate::engine::render::WerkprocesTitles;

use super::buttons::Key;

/// Replaced versions kept in memory for attempts still running on them;
/// beyond this the cache starts afresh (they are re-read from the database).
const MAX_OLD_VERSIONS: usize = 64;

/// Shipped dialogues, teachers' uploads and werkproces titles.
pub struct Content {
    shipped: Vec<Arc<Prepared>>,
    titles: BTreeMap<String, String>,
    catalogue: Option<Arc<Catalogue>>,
    /// The current version of every upload, by dialogue id.
    uploads: RwLock<HashMap<String, Upload>>,
    /// Replaced versions, by version id.
    old: Mutex<HashMap<i64, Arc<Prepared>>>,
}

impl WerkprocesTitles for Content {
    fn werkproces_title(&self, code: &str) -> Option<&str> {
        self.titles.get(code).map(String::as_str)
    }
}

/// The current version of a teacher's uploaded dialogue.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The database row of this version (`uploaded_dialogues.id`).
    pub version: i64,
    /// The teacher's Telegram user id.
    pub owner: i64,
    /// Published to everyone by an admin; otherwise only the owner's classes.
    pub everyone: bool,
    pub prepared: Arc<Prepared>,
}

/// Who is looking: decides which uploads are visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    /// The sender's Telegram user id (owners see their own uploads).
    pub user_id: i64,
    /// The teacher who owns the sender's class, if any.
    pub class_teacher: Option<i64>,
}

impl Audience {
    /// The students of a class owned by `teacher` (e.g. for `/opdracht`).
    pub fn class_of(teacher: Option<i64>) -> Audience {
        Audience {
            user_id: 0,
            class_teacher: teacher,
        }
    }

    fn sees(&self, u: &Upload) -> bool {
        u.everyone || u.owner == self.user_id || Some(u.owner) == self.class_teacher
    }
}

/// A dialogue found by id: derefs to the [`Prepared`] dialogue.
#[derive(Debug, Clone)]
pub struct Found {
    prepared: Arc<Prepared>,
    /// Set for uploads: which version this is.
    pub upload: Option<i64>,
}

impl Deref for Found {
    type Target = Prepared;

    fn deref(&self) -> &Prepared {
        &self.prepared
    }
}

impl Found {
    pub fn arc(&self) -> Arc<Prepared> {
        self.prepared.clone()
    }
}

/// One werkproces with its dialogues, for the `/oefen` menu.
pub struct Group<'a> {
    pub code: String,
    pub title: Option<&'a str>,
    pub dialogues: Vec<Found>,
}

impl Content {
    /// Loads the folder; dialogues with errors are left out (and logged), so
    /// one broken file does not take the bot down. Uploads come later
    /// ([`Content::install`]).
    pub fn load(dir: &Path) -> Content {
        let (mut dialogues, problems) = load_dir(dir);
        for p in problems.iter().filter(|p| p.is_error()) {
            tracing::warn!(problem = ?p, "dialogue problem; file left out");
        }
        dialogues.sort_by(|a, b| a.dialogue.id.cmp(&b.dialogue.id));
        let catalogue = match Catalogue::load_from_dir(dir) {
            Ok(c) => Some(Arc::new(c)),
            Err(problems) => {
                tracing::warn!(?problems, "werkproces catalogue unreadable");
                None
            }
        };
        let titles = catalogue
            .iter()
            .flat_map(|c| c.werkprocessen.iter())
            .map(|w| (w.code.clone(), w.title.clone()))
            .collect();
        tracing::info!(count = dialogues.len(), dir = %dir.display(), "dialogues loaded");
        Content {
            shipped: dialogues.into_iter().map(Arc::new).collect(),
            titles,
            catalogue,
            uploads: RwLock::new(HashMap::new()),
            old: Mutex::new(HashMap::new()),
        }
    }

    /// The werkproces catalogue uploads are checked against (None when the
    /// dialogues folder has none: then uploads are refused).
    pub fn catalogue(&self) -> Option<Arc<Catalogue>> {
        self.catalogue.clone()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Upload>> {
        self.uploads
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Upload>> {
        self.uploads
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn shipped(&self, id: &str) -> Option<Found> {
        self.shipped
            .iter()
            .find(|d| d.dialogue.id == id)
            .map(|d| Found {
                prepared: d.clone(),
                upload: None,
            })
    }

    /// The dossier's werkprocessen (empty without a catalogue).
    pub fn werkprocessen(&self) -> &[crate::dialogue::Werkproces] {
        self.catalogue
            .as_deref()
            .map_or(&[], |c| c.werkprocessen.as_slice())
    }

    /// Whether a dialogue of the dialogues folder has this id.
    pub fn is_shipped(&self, id: &str) -> bool {
        self.shipped.iter().any(|d| d.dialogue.id == id)
    }

    /// Any dialogue with this id, whoever may see it: for titles and for
    /// attempts that already run. Starting a dialogue uses [`Content::find_for`].
    pub fn find(&self, id: &str) -> Option<Found> {
        self.shipped(id).or_else(|| {
            self.read().get(id).map(|u| Found {
                prepared: u.prepared.clone(),
                upload: Some(u.version),
            })
        })
    }

    /// The dialogue with this id if `audience` may practise (or assign) it.
    pub fn find_for(&self, id: &str, audience: &Audience) -> Option<Found> {
        self.shipped(id).or_else(|| {
            self.read()
                .get(id)
                .filter(|u| audience.sees(u))
                .map(|u| Found {
                    prepared: u.prepared.clone(),
                    upload: Some(u.version),
                })
        })
    }

    /// Every dialogue `audience` may practise, sorted by id.
    fn visible(&self, audience: &Audience) -> Vec<Found> {
        let mut all: Vec<Found> = self
            .shipped
            .iter()
            .map(|d| Found {
                prepared: d.clone(),
                upload: None,
            })
            .collect();
        all.extend(
            self.read()
                .values()
                .filter(|u| audience.sees(u))
                .map(|u| Found {
                    prepared: u.prepared.clone(),
                    upload: Some(u.version),
                }),
        );
        all.sort_by(|a, b| a.dialogue.id.cmp(&b.dialogue.id));
        all
    }

    /// The dialogues `audience` may practise, grouped by their first
    /// werkproces, in code order.
    pub fn groups(&self, audience: &Audience) -> Vec<Group<'_>> {
        let mut by_code: BTreeMap<String, Vec<Found>> = BTreeMap::new();
        for d in self.visible(audience) {
            let code = d
                .dialogue
                .werkprocessen
                .first()
                .cloned()
                .unwrap_or_default();
            by_code.entry(code).or_default().push(d);
        }
        by_code
            .into_iter()
            .map(|(code, dialogues)| Group {
                title: self.werkproces_title(&code),
                code,
                dialogues,
            })
            .collect()
    }

    /// The dialogue a button's key refers to, among the dialogues
    /// `audience` may practise.
    pub fn resolve(&self, key: &Key, audience: &Audience) -> Option<Found> {
        if let Some(id) = key.id() {
            return self.find_for(id, audience);
        }
        self.visible(audience)
            .into_iter()
            .find(|d| key.matches(&d.dialogue.id))
    }

    /// The current version of an upload.
    pub fn upload(&self, id: &str) -> Option<Upload> {
        self.read().get(id).cloned()
    }

    /// The ids of every current upload.
    pub fn upload_ids(&self) -> Vec<String> {
        self.read().keys().cloned().collect()
    }

    /// The current uploads of one teacher, sorted by id.
    pub fn uploads_of(&self, owner: i64) -> Vec<Upload> {
        let mut list: Vec<Upload> = self
            .read()
            .values()
            .filter(|u| u.owner == owner)
            .cloned()
            .collect();
        list.sort_by(|a, b| a.prepared.dialogue.id.cmp(&b.prepared.dialogue.id));
        list
    }

    /// Makes `upload` the current version of its dialogue. A shipped dialogue
    /// with the same id wins (it is refused at upload; this only happens
    /// when a shipped dialogue got the id later).
    pub fn install(&self, upload: Upload) {
        let id = upload.prepared.dialogue.id.clone();
        if self.is_shipped(&id) {
            tracing::warn!(%id, "uploaded dialogue hidden by a shipped one with the same id");
            return;
        }
        let version = upload.version;
        let previous = self.write().insert(id, upload);
        if let Some(previous) = previous.filter(|p| p.version != version) {
            self.keep_old(previous.version, previous.prepared);
        }
    }

    /// Takes an upload out of the offer (attempts on it keep working).
    pub fn remove(&self, id: &str) {
        if let Some(previous) = self.write().remove(id) {
            self.keep_old(previous.version, previous.prepared);
        }
    }

    /// Publishes an upload to everyone, or takes that back.
    pub fn set_everyone(&self, id: &str, everyone: bool) {
        if let Some(u) = self.write().get_mut(id) {
            u.everyone = everyone;
        }
    }

    /// Remembers a version that is no longer current.
    pub fn keep_old(&self, version: i64, prepared: Arc<Prepared>) {
        let mut old = self.old.lock().unwrap_or_else(|p| p.into_inner());
        if old.len() >= MAX_OLD_VERSIONS {
            old.clear();
        }
        old.insert(version, prepared);
    }

    /// A version of an upload held in memory (current or replaced).
    pub fn version(&self, version: i64) -> Option<Arc<Prepared>> {
        if let Some(u) = self.read().values().find(|u| u.version == version) {
            return Some(u.prepared.clone());
        }
        let old = self.old.lock().unwrap_or_else(|p| p.into_inner());
        old.get(&version).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues")
    }

    /// The fixture dialogue under another id, as a teacher would upload it.
    fn upload(content: &Content, id: &str, version: i64, owner: i64) -> Upload {
        let text = std::fs::read_to_string(fixtures().join("test-koffie.toml"))
            .unwrap()
            .replacen("id = \"test-koffie\"", &format!("id = \"{id}\""), 1);
        let catalogue = content.catalogue().unwrap();
        let (prepared, problems) =
            crate::dialogue::check_source("u.toml", text.as_bytes(), &catalogue);
        Upload {
            version,
            owner,
            everyone: false,
            prepared: Arc::new(prepared.unwrap_or_else(|| panic!("{problems:?}"))),
        }
    }

    const JUF: i64 = 1;
    const MEESTER: i64 = 2;

    #[test]
    fn an_upload_is_seen_by_its_owner_and_her_classes_and_by_everyone_once_published() {
        let content = Content::load(&fixtures());
        content.install(upload(&content, "eigen", 7, JUF));
        let owner = Audience {
            user_id: JUF,
            class_teacher: None,
        };
        let her_class = Audience {
            user_id: 100,
            class_teacher: Some(JUF),
        };
        let other_class = Audience {
            user_id: 101,
            class_teacher: Some(MEESTER),
        };
        let no_class = Audience {
            user_id: 102,
            class_teacher: None,
        };
        for (who, sees) in [
            (owner, true),
            (her_class, true),
            (other_class, false),
            (no_class, false),
        ] {
            assert_eq!(content.find_for("eigen", &who).is_some(), sees, "{who:?}");
            let in_menu = content
                .groups(&who)
                .iter()
                .any(|g| g.dialogues.iter().any(|d| d.dialogue.id == "eigen"));
            assert_eq!(in_menu, sees, "{who:?}");
            assert_eq!(content.resolve(&Key::of("eigen"), &who).is_some(), sees);
            // Shipped dialogues are for everyone.
            assert!(content.find_for("test-koffie", &who).is_some());
        }
        assert_eq!(content.find("eigen").and_then(|f| f.upload), Some(7));
        assert_eq!(content.find("test-koffie").and_then(|f| f.upload), None);

        content.set_everyone("eigen", true);
        assert!(content.find_for("eigen", &other_class).is_some());
        assert!(content.find_for("eigen", &no_class).is_some());
    }

    #[test]
    fn a_replaced_or_removed_version_stays_available_by_its_version() {
        let content = Content::load(&fixtures());
        content.install(upload(&content, "eigen", 7, JUF));
        content.install(upload(&content, "eigen", 8, JUF));
        assert_eq!(content.upload("eigen").map(|u| u.version), Some(8));
        assert!(content.version(7).is_some() && content.version(8).is_some());
        content.remove("eigen");
        assert!(content.find("eigen").is_none());
        assert!(content.uploads_of(JUF).is_empty());
        assert!(content.version(8).is_some(), "running attempts go on");
    }

    /// A long id travels as its FNV-1a hash (as version 1 already wrote
    /// it); the hash finds the dialogue among those the sender may see.
    #[test]
    fn a_button_carrying_a_hash_finds_its_dialogue() {
        use super::super::buttons::ButtonData;
        let content = Content::load(&fixtures());
        let everyone = Audience {
            user_id: 1,
            class_teacher: None,
        };
        // FNV-1a of "test-koffie", computed independently of the code.
        let hash = "test-koffie"
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        for data in [format!("o#{hash:016x}"), format!("2:o:#{hash:016x}")] {
            let Some(ButtonData::Practise(key)) = ButtonData::decode(&data) else {
                panic!("not decoded: {data}");
            };
            let found = content
                .resolve(&key, &everyone)
                .map(|f| f.dialogue.id.clone());
            assert_eq!(found.as_deref(), Some("test-koffie"), "{data}");
        }
        let other = ButtonData::decode(&format!("2:o:#{:016x}", hash ^ 1));
        let Some(ButtonData::Practise(key)) = other else {
            panic!("not decoded");
        };
        assert!(content.resolve(&key, &everyone).is_none());
    }

    #[test]
    fn an_upload_never_hides_a_shipped_dialogue() {
        let content = Content::load(&fixtures());
        content.install(upload(&content, "test-koffie", 7, JUF));
        assert_eq!(content.find("test-koffie").and_then(|f| f.upload), None);
        assert!(content.upload("test-koffie").is_none());
    }
}
