//! Class reports: per student × werkproces × criterion (the dossier's Gedrag
//! line) how often it was assessed and met, best and last score and when,
//! plus a summary (completion of the current assignment, average score per
//! werkproces, the criteria the class misses most). One [`ClassReport`] feeds
//! every output: the CSV and JSON of [`export`], the PNG of [`heatmap`], the
//! Telegram `/overzicht` and `gesprekscoach report`.
//!
//! Which criteria are rows: those of the dialogues assigned to the class and
//! every criterion a student of the class was assessed on in a completed
//! attempt or webcare shift, in dossier order (`werkprocessen.toml`).
//! Students who never practised still get their rows (0 attempts).
//!
//! Front-end free: no teloxide here; reads go through the store's [`Reads`] (`crate::store::ReportReads` and friends).

pub mod command;
pub mod export;
pub mod heatmap;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::dialogue::{Criterion, Prepared, Werkproces};
use crate::engine::CriterionStatus;
use crate::store::reports::{ClassListing, Finished, ResultKind};
use crate::store::{ClassId, LearnerId, Reads, StoreError};

/// Report failures; front ends show a friendly text, the log gets this.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("heatmap: {0}")]
    Picture(#[from] crate::canvas::CanvasError),
}

/// What the report needs of a dialogue file.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogueInfo {
    pub title: String,
    pub criteria: Vec<Criterion>,
}

/// Finds dialogues by id (the dialogues folder, and in the bot also teachers'
/// uploads).
pub trait Dialogues: Sync {
    fn info(&self, id: &str) -> Option<DialogueInfo>;
}

impl Dialogues for Vec<Prepared> {
    fn info(&self, id: &str) -> Option<DialogueInfo> {
        self.iter()
            .find(|d| d.dialogue.id == id)
            .map(|d| DialogueInfo {
                title: d.dialogue.title.clone(),
                criteria: d.dialogue.criteria.clone(),
            })
    }
}

/// Assigned dialogues may be teachers' own uploads: any dialogue by id,
/// whoever may see it.
impl Dialogues for crate::school::library::Library {
    fn info(&self, id: &str) -> Option<DialogueInfo> {
        self.find(id).map(|d| DialogueInfo {
            title: d.dialogue.title.clone(),
            criteria: d.dialogue.criteria.clone(),
        })
    }
}

/// What the report knows besides the database: the dialogues (criteria of
/// assigned dialogues, titles) and the dossier catalogue (order, titles).
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub dialogues: &'a dyn Dialogues,
    pub werkprocessen: &'a [Werkproces],
}

impl Sources<'_> {
    fn dialogue(&self, id: &str) -> Option<DialogueInfo> {
        self.dialogues.info(id)
    }

    fn werkproces_title(&self, code: &str) -> Option<String> {
        self.werkprocessen
            .iter()
            .find(|w| w.code == code)
            .map(|w| w.title.clone())
    }

    /// Sort key of a criterion: werkproces in dossier order, then the Gedrag
    /// line's place in the dossier; unknown ones after the known ones.
    fn order(&self, werkproces: &str, gedrag: &str) -> (usize, usize) {
        let Some(w) = self.werkprocessen.iter().position(|w| w.code == werkproces) else {
            return (usize::MAX, usize::MAX);
        };
        let wanted = normalise(gedrag);
        let line = self.werkprocessen[w]
            .gedrag
            .iter()
            .position(|g| normalise(g) == wanted)
            .unwrap_or(usize::MAX);
        (w, line)
    }
}

/// How the store keys criteria (see `criterion_progress`): werkproces and
/// Gedrag line, case and trailing punctuation ignored.
fn normalise(gedrag: &str) -> String {
    gedrag
        .trim()
        .trim_end_matches([';', '.'])
        .trim()
        .to_lowercase()
}

/// How a student stands on a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Met the last time it was assessed.
    Behaald,
    /// Met before, but not the last time.
    Deels,
    /// Assessed, never met.
    NietBehaald,
    /// Never assessed.
    NietGeoefend,
}

impl CellStatus {
    /// The Dutch words for teachers.
    pub fn words(self) -> &'static str {
        match self {
            CellStatus::Behaald => "behaald",
            CellStatus::Deels => "deels",
            CellStatus::NietBehaald => "niet behaald",
            CellStatus::NietGeoefend => "niet geoefend",
        }
    }
}

/// A whole class report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    #[serde(rename = "klas")]
    pub class: String,
    #[serde(rename = "klas_id")]
    pub class_id: i64,
    #[serde(rename = "gemaakt_op")]
    pub generated_at: DateTime<Utc>,
    #[serde(rename = "leerlingen")]
    pub students: Vec<StudentLine>,
    pub criteria: Vec<CriterionInfo>,
    /// One per student × criterion, students in order, criteria in order.
    #[serde(rename = "rijen")]
    pub rows: Vec<Row>,
    #[serde(rename = "samenvatting")]
    pub summary: Summary,
}

/// A student of the class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentLine {
    /// 1-based position in the report (alphabetical); `/leerling KLAS NR`.
    pub nr: u32,
    #[serde(rename = "naam")]
    pub name: String,
    #[serde(skip)]
    pub learner: Option<LearnerId>,
    /// Completed dialogues and webcare shifts.
    #[serde(rename = "afgerond")]
    pub completed: u32,
    #[serde(rename = "laatste_activiteit")]
    pub last_activity: Option<DateTime<Utc>>,
}

/// A criterion (column of the heatmap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionInfo {
    /// 1-based, as on the heatmap.
    pub nr: u32,
    pub werkproces: String,
    #[serde(rename = "werkproces_titel")]
    pub werkproces_title: Option<String>,
    /// The dossier's Gedrag line.
    pub gedrag: String,
    /// The short label of the latest scorecard (or of the dialogue).
    #[serde(rename = "criterium")]
    pub label: String,
}

/// One student × criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    #[serde(rename = "leerling_nr")]
    pub student_nr: u32,
    #[serde(rename = "leerling")]
    pub student: String,
    /// Empty (with `criterium`) only when the report has no criteria at all.
    pub werkproces: String,
    #[serde(rename = "criterium")]
    pub label: String,
    pub gedrag: String,
    /// Completed attempts (and shifts) in which the criterion was assessed.
    #[serde(rename = "pogingen")]
    pub attempts: u32,
    /// ... and in which it was met.
    #[serde(rename = "keer_behaald")]
    pub times_met: u32,
    /// Highest score (0-100) of those attempts.
    #[serde(rename = "beste_score")]
    pub best_score: Option<u32>,
    /// Score of the latest of those attempts.
    #[serde(rename = "laatste_score")]
    pub last_score: Option<u32>,
    /// Met the last time it was assessed.
    #[serde(rename = "behaald")]
    pub met: bool,
    pub status: CellStatus,
    #[serde(rename = "laatste_poging")]
    pub last_attempt: Option<DateTime<Utc>>,
}

impl Row {
    /// Share of the attempts in which it was met, in percent.
    pub fn met_percentage(&self) -> Option<f64> {
        (self.attempts > 0).then(|| 100.0 * f64::from(self.times_met) / f64::from(self.attempts))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The class's current assignment (the newest still open, else the
    /// newest), if any.
    #[serde(rename = "opdracht")]
    pub assignment: Option<AssignmentSummary>,
    #[serde(rename = "werkprocessen")]
    pub werkprocessen: Vec<WerkprocesSummary>,
    /// At most [`MOST_MISSED`], most missed first.
    #[serde(rename = "meest_gemist")]
    pub most_missed: Vec<Missed>,
}

/// How many criteria the summary names as most missed.
pub const MOST_MISSED: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssignmentSummary {
    #[serde(rename = "dialoog")]
    pub dialogue_id: String,
    #[serde(rename = "titel")]
    pub title: String,
    #[serde(rename = "gegeven_op")]
    pub given_at: Option<DateTime<Utc>>,
    pub deadline: Option<DateTime<Utc>>,
    /// Students who completed an attempt at the dialogue started after it
    /// was assigned (as `/opdracht` and `/herinner` count it).
    #[serde(rename = "afgerond")]
    pub completed: u32,
    #[serde(rename = "leerlingen")]
    pub students: u32,
    /// Names of the students who did not (yet).
    #[serde(rename = "nog_niet_afgerond")]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WerkprocesSummary {
    pub werkproces: String,
    #[serde(rename = "titel")]
    pub title: Option<String>,
    /// Students with at least one completed attempt on it.
    #[serde(rename = "leerlingen")]
    pub students: u32,
    /// Mean of those students' last score on it.
    #[serde(rename = "gemiddelde_score")]
    pub average: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    pub nr: u32,
    pub werkproces: String,
    #[serde(rename = "criterium")]
    pub label: String,
    /// Students who tried it and did not meet it the last time.
    #[serde(rename = "gemist")]
    pub missed: u32,
    /// Students who tried it.
    #[serde(rename = "geprobeerd")]
    pub tried: u32,
}

/// The per-criterion tally of one student.
#[derive(Debug, Clone, Default)]
struct Cell {
    attempts: u32,
    times_met: u32,
    best: Option<u32>,
    last: Option<u32>,
    last_met: bool,
    last_at: Option<DateTime<Utc>>,
}

/// Builds the report of a class at `now`.
pub async fn build(
    db: &mut dyn Reads,
    class: &ClassListing,
    sources: Sources<'_>,
    now: DateTime<Utc>,
) -> Result<ClassReport, ReportError> {
    let members = db.report_members(ClassId(class.id)).await?;
    let finished = db.finished(ClassId(class.id)).await?;
    let assigned = db.assigned_dialogues(ClassId(class.id)).await?;
    let current = db
        .current_assignment(ClassId(class.id), now.timestamp())
        .await?;

    // The criteria: assigned dialogues first (so they exist before anyone
    // practised), then everything assessed; the latest label wins.
    let mut criteria: BTreeMap<(String, String), CriterionInfo> = BTreeMap::new();
    for dialogue_id in &assigned {
        if let Some(d) = sources.dialogue(dialogue_id) {
            for c in &d.criteria {
                add_criterion(&mut criteria, &sources, &c.werkproces, &c.gedrag, &c.label);
            }
        }
    }
    for f in &finished {
        for c in &f.scorecard.criteria {
            if c.status != CriterionStatus::NotAssessed {
                add_criterion(&mut criteria, &sources, &c.werkproces, &c.gedrag, &c.label);
            }
        }
    }
    let mut criteria: Vec<((String, String), CriterionInfo)> = criteria.into_iter().collect();
    criteria.sort_by(|(_, a), (_, b)| {
        (
            sources.order(&a.werkproces, &a.gedrag),
            &a.werkproces,
            &a.label,
        )
            .cmp(&(
                sources.order(&b.werkproces, &b.gedrag),
                &b.werkproces,
                &b.label,
            ))
    });
    let column: HashMap<(String, String), usize> = criteria
        .iter()
        .enumerate()
        .map(|(i, (key, _))| (key.clone(), i))
        .collect();
    let criteria: Vec<CriterionInfo> = criteria
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut c))| {
            c.nr = i as u32 + 1;
            c
        })
        .collect();

    // Tally every finished result into its student's cells.
    let mut cells: HashMap<LearnerId, Vec<Cell>> = HashMap::new();
    let mut activity: HashMap<LearnerId, (u32, DateTime<Utc>)> = HashMap::new();
    for f in &finished {
        let entry = activity.entry(f.learner).or_insert((0, f.finished_at));
        entry.0 += 1;
        entry.1 = entry.1.max(f.finished_at);
        let row = cells
            .entry(f.learner)
            .or_insert_with(|| vec![Cell::default(); criteria.len()]);
        // One verdict per criterion per attempt: met only when every
        // criterion of the attempt on that Gedrag line was met.
        let mut verdicts: HashMap<usize, bool> = HashMap::new();
        for c in &f.scorecard.criteria {
            let met = match c.status {
                CriterionStatus::Met => true,
                CriterionStatus::NotMet => false,
                CriterionStatus::NotAssessed => continue,
            };
            if let Some(&i) = column.get(&(c.werkproces.clone(), normalise(&c.gedrag))) {
                let v = verdicts.entry(i).or_insert(true);
                *v &= met;
            }
        }
        for (i, met) in verdicts {
            let cell = &mut row[i];
            cell.attempts += 1;
            cell.times_met += u32::from(met);
            cell.best = Some(cell.best.map_or(f.score, |b| b.max(f.score)));
            cell.last = Some(f.score);
            cell.last_met = met;
            cell.last_at = Some(f.finished_at);
        }
    }

    let students: Vec<StudentLine> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let act = m.learner.and_then(|l| activity.get(&l));
            StudentLine {
                nr: i as u32 + 1,
                name: m.name.clone(),
                learner: m.learner,
                completed: act.map_or(0, |a| a.0),
                last_activity: act.map(|a| a.1),
            }
        })
        .collect();

    let empty = vec![Cell::default(); criteria.len()];
    let mut rows = Vec::new();
    for s in &students {
        let student_cells = s.learner.and_then(|l| cells.get(&l)).unwrap_or(&empty);
        if criteria.is_empty() {
            rows.push(row(s, None, &Cell::default()));
        }
        for (c, cell) in criteria.iter().zip(student_cells) {
            rows.push(row(s, Some(c), cell));
        }
    }

    let summary = Summary {
        assignment: current.map(|a| {
            let given = DateTime::from_timestamp(a.created_at, 0);
            // Done as `/opdracht` counts it: a completed attempt at the
            // dialogue, started after the assignment was given.
            let done: Vec<bool> = students
                .iter()
                .map(|s| {
                    finished.iter().any(|f| {
                        Some(f.learner) == s.learner
                            && f.kind == ResultKind::Dialogue
                            && f.exercise_id == a.dialogue_id
                            && f.id > a.attempt_mark
                    })
                })
                .collect();
            AssignmentSummary {
                title: sources
                    .dialogue(&a.dialogue_id)
                    .map(|d| d.title)
                    .unwrap_or_else(|| a.dialogue_id.clone()),
                dialogue_id: a.dialogue_id,
                given_at: given,
                deadline: a.due_at.and_then(|t| DateTime::from_timestamp(t, 0)),
                completed: done.iter().filter(|d| **d).count() as u32,
                students: students.len() as u32,
                missing: students
                    .iter()
                    .zip(&done)
                    .filter(|(_, d)| !**d)
                    .map(|(s, _)| s.name.clone())
                    .collect(),
            }
        }),
        werkprocessen: werkproces_summaries(&students, &finished, &criteria, &sources),
        most_missed: most_missed(&criteria, &rows),
    };

    Ok(ClassReport {
        class: class.name.clone(),
        class_id: class.id,
        generated_at: now,
        students,
        criteria,
        rows,
        summary,
    })
}

fn add_criterion(
    criteria: &mut BTreeMap<(String, String), CriterionInfo>,
    sources: &Sources<'_>,
    werkproces: &str,
    gedrag: &str,
    label: &str,
) {
    let key = (werkproces.to_string(), normalise(gedrag));
    let info = criteria.entry(key).or_insert_with(|| CriterionInfo {
        nr: 0,
        werkproces: werkproces.to_string(),
        werkproces_title: sources.werkproces_title(werkproces),
        gedrag: gedrag.trim().to_string(),
        label: String::new(),
    });
    info.label = label.to_string();
}

fn row(s: &StudentLine, c: Option<&CriterionInfo>, cell: &Cell) -> Row {
    let status = if cell.attempts == 0 {
        CellStatus::NietGeoefend
    } else if cell.last_met {
        CellStatus::Behaald
    } else if cell.times_met > 0 {
        CellStatus::Deels
    } else {
        CellStatus::NietBehaald
    };
    Row {
        student_nr: s.nr,
        student: s.name.clone(),
        werkproces: c.map(|c| c.werkproces.clone()).unwrap_or_default(),
        label: c.map(|c| c.label.clone()).unwrap_or_default(),
        gedrag: c.map(|c| c.gedrag.clone()).unwrap_or_default(),
        attempts: cell.attempts,
        times_met: cell.times_met,
        best_score: cell.best,
        last_score: cell.last,
        met: status == CellStatus::Behaald,
        status,
        last_attempt: cell.last_at,
    }
}

/// Per werkproces (of the criteria, in their order): the mean of every
/// student's last score on it, over the students who practised it.
fn werkproces_summaries(
    students: &[StudentLine],
    finished: &[Finished],
    criteria: &[CriterionInfo],
    sources: &Sources<'_>,
) -> Vec<WerkprocesSummary> {
    let mut codes: Vec<&str> = Vec::new();
    for c in criteria {
        if !codes.contains(&c.werkproces.as_str()) {
            codes.push(&c.werkproces);
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let lasts: Vec<u32> = students
                .iter()
                .filter_map(|s| {
                    finished
                        .iter()
                        .rev()
                        .find(|f| {
                            Some(f.learner) == s.learner
                                && f.scorecard.werkprocessen.iter().any(|w| w == code)
                        })
                        .map(|f| f.score)
                })
                .collect();
            WerkprocesSummary {
                werkproces: code.to_string(),
                title: sources.werkproces_title(code),
                students: lasts.len() as u32,
                average: (!lasts.is_empty())
                    .then(|| lasts.iter().map(|&s| f64::from(s)).sum::<f64>() / lasts.len() as f64),
            }
        })
        .collect()
}

/// The criteria most students who tried them did not meet the last time.
fn most_missed(criteria: &[CriterionInfo], rows: &[Row]) -> Vec<Missed> {
    let mut list: Vec<Missed> = criteria
        .iter()
        .map(|c| {
            let of_c = rows
                .iter()
                .filter(|r| r.werkproces == c.werkproces && r.gedrag == c.gedrag && r.attempts > 0);
            let (mut tried, mut missed) = (0, 0);
            for r in of_c {
                tried += 1;
                missed += u32::from(!r.met);
            }
            Missed {
                nr: c.nr,
                werkproces: c.werkproces.clone(),
                label: c.label.clone(),
                missed,
                tried,
            }
        })
        .filter(|m| m.missed > 0)
        .collect();
    // Most students first; at equal counts the larger share of those who tried.
    list.sort_by(|a, b| {
        let share = (u64::from(b.missed) * u64::from(a.tried))
            .cmp(&(u64::from(a.missed) * u64::from(b.tried)));
        b.missed.cmp(&a.missed).then(share).then(a.nr.cmp(&b.nr))
    });
    list.truncate(MOST_MISSED);
    list
}

/// A class chosen by name, for the command line: exactly one, or a Dutch
/// explanation of what exists.
pub async fn find_class(
    db: &mut dyn Reads,
    name: &str,
) -> Result<Result<ClassListing, String>, ReportError> {
    let mut found = db.class_listings_named(name).await?;
    if found.len() == 1 {
        return Ok(Ok(found.remove(0)));
    }
    if found.len() > 1 {
        let mut msg = format!(
            "Er zijn {} klassen met de naam '{}'. Kies er één met --class-id:",
            found.len(),
            name.trim()
        );
        for c in &found {
            msg.push_str(&format!("\n  {}", describe(c)));
        }
        return Ok(Err(msg));
    }
    let all = db.class_listings().await?;
    Ok(Err(if all.is_empty() {
        format!(
            "De klas '{}' bestaat niet. Er zijn nog geen klassen (een docent maakt ze met /nieuweklas in Telegram).",
            name.trim()
        )
    } else {
        let mut msg = format!("De klas '{}' bestaat niet. Bestaande klassen:", name.trim());
        for c in &all {
            msg.push_str(&format!("\n  {}", describe(c)));
        }
        msg
    }))
}

/// A class chosen by id, for the command line.
pub async fn find_class_by_id(
    db: &mut dyn Reads,
    id: i64,
) -> Result<Result<ClassListing, String>, ReportError> {
    if let Some(c) = db.class_listing(ClassId(id)).await? {
        return Ok(Ok(c));
    }
    let all = db.class_listings().await?;
    let mut msg = format!("Er is geen klas met id {id}.");
    if !all.is_empty() {
        msg.push_str(" Bestaande klassen:");
        for c in &all {
            msg.push_str(&format!("\n  {}", describe(c)));
        }
    }
    Ok(Err(msg))
}

fn describe(c: &ClassListing) -> String {
    let created = DateTime::from_timestamp(c.created_at, 0)
        .map(|t| format!(", aangemaakt {}", t.format("%d-%m-%Y")))
        .unwrap_or_default();
    let students = export::students(c.students as usize);
    format!("{} (id {}, {students}{created})", c.name, c.id)
}

#[cfg(test)]
mod tests;
