//! Problems found in a dialogue or catalogue file, with their position, in the
//! `file:line:column: fout: message` form that editors and teachers can follow.

use std::fmt;
use std::ops::Range;

/// How bad a problem is: errors make a file unusable, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a file. `message` and `hint` are Dutch: teachers read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name as given to the loader (a path or an upload's name).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub hint: Option<String>,
    pub severity: Severity,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, kind, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  tip: {hint}")?;
        }
        Ok(())
    }
}

/// More problems than this in one file are summarised in one last line.
pub const MAX_PROBLEMS: usize = 200;

/// Turns byte offsets of one source text into 1-based line and column and
/// collects the problems of that file.
#[derive(Debug)]
pub(crate) struct Reporter<'s> {
    file: String,
    source: &'s str,
    line_starts: Vec<usize>,
    pub(crate) problems: Vec<Problem>,
    /// Problems not recorded because the file already had [`MAX_RECORDED`].
    dropped: usize,
}

/// Beyond this many problems a file is clearly not worth more work: further
/// problems are only counted (no positions, no suggestions).
const MAX_RECORDED: usize = 1000;

/// A just-reported problem, to attach a hint to. Empty when the problem was
/// only counted, so that hints (suggestions can be costly) are not computed.
pub(crate) struct Hint<'a>(Option<&'a mut Problem>);

impl Hint<'_> {
    pub(crate) fn hint(self, hint: impl Into<String>) {
        if let Some(p) = self.0 {
            p.hint = Some(hint.into());
        }
    }

    /// Like [`Hint::hint`], computing the hint only when it will be shown.
    pub(crate) fn hint_with(self, hint: impl FnOnce() -> String) {
        if let Some(p) = self.0 {
            p.hint = Some(hint());
        }
    }
}

impl<'s> Reporter<'s> {
    pub(crate) fn new(file: &str, source: &'s str) -> Reporter<'s> {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Reporter {
            file: file.to_string(),
            source,
            line_starts,
            problems: Vec::new(),
            dropped: 0,
        }
    }

    /// 1-based (line, column) of a byte offset; offsets past the end or inside
    /// a character are clamped, so any span from any parser is safe.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self.source[start..offset].chars().count() + 1;
        (line.max(1), column)
    }

    pub(crate) fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> Hint<'_> {
        self.push(Severity::Error, span, message)
    }

    pub(crate) fn warning(&mut self, span: Range<usize>, message: impl Into<String>) -> Hint<'_> {
        self.push(Severity::Warning, span, message)
    }

    fn push(
        &mut self,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Hint<'_> {
        if self.problems.len() >= MAX_RECORDED {
            self.dropped += 1;
            return Hint(None);
        }
        let (line, column) = self.position(span.start);
        self.problems.push(Problem {
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
            hint: None,
            severity,
        });
        Hint(self.problems.last_mut())
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.dropped > 0 || self.problems.iter().any(Problem::is_error)
    }

    /// The problems in file order, at most [`MAX_PROBLEMS`] of them.
    pub(crate) fn finish(mut self) -> Vec<Problem> {
        self.problems.sort_by_key(|p| (p.line, p.column));
        if self.problems.len() + self.dropped > MAX_PROBLEMS {
            let more = self.problems.len() + self.dropped - MAX_PROBLEMS;
            self.problems.truncate(MAX_PROBLEMS);
            let mut last = file_problem(
                &self.file,
                format!("en nog {more} andere problemen"),
                Some("los eerst de problemen hierboven op en controleer dan opnieuw".to_string()),
            );
            (last.line, last.column) = self.position(self.source.len());
            self.problems.push(last);
        }
        self.problems
    }
}

/// A problem that has no position inside a file (unreadable file, missing folder).
pub(crate) fn file_problem(
    file: &str,
    message: impl Into<String>,
    hint: Option<String>,
) -> Problem {
    Problem {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: message.into(),
        hint,
        severity: Severity::Error,
    }
}

/// The candidate closest to `wrong`, when it is close enough to be a likely typo.
/// A candidate that contains the wrong word whole (`demo` in `noemt-demo`)
/// counts as close too.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = wrong.trim().to_lowercase();
    // Ids are short; edit distance on a huge string would only cost time.
    if wrong.is_empty() || wrong.len() > 200 {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            let mut score = strsim::normalized_levenshtein(&wrong, &lower);
            if lower.split('-').any(|part| part == wrong) {
                score = score.max(0.5);
            }
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Above this many candidates no suggestion is computed: real dialogues have
/// a few dozen ids, and fuzzy matching thousands of ids for thousands of
/// mistakes would let a hostile upload keep the bot busy.
const MAX_CANDIDATES: usize = 300;

/// A "did you mean" hint, or a list of what is allowed when nothing is close.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let some: Vec<&str> = candidates.into_iter().take(MAX_CANDIDATES + 1).collect();
    if some.len() > MAX_CANDIDATES {
        return "controleer de spelling".to_string();
    }
    let mut seen = std::collections::HashSet::new();
    let all: Vec<&str> = some.into_iter().filter(|c| seen.insert(*c)).collect();
    match closest(wrong, all.iter().copied()) {
        Some(c) => format!("bedoel je '{c}'?"),
        None if all.is_empty() => "er is hier niets om naar te verwijzen".to_string(),
        None => format!("kies uit: {}", all.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let r = Reporter::new("x", "a = 1\né = \"ü\"\n");
        assert_eq!(r.position(0), (1, 1));
        assert_eq!(r.position(6), (2, 1));
        // After "é = " (é is two bytes) the quote is the 5th character.
        assert_eq!(r.position(11), (2, 5));
        assert_eq!(r.position(10_000), (3, 1));
    }

    #[test]
    fn an_offset_inside_a_character_does_not_panic() {
        let r = Reporter::new("x", "éé");
        assert_eq!(r.position(1), (1, 1));
        assert_eq!(r.position(3), (1, 2));
    }

    #[test]
    fn a_problem_displays_as_file_line_column_with_hint() {
        let mut r = Reporter::new("d.toml", "a\nbc");
        r.error(3..4, "iets klopt niet").hint("doe het anders");
        let text = r.finish()[0].to_string();
        assert_eq!(
            text,
            "d.toml:2:2: fout: iets klopt niet\n  tip: doe het anders"
        );
    }

    #[test]
    fn a_typo_gets_the_closest_candidate() {
        assert_eq!(
            closest("custmer", ["customer", "hint", "retry"]),
            Some("customer")
        );
        assert_eq!(closest("zzzz", ["customer", "hint"]), None);
    }
}
