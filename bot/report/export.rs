//! A [`ClassReport`] as files and text: CSV for Excel, JSON for other
//! programs, and the short Dutch summary teachers read in the chat.
//!
//! CSV conventions (chosen so Excel with Dutch settings opens the file as a
//! table without an import wizard): UTF-8 with a byte order mark, `;` between
//! fields, CRLF line ends, quoting by the `csv` crate where needed, Dutch
//! column headers ([`CSV_HEADERS`]). Numbers with decimals use a decimal comma
//! (`66,7`); scores are whole numbers 0-100; dates are local time
//! (`COACH_TIMEZONE`, default Europe/Amsterdam) as `JJJJ-MM-DD UU:MM`; yes/no
//! is `ja`/`nee`; an empty field means "not applicable" (never practised).
//! Text from students (names) that Excel would run as a formula (starting with
//! `=`, `+`, `-`, `@`) gets a leading apostrophe.
//!
//! JSON: the report as is ([`ClassReport`]'s serde form, Dutch keys), times in
//! UTC RFC 3339, numbers as JSON numbers.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{ClassReport, ReportError};

/// The default time zone of dates in files and texts.
pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Europe::Amsterdam;

/// The CSV columns, in order.
pub const CSV_HEADERS: [&str; 14] = [
    "Klas",
    "Nr",
    "Leerling",
    "Werkproces",
    "Criterium",
    "Gedrag (kwalificatiedossier)",
    "Pogingen",
    "Keer behaald",
    "Percentage behaald",
    "Beste score",
    "Laatste score",
    "Behaald",
    "Status",
    "Laatste poging",
];

/// The report as CSV text, starting with the UTF-8 byte order mark.
pub fn csv(report: &ClassReport, tz: Tz) -> Result<String, ReportError> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(CSV_HEADERS)?;
    for r in &report.rows {
        w.write_record([
            defuse(&report.class),
            r.student_nr.to_string(),
            defuse(&r.student),
            r.werkproces.clone(),
            r.label.clone(),
            r.gedrag.clone(),
            r.attempts.to_string(),
            r.times_met.to_string(),
            r.met_percentage().map(decimal).unwrap_or_default(),
            r.best_score.map(|s| s.to_string()).unwrap_or_default(),
            r.last_score.map(|s| s.to_string()).unwrap_or_default(),
            if r.met { "ja" } else { "nee" }.to_string(),
            r.status.words().to_string(),
            r.last_attempt.map(|t| local(t, tz)).unwrap_or_default(),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))?;
    // Every field is a Rust string, so the bytes are UTF-8.
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// The report as pretty-printed JSON.
pub fn json(report: &ClassReport) -> Result<String, ReportError> {
    Ok(serde_json::to_string_pretty(report)?)
}

/// One decimal with a decimal comma: `66,7`.
pub fn decimal(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// A time as local `JJJJ-MM-DD UU:MM`.
pub fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Keeps Excel from running a student's name as a formula.
fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The file name of a report, e.g. `overzicht-2B-2026-11-27.csv`: only
/// letters, digits and `-`, so every system accepts it.
pub fn file_name(report: &ClassReport, tz: Tz, extension: &str) -> String {
    let class: String = report
        .class
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let day = report.generated_at.with_timezone(&tz).format("%Y-%m-%d");
    format!("overzicht-{}-{day}.{extension}", class.trim_matches('-'))
}

/// "1 leerling", "3 leerlingen".
pub(crate) fn students(n: usize) -> String {
    if n == 1 {
        "1 leerling".to_string()
    } else {
        format!("{n} leerlingen")
    }
}

/// The short summary for the chat (Dutch).
pub fn summary_text(report: &ClassReport, tz: Tz) -> String {
    let mut out = format!(
        "📊 Overzicht klas {} ({})\n",
        report.class,
        students(report.students.len())
    );
    match &report.summary.assignment {
        Some(a) => {
            let deadline = a
                .deadline
                .map(|d| format!(", deadline {}", local(d, tz)))
                .unwrap_or_default();
            out.push_str(&format!(
                "\nOpdracht: {}{deadline}\nAfgerond: {} van {}\n",
                a.title, a.completed, a.students
            ));
            if !a.missing.is_empty() && a.missing.len() <= 10 {
                out.push_str(&format!("Nog niet: {}\n", a.missing.join(", ")));
            }
        }
        None => out.push_str(&format!(
            "\nDeze klas heeft nog geen opdracht. Geef er een met /opdracht {} OEFENING.\n",
            report.class
        )),
    }
    if report.summary.werkprocessen.is_empty() {
        out.push_str("\nNog niemand heeft een oefening afgerond.\n");
    } else {
        out.push_str("\nGemiddelde (laatste) score per werkproces:\n");
        for w in &report.summary.werkprocessen {
            let title = w
                .title
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let avg = match w.average {
                Some(a) => format!("{} ({})", decimal(a), students(w.students as usize)),
                None => "nog niet geoefend".to_string(),
            };
            out.push_str(&format!("• {}{title}: {avg}\n", w.werkproces));
        }
    }
    if !report.summary.most_missed.is_empty() {
        out.push_str("\nDit mist de klas het vaakst:\n");
        for m in &report.summary.most_missed {
            out.push_str(&format!(
                "• {} ({}): {} van {} leerlingen niet behaald\n",
                m.label, m.werkproces, m.missed, m.tried
            ));
        }
    }
    let never = report.students.iter().filter(|s| s.completed == 0).count();
    if never > 0 {
        let verb = if never == 1 { "heeft" } else { "hebben" };
        out.push_str(&format!(
            "\n{} {verb} nog niets afgerond.\n",
            students(never)
        ));
    }
    out
}
