//! `gesprekscoach report`: a class report on stdout for the school's
//! administrator, as CSV (default) or JSON: the same data as `/overzicht`.

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use chrono_tz::Tz;

use super::{ReportError, Sources, build, export, find_class, find_class_by_id};
use crate::school::library::Library;
use crate::store::prelude::*;

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// Which class: by name (case-insensitive) or, when names are shared, by id.
#[derive(Debug, Clone)]
pub enum Selector {
    Name(String),
    Id(i64),
}

/// What went wrong, for the exit code: the user's choice (a class that does
/// not exist or is ambiguous; the Dutch text says what to do) or a failure.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Choice(String),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error("kan de uitvoer niet schrijven: {0}")]
    Output(#[from] std::io::Error),
}

/// Writes the report of the selected class to `out`.
pub async fn run(
    store: &impl Database,
    dialogues_dir: &Path,
    selector: &Selector,
    format: Format,
    tz: Tz,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let mut conn = store.read().await.map_err(ReportError::Store)?;
    let class = match selector {
        Selector::Name(name) => find_class(&mut *conn, name).await?,
        Selector::Id(id) => find_class_by_id(&mut *conn, *id).await?,
    }
    .map_err(CommandError::Choice)?;
    // Broken dialogue files are `check`'s business; the report uses the rest,
    // plus the teachers' uploads that `/overzicht` sees as well.
    let library = Library::load(dialogues_dir);
    library
        .refresh(&mut *store.read().await.map_err(ReportError::from)?)
        .await
        .map_err(ReportError::from)?;
    let sources = Sources {
        dialogues: &library,
        werkprocessen: library.werkprocessen(),
    };
    let report = build(&mut *conn, &class, sources, Utc::now()).await?;
    let text = match format {
        Format::Csv => export::csv(&report, tz)?,
        Format::Json => export::json(&report)? + "\n",
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
