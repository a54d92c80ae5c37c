//! Placeholders in customer lines: `{name}`, `{company}`, `{amount}`,
//! `{day}`, `{time}`, filled from [`Memory`].

use super::Memory;

/// The placeholders a customer line may use.
pub const PLACEHOLDERS: &[&str] = &["name", "company", "amount", "day", "time"];

/// The placeholder names in `line` (`{name}` -> `name`), in order, with their
/// byte offset; unknown names included (the validator reports them).
pub fn placeholders(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push((offset + open, name));
        }
        let used = open + 1 + close + 1;
        offset += used;
        rest = &rest[used..];
    }
    out
}

/// `line` with its placeholders filled; `None` when one has no value yet. A
/// line that starts with a placeholder gets a capital.
pub fn fill(line: &str, memory: &Memory) -> Option<String> {
    let names = placeholders(line);
    if names.is_empty() {
        return Some(line.to_string());
    }
    let mut out = line.to_string();
    for (_, name) in names {
        let value = memory.value(name)?;
        out = out.replacen(&format!("{{{name}}}"), value, 1);
    }
    if line.starts_with('{') {
        let mut chars = out.chars();
        if let Some(first) = chars.next() {
            out = first.to_uppercase().chain(chars).collect();
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_filled_only_when_every_placeholder_has_a_value() {
        let mut m = Memory::default();
        assert_eq!(fill("Goed, {day} om {time}.", &m), None);
        m.day = Some("dinsdag".into());
        m.time = Some("tien uur".into());
        assert_eq!(
            fill("{day} om {time}, dat is goed.", &m).as_deref(),
            Some("Dinsdag om tien uur, dat is goed.")
        );
        assert_eq!(fill("Geen plek.", &m).as_deref(), Some("Geen plek."));
    }

    #[test]
    fn placeholders_are_found_with_their_offsets() {
        assert_eq!(placeholders("a {name} b {x}"), vec![(2, "name"), (11, "x")]);
        assert!(placeholders("{ geen }").is_empty());
    }
}
