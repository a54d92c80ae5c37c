//! Checking one dialogue file's bytes (an upload, or a file of a folder:
//! folders and the dispatch between dialogues and webcare scenarios are
//! `crate::checking`'s). Returns all problems at once and never panics on
//! any input.

use std::path::Path;

use super::catalogue::Catalogue;
use super::model::Dialogue;
use super::problem::{Problem, Reporter};
use super::source;
use super::validate::{self, Seg};
use super::{Prepared, schema};

/// Checks one dialogue file's content against the catalogue. Returns the
/// prepared dialogue when there are no errors (warnings may remain), and every
/// problem found, in file order.
pub fn check_source(
    name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
) -> (Option<Prepared>, Vec<Problem>) {
    let (prepared, problems, _) = check_source_at(name, bytes, catalogue);
    (prepared, problems)
}

/// [`check_source`] plus the position of the `id` value, for problems that
/// involve other files (duplicate ids).
pub(crate) fn check_source_at(
    name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
) -> (Option<Prepared>, Vec<Problem>, (usize, usize)) {
    let text = match source::decode(name, bytes) {
        Ok(text) => text,
        Err(p) => return (None, vec![p], (1, 1)),
    };
    let mut r = Reporter::new(name, text);
    let Some((dialogue, root)) = source::parse::<Dialogue>(&mut r, text, schema::DIALOGUE) else {
        return (None, r.finish(), (1, 1));
    };
    let id_at = r.position(validate::span_at(&root, &[Seg::K("id")]).start);
    let rules = validate::validate(&mut r, &root, &dialogue, catalogue);
    if let Some(stem) = Path::new(name).file_stem().and_then(|s| s.to_str())
        && stem != dialogue.id
        && validate::valid_id(&dialogue.id)
    {
        let span = validate::span_at(&root, &[Seg::K("id")]);
        r.warning(
            span,
            format!(
                "de bestandsnaam '{stem}' is anders dan de id '{}'",
                dialogue.id
            ),
        )
        .hint(format!("noem het bestand {}.toml", dialogue.id));
    }
    let ok = !r.has_errors();
    let problems = r.finish();
    match rules {
        Some((rules, knowledge)) if ok => (
            Some(Prepared {
                dialogue,
                rules,
                knowledge,
            }),
            problems,
            id_at,
        ),
        _ => (None, problems, id_at),
    }
}
