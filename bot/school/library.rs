//! The library every front end offers: the shipped dialogues and webcare
//! scenarios of the dialogues folder (loaded once), the werkproces
//! catalogue, and teachers' uploads (read from the store, changed while
//! running), with who may see which.
//!
//! Telegram, the terminal, the report command and the web dashboard all
//! load one [`Library`], so a dialogue id means the same everywhere and
//! "which dialogues may this learner see" is answered once: an upload is
//! visible to its owner, to the students of the owner's classes, and to
//! everyone once an admin published it ([`Audience`]). Teachers' webcare
//! scenarios are uploads too and follow the same rules
//! ([`Library::find_scenario_for`], [`Library::visible_scenarios`]). Front
//! ends refer to dialogues and scenarios by id; how a button carries an id
//! is theirs.
//!
//! The store is the truth about uploads: [`Library::refresh`] brings the
//! in-memory offer in line with it, compiling only versions not installed
//! yet. The uploads sit behind a lock that is only held to copy an `Arc`,
//! never across an `.await`. Replaced versions stay reachable by version id
//! for attempts and shifts still running on them
//! ([`Library::dialogue_of_attempt`], [`Library::scenario_of_shift`]).

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use crate::checking::check_dir;
use crate::dialogue::{Catalogue, Prepared, Problem, Werkproces};
use crate::engine::render::WerkprocesTitles;
use crate::store::uploads::{StoredUpload, UploadKind};
use crate::store::{AttemptId, Reads, ShiftId, StoreError, UploadId};
use crate::webcare::PreparedScenario;

/// Replaced versions kept in memory for attempts still running on them;
/// beyond this the cache starts afresh (they are re-read from the database).
const MAX_OLD_VERSIONS: usize = 64;

/// Shipped dialogues and scenarios, teachers' uploads and werkproces titles.
pub struct Library {
    /// Sorted by id.
    shipped: Vec<Arc<Prepared>>,
    /// Sorted by id.
    scenarios: Vec<Arc<PreparedScenario>>,
    /// Why files of the folder were left out (errors only).
    problems: Vec<Problem>,
    titles: BTreeMap<String, String>,
    /// None when the folder has no readable catalogue: then uploads cannot
    /// be checked and are refused.
    catalogue: Option<Arc<Catalogue>>,
    /// The current version of every upload, by dialogue id.
    uploads: RwLock<HashMap<String, Upload>>,
    /// Replaced versions, by version id.
    old: Mutex<HashMap<i64, Arc<Prepared>>>,
    /// The current version of every uploaded webcare scenario, by id.
    scenario_uploads: RwLock<HashMap<String, ScenarioUpload>>,
    /// Replaced scenario versions, by version id (for running shifts).
    old_scenarios: Mutex<HashMap<i64, Arc<PreparedScenario>>>,
}

impl WerkprocesTitles for Library {
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

/// The current version of a teacher's uploaded webcare scenario.
#[derive(Debug, Clone)]
pub struct ScenarioUpload {
    /// The database row of this version (`uploaded_dialogues.id`).
    pub version: i64,
    pub owner: i64,
    pub everyone: bool,
    pub prepared: Arc<PreparedScenario>,
}

/// A webcare scenario found for a learner: shipped (`upload` None) or a
/// teacher's upload.
#[derive(Debug, Clone)]
pub struct FoundScenario {
    pub prepared: Arc<PreparedScenario>,
    /// Set for uploads: which version this is.
    pub upload: Option<i64>,
}

/// One of a teacher's current uploads of either kind, for their list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnUpload {
    pub id: String,
    pub title: String,
    pub kind: UploadKind,
    pub owner: i64,
    pub everyone: bool,
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
        self.sees_upload(u.owner, u.everyone)
    }

    fn sees_upload(&self, owner: i64, everyone: bool) -> bool {
        everyone || owner == self.user_id || Some(owner) == self.class_teacher
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

impl Library {
    /// Loads the folder's dialogues, scenarios and catalogue; files with
    /// errors are left out (and logged, and kept in [`Library::problems`]),
    /// so one broken file does not take a front end down. Uploads come from
    /// the store ([`Library::refresh`]).
    pub fn load(dir: &Path) -> Library {
        let report = check_dir(dir, dir);
        let problems: Vec<Problem> = report
            .problems
            .into_iter()
            .filter(Problem::is_error)
            .collect();
        for p in &problems {
            tracing::warn!(problem = ?p, "dialogue problem; file left out");
        }
        let mut shipped: Vec<Arc<Prepared>> = report
            .dialogues
            .into_iter()
            .map(|(_, p)| Arc::new(p))
            .collect();
        shipped.sort_by(|a, b| a.dialogue.id.cmp(&b.dialogue.id));
        let mut scenarios: Vec<Arc<PreparedScenario>> = report
            .scenarios
            .into_iter()
            .map(|(_, p)| Arc::new(p))
            .collect();
        scenarios.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
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
        tracing::info!(
            dialogues = shipped.len(),
            scenarios = scenarios.len(),
            dir = %dir.display(),
            "dialogues loaded"
        );
        Library {
            shipped,
            scenarios,
            problems,
            titles,
            catalogue,
            uploads: RwLock::new(HashMap::new()),
            old: Mutex::new(HashMap::new()),
            scenario_uploads: RwLock::new(HashMap::new()),
            old_scenarios: Mutex::new(HashMap::new()),
        }
    }

    /// Why files of the dialogues folder were left out (errors only;
    /// `gesprekscoach check` shows every problem).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The shipped dialogues, sorted by id.
    pub fn shipped_dialogues(&self) -> &[Arc<Prepared>] {
        &self.shipped
    }

    /// The shipped dialogues in menu order: by first werkproces, then title.
    pub fn shipped_by_werkproces(&self) -> Vec<Arc<Prepared>> {
        let mut list = self.shipped.clone();
        list.sort_by(|a, b| {
            (a.dialogue.werkprocessen.first(), &a.dialogue.title)
                .cmp(&(b.dialogue.werkprocessen.first(), &b.dialogue.title))
        });
        list
    }

    /// The shipped webcare scenarios, sorted by id (they are for everyone).
    pub fn scenarios(&self) -> &[Arc<PreparedScenario>] {
        &self.scenarios
    }

    /// The shipped webcare scenario with this id. Uploaded scenarios:
    /// [`Library::find_scenario_for`] (starting) and
    /// [`Library::scenario_of_shift`] (running).
    pub fn find_scenario(&self, id: &str) -> Option<&Arc<PreparedScenario>> {
        self.scenarios.iter().find(|p| p.scenario.id == id)
    }

    /// Whether a shipped dialogue or scenario has this id: uploads of
    /// either kind cannot take it.
    pub fn is_shipped_id(&self, id: &str) -> bool {
        self.is_shipped(id) || self.find_scenario(id).is_some()
    }

    fn read_scenarios(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, ScenarioUpload>> {
        self.scenario_uploads
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write_scenarios(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, ScenarioUpload>> {
        self.scenario_uploads
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The scenario with this id if `audience` may start it: a shipped one,
    /// or an upload they may see.
    pub fn find_scenario_for(&self, id: &str, audience: &Audience) -> Option<FoundScenario> {
        if let Some(p) = self.find_scenario(id) {
            return Some(FoundScenario {
                prepared: p.clone(),
                upload: None,
            });
        }
        self.read_scenarios()
            .get(id)
            .filter(|u| audience.sees_upload(u.owner, u.everyone))
            .map(|u| FoundScenario {
                prepared: u.prepared.clone(),
                upload: Some(u.version),
            })
    }

    /// Every scenario `audience` may start: the shipped ones, then the
    /// visible uploads, each sorted by id.
    pub fn visible_scenarios(&self, audience: &Audience) -> Vec<FoundScenario> {
        let mut uploaded: Vec<FoundScenario> = self
            .read_scenarios()
            .values()
            .filter(|u| audience.sees_upload(u.owner, u.everyone))
            .map(|u| FoundScenario {
                prepared: u.prepared.clone(),
                upload: Some(u.version),
            })
            .collect();
        uploaded.sort_by(|a, b| a.prepared.scenario.id.cmp(&b.prepared.scenario.id));
        self.scenarios
            .iter()
            .map(|p| FoundScenario {
                prepared: p.clone(),
                upload: None,
            })
            .chain(uploaded)
            .collect()
    }

    /// The current version of an uploaded scenario.
    pub fn scenario_upload(&self, id: &str) -> Option<ScenarioUpload> {
        self.read_scenarios().get(id).cloned()
    }

    /// A teacher's current uploads of both kinds, sorted by id (what
    /// `/mijndialogen` lists and the per-teacher limit counts).
    pub fn own_uploads(&self, owner: i64) -> Vec<OwnUpload> {
        let mut list: Vec<OwnUpload> = self
            .uploads_of(owner)
            .into_iter()
            .map(|u| OwnUpload {
                id: u.prepared.dialogue.id.clone(),
                title: u.prepared.dialogue.title.clone(),
                kind: UploadKind::Dialogue,
                owner: u.owner,
                everyone: u.everyone,
            })
            .collect();
        list.extend(
            self.read_scenarios()
                .values()
                .filter(|u| u.owner == owner)
                .map(|u| OwnUpload {
                    id: u.prepared.scenario.id.clone(),
                    title: u.prepared.scenario.title.clone(),
                    kind: UploadKind::Webcare,
                    owner: u.owner,
                    everyone: u.everyone,
                }),
        );
        list.sort_by(|a, b| a.id.cmp(&b.id));
        list
    }

    /// The current upload of either kind with this id, whoever owns it.
    pub fn any_upload(&self, id: &str) -> Option<OwnUpload> {
        if let Some(u) = self.upload(id) {
            return Some(OwnUpload {
                id: id.to_string(),
                title: u.prepared.dialogue.title.clone(),
                kind: UploadKind::Dialogue,
                owner: u.owner,
                everyone: u.everyone,
            });
        }
        self.scenario_upload(id).map(|u| OwnUpload {
            id: id.to_string(),
            title: u.prepared.scenario.title.clone(),
            kind: UploadKind::Webcare,
            owner: u.owner,
            everyone: u.everyone,
        })
    }

    /// Makes `upload` the current version of its scenario (a shipped
    /// scenario or dialogue with the same id wins, as for dialogues).
    pub fn install_scenario(&self, upload: ScenarioUpload) {
        let id = upload.prepared.scenario.id.clone();
        if self.is_shipped_id(&id) {
            tracing::warn!(%id, "uploaded scenario hidden by a shipped file with the same id");
            return;
        }
        // One id is one upload: a scenario replaces a dialogue of the same id.
        if let Some(previous) = self.write().remove(&id) {
            self.keep_old(previous.version, previous.prepared);
        }
        let version = upload.version;
        let previous = self.write_scenarios().insert(id, upload);
        if let Some(previous) = previous.filter(|p| p.version != version) {
            self.keep_old_scenario(previous.version, previous.prepared);
        }
    }

    fn keep_old_scenario(&self, version: i64, prepared: Arc<PreparedScenario>) {
        let mut old = self.old_scenarios.lock().unwrap_or_else(|p| p.into_inner());
        if old.len() >= MAX_OLD_VERSIONS {
            old.clear();
        }
        old.insert(version, prepared);
    }

    /// A version of an uploaded scenario held in memory (current or replaced).
    pub fn scenario_version(&self, version: i64) -> Option<Arc<PreparedScenario>> {
        if let Some(u) = self
            .read_scenarios()
            .values()
            .find(|u| u.version == version)
        {
            return Some(u.prepared.clone());
        }
        let old = self.old_scenarios.lock().unwrap_or_else(|p| p.into_inner());
        old.get(&version).cloned()
    }

    /// The title of a dialogue or scenario, for lists of attempts and
    /// shifts; the id itself when it is not (or no longer) in the library.
    pub fn title(&self, id: &str) -> String {
        self.find(id)
            .map(|d| d.dialogue.title.clone())
            .or_else(|| self.find_scenario(id).map(|p| p.scenario.title.clone()))
            .or_else(|| {
                self.read_scenarios()
                    .get(id)
                    .map(|u| u.prepared.scenario.title.clone())
            })
            .unwrap_or_else(|| id.to_string())
    }

    /// The catalogue for webcare shifts and titles: the folder's, or an
    /// empty one when it has none.
    pub fn catalogue_or_empty(&self) -> Arc<Catalogue> {
        self.catalogue.clone().unwrap_or_default()
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
    pub fn werkprocessen(&self) -> &[Werkproces] {
        self.catalogue
            .as_deref()
            .map_or(&[], |c| c.werkprocessen.as_slice())
    }

    /// Whether a dialogue of the dialogues folder has this id.
    pub fn is_shipped(&self, id: &str) -> bool {
        self.shipped.iter().any(|d| d.dialogue.id == id)
    }

    /// Any dialogue with this id, whoever may see it: for titles and for
    /// attempts that already run. Starting a dialogue uses [`Library::find_for`].
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
    pub fn visible(&self, audience: &Audience) -> Vec<Found> {
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

    /// The current version of an upload.
    pub fn upload(&self, id: &str) -> Option<Upload> {
        self.read().get(id).cloned()
    }

    /// The ids of every current upload (both kinds).
    pub fn upload_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.read().keys().cloned().collect();
        ids.extend(self.read_scenarios().keys().cloned());
        ids
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
        if self.is_shipped_id(&id) {
            tracing::warn!(%id, "uploaded dialogue hidden by a shipped file with the same id");
            return;
        }
        // One id is one upload: a dialogue replaces a scenario of the same id.
        if let Some(previous) = self.write_scenarios().remove(&id) {
            self.keep_old_scenario(previous.version, previous.prepared);
        }
        let version = upload.version;
        let previous = self.write().insert(id, upload);
        if let Some(previous) = previous.filter(|p| p.version != version) {
            self.keep_old(previous.version, previous.prepared);
        }
    }

    /// Takes an upload of either kind out of the offer (attempts and
    /// shifts on it keep working).
    pub fn remove(&self, id: &str) {
        if let Some(previous) = self.write().remove(id) {
            self.keep_old(previous.version, previous.prepared);
        }
        if let Some(previous) = self.write_scenarios().remove(id) {
            self.keep_old_scenario(previous.version, previous.prepared);
        }
    }

    /// Publishes an upload of either kind to everyone, or takes that back.
    pub fn set_everyone(&self, id: &str, everyone: bool) {
        if let Some(u) = self.write().get_mut(id) {
            u.everyone = everyone;
        }
        if let Some(u) = self.write_scenarios().get_mut(id) {
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

impl Library {
    /// Brings the uploads in line with the store, which is the truth: a
    /// dialogue saved in the dashboard's editor, through Telegram or by
    /// another instance is offered without a restart. Only versions not
    /// installed yet are checked and compiled; uploads no longer current
    /// leave the offer. Returns how many uploads are current (0 without a
    /// catalogue: then no upload can be checked).
    pub async fn refresh(&self, db: &mut dyn Reads) -> Result<usize, StoreError> {
        let Some(catalogue) = self.catalogue() else {
            return Ok(0);
        };
        let rows = db.current_uploads().await?;
        for row in &rows {
            if row.kind == UploadKind::Webcare {
                self.refresh_scenario(row, &catalogue);
                continue;
            }
            match self.upload(&row.dialogue_id) {
                Some(u) if u.version == row.id => {
                    if u.everyone != row.everyone {
                        self.set_everyone(&row.dialogue_id, row.everyone);
                    }
                }
                _ => {
                    if let Some(prepared) = row.prepare(&catalogue) {
                        self.install(Upload {
                            version: row.id,
                            owner: row.owner_id,
                            everyone: row.everyone,
                            prepared: Arc::new(prepared),
                        });
                    }
                }
            }
        }
        for id in self.upload_ids() {
            if !rows.iter().any(|r| r.dialogue_id == id) {
                self.remove(&id);
            }
        }
        Ok(rows.len())
    }

    /// [`Library::refresh`] for one current scenario row.
    fn refresh_scenario(&self, row: &StoredUpload, catalogue: &Catalogue) {
        match self.scenario_upload(&row.dialogue_id) {
            Some(u) if u.version == row.id => {
                if u.everyone != row.everyone {
                    self.set_everyone(&row.dialogue_id, row.everyone);
                }
            }
            _ => {
                if let Some(prepared) = row.prepare_scenario(catalogue) {
                    self.install_scenario(ScenarioUpload {
                        version: row.id,
                        owner: row.owner_id,
                        everyone: row.everyone,
                        prepared: Arc::new(prepared),
                    });
                }
            }
        }
    }

    /// The scenario a shift runs on: for uploads the exact version it
    /// started with (from memory, or read back from the store), else the
    /// shipped scenario or, for shifts without a recorded version, the
    /// current upload. None when none of them exists any more.
    pub async fn scenario_of_shift(
        &self,
        db: &mut dyn Reads,
        shift: ShiftId,
        scenario_id: &str,
    ) -> Result<Option<Arc<PreparedScenario>>, StoreError> {
        if let Some(p) = self.find_scenario(scenario_id) {
            return Ok(Some(p.clone()));
        }
        let Some(UploadId(version)) = db.shift_upload(shift).await? else {
            return Ok(self
                .scenario_upload(scenario_id)
                .map(|u| u.prepared.clone()));
        };
        if let Some(p) = self.scenario_version(version) {
            return Ok(Some(p));
        }
        let Some(row) = db.upload_version(UploadId(version)).await? else {
            return Ok(None);
        };
        let Some(prepared) = row.prepare_scenario(&self.catalogue_or_empty()) else {
            return Ok(None);
        };
        let prepared = Arc::new(prepared);
        self.keep_old_scenario(version, prepared.clone());
        Ok(Some(prepared))
    }

    /// The dialogue an attempt runs on: for uploads the exact version it
    /// started with (from memory, or read back from the store), else the
    /// shipped dialogue. None when neither exists any more.
    pub async fn dialogue_of_attempt(
        &self,
        db: &mut dyn Reads,
        attempt: AttemptId,
        dialogue_id: &str,
    ) -> Result<Option<Arc<Prepared>>, StoreError> {
        if self.is_shipped(dialogue_id) {
            return Ok(self.find(dialogue_id).map(|f| f.arc()));
        }
        let Some(UploadId(version)) = db.attempt_upload(attempt).await? else {
            return Ok(self.find(dialogue_id).map(|f| f.arc()));
        };
        if let Some(p) = self.version(version) {
            return Ok(Some(p));
        }
        let (Some(row), Some(catalogue)) = (
            db.upload_version(UploadId(version)).await?,
            self.catalogue(),
        ) else {
            return Ok(None);
        };
        let Some(prepared) = row.prepare(&catalogue) else {
            return Ok(None);
        };
        let prepared = Arc::new(prepared);
        self.keep_old(version, prepared.clone());
        Ok(Some(prepared))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::uploads::NewUpload;
    use crate::store::{Database, LearnerKey};

    fn root() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn fixtures() -> std::path::PathBuf {
        root().join("tests/fixtures/dialogues")
    }

    /// The fixture dialogue under another id and title, as a teacher would
    /// upload it.
    fn source(id: &str, title: &str) -> String {
        std::fs::read_to_string(fixtures().join("test-koffie.toml"))
            .expect("fixture")
            .replacen("id = \"test-koffie\"", &format!("id = \"{id}\""), 1)
            .replacen("title = \"", &format!("title = \"{title} "), 1)
    }

    fn upload(library: &Library, id: &str, version: i64, owner: i64) -> Upload {
        let catalogue = library.catalogue().expect("catalogue");
        let (prepared, problems) =
            crate::dialogue::check_source("u.toml", source(id, "Eigen").as_bytes(), &catalogue);
        Upload {
            version,
            owner,
            everyone: false,
            prepared: Arc::new(prepared.unwrap_or_else(|| panic!("{problems:?}"))),
        }
    }

    const JUF: i64 = 1;
    const MEESTER: i64 = 2;

    fn audience(user_id: i64, class_teacher: Option<i64>) -> Audience {
        Audience {
            user_id,
            class_teacher,
        }
    }

    #[test]
    fn an_upload_is_seen_by_its_owner_and_her_classes_and_by_everyone_once_published() {
        let library = Library::load(&fixtures());
        library.install(upload(&library, "eigen", 7, JUF));
        let owner = audience(JUF, None);
        let her_class = audience(100, Some(JUF));
        let other_class = audience(101, Some(MEESTER));
        let no_class = audience(102, None);
        for (who, sees) in [
            (owner, true),
            (her_class, true),
            (other_class, false),
            (no_class, false),
        ] {
            assert_eq!(library.find_for("eigen", &who).is_some(), sees, "{who:?}");
            let in_menu = library
                .groups(&who)
                .iter()
                .any(|g| g.dialogues.iter().any(|d| d.dialogue.id == "eigen"));
            assert_eq!(in_menu, sees, "{who:?}");
            // Shipped dialogues are for everyone.
            assert!(library.find_for("test-koffie", &who).is_some());
        }
        assert_eq!(library.find("eigen").and_then(|f| f.upload), Some(7));
        assert_eq!(library.find("test-koffie").and_then(|f| f.upload), None);

        library.set_everyone("eigen", true);
        assert!(library.find_for("eigen", &other_class).is_some());
        assert!(library.find_for("eigen", &no_class).is_some());
    }

    #[test]
    fn a_replaced_or_removed_version_stays_available_by_its_version() {
        let library = Library::load(&fixtures());
        library.install(upload(&library, "eigen", 7, JUF));
        library.install(upload(&library, "eigen", 8, JUF));
        assert_eq!(library.upload("eigen").map(|u| u.version), Some(8));
        assert!(library.version(7).is_some() && library.version(8).is_some());
        library.remove("eigen");
        assert!(library.find("eigen").is_none());
        assert!(library.uploads_of(JUF).is_empty());
        assert!(library.version(8).is_some(), "running attempts go on");
    }

    #[test]
    fn an_upload_never_hides_a_shipped_dialogue() {
        let library = Library::load(&fixtures());
        library.install(upload(&library, "test-koffie", 7, JUF));
        assert_eq!(library.find("test-koffie").and_then(|f| f.upload), None);
        assert!(library.upload("test-koffie").is_none());
    }

    /// One folder with a dialogue, a webcare scenario, the catalogue and a
    /// broken file: what every front end loads.
    #[test]
    fn a_folder_gives_its_dialogues_and_scenarios_and_leaves_a_broken_file_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (from, name) in [
            (fixtures().join("test-koffie.toml"), "test-koffie.toml"),
            // The dossier's catalogue knows both fixtures' werkprocessen.
            (
                root().join("dialogues/werkprocessen.toml"),
                "werkprocessen.toml",
            ),
            (
                root().join("tests/fixtures/webcare/webcare-test.toml"),
                "webcare-test.toml",
            ),
        ] {
            std::fs::copy(from, dir.path().join(name)).expect("copy");
        }
        std::fs::write(dir.path().join("kapot.toml"), "id = \"kapot\"\ntitle = ").expect("write");
        let library = Library::load(dir.path());
        let ids: Vec<&str> = library
            .shipped_dialogues()
            .iter()
            .map(|d| d.dialogue.id.as_str())
            .collect();
        assert_eq!(ids, ["test-koffie"]);
        assert!(library.find_scenario("webcare-test").is_some());
        assert!(
            library.find("webcare-test").is_none(),
            "a scenario is no dialogue"
        );
        assert!(
            library
                .problems()
                .iter()
                .any(|p| p.to_string().contains("kapot"))
        );
        assert_eq!(
            library.title("webcare-test"),
            "Test: een korte webcaredienst"
        );
        assert_eq!(library.title("weg"), "weg");
        assert!(!library.werkprocessen().is_empty());
    }

    #[test]
    fn a_folder_without_a_catalogue_offers_its_dialogues_but_refuses_uploads() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(
            fixtures().join("test-koffie.toml"),
            dir.path().join("test-koffie.toml"),
        )
        .expect("copy");
        let library = Library::load(dir.path());
        assert!(library.catalogue().is_none());
        assert!(library.catalogue_or_empty().werkprocessen.is_empty());
    }

    async fn store(dir: &tempfile::TempDir) -> crate::store::AnyStore {
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        crate::store::open(&url).await.expect("store")
    }

    async fn save(store: &crate::store::AnyStore, id: &str, title: &str, owner: i64) -> UploadId {
        insert(
            store,
            id,
            title,
            owner,
            UploadKind::Dialogue,
            source(id, title),
        )
        .await
    }

    /// Stores `source` as a new upload version of `kind`.
    async fn insert(
        store: &crate::store::AnyStore,
        id: &str,
        title: &str,
        owner: i64,
        kind: UploadKind,
        source: String,
    ) -> UploadId {
        let new = NewUpload {
            dialogue_id: id.to_string(),
            kind,
            owner_id: owner,
            title: title.to_string(),
            file_name: format!("{id}.toml"),
            source,
        };
        store
            .write(move |tx| {
                let new = new.clone();
                Box::pin(async move { tx.insert_upload(&new).await })
            })
            .await
            .expect("insert upload")
    }

    async fn refresh(library: &Library, store: &crate::store::AnyStore) -> usize {
        let mut db = store.read().await.expect("read");
        library.refresh(&mut *db).await.expect("refresh")
    }

    #[tokio::test]
    async fn uploads_saved_in_the_store_are_offered_after_a_refresh_and_leave_when_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = store(&dir).await;
        let library = Library::load(&fixtures());
        let first = save(&store, "eigen", "Eerste", JUF).await;
        assert_eq!(refresh(&library, &store).await, 1);
        let found = library.find_for("eigen", &audience(100, Some(JUF)));
        assert_eq!(found.and_then(|f| f.upload), Some(first.0));
        assert!(
            library
                .find_for("eigen", &audience(101, Some(MEESTER)))
                .is_none()
        );

        // Published by an admin: the next refresh shows it to everyone.
        store
            .write(|tx| Box::pin(async move { tx.set_upload_everyone("eigen", true).await }))
            .await
            .expect("publish");
        refresh(&library, &store).await;
        assert!(library.find_for("eigen", &audience(101, None)).is_some());

        let second = save(&store, "eigen", "Tweede", JUF).await;
        refresh(&library, &store).await;
        let current = library.find("eigen").expect("current");
        assert_eq!(current.upload, Some(second.0));
        assert!(current.dialogue.title.starts_with("Tweede"));

        store
            .write(|tx| Box::pin(async move { tx.remove_upload("eigen").await }))
            .await
            .expect("remove");
        assert_eq!(refresh(&library, &store).await, 0);
        assert!(library.find("eigen").is_none());
        assert!(
            library.version(second.0).is_some(),
            "running attempts go on"
        );
    }

    /// A new front end (a restart, or the dashboard) finds the version an
    /// attempt started on in the store, not the current one.
    #[tokio::test]
    async fn an_attempt_runs_on_the_version_it_started_with_even_after_a_new_one_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = store(&dir).await;
        let first = save(&store, "eigen", "Eerste", JUF).await;
        let writer = Library::load(&fixtures());
        refresh(&writer, &store).await;
        let started_on = writer.find("eigen").expect("upload").arc();
        let (session, _) = crate::engine::start(&started_on, 1);
        let attempt = store
            .write(move |tx| {
                let session = session.clone();
                Box::pin(async move {
                    let learner = tx.learner(LearnerKey::Telegram(100), None).await?;
                    let attempt = tx.start_attempt(learner.id, &session, &[]).await?;
                    tx.link_attempt_upload(attempt, first).await?;
                    Ok::<_, StoreError>(attempt)
                })
            })
            .await
            .expect("attempt");
        save(&store, "eigen", "Tweede", JUF).await;

        let fresh = Library::load(&fixtures());
        refresh(&fresh, &store).await;
        assert!(
            fresh
                .find("eigen")
                .expect("current")
                .dialogue
                .title
                .starts_with("Tweede")
        );
        let mut db = store.read().await.expect("read");
        let ran_on = fresh
            .dialogue_of_attempt(&mut *db, attempt, "eigen")
            .await
            .expect("read")
            .expect("found");
        assert!(ran_on.dialogue.title.starts_with("Eerste"));
        let shipped = fresh
            .dialogue_of_attempt(&mut *db, AttemptId(999), "test-koffie")
            .await
            .expect("read");
        assert!(shipped.is_some_and(|d| d.dialogue.id == "test-koffie"));
    }

    /// A folder whose catalogue knows the webcare werkproces (the dossier's),
    /// with the dialogue fixture: what a school's server loads.
    fn school_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (from, name) in [
            (fixtures().join("test-koffie.toml"), "test-koffie.toml"),
            (
                root().join("dialogues/werkprocessen.toml"),
                "werkprocessen.toml",
            ),
        ] {
            std::fs::copy(from, dir.path().join(name)).expect("copy");
        }
        dir
    }

    /// The webcare fixture under another id and title, as a teacher would
    /// upload it.
    fn scenario_source(id: &str, title: &str) -> String {
        std::fs::read_to_string(root().join("tests/fixtures/webcare/webcare-test.toml"))
            .expect("fixture")
            .replacen("id = \"webcare-test\"", &format!("id = \"{id}\""), 1)
            .replacen("title = \"", &format!("title = \"{title} "), 1)
    }

    async fn save_scenario(
        store: &crate::store::AnyStore,
        id: &str,
        title: &str,
        owner: i64,
    ) -> UploadId {
        insert(
            store,
            id,
            title,
            owner,
            UploadKind::Webcare,
            scenario_source(id, title),
        )
        .await
    }

    #[tokio::test]
    async fn an_uploaded_scenario_is_offered_to_the_same_audience_as_an_uploaded_dialogue() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = school_folder();
        let store = store(&dir).await;
        let library = Library::load(folder.path());
        let version = save_scenario(&store, "dienst", "Eigen", JUF).await;
        assert_eq!(refresh(&library, &store).await, 1);
        assert!(
            library.find("dienst").is_none(),
            "a scenario is no dialogue"
        );
        let owner = audience(JUF, None);
        let her_class = audience(100, Some(JUF));
        let other_class = audience(101, Some(MEESTER));
        for (who, sees) in [(owner, true), (her_class, true), (other_class, false)] {
            let found = library.find_scenario_for("dienst", &who);
            assert_eq!(
                found.as_ref().and_then(|f| f.upload),
                sees.then_some(version.0)
            );
            let listed = library
                .visible_scenarios(&who)
                .iter()
                .any(|f| f.prepared.scenario.id == "dienst");
            assert_eq!(listed, sees, "{who:?}");
        }
        assert!(library.title("dienst").starts_with("Eigen"));
        let own = library.own_uploads(JUF);
        assert_eq!(
            own.iter()
                .map(|u| (u.id.as_str(), u.kind))
                .collect::<Vec<_>>(),
            [("dienst", UploadKind::Webcare)]
        );

        store
            .write(|tx| Box::pin(async move { tx.set_upload_everyone("dienst", true).await }))
            .await
            .expect("publish");
        refresh(&library, &store).await;
        assert!(library.find_scenario_for("dienst", &other_class).is_some());

        store
            .write(|tx| Box::pin(async move { tx.remove_upload("dienst").await }))
            .await
            .expect("remove");
        assert_eq!(refresh(&library, &store).await, 0);
        assert!(library.find_scenario_for("dienst", &owner).is_none());
        assert!(
            library.scenario_version(version.0).is_some(),
            "running shifts go on"
        );
    }

    /// A fresh front end (a restart, the scheduler of another instance)
    /// finds the version a shift started on, not the newest.
    #[tokio::test]
    async fn a_shift_runs_on_the_scenario_version_it_started_with_after_a_new_one_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = school_folder();
        let store = store(&dir).await;
        let first = save_scenario(&store, "dienst", "Eerste", JUF).await;
        let writer = Library::load(folder.path());
        refresh(&writer, &store).await;
        let started_on = writer
            .find_scenario_for("dienst", &audience(100, Some(JUF)))
            .expect("visible");
        let (session, _) = crate::webcare::shift::start(&started_on.prepared);
        let shift = store
            .write(move |tx| {
                let session = session.clone();
                Box::pin(async move {
                    let learner = tx.learner(LearnerKey::Telegram(100), None).await?;
                    let shift = tx
                        .start_shift(learner.id, &session, chrono::Utc::now())
                        .await?;
                    tx.link_shift_upload(shift, first).await?;
                    Ok::<_, StoreError>(shift)
                })
            })
            .await
            .expect("shift");
        save_scenario(&store, "dienst", "Tweede", JUF).await;

        let fresh = Library::load(folder.path());
        refresh(&fresh, &store).await;
        let current = fresh.scenario_upload("dienst").expect("current");
        assert!(current.prepared.scenario.title.starts_with("Tweede"));
        let mut db = store.read().await.expect("read");
        let ran_on = fresh
            .scenario_of_shift(&mut *db, shift, "dienst")
            .await
            .expect("read")
            .expect("found");
        assert!(ran_on.scenario.title.starts_with("Eerste"));
        // The writer had the first version in memory and keeps it too.
        let kept = writer
            .scenario_of_shift(&mut *db, shift, "dienst")
            .await
            .expect("read")
            .expect("found");
        assert!(kept.scenario.title.starts_with("Eerste"));
    }

    #[test]
    fn an_upload_cannot_take_the_id_of_a_shipped_scenario() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (from, name) in [
            (
                root().join("dialogues/werkprocessen.toml"),
                "werkprocessen.toml",
            ),
            (
                root().join("tests/fixtures/webcare/webcare-test.toml"),
                "webcare-test.toml",
            ),
        ] {
            std::fs::copy(from, dir.path().join(name)).expect("copy");
        }
        let library = Library::load(dir.path());
        assert!(library.is_shipped_id("webcare-test"));
        assert!(!library.is_shipped_id("dienst"));
    }
}
