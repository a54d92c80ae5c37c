//! The dialogues and werkproces catalogue the terminal offers, loaded and
//! validated by the dialogue loader.

use std::path::Path;

use crate::dialogue::{self, Catalogue, Prepared, Problem};
use crate::webcare::PreparedScenario;

/// The loaded dialogues folder.
#[derive(Debug, Default)]
pub struct Library {
    /// Valid dialogues, sorted by first werkproces, then title.
    pub dialogues: Vec<Prepared>,
    /// Valid webcare scenarios, sorted by title.
    pub scenarios: Vec<PreparedScenario>,
    /// Werkproces titles; empty when the catalogue file is missing or broken.
    pub catalogue: Catalogue,
    /// Why files were skipped (errors only; `gesprekscoach check` shows all).
    pub problems: Vec<Problem>,
}

impl Library {
    pub fn load(dir: &Path) -> Library {
        let report = dialogue::check_dir(dir, dir);
        let problems = report.problems;
        let mut dialogues: Vec<Prepared> = report.dialogues.into_iter().map(|(_, p)| p).collect();
        let mut scenarios: Vec<PreparedScenario> =
            report.scenarios.into_iter().map(|(_, p)| p).collect();
        scenarios.sort_by(|a, b| a.scenario.title.cmp(&b.scenario.title));
        dialogues.sort_by(|a, b| {
            (a.dialogue.werkprocessen.first(), &a.dialogue.title)
                .cmp(&(b.dialogue.werkprocessen.first(), &b.dialogue.title))
        });
        Library {
            dialogues,
            scenarios,
            catalogue: Catalogue::load_from_dir(dir).unwrap_or_default(),
            problems: problems.into_iter().filter(Problem::is_error).collect(),
        }
    }

    pub fn find_scenario(&self, id: &str) -> Option<&PreparedScenario> {
        self.scenarios.iter().find(|p| p.scenario.id == id)
    }

    pub fn find(&self, id: &str) -> Option<&Prepared> {
        self.dialogues.iter().find(|p| p.dialogue.id == id)
    }
}
