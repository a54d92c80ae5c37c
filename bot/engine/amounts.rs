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

/// A number right after a word or sign that presents it as the outcome, in
/// each language. Qualifiers may stand between the word and the number ("was
/// al inclusief btw hoor, € 268,62", "that's already including VAT:
/// €268.62"): the number is still the stated result.
static RESULT_NL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:=|\b(?:is|was|zijn|waren|wordt|worden|dus|dan|totaal|samen|komt (?:het )?(?:neer )?op|kom ik op|uit op|maakt)\b)[,:]?\s*(?:(?:dat|het|op|ongeveer|zo'?n|wel|al|gewoon|precies|inclusief|incl\.?|inc\.?|exclusief|excl\.?|ex\.?|btw|de|korting|bezorging|verzendkosten|montage|en|hoor|toch|in totaal|per maand|per jaar)[,:]?\s*)*(?:€|eur|euro)?\s*(\d[\d.,]*\d|\d)(\s*(?:%|procent))?",
    )
    .ok()
});
static RESULT_EN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:=|\b(?:is|was|are|were|so|then|total|totals|that's|thats|it's|its|comes? (?:out )?to|came to|makes|adds up to|works out (?:at|to)|gives|get)\b)[,:]?\s*(?:(?:that|it|about|around|roughly|approximately|approx\.?|already|just|exactly|including|incl\.?|inc\.?|excluding|excl\.?|ex\.?|vat|tax|taxes|the|discount|delivery|shipping|and|then|in total|a month|per month|a year|per year)[,:]?\s*)*(?:€|eur|euros?)?\s*(\d[\d.,]*\d|\d)(\s*(?:%|percent|per cent))?",
    )
    .ok()
});

/// Words that correct or state a price without a result word ("Sorry, I
/// mean € 200 a month", "dat kost u € 11.000"): read as a stated result
/// only when the number carries a currency, so "I mean the 15 bikes" stays
/// a count.
static PRICE_NL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:ik bedoel|ik bedoelde|kost|kosten|zou(?: het)?|wordt het)\b[,:]?\s*(?:(?:dat|het|u|je|jullie|dan|ongeveer|zo'?n|wel|gewoon|precies|in totaal|totaal|samen|per maand|per jaar|zijn|worden)[,:]?\s*)*((?:€|eur|euro)\s*(?:\d[\d.,]*\d|\d)|(?:\d[\d.,]*\d|\d)\s*(?:€|euro|eur)\b)",
    )
    .ok()
});
static PRICE_EN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:i mean|i meant|would be|will be|should be|costs?|cost you|make it)\b[,:]?\s*(?:(?:that|it|you|about|around|roughly|just|exactly|then|in total|a month|per month)[,:]?\s*)*((?:€|eur|euros?)\s*(?:\d[\d.,]*\d|\d)|(?:\d[\d.,]*\d|\d)\s*(?:€|euros?|eur)\b)",
    )
    .ok()
});

/// The number in a [`PRICE_NL`]/[`PRICE_EN`] match, without its currency.
fn price_number(m: &str) -> Option<&str> {
    let start = m.find(|c: char| c.is_ascii_digit())?;
    let end = m.rfind(|c: char| c.is_ascii_digit())? + 1;
    m.get(start..end)
}

/// The amounts the step's `amount` rules expect, with whether each is a
/// percentage.
fn expected(d: &Prepared, step: &Step) -> Vec<(String, Decimal, bool)> {
    step.expect
        .iter()
        .filter_map(|e| {
            let rule = d.rules.iter().find(|r| r.id == e.behaviour)?;
            let amount = rule.expected_amount()?;
            Some((e.behaviour.clone(), amount, rule.is_percentage()))
        })
        .collect()
}

/// A written number in `language`: Dutch `10.522,80`, `9480`, `1.224`
/// (thousands), `14,3`; English `10,522.80`, `1,224` (thousands), `14.3`.
/// A dot or comma followed by exactly three digits groups thousands; with
/// both, the last one is the decimal sign.
fn parse(number: &str, language: Language) -> Option<Decimal> {
    let (thousands, decimal) = match language {
        Language::Nl => ('.', ','),
        Language::En => (',', '.'),
    };
    let plain = if number.contains(thousands) && number.contains(decimal) {
        let last = number.rfind([thousands, decimal])?;
        let sign = number[last..].chars().next()?;
        let other = if sign == '.' { ',' } else { '.' };
        number.replace(other, "").replace(sign, ".")
    } else if number.contains(decimal) && language == Language::Nl {
        // "14,3" is decimal in Dutch whatever follows.
        number.replace(',', ".")
    } else if let Some((_, tail)) = number.rsplit_once(['.', ','])
        && tail.len() == 3
    {
        number.replace(['.', ','], "")
    } else {
        number.replace(',', ".")
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
    let language = d.dialogue.language;
    let expected = expected(d, step);
    let re = match language {
        Language::Nl => RESULT_NL.as_ref()?,
        Language::En => RESULT_EN.as_ref()?,
    };
    // Amounts and percentages are compared each with their own kind: "dus
    // 14,3% minder" is a wrong drop in percent, not a wrong amount.
    for percent in [false, true] {
        let Some((id, _, _)) = expected
            .iter()
            .find(|(id, _, p)| *p == percent && !detection.has(id))
        else {
            continue;
        };
        // The last outcome the reply states is its answer; the steps before
        // it (24 x 395 = 9.480) may be amounts the step does not ask for.
        let stated = re
            .captures_iter(text)
            .filter(|c| c.get(2).is_some() == percent)
            .filter_map(|c| Some((c.get(0)?, c.get(1)?.as_str())));
        let priced = price_re(language)
            .filter(|_| !percent)
            .into_iter()
            .flat_map(|p| p.captures_iter(text))
            .filter_map(|c| {
                let whole = c.get(0)?;
                Some((whole, price_number(c.get(1)?.as_str())?))
            });
        let Some((last, number)) = stated.chain(priced).max_by_key(|(m, _)| m.end()) else {
            continue;
        };
        let Some(value) = parse(number, language) else {
            continue;
        };
        let far = expected
            .iter()
            .filter(|(_, _, p)| *p == percent)
            .all(|(_, a, _)| (value - *a).abs() > Decimal::new(1, 2));
        if far {
            let quote = last.as_str().trim().to_string();
            return Some((id.clone(), quote));
        }
    }
    None
}

fn price_re(language: Language) -> Option<&'static Regex> {
    match language {
        Language::Nl => PRICE_NL.as_ref(),
        Language::En => PRICE_EN.as_ref(),
    }
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
    use crate::dialogue::Language;
    use rust_decimal::Decimal;

    #[test]
    fn dutch_numbers_read_thousands_and_decimals() {
        let nl = |n| parse(n, Language::Nl);
        assert_eq!(nl("10.522,80"), Some(Decimal::new(1052280, 2)));
        assert_eq!(nl("1.224"), Some(Decimal::new(1224, 0)));
        assert_eq!(nl("9480"), Some(Decimal::new(9480, 0)));
        assert_eq!(nl("14,3"), Some(Decimal::new(143, 1)));
        assert_eq!(nl("0.30"), Some(Decimal::new(30, 2)));
    }

    #[test]
    fn english_numbers_read_thousands_and_decimals() {
        let en = |n| parse(n, Language::En);
        assert_eq!(en("10,522.80"), Some(Decimal::new(1052280, 2)));
        assert_eq!(en("1,224"), Some(Decimal::new(1224, 0)));
        assert_eq!(en("268.62"), Some(Decimal::new(26862, 2)));
        assert_eq!(en("14.3"), Some(Decimal::new(143, 1)));
        assert_eq!(en("1.349"), Some(Decimal::new(1349, 0)));
        // A Dutch-style amount typed in an English conversation.
        assert_eq!(en("10.522,80"), Some(Decimal::new(1052280, 2)));
    }

    #[test]
    fn percentages_read_digits_and_dutch_words() {
        assert_eq!(percent_value("12"), Some(Decimal::from(12)));
        assert_eq!(percent_value("Vijftien"), Some(Decimal::from(15)));
        assert_eq!(percent_value("7,5"), Some(Decimal::new(75, 1)));
    }
}
