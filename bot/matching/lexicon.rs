//! Word-level knowledge: the OpenTaal word list (is this a real Dutch word?),
//! chat abbreviations, stretched letters ("sooorry") and the typo budget.
//!
//! The word list is the Debian `wdutch` list of OpenTaal (BSD / CC-BY 3.0, see
//! `data/OPENTAAL-LICENSE.txt`), lowercased, diacritics folded, only `[a-z]{2,}`,
//! sorted bytewise. `build.rs` turns it into an `fst` set, which is embedded:
//! varied text touched nearly all pages of the plain list (4.8 MB) when it was
//! binary-searched in place, and the set is a fraction of that size.

use std::sync::LazyLock;

use fst::Set;

/// A word list as `build.rs` built it. `None` only if the embedded bytes are
/// not a set, which the tests rule out; every word is then unknown.
pub(crate) type WordSet = LazyLock<Option<Set<&'static [u8]>>>;

static WORDS: WordSet = LazyLock::new(|| {
    Set::new(&include_bytes!(concat!(env!("OUT_DIR"), "/opentaal-words.fst"))[..]).ok()
});

/// Whether `word` (lowercase, folded) is in the Dutch word list.
pub(crate) fn is_dutch_word(word: &str) -> bool {
    in_word_list(&WORDS, word)
}

/// Whether `word` is one of the words of `list`.
pub(crate) fn in_word_list(list: &WordSet, word: &str) -> bool {
    list.as_ref().is_some_and(|set| set.contains(word))
}

/// How many edits a typo of a word of `len` letters may have: none below 5
/// letters, 1 for 5-8, 2 from 9.
pub(crate) fn max_edits(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether `token` may be read as a typo of `word`: within the edit budget of
/// `word`, not identical, and not itself a real Dutch word (prijs is no typo of
/// prins). Transpositions count as one edit.
#[cfg(test)]
pub(crate) fn is_typo_of(token: &str, word: &str) -> bool {
    is_typo_in(token, word, is_dutch_word)
}

/// [`is_typo_of`] with another language's word list. The matcher uses the
/// same check with shapes made beforehand (`matching::is_typo`); this is
/// the reference it is tested against.
#[cfg(test)]
pub(crate) fn is_typo_in(token: &str, word: &str, is_word: fn(&str) -> bool) -> bool {
    if token == word {
        return false;
    }
    // Every token is tried against every keyword, so this runs thousands of
    // times per reply: count bytes when both are ASCII (the common case) and
    // rule pairs out by their letters before the full edit distance.
    let ascii = token.is_ascii() && word.is_ascii();
    let (a, b) = if ascii {
        (token.len(), word.len())
    } else {
        (token.chars().count(), word.chars().count())
    };
    let budget = max_edits(b);
    if budget == 0 || a.abs_diff(b) > budget || a < 4 {
        return false;
    }
    if ascii && bag_distance(token.as_bytes(), word.as_bytes()).div_ceil(2) > budget {
        return false;
    }
    strsim::osa_distance(token, word) <= budget && !is_word(token)
}

#[cfg(test)]
/// How many letters the two words do not share, counted with multiplicity.
/// One edit changes it by at most 2 (a substitution), a transposition not at
/// all, so half of it (rounded up) never exceeds the edit distance: a bound
/// that rejects most pairs without computing the distance.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i16; 128];
    for &c in a {
        counts[usize::from(c & 0x7f)] += 1;
    }
    for &c in b {
        counts[usize::from(c & 0x7f)] -= 1;
    }
    counts.iter().map(|c| usize::from(c.unsigned_abs())).sum()
}

/// Collapses letters repeated three or more times ("sooorry" -> "sorry",
/// "heeeel" -> "heel"): to the form `known` recognises ("hooooi" -> "hoi",
/// not "hooi"), else to two when that gives a real word, else to one.
pub(crate) fn collapse_stretched_with(word: &str, known: &dyn Fn(&str) -> bool) -> Option<String> {
    collapse_stretched_in(word, known, is_dutch_word)
}

/// [`collapse_stretched_with`] with another language's word list.
pub(crate) fn collapse_stretched_in(
    word: &str,
    known: &dyn Fn(&str) -> bool,
    is_word: fn(&str) -> bool,
) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut has_run = false;
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        if j - i >= 3 && chars[i].is_alphabetic() {
            has_run = true;
        }
        i = j;
    }
    if !has_run || is_word(word) {
        return None;
    }
    let squeeze = |keep: usize| -> String {
        let mut out = String::with_capacity(word.len());
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            while j < chars.len() && chars[j] == chars[i] {
                j += 1;
            }
            let n = if j - i >= 3 && chars[i].is_alphabetic() {
                keep
            } else {
                j - i
            };
            out.extend(std::iter::repeat_n(chars[i], n));
            i = j;
        }
        out
    };
    let (one, two) = (squeeze(1), squeeze(2));
    if known(&one) && !known(&two) {
        Some(one)
    } else if known(&two) || is_word(&two) {
        Some(two)
    } else {
        Some(one)
    }
}

/// [`collapse_stretched_with`] without catalogue knowledge.
#[cfg(test)]
pub(crate) fn collapse_stretched(word: &str) -> Option<String> {
    collapse_stretched_with(word, &|_| false)
}

/// Chat abbreviations and clitics, expanded to the words they stand for.
pub(crate) fn expand(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "ff" | "eff" | "efkes" | "effe" => &["even"],
        "idd" => &["inderdaad"],
        "mss" | "miss" => &["misschien"],
        "wss" | "wrs" | "wsl" | "wrsch" => &["waarschijnlijk"],
        "zsm" | "asap" => &["zo", "snel", "mogelijk"],
        "aub" | "svp" | "alstublief" => &["alstublieft"],
        "ajb" | "asjeblieft" | "alsjeblief" | "asjeblief" => &["alsjeblieft"],
        "pls" | "plz" | "plss" => &["graag"],
        "t" | "'t" | "het'" => &["het"],
        "n" | "'n" => &["een"],
        "k" | "'k" => &["ik"],
        "m" | "'m" => &["hem"],
        "ordernr" | "ordernmr" | "ordernr." => &["ordernummer"],
        "klantnr" | "klantnmr" => &["klantnummer"],
        "bestelnr" => &["bestelnummer"],
        "factuurnr" => &["factuurnummer"],
        "telnr" | "tel" | "telnummer" | "tlf" => &["telefoonnummer"],
        "huisnr" => &["huisnummer"],
        "rekeningnr" | "reknr" => &["rekeningnummer"],
        "nr" | "nmr" | "no" => &["nummer"],
        "thx" | "thnx" | "tnx" | "thanx" | "tnks" | "thankyou" | "thank" | "ty" => &["thanks"],
        "sry" | "srry" | "sorr" | "soz" | "sorri" | "sowwy" => &["sorry"],
        "ok" | "okay" | "oki" | "okey" | "okee" | "oky" | "okido" => &["oke"],
        "gwn" => &["gewoon"],
        "egt" => &["echt"],
        "nie" | "nt" => &["niet"],
        "ng" => &["nog"],
        "nx" | "nix" => &["niks"],
        "vd" => &["van", "de"],
        "vh" => &["van", "het"],
        "mn" | "m'n" => &["mijn"],
        "zn" | "z'n" => &["zijn"],
        "bv" | "bijv" | "bvb" => &["bijvoorbeeld"],
        "ivm" => &["in", "verband", "met"],
        "iig" => &["in", "ieder", "geval"],
        "ipv" => &["in", "plaats", "van"],
        "sws" => &["sowieso"],
        "hzo" => &["hoezo"],
        "wrm" | "wrom" => &["waarom"],
        "wnr" => &["wanneer"],
        "mvg" => &["met", "vriendelijke", "groet"],
        "grtz" | "grtjs" => &["groetjes"],
        "w8" => &["wacht"],
        "tog" => &["toch"],
        "hb" => &["heb"],
        "wa" => &["wat"],
        "da" => &["dat"],
        "vr" => &["voor"],
        "incl" => &["inclusief"],
        "excl" | "ex" => &["exclusief"],
        "tzt" => &["te", "zijner", "tijd"],
        "dnk" => &["denk"],
        "mail" | "mailtje" | "e-mail" => &["mail"],
        "email" | "emailtje" => &["mail"],
        "emailadres" | "mailadres" | "e-mailadres" => &["emailadres"],
        "dankuwel" | "dankuwell" => &["dank", "u", "wel"],
        "danku" => &["dank", "u"],
        "dankjewel" | "dankjwl" | "dankjewell" | "dankjuwel" => &["dank", "je", "wel"],
        "dankje" => &["dank", "je"],
        "dankzij" => &["dankzij"],
        _ => return None,
    })
}

/// "kheb" -> "ik heb": a leading k glued to a verb, when the glued form is no
/// word but the rest is.
pub(crate) fn split_clitic_k(word: &str) -> Option<String> {
    let rest = word.strip_prefix('k')?;
    if rest.len() < 2 || rest.starts_with(['a', 'e', 'i', 'o', 'u', 'j', 'n', 'r', 'l']) {
        return None;
    }
    if is_dutch_word(word) || !is_dutch_word(rest) {
        return None;
    }
    Some(rest.to_string())
}

/// Checks that `is_word` (an embedded `fst` set) holds exactly the lines of
/// the shipped list `file`: every line, and no word that merely shares a
/// prefix with one. Used by each language's tests.
#[cfg(test)]
pub(crate) fn assert_holds_exactly(file: &str, is_word: fn(&str) -> bool) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bot/matching/data");
    let text = std::fs::read_to_string(dir.join(file)).expect("the list ships");
    let words: Vec<&str> = text.lines().filter(|w| !w.is_empty()).collect();
    assert!(words.len() > 10_000, "{file}");
    for w in &words {
        assert!(is_word(w), "{file}: {w}");
        let longer = format!("{w}q");
        assert_eq!(
            is_word(&longer),
            words.binary_search(&longer.as_str()).is_ok()
        );
        let shorter = &w[..w.len() - 1];
        assert_eq!(
            is_word(shorter),
            words.binary_search(&shorter).is_ok(),
            "{shorter}"
        );
    }
    assert!(!is_word(""));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_dutch_word_set_holds_exactly_the_lines_of_the_shipped_list() {
        assert_holds_exactly("opentaal-words.txt", is_dutch_word);
    }

    #[test]
    fn the_word_list_knows_real_words_and_rejects_typos() {
        for w in [
            "prijs",
            "prins",
            "collega",
            "college",
            "excuses",
            "excursies",
            "aa",
        ] {
            assert!(is_dutch_word(w), "{w}");
        }
        for w in ["exuses", "oplosing", "", "zzzzzzzzzzzzzz", "a"] {
            assert!(!is_dutch_word(w), "{w}");
        }
    }

    #[test]
    fn typos_respect_the_length_budget_and_real_words() {
        assert!(is_typo_of("exuses", "excuses"));
        assert!(is_typo_of("oplosing", "oplossing"));
        assert!(!is_typo_of("prins", "prijs"));
        assert!(!is_typo_of("college", "collega"));
        assert!(!is_typo_of("excursies", "excuses"));
        assert!(!is_typo_of("snpa", "snap"));
    }

    #[test]
    fn stretched_letters_collapse_to_a_real_word() {
        assert_eq!(collapse_stretched("sooorry").as_deref(), Some("sorry"));
        assert_eq!(collapse_stretched("heeeel").as_deref(), Some("heel"));
        assert_eq!(collapse_stretched("sorry"), None);
    }

    #[test]
    fn a_glued_k_is_split_off_only_when_the_glued_form_is_no_word() {
        assert_eq!(split_clitic_k("kheb").as_deref(), Some("heb"));
        assert_eq!(split_clitic_k("kbel").as_deref(), Some("bel"));
        assert_eq!(split_clitic_k("kan"), None);
        assert_eq!(split_clitic_k("klant"), None);
    }
}

#[cfg(test)]
mod bag_tests {
    use super::bag_distance;

    #[test]
    fn half_the_bag_distance_never_exceeds_the_edit_distance() {
        let words = [
            "prijs",
            "prins",
            "excuses",
            "exuses",
            "samengevat",
            "samenvatten",
            "afspraak",
            "afpsraak",
            "vervoerder",
            "leverancier",
            "oplossing",
            "oplosing",
            "budget",
            "budegt",
        ];
        for a in words {
            for b in words {
                let bound = bag_distance(a.as_bytes(), b.as_bytes()).div_ceil(2);
                assert!(bound <= strsim::osa_distance(a, b), "{a} / {b}");
            }
        }
    }
}
