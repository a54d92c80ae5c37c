//! Small talk: "hoe gaat het met u?", "alles goed?", "how r u?". A person
//! answers that with a word or two and gets on with the conversation; it is
//! not a question about something the customer does not know, so it must not
//! get "Dat weet ik niet uit mijn hoofd." (found playing by hand).
//!
//! Only a sentence that *ends* with the small-talk phrase counts, so "Hoe gaat
//! het nu met de koffie bij u op kantoor?" stays a question about the
//! customer's situation. A dialogue that wants its own answer gives a
//! `[[knowledge]]` topic with these words: topics are heard first.

use std::sync::LazyLock;

use regex::Regex;

use crate::matching::Language;

/// Greetings, names and discourse markers that may come before the phrase are
/// anything up to a comma, or one of these words.
static DUTCH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?: ^ | [,;:!.]\s* | \b(?:hoi|hallo|hey|hee|hi|goedemorgen|goedemiddag|goedenavond|dag|en|ja|oke|oké|ok|nou|verder|trouwens)\s+ )
        (?: hoe \s+ (?:gaat|gaan) \s+ (?:het|t|ie|de \s+ zaken)
          | hoe \s+ is \s+ (?:het|t)
          | hoe \s+ staat \s+ het \s+ leven
          | alles \s+ (?:goed|oke|oké|ok|prima|lekker|gud|goe|top|wel)
          | gaat \s+ (?:het|t) \s+ (?:goed|wel|lekker)
          | hoe \s+ was \s+ (?:uw|je|jouw) \s+ (?:weekend|dag|vakantie|week|reis)
          | (?:lekker|mooi) \s+ weer(?:tje)? (?:\s+ (?:he|hè|vandaag|buiten))?
          )
        (?: \s+ (?:met \s+ (?:u|je|jou|jullie|de \s+ zaken) | ermee | daar | bij \s+ (?:u|jou|jullie) | vandaag | verder | nog) )*
        [\s?!.)(:;]* $",
    )
    .ok()
});

static ENGLISH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?: ^ | [,;:!.]\s* | \b(?:hi|hello|hey|morning|good \s+ morning|good \s+ afternoon|good \s+ evening|and|so|ok|okay|oh)\s+ )
        (?: how \s+ (?:are|r) \s* (?:you|u|ya|things)
          | hru
          | how(?:'s|s|\s+is) \s+ (?:it|everything|things|life|business) (?:\s+ going)?
          | how(?:'s|s|\s+is|\s+was) \s+ (?:your|ur) \s+ (?:day|week|weekend|morning|trip|holiday)
          | how \s+ have \s+ you \s+ been
          | (?:are \s+ )? (?:you|u) \s+ (?:ok|okay|good|alright|well|doing \s+ well)
          | all \s+ good
          | (?:lovely|nice|great) \s+ weather
          )
        (?: \s+ (?:doing|today|so \s+ far|there|then|these \s+ days) )*
        [\s?!.)(:;]* $",
    )
    .ok()
});

/// Questions that offer help rather than ask for information: "kan ik nog
/// iets voor u doen?", "heeft u nog vragen?", "anything else I can do for
/// you?". They are a conversational move: the script goes on without an "I
/// don't know" ("No idea. I only know what's in my kitchen." was said to
/// "is there anything else i can do for u?", found playing by hand).
static OFFER_NL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?: kan \s+ ik \s+ (?:u|je|jou|jullie) \s+ (?:nog \s+ |verder \s+ |ergens \s+ |nog \s+ ergens \s+ )*(?:mee \s+ |bij \s+ )?helpen
            | kan \s+ ik \s+ (?:nog \s+ |verder \s+ )*iets \s+ (?:anders \s+ )?voor \s+ (?:u|je|jou|jullie) \s+ doen
            | is \s+ er \s+ (?:nog \s+ |verder \s+ )*iets \s+ (?:anders \s+ )?(?:waar(?:mee)?) \s+ ik \s+ (?:u|je|jou|jullie) \s+ (?:nog \s+ )?(?:mee \s+ )?(?:kan|kun) \s+ helpen
            | (?:heeft|hebt) \s+ u \s+ (?:verder \s+ )?(?:nog \s+ )?(?:andere \s+ |verdere \s+ )?vragen
            | heb \s+ je \s+ (?:verder \s+ )?(?:nog \s+ )?(?:andere \s+ |verdere \s+ )?vragen
            | ^ \s* (?:nog \s+ )?(?:andere \s+ )?vragen
            | waarmee \s+ kan \s+ ik \s+ (?:u|je|jou|jullie) \s+ helpen
            )",
    )
    .ok()
});

static OFFER_EN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?: anything \s+ else \s+ (?:i|we) \s+ (?:can|could) \s+ (?:do|help)
            | (?:can|could|may) \s+ (?:i|we) \s+ help \s+ (?:you|u) \s+ with \s+ anything \s+ else
            | (?:do \s+ )?(?:you|u) \s+ have \s+ any \s+ (?:other \s+ |more \s+ |further \s+ )?questions
            | ^ \s* any \s+ (?:other \s+ |more \s+ |further \s+ )?questions
            | how \s+ (?:can|may) \s+ (?:i|we) \s+ help(?: \s+ (?:you|u))?
            | what \s+ can \s+ (?:i|we) \s+ do \s+ for \s+ (?:you|u)
            )",
    )
    .ok()
});

/// Whether the question sentence `text` offers help instead of asking
/// something (a move of the conversation, never an unknown question).
pub fn is_offer_of_help(text: &str, language: Language) -> bool {
    let re = match language {
        Language::Nl => &*OFFER_NL,
        Language::En => &*OFFER_EN,
    };
    text.len() <= 160 && re.as_ref().is_some_and(|r| r.is_match(text.trim()))
}

const LINES_NL: &[&str] = &[
    "Goed hoor, bedankt.",
    "Prima, al is het druk vandaag.",
    "Gaat goed, bedankt.",
];
const LINES_EN: &[&str] = &[
    "Fine, thanks.",
    "Good, thanks. Busy day, though.",
    "Not bad, thank you.",
];

/// Whether the question sentence `text` is small talk in `language`.
pub fn is_small_talk(text: &str, language: Language) -> bool {
    // Small talk is short; a long sentence is about something.
    if text.len() > 120 {
        return false;
    }
    let re = match language {
        Language::Nl => &*DUTCH,
        Language::En => &*ENGLISH,
    };
    // Emoji and other symbols after the phrase ("alles goed? 😊") do not
    // make it a real question.
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
        .collect();
    re.as_ref().is_some_and(|r| r.is_match(cleaned.trim()))
}

/// The customer's short answers to small talk, in `language`.
pub fn lines(language: Language) -> &'static [&'static str] {
    match language {
        Language::Nl => LINES_NL,
        Language::En => LINES_EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_small_talk_is_recognised_in_chat_style_and_after_a_greeting() {
        for t in [
            "hoe gaat het?",
            "Goedemorgen meneer Jansen, hoe gaat het met u?",
            "alles goed?",
            "hoi! alles goed met je? 😊",
            "hoe gaat t ermee",
            "Hoe is het?",
            "en, hoe was uw weekend?",
            "lekker weertje he",
            "hoe gaan de zaken?",
        ] {
            assert!(is_small_talk(t, Language::Nl), "{t}");
        }
    }

    #[test]
    fn a_question_about_the_customers_situation_is_not_small_talk() {
        for t in [
            "Hoe gaat het nu met de koffie bij u op kantoor?",
            "hoe gaat het met de verhuizing?",
            "Hoe is het contact met uw huidige leverancier?",
            "is alles goed aangekomen?",
            "Gaat het goed met de nieuwe stoelen?",
            "hoe gaat het bestelproces bij jullie?",
            "Hoeveel mensen werken er?",
        ] {
            assert!(!is_small_talk(t, Language::Nl), "{t}");
        }
    }

    #[test]
    fn an_offer_of_help_is_recognised_in_both_languages_and_a_real_question_is_not() {
        for t in [
            "Kan ik nog iets anders voor u doen?",
            "kan ik verder nog iets voor u doen?",
            "is er verder nog iets waarmee ik je kan helpen?",
            "kan ik je nog ergens mee helpen?",
            "Heeft u verder nog vragen?",
            "nog vragen?",
            "Is er nog iets waarmee ik u kan helpen?",
        ] {
            assert!(is_offer_of_help(t, Language::Nl), "{t}");
        }
        for t in [
            "is there anything else i can do for u?",
            "Can I help you with anything else?",
            "do u have any other questions?",
            "How can I help you today?",
        ] {
            assert!(is_offer_of_help(t, Language::En), "{t}");
        }
        for t in [
            "Kunt u mij vertellen wie er over de aanschaf beslist?",
            "Welke vragen krijgt u het vaakst van klanten?",
        ] {
            assert!(!is_offer_of_help(t, Language::Nl), "{t}");
        }
        for t in [
            "What questions do your customers ask most?",
            "Can you help me with the order number?",
        ] {
            assert!(!is_offer_of_help(t, Language::En), "{t}");
        }
    }

    #[test]
    fn english_small_talk_is_recognised_and_real_questions_are_not() {
        for t in [
            "how are you?",
            "Hi Mrs Byrne, how are you today?",
            "how r u",
            "hey, hows it going?",
            "How was your weekend?",
            "you ok?",
        ] {
            assert!(is_small_talk(t, Language::En), "{t}");
        }
        for t in [
            "How are you dealing with drinking water in the new office?",
            "How is the move going for your team?",
            "how are the bottles delivered now?",
            "How many people work there?",
            "Are you happy with your current supplier?",
        ] {
            assert!(!is_small_talk(t, Language::En), "{t}");
        }
    }
}
