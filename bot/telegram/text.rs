//! What the bot says that is not an engine output: welcome, privacy notice,
//! help and the answers to everything unexpected. Dutch, short, friendly.

pub const WELCOME: &str = "Welkom bij de Gesprekscoach! 👋\n\n\
Hier oefen je klant- en verkoopgesprekken voor je opleiding Commercie. \
Ik speel de klant, jij typt wat je zou zeggen. Na elk antwoord krijg je korte \
feedback, aan het eind een scorekaart.\n\n\
Start een oefening met /oefen. Alle commando's: /help.";

pub const PRIVACY: &str = "🔒 Privacy\n\
Ik bewaar je Telegram-naam en -id, je klas, je antwoorden in de oefeningen, \
de feedback en je scores. Je docent ziet de scores en gesprekken van jouw klas; \
verder niemand. Met /mijngegevens krijg je alles wat over jou bewaard is als \
bestand, met /vergeetmij wis je alles.";

pub const HELP: &str = "Zo werkt de Gesprekscoach:\n\n\
/oefen – kies een oefening (of /oefen <id>)\n\
/webcare – oefen een webcaredienst (B1-K2-W3)\n\
/hint – een tip voor je volgende antwoord\n\
/stop – stop de oefening en zie je scorekaart\n\
/voortgang – je voortgang per werkproces\n\
/opdrachten – opdrachten van je docent\n\
/klas CODE – word lid van je klas\n\
/mijngegevens – alles wat over jou bewaard is\n\
/vergeetmij – wis al je gegevens\n\
/help – deze uitleg\n\n\
Tijdens een oefening typ je gewoon je antwoord aan de klant.\n\n\
Docent? Je commando's staan bij /docenthulp.";

pub const SOMETHING_WENT_WRONG: &str =
    "Sorry, er ging bij mij iets mis. Je oefening is bewaard; probeer het zo nog eens.";
pub const GROUPS: &str =
    "Ik werk alleen in een privégesprek. Stuur me een persoonlijk bericht om te oefenen.";
pub const UNSUPPORTED_MEDIA: &str = "Ik kan alleen tekst lezen: stickers, foto's, spraakberichten en bestanden begrijp ik niet. Typ je antwoord als gewone tekst.";
pub const EDITED: &str = "Een aangepast bericht kan ik niet meer beoordelen. Stuur je nieuwe antwoord als een nieuw bericht.";
pub const EMPTY_TEXT: &str = "Je bericht is leeg. Typ je antwoord aan de klant.";
pub const UNKNOWN_COMMAND: &str = "Dat commando ken ik niet. Kijk bij /help welke er zijn.";

pub const DASHBOARD_OFF: &str = "Het dashboard voor docenten staat op deze server niet aan. Vraag de beheerder om het aan te zetten (COACH_WEB_ADDR, zie de README).";

/// The `/dashboard` answer with its one-time link.
pub fn dashboard_link(url: &str) -> String {
    format!(
        "Je inloglink voor het dashboard (15 minuten geldig, één keer te gebruiken):\n{url}\n\nDeel deze link met niemand: wie hem opent, is ingelogd als jij."
    )
}
pub const NOT_PRACTISING: &str = "Je bent nu niet aan het oefenen. Kies een oefening met /oefen.";
pub const NO_DIALOGUES: &str = "Er zijn nog geen oefeningen beschikbaar. Vraag je docent ernaar.";
pub const CHOOSE_DIALOGUE: &str = "Kies een oefening:";
pub const KLAS_USAGE: &str =
    "Stuur /klas gevolgd door de klascode van je docent, bijvoorbeeld: /klas AB12CD";
pub const KLAS_TOO_MANY: &str = "Je hebt te vaak een verkeerde klascode geprobeerd. Wacht tien minuten en controleer de code bij je docent.";
pub const NO_CLASS_FOR_ASSIGNMENTS: &str = "Je zit nog niet in een klas, dus je hebt geen opdrachten. Word lid met /klas CODE (de code krijg je van je docent). Oefenen kan altijd met /oefen.";
pub const NO_ASSIGNMENTS: &str = "Je hebt nog geen opdrachten. Oefenen kan altijd met /oefen.";
pub const FORGET_CONFIRM: &str = "Weet je het zeker? Dit wist al je oefeningen, scores en je klaslidmaatschap. Dit kan niet ongedaan worden gemaakt.";
pub const FORGET_DONE: &str =
    "Al je gegevens zijn gewist. Wil je later weer oefenen? Stuur dan /start.";
pub const FORGET_CANCELLED: &str = "Oké, er is niets gewist.";
pub const FORGET_EXPIRED: &str =
    "Deze knop is verlopen. Stuur /vergeetmij opnieuw als je je gegevens wilt wissen.";
pub const OLD_BUTTON: &str =
    "Deze knop hoort bij een oud bericht en werkt niet meer. Kies opnieuw met /oefen.";
/// The answer to a button the bot cannot read at all (shown on the button).
pub const BUTTON_UNREADABLE: &str = "Deze knop werkt niet meer. Stuur /oefen om verder te gaan.";
pub const MY_DATA_CAPTION: &str = "Alles wat de Gesprekscoach over jou bewaard heeft.";
pub const NO_PROGRESS: &str = "Je hebt nog geen oefening afgerond. Start er een met /oefen.";

/// The longest reply the coach judges; Telegram allows 4096 characters.
pub const MAX_REPLY_CHARS: usize = 1000;

pub fn too_long(chars: usize) -> String {
    format!(
        "Je antwoord is te lang ({chars} tekens). Houd het kort, zoals in een echt gesprek: \
         maximaal {MAX_REPLY_CHARS} tekens. Je oefening loopt gewoon door; probeer het opnieuw."
    )
}

pub fn unknown_dialogue(id: &str) -> String {
    format!("De oefening '{id}' bestaat niet. Kies er een met /oefen.")
}

pub fn already_practising(title: &str) -> String {
    format!("Je bent nog bezig met '{title}'. Antwoord de klant, of stop eerst met /stop.")
}

pub fn joined(class: &str) -> String {
    format!("Je bent lid van klas {class}. Je docent ziet nu je scores en gesprekken.")
}

pub fn unknown_class(code: &str) -> String {
    format!(
        "De klascode '{code}' ken ik niet. Controleer de code bij je docent en probeer het opnieuw."
    )
}

pub fn in_class(class: &str) -> String {
    format!("Je zit in klas {class}.")
}
