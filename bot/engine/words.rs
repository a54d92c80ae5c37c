//! What the coach itself says around a dialogue's own texts (feedback labels,
//! scorecard and shift-report headings, the shift's own criteria), in the
//! dialogue's language. A student practising an English conversation must not
//! get "Goed"/"Let op"/"Scorekaart" around English feedback; the dialogue file
//! writes the rest. Briefings and notices about the session stay Dutch: they
//! are instructions to the student, not part of the conversation.

use crate::matching::Language;

/// The fixed words for one language; [`words`] gives the table.
#[derive(Debug)]
pub struct Words {
    pub language: Language,
    /// The student's turn in a written-out conversation ("Jij: ...").
    pub you: &'static str,
    /// Label of a hit in the feedback on a reply.
    pub good: &'static str,
    /// Label of an avoided behaviour the reply showed.
    pub watch_out: &'static str,
    /// Label of the first thing still missing.
    pub tip: &'static str,
    /// Scorecard heading, before the dialogue's title.
    pub scorecard: &'static str,
    /// The scorecard line after `/stop`.
    pub stopped: &'static str,
    pub not_assessed: &'static str,
    /// The engine's own warning for a rude, blaming or pushy reply.
    pub unprofessional: &'static str,
    /// The warning for a discount where the mandate allows none.
    pub no_discount: &'static str,
    /// The warning for a stated result that is not the step's amount.
    pub wrong_amount: &'static str,
    /// A dialogue criterion the conversation never reached.
    pub not_reached: &'static str,
    /// After the quote of praise that counted for a criterion not met.
    pub counted: &'static str,
    pub hints_used: &'static str,
    /// Before the list of topics the customer answered from its knowledge.
    pub answered: &'static str,

    /// Webcare report heading, before the scenario's title.
    pub report: &'static str,
    pub report_stopped: &'static str,
    /// The score line of a shift in which nothing was answered or passed on.
    pub report_nothing: &'static str,
    /// How the shift's score is weighed.
    pub report_weights: &'static str,
    /// A reply in time that was too thin to count as prompt and adequate.
    pub on_time_thin: &'static str,
    /// Shift parts in the score line: content, response time, escalation,
    /// triage, tone, privacy.
    pub parts: [&'static str; 6],
    pub per_message: &'static str,
    /// Heading of the Gedrag lines of a werkproces.
    pub gedrag: &'static str,
    pub missed: &'static str,
    pub urgency: &'static str,
    /// laag, midden, hoog.
    pub levels: [&'static str; 3],
    /// post, reactie, review (public), dm (private).
    pub channels: [&'static str; 4],
    pub response_time: &'static str,
    pub target: &'static str,
    pub on_time: &'static str,
    pub late: &'static str,
    pub not_answered: &'static str,
    pub escalated_right: &'static str,
    pub escalation_missing: &'static str,
    pub escalation_needless: &'static str,
    pub privacy_breach: &'static str,
    pub tone_register_u: &'static str,
    pub tone_register_je: &'static str,
    /// The shift's own criteria (label, tip): every channel answered,
    /// triage, guidelines, response time, calling in a colleague.
    pub shift_kanalen: (&'static str, &'static str),
    pub shift_impact: (&'static str, &'static str),
    pub shift_richtlijnen: (&'static str, &'static str),
    pub shift_vlot: (&'static str, &'static str),
    pub shift_inschakelen: (&'static str, &'static str),
}

/// The table for `language`.
pub fn words(language: Language) -> &'static Words {
    match language {
        Language::Nl => &NL,
        Language::En => &EN,
    }
}

impl Words {
    /// One clause saying how a criterion's status came about, e.g.
    /// " (2 van 4 punten; een verplicht onderdeel ontbrak)".
    pub fn basis(&self, b: super::Basis) -> String {
        let nl = self.language == Language::Nl;
        let mut why = vec![if nl {
            format!("{} van {} punten", b.shown, b.of)
        } else {
            format!("{} of {} points", b.shown, b.of)
        }];
        if b.required_missing {
            why.push(
                if nl {
                    "een verplicht onderdeel ontbrak"
                } else {
                    "a required part was missing"
                }
                .to_string(),
            );
        }
        if b.warned {
            why.push(
                if nl {
                    "je kreeg er een 'Let op' voor"
                } else {
                    "you got a 'Watch out' for it"
                }
                .to_string(),
            );
        }
        if !b.required_missing && !b.warned && b.of > 0 && 2 * b.shown < b.of {
            why.push(
                if nl {
                    "minder dan de helft"
                } else {
                    "less than half"
                }
                .to_string(),
            );
        }
        format!(" ({})", why.join("; "))
    }

    /// The warning for a discount above the mandate of `max` percent.
    pub fn above_mandate(&self, max: u32) -> String {
        match self.language {
            Language::Nl => {
                format!("Dat is meer korting dan je mag geven: je mandaat is maximaal {max}%.")
            }
            Language::En => {
                format!("That is more discount than you may give: your mandate is at most {max}%.")
            }
        }
    }

    /// How the score of a conversation came about, after "Score: n/100".
    pub fn score_basis(&self, points: i64, of: u64) -> String {
        if of == 0 {
            return String::new();
        }
        let points = points.max(0);
        match self.language {
            Language::Nl => format!(
                " ({points} van de {of} punten van het hele gesprek; een 'Let op' kost punten)"
            ),
            Language::En => format!(
                " ({points} of the {of} points of the whole conversation; a 'Watch out' costs points)"
            ),
        }
    }

    /// A higher-priority message answered after a lower one.
    pub fn triage_mistake(&self, first: u32, then: u32) -> String {
        match self.language {
            Language::Nl => {
                format!(
                    "#{first} had meer impact of haast en had vóór #{then} beantwoord moeten worden."
                )
            }
            Language::En => format!(
                "#{first} had more impact or urgency and should have been answered before #{then}."
            ),
        }
    }

    pub fn tone_signature(&self, marker: &str) -> String {
        match self.language {
            Language::Nl => format!("Toon: onderteken met {marker} en je naam."),
            Language::En => format!("Tone: sign with {marker} and your name."),
        }
    }

    /// Too many emoji; `none` when the house style allows none at all.
    pub fn tone_emoji(&self, none: bool, count: usize) -> String {
        match (self.language, none) {
            (Language::Nl, true) => {
                format!("Toon: geen emoji in reacties (jij gebruikte er {count}).")
            }
            (Language::Nl, false) => {
                format!("Toon: hoogstens één emoji per reactie (jij gebruikte er {count}).")
            }
            (Language::En, true) => format!("Tone: no emoji in replies (you used {count})."),
            (Language::En, false) => {
                format!("Tone: at most one emoji per reply (you used {count}).")
            }
        }
    }
}

static NL: Words = Words {
    language: Language::Nl,
    you: "Jij",
    good: "Goed",
    watch_out: "Let op",
    tip: "Tip",
    scorecard: "Scorekaart",
    stopped: "Je bent gestopt voor het einde; wat je daarna nog had kunnen laten zien, telt als niet getoond.",
    not_assessed: "niet beoordeeld",
    not_reached: "niet beoordeeld (kwam niet aan bod)",
    unprofessional: "Dit klinkt verwijtend of onvriendelijk. Blijf vriendelijk en zakelijk, ook als je het niet met de klant eens bent.",
    no_discount: "Je mag geen korting toezeggen. Zeg dat je het voorlegt aan je leidinggevende.",
    wrong_amount: "Deze uitkomst klopt niet. Reken het stap voor stap na voordat je het noemt.",
    counted: "telde mee",
    hints_used: "Hints gebruikt",
    answered: "De klant beantwoordde je eigen vragen over",
    report: "Verslag van je dienst",
    report_stopped: "Je bent voor het einde gestopt.",
    report_nothing: "Score: 0/100: je hebt geen enkel bericht beantwoord of doorgezet.",
    report_weights: "Zo telt het: inhoud 40%, reactietijd en escaleren elk 15%, triage, toon en privacy elk 10%.",
    on_time_thin: "op tijd, maar te mager om als vlot en adequaat te tellen",
    parts: [
        "inhoud",
        "reactietijd",
        "escaleren",
        "triage",
        "toon",
        "privacy",
    ],
    per_message: "Per bericht",
    gedrag: "Gedrag",
    missed: "Gemist",
    urgency: "urgentie",
    levels: ["laag", "midden", "hoog"],
    channels: [
        "openbare post",
        "openbare reactie",
        "openbare review",
        "privébericht",
    ],
    response_time: "Reactietijd",
    target: "streeftijd",
    on_time: "op tijd",
    late: "te laat",
    not_answered: "Niet beantwoord",
    escalated_right: "Escaleren: terecht een collega ingeschakeld.",
    escalation_missing: "Escaleren: dit had je moeten doorzetten naar een collega of leidinggevende.",
    escalation_needless: "Escaleren: niet nodig; dit mocht je zelf afhandelen.",
    privacy_breach: "Privacy: je vroeg in het openbaar om persoonsgegevens; vraag dat via een privébericht.",
    tone_register_u: "Toon: spreek klanten aan met u.",
    tone_register_je: "Toon: spreek klanten aan met je.",
    shift_kanalen: (
        "Volgt en beantwoordt alle kanalen",
        "Beantwoord elk bericht, ook de kleine: een onbeantwoorde vraag op een openbaar kanaal ziet iedereen.",
    ),
    shift_impact: (
        "Schat de impact in (triage)",
        "Lees eerst alle nieuwe berichten en begin met het bericht met de meeste impact: veiligheid, pers, veel bereik.",
    ),
    shift_richtlijnen: (
        "Volgt de richtlijnen (toon, ondertekening, privacy)",
        "Houd je aan de huisstijl (aanspreekvorm, ondertekening, emoji) en vraag nooit openbaar naar persoonsgegevens: verwijs naar een privébericht.",
    ),
    shift_vlot: (
        "Reageert op tijd",
        "Reageer binnen de streeftijd; een korte eerste reactie is beter dan lang wachten.",
    ),
    shift_inschakelen: (
        "Schakelt op tijd een collega in",
        "Schakel direct een collega of leidinggevende in als iets buiten je bevoegdheid valt, en alleen dan.",
    ),
};

static EN: Words = Words {
    language: Language::En,
    you: "You",
    good: "Good",
    watch_out: "Watch out",
    tip: "Tip",
    scorecard: "Scorecard",
    stopped: "You stopped before the end; what you could still have shown counts as not shown.",
    not_assessed: "not assessed",
    not_reached: "not assessed (did not come up)",
    unprofessional: "That sounds blaming or unfriendly. Stay friendly and businesslike, even when you disagree with the customer.",
    no_discount: "You may not promise a discount. Say that you will put it to your manager.",
    wrong_amount: "That result is not right. Work it out step by step before you say it.",
    counted: "counted",
    hints_used: "Hints used",
    answered: "The customer answered your own questions about",
    report: "Report of your shift",
    report_stopped: "You stopped before the end.",
    report_nothing: "Score: 0/100: you did not answer or pass on a single message.",
    report_weights: "How it counts: content 40%, response time and escalation 15% each, triage, tone and privacy 10% each.",
    on_time_thin: "on time, but too thin to count as prompt and adequate",
    parts: [
        "content",
        "response time",
        "escalation",
        "triage",
        "tone",
        "privacy",
    ],
    per_message: "Per message",
    gedrag: "Behaviour",
    missed: "Missed",
    urgency: "urgency",
    levels: ["low", "medium", "high"],
    channels: [
        "public post",
        "public comment",
        "public review",
        "private message",
    ],
    response_time: "Response time",
    target: "target",
    on_time: "on time",
    late: "late",
    not_answered: "Not answered",
    escalated_right: "Escalation: rightly called in a colleague.",
    escalation_missing: "Escalation: this should have gone to a colleague or your team leader.",
    escalation_needless: "Escalation: not needed; you could handle this yourself.",
    privacy_breach: "Privacy: you asked for personal details in public; ask for them in a private message.",
    // English has no formal and informal "you"; the matcher never finds a
    // wrong form in English, so these are a fallback only.
    tone_register_u: "Tone: address customers as the house style says.",
    tone_register_je: "Tone: address customers as the house style says.",
    shift_kanalen: (
        "Follows and answers every channel",
        "Answer every message, the small ones too: everyone can see an unanswered question on a public channel.",
    ),
    shift_impact: (
        "Judges the impact (triage)",
        "Read all new messages first and start with the one with the most impact: safety, press, a wide reach.",
    ),
    shift_richtlijnen: (
        "Follows the guidelines (tone, signature, privacy)",
        "Keep to the house style (signature, emoji) and never ask for personal details in public: move to a private message.",
    ),
    shift_vlot: (
        "Replies on time",
        "Reply within the target time; a short first reply is better than a long wait.",
    ),
    shift_inschakelen: (
        "Calls in a colleague in time",
        "Call in a colleague or your team leader at once when something is beyond your authority, and only then.",
    ),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_labels() {
        assert_eq!(words(Language::Nl).good, "Goed");
        assert_eq!(words(Language::En).good, "Good");
        assert_eq!(words(Language::En).watch_out, "Watch out");
        assert_eq!(
            words(Language::En).triage_mistake(2, 1),
            "#2 had more impact or urgency and should have been answered before #1."
        );
        assert_eq!(
            words(Language::Nl).triage_mistake(2, 1),
            "#2 had meer impact of haast en had vóór #1 beantwoord moeten worden."
        );
    }
}
