//! A wrong result in a calculation step: the reply states an amount as the
//! outcome of a sum ("... = € 10.522,80", "dus € 2.310", "dat wordt ...")
//! while the step expects a different amount (one of its `amount` rules).
//! The step's `miss` text says what is missing; this says that what was
//! given is wrong, as a teacher would ("Let op").

use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::dialogue::{ABOVE_MANDATE, Language, Prepared, Step};
use crate::matching::Detection;

/// A number right after a word or sign that presents it as the outcome.
static RESULT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:=|\b(?:is|was|wordt|worden|dus|dan|totaal|samen|komt (?:het )?(?:neer )?op|kom ik op|uit op|maakt)\b)[,:]?\s*(?:dat\s+|het\s+|op\s+|ongeveer\s+|zo'?n\s+|wel\s+|al\s+)*(?:€|eur|euro)?\s*(\d[\d.,]*\d|\d)(\s*(?:%|procent))?",
    )
    .ok()
});

/// The amounts the step's `amount` rules expect.
fn expected(d: &Prepared, step: &Step) -> Vec<(String, Decimal)> {
    step.expect
        .iter()
        .filter_map(|e| {
            d.rules
                .iter()
                .find(|r| r.id == e.behaviour)
                .and_then(|r| r.expected_amount())
                .map(|a| (e.behaviour.clone(), a))
        })
        .collect()
}

/// A Dutch written number: `10.522,80`, `9480`, `1.224` (thousands), `14,3`.
fn parse(number: &str) -> Option<Decimal> {
    let plain = if number.contains(',') {
        number.replace('.', "").replace(',', ".")
    } else if number
        .rsplit_once('.')
        .is_some_and(|(_, tail)| tail.len() == 3)
    {
        number.replace('.', "")
    } else {
        number.to_string()
    };
    Decimal::from_str(&plain).ok()
}

/// The words of the reply that give a wrong result, when the step expects an
/// amount the reply did not give: the behaviour id of that amount and the
/// quote.
pub(super) fn wrong_result(
    d: &Prepared,
    step: &Step,
    detection: &Detection,
    text: &str,
) -> Option<(String, String)> {
    if d.dialogue.language != Language::Nl {
        return None;
    }
    let expected = expected(d, step);
    let (id, _) = expected.iter().find(|(id, _)| !detection.has(id))?;
    let re = RESULT.as_ref()?;
    // The last outcome the reply states is its answer; the steps before it
    // (24 x 395 = 9.480) may be amounts the step does not ask for.
    let last = re
        .captures_iter(text)
        .filter(|c| c.get(2).is_none())
        .last()?;
    let value = parse(last.get(1)?.as_str())?;
    let far = expected
        .iter()
        .all(|(_, a)| (value - *a).abs() > Decimal::new(1, 2));
    far.then(|| {
        (
            id.clone(),
            last.get(0).map_or("", |m| m.as_str()).trim().to_string(),
        )
    })
}

/// A percentage in a sentence that offers it ("ik kan u 12% geven",
/// "prima, die 5 procent krijgt u") and does not refuse it ("15 procent zit
/// daar ver boven", "meer dan 10% kan ik niet geven").
static PERCENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2}(?:[.,]\d+)?|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twintig|vijfentwintig|dertig)\s*(?:%|procent)(\s+(?:btw|groei|rente|marge|omzet|van\b|minder|meer|erbij|extra omzet))?").ok()
});
static OFFER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:geef|geven|krijgt|krijgen|doe|doen|maak|maken|bied|bieden|zak|zakken|akkoord|prima|deal|oke|oké|ok|vooruit|afgesproken|reken|rekenen|kan ik|ik kan|mag u|wordt het)\b").ok()
});
static REFUSAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:niet|geen|nooit|boven|te veel|teveel|te hoog|maximum|maximaal|max|grens|helaas|onmogelijk|vraagt|vroeg|wilt|wil|concurrent)\b").ok()
});

fn percent_value(word: &str) -> Option<Decimal> {
    let n = match word.to_lowercase().as_str() {
        "vijf" => 5,
        "zes" => 6,
        "zeven" => 7,
        "acht" => 8,
        "negen" => 9,
        "tien" => 10,
        "elf" => 11,
        "twaalf" => 12,
        "dertien" => 13,
        "veertien" => 14,
        "vijftien" => 15,
        "zestien" => 16,
        "zeventien" => 17,
        "achttien" => 18,
        "negentien" => 19,
        "twintig" => 20,
        "vijfentwintig" => 25,
        "dertig" => 30,
        _ => return Decimal::from_str(&word.replace(',', ".")).ok(),
    };
    Some(Decimal::from(n))
}

/// The words of `text` that offer more discount than the dialogue's
/// `max_discount`, as evidence of [`ABOVE_MANDATE`] (character offsets).
pub(super) fn above_mandate(d: &Prepared, text: &str) -> Option<crate::matching::Evidence> {
    let max = Decimal::from(d.dialogue.max_discount?);
    let (percent, offer, refusal) = (PERCENT.as_ref()?, OFFER.as_ref()?, REFUSAL.as_ref()?);
    let mut from = 0;
    for sentence in text.split_inclusive(['.', '!', '?', ';']) {
        let start = from;
        from += sentence.len();
        if !offer.is_match(sentence) || refusal.is_match(sentence) {
            continue;
        }
        for c in percent.captures_iter(sentence) {
            let (Some(whole), Some(number)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if c.get(2).is_some() || percent_value(number.as_str()).is_none_or(|v| v <= max) {
                continue;
            }
            let (a, b) = (start + whole.start(), start + whole.end());
            return Some(crate::matching::Evidence {
                behaviour: ABOVE_MANDATE.to_string(),
                rule: "korting boven het mandaat".to_string(),
                start: text[..a].chars().count(),
                end: text[..b].chars().count(),
                matched: whole.as_str().trim().to_string(),
                negated: false,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{parse, percent_value};
    use rust_decimal::Decimal;

    #[test]
    fn dutch_numbers_read_thousands_and_decimals() {
        assert_eq!(parse("10.522,80"), Some(Decimal::new(1052280, 2)));
        assert_eq!(parse("1.224"), Some(Decimal::new(1224, 0)));
        assert_eq!(parse("9480"), Some(Decimal::new(9480, 0)));
        assert_eq!(parse("14,3"), Some(Decimal::new(143, 1)));
        assert_eq!(parse("0.30"), Some(Decimal::new(30, 2)));
    }

    #[test]
    fn percentages_read_digits_and_dutch_words() {
        assert_eq!(percent_value("12"), Some(Decimal::from(12)));
        assert_eq!(percent_value("Vijftien"), Some(Decimal::from(15)));
        assert_eq!(percent_value("7,5"), Some(Decimal::new(75, 1)));
    }
}
