//! English replies: normalisation (contractions, chat forms, number words)
//! and the catalogue of `../shared/spec/behaviours.md` in English, with the
//! same ids. `u-vorm` and `je-vorm` do not apply: English has one "you".
//!
//! Reading works like the Dutch side (`text.rs`) and shares its tokenizer
//! and character offsets: only the word-level steps differ. Contractions
//! expand to their full words ("won't" -> "will not", "I'm" -> "i am") so that
//! negation and question rules see one form; "u", "ur", "pls", "thx",
//! "gonna" expand like the Dutch chat forms. A word that is in the SCOWL
//! English word list (`data/scowl-words.txt`, licence in
//! `data/SCOWL-LICENSE.txt`) is never corrected into another word.

mod catalogue;

use rust_decimal::Decimal;

use super::Language;
use super::lexicon;
use super::text::{self, Analysis, Corrector, Kind, Tok};

pub(crate) use catalogue::{GRAMMAR, price_context, question_hits};

/// The SCOWL list as an `fst` set (see `build.rs`).
static WORDS: lexicon::WordSet = std::sync::LazyLock::new(|| {
    fst::Set::new(&include_bytes!(concat!(env!("OUT_DIR"), "/scowl-words.fst"))[..]).ok()
});

/// Whether `word` (lowercase, folded) is in the English word list.
pub(crate) fn is_english_word(word: &str) -> bool {
    lexicon::in_word_list(&WORDS, word)
}

/// Words that open a new clause (negation does not reach across them).
const CLAUSE_OPENERS: &[&str] = &[
    "that", "because", "but", "so", "if", "when", "while", "although", "though", "unless", "once",
    "after", "before", "since", "until", "whereas", "and", "or", "which", "whether",
];

/// Negation words that are no negation in these fixed pairs.
const PSEUDO_NEGATIONS: &[(&str, &str)] = &[
    ("no", "problem"),
    ("no", "problems"),
    ("no", "worries"),
    ("no", "worry"),
    ("no", "doubt"),
    ("no", "extra"),
    ("no", "charge"),
    ("no", "cost"),
    ("no", "costs"),
    ("no", "hassle"),
    ("no", "obligation"),
    ("no", "matter"),
    ("no", "later"),
    ("not", "later"),
    ("not", "only"),
    ("not", "hesitate"),
    ("not", "worry"),
    ("never", "mind"),
    ("without", "extra"),
    ("without", "any"),
    ("no", "longer"),
];

/// Chat forms and contractions, expanded to the words they stand for.
fn expand(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "u" | "ya" | "yu" => &["you"],
        "ur" | "yr" | "youre" | "you're" | "ure" | "u're" => match word {
            "youre" | "you're" | "ure" | "u're" => &["you", "are"],
            _ => &["your"],
        },
        // "u" with a contraction: "u'll get the quote", "u've".
        "u'll" => &["you", "will"],
        "u'd" => &["you", "would"],
        "u've" => &["you", "have"],
        "r" => &["are"],
        "ppl" | "ppls" | "peeps" => &["people"],
        "pls" | "plz" | "plse" | "pleas" | "plss" => &["please"],
        "thx" | "thnx" | "tnx" | "thanx" | "thks" | "tks" | "thanku" | "thankyou" | "thnks" => {
            &["thanks"]
        }
        "ty" => &["thank", "you"],
        "tysm" => &["thank", "you", "so", "much"],
        "gonna" => &["going", "to"],
        "wanna" => &["want", "to"],
        "gotta" => &["got", "to"],
        "lemme" => &["let", "me"],
        "gimme" => &["give", "me"],
        "kinda" => &["kind", "of"],
        "sorta" => &["sort", "of"],
        "sry" | "srry" | "sorri" | "soz" | "sowwy" | "sorr" => &["sorry"],
        "msg" => &["message"],
        "asap" => &["as", "soon", "as", "possible"],
        "btw" => &["by", "the", "way"],
        "np" => &["no", "problem"],
        "tmrw" | "tmr" | "tmrow" | "tmoro" | "tomoz" | "2moro" | "2morrow" | "tomorow"
        | "tommorow" | "tommorrow" => &["tomorrow"],
        "2day" => &["today"],
        "tonite" => &["tonight"],
        "tho" => &["though"],
        "thru" => &["through"],
        "cuz" | "coz" | "cos" | "bc" | "bcuz" | "bcoz" => &["because"],
        "b4" => &["before"],
        "appt" => &["appointment"],
        "mgr" => &["manager"],
        "dept" => &["department"],
        "acct" => &["account"],
        "nr" | "num" | "nmbr" => &["number"],
        "ok" | "okay" | "okey" | "oki" | "k" | "kk" | "okie" => &["ok"],
        "idk" => &["i", "do", "not", "know"],
        "dunno" => &["do", "not", "know"],
        "abt" => &["about"],
        "wat" | "wut" => &["what"],
        "hw" => &["how"],
        "wen" => &["when"],
        "cud" => &["could"],
        "wud" => &["would"],
        "shud" => &["should"],
        "hv" => &["have"],
        "e-mail" | "emailadress" => &["email"],
        "o'clock" | "oclock" => &["oclock"],
        "cannot" | "cant" | "can't" => &["can", "not"],
        "won't" | "wont" => &["will", "not"],
        "shan't" => &["shall", "not"],
        "ain't" | "aint" => &["is", "not"],
        "dont" => &["do", "not"],
        "doesnt" => &["does", "not"],
        "didnt" => &["did", "not"],
        "isnt" => &["is", "not"],
        "arent" => &["are", "not"],
        "wasnt" => &["was", "not"],
        "werent" => &["were", "not"],
        "havent" => &["have", "not"],
        "hasnt" => &["has", "not"],
        "hadnt" => &["had", "not"],
        "wouldnt" => &["would", "not"],
        "couldnt" => &["could", "not"],
        "shouldnt" => &["should", "not"],
        "im" | "i'm" => &["i", "am"],
        "ive" => &["i", "have"],
        "weve" => &["we", "have"],
        "youve" => &["you", "have"],
        "theyre" => &["they", "are"],
        "thats" => &["that", "is"],
        "whats" => &["what", "is"],
        "theres" => &["there", "is"],
        "hows" => &["how", "is"],
        "lets" | "let's" => &["let", "us"],
        "youll" => &["you", "will"],
        "itll" => &["it", "will"],
        "howdy" => &["hello"],
        "gud" | "gd" | "guud" => &["good"],
        "mornin" | "mrng" | "morng" => &["morning"],
        "evenin" => &["evening"],
        "goodday" | "gday" => &["good", "day"],
        "rn" => &["right", "now"],
        _ => return None,
    })
}

/// "won't", "we'll", "it's", "I'd": the full words, or None. A possessive
/// "customer's" becomes "customer".
fn contraction(word: &str) -> Option<Vec<String>> {
    let (head, tail) = word.split_once('\'')?;
    if head.is_empty() {
        return None;
    }
    let full = |w: &str| Some(vec![head.to_string(), w.to_string()]);
    match tail {
        "t" if head.ends_with('n') => {
            let stem = &head[..head.len() - 1];
            let stem = match stem {
                "ca" => "can",
                "wo" => "will",
                "sha" => "shall",
                other => other,
            };
            Some(vec![stem.to_string(), "not".to_string()])
        }
        "m" => full("am"),
        "re" => full("are"),
        "ll" => full("will"),
        "ve" => full("have"),
        "d" => full("would"),
        "s" => match head {
            "it" | "that" | "there" | "what" | "how" | "here" | "he" | "she" | "who" | "where"
            | "when" | "name" | "everything" | "this" => full("is"),
            "let" => full("us"),
            _ => Some(vec![head.to_string()]),
        },
        _ => None,
    }
}

const UNITS: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: &[(&str, u64)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const SCALES: &[(&str, u64)] = &[("hundred", 100), ("thousand", 1000), ("million", 1_000_000)];

/// The value of one English number word below a hundred: "seven",
/// "twenty", "twentyfive" (typed "twenty-five").
fn below_100(w: &str) -> Option<u64> {
    if let Some((_, v)) = UNITS.iter().chain(TENS).find(|(u, _)| *u == w) {
        return Some(*v);
    }
    TENS.iter().find_map(|(t, tv)| {
        let rest = w.strip_prefix(t)?;
        UNITS
            .iter()
            .find(|(u, uv)| *u == rest && (1..10).contains(uv))
            .map(|(_, uv)| tv + uv)
    })
}

fn scale(w: &str) -> Option<u64> {
    SCALES.iter().find(|(s, _)| *s == w).map(|(_, v)| *v)
}

/// Numbers typed in several words become one number: "twenty thousand",
/// "one hundred and fifty", "twelve hundred", "twenty five", "2 thousand",
/// "1.5 million". Runs join only through a scale word or as tens + unit,
/// so "five ten" stays two numbers.
fn merge_number_words(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        if let Some((len, value)) = number_run(&toks[i..])
            && len > 1
        {
            let end = toks[i + len - 1].end;
            let surface: Vec<String> = toks[i..i + len].iter().map(|t| t.surface.clone()).collect();
            let canon: String = toks[i..i + len].iter().map(|t| t.canon.as_str()).collect();
            toks.drain(i + 1..i + len);
            let t = &mut toks[i];
            t.end = end;
            t.surface = surface.join(" ");
            t.canon = if t.kind == Kind::Word {
                canon
            } else {
                value.normalize().to_string()
            };
            t.values = vec![value];
        }
        i += 1;
    }
}

/// The length and value of the number run at the start of `toks`, if any.
fn number_run(toks: &[Tok]) -> Option<(usize, Decimal)> {
    let (mut total, mut current) = (Decimal::ZERO, Decimal::ZERO);
    let (mut has_scale, mut tens_unit) = (false, false);
    let mut prev_small: Option<u64> = None;
    let mut end = 0;
    let small_or_scale = |t: Option<&Tok>| {
        t.is_some_and(|t| below_100(&t.canon).is_some() || scale(&t.canon).is_some())
    };
    for (k, t) in toks.iter().enumerate() {
        let word = t.canon.as_str();
        if k == 0 && t.kind == Kind::Number {
            if t.values.len() != 1 || scale(&toks.get(1)?.canon).is_none() {
                return None;
            }
            current = t.values[0];
            prev_small = Some(0);
        } else if t.kind != Kind::Word {
            break;
        } else if let Some(v) = below_100(word) {
            match prev_small {
                None => {}
                Some(p) if p >= 20 && p % 10 == 0 && v < 10 => tens_unit = true,
                Some(_) => break,
            }
            current += Decimal::from(v);
            prev_small = Some(v);
        } else if let Some(s) = scale(word) {
            if k == 0 {
                return None;
            }
            if current.is_zero() {
                current = Decimal::ONE;
            }
            let v = current.checked_mul(Decimal::from(s))?;
            if s >= 1000 {
                total = total.checked_add(v)?;
                current = Decimal::ZERO;
            } else {
                current = v;
            }
            has_scale = true;
            prev_small = None;
        } else if (word == "a" && k == 0 && toks.get(1).is_some_and(|n| scale(&n.canon).is_some()))
            || (word == "and"
                && has_scale
                && prev_small.is_none()
                && small_or_scale(toks.get(k + 1)))
        {
            continue;
        } else {
            break;
        }
        end = k + 1;
    }
    (has_scale || tens_unit).then_some((end, total + current))
}

/// Merges pairs: numbers with a currency word become money, with "percent" a
/// percentage, with "am"/"pm" a time; pseudo-negations become one token
/// ("no_problem") so that neither word acts alone; an answer "no" before a
/// punctuation mark ("No, ...") is no negation of what follows.
fn merge_pairs(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        if toks[i].canon == "no"
            && toks
                .get(i + 1)
                .is_none_or(|n| matches!(n.kind, Kind::Punct | Kind::Emoji))
        {
            toks[i].canon = "no_".to_string();
        }
        if i + 1 >= toks.len() {
            break;
        }
        let (a, b) = (&toks[i], &toks[i + 1]);
        let numeric = matches!(a.kind, Kind::Word | Kind::Number) && !a.values.is_empty();
        let money = numeric
            && matches!(
                b.canon.as_str(),
                "euro"
                    | "euros"
                    | "eur"
                    | "dollar"
                    | "dollars"
                    | "usd"
                    | "pounds"
                    | "gbp"
                    | "bucks"
                    | "cents"
                    | "cent"
            );
        let percent = numeric && matches!(b.canon.as_str(), "percent" | "pct");
        let per_cent =
            numeric && b.canon == "per" && toks.get(i + 2).is_some_and(|c| c.canon == "cent");
        let clock = a.kind == Kind::Number && matches!(b.canon.as_str(), "am" | "pm");
        let pseudo = PSEUDO_NEGATIONS
            .iter()
            .any(|(x, y)| a.canon == *x && b.canon == *y);
        if money || percent || per_cent || clock || pseudo {
            let b = toks.remove(i + 1);
            if per_cent {
                toks.remove(i + 1);
            }
            let a = &mut toks[i];
            a.end = a.end.max(b.end);
            a.start = a.start.min(b.start);
            a.surface = format!("{} {}", a.surface, b.surface);
            if money {
                a.kind = Kind::Money;
                a.canon = "_bedrag_".to_string();
            } else if percent || per_cent {
                a.kind = Kind::Percent;
                a.canon = format!("{}%", a.values.first().copied().unwrap_or_default());
            } else if clock {
                a.canon = format!("{}{}", a.canon, b.canon);
                a.values.clear();
            } else {
                a.canon = format!("{}_{}", a.canon, b.canon);
            }
        }
        i += 1;
    }
}

/// "some time next week", "sometime this month", "at some point next
/// week": a vague moment fuses into one token, so that the period in it
/// ("next week") does not read as the concrete moment a follow-up needs.
/// A day or a clock time after it still counts ("some time next week, on
/// Tuesday at 10").
fn fuse_vague_moments(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        let at = |k: usize| toks.get(k).map_or("", |t| t.canon.as_str());
        let qualifier = match at(i) {
            "sometime" | "somewhen" | "anytime" => 1,
            "some" | "any" if at(i + 1) == "time" => 2,
            "at" if at(i + 1) == "some" && matches!(at(i + 2), "point" | "stage") => 3,
            _ => 0,
        };
        if qualifier == 0 {
            i += 1;
            continue;
        }
        let mut k = i + qualifier;
        if matches!(at(k), "in" | "during" | "over" | "around") {
            k += 1;
        }
        if at(k) == "the" {
            k += 1;
        }
        if matches!(at(k), "next" | "this" | "coming")
            && matches!(at(k + 1), "week" | "month" | "weekend" | "year")
        {
            let end = k + 2;
            let canon = toks[i..end]
                .iter()
                .map(|t| t.canon.as_str())
                .collect::<Vec<_>>()
                .join("_");
            let surface = toks[i..end]
                .iter()
                .map(|t| t.surface.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let last_end = toks[end - 1].end;
            toks.drain(i + 1..end);
            let t = &mut toks[i];
            t.end = last_end;
            t.canon = canon;
            t.surface = surface;
            t.values.clear();
        }
        i += 1;
    }
}

/// "ill call you" at the start of a clause is "I'll", not "ill".
fn chat_ill(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        let first = i == 0 || toks[i - 1].kind == Kind::Punct;
        let verb_next = toks
            .get(i + 1)
            .is_some_and(|n| n.kind == Kind::Word && n.canon != "and");
        if first && toks[i].surface == "ill" && verb_next {
            let mut will = toks[i].clone();
            toks[i].canon = "i".to_string();
            will.canon = "will".to_string();
            toks.insert(i + 1, will);
            i += 1;
        }
        i += 1;
    }
}

/// Analyses an English reply. Never panics; an empty reply gives no tokens.
pub(crate) fn analyse(text: &str, corrector: &dyn Corrector) -> Analysis {
    let (chars, orig) = text::normalise(text);
    let raws = text::tokenize(&chars);
    let mut toks: Vec<Tok> = Vec::with_capacity(raws.len() + 4);
    // The tokenizer knows € and $; a pound sign before a number is read here.
    let pounds: Vec<usize> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '£')
        .map(|(i, _)| i)
        .collect();
    for r in raws {
        let Some(mut span) = r.span(&orig) else {
            continue;
        };
        if r.kind == Kind::Number
            && let Some(&p) = pounds.iter().find(|&&p| {
                p + 1 == span.0 || (p + 2 == span.0 && text.chars().nth(p + 1) == Some(' '))
            })
        {
            span.0 = p;
            let mut t = r.tok(span, "_bedrag_".to_string());
            t.kind = Kind::Money;
            toks.push(t);
            continue;
        }
        match r.kind {
            Kind::Word => {
                let word = lexicon::collapse_stretched_in(
                    &r.surface,
                    &|w| corrector.knows(w),
                    is_english_word,
                )
                .unwrap_or_else(|| r.surface.clone());
                let word = word.trim_matches('\'');
                if let Some(words) = expand(word) {
                    toks.extend(words.iter().map(|w| r.tok(span, w.to_string())));
                } else if let Some(words) = contraction(word) {
                    toks.extend(words.into_iter().map(|w| r.tok(span, w)));
                } else {
                    let canon = corrector.correct(word).unwrap_or(word).to_string();
                    let mut t = r.tok(span, canon);
                    if let Some(v) = below_100(&t.canon).or_else(|| scale(&t.canon)) {
                        t.values = vec![Decimal::from(v)];
                    }
                    toks.push(t);
                }
            }
            Kind::Money => toks.push(r.tok(span, "_bedrag_".to_string())),
            Kind::Url => toks.push(r.tok(span, "_url_".to_string())),
            Kind::Email => toks.push(r.tok(span, "_email_".to_string())),
            Kind::Emoji => toks.push(r.tok(span, "_emoji_".to_string())),
            // "14h": the glued hour unit becomes its own word.
            Kind::Number if r.unit.is_some() => {
                toks.push(r.tok(span, r.surface.clone()));
                let mut unit = r.tok(span, "h".to_string());
                unit.kind = Kind::Word;
                unit.values = Vec::new();
                toks.push(unit);
            }
            Kind::Number | Kind::Percent | Kind::Punct => toks.push(r.tok(span, r.surface.clone())),
        }
    }
    chat_ill(&mut toks);
    merge_number_words(&mut toks);
    merge_pairs(&mut toks);
    fuse_vague_moments(&mut toks);
    text::assemble(toks, Language::En, CLAUSE_OPENERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_english_word_set_holds_exactly_the_lines_of_the_shipped_list() {
        lexicon::assert_holds_exactly("scowl-words.txt", is_english_word);
    }

    struct NoFix;
    impl Corrector for NoFix {
        fn correct(&self, _: &str) -> Option<&str> {
            None
        }
    }

    fn canon(text: &str) -> String {
        analyse(text, &NoFix).canon
    }

    #[test]
    fn contractions_and_chat_forms_expand() {
        assert_eq!(
            canon("I won't, we can't, u don't"),
            "i will not , we can not , you do not"
        );
        assert_eq!(
            canon("im gonna send ur order pls"),
            "i am going to send your order please"
        );
        assert_eq!(
            canon("It's the customer's bike, I'd say"),
            "it is the customer bike , i would say"
        );
        assert_eq!(canon("ill call you thx"), "i will call you thanks");
        // "how many ppl" asks about people; a word that only starts alike
        // stays itself.
        assert_eq!(
            canon("how many ppl work there"),
            "how many people work there"
        );
        assert_eq!(canon("the apple pplant"), "the apple pplant");
    }

    #[test]
    fn english_money_and_number_forms_are_read() {
        let a = analyse("That is €1,349.00 or 1.349 per bike", &NoFix);
        assert_eq!(a.canon, "that is _bedrag_ or 1.349 per bike");
        assert_eq!(a.toks[2].values, vec![Decimal::new(134900, 2)]);
        assert!(a.toks[4].values.contains(&Decimal::from(1349)));
        let a = analyse("about twenty thousand euros, 5% off", &NoFix);
        assert_eq!(a.canon, "about _bedrag_ , 5% off");
        assert_eq!(a.toks[1].values, vec![Decimal::from(20000)]);
        let a = analyse("one hundred and fifty bikes, twenty-five euros", &NoFix);
        assert_eq!(a.toks[0].values, vec![Decimal::from(150)]);
        assert_eq!(a.toks[3].values, vec![Decimal::from(25)]);
        assert_eq!(a.toks[3].kind, Kind::Money);
        assert_eq!(
            analyse("2 thousand", &NoFix).toks[0].values,
            vec![Decimal::from(2000)]
        );
        assert_eq!(canon("five ten"), "five ten");
        assert_eq!(canon("at 3 pm"), "at 3pm");
    }

    #[test]
    fn pseudo_negations_fuse_and_an_answer_no_is_no_negation() {
        assert_eq!(canon("No, no problem"), "no_ , no_problem");
        assert_eq!(canon("no solution"), "no solution");
    }

    #[test]
    fn spans_point_into_the_original_text_with_non_ascii_input() {
        let text = "Hé Zoë 😀, we’ll send it";
        let a = analyse(text, &NoFix);
        let chars: Vec<char> = text.chars().collect();
        let t = a.toks.iter().find(|t| t.canon == "will").expect("will");
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), "we’ll");
        let t = a.toks.iter().find(|t| t.canon == "send").expect("send");
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), "send");
    }

    #[test]
    fn the_word_list_knows_real_words() {
        for w in [
            "prince",
            "price",
            "colleague",
            "sorry",
            "apologise",
            "apologize",
        ] {
            assert!(is_english_word(w), "{w}");
        }
        for w in ["appologise", "colleage", "zzzz"] {
            assert!(!is_english_word(w), "{w}");
        }
    }
}
