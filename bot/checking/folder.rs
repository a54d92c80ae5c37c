//! Checking files and folders of dialogues and webcare scenarios: a file
//! with `type = "webcare"` is a scenario, any other a dialogue; a folder
//! also reports duplicate ids across files. Every entry point returns all
//! problems at once and never panics on any input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::dialogue::problem::{Problem, Reporter, file_problem};
use crate::dialogue::source::{self, read_limited};
use crate::dialogue::{CATALOGUE_FILE, Catalogue, Prepared, check_source_at, validate};
use crate::webcare::{self, PreparedScenario};

/// A checked file of either kind.
enum Checked {
    Dialogue(Option<Prepared>),
    Scenario(Option<PreparedScenario>),
}

impl Checked {
    fn id(&self) -> Option<&str> {
        match self {
            Checked::Dialogue(p) => p.as_ref().map(|p| p.dialogue.id.as_str()),
            Checked::Scenario(p) => p.as_ref().map(|p| p.scenario.id.as_str()),
        }
    }
}

/// Checks a file of the dialogues folder: a webcare scenario when it says
/// `type = "webcare"`, otherwise a dialogue.
fn check_any(
    name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
) -> (Checked, Vec<Problem>, (usize, usize)) {
    if let Ok(text) = source::decode(name, bytes)
        && let Some((kind, span)) = webcare::declared_type(text)
    {
        if kind == "webcare" {
            let (p, problems, at) = webcare::check_scenario_source(name, text, catalogue);
            return (Checked::Scenario(p), problems, at);
        }
        let mut r = Reporter::new(name, text);
        r.error(span, format!("onbekend type '{kind}'"))
            .hint("een webcaredienst heeft type = \"webcare\"; een dialoog heeft geen type");
        return (Checked::Dialogue(None), r.finish(), (1, 1));
    }
    let (p, problems, at) = check_source_at(name, bytes, catalogue);
    (Checked::Dialogue(p), problems, at)
}

/// The dialogue files of a folder: every `*.toml` except the catalogue, sorted.
fn dialogue_files(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        file_problem(
            &dir.display().to_string(),
            format!("kan de map niet lezen: {e}"),
            Some("geef een bestaande map met dialogen op (standaard: dialogues)".to_string()),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != CATALOGUE_FILE)
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The result of checking a file or folder.
#[derive(Debug, Default)]
pub struct Report {
    /// The dialogues without errors, with the file each came from.
    pub dialogues: Vec<(String, Prepared)>,
    /// The webcare scenarios (`type = "webcare"`) without errors.
    pub scenarios: Vec<(String, PreparedScenario)>,
    /// Every problem, per file in file order.
    pub problems: Vec<Problem>,
    /// How many files were looked at (the catalogue included).
    pub files: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    fn add(&mut self, name: String, checked: Checked) {
        match checked {
            Checked::Dialogue(Some(p)) => self.dialogues.push((name, p)),
            Checked::Scenario(Some(p)) => self.scenarios.push((name, p)),
            _ => {}
        }
    }
}

/// Loads every dialogue of a folder with the folder's catalogue; reports
/// duplicate ids across files.
pub fn load_dir(dir: &Path) -> (Vec<Prepared>, Vec<Problem>) {
    let report = check_dir(dir, dir);
    (
        report.dialogues.into_iter().map(|(_, p)| p).collect(),
        report.problems,
    )
}

/// Checks a folder of dialogues. The catalogue is the folder's own
/// `werkprocessen.toml`, or else the one in `catalogue_dir`.
pub fn check_dir(dir: &Path, catalogue_dir: &Path) -> Report {
    let mut report = Report::default();
    let files = match dialogue_files(dir) {
        Ok(files) => files,
        Err(p) => {
            report.problems.push(p);
            return report;
        }
    };
    let catalogue_dir = if dir.join(CATALOGUE_FILE).is_file() {
        dir
    } else {
        catalogue_dir
    };
    report.files = files.len() + 1;
    let catalogue = match Catalogue::load_from_dir(catalogue_dir) {
        Ok(c) => c,
        Err(problems) => {
            report.problems.extend(problems);
            return report;
        }
    };
    let mut first_file: HashMap<String, String> = HashMap::new();
    for path in files {
        let name = path.display().to_string();
        let bytes = match read_limited(&path) {
            Ok(b) => b,
            Err(p) => {
                report.problems.push(p);
                continue;
            }
        };
        let (checked, problems, (line, column)) = check_any(&name, &bytes, &catalogue);
        report.problems.extend(problems);
        let Some(id) = checked.id().map(str::to_string) else {
            continue;
        };
        if let Some(other) = first_file.get(&id) {
            report.problems.push(Problem {
                line,
                column,
                ..file_problem(
                    &name,
                    format!("de id '{id}' wordt ook al gebruikt in {other}"),
                    Some("elke dialoog heeft een eigen id; kies een andere".to_string()),
                )
            });
            continue;
        }
        first_file.insert(id, name.clone());
        report.add(name, checked);
    }
    report
}

/// Checks a file or folder. A single file is checked with the catalogue next
/// to it, or else the one in `catalogue_dir` (the configured dialogues folder).
pub fn check_path(path: &Path, catalogue_dir: &Path) -> Report {
    if path.is_dir() {
        return check_dir(path, catalogue_dir);
    }
    let name = path.display().to_string();
    let mut report = Report {
        files: 1,
        ..Report::default()
    };
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(p) => {
            report.problems.push(p);
            return report;
        }
    };
    if path.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
        if let Err(problems) = Catalogue::parse(&name, &bytes) {
            report.problems = problems;
        }
        return report;
    }
    let sibling = path.parent().filter(|p| p.join(CATALOGUE_FILE).is_file());
    let catalogue = match Catalogue::load_from_dir(sibling.unwrap_or(catalogue_dir)) {
        Ok(c) => c,
        Err(problems) => {
            report.problems = problems;
            return report;
        }
    };
    let (checked, problems, _) = check_any(&name, &bytes, &catalogue);
    report.problems = problems;
    report.add(name, checked);
    report
}

/// Why [`find_by_id`] found no usable dialogue.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("geen dialoog met id '{id}' gevonden (beschikbaar: {})", available.join(", "))]
    NotFound { id: String, available: Vec<String> },
    #[error("de dialoog '{id}' bevat fouten:\n{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid { id: String, problems: Vec<Problem> },
}

/// The valid dialogue with this id in `dir`. Looks at `<id>.toml` first and
/// falls back to every file of the folder.
pub fn find_by_id(dir: &Path, id: &str) -> Result<Prepared, FindError> {
    let guess = dir.join(format!("{id}.toml"));
    if validate::valid_id(id) && guess.is_file() {
        let report = check_path(&guess, dir);
        let errors = report.errors();
        if let Some((_, p)) = report.dialogues.into_iter().next() {
            if p.dialogue.id == id {
                return Ok(p);
            }
        } else if errors > 0 {
            return Err(FindError::Invalid {
                id: id.to_string(),
                problems: report.problems,
            });
        }
    }
    let (dialogues, _) = load_dir(dir);
    let available: Vec<String> = dialogues.iter().map(|p| p.dialogue.id.clone()).collect();
    dialogues
        .into_iter()
        .find(|p| p.dialogue.id == id)
        .ok_or(FindError::NotFound {
            id: id.to_string(),
            available,
        })
}
