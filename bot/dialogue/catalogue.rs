//! The werkproces catalogue (`dialogues/werkprocessen.toml`): every kerntaak and
//! werkproces of the kwalificatiedossier with its Gedrag lines. Dialogues are
//! validated against it; scorecards and progress reports use its titles.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::problem::{Problem, Reporter, file_problem};
use super::{schema, source};

/// File name of the catalogue inside the dialogues folder.
pub const CATALOGUE_FILE: &str = "werkprocessen.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(rename = "kerntaak")]
    pub kerntaken: Vec<Kerntaak>,
    #[serde(rename = "werkproces")]
    pub werkprocessen: Vec<Werkproces>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kerntaak {
    /// e.g. `P4-K2`.
    pub code: String,
    pub title: String,
    /// e.g. `P4 Junior accountmanager` or `Basisdeel`.
    pub part: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Werkproces {
    /// e.g. `P4-K2-W3`.
    pub code: String,
    /// Code of its kerntaak.
    pub kerntaak: String,
    pub title: String,
    /// The dossier's Gedrag lines, without trailing `;`/`.`.
    pub gedrag: Vec<String>,
}

impl Werkproces {
    /// The catalogue's spelling of `line` when it is one of this werkproces's
    /// Gedrag lines (case and surrounding white space ignored).
    pub fn gedrag_line(&self, line: &str) -> Option<&str> {
        let wanted = normalise(line);
        self.gedrag
            .iter()
            .find(|g| normalise(g) == wanted)
            .map(String::as_str)
    }
}

fn normalise(line: &str) -> String {
    line.trim()
        .trim_end_matches([';', '.'])
        .trim()
        .to_lowercase()
}

impl Catalogue {
    /// Parses and validates a catalogue file's content.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Catalogue, Vec<Problem>> {
        let text = source::decode(name, bytes).map_err(|p| vec![p])?;
        let mut r = Reporter::new(name, text);
        let Some((catalogue, root)) = source::parse::<Catalogue>(&mut r, text, schema::CATALOGUE)
        else {
            return Err(r.finish());
        };
        let span_of = |list: &str, i: usize, key: &str| {
            root.get_ref()
                .get(list)
                .and_then(|v| v.get_ref().get(i))
                .and_then(|v| v.get_ref().get(key))
                .map(|v| v.span())
                .unwrap_or(0..0)
        };
        let mut seen = std::collections::HashSet::new();
        for (i, k) in catalogue.kerntaken.iter().enumerate() {
            if !seen.insert(k.code.as_str()) {
                r.error(
                    span_of("kerntaak", i, "code"),
                    format!("kerntaak '{}' staat er twee keer in", k.code),
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, w) in catalogue.werkprocessen.iter().enumerate() {
            if !seen.insert(w.code.as_str()) {
                r.error(
                    span_of("werkproces", i, "code"),
                    format!("werkproces '{}' staat er twee keer in", w.code),
                );
            }
            if catalogue.kerntaak(&w.kerntaak).is_none() {
                r.error(
                    span_of("werkproces", i, "kerntaak"),
                    format!("onbekende kerntaak '{}'", w.kerntaak),
                )
                .hint_with(|| {
                    super::problem::did_you_mean(
                        &w.kerntaak,
                        catalogue.kerntaken.iter().map(|k| k.code.as_str()),
                    )
                });
            }
            for (j, line) in w.gedrag.iter().enumerate() {
                if line.trim().is_empty() {
                    let span = root
                        .get_ref()
                        .get("werkproces")
                        .and_then(|v| v.get_ref().get(i))
                        .and_then(|v| v.get_ref().get("gedrag"))
                        .and_then(|v| v.get_ref().get(j))
                        .map(|v| v.span())
                        .unwrap_or(0..0);
                    r.error(span, "lege Gedrag-regel");
                }
            }
        }
        let problems = r.finish();
        if problems.iter().any(Problem::is_error) {
            Err(problems)
        } else {
            Ok(catalogue)
        }
    }

    /// Reads and parses a catalogue file.
    pub fn load(path: &Path) -> Result<Catalogue, Vec<Problem>> {
        let name = path.display().to_string();
        let bytes = source::read_limited(path).map_err(|p| vec![p])?;
        Catalogue::parse(&name, &bytes)
    }

    /// Reads `werkprocessen.toml` from a dialogues folder.
    pub fn load_from_dir(dir: &Path) -> Result<Catalogue, Vec<Problem>> {
        let path = dir.join(CATALOGUE_FILE);
        if !path.is_file() {
            return Err(vec![file_problem(
                &path.display().to_string(),
                "de catalogus met werkprocessen ontbreekt",
                Some(format!(
                    "zet {CATALOGUE_FILE} in de map met dialogen, of wijs met COACH_DIALOGUES_DIR naar die map (zie dialogues/README.md)"
                )),
            )]);
        }
        Catalogue::load(&path)
    }

    pub fn werkproces(&self, code: &str) -> Option<&Werkproces> {
        self.werkprocessen.iter().find(|w| w.code == code)
    }

    pub fn kerntaak(&self, code: &str) -> Option<&Kerntaak> {
        self.kerntaken.iter().find(|k| k.code == code)
    }

    /// Title of a werkproces or kerntaak code, for reports.
    pub fn title(&self, code: &str) -> Option<&str> {
        self.werkproces(code)
            .map(|w| w.title.as_str())
            .or_else(|| self.kerntaak(code).map(|k| k.title.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
[[kerntaak]]
code = "P4-K2"
title = "Voert een commercieel traject uit"
part = "P4 Junior accountmanager"

[[werkproces]]
code = "P4-K2-W3"
kerntaak = "P4-K2"
title = "Voert een verkoopgesprek"
gedrag = ["stelt vragen om de behoefte vast te stellen"]
"#;

    #[test]
    fn a_catalogue_is_looked_up_by_code() {
        let c = Catalogue::parse("w.toml", MINI.as_bytes()).unwrap();
        assert_eq!(c.title("P4-K2-W3"), Some("Voert een verkoopgesprek"));
        assert_eq!(c.title("P4-K2"), Some("Voert een commercieel traject uit"));
        let w = c.werkproces("P4-K2-W3").unwrap();
        assert_eq!(
            w.gedrag_line("  Stelt vragen om de behoefte vast te stellen;"),
            Some("stelt vragen om de behoefte vast te stellen")
        );
        assert_eq!(w.gedrag_line("iets anders"), None);
    }

    #[test]
    fn a_werkproces_of_an_unknown_kerntaak_is_reported_at_its_line() {
        let broken = MINI.replace("kerntaak = \"P4-K2\"", "kerntaak = \"P4-K9\"");
        let problems = Catalogue::parse("w.toml", broken.as_bytes()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (9, 12));
        assert!(problems[0].message.contains("onbekende kerntaak 'P4-K9'"));
    }
}
