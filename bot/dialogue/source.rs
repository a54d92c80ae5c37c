//! From untrusted bytes to a typed value: size limit, encoding, TOML syntax,
//! shape (schema) and serde, each step reporting Dutch problems with positions.
//! Shared by dialogue files and the werkproces catalogue.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::DeTable;

use super::problem::{Problem, Reporter, file_problem};
use super::schema::{self, Field};

/// Larger files are refused before parsing: a real dialogue is a few KiB, and
/// uploads must not be able to make the bot do unbounded work.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// Syntax errors on more lines than this are summarised in one line.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Checks size and encoding; returns the text without a byte order mark.
pub(crate) fn decode<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file_problem(
            name,
            format!(
                "het bestand is te groot ({} KiB; maximaal {} KiB)",
                bytes.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
            Some("splits het gesprek op in meerdere dialogen".to_string()),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(file_problem(
            name,
            "het bestand is opgeslagen als UTF-16, niet als UTF-8",
            Some("sla het bestand op met de codering UTF-8".to_string()),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction, so this cannot fail.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = Reporter::new(name, prefix).position(prefix.len());
            let mut p = file_problem(
                name,
                "het bestand bevat tekens die geen geldige UTF-8 zijn",
                Some(
                    "sla het bestand op met de codering UTF-8 (in Kladblok: Opslaan als > Codering: UTF-8)"
                        .to_string(),
                ),
            );
            p.line = line;
            p.column = column;
            Err(p)
        }
    }
}

/// Parses `text` as TOML, checks it against `fields` and deserialises it.
/// Returns the value and the parsed tree (for positions of later checks);
/// `None` when any error was reported.
pub(crate) fn parse<'t, T: DeserializeOwned>(
    r: &mut Reporter<'_>,
    text: &'t str,
    fields: &[Field],
) -> Option<(T, Spanned<DeTable<'t>>)> {
    let (mut root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // After one mistake the parser recovers as best it can and often
        // reports a cascade; the first error per line, and only the first
        // few lines, are what a teacher can act on.
        let mut lines_seen = std::collections::HashSet::new();
        let mut more = 0;
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let line = r.position(span.start).0;
            if !lines_seen.insert(line) {
                continue;
            }
            if lines_seen.len() > MAX_SYNTAX_ERRORS {
                more += 1;
                continue;
            }
            let (message, hint) = translate_syntax_error(e.message());
            let p = r.error(span, message);
            if let Some(hint) = hint {
                p.hint(hint);
            }
        }
        if more > 0 {
            r.error(
                text.len()..text.len(),
                format!(
                    "TOML-fout: en nog {more} regels met fouten, vaak een gevolg van de eerste"
                ),
            )
            .hint("los de eerste fout op en controleer opnieuw");
        }
        return None;
    }
    let span = root.span();
    if !schema::check_table(r, root.get_mut(), span, "het bestand", fields) {
        return None;
    }
    match T::deserialize(toml::de::Deserializer::from(root.clone())) {
        Ok(value) => Some((value, root)),
        Err(e) => {
            // The schema walker mirrors the model, so this is a safety net.
            r.error(
                e.span().unwrap_or(0..0),
                format!("ongeldige waarde: {}", e.message()),
            );
            None
        }
    }
}

/// Dutch wording for the TOML parser's messages, with a hint for the common ones.
fn translate_syntax_error(message: &str) -> (String, Option<&'static str>) {
    const TABLE: &[(&str, &str, Option<&str>)] = &[
        (
            "duplicate key",
            "dit veld of deze tabel staat er twee keer",
            Some("verwijder of hernoem een van de twee"),
        ),
        (
            "string values must be quoted",
            "tekst moet tussen aanhalingstekens staan",
            Some("schrijf bijvoorbeeld title = \"Koud bellen\""),
        ),
        (
            "missing comma between array elements",
            "er ontbreekt een komma tussen de elementen van de lijst",
            Some("scheid de teksten met komma's: [\"a\", \"b\"]"),
        ),
        (
            "unclosed array",
            "een lijst is niet afgesloten met ]",
            Some("controleer of elke [ een bijbehorende ] heeft"),
        ),
        (
            "unclosed table",
            "een tabelkop is niet afgesloten met ]",
            None,
        ),
        (
            "unclosed array table",
            "een [[...]]-kop is niet afgesloten met ]]",
            None,
        ),
        (
            "unclosed inline table",
            "een {...}-tabel is niet afgesloten met }",
            None,
        ),
        (
            "missing assignment between key-value pairs",
            "er ontbreekt een = tussen veldnaam en waarde",
            Some("schrijf veld = \"waarde\""),
        ),
        (
            "key with no value",
            "dit veld heeft geen waarde",
            Some("schrijf veld = \"waarde\""),
        ),
        (
            "missing value",
            "hier ontbreekt een waarde",
            Some("schrijf veld = \"waarde\""),
        ),
        (
            "invalid unquoted key",
            "ongeldige veldnaam",
            Some("veldnamen bestaan uit letters, cijfers, - en _"),
        ),
        ("extra comma", "er staat een komma te veel", None),
        (
            "recursion limit",
            "het bestand is te diep genest",
            Some("een dialoog heeft maar een paar niveaus nodig"),
        ),
        (
            "cannot recurse further",
            "het bestand is te diep genest",
            Some("een dialoog heeft maar een paar niveaus nodig"),
        ),
        (
            "invalid basic string",
            "een tekst is niet afgesloten met \"",
            Some("sluit elke tekst af met hetzelfde aanhalingsteken als waarmee je begint"),
        ),
        (
            "invalid literal string",
            "een tekst is niet afgesloten met '",
            Some("sluit elke tekst af met hetzelfde aanhalingsteken als waarmee je begint"),
        ),
        (
            "invalid string",
            "ongeldige tekst",
            Some("sluit elke tekst af met hetzelfde aanhalingsteken als waarmee je begint"),
        ),
    ];
    let lower = message.to_lowercase();
    for (english, dutch, hint) in TABLE {
        if lower.starts_with(english) {
            return (format!("TOML-fout: {dutch}"), *hint);
        }
    }
    (
        format!("TOML-fout: {}", message.trim()),
        Some("controleer aanhalingstekens, = en haakjes op deze regel"),
    )
}

/// Reads a file, refusing files over the size limit without reading them whole.
pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, Problem> {
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "het bestaat niet".to_string(),
            std::io::ErrorKind::PermissionDenied => "geen toegang".to_string(),
            _ => e.to_string(),
        };
        file_problem(
            &name,
            format!("kan het bestand niet lezen: {reason}"),
            Some("controleer of het bestand bestaat en leesbaar is".to_string()),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    // One byte over the limit is enough for `decode` to refuse it.
    Ok(bytes)
}
