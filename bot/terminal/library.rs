//! The dialogues and werkproces catalogue the terminal offers, loaded and
//! validated by the dialogue loader.

use std::path::Path;

use crate::dialogue::{self, Catalogue, Prepared, Problem};

/// The loaded dialogues folder.
#[derive(Debug, Default)]
pub struct Library {
    /// Valid dialogues, sorted by first werkproces, then title.
    pub dialogues: Vec<Prepared>,
    /// Werkproces titles; empty when the catalogue file is missing or broken.
    pub catalogue: Catalogue,
    /// Why files were skipped (errors only; `gesprekscoach check` shows all).
    pub problems: Vec<Problem>,
}

impl Library {
    pub fn load(dir: &Path) -> Library {
        let (mut dialogues, problems) = dialogue::load_dir(dir);
        dialogues.sort_by(|a, b| {
            (a.dialogue.werkprocessen.first(), &a.dialogue.title)
                .cmp(&(b.dialogue.werkprocessen.first(), &b.dialogue.title))
        });
        Library {
            dialogues,
            catalogue: Catalogue::load_from_dir(dir).unwrap_or_default(),
            problems: problems.into_iter().filter(Problem::is_error).collect(),
        }
    }

    pub fn find(&self, id: &str) -> Option<&Prepared> {
        self.dialogues.iter().find(|p| p.dialogue.id == id)
    }
}
