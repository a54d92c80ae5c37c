//! The webcare scenarios the bot offers, read once at start.

use std::path::Path;
use std::sync::Arc;

use crate::dialogue::{Catalogue, check_dir};
use crate::webcare::PreparedScenario;

use super::buttons::Key;
use super::clock::ShiftClock;

/// The scenarios the bot offers and the clock.
pub struct Webcare {
    pub scenarios: Vec<Arc<PreparedScenario>>,
    pub catalogue: Arc<Catalogue>,
    pub clock: ShiftClock,
}

impl Webcare {
    pub fn load(dir: &Path, clock: ShiftClock) -> Webcare {
        let report = check_dir(dir, dir);
        let mut scenarios: Vec<Arc<PreparedScenario>> = report
            .scenarios
            .into_iter()
            .map(|(_, p)| Arc::new(p))
            .collect();
        scenarios.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
        Webcare {
            scenarios,
            catalogue: Arc::new(Catalogue::load_from_dir(dir).unwrap_or_default()),
            clock,
        }
    }

    pub(super) fn find(&self, id: &str) -> Option<&Arc<PreparedScenario>> {
        self.scenarios.iter().find(|p| p.scenario.id == id)
    }

    /// The id of the scenario a button refers to. An id carried as it is
    /// is passed on even when unknown (the answer then lists the scenarios).
    pub(super) fn resolve(&self, key: &Key) -> Option<String> {
        if let Some(id) = key.id() {
            return Some(id.to_string());
        }
        self.scenarios
            .iter()
            .map(|p| &p.scenario.id)
            .find(|id| key.matches(id))
            .cloned()
    }
}
