//! The dialogues and werkproces titles the terminal offers. The only place
//! the terminal reads dialogue files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::dialogue::{Dialogue, Prepared};

/// File name of the werkproces catalogue in the dialogues folder.
const CATALOGUE_FILE: &str = "werkprocessen.toml";

/// The loaded dialogues folder.
#[derive(Debug, Default)]
pub struct Library {
    /// Valid dialogues, sorted by first werkproces, then title.
    pub dialogues: Vec<Prepared>,
    /// Werkproces titles by code.
    pub titles: BTreeMap<String, String>,
    /// Files that could not be used, as Dutch messages.
    pub problems: Vec<String>,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&Prepared> {
        self.dialogues.iter().find(|p| p.dialogue.id == id)
    }
}

#[derive(Deserialize)]
struct Catalogue {
    #[serde(default)]
    werkproces: Vec<WerkprocesTitle>,
}

#[derive(Deserialize)]
struct WerkprocesTitle {
    code: String,
    title: String,
}

/// Reads every `*.toml` of `dir` (the catalogue apart) as a dialogue.
// Stop-gap until the dialogue loader's `load_dir` is on main: that one also
// validates against the catalogue and reports positions.
pub fn load(dir: &Path) -> Library {
    let mut library = Library::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            library
                .problems
                .push(format!("{}: map niet te lezen: {e}", dir.display()));
            return library;
        }
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                library
                    .problems
                    .push(format!("{}: niet te lezen: {e}", file.display()));
                continue;
            }
        };
        if file.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
            match toml::from_str::<Catalogue>(&text) {
                Ok(c) => library
                    .titles
                    .extend(c.werkproces.into_iter().map(|w| (w.code, w.title))),
                Err(e) => library.problems.push(format!("{}: {e}", file.display())),
            }
            continue;
        }
        let prepared = toml::from_str::<Dialogue>(&text)
            .map_err(|e| e.to_string())
            .and_then(|d| Prepared::new(d).map_err(|e| e.to_string()));
        match prepared {
            Ok(p) => library.dialogues.push(p),
            Err(e) => library.problems.push(format!("{}: {e}", file.display())),
        }
    }
    library.dialogues.sort_by(|a, b| {
        (a.dialogue.werkprocessen.first(), &a.dialogue.title)
            .cmp(&(b.dialogue.werkprocessen.first(), &b.dialogue.title))
    });
    library
}
