//! The `check` and `test` subcommands: what they print and whether they
//! succeed. `main.rs` only parses arguments and maps the result to an exit code.

use std::io::{self, Write};
use std::path::Path;

use super::examples::run_examples;
use super::folder::{Report, check_path};
use crate::matching::Matcher;

/// `gesprekscoach check [PATH]`: prints every problem and a summary line.
/// Returns true when no file has errors.
pub fn check(path: &Path, dialogues_dir: &Path, out: &mut dyn Write) -> io::Result<bool> {
    let report = check_path(path, dialogues_dir);
    print_problems(&report, out)?;
    let (errors, warnings) = (report.errors(), report.warnings());
    let files = plural(report.files, "bestand", "bestanden");
    if errors == 0 {
        let extra = if warnings > 0 {
            format!(" ({})", plural(warnings, "waarschuwing", "waarschuwingen"))
        } else {
            String::new()
        };
        writeln!(out, "In orde: {files} gecontroleerd, geen fouten{extra}.")?;
    } else {
        writeln!(
            out,
            "{} en {} in {files}.",
            plural(errors, "fout", "fouten"),
            plural(warnings, "waarschuwing", "waarschuwingen")
        )?;
    }
    Ok(errors == 0)
}

/// `gesprekscoach test [PATH]`: runs every sample and example transcript of
/// the valid files; prints failures with evidence and `N geslaagd, M mislukt`.
/// Files with errors count as failures. Returns true when everything passed.
pub fn test(
    path: &Path,
    dialogues_dir: &Path,
    matcher: &Matcher,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let report = check_path(path, dialogues_dir);
    let broken_files = {
        let mut files: Vec<&str> = report
            .problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| p.file.as_str())
            .collect();
        files.dedup();
        files.len()
    };
    if broken_files > 0 {
        print_problems(&report, out)?;
        writeln!(
            out,
            "{} met fouten; los die eerst op (gesprekscoach check).",
            plural(broken_files, "bestand", "bestanden")
        )?;
    }
    let (mut passed, mut failed) = (0, broken_files);
    for (file, prepared) in &report.dialogues {
        for outcome in run_examples(prepared, matcher) {
            if outcome.passed() {
                passed += 1;
            } else {
                failed += 1;
                writeln!(out, "{file}: {outcome}")?;
            }
        }
    }
    for (file, scenario) in &report.scenarios {
        for outcome in crate::webcare::transcripts::run_examples(scenario, matcher) {
            if outcome.passed() {
                passed += 1;
            } else {
                failed += 1;
                writeln!(out, "{file}: {outcome}")?;
            }
        }
    }
    writeln!(out, "{passed} geslaagd, {failed} mislukt")?;
    Ok(failed == 0)
}

fn print_problems(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for p in &report.problems {
        writeln!(out, "{p}")?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
