//! The core behaviour catalogue as rules over the canonical token string, plus
//! the parts that need more than a pattern: question type, register and money.
//!
//! Patterns are `regex` byte patterns over [`Analysis::canon`] (tokens joined
//! by single spaces, punctuation as its own token) with three shorthands:
//! `~N` = a gap of up to N tokens that does not cross punctuation, `<S>` = the
//! start of a clause, `{NAME}` = a shared word class. Every pattern is matched
//! on whole tokens. Literal words of five or more letters form the vocabulary
//! that typos are corrected to.

use regex_automata::hybrid::dfa::Cache;

use super::anchored::Pattern;
use rust_stemmers::{Algorithm, Stemmer};

use super::text::{Analysis, Kind};

/// How a negation cue cancels a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Neg {
    /// The rule already states its polarity.
    Never,
    /// A cue within this many tokens before the hit, in the same clause, or inside it.
    Before(usize),
    /// A cue anywhere in the clause(s) of the hit.
    Clause,
    /// A cue within this many tokens before the hit, in the same clause (a
    /// cue inside the hit is part of what was asked for: "niet ons probleem").
    Preceding(usize),
}

pub(crate) struct Def {
    pub behaviour: &'static str,
    name: &'static str,
    neg: Neg,
    pattern: &'static str,
    /// Anchored at the start of the hit, up to the end of its clause: when it
    /// matches, the hit does not count (e.g. "vervelend om te bellen").
    veto: Option<&'static str>,
}

pub(crate) const fn d(
    behaviour: &'static str,
    name: &'static str,
    neg: Neg,
    pattern: &'static str,
) -> Def {
    Def {
        behaviour,
        name,
        neg,
        pattern,
        veto: None,
    }
}

pub(crate) const fn dv(
    behaviour: &'static str,
    name: &'static str,
    neg: Neg,
    pattern: &'static str,
    veto: &'static str,
) -> Def {
    Def {
        behaviour,
        name,
        neg,
        pattern,
        veto: Some(veto),
    }
}

const CLASSES: &[(&str, &str)] = &[
    (
        "ACT1",
        "regel|regelen|zoek|zoeken|stuur|sturen|verstuur|versturen|mail|mailen|kijk|kijken|check|checken|vergoed|vergoeden|los|lossen|zorg|zorgen|neem|nemen|pak|pakken|controleer|controleren|vervang|vervangen|stort|storten|ruil|ruilen|maak|maken|plan|plannen|boek|boeken|reserveer|reserveren|crediteer|crediteren|haal|halen|breng|brengen|lever|leveren|bezorg|bezorgen|repareer|repareren|kom|komen|bel|bellen|help|helpen|wijzig|wijzigen|pas|passen|zet|zetten|geef|geven|verleng|verlengen|stel|stellen|noteer|noteren|bestel|bestellen|plaats|plaatsen|verwerk|verwerken|duik|duiken",
    ),
    (
        "ACT",
        "regelen|oplossen|uitzoeken|zoeken|sturen|opsturen|versturen|toesturen|nasturen|mailen|terugbellen|bellen|vergoeden|terugbetalen|terugstorten|storten|vervangen|omruilen|ruilen|repareren|maken|aanpassen|wijzigen|controleren|nakijken|kijken|checken|navragen|nagaan|opnemen|plannen|inplannen|langskomen|langsbrengen|brengen|leveren|bezorgen|crediteren|compenseren|helpen|doorgeven|doorsturen|zorgen|afhandelen|oppakken|ophalen|retourneren|annuleren|reserveren|klaarzetten|klaarleggen|toezenden|verzenden|opmeten|monteren|installeren|vastleggen|noteren|aanvragen|verlengen|terugkoppelen|melden|laten weten|halen|komen|uit|na|op|mee|geven|afstellen|vervangen|langs|achteraan|erachteraan|mee aan de slag|werk van maken|erin duiken",
    ),
    ("YOU", "(?:u|je|jij|jou|jullie)"),
    ("WE", "(?:ik|we|wij)"),
    ("POSS", "(?:uw|je|jouw|jullie)"),
    (
        "COLL",
        "(?:\\w*collega\\w*|leidinggevende\\w*|manager|\\w+manager|teamleider|teamleiding|\\w*afdeling\\w*|specialist\\w*|supervisor|chef|baas|expert\\w*|technische dienst|klantenservice|monteur\\w*|binnendienst|buitendienst|directeur|directie|bedrijfsleider|filiaalmanager|afdelingshoofd|backoffice|servicedesk|helpdesk|technicus|verkoopleider|planner|planning|vakspecialist|adviseur|teamlead|meewerkend voorman|bedrijfsleiding|werkplaats|logistiek|finance|financien|administratie|boekhouding|inkoop|accountmanager)",
    ),
    (
        "COLLX",
        "(?:\\w*collega\\w*|leidinggevende\\w*|manager|\\w+manager|teamleider|teamleiding|specialist\\w*|supervisor|chef|baas|expert\\w*|binnendienst|buitendienst|directeur|directie|bedrijfsleider|afdelingshoofd|backoffice|verkoopleider|adviseur|teamlead|bedrijfsleiding|afdeling \\w+|klantenservice)",
    ),
    (
        "FILL",
        "(?:ja|jaa|jawel|nee|oke|nou|eh|ehm|euh|uh|uhm|hm|hmm|hallo|hoi|hey|hee|hi|hai|dag|yo|ha|he|ah|oh|zo|daar|goedemorgen|goedemiddag|goedenavond|goedendag|goeiemorgen|goeiemiddag|goeienavond|goeiedag|goede(?:n)? (?:morgen|middag|avond|dag)|goeie(?:n)? (?:morgen|middag|avond|dag)|_emoji_|,|!|\\.)",
    ),
    (
        "SUBJ",
        "(?:\\w*collega\\w*|\\w*monteur\\w*|technicus|bezorger\\w*|koerier|chauffeur|vervoerder|postbode|postnl|dhl|ups|\\w*pakket\\w*|\\w*bestelling|order|\\w*levering|zending|vervanging|\\w*onderde(?:el|len)|offerte|factuur|creditnota|terugbetaling|geld|bedrag|\\w*stoel\\w*|\\w*bureau\\w*|\\w*kast\\w*|\\w*tafel\\w*|\\w*machine\\w*|apparaat|product\\w*|artikel\\w*|spullen|goederen|alles|hij|ze|zij|die|dat|het|dit|en|{POSS} \\S+|nieuwe \\S+|{WE}|{YOU})",
    ),
    (
        "DAY",
        "(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|avond|morgen)?",
    ),
    (
        "MONTH",
        "(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)",
    ),
    (
        "NUMW",
        "(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|half \\w+|kwart (?:over|voor) \\w+)",
    ),
    // A habit or policy ("we leveren alleen op dinsdag", "waar mogelijk
    // leveren we op zaterdag"), not a promise for one moment.
    (
        "HABIT",
        "(?:(?:alleen|enkel|uitsluitend|ook|nooit) (?:op |in het |op de )?{DAY}\\b|(?:elke|iedere) {DAY}|waar (?:dat )?mogelijk|\\b(?:altijd|meestal|standaard|normaal|normaliter|gewoonlijk|doorgaans)\\b)",
    ),
    (
        "DATA",
        "(?:\\w*adres|adresgegevens|postcode|huisnummer|telefoonnummer|mobiele nummer|06 ?nummer|nummer|emailadres|mail ?adres|geboortedatum|geboortedag|ordernummer|bestelnummer|klantnummer|factuurnummer|pakketnummer|trackingnummer|zendingnummer|polisnummer|lidnummer|boekingsnummer|boekingscode|reserveringsnummer|reserveringscode|dossiernummer|contractnummer|abonnementsnummer|ticketnummer|referentienummer|iban|rekeningnummer|bankrekeningnummer|bsn|burgerservicenummer|gegevens|contactgegevens|persoonsgegevens|personalia|kenteken|track en trace ?code|track & trace)",
    ),
];

/// When: a concrete moment (not "binnenkort" or "zsm").
const TIME: &str = "(?:morgen\\w*|overmorgen|vandaag|vanmiddag|vanavond|vanochtend|vanmorgen|straks|zometeen|vannacht|(?:volgende|komende|deze|aanstaande|later deze) (?:week|maand|\\w*dag\\w*)|(?:eind|einde|begin) (?:van )?(?:de |deze |volgende )?(?:dag|week|middag|ochtend|maand|\\w*dag)|{DAY}|\\d{1,2} {MONTH}|\\d{1,2}[-/]\\d{1,2}(?:[-/]\\d{2,4})?|(?:op|voor|vanaf|tot|uiterlijk) (?:de )?\\d{1,2}(?:e|de|ste)|\\d{1,2}(?:e|de|ste) (?:van )?{MONTH}|(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\\w+tien|\\w*twintig|dertig|eenendertig|\\w+ste|\\w+de) {MONTH}|(?:om|rond|tegen) (?:half|kwart over|kwart voor) \\w+|(?:ma|di|wo|do|vr|za|zo) (?:\\d{1,2}[-/]\\d{1,2}\\S*|\\d{1,2}(?:[:.]\\d\\d)? uur|\\d{1,2}[:.]\\d\\d|\\d{1,2} {MONTH}|om \\d)|in de loop van (?:de |deze |het )?(?:dag|middag|ochtend|avond|week|\\w*dag|weekend)|\\d{1,2}(?:[:.]\\d\\d)? uur|\\d{1,2}[:.]\\d\\d|{NUMW} uur|om \\d{1,2}[:.]\\d\\d|(?:uiterlijk|voor|na|over) (?:\\d+|een|twee|drie|vier|vijf|tien|twintig|24|48|half) (?:werk)?(?:dagen|dag|uur|uurtje|weken|week|minuten|kwartier)|(?:binnen|over) (?:een |het |\\d |twee |drie )?(?:uurtje|kwartier(?:tje)?|half ?uur(?:tje)?|uur|minuten)|uiterlijk \\w+|(?:voor|na|in|tijdens|dit|volgend|komend) (?:het )?weekend|\\w*week \\d+|week \\d+)";

pub(crate) const fn dn(behaviour: &'static str, name: &'static str, pattern: &'static str) -> Def {
    d(behaviour, name, Neg::Never, pattern)
}

/// The catalogue. Names are short Dutch descriptions shown as the rule that fired.
const DEFS: &[Def] = &[
    // groet
    dv(
        "groet",
        "groetwoord",
        Neg::Never,
        "goedemorgen|goedemiddag|goedenavond|goedeavond|goedenmiddag|goedenmorgen|goedendag|goeiemorgen|goeiemiddag|goeienavond|goeiedag|goeie(?:n)? (?:morgen|middag|avond|dag)|goede(?:n)? (?:morgen|middag|avond)|hallo|hello|halo|hoi|hoihoi|hey|heey|hee|hi|hai|hoii|yo|heyy|hallootjes|hoiii|welkom|hiya|mogge|moggel|mogguh",
        "^goede(?:n)? (?:morgen|middag|avond|dag) gewenst || (?:een|nog) goede (?:morgen|middag|avond|dag)",
    ),
    dn(
        "groet",
        "dag/beste vooraan",
        "^(?:dag|beste|goeie|goede)\\b(?: \\S+)?|^(?:middag|avond|morgen) (?:!|,|\\.)",
    ),
    // stelt-zich-voor
    d(
        "stelt-zich-voor",
        "mijn naam is",
        Neg::Before(2),
        "mijn naam is|ik heet|mijn naam \\S+ \\S+ (?:is|van)",
    ),
    d(
        "stelt-zich-voor",
        "u spreekt met",
        Neg::Never,
        "{YOU} (?:spreekt|spreek) (?:nu )?met",
    ),
    dv(
        "stelt-zich-voor",
        "ik ben ... van",
        Neg::Before(1),
        "ik ben~3 (?:van|namens|bij|vanuit) \\S+|ik ben \\S+(?: \\S+)? (?:,|\\.|!|_emoji_|en|de \\w+|uw \\w+|je \\w+|stagiair\\w*|accountmanager|medewerker\\w*)|ik ben \\S+$",
        "^ik ben (?:blij|bang|bezig|benieuwd|het|er|niet|even|wel|nog|ook|zelf|graag|hier|bereikbaar|verantwoordelijk|aan|op|al|daar|dan|u|je|jullie|erg|heel|zo|bij|van|morgen|vandaag|straks|altijd|nooit|vrij|klaar|zeker|bereid|het|op|in|naar|met|te|een|geen|zeer|echt|helemaal|gewoon|toch|eigenlijk|misschien|ervan|bij|uw|ook|degene|gebeld)\\b",
    ),
    dv(
        "stelt-zich-voor",
        "met ... van",
        Neg::Never,
        "<S>(?:{FILL} )*met (?:\\S+ ){1,2}(?:van|namens|vanuit) \\S+",
        " || met (?:de|het|een|mijn|onze|uw|je|jullie|die|deze|vriendelijke|hartelijke|dank|plezier)",
    ),
    dv(
        "stelt-zich-voor",
        "met ... (naam)",
        Neg::Never,
        "^(?:{FILL} )*met \\S+(?: \\S+)?(?: (?:,|\\.|!)|$)",
        "^(?:{FILL} )*met (?:wie|wat|welke|vriendelijke|hartelijke|groet|plezier|genoegen|alle|dank|de|het|een|u|je|jou|mij|ons)\\b",
    ),
    d(
        "stelt-zich-voor",
        "bel namens",
        Neg::Never,
        "(?:ik|wij|we) (?:bel|bellen|werk|werken|mail|mailen|schrijf|reageer) (?:u |je )?(?:namens|bij|voor) \\S+",
    ),
    d(
        "stelt-zich-voor",
        "dit is ... van",
        Neg::Never,
        "<S>(?:hier is|dit is|hier spreekt) \\S+(?: \\S+)? (?:van|namens) \\S+",
    ),
    d(
        "stelt-zich-voor",
        "naam van ... hier",
        Neg::Never,
        "^(?:{FILL} )*\\S+(?: \\S+)? (?:van|namens|vanuit) \\S+(?: \\S+){0,2} hier\\b",
    ),
    // doorvragen
    dn(
        "doorvragen",
        "wat bedoelt u",
        "(?:wat|hoe) bedoel(?:t|d|de|den|en)? {YOU}|bedoel(?:t|d)? {YOU} (?:daarmee|hiermee|met)\\b",
    ),
    dn(
        "doorvragen",
        "in welke zin",
        "\\bin welke zin\\b|wat houdt (?:dat|dit|het) (?:precies |eigenlijk )?in\\b",
    ),
    dn(
        "doorvragen",
        "toelichten",
        "(?:kunt|kun|kan|wilt|wil|zou|zoudt|mag ik {YOU} vragen) {YOU}~5 (?:toelichten|toe lichten|uitleggen|uitleg|verduidelijken|specificeren|concreter maken|uitwerken|nader verklaren)",
    ),
    dn(
        "doorvragen",
        "meer vertellen",
        "(?:kunt|kun|kan|wilt|wil|zou) {YOU}~5 (?:meer|iets meer|wat meer|uitgebreider)~3 (?:vertellen|zeggen|uitleggen|over|info\\w*)|vertel (?:eens |me |mij |ons )*(?:meer|wat meer|iets meer)|(?:meer|iets meer) over (?:vertellen|zeggen)",
    ),
    dn(
        "doorvragen",
        "voorbeeld",
        "(?:een|paar) voorbeeld(?:en|je)? (?:\\w+ )?(?:geven|noemen|van)|voorbeeld van geven",
    ),
    dn(
        "doorvragen",
        "waarom belangrijk",
        "(?:waarom|hoezo) (?:is|zijn|vindt|vind)~6 (?:belangrijk|zo belangrijk|nodig|een probleem|lastig|van belang)|waarom (?:vindt|vind) {YOU} dat|wat (?:maakt|maken) (?:dat|dit|het) (?:zo )?(?:belangrijk|lastig)",
    ),
    dn(
        "doorvragen",
        "wat houdt dat in",
        "wat (?:houdt|betekent) (?:dat|dit|het) (?:precies |voor {YOU} )?(?:in)?|wat verstaat {YOU} onder|hoe (?:merkt|ziet|uit) {YOU}~2 dat|waar (?:merkt|ziet) {YOU} dat aan|hoe komt (?:dat|het) (?:zo|dan)?|hoe bedoel",
    ),
    dn(
        "doorvragen",
        "hoe vaak gebeurt dat",
        "<Q>(?:hoe vaak|hoe lang al|sinds wanneer|vanaf wanneer|hoelang al)\\b|<Q>hoe (?:vaak|lang|lang al) (?:\\S+ ){0,3}?(?:dat|dit|die|daar\\w*|dan)\\b|<Q>(?:(?:en )?wat (?:gebeurt|gebeurde|deed|deden|zei|zeiden) (?:er|{YOU}|hij|zij|ze|die|de \\S+|{POSS} \\S+)? ?(?:dan|daarna|toen|vervolgens|precies|als)\\b|hoe (?:ging|liep|verliep) (?:het|dat) (?:daarna|toen|verder)|(?:welk|welke|wat voor) (?:deel|onderdeel|gedeelte|stuk|punt|punten|onderdelen|aspect)\\b(?: \\S+){0,5}? (?:vindt|vind|vinden) {YOU}|wat (?:vindt|vind) {YOU} (?:precies |dan |nou )?(?:te|zo) (?:duur|hoog|veel|lastig|ingewikkeld))|<Q>(?:wat|hoe) (?:merkt|ziet|doet|ervaart|ervaren|merken|zien|doen) (?:{YOU}|jullie|uw \\S+|je \\S+) (?:daar\\w*|dan|er)\\b|<Q>wat is er (?:precies )?(?:gebeurd|misgegaan|mis|aan de hand)|<Q>(?:om|over) (?:welke|hoeveel|wat voor) (?:\\S+ ){0,2}?gaat (?:het|dat)|<Q>(?:wat|welke) (?:\\S+ ){0,3}?(?:zijn|waren|was|is) (?:dat|die|dit|daar\\w*) (?:precies|dan)",
    ),
    dn(
        "doorvragen",
        "precies",
        "(?:wat|welke|welk|hoe|waar|waarom|wanneer|hoeveel)(?: \\S+){0,4}? (?:dat|dit|die|daar\\w*|dan|weer)(?: \\S+){0,4}? precies|(?:wat|welke|welk|hoe|waar|waarom|wanneer|hoeveel)(?: \\S+){0,4}? precies (?:dan|dat|dit|daarmee|daarbij)|wat is er precies|<Q>(?:hoe|wat|wanneer|hoelang|hoeveel)(?: \\S+){0,10}? weer (?:werkt|werken|doet|draait|draaien|loopt|goed|in orde|gemaakt|gerepareerd)",
    ),
    dn(
        "doorvragen",
        "u zei",
        "{YOU} (?:zei|zegt|noemde|noemt|gaf (?:net |zojuist )?aan|had het (?:net )?over|vertelde|sprak over)\\b(?: \\S+){0,20}? (?:kunt|kun|wat|waarom|hoe|welke|welk|wanneer|hoeveel|waar|toelichten|uitleggen|\\?)",
    ),
    // samenvatten
    dn(
        "samenvatten",
        "als ik het goed begrijp",
        "als ik (?:{YOU} |het |dat |jullie )?(?:goed|juist|correct) (?:begrijp|hoor|versta|heb|zie|snap|heb begrepen|begrepen heb)|als ik het (?:goed )?samenvat|heb ik (?:het|dat|{YOU}) (?:zo )?(?:goed|juist) (?:begrepen|gehoord|verstaan)?|(?:begrijp|hoor|zie|snap|lees) ik (?:het |dat |dit |{YOU} )?(?:goed|juist|correct)\\b|zie ik dat goed|heb ik dat (?:zo )?goed|heb ik (?:het |dat |{YOU} )?(?:goed|juist) (?:begrepen|gehoord|verstaan|genoteerd)",
    ),
    dv(
        "samenvatten",
        "samengevat",
        Neg::Never,
        "samengevat|samenvattend|kort gezegd|om samen te vatten|even samenvatten|kortom|dus kort|op een (?:rij|rijtje)|(?:ik )?(?:vat|zet) (?:het |alles |dat |dit )?(?:nog )?(?:even |kort )?(?:samen|op een rij)|heb ik (?:nu )?alles(?: \\S+)? \\?|(?:mis|vergeet) ik (?:nog |dan )?(?:iets|wat)|heb ik (?:nog )?(?:iets|wat) (?:gemist|vergeten|over het hoofd gezien)|(?:even |nog even )?(?:herhalen|recapituleren|resumeren) (?::|,|wat)|<S>(?:oke |dus )?wat ik (?:tot nu toe |dus |nu )?(?:heb )?(?:gehoord|begrepen|genoteerd|opgeschreven|meeneem)(?: heb)? (?:is|:|,|dat)|ik heb (?:dus |nu )?(?:genoteerd|opgeschreven) dat|<S>(?:oke )?dus(?: even| nog even| kort)? :|klopt (?:dat |het )?alles \\?",
        "^(?:samengevat|samenvattend|kort gezegd|kortom)(?: ,| :)? (?:(?:bieden|leveren|verkopen|verhuren|maken|doen|hebben|zijn) (?:wij|we|ik)|(?:wij|we|ik) (?:bieden|leveren|verkopen|verhuren|maken|doen|hebben|zijn)|ons (?:bedrijf|aanbod|assortiment)|onze (?:producten|diensten|service))\\b",
    ),
    dv(
        "samenvatten",
        "dus u ...",
        Neg::Never,
        "(?:dus|oke dus|ok dus) (?:{YOU} (?:wilt|wil|willen|zoekt|zoek|zoeken|bedoelt|bedoel|bedoelen|heeft|hebt|hebben|vindt|vind|vinden|gebruikt|gebruiken|twijfelt|twijfelen|wenst|denkt|denken|verwacht|gaat|gaan|bent|zijn|zit|zitten|kiest|kiezen|komt|wacht|kunt|kan|kun|moet|moeten|vraagt)|het gaat|als ik)\\b|{YOU} (?:wilt|wil|willen|zoekt|zoek|zoeken|bedoelt|bedoel|bedoelen|heeft|hebt|hebben|vindt|vind|vinden|gaat|gaan|zit|zitten|wenst|gebruikt|gebruiken|twijfelt|denkt|denken|verwacht|verwachten|kiest|kiezen|wacht|wachten|bent|zijn|werkt|werken) (?:\\w+ )?dus|\\bdus het gaat om",
        "^(?:oke |ok )?dus {YOU} \\S+ (?:nooit|geen\\w*|altijd|minder|niet meer|nergens|gratis|zeker|direct|meteen|snel|sneller|zelf|gewoon|makkelijk|makkelijker|rustig|gerust)\\b[^?]*$",
    ),
    dv(
        "samenvatten",
        "dus ...?",
        Neg::Never,
        "(?:^|[.!?,] )(?:oke |ok |oh |ah )?dus (?:\\S+ ){1,12}\\?",
        "^(?:[.!?,] )?(?:oke |ok |oh |ah )?dus (?:(?:,|\\.|eh|ehm|euh|uh|uhm|nou|even) )*(?:wat|hoe|waarom|wanneer|waar|wie|welke|welk|hoeveel|hoelang)\\b",
    ),
    dn(
        "samenvatten",
        "u wilt ..., klopt dat?",
        "{YOU} (?:wilt|wil|willen|zoekt|zoeken|heeft|hebt|hebben|gebruikt|gebruiken|wenst|verwacht|bent|zijn|zit|zitten|werkt|werken|vindt|vinden|twijfelt|mist|missen|ergert|ergeren|wacht|wachten|hoopt|hopen)\\b(?: \\S+){1,14}? (?:,|\\.)? ?(?:klopt (?:dat|dit|het)|is dat (?:zo|juist|correct|goed)|correct|juist|begrijp ik dat goed|zie ik dat goed) \\?|{YOU} (?:wilt|wil|willen|zoekt|zoeken|heeft|hebt|hebben|gebruikt|gebruiken|wenst|bent|zijn|zit|zitten|werkt|werken|mist|missen|wacht|wachten) (?:\\S+ ){1,14}?, toch \\?",
    ),
    dn(
        "samenvatten",
        "klopt het dat",
        "klopt (?:het|dat|dit) dat|(?:klopt|begrijp ik) (?:het|dat) (?:goed )?dat {YOU}|(?:goed|juist) begrepen dat",
    ),
    dn(
        "samenvatten",
        "even checken",
        "even (?:checken|controleren|nagaan|kijken) (?:of ik|:|,)|(?:even )?checken of ik|ik (?:check|controleer) even of ik|{YOU} (?:geeft|gaf|gaven|geven) aan dat|ik hoor {YOU} zeggen|wat ik (?:hoor|begrijp) is",
    ),
    dn(
        "samenvatten",
        "noteer ik",
        "(?:ik noteer|noteer ik|ik schrijf (?:\\S+ ){1,10}?op|schrijf ik (?:\\S+ ){1,10}?op)\\b|even voor mezelf\\b|voor de zekerheid (?:even )?(?:op een rij|herhalen|samengevat)",
    ),
    dn(
        "samenvatten",
        "opsomming met check",
        "(?:\\S+ ){1,30}?, (?:\\S+ ){1,30}?(?:,|en) (?:\\S+ ){0,30}?(?:\\. |, )?(?:klopt (?:dat|dit|het)(?: zo)?|zo goed|is dat (?:zo )?(?:goed|juist|correct)(?: genoteerd| begrepen)?|heb ik dat (?:zo )?(?:goed|juist)(?: begrepen| genoteerd)?) \\?",
    ),
    // empathie
    dv(
        "empathie",
        "ik begrijp",
        Neg::Clause,
        "ik (?:begrijp|begreep|snap|snapte)(?: (?:het|uw|je|jouw|heel|goed|helemaal|best|zeker|wel|echt|volkomen|natuurlijk|u))*|(?:dat|het) (?:begrijp|snap) ik|(?:begrijp|snap) ik(?: (?:wel|goed|helemaal|heel goed|zeker))?|heel begrijpelijk|begrijpelijk|(?:helemaal|heel|zeer|goed) te begrijpen",
        "^ik (?:begrijp|begreep|snap|snapte) (?:van|uit|dus|het (?:goed|zo)|u goed|je goed|de vraag|uw vraag|je vraag|jouw vraag)|^(?:begrijp|snap) ik (?:het |dat |dit |{YOU} )?(?:goed|juist|correct)\\b",
    ),
    d(
        "empathie",
        "ik kan me voorstellen",
        Neg::Clause,
        "(?:ik )?(?:kan|kon) (?:me|mij)~3 voorstellen|kan ik (?:me|mij)~3 voorstellen|(?:voel|leef)~3 (?:met {YOU} )?mee|begrip voor|ik kan (?:me|mij) (?:goed )?inleven|(?:(?:dat|het|dit) zou (?:mij|me|ons)|(?:mij|me|ons) zou (?:dat|het|dit))(?: \\S+){0,2}? ook (?:\\S+ ){0,2}?(?:frustreren|irriteren|storen|ergeren|boos maken|dwarszitten)|(?:dat|het|dit) zou ik (?:\\S+ ){0,2}?(?:ook|zelf ook) (?:\\S+ ){0,2}?(?:vervelend|frustrerend|lastig|erg|irritant|ergerlijk|naar|rot|stom|balen|niet leuk|jammer) vinden|ik zou (?:er |daar )?(?:\\S+ ){0,2}?(?:ook|zelf ook) (?:\\S+ ){0,2}?(?:balen|boos|kwaad|gefrustreerd|geirriteerd|teleurgesteld) (?:zijn|worden)?",
    ),
    dv(
        "empathie",
        "vervelend",
        Neg::Before(2),
        "vervelend\\w*|frustrerend|ergerlijk|balen|baalt|baal|balend|wat naar|heel naar|erg naar|naar voor {YOU}|rot voor {YOU}|wat rot|wat een (?:gedoe|pech|ellende|gedoe|toestand|domper|gezeur voor {YOU})|(?:wat|heel|erg|echt|zo|ontzettend|dat is|super) (?:jammer|zonde|sneu|zuur|onhandig|lastig|pech)|jammer dat|zonde dat|lastig voor {YOU}|schrik\\w*|ellendig|wat vreselijk|vreselijk|niet (?:fijn|leuk|prettig|handig|goed te doen)|geen pretje|pech",
        "^(?:vervelend\\w* om~4 (?:te )?(?:bellen|storen|zeggen|melden|moeten|vragen|doen|werken)|pech gehad|vervelend\\w* (?:klant|mensen|gedoe van)|(?:balen|baal|vervelend\\w*|jammer|zonde|lastig|schrik\\w*) (?:dat|want|als|omdat) (?:ik|mijn|wij|we|onze)\\b|(?:balen|baal|vervelend\\w*) (?:voor|van) mij) || (?:zo|heel|erg) (?:lastig|vervelend|frustrerend)(?: \\S+){0,3} \\?",
    ),
    d(
        "empathie",
        "uw frustratie",
        Neg::Clause,
        "{POSS} (?:frustratie|ergernis|boosheid|teleurstelling|zorgen|irritatie|onvrede)|logisch dat {YOU}|terecht dat {YOU}|(?:het|dat) is (?:heel |helemaal )?(?:logisch|terecht)|{YOU} (?:heeft|hebt) (?:helemaal |volkomen )?gelijk",
    ),
    dn(
        "empathie",
        "niet niks",
        "(?:dat|het) is (?:ook |echt )?niet niks",
    ),
    // excuses
    dv(
        "excuses",
        "excuses",
        // Only a cue right before it cancels an apology ("geen sorry"): in
        // "weet ik nie meer sry" the negation is about the knowing.
        Neg::Before(1),
        "excuses|excuus|excuseer|excuseert|sorry|sorrie|pardon|verontschuldig\\w*|(?:het )?spijt (?:me|mij|ons)|het spijt|betreur(?:en|t)?",
        "^(?:excuus om|excuus (?:van|was)|(?:sorry|excuses|excuus) (?:had|heeft|hebben|hebt) (?:\\S+ )?(?:gezegd|aangeboden|gemaakt)|excuses (?:aangeboden|aanbieden) aan (?:de|het|een)|(?:het )?spijt (?:me|mij|ons) (?:niks|niets|niet)) || (?:zegt|zei|zeggen|bood|biedt|bieden|heeft|hebben|had) (?:\\S+ ){0,2}(?:sorry|excuses|excuus)|(?:{COLL}|hij|zij|ze) (?:heeft|had|hebben|hadden|bood|boden) (?:\\S+ ){0,4}?(?:sorry|excuses|excuus)",
    ),
    d(
        "excuses",
        "spijt me niet te kunnen",
        Neg::Never,
        "(?:het )?spijt (?:me|mij|ons) (?:{YOU} )?niet te \\w+",
    ),
    d(
        "excuses",
        "fout van ons",
        // Only a cue right before it: "niet onze fout" blames someone else,
        // "dat had niet mogen gebeuren" carries its own "niet".
        Neg::Preceding(2),
        "(?:dat|dit|het|zoiets) (?:had|hadden|mag|mocht) (?:echt |nooit |zeker |natuurlijk )?(?:niet|nooit) (?:mogen |moeten )?(?:gebeuren|gebeurd)|(?:onze|mijn) (?:fout|schuld|vergissing|excuses)|(?:fout|foutje|vergissing|schuld) (?:van|aan) (?:ons|mij|onze kant|mijn kant)|(?:dat|dit|het) (?:is|ligt) (?:echt |helemaal |volledig |toch |gewoon )?(?:aan ons|aan mij|aan onze kant|bij ons|onze fout|mijn fout)\\b|(?:is|ging|gaat) (?:\\S+ ){0,3}?(?:bij ons|aan onze kant) (?:mis|fout)|(?:wij|we|ik) (?:hebben|heb) (?:\\S+ ){0,3}?(?:een fout|steken laten vallen|een vergissing|het fout|dit fout|dat fout|fout gedaan|fout gemaakt)|niet zoals het hoort|(?:hoort|hoorde) (?:zo )?niet|niet (?:netjes|correct|in orde) van (?:ons|mij)|(?:wij|we|ik) (?:hadden|had) (?:\\S+ ){0,4}?(?:beter|eerder|anders) moeten",
    ),
    // bedanken
    dv(
        "bedanken",
        "bedankt",
        Neg::Before(2),
        "bedankt|bedank|dank (?:u|je|jullie)(?: wel| hartelijk)?|dank u|hartelijk dank|dank voor|dank daarvoor|veel dank|alvast dank|thanks|thank you|merci|dankuwel|dank",
        "^(?:bedankt voor (?:niks|niets)|dank voor (?:niks|niets)|bedankt is niet) || nou bedankt|(?:heb|heeft|hebben|hebt|had|hadden) (?:\\S+ ){0,5}bedankt",
    ),
    d(
        "bedanken",
        "fijn dat u",
        Neg::Clause,
        "(?:fijn|goed|top|leuk|prettig|mooi) dat {YOU}~4 (?:laat weten|laten weten|meldt|meld|melden|contact|belt|bellen|reageert|reageren|aangeeft|doorgeeft|geduld|wacht|wachten|tijd)|ik waardeer (?:het|uw|je)",
    ),
    // oplossing
    dv(
        "oplossing",
        "ik zal / ik ga",
        Neg::Clause,
        "{WE} (?:zal|zullen|ga|gaan|kan|kunnen|laat|laten)(?: {YOU}| het| dit| dat| ervoor| er| dan| direct| meteen| nu| zo| even| graag| natuurlijk| zeker| wel| morgen| vandaag)*~4 (?:{ACT})|ik zal\\b",
        "^\\S+ (?:zal|zullen|ga|gaan|kan|kunnen)(?: \\S+){0,5} (?:overleggen|bespreken|voorleggen|doorverbinden|vragen aan|verbinden)\\b|^\\S+ (?:kan|kunnen) (?:me|mij|ons) |^ik zal (?:eerlijk|kort|maar|het eerlijk|u eerlijk|je eerlijk)",
    ),
    dv(
        "oplossing",
        "ik regel het",
        Neg::Clause,
        "{WE} (?:{ACT1})\\b~6 (?:uit|terug|na|op|aan|mee|langs|klaar|over|voor {YOU}|voor jullie|regelen|direct|meteen|zsm|snel|zo snel mogelijk|nieuwe?|\\w*nieuw\\w*|vervanging|geld|bedrag|schade|kosten|orde|in orde|{TIME}|{YOU}(?: \\S+)? (?:een|de|het)|ervoor|ernaar|er naar|dat|het|dit|mee|hem|ze|binnenkort|later|spoedig|gauw|zodra)",
        "^\\S+ (?:kijk|kijken) (?:er )?naar uit|^\\S+ (?:neem|nemen) (?:aan|op) dat|^\\S+ (?:bel|bellen)(?: \\S+){0,2} (?:namens|omdat|over (?:de|het|uw|je|jouw|onze|die|dat|dit|jullie|iets)|vanwege|want|om te)|^\\S+ (?:geef|geven|leg|leggen|zet|zetten)(?: \\S+){0,3} (?:door aan|neer bij|voor aan|door naar)|^\\S+ (?:zet|zetten) (?:het |dat |dit |u |je )?(?:in de|in mijn|in onze) agenda|^\\S+ (?:kom|komen) (?:uit|van)|^\\S+ (?:help|helpen) (?:u|je) (?:graag )?verder$|^\\S+ (?:stuur|sturen|verstuur)~3 (?:dm|pb|pm|privebericht\\w*|whatsapp\\w*|appje|berichtje|dmtje|pbtje)|^\\S+ (?:lever|leveren|verkoop|verkopen|verhuur|verhuren|maak|maken|bezorg|bezorgen|repareer|repareren|plaats|plaatsen|help|helpen|regel|regelen)(?: \\S+){0,3}? (?:aan|voor|in|door) (?:scholen|bedrijven|klanten|kantoren|particulieren|ondernemers|instellingen|organisaties|winkels|hotels|restaurants|gemeenten|ziekenhuizen|werkgevers|de horeca|horeca\\w*|het mkb|mkb\\w*|zzp\\w*|\\w+bedrijven|\\w+scholen|heel nederland|het hele land|de regio)\\b|^\\S+ (?:lever|leveren|bezorg|bezorgen|verstuur|versturen|verzend|verzenden) (?:altijd |standaard |meestal |gewoon |ook |normaal )?(?:binnen|in) (?:\\d+|een|twee|drie|vier|vijf) (?:werk)?(?:dagen|dag|uur|weken|week)\\b || {HABIT}",
    ),
    dv(
        "oplossing",
        "dan kijken we",
        Neg::Clause,
        "(?:dan|en|morgen|vandaag|direct|meteen|straks|die|dat|dit|het|hem|ze|,|{TIME}) (?:{ACT1}) (?:ik|we|wij)\\b|(?:\\S*[^ .!?;:]|,) (?:zal|kan|ga|kunnen|zullen|gaan) (?:ik|we|wij)~4 (?:sturen|opsturen|versturen|regelen|oplossen|vervangen|vergoeden|terugstorten|ruilen|omruilen|repareren|langskomen|ophalen|brengen|leveren|bezorgen|terugbellen|uitzoeken|nakijken|controleren|crediteren|reserveren|inplannen|aanpassen)\\b",
        "^\\S+ (?:kom|komen) (?:ik|we|wij) (?:uit|op|tot|neer)\\b || {HABIT}",
    ),
    dv(
        "oplossing",
        "u ontvangt",
        Neg::Clause,
        "(?:{YOU} (?:ontvangt|ontvang|krijgt|krijg|hoort|hoor)|jullie (?:krijgen|ontvangen|horen)) (?:\\S+ ){0,4}?(?:van (?:ons|mij)|{TIME}|nieuwe?|\\w*nieuw\\w*|een|de|het|uw|je|binnen|zo snel mogelijk|terug|gratis|kosteloos|vergoed|bevestiging)|(?:ontvangt|krijgt|hoort) {YOU} (?:\\S+ ){0,3}?(?:van (?:ons|mij)|{TIME}|nieuwe?|terug)|(?:{YOU} (?:heeft|hebt)|[a-z]\\w* (?:heeft|hebt) {YOU}) (?:\\S+ ){0,4}?(?:in (?:de|uw|je|jouw) (?:mail|mailbox|inbox|brievenbus|bus)|(?:morgen\\w*|overmorgen|\\w+dag\\w*|volgende week|deze week) (?:\\S+ )?in huis|in huis (?:\\S+ )?(?:morgen\\w*|overmorgen|\\w+dag\\w*|volgende week|deze week))\\b",
        // Something already there ("u heeft de factuur al in de mail") is no action.
        " || (?:heeft|hebt) (?:\\S+ ){0,3}?(?:al|inmiddels)|gisteren|vorige \\w+|gekregen|ontvangen|gezien",
    ),
    dv(
        "oplossing",
        "wordt geregeld",
        Neg::Clause,
        "(?:wordt|worden|word)(?: \\S+){0,4} (?:vervangen|opgestuurd|verstuurd|teruggestort|vergoed|geregeld|opgelost|opgehaald|gerepareerd|bezorgd|nagestuurd|gecrediteerd|terugbetaald|geleverd|hersteld|omgeruild|ingepland|klaargezet|aangepast|gewijzigd|gecorrigeerd|doorgestuurd|uitgezocht|gebracht|gemonteerd|opgemeten|bekeken|nagekeken|afgehandeld)|(?:is|zijn) (?:nu |al |inmiddels )?(?:geregeld|opgelost|aangepast|gecorrigeerd|teruggestort|vergoed|gecrediteerd|aangemeld|ingepland|klaargezet)|{SUBJ} (?:\\S+ ){0,2}?(?:komt|komen) (?:\\S+ ){0,2}?{TIME}|{TIME} (?:komt|komen) (?:de |het )?{SUBJ}",
        " || {HABIT}",
    ),
    d(
        "oplossing",
        "de monteur komt",
        Neg::Clause,
        "(?:{COLL}|bezorger|koerier|chauffeur|vervoerder|zij|ze|hij)\\w* (?:\\S+ ){0,4}?(?:komt|komen|levert|leveren|bezorgt|bezorgen|brengt|brengen|haalt|halen|neemt|nemen|belt|bellen|regelt|regelen|kijkt|kijken)~4 (?:{TIME}|langs|klaar|bij {YOU}|contact|op|terug|uit|na|mee|{YOU})|(?:monteur|bezorger|koerier|chauffeur|collega|technicus)\\w* (?:is|zijn) (?:al |nu )?onderweg|(?:staat|staan|ligt|liggen) {TIME}~3 klaar|{TIME}~3 (?:staat|staan|is|zijn|komt|komen) (?:de |onze |een )?(?:{COLL}|bezorger|koerier|chauffeur)|(?:{COLL}|bezorger|koerier|chauffeur)\\w* (?:is|zijn) (?:er|bij {YOU}|langs) (?:\\S+ ){0,2}?{TIME}|(?:{COLL}|bezorger|koerier|chauffeur)\\w* (?:is|zijn) {TIME}~3 (?:bij {YOU}|er|langs)\\b|uiterlijk (?:\\S+ ){1,5}?(?:geleverd|bezorgd|opgestuurd|verstuurd|gerepareerd|vervangen|opgehaald|teruggestort|vergoed|gemonteerd)\\b|(?:staat|staan|ligt|liggen) (?:\\S+ ){0,2}?(?:voor {YOU}) klaar",
    ),
    dv(
        "oplossing",
        "laat me kijken",
        Neg::Clause,
        "(?:en|dan) (?:{ACT1}) (?:{YOU}|het|dit|dat|ze|hem)~6 (?:terug|uit|na|op|langs|klaar|toe)\\b|en (?:bel|mail|app|stuur|breng|lever|bezorg|kom) (?:{YOU}|het|ze|hem|dat|dit) (?:\\S+ )?(?:morgen\\w*|overmorgen|vanmiddag|vanavond|\\w+dag\\w*|volgende week|deze week)\\b|{WE} (?:doe|doen) (?:het|dat|dit) (?:\\S+ )?(?:meteen|direct|nu|gelijk|vandaag|morgen|zsm|voor {YOU}|graag)\\b|(?:dat|het|dit) (?:doe|doen) (?:ik|we|wij) (?:\\S+ )?(?:meteen|direct|nu|gelijk|vandaag|morgen|zsm|voor {YOU}|graag)\\b|{WE} (?:kom|komen)~4 (?:omruilen|ophalen|brengen|repareren|monteren|installeren|opmeten|vervangen|bekijken|afstellen|plaatsen|leveren|langsbrengen|herstellen)|laat (?:me|mij|ons)~2 (?:kijken|checken|uitzoeken|nakijken|navragen|regelen|weten)|ik (?:heb|hebben) (?:een|de) oplossing|(?:hier is|dit is) (?:een|de) oplossing|we (?:bieden|geven) {YOU}~3 (?:aan|korting|vergoeding|tegoed)|ik (?:zorg|zorgen) (?:ervoor|dat)|ik help {YOU}~2 (?:graag|verder|hiermee|daarmee|mee)",
        "^(?:en|dan) (?:kom|komt|komen) (?:\\S+ ){1,3}?(?:op|uit op) (?:\\S+ )?(?:_bedrag_|\\d\\S*|een (?:bedrag|totaal|prijs)|het bedrag|totaal)",
    ),
    dv(
        "oplossing",
        "dat ik het regel",
        Neg::Clause,
        // A subordinate clause puts the verb last: "ik beloof dat ik u
        // morgen terugbel", "ik zorg dat we het vandaag oplossen".
        "(?:dat|zodat) (?:ik|we|wij) (?:\\S+ ){1,6}?(?:terugbel|terugbellen|opstuur|opsturen|nastuur|nasturen|toestuur|toesturen|uitzoek|uitzoeken|regel|regelen|oplos|oplossen|vervang|vervangen|vergoed|vergoeden|terugstort|terugstorten|omruil|omruilen|repareer|repareren|langskom|langskomen|nakijk|nakijken|navraag|navragen|stuur|sturen|mail|mailen)\\b",
        // "wil je dat ik je terugbel?" asks whether to do it: a proposal.
        // (The question starts a clause earlier, so the veto looks ahead to
        // the question mark.)
        "^(?:zo)?dat (?:ik|we|wij) [^?.!]*\\?",
    ),
    dv(
        "oplossing",
        "wij halen",
        Neg::Clause,
        "(?:wij|we) (?:halen|nemen|vergoeden|betalen|sturen|leveren|bezorgen|vervangen|repareren|regelen|zorgen|lossen|storten|crediteren|ruilen|verlengen|passen)(?: \\S+){0,2} (?:de|het|uw|je|die|dat|dit|hem|ze|nieuwe?|een nieuwe)\\b",
        " || {HABIT}",
    ),
    // naar-prive-kanaal
    d(
        "naar-prive-kanaal",
        "dm / pb",
        Neg::Before(2),
        "(?:ik|we|wij) (?:app|whatsapp|dm|pb|sms)\\w* (?:je|u|jou|jullie)|dm|dm'?etje|dmtje|pb|pbtje|pm|privebericht\\w*|prive bericht\\w*|prive|privechat|direct message|direct bericht|persoonlijk bericht|inbox|whatsapp\\w*|appje",
    ),
    d(
        "naar-prive-kanaal",
        "mail of bel ons",
        Neg::Before(2),
        "(?:mail|mailen|mailt|email|bel|bellen|belt|app|appen|whatsapp|contact)\\w* (?:ons|met ons|naar ons|onze klantenservice|de klantenservice|naar de klantenservice)|(?:mail|mailtje|email|bericht)\\w* (?:naar|aan) (?:_email_|ons|onze|de klantenservice)|(?:bel|mail|mailen|bellen|app) (?:\\S+ ){0,3}?(?:op|naar) (?:_email_|\\d\\S*)|via (?:de |onze |het )?(?:chat|livechat|telefoon|whatsapp|dm|app|telefonisch)|(?:telefonisch|per telefoon)|(?:bereiken|bereikbaar) (?:\\S+ ){0,4}?(?:via|op)|op _email_|_email_|neem (?:\\S+ )?contact met ons op|(?:ons|mij|me) (?:even |ff )?(?:appen|mailen|bellen|whatsappen|dmen|dm'en|sms'en)|(?:bel|app|whatsapp|sms) (?:ons |me |mij )?(?:even |ff )?(?:op )?0\\d+|stuur (?:ons |me |mij )?(?:\\S+ )?(?:een )?(?:mail|mailtje|email|berichtje|bericht)",
    ),
    dv(
        "naar-prive-kanaal",
        "per mail",
        Neg::Before(2),
        "via (?:de |onze |het )?(?:mail|email)|per (?:mail|email)",
        // Mail as the route of something we send ("u ontvangt de code per
        // mail", "ik stuur de factuur per mail") does not move the talk.
        " || {YOU} (?:ontvangt|ontvang|krijgt|krijg)\\b|(?:ontvangt|krijgt) {YOU}\\b|jullie (?:ontvangen|krijgen)\\b|(?:ik|we|wij) (?:stuur|sturen|verstuur|versturen|bevestig|bevestigen)\\b|(?:stuur|sturen|verstuur|versturen|bevestig|bevestigen) (?:ik|we|wij)\\b|(?:wordt|worden|word|is|zijn) (?:\\S+ ){0,5}?(?:verstuurd|gestuurd|toegestuurd|opgestuurd|nagestuurd|bevestigd|gemaild)\\b",
    ),
    // escaleren
    dv(
        "escaleren",
        "collega inschakelen",
        Neg::Clause,
        "(?:overleg|overleggen|bespreek|bespreken|voorleggen|schakel|schakelen|inschakelen|verbind|verbinden|doorverbinden|doorzetten|doorsturen|doorgestuurd|doorgeven|vraag|vragen|navragen|check|checken|haal|halen|erbij halen|roep|roepen|verwijs|verwijzen|overdragen|draag)\\b~6 {COLL}|{COLLX}~6 (?:belt|bellen|neemt|nemen|helpt|helpen|kijkt|kijken|pakt|pakken|zoekt|zoeken|regelt|regelen|beoordeelt|beoordelen|mailt|mailen|contact|bij halen|erbij|bespreken|overleggen|voorleggen|inschakelen|erbij halen|laten kijken|laten bellen)\\b",
        " || (?:uw|je|jouw|jullie) (?:eigen {COLL}|\\w*collega\\w*|leidinggevende\\w*|manager|teamleider|teamleiding|supervisor|chef|baas|directeur|directie|bedrijfsleider|bedrijfsleiding|afdelingshoofd|boekhouding|administratie|inkoop|finance|financien)\\b",
    ),
    dv(
        "escaleren",
        "doorverbinden",
        Neg::Clause,
        "verbind\\w*~2 door|doorverbind\\w*|leg\\w*~5 neer bij|neerleggen bij|(?:geef|geven)\\w*~4 door aan (?:mijn|onze|de|een|het)|ruggespraak|zet\\w*~2 door naar|leg\\w*~5 voor aan|voorleggen aan|voor te leggen aan|stuur\\w*~4 door naar (?:de|een|mijn|onze|het)",
        " || (?:uw|je|jouw|jullie) (?:eigen {COLL}|\\w*collega\\w*|leidinggevende\\w*|manager|teamleider|teamleiding|supervisor|chef|baas|directeur|directie|bedrijfsleider|bedrijfsleiding|afdelingshoofd|boekhouding|administratie|inkoop|finance|financien)\\b",
    ),
    d(
        "escaleren",
        "laten goedkeuren",
        Neg::Clause,
        "laten (?:goedkeuren|accorderen|fiatteren|tekenen door)|laat (?:ik )?(?:\\S+ ){0,4}?(?:goedkeuren|accorderen|fiatteren)|(?:vraag|vragen|haal|halen) (?:ik |we )?(?:\\S+ ){0,3}?(?:toestemming|goedkeuring|fiat)\\b|(?:om|voor) (?:toestemming|goedkeuring|het fiat)\\b",
    ),
    dv(
        "escaleren",
        "overleg met iemand anders",
        Neg::Clause,
        "(?:ik|we|wij) (?:overleg|bespreek|check|leg)\\w*~3 (?:met|bij|voor aan) (?:[a-ik-tv-z]\\w{2,})|(?:moet|wil|ga|zal|moeten|willen|gaan|zullen) (?:ik|we|wij)~3 {COLL}~4 (?:spreken|raadplegen|vragen|bellen|mailen|over spreken|naar vragen)",
        " || (?:uw|je|jouw|jullie) (?:eigen {COLL}|\\w*collega\\w*|leidinggevende\\w*|manager|teamleider|teamleiding|supervisor|chef|baas|directeur|directie|bedrijfsleider|bedrijfsleiding|afdelingshoofd|boekhouding|administratie|inkoop|finance|financien)\\b",
    ),
    // vervolgafspraak
    dv(
        "vervolgafspraak",
        "moment en actie",
        Neg::Clause,
        "(?:bel|bellen|belt|stuur|sturen|stuurt|mail|mailen|mailt|ontvangt|ontvang|krijgt|krijg|hoort|hoor|afspreken|afspraak|langskomen|langs|plannen|inplannen|ingepland|terugkoppelen|laat weten|laten weten|spreken|spreek|zie|zien|leveren|lever|geleverd|bezorgd|bezorgen|contact|terug|terugbellen|terugbel|terugkomen|opmeten|klaar|versturen|verstuur|verstuurd|opgestuurd|monteren|ophalen|opgehaald|past|schikt|uitkomen|sturen|brengen|breng|bevestig\\w*|gesprek|demo\\w*|presentatie|kennismaking\\w*|overleg|afgesproken)\\b~8 {TIME}|(?:kunnen|zullen|gaan) (?:we|wij)~6 {TIME}~4 (?:samen )?(?:bekijken|doornemen|doorlopen|bespreken|kijken|afspreken|evalueren)|{TIME}~8 (?:bel|bellen|belt|stuur|sturen|stuurt|mail|mailen|ontvangt|krijgt|hoort|afspreken|afspraak|langs|langskomen|plannen|inplannen|terug|terugbellen|terugbel|terugkomen|spreken|zie|zien|leveren|geleverd|bezorgd|bezorgen|contact|opmeten|klaar|versturen|verstuurd|past|schikt|uitkomen|monteren|ophalen|brengen|geregeld|regelen|deur uit|op de post|verzonden|teruggestort|vergoed|terugbetaald|gecrediteerd|opgestuurd|gebracht|bij {YOU}|bij jullie)\\b|(?:is|ben|zijn|bent) (?:er|bij {YOU}|langs)~2 {TIME}|(?:agenda|afspraak|genoteerd|noteer)(?: :)?~8 {TIME}|tot {DAY}(?: om)? \\d{1,2}(?:[:.]\\d\\d)?(?: uur)?|{SUBJ} (?:\\S+ ){0,2}?(?:kom|komt|komen)\\b~8 {TIME}|{TIME}~3 (?:kom|komt|komen) (?:de |het )?{SUBJ}",
        " || (?:vorige|afgelopen|gisteren|eergisteren|vorig|al eerder)|(?:leuke|mooie|je|jouw|uw|jullie|nog) plannen|(?:fijn|fijne|leuk|leuke|lekker|prettig|goed|mooi) weekend|(?:vervelend|irritant|lastig|vreselijk|stom|naar|eng) om|binnen (?:2[4-9]|[3-9]\\d|\\d{3,}) uur|{HABIT}",
    ),
    d(
        "vervolgafspraak",
        "twee momenten",
        Neg::Clause,
        "(?:kan|kunnen|past|passen|schikt|beschikbaar|langskomen|langs|komen|kom)\\b~6 {TIME}(?: \\S+){0,5}? of (?:\\S+ ){0,2}?{TIME}",
    ),
    d(
        "vervolgafspraak",
        "voorstel met moment",
        Neg::Clause,
        "<Q>(?:zullen|zal) (?:we|wij|ik)~8 (?:{DAY}|\\d{1,2} {MONTH}|\\d{1,2}(?:[:.]\\d\\d)? uur|om \\d{1,2}(?:[:.]\\d\\d)?|(?:volgende|komende|aanstaande) (?:week|\\w*dag))|laat (?:\\S+ ){0,2}?{YOU} {TIME}~2 weten",
    ),
    // afsluitvraag
    dv(
        "afsluitvraag",
        "zullen we afspreken",
        Neg::Never,
        "<Q>(?:zullen|zal|kunnen|kan) (?:we|wij|ik)~7 (?:afspreken|vastleggen|bestellen|plaatsen|afronden|noteren|vastzetten|tekenen|ondertekenen|definitief maken|doorzetten|doorvoeren|sluiten|rond maken|bevestigen|boeken|reserveren|laten ingaan|ingaan|in laten gaan)|<Q>zal ik (?:hem|het|ze|die|deze)(?: \\S+){0,2}? (?:voor {YOU} )?(?:inplannen|laten leveren|laten installeren|in orde maken)|<Q>(?:zullen|zal|kunnen) (?:we|wij|ik)~3 (?:de |het )?(?:order|bestelling|opdracht|deal|contract|overeenkomst)|(?:zullen|zal|kunnen|kan|gaan) (?:we|wij|ik) (?:het|dat|dit) (?:(?:dan|maar|gewoon) ){0,2}zo (?:doen|afspreken|houden)|(?:het|dat|dit) (?:(?:dan|maar|gewoon) ){0,2}zo (?:doen|afspreken|houden) \\?|<Q>doen we (?:het|dat|dit) (?:dan |maar )?zo|wat let (?:u|je|jullie)|wat houdt (?:u|je|jullie) (?:nog )?tegen",
        // "zullen we dinsdag om 10 uur afspreken?" proposes a moment (the
        // catalogue's own `vervolgafspraak` example), it asks for no decision.
        "^(?:zullen|zal|kunnen|kan) (?:we|wij|ik) (?:\\S+ ){0,6}?(?:{DAY}|morgen\\w*|overmorgen|(?:volgende|komende) week|\\d{1,2}(?:[:.]\\d\\d)? uur|om \\d\\S*|\\d{1,2} {MONTH}) (?:\\S+ ){0,3}?afspreken\\b",
    ),
    dn(
        "afsluitvraag",
        "akkoord",
        "(?:gaat|ga|gaan|bent|ben|zijn) {YOU}~3 akkoord|akkoord (?:zo |dan |hiermee |daarmee )?\\?|is dat akkoord|deal (?:dan )?\\?|deal$|deal _emoji_|<Q>deal (?:\\S+ ){1,5}?\\?|hebben we een deal|zijn we eruit|zijn we het eens",
    ),
    dn(
        "afsluitvraag",
        "mag ik de bestelling plaatsen",
        "<Q>(?:mag|kan|zal|mogen|kunnen|zullen) (?:ik|we|wij)~5 (?:bestelling|order|opdracht|offerte|deal)\\w*~8 (?:plaatsen|noteren|vastleggen|doorzetten|doorvoeren|bevestigen|definitief maken|maken|inplannen|afronden|aannemen|verwerken)|<Q>(?:mag|kan) ik {YOU}~2 (?:noteren|inschrijven|opschrijven|inplannen|boeken)",
    ),
    dn(
        "afsluitvraag",
        "wilt u bestellen",
        "<Q>(?:wilt|wil|zou|gaat) {YOU}~5 (?:bestellen|kopen|afnemen|aanschaffen|tekenen|ondertekenen|bevestigen|laten ingaan|ingaan|accepteren|aannemen|definitief maken|doorzetten|huren|leasen|vastleggen|reserveren|boeken)|<Q>(?:kiest|kies) {YOU} (?:voor )?(?:de|het|deze|dit)|<Q>(?:wilt|wil) {YOU} (?:die|deze|dat|het) (?:dan )?(?:hebben|nemen)",
    ),
    // bijverkoop
    dv(
        "bijverkoop",
        "wilt u er ook ... bij",
        Neg::Before(2),
        "(?:wilt|wil|zou|zal|mag|kan|heeft|hebt|heb) (?:{YOU}|ik)~4 (?:ook|nog|erbij|er ook|er nog|meteen|extra)~4 (?:bij|erbij|bestellen|nemen|hebben|aanschaffen|toevoegen|zetten|proberen)|(?:wilt|wil) {YOU} er~3 bij|(?:heeft|hebt|heb) {YOU} (?:\\S+ )?ook (?:\\S+ ){1,4}?nodig\\b|(?:kan|mag) ik {YOU} (?:ook |nog )?(?:\\S+ )?interesseren (?:voor|in)|er (?:\\S+ ){0,4}(?:bij|erbij) (?:bestellen|nemen|kopen|doen|zetten|hebben)|(?:nemen|kopen|bestellen|kiezen|neemt|koopt) (?:er )?(?:ook|vaak|meteen|graag) (?:\\S+ ){0,3}?(?:bij|erbij)\\b",
        " || (?:gekregen|ontvangen|gehad|gezien|gevonden)",
    ),
    dv(
        "bijverkoop",
        "daarnaast hebben we",
        Neg::Before(2),
        "(?:hoort|horen|past|passen) (?:er )?(?:ook|nog|perfect|mooi|goed) (?:een|de|het|onze|ons)|daarnaast (?:hebben|heb|bieden|kunnen|kan|verkopen|is er|leveren|verhuren|adviseer|raad)|(?:kunt|kun|kan) {YOU}~4 in combinatie met|in combinatie met (?:een|de|het|onze|ons|dit|deze|uw|je|jouw)~3 (?:krijgt|heeft|hebt|kunt|kun|bent|is|zit)|(?:past|passen)~3 (?:goed |mooi |perfect |prima |uitstekend )?bij|bijpassende?|aanvull\\w*|als aanvulling|als extra|extra optie|(?:ook|nog) (?:interessant|handig|iets) (?:voor {YOU}|:)|ook interessant|(?:we|wij) (?:hebben|bieden|verhuren|verkopen|leveren) (?:\\S+ )?ook|verhuren we ook|verkopen we ook|hebben we ook|(?:raad|adviseer)~4 ook~3 aan|(?:raad|adviseer) (?:\\S+ ){0,3}(?:erbij|daarbij|ook)|(?:heeft|hebt|heb) {YOU} (?:ook |al |misschien )?(?:interesse|behoefte) in|al aan (?:een |de )?\\S+ gedacht|(?:_bedrag_|\\d+|paar euro|tientje|vijfje) (?:extra|meer)|upgrade\\w*|upgraden|uitbreiden met|extra (?:krijgt|heeft|ontvangt) {YOU}|\\w+ erbij (?:voor|nemen|bestellen)|meteen ook|(?:wilt|wil) {YOU} (?:\\S+ ){0,3}?(?:verlengde garantie|extra garantie|garantieverlenging|onderhoudscontract|servicecontract|\\w+verzekering)",
        "^nog iets (?:voor|aan) {YOU} (?:doen|betekenen|regelen|zijn|helpen)|^nog iets voor {YOU} \\?",
    ),
    // voordeel-benoemen
    dv(
        "voordeel-benoemen",
        "het voordeel voor u",
        Neg::Before(1),
        "(?:het|groot|grote|een|ander|extra|belangrijk\\w*) voordeel\\w*|voordeel (?:voor {YOU}|is|:)|dat betekent voor {YOU}|(?:dat|dit) betekent voor [a-z]\\w+ dat|(?:dat|dit) betekent (?:voor {YOU} )?dat (?:{YOU}|{POSS})|(?:dat|dit|het) (?:levert|geeft) {YOU}~3 (?:op|voordeel)|(?:daardoor|hierdoor|waardoor|dankzij|zodat|door (?:de|het|deze|dit|onze|ons|een))~5 (?:{YOU}|{POSS})\\b|bespaart? {YOU}|{YOU} bespaart|besparing|dan (?:hoeft|heeft|hebt|heb|ben|bent|zit) {YOU} (?:geen|nooit|minder|niet meer|maar)|{YOU} (?:heeft|hebt|zit|bent|krijgt|houdt) (?:\\S+ ){0,3}?(?:minder|geen|nooit|meer) (?:last|klachten|zorgen|kosten|gedoe|rugklachten|onderhoud|overlast|ruimte|opbergruimte|tijd|werk|geld|garantie|langer|investering)|(?:minder|geen) (?:rugklachten|last van|uitval|ziekteverzuim|verzuim|zorgen)|zorgt (?:ervoor|er voor) dat {YOU}|(?:is|zijn) (?:wel zo|heel|erg|extra|super) (?:makkelijk|handig|prettig|voordelig|comfortabel)|met (?:de|het|een|deze|dit|onze)~4 (?:heeft|hebt|zit|bent|kunt|kun|weet|hoeft) {YOU}",
        " || (?:wat|welk|welke|hoe) (?:\\S+ ){0,6}voordeel|voordeel (?:\\S+ )?voor (?:ons|mij)|in combinatie met (?:\\S+ ){1,4}?(?:kunt|kun|kan) {YOU} (?:\\S+ ){1,4}?(?:nemen|afsluiten|bestellen|kiezen|toevoegen|erbij)\\b|zodat (?:{YOU}|jullie) (?:het|dat) (?:even )?weet|(?:wilt|wil|zoekt|zoek|wenst) (?:{YOU} )?dus|kort gezegd|samengevat|^dus (?:vooral|eigenlijk|graag|liefst)",
    ),
    dv(
        "voordeel-benoemen",
        "dus u weet waar u aan toe bent",
        Neg::Preceding(2),
        "(?:dus|zodat|waardoor|en) (?:{YOU}|{POSS} \\S+)(?: \\S+){0,3}? (?:weet|weten|hoeft|hoeven|bespaart|besparen|profiteert|profiteren|geniet|genieten|loopt geen|lopen geen|zit nooit|zitten nooit|(?:heeft|hebt|hebben|houdt|houden) (?:\\S+ )?(?:geen|nooit|minder|meer (?:tijd|ruimte|comfort|zekerheid)|altijd|er geen)|(?:bent|ben|zijn) (?:altijd|verzekerd|zeker|direct|meteen|sneller|goedkoper|voordeliger|klaar|verlost|beter)|(?:kunt|kun|kan|kunnen) (?:\\S+ )?(?:direct|meteen|altijd|zelf|snel|sneller|makkelijker|gewoon|gelijk|zonder|rustig|gerust|langer|beter|flexibel|zorgeloos)|(?:krijgt|krijgen) (?:meer|altijd|direct|gratis|korting|garantie)|(?:betaalt|betaal|betalen) (?:\\S+ )?(?:geen|minder|niks|niets|nooit|lagere))|(?:dus|dan|daardoor|daarmee|hierdoor|zo|,) (?:betaalt|betaal|betalen|weet|weten|hoeft|hoef|hoeven|bespaart|besparen|profiteert|profiteren|geniet|genieten|loopt|lopen|zit|zitten|staat|staan|heeft|hebt|hebben|houdt|houden|bent|zijn|kunt|kun|kunnen|krijgt|krijgen|blijft|blijven|gaat|gaan|werkt|werken) (?:{YOU}|{POSS} \\S+)(?: \\S+)? (?:precies|geen|nooit|minder|altijd|direct|meteen|zelf|sneller|makkelijker|langer|beter|zeker|verzekerd|gerust|zorgeloos|comfortabel|gezonder|prettiger|rustiger|flexibel|goedkoper|voordeliger|jaren|er geen|maar|niet|nergens|meer (?:tijd|ruimte|comfort|zekerheid|plezier))\\b|(?:dus|dan) (?:hoeft|hoef|hoeven) (?:{YOU}|{POSS} \\S+) (?:\\S+ )?(?:niks|niets)\\b|(?:precies )?waar {YOU} aan toe (?:bent|is|zijn)|geen omkijken|zorgeloos|ontzorg\\w*|(?:hiermee|daarmee|hierdoor|daardoor|zo|dan|dus) (?:bespaart|bespaar|besparen|verdient|voorkomt|voorkomen|scheelt|wint)\\b|(?:dus|daardoor|dan|zodat|hierdoor) (?:\\S+ ){1,5}?(?:licht|lichter|makkelijk|makkelijker|handig|comfortabel|comfortabeler|veilig|veiliger|sneller|goedkoper|prettig|prettiger|fijn|fijner|ideaal|perfect) voor (?:{YOU}|{POSS} \\S+)|dus (?:geen_zorgen|geen (?:gedoe|kosten|omkijken|verrassingen|risico|zorgen|wachttijd))|met (?:de|het|een|deze|dit|onze)~4 (?:kom|komt) {YOU} (?:nooit|niet meer)|(?:met (?:de|het|een|deze|dit|onze)~4|dus) (?:kunnen|kan|kunt|kun) (?:{YOU}|{POSS} \\S+) (?:\\S+ ){0,3}?(?:(?:de|een) hele dag|langer|sneller|makkelijker|twee keer|dubbel)\\b|dus (?:{YOU}|{POSS} \\S+) (?:kunnen|kan|kunt|kun) (?:\\S+ ){0,3}?(?:(?:de|een) hele dag|twee keer|dubbel)\\b",
        " || zodat (?:{YOU}|jullie) (?:het|dat) (?:even )?weet",
    ),
    dn(
        "voordeel-benoemen",
        "dus uw mensen krijgen ...",
        "(?:dus|daardoor|waardoor|zodat|dan) (?:{POSS} (?:\\S+ )?(?:klanten|mensen|medewerkers|collega's|personeel|gasten|bezoekers|team) (?:krijgen|hebben|zitten|kunnen|blijven)|daar (?:heeft|hebt|hebben) {YOU} (?:\\S+ )?(?:plezier|profijt|gemak|baat|voordeel) van)\\b|(?:plezier|profijt|gemak) (?:van )?(?:heeft|hebt|hebben) {YOU}|(?:hiermee|daarmee) (?:kunnen|kunt|kun|kan|hoeven|hoeft|hoef|bespaart|besparen|zit|zitten|blijft|blijven|profiteert|profiteren) (?:{YOU}|{POSS} (?:\\S+ )?(?:klanten|mensen|medewerkers|collega's|personeel|gasten|bezoekers|team|werknemers|leerlingen|huurders))\\b|zodat (?:iedereen|elke \\S+|al (?:uw|je|jullie) \\S+|(?:uw|je|jullie|de) (?:medewerkers|mensen|collega's|klanten|gasten|team|personeel|werknemers|bezoekers|leerlingen|huurders)) (?:\\S+ ){0,3}?(?:goed|beter|prettig|comfortabel|gezond|gezonder|fijn|makkelijk|makkelijker|sneller|veilig|veiliger|zelf|altijd|direct|meteen|nooit|geen|minder)\\b",
    ),
    dv(
        "voordeel-benoemen",
        "dat scheelt u",
        Neg::Clause,
        "scheelt {YOU}|scheelt [a-z]\\w+ (?:\\w*tijd|geld|\\w*kosten|werk|gedoe)|(?:dat|dit|het) scheelt (?:\\S+ )?(?:een hoop|veel|tijd|geld|kosten|ruimte|\\w+ (?:uur|euro|procent|minuten))|wat {YOU} scheelt",
        " || scheelt (?:ons|mij|me|mijn|onze)",
    ),
    // register
    dn("u-vorm", "u/uw", "u|uw|uzelf|uwe|alstublieft|dank u"),
    dn(
        "je-vorm",
        "je/jij",
        "je|jij|jou|jouw|jezelf|jouwe|alsjeblieft|dank je|jullie zelf|jе",
    ),
    // onprofessioneel
    d(
        "onprofessioneel",
        "eigen schuld",
        Neg::Before(2),
        "(?:{POSS}|uw|jouw) (?:eigen )?(?:schuld|fout|probleem)|eigen schuld",
    ),
    dn(
        "onprofessioneel",
        "afwijzen en verwijten",
        "(?:niet|geen) (?:ons|mijn|onze) (?:probleem|pakkie an|zaak|verantwoordelijkheid|afdeling)|had (?:{YOU}|u) (?:maar|dan maar|gewoon|zelf|beter)|had {YOU} (?:\\S+ ){1,3}maar (?:\\S+ ){0,2}?(?:gelezen|gekeken|opgelet|gedaan|besteld|gebeld|nagedacht|gevraagd|lezen|kijken|opletten|nadenken|checken|controleren)|{YOU} (?:had|hadden) (?:\\S+ ){0,3}?(?:beter|eerst|zelf|gewoon) (?:\\S+ )?(?:moeten|kunnen) \\w+en\\b|als {YOU} (?:\\S+ ){0,3}?(?:goed|beter|gewoon|eerst) (?:had|hadden) (?:gelezen|gekeken|opgelet|nagedacht|gecontroleerd)|{YOU} moet (?:gewoon |nu |echt |nou )*(?:vandaag |nu |meteen )?(?:tekenen|bestellen|beslissen|kopen|kiezen|betalen)|teken (?:nou|nu|gewoon) maar|anders is (?:de|het|die|deze) (?:korting|aanbieding|actie|prijs) weg|(?:tekenen|bestellen|beslissen|kopen|betalen)\\w* (?:\\S+ )?(?:of|anders) (?:de|het|die|deze|uw|je|jouw) (?:korting|aanbieding|actie|prijs|aanbod|kans|plek)\\w* (?:\\S+ )?(?:vervalt|verloopt|verdwijnt|is weg|gaat weg|gaat verloren|vervallen)|nu of nooit|kan (?:mij|me) het (?:\\S+ )?schelen|{YOU} (?:snapt|begrijpt|snap|begrijp|weet) er (?:\\S+ ){0,3}?(?:niks|niets|geen bal|geen moer) van|(?:ga|gaat|gaan) {YOU} (?:dan )?maar ergens anders|{YOU} (?:bent|is) (?:\\S+ )?de enige (?:\\S+ )?die|(?:geen enkele andere|geen andere) klant\\w* (?:klaagt|heeft|zeurt)|anders (?:vervalt|verloopt|verdwijnt) (?:de|het|die|deze|uw|je|jouw) (?:korting|aanbieding|actie|prijs|aanbod)|niemand anders (?:klaagt|zeurt|heeft (?:\\S+ ){0,2}?(?:last|problemen|probleem|klachten|klacht|moeite))|(?:doet|doen|deed) (?:{YOU}|jullie) (?:er |daar )?(?:nou |toch |zo )*moeilijk|(?:andere|geen enkele andere) klant\\w* (?:klaagt|klagen|zeurt|zeuren|heeft|hebben) (?:\\S+ )?(?:nooit|hier nooit|daar nooit|er nooit|niet|geen)|alleen {YOU} (?:klaagt|heeft|zeurt|vindt)|nou bedankt|(?:{YOU}|u) had (?:maar|gewoon|zelf|beter|dan)|(?:{YOU}|u) (?:heeft|hebt|had) (?:het |de \\w+ |dat )?(?:\\w+ ){0,3}?zelf (?:\\w+ )?(?:besteld|beschadigd|fout|kapot|verkeerd|gedaan|gekozen|gekocht|moeten)|zelf (?:fout|kunnen (?:zien|lezen))|(?:zoek|zoekt)~3 (?:zelf|maar) (?:uit|op)|moet {YOU} zelf (?:maar )?(?:uitzoeken|regelen|weten|doen)|zelf maar (?:uitzoeken|regelen|oplossen)|moeilijk (?:\\S+ )?(?:doet|doen|deed)|niet waarom {YOU}~4 (?:zo|zich zo|er zo) (?:druk|boos|kwaad|moeilijk|lastig|overstuur)|(?:maak|maakt) (?:je|u)(?: zich)? (?:toch )?(?:niet zo|zo) druk|(?:het|dat|is) (?:toch|nou) (?:echt |ook )?niet (?:zo |zo heel |heel )?(?:moeilijk|lastig|ingewikkeld)|(?:zo )?(?:moeilijk|lastig|ingewikkeld) is (?:dat|het) (?:toch|nou) niet|zeur\\w*|gezeur|zeik\\w*|hou (?:toch |nou )?op|doe niet zo moeilijk|geen zin (?:in|om)|(?:u|je) (?:heeft|hebt) ongelijk|niet zeuren|doe (?:eens )?normaal|stel (?:je|u) niet (?:zo )?aan|lees (?:dan )?(?:eerst |zelf )?(?:beter|goed|even)|staat (?:toch|gewoon|toch gewoon) (?:gewoon )?op (?:de|onze) (?:site|website)|vraag (?:het |dat )?maar (?:aan|bij)|niet mijn (?:afdeling|taak|werk|pakkie an)|(?:spijt|sorry) (?:me |mij |ons )?(?:helemaal |echt |totaal )?(?:niks|niets|niet (?:hoor|,|\\.|!|$|dat|want|zo))|geen excuus (?:om|voor)|(?:bedankt|dank) voor (?:niks|niets)|niet (?:wij|ik)|nu al (?:de )?\\w+ keer|al \\w+ ?x uitgelegd|\\d+ ?x uitgelegd|hoe vaak moet ik|(?:ik|we|wij) (?:ga|gaan|zal|zullen|bied|bieden|maak|maken|zeg|zeggen) (?:\\S+ ){0,3}?geen (?:sorry|excuses|excuus)|(?:ga|gaan|zal|zullen|bied|bieden|zeg|zeggen) (?:ik|we|wij) (?:\\S+ ){0,3}?geen (?:sorry|excuses|excuus)|(?:sorry|excuses) (?:zeggen|aanbieden|maken) (?:doe|doen|ga|gaan) (?:ik|we|wij) (?:\\S+ )?(?:niet|nooit)|waarom zou (?:ik|wij|we) (?:\\S+ )?(?:sorry|excuses|(?:me|mij|ons) verontschuldigen)|regels zijn regels",
    ),
    dv(
        "onprofessioneel",
        "schuld afschuiven en kleineren",
        Neg::Never,
        "(?:lag|ligt) (?:\\S+ )?niet aan (?:ons|mij|onze kant)|niet (?:onze|mijn) schuld|daar kan (?:ik|wij|we) (?:ook|toch) (?:niks|niets) aan doen|(?:komt|kwam) (?:doordat|omdat) (?:jullie|{YOU}) (?:\\S+ ){0,6}?(?:niet|nooit|verkeerd)\\b|moet {YOU} (?:dat |het )?(?:lekker )?zelf (?:maar )?weten|{YOU} moet (?:dat|het) (?:lekker )?zelf (?:maar )?weten|weet ik het (?:ook )?niet meer|dat (?:zei|zeg) ik (?:toch|net|al)\\b|<S>(?:ja |nou |oke )?luister (?:nou|nu|toch|even|eens)|luister (?:nou|nu|toch) (?:even |eens |gewoon )?(?:naar mij|naar me)|dat weet iedereen|(?:zou|moet|hoort) {YOU} (?:\\S+ ){0,5}?toch (?:moeten )?weten|{YOU} moet gewoon (?:even )?(?:goed |beter )?(?:kijken|lezen|luisteren)|(?:oude|ouwe|vast|gewoon) troep|\\btroep\\b|(?:zijn|is) (?:gewoon|echt|veel) (?:slechter|rommel|troep|waardeloos)|(?:slecht|stom|dom) idee",
        // Saying whose fault it is not, to take the blame off the customer
        // too, is an explanation ("niet onze schuld en ook niet die van u").
        "^niet (?:onze|mijn) schuld (?:en|,) (?:ook )?niet",
    ),
    dn(
        "onprofessioneel",
        "grof of afwijzend",
        "boeiend(?: hoor| zeg| joh| man| dan)?(?: [.,!?]| _emoji_|$)|boeit (?:me |mij )?(?:niet|niks|geen)|lekker dan|jammer dan|pech gehad|interesseert (?:me|mij) niet|kan (?:me|mij) (?:niet|niks|geen) schelen|whatever|maakt mij niet uit|wat wil je nou|kut|shit|fuck\\w*|godverdomme|verdomme|kanker\\w*|kolere|tering|tyfus|klote|debiel|mongool|wtf|damn|jezus|gvd|kk|kkr|klootzak|eikel|lul|sukkel|idioot|dombo|hou je mond|kop dicht|bek dicht|rot op|flikker op|doe zelf|jeetje zeg|zucht|ugh|omg|bullshit|onzin|belachelijk",
    ),
    // vraagt-persoonsgegevens
    dv(
        "vraagt-persoonsgegevens",
        "vraagt gegevens",
        Neg::Clause,
        "(?:mag|mogen|kan|kunt|kun|wilt|wil|zou|heeft|hebt|heb|weet) (?:ik|we|wij|{YOU})~5 {DATA}|(?:wat|welk|welke|hoe) (?:is|zijn|was|luidt|luiden)~3 {DATA}|(?:op|naar|aan|via|onder) welk(?:e)?~2 (?:adres|nummer|\\w*adres|\\w*nummer|naam)|(?:stuur|geef|noem|vermeld|deel|zet|mail|app|vul|typ|stuurt|geeft)~6 {DATA}|{DATA}~3 (?:graag|doorgeven|sturen|vermelden|geven|noemen|doorsturen|delen|opgeven|invullen|checken|hier zetten|bij de hand|toesturen|mailen|appen|\\?)|graag~2 {DATA}|met (?:{POSS}|het|de|uw)~2 {DATA}|waar woon\\w*|(?:ik|we|wij) (?:heb|hebben) (?:\\S+ ){0,3}?{DATA} (?:\\S+ ){0,2}?nodig",
        "^\\S+(?: \\S+){0,6}? (?:op|via) (?:de|onze|deze) (?:site|website|webshop|app|pagina|webpagina)\\b || (?:op|via) (?:de|onze) (?:site|website|webshop|app)|(?:ik|we|wij) (?:heb|hebben) (?:\\S+ ){0,3}?{DATA} (?:\\S+ ){0,2}?(?:opgeslagen|genoteerd|ontvangen|gewijzigd|aangepast|bijgewerkt|verwerkt|doorgevoerd|gevonden|gecontroleerd|gecheckt|veranderd|gezien|doorgegeven)\\b",
    ),
];

/// Words that, first in a clause, make it an open question.
const WH: &[&str] = &[
    "wat", "wie", "welk", "welke", "waar", "wanneer", "waarom", "hoe", "hoeveel", "hoezo",
    "waarmee", "waarvoor", "waardoor", "waarover", "waarin", "waaraan", "waarop", "waarnaar",
    "waarvan", "hoelang", "hoeverre", "wiens", "vanwaar", "welks",
];

/// Words skipped before judging how a clause starts.
const DISCOURSE: &[&str] = &[
    "oke",
    "ja",
    "jaa",
    "jawel",
    "nou",
    "dus",
    "btw",
    "trouwens",
    "en",
    "maar",
    "goed",
    "prima",
    "top",
    "hoi",
    "hallo",
    "hey",
    "hee",
    "hi",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "meneer",
    "mevrouw",
    "zeg",
    "nee",
    "oh",
    "ohh",
    "ah",
    "he",
    "hmm",
    "tja",
    "sorry",
    "excuseer",
    "helder",
    "duidelijk",
    "_emoji_",
    "super",
    "mooi",
    "interessant",
    "joh",
    "beste",
    "allright",
    "alright",
    "overigens",
    "verder",
    "nog",
    "even",
    "o",
];

/// "wat vervelend!", "hoe fijn": an exclamation, not a question.
const EXCLAMATIVE: &[&str] = &[
    "vervelend",
    "vervelende",
    "jammer",
    "naar",
    "fijn",
    "fijne",
    "leuk",
    "leuke",
    "mooi",
    "mooie",
    "goed",
    "erg",
    "rot",
    "balen",
    "stom",
    "vreemd",
    "raar",
    "lief",
    "aardig",
    "knap",
    "heerlijk",
    "zonde",
    "gek",
    "zeur",
    "zeurt",
    "fantastisch",
    "geweldig",
    "top",
    "super",
    "handig",
    "onhandig",
    "zuur",
    "sneu",
    "ellendig",
    "een",
    "ontzettend",
    "heel",
    "interessant",
    "prettig",
    "bijzonder",
    "bizar",
    "frustrerend",
    "vreselijk",
    "naar",
    "gaaf",
    "tof",
    "cool",
    "spannend",
    "enorm",
    "verschrikkelijk",
    "lastig",
    "pech",
    "snel",
    "fijn",
    "schattig",
    "triest",
    "treurig",
];

/// Words after a question word that make it a subordinate clause ("wat u zegt").
const SUBORDINATE_AFTER_WH: &[&str] = &[
    "ik", "je", "u", "we", "wij", "het", "de", "dit", "dat", "hij", "zij", "ze", "er", "jullie",
    "men", "uw", "mijn", "onze", "die", "deze", "ons", "jij", "mij", "me",
];

/// Finite verbs that, first in a clause and followed by a subject, ask a yes/no question.
const FINITE: &[&str] = &[
    "heeft", "hebt", "heb", "hebben", "is", "zijn", "ben", "bent", "was", "waren", "kan", "kunt",
    "kun", "kunnen", "wil", "wilt", "willen", "zal", "zult", "zullen", "zou", "zouden", "mag",
    "mogen", "moet", "moeten", "gaat", "ga", "gaan", "doet", "doe", "doen", "weet", "weten",
    "vindt", "vind", "vinden", "zoekt", "zoek", "zoeken", "gebruikt", "komt", "kom", "komen",
    "past", "passen", "lukt", "klopt", "werkt", "hoort", "ziet", "zie", "krijgt", "ontvangt",
    "wenst", "spreek", "spreekt", "staat", "zit", "ligt", "begrijpt", "snapt", "bedoelt",
    "verwacht", "denkt", "had", "hadden", "kon", "konden", "kent", "ken", "houdt", "neemt",
    "wordt", "word", "worden", "hoeft", "hoef", "schikt", "mocht", "woont", "betaalt", "bestelt",
    "kiest", "twijfelt", "heb", "herkent", "merkt", "speelt", "lijkt", "bevalt", "gaan", "spreken",
    "werken", "durft", "vond", "gebeurt",
];

const SUBJECTS: &[&str] = &[
    "u", "je", "jij", "ik", "we", "wij", "jullie", "het", "dat", "dit", "er", "ze", "zij", "hij",
    "men", "de", "die", "uw", "mijn", "onze", "deze", "jouw", "iemand", "iedereen", "alles", "een",
];

/// Opening words of a subordinate clause after which the main clause inverts
/// ("als u wilt, kan ik ..."): that inversion is no question.
const SUBORDINATORS: &[&str] = &[
    "als",
    "wanneer",
    "zodra",
    "omdat",
    "nadat",
    "voordat",
    "indien",
    "mocht",
    "hoewel",
    "aangezien",
    "zolang",
    "doordat",
    "nu",
    "terwijl",
    "tenzij",
    "om",
];

const EMBEDDING: &[&str] = &[
    "vertellen",
    "uitleggen",
    "aangeven",
    "zeggen",
    "beschrijven",
    "toelichten",
    "vertel",
    "beschrijf",
    "benieuwd",
    "af",
    "vragen",
    "weten",
    "schetsen",
    "delen",
    "laten",
    "noemen",
    "aangeven",
    "uit",
];

/// Words ending in -t that are no finite verb.
const NOT_VERBS: &[&str] = &[
    "omdat",
    "zodat",
    "dat",
    "want",
    "niet",
    "echt",
    "best",
    "met",
    "wat",
    "het",
    "tot",
    "uit",
    "dit",
    "straks",
    "vast",
    "zelfs",
    "precies",
    "eerst",
    "laatst",
    "meest",
    "liefst",
    "juist",
    "ongeveer",
    "totaal",
    "dankzij",
    "recht",
    "zacht",
    "licht",
    "apart",
    "niks",
    "weet",
    "sindsdien",
    "tenminste",
    "toch",
];

fn is_discourse(w: &str) -> bool {
    DISCOURSE.contains(&w)
        || ["hoi", "hall", "hey", "goedem", "goeden", "goedea", "goeie"]
            .iter()
            .any(|p| w.starts_with(p))
}

const NEGATION_CUES: &[&str] = &[
    "niet", "geen", "nooit", "niets", "niks", "zonder", "nergens", "geeneens",
];

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub behaviour: &'static str,
    pub name: &'static str,
    pub neg: Neg,
    /// Searched anchored at token starts (see `anchored`).
    pub re: Pattern,
    /// Vetoes anchored at the start of the hit.
    pub veto: Option<Pattern>,
    /// Vetoes anywhere in the clause(s) of the hit.
    pub clause_veto: Option<Pattern>,
}

/// Search caches of one rule.
pub(crate) struct RuleCache {
    re: Cache,
    veto: Option<Cache>,
    clause_veto: Option<Cache>,
}

impl Rule {
    pub(crate) fn create_cache(&self) -> RuleCache {
        RuleCache {
            re: self.re.create_cache(),
            veto: self.veto.as_ref().map(Pattern::create_cache),
            clause_veto: self.clause_veto.as_ref().map(Pattern::create_cache),
        }
    }

    /// Bytes held by the rule's search caches.
    pub(crate) fn cache_bytes(cache: &RuleCache) -> usize {
        cache.re.memory_usage()
            + cache.veto.as_ref().map_or(0, Cache::memory_usage)
            + cache.clause_veto.as_ref().map_or(0, Cache::memory_usage)
    }
}

/// A hit before it becomes public evidence.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub behaviour: &'static str,
    pub rule: &'static str,
    /// Token range.
    pub a: usize,
    pub b: usize,
    pub negated: bool,
}

/// What the shared machinery (patterns, negation, typo targets) needs to
/// know of one language.
pub(crate) struct Grammar {
    pub defs: &'static [Def],
    /// `{NAME}` word classes; `{TIME}` is `time`.
    pub classes: &'static [(&'static str, &'static str)],
    pub time: &'static str,
    /// Words that may precede a question at `<Q>` ("oke", "so").
    pub question_lead: &'static str,
    pub negation_cues: &'static [&'static str],
    /// Verbs whose negation denies the complement clause they govern.
    pub governing_verbs: &'static [&'static str],
    /// Openers of such a complement clause ("dat", "that").
    pub complementisers: &'static [&'static str],
    /// Full forms worth correcting that the patterns only spell as stems.
    pub extra_vocabulary: &'static [&'static str],
}

pub(crate) const DUTCH: Grammar = Grammar {
    defs: DEFS,
    classes: CLASSES,
    time: TIME,
    question_lead: "oke|dus|en|dan|nou|ja|goed|prima|top|mooi|super|helder|duidelijk|_emoji_",
    negation_cues: NEGATION_CUES,
    governing_verbs: GOVERNING_VERBS,
    complementisers: &["dat", "zodat"],
    extra_vocabulary: EXTRA_VOCABULARY,
};

const GAP: &str = "(?: (?:[^ ]{2,}|[^ .,!?;:])){0,";

fn expand(pattern: &str, g: &Grammar) -> String {
    let mut p = pattern.to_string();
    // Classes may refer to classes, so expand until stable (bounded).
    for _ in 0..3 {
        p = p.replace("{TIME}", g.time);
        for (name, class) in g.classes {
            p = p.replace(&format!("{{{name}}}"), class);
        }
    }
    let mut out = String::with_capacity(p.len() * 2);
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '~' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push_str(GAP);
            while let Some(d) = chars.peek().copied().filter(|d| d.is_ascii_digit()) {
                out.push(d);
                chars.next();
            }
            out.push('}');
        } else {
            out.push(c);
        }
    }
    out.replace("<S>", "(?:^|[.,!?;:] )").replace(
        "<Q>",
        &format!("(?:^|[.,!?;:] )(?:(?:{}) )*", g.question_lead),
    )
}

/// A catalogue pattern on whole tokens (`wrap`) or at the start of the text.
pub(crate) fn compile(pattern: &str, wrap: bool, g: &Grammar) -> Option<Pattern> {
    let body = expand(pattern, g);
    if wrap {
        Pattern::on_tokens(&body)
    } else {
        Pattern::at_start(&body)
    }
}

/// Compiles the catalogue. A pattern that does not compile is a bug caught by
/// the tests; it is skipped rather than taking the bot down.
pub(crate) fn rules(g: &Grammar) -> Vec<Rule> {
    g.defs
        .iter()
        .filter_map(|def| {
            Some(Rule {
                behaviour: def.behaviour,
                name: def.name,
                neg: def.neg,
                re: compile(def.pattern, true, g)?,
                veto: match def.veto.map(|v| v.split(" || ").next().unwrap_or_default()) {
                    Some(v) if !v.is_empty() => Some(compile(v.trim_start_matches('^'), false, g)?),
                    _ => None,
                },
                clause_veto: match def.veto.and_then(|v| v.split(" || ").nth(1)) {
                    Some(v) => Some(compile(v, true, g)?),
                    None => None,
                },
            })
        })
        .collect()
}

/// Literal words of the catalogue, the targets of typo correction.
pub(crate) fn vocabulary(g: &Grammar) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let sources = g
        .defs
        .iter()
        .map(|d| d.pattern)
        .chain(g.classes.iter().map(|(_, c)| *c))
        .chain(std::iter::once(g.time));
    for src in sources {
        let mut cur = String::new();
        let mut escaped = false;
        for c in src.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_lowercase() && !escaped {
                cur.push(c);
            } else {
                // A run cut short by regex syntax ("bedoel(?:t)") is a stem, still useful.
                if cur.len() >= 5 && !words.contains(&cur) {
                    words.push(cur.clone());
                }
                cur.clear();
            }
            escaped = c == '\\';
        }
    }
    for w in g.extra_vocabulary {
        if !words.iter().any(|x| x == w) {
            words.push(w.to_string());
        }
    }
    words
}

/// Literal catalogue words of two to four letters ("hoi", "heel", "top").
pub(crate) fn short_words(g: &Grammar) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for def in g.defs {
        for part in def.pattern.split(|c: char| !c.is_ascii_lowercase()) {
            if (2..=4).contains(&part.len()) && !words.iter().any(|w| w == part) {
                words.push(part.to_string());
            }
        }
    }
    words
}

/// Full forms worth correcting that the patterns only spell as stems.
const EXTRA_VOCABULARY: &[&str] = &[
    "excuses",
    "oplossing",
    "vervelend",
    "vervelende",
    "begrijp",
    "begrijpelijk",
    "bedankt",
    "alstublieft",
    "alsjeblieft",
    "leidinggevende",
    "collega",
    "ordernummer",
    "klantnummer",
    "telefoonnummer",
    "postcode",
    "geboortedatum",
    "huisnummer",
    "emailadres",
    "privebericht",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "voorstellen",
    "samengevat",
    "toelichten",
    "voorbeeld",
    "akkoord",
    "bestelling",
    "voordeel",
    "combinatie",
    "daarnaast",
    "bedoelt",
    "precies",
    "belangrijk",
    "uitzoeken",
    "regelen",
    "terugbellen",
    "vergoeden",
    "frustrerend",
    "frustratie",
    "excuseer",
    "sorry",
    "dankjewel",
    "dankuwel",
    "morgen",
    "volgende",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "maandag",
    "zaterdag",
    "zondag",
    "afspreken",
    "afspraak",
    "offerte",
    "leveren",
    "teamleider",
    "manager",
    "klantenservice",
    "doorverbinden",
    "begrijpen",
    "vervangen",
    "opsturen",
    "versturen",
    "contact",
    "opnemen",
    "waarschijnlijk",
    "misschien",
    "inderdaad",
    "natuurlijk",
];

fn is_cue(an: &Analysis, canon: &str) -> bool {
    super::grammar(an.lang).negation_cues.contains(&canon)
}

/// Verbs whose negation denies the "dat" clause they govern: "ik kan niet
/// beloven dat ik u terugbel" promises nothing.
const GOVERNING_VERBS: &[&str] = &[
    "beloven",
    "beloof",
    "belooft",
    "garanderen",
    "garandeer",
    "garandeert",
    "zeggen",
    "zeg",
    "zegt",
    "toezeggen",
    "verzekeren",
    "verzeker",
    "verzekert",
];

/// Whether the clause of token `a` is a "dat" clause governed by a negated
/// promise or statement in the clause right before it.
fn denied_by_governing_clause(an: &Analysis, a: usize) -> bool {
    let toks = &an.toks;
    let clause = toks[a].clause;
    if clause == 0 {
        return false;
    }
    // Clause numbers only grow along the reply: its first token by search.
    let opener = toks[..a].partition_point(|t| t.clause < clause);
    let g = super::grammar(an.lang);
    if !g.complementisers.contains(&toks[opener].canon.as_str()) {
        return false;
    }
    let governing = || toks[..opener].iter().filter(|t| t.clause == clause - 1);
    governing().any(|t| is_cue(an, &t.canon))
        && governing().any(|t| g.governing_verbs.contains(&t.canon.as_str()))
}

/// Whether a negation cue cancels tokens `a..b` under `neg`.
pub(crate) fn negated(an: &Analysis, a: usize, b: usize, neg: Neg) -> bool {
    let toks = &an.toks;
    if a >= b || b > toks.len() {
        return false;
    }
    if neg != Neg::Never && denied_by_governing_clause(an, a) {
        return true;
    }
    match neg {
        Neg::Never => false,
        Neg::Before(n) => {
            let clause = toks[a].clause;
            let lo = a.saturating_sub(n);
            toks[lo..a]
                .iter()
                .filter(|t| t.clause == clause)
                .chain(toks[a..b].iter())
                .any(|t| is_cue(an, &t.canon))
        }
        Neg::Preceding(n) => {
            let clause = toks[a].clause;
            toks[a.saturating_sub(n)..a]
                .iter()
                .any(|t| t.clause == clause && is_cue(an, &t.canon))
        }
        Neg::Clause => {
            let (lo, hi) = (toks[a].clause, toks[b - 1].clause);
            toks.iter()
                .filter(|t| t.clause >= lo && t.clause <= hi)
                .any(|t| is_cue(an, &t.canon))
        }
    }
}

/// Runs the pattern rules: per rule the first hit that counts, else the first negated one.
/// `caches` holds one search cache per rule, in the same order.
pub(crate) fn pattern_hits(
    rules: &[Rule],
    caches: &mut [RuleCache],
    an: &Analysis,
    out: &mut Vec<Hit>,
) {
    let hay = an.canon.as_bytes();
    for (rule, cache) in rules.iter().zip(caches.iter_mut()) {
        let mut negated_hit: Option<Hit> = None;
        let mut found = false;
        for (start, end) in rule.re.find_iter(&mut cache.re, hay) {
            let Some((a, b)) = trimmed_range(an, start, end) else {
                continue;
            };
            if rule.veto.is_some() || rule.clause_veto.is_some() {
                let (lo, hi) = (an.toks[a].clause, an.toks[b - 1].clause);
                // Anchored vetoes see the next clause too ("balen | dat ik ...").
                let clause_end = |upto: u32| {
                    let mut end = b;
                    while end < an.toks.len() && an.toks[end].clause <= upto {
                        end += 1;
                    }
                    an.offs[end - 1].1
                };
                let mut begin = a;
                while begin > 0 && an.toks[begin - 1].clause == lo {
                    begin -= 1;
                }
                if rule
                    .veto
                    .as_ref()
                    .zip(cache.veto.as_mut())
                    .is_some_and(|(v, c)| v.is_match(c, &hay[an.offs[a].0..clause_end(hi + 1)]))
                    || rule
                        .clause_veto
                        .as_ref()
                        .zip(cache.clause_veto.as_mut())
                        .is_some_and(|(v, c)| v.is_match(c, &hay[an.offs[begin].0..clause_end(hi)]))
                {
                    continue;
                }
            }
            let neg = negated(an, a, b, rule.neg);
            let hit = Hit {
                behaviour: rule.behaviour,
                rule: rule.name,
                a,
                b,
                negated: neg,
            };
            if !neg {
                out.push(hit);
                found = true;
                break;
            }
            if negated_hit.is_none() {
                negated_hit = Some(hit);
            }
        }
        if !found && let Some(h) = negated_hit {
            out.push(h);
        }
    }
}

/// The token range of a byte range, without punctuation at its edges.
pub(crate) fn trimmed_range(an: &Analysis, start: usize, end: usize) -> Option<(usize, usize)> {
    let (mut a, mut b) = an.token_range(start, end)?;
    while a < b && an.toks[a].kind == Kind::Punct {
        a += 1;
    }
    while b > a && an.toks[b - 1].kind == Kind::Punct && an.toks[b - 1].canon != "?" {
        b -= 1;
    }
    (a < b).then_some((a, b))
}

/// Prices: money tokens, and plain numbers stated as a price ("kost 395 per stuk").
pub(crate) fn price_hits(
    an: &Analysis,
    out: &mut Vec<Hit>,
    price_context: &Pattern,
    cache: &mut Cache,
) {
    if let Some(i) = an.toks.iter().position(|t| t.kind == Kind::Money) {
        out.push(Hit {
            behaviour: "noemt-prijs",
            rule: "bedrag",
            a: i,
            b: i + 1,
            negated: false,
        });
        return;
    }
    for (start, end) in price_context.find_iter(cache, an.canon.as_bytes()) {
        let Some((a, b)) = trimmed_range(an, start, end) else {
            continue;
        };
        // "komt op 5 december", "kost 10 minuten": a date, a time or a
        // quantity of something else is no price.
        if an
            .toks
            .get(b)
            .is_some_and(|t| NOT_MONEY_AFTER.contains(&t.canon.as_str()) || is_month(&t.canon))
        {
            continue;
        }
        out.push(Hit {
            behaviour: "noemt-prijs",
            rule: "prijs zonder valuta",
            a,
            b,
            negated: false,
        });
        return;
    }
}

/// Units after a number that make it a time, a date or a quantity, not money.
const NOT_MONEY_AFTER: &[&str] = &[
    "uur",
    "minuten",
    "minuutjes",
    "seconden",
    "dagen",
    "dag",
    "werkdagen",
    "weken",
    "week",
    "maanden",
    "maand",
    "jaar",
    "jaren",
    "stoelen",
    "stuks",
    "personen",
    "mensen",
    "procent",
    "keer",
    "meter",
    "kilo",
    "km",
    "hours",
    "minutes",
    "days",
    "weeks",
    "months",
    "year",
    "years",
    "times",
    "people",
    "pieces",
    "percent",
];

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "januari"
            | "februari"
            | "maart"
            | "april"
            | "mei"
            | "juni"
            | "juli"
            | "augustus"
            | "september"
            | "oktober"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mrt"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "okt"
            | "nov"
            | "dec"
    )
}

/// Words skipped before a reply's first real word: fillers and greetings.
fn is_filler(t: &super::text::Tok) -> bool {
    t.kind == Kind::Punct
        || t.kind == Kind::Emoji
        || matches!(
            t.canon.as_str(),
            "ja" | "jaa"
                | "nee"
                | "oke"
                | "nou"
                | "eh"
                | "ehm"
                | "euh"
                | "uh"
                | "uhm"
                | "hm"
                | "hmm"
                | "hallo"
                | "hoi"
                | "hey"
                | "hee"
                | "hi"
                | "dag"
                | "goedemorgen"
                | "goedemiddag"
                | "goedenavond"
                | "goedendag"
                | "goeiemorgen"
                | "goeiemiddag"
                | "zo"
                | "daar"
        )
}

/// Introductions the patterns cannot judge alone because they hinge on a
/// name: "Noa Jacobs van ErgoPlus", "Wij zijn ErgoPlus". A name is a word
/// that is no Dutch word ("ergoplus") or is capitalised inside a sentence
/// ("Jacobs"); the word list knows many first names, so that alone is no proof.
pub(crate) fn intro_hits(an: &Analysis, text: &str, out: &mut Vec<Hit>) {
    if out.iter().any(|h| h.behaviour == "stelt-zich-voor") {
        return;
    }
    let toks = &an.toks;
    let candidate = toks.windows(2).any(|w| {
        matches!(
            (w[0].canon.as_str(), w[1].canon.as_str()),
            ("wij" | "we", "zijn") | (_, "van" | "namens" | "vanuit" | ",")
        )
    });
    if !candidate {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let sentence_start =
        |i: usize| i == 0 || (toks[i - 1].kind == Kind::Punct && toks[i - 1].canon != ",");
    let is_name = |i: usize| {
        let t = &toks[i];
        // "we zijn 2e kerstdag dicht": an ordinal is no name.
        t.kind == Kind::Word
            && t.canon.len() >= 2
            && t.canon.starts_with(|c: char| c.is_ascii_alphabetic())
            && (!super::lexicon::is_dutch_word(&t.canon)
                || (!sentence_start(i) && chars.get(t.start).is_some_and(|c| c.is_uppercase())))
    };
    let ends_intro = |i: usize| {
        i >= toks.len()
            || toks[i].kind == Kind::Punct
            || toks[i].kind == Kind::Emoji
            || matches!(toks[i].canon.as_str(), "hier" | "en")
    };
    // "Wij zijn ErgoPlus", "we zijn de klantenservice van ErgoPlus".
    for i in 0..toks.len().saturating_sub(2) {
        if !(matches!(toks[i].canon.as_str(), "wij" | "we") && toks[i + 1].canon == "zijn") {
            continue;
        }
        let n = i + 2;
        let named = is_name(n)
            || (matches!(toks[n].canon.as_str(), "de" | "het")
                && n + 3 < toks.len()
                && matches!(toks[n + 2].canon.as_str(), "van" | "namens")
                && is_name(n + 3));
        if named {
            out.push(hit(
                "stelt-zich-voor",
                "wij zijn ...",
                i,
                (n + 1).min(toks.len()),
            ));
            return;
        }
    }
    // "Noa Jacobs van ErgoPlus (hier)" at the start of a sentence or clause,
    // after fillers and an address ("Goedemiddag meneer Kuipers, Yara de Boer
    // van ErgoPlus hier"), also with "trouwens," before the company ("Sanne de
    // Boer trouwens, van GastroPro").
    let capitalised = |i: usize| chars.get(toks[i].start).is_some_and(|c| c.is_uppercase());
    let particle = |i: usize| {
        matches!(
            toks[i].canon.as_str(),
            "de" | "van" | "der" | "den" | "ter" | "ten" | "te" | "la" | "le"
        )
    };
    let of = |i: usize| matches!(toks[i].canon.as_str(), "van" | "namens" | "vanuit");
    let clause_start =
        |i: usize| i == 0 || toks[i - 1].kind == Kind::Punct || toks[i - 1].kind == Kind::Emoji;
    for start in (0..toks.len()).filter(|&i| clause_start(i)) {
        let mut f = start;
        while f < toks.len() && is_filler(&toks[f]) {
            f += 1;
        }
        // An address to the customer first: "meneer Kuipers,".
        if f < toks.len() && matches!(toks[f].canon.as_str(), "meneer" | "mevrouw" | "mijnheer") {
            f += 1;
            while f < toks.len() && toks[f].kind == Kind::Word && (capitalised(f) || particle(f)) {
                f += 1;
            }
            while f < toks.len() && is_filler(&toks[f]) {
                f += 1;
            }
        }
        if f >= toks.len() || toks[f].kind != Kind::Word || particle(f) {
            continue;
        }
        let first_ok = !matches!(
            toks[f].canon.as_str(),
            "het"
                | "een"
                | "die"
                | "deze"
                | "dat"
                | "dit"
                | "onze"
                | "uw"
                | "je"
                | "mijn"
                | "ik"
                | "wij"
                | "we"
                | "u"
                | "meneer"
                | "mevrouw"
        );
        if !first_ok {
            continue;
        }
        // The name: one word, or up to four with particles, every word that
        // is no particle capitalised; a lower-case single word only when it is
        // no Dutch word at the very start ("noa van ergoplus").
        for end in f + 1..(f + 5).min(toks.len()) {
            let name = f..end;
            let words_ok = name
                .clone()
                .all(|i| toks[i].kind == Kind::Word && (capitalised(i) || (i > f && particle(i))))
                && capitalised(end - 1);
            let single_ok = end == f + 1 && is_name(f);
            // At the very start one or two words of any case ("noa jacobs van
            // ergoplus"): the company must still be a name.
            let opening_ok =
                start == 0 && end - f <= 2 && name.clone().all(|i| toks[i].kind == Kind::Word);
            if !(words_ok || single_ok || opening_ok) {
                continue;
            }
            let mut v = end;
            let mut comma = false;
            while v < toks.len() && (toks[v].canon == "trouwens" || toks[v].canon == ",") {
                comma |= toks[v].canon == ",";
                v += 1;
            }
            // "Sanne de Jong, Lumitec Groothandel.": a comma may stand for
            // "van" when a full name (two or more words) comes first.
            let company = if v < toks.len() && of(v) {
                v + 1
            } else if comma && words_ok && is_name(f) && end - f >= 2 && v < toks.len() {
                v
            } else {
                continue;
            };
            if company >= toks.len() {
                continue;
            }
            let company_end = if company + 1 < toks.len() && is_name(company + 1) {
                company + 2
            } else {
                company + 1
            };
            if is_name(company) && ends_intro(company_end) {
                out.push(hit("stelt-zich-voor", "naam van ...", f, company_end));
                return;
            }
        }
    }
}

/// Words too common to show that a question builds on the customer's words.
const FOLLOW_UP_STOP: &[&str] = &[
    "deze",
    "welke",
    "welk",
    "waar",
    "wanneer",
    "hoeveel",
    "waarom",
    "hoelang",
    "jullie",
    "onze",
    "heeft",
    "hebt",
    "hebben",
    "zijn",
    "bent",
    "wordt",
    "worden",
    "kunnen",
    "kunt",
    "moet",
    "moeten",
    "willen",
    "wilt",
    "gaan",
    "gaat",
    "doen",
    "doet",
    "komen",
    "komt",
    "maken",
    "maakt",
    "zitten",
    "staat",
    "staan",
    "meer",
    "even",
    "graag",
    "echt",
    "eigenlijk",
    "precies",
    "ongeveer",
    "meestal",
    "vaak",
    "heel",
    "veel",
    "goed",
    "goede",
    "zouden",
    "over",
    "naar",
    "voor",
    "niet",
    "geen",
    "maar",
    "want",
    "omdat",
    "zodat",
    "hier",
    "daar",
    "waarvoor",
    "eens",
    "alle",
    "allemaal",
    "iets",
    "niets",
    "niks",
    "vind",
    "vindt",
    "denk",
    "denkt",
    "weet",
    "zegt",
    "zeggen",
    "hallo",
    "goedemorgen",
    "goedemiddag",
    "meneer",
    "mevrouw",
    "dank",
    "bedankt",
    "prima",
    "fijn",
    "klopt",
    "zeker",
    "natuurlijk",
    "helpen",
    "vraag",
    "vragen",
    "vandaag",
    "morgen",
    "week",
    "keer",
    "altijd",
    "nooit",
    "andere",
    "ander",
    "nodig",
    "zelf",
    "misschien",
    "alleen",
    "beetje",
    "eerst",
    "waarmee",
    "daarvan",
    "hebben",
    "bedoelt",
];

/// Follow-up questions: an open question that takes up a content word of
/// the customer's previous line (same Dutch stem) builds on what was said.
pub(crate) fn follow_up_hits(an: &Analysis, before: &Analysis, out: &mut Vec<Hit>) {
    if out
        .iter()
        .any(|h| h.behaviour == "doorvragen" && !h.negated)
    {
        return;
    }
    let content = |t: &&super::text::Tok| {
        t.kind == Kind::Word && t.canon.len() >= 4 && !FOLLOW_UP_STOP.contains(&t.canon.as_str())
    };
    let stemmer = Stemmer::create(Algorithm::Dutch);
    let theirs: Vec<String> = before
        .toks
        .iter()
        .filter(content)
        .map(|t| stemmer.stem(&t.canon).into_owned())
        .collect();
    if theirs.is_empty() {
        return;
    }
    let question = out
        .iter()
        .filter(|h| h.behaviour == "open-vraag" && !h.negated)
        .map(|h| (h.a, h.b))
        .find(|&(a, b)| {
            an.toks[a..b].iter().filter(content).any(|t| {
                // Stem the student's word once, not once per word of the customer.
                let mine = stemmer.stem(&t.canon);
                theirs.iter().any(|s| *s == mine)
            })
        });
    if let Some((a, b)) = question {
        out.push(hit("doorvragen", "bouwt voort op de klant", a, b));
        return;
    }
    // "En wat gebeurde er daarna?" after the customer told what happened
    // asks the story on, even without repeating its words.
    if theirs.len() >= STORY_WORDS
        && let Some((a, b)) = out
            .iter()
            .filter(|h| h.behaviour == "open-vraag" && !h.negated)
            .map(|h| (h.a, h.b))
            .find(|&(a, b)| {
                an.toks[a..b]
                    .iter()
                    .any(|t| STORY_ON.contains(&t.canon.as_str()))
            })
    {
        out.push(hit("doorvragen", "vraagt het verhaal verder", a, b));
    }
}

/// What a customer says to ask for a summary ("Zet u alles nog even op een
/// rij?", "Could you sum that up?"), as lowercase pieces of the line.
const SUMMARY_REQUEST_NL: &[&str] = &[
    "samenvat",
    "samen te vatten",
    "samenvatting",
    "op een rij",
    "op een rijtje",
    "herhalen",
    "herhaal",
    "wat hebben we afgesproken",
    "wat spreken we af",
    "wat zijn de afspraken",
    "opgeschreven",
    "genoteerd",
    "zeg het nog eens",
    "nog eens kort",
    "nog een keer kort",
];
const SUMMARY_REQUEST_EN: &[&str] = &[
    "summari",
    "sum up",
    "sum it up",
    "sum that up",
    "sum everything up",
    "recap",
    "go over it again",
    "go over everything",
    "run me through everything",
    "what have we agreed",
    "what did we agree",
    "what are we agreeing",
    "repeat",
    "written down",
    "wrote down",
    "noted down",
    "say that again",
    "say it again",
];
/// First words of a reply that declines or postpones instead of summing up.
const SUMMARY_DECLINE: &[&str] = &[
    "nee", "neen", "sorry", "eerst", "straks", "later", "no", "nope", "first", "not",
];

/// A summary without a marker word: right after the customer asked for one,
/// a sentence that lists the points ("Natuurlijk: 24 stoelen, € 8.532
/// exclusief, levering over twee weken.") sums up, as a teacher reads it. A
/// list of questions, or a reply that declines, does not.
pub(crate) fn summary_on_request(
    an: &Analysis,
    customer_line: &str,
    lang: super::Language,
    out: &mut Vec<Hit>,
) {
    if out
        .iter()
        .any(|h| h.behaviour == "samenvatten" && !h.negated)
    {
        return;
    }
    let line = customer_line.to_lowercase();
    let requests = match lang {
        super::Language::Nl => SUMMARY_REQUEST_NL,
        super::Language::En => SUMMARY_REQUEST_EN,
    };
    if !requests.iter().any(|r| line.contains(r)) {
        return;
    }
    let first = an.toks.iter().find(|t| t.kind != Kind::Punct);
    if first.is_none_or(|t| SUMMARY_DECLINE.contains(&t.surface.as_str())) {
        return;
    }
    let mut start = 0;
    for (i, t) in an.toks.iter().enumerate() {
        let end_of_sentence = t.kind == Kind::Punct && matches!(t.canon.as_str(), "." | "!" | "?");
        if !end_of_sentence && i + 1 < an.toks.len() {
            continue;
        }
        let sentence = &an.toks[start..=i];
        let separators = sentence
            .iter()
            .filter(|t| t.kind == Kind::Punct && matches!(t.canon.as_str(), "," | ";" | ":"))
            .count();
        let words = sentence.iter().filter(|t| t.kind != Kind::Punct).count();
        if separators >= 2 && words >= 8 && t.canon != "?" {
            out.push(hit(
                "samenvatten",
                "somt op na de vraag om samen te vatten",
                start,
                i + 1,
            ));
            return;
        }
        start = i + 1;
    }
}

/// Content words of a customer line that tells a story (a few sentences).
const STORY_WORDS: usize = 8;
/// Words that ask what came next in a story.
const STORY_ON: &[&str] = &["daarna", "vervolgens", "toen", "verder", "daarop"];

/// A concrete moment ([`TIME`]) as a whole-token pattern.
pub(crate) fn time_pattern() -> Option<Pattern> {
    compile("{TIME}", true, &DUTCH)
}

/// Tense and time sense for follow-ups: a follow-up in a clause about the
/// past ("ik heb u vandaag al een mail gestuurd") makes no appointment, and a
/// committed action with a concrete moment ("we lossen het vandaag op") is
/// one, as the catalogue's "ik stuur het vandaag nog" is.
pub(crate) fn time_sense(an: &Analysis, hits: &mut Vec<Hit>, time: &Pattern, cache: &mut Cache) {
    hits.retain(|h| {
        h.behaviour != "vervolgafspraak"
            || h.negated
            || !is_past(an, an.toks[h.a].clause, an.toks[h.b - 1].clause)
    });
    if hits
        .iter()
        .any(|h| h.behaviour == "vervolgafspraak" && !h.negated)
    {
        return;
    }
    let found = hits
        .iter()
        .filter(|h| h.behaviour == "oplossing" && !h.negated)
        .find_map(|h| {
            let (lo, hi) = (an.toks[h.a].clause, an.toks[h.b - 1].clause);
            let first = an.toks.partition_point(|t| t.clause < lo);
            let end = an.toks.partition_point(|t| t.clause <= hi);
            if first >= end || is_past(an, lo, hi) {
                return None;
            }
            let (from, to) = (an.offs[first].0, an.offs[end - 1].1);
            // "we leveren het binnen 24 uur": a lead time, not a time of day.
            time.find_iter(cache, &an.canon.as_bytes()[from..to])
                .filter_map(|(start, end)| trimmed_range(an, from + start, from + end))
                .find(|&(a, _)| a == 0 || an.toks[a - 1].canon != "binnen")
        });
    if let Some((a, b)) = found {
        hits.push(Hit {
            behaviour: "vervolgafspraak",
            rule: "actie met moment",
            a,
            b,
            negated: false,
        });
    }
}

const PERFECT_AUX: &[&str] = &[
    "heb", "hebt", "heeft", "hebben", "had", "hadden", "ben", "bent", "is", "zijn", "was", "waren",
];

const PAST_SIMPLE: &[&str] = &[
    "belde",
    "belden",
    "stuurde",
    "stuurden",
    "mailde",
    "mailden",
    "sprak",
    "spraken",
    "kwam",
    "kwamen",
    "leverde",
    "leverden",
    "bezorgde",
    "bezorgden",
    "gaf",
    "gaven",
    "kreeg",
    "kregen",
    "ontving",
    "ontvingen",
    "zei",
    "zeiden",
    "vertelde",
    "vertelden",
    "regelde",
    "regelden",
    "maakte",
    "maakten",
    "deed",
    "deden",
    "zag",
    "zagen",
    "verstuurde",
    "verstuurden",
];

/// Participles with -en, and words of participle shape that are none.
const STRONG_PARTICIPLES: &[&str] = &[
    "gezonden",
    "verzonden",
    "gegeven",
    "doorgegeven",
    "gekomen",
    "langsgekomen",
    "genomen",
    "opgenomen",
    "meegenomen",
    "gezien",
    "gesproken",
    "besproken",
    "gelezen",
    "gevonden",
    "gekregen",
    "geschreven",
    "ontvangen",
    "vervangen",
    "bekeken",
    "nagekeken",
    "gedaan",
    "gegaan",
    "verstuurd",
    "besteld",
    "bezorgd",
    "betaald",
    "bevestigd",
    "beantwoord",
    "hersteld",
    "verwerkt",
    "verteld",
    "beloofd",
    "vergoed",
    "verlengd",
    "verplaatst",
    "behandeld",
    "teruggebeld",
];

const NOT_PARTICIPLES: &[&str] = &[
    "geduld",
    "gerust",
    "gemiddeld",
    "gezondheid",
    "gebied",
    "gelegenheid",
    "gewicht",
    "gezicht",
    "gezocht",
];

/// Words that point a perfect clause to the future ("ik heb u voor morgen
/// ingepland") or make it an appointment made.
const FUTURE_MARKERS: &[&str] = &[
    "morgen",
    "overmorgen",
    "volgende",
    "komende",
    "aanstaande",
    "straks",
    "zometeen",
    "later",
    "uiterlijk",
    "as",
    "afspraak",
    "ingepland",
    "gepland",
    "genoteerd",
    "vastgelegd",
];

fn is_participle(w: &str) -> bool {
    if STRONG_PARTICIPLES.contains(&w) {
        return true;
    }
    if NOT_PARTICIPLES.contains(&w) || !(w.ends_with('d') || w.ends_with('t')) {
        return false;
    }
    let rest = [
        "op", "door", "terug", "na", "uit", "in", "aan", "af", "mee", "toe", "langs", "over",
        "klaar", "vast", "rond", "",
    ]
    .iter()
    .find_map(|p| w.strip_prefix(p).and_then(|r| r.strip_prefix("ge")));
    rest.is_some_and(|r| r.len() >= 3)
}

/// Whether clauses `lo..=hi` speak about the past: a perfect (aux +
/// participle) or a past form, with nothing pointing to the future.
fn is_past(an: &Analysis, lo: u32, hi: u32) -> bool {
    let first = an.toks.partition_point(|t| t.clause < lo);
    let end = an.toks.partition_point(|t| t.clause <= hi);
    let clause = &an.toks[first..end];
    let has = |list: &[&str]| clause.iter().any(|t| list.contains(&t.canon.as_str()));
    let perfect = has(PERFECT_AUX) && clause.iter().any(|t| is_participle(&t.canon));
    let future = clause
        .iter()
        .any(|t| FUTURE_MARKERS.contains(&t.canon.as_str()) || t.canon.starts_with("morgen"));
    (perfect || has(PAST_SIMPLE)) && !future
}

pub(crate) fn price_context() -> Option<Pattern> {
    compile(
        "(?:kost|kosten|kostte|bedraagt|prijs is|prijs van|prijs :|prijs|prijzen|betaalt {YOU}|betaal je|voor maar|voor slechts|slechts|vanaf|totaal|komt op|uit op|à|a) (?:\\w+ ){0,2}?(?:\\d[\\d.,]*|\\w*(?:honderd|duizend)\\w*)(?: per \\w+)?|\\d[\\d.,]* (?:per (?:stuk|maand|jaar|week|dag|uur|persoon|licentie|stoel|m2|meter)|exclusief|inclusief)|\\d[\\d.,]* (?:cent|eurocent)|(?:een|twee|drie|paar) (?:tientje|tientjes|vijfje|vijfjes|tientjes)",
        true,
        &DUTCH,
    )
}

/// Question type per clause: open (question word first, or embedded), closed
/// (finite verb + subject first, tag question, statement + "?").
pub(crate) fn question_hits(an: &Analysis, out: &mut Vec<Hit>) {
    for_each_sentence(an, |s, e, mark, sentence_end| {
        sentence(an, s, e, mark, sentence_end, out)
    });
}

/// Calls `f(start, end, mark, sentence_end)` for every sentence: up to and
/// including . ! ? (or the end); `end` is the mark's token, `mark` its text.
pub(crate) fn for_each_sentence(an: &Analysis, mut f: impl FnMut(usize, usize, &str, usize)) {
    let toks = &an.toks;
    let n = toks.len();
    let mut s = 0;
    while s < n {
        let mut e = s;
        while e < n
            && !(toks[e].kind == Kind::Punct && matches!(toks[e].canon.as_str(), "." | "!" | "?"))
        {
            e += 1;
        }
        let mark = if e < n { toks[e].canon.as_str() } else { "" };
        let sentence_end = if e < n { e + 1 } else { e };
        if s < e {
            f(s, e, mark, sentence_end);
        }
        s = sentence_end;
    }
}

/// The clauses of tokens `s..e`, split at , ; :
pub(crate) fn clauses(an: &Analysis, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut clauses: Vec<(usize, usize)> = Vec::new();
    let mut cs = s;
    for (i, t) in an.toks.iter().enumerate().take(e).skip(s) {
        if t.kind == Kind::Punct && matches!(t.canon.as_str(), "," | ";" | ":") {
            if cs < i {
                clauses.push((cs, i));
            }
            cs = i + 1;
        }
    }
    if cs < e {
        clauses.push((cs, e));
    }
    clauses
}

/// The canonical form of token `i`, or "" at or after `end`.
pub(crate) fn canon_at(an: &Analysis, i: usize, end: usize) -> &str {
    if i < end {
        an.toks[i].canon.as_str()
    } else {
        ""
    }
}

fn sentence(
    an: &Analysis,
    s: usize,
    e: usize,
    mark: &str,
    sentence_end: usize,
    out: &mut Vec<Hit>,
) {
    let toks = &an.toks;
    let clauses = clauses(an, s, e);
    let question = mark == "?";
    let mut found = false;
    for (k, &(cs, ce)) in clauses.iter().enumerate() {
        let mut f = cs;
        while f < ce
            && (is_discourse(&toks[f].canon)
                || (toks[f].canon == "daar"
                    && f > cs
                    && matches!(
                        toks[f - 1].canon.as_str(),
                        "hallo" | "hoi" | "hey" | "hee" | "hi"
                    )))
            && f + 1 < ce
        {
            f += 1;
        }
        let t0 = canon_at(an, f, ce);
        let t1 = canon_at(an, f + 1, ce);
        let t2 = canon_at(an, f + 2, ce);
        let last = k + 1 == clauses.len();
        let end = if last { sentence_end } else { ce };
        // After a colon a new question starts ("Om bij het begin te
        // beginnen: hoe kwam u ...?"), whatever the clause before it was.
        let after_colon = cs > 0 && toks[cs - 1].canon == ":";
        let after_subordinate = k > 0 && !after_colon && {
            let (ps, pe) = clauses[k - 1];
            let mut g = ps;
            while g < pe && is_discourse(&toks[g].canon) {
                g += 1;
            }
            g < pe && SUBORDINATORS.contains(&toks[g].canon.as_str())
        };
        // Open: question word first.
        let wh_first = WH.contains(&t0)
            || (t0 == "op" && matches!(t1, "welke" | "welk"))
            || (t0 == "in" && t1 == "hoeverre")
            || (matches!(
                t0,
                "naar" | "aan" | "met" | "voor" | "van" | "bij" | "over" | "vanaf" | "tot"
            ) && matches!(t1, "welke" | "welk" | "wie" | "wat" | "hoeveel"));
        if wh_first {
            let exclamation =
                (t0 == "wat" || t0 == "hoe") && EXCLAMATIVE.contains(&t1) && !question;
            let idiom = (t0 == "hoe" && t1 == "dan" && t2 == "ook")
                || (t0 == "waar" && matches!(t1, "mogelijk" | "nodig") && !question);
            let subordinate = SUBORDINATE_AFTER_WH.contains(&t1) && !question && t0 != "wie";
            let only_word =
                t1.is_empty() && !question && !matches!(t0, "waarom" | "hoezo" | "wat" | "hoe");
            if !exclamation && !idiom && !subordinate && !only_word && !after_subordinate {
                out.push(hit("open-vraag", "vraagwoord vooraan", f, end));
                found = true;
                continue;
            }
        }
        if matches!(t0, "vertel" | "beschrijf" | "schets")
            || (t0 == "leg" && toks[f..ce].iter().any(|t| t.canon == "uit"))
        {
            out.push(hit("open-vraag", "vertel eens", f, end));
            found = true;
            continue;
        }
        let benieuwd = toks[f..ce].windows(2).any(|w| {
            (w[0].canon == "benieuwd"
                && matches!(
                    w[1].canon.as_str(),
                    "naar" | "wat" | "hoe" | "welke" | "waarom" | "wanneer" | "hoeveel" | "of"
                ))
                || (w[0].canon == "vraag" && matches!(w[1].canon.as_str(), "me" | "mij"))
        });
        if benieuwd && t0 == "ik" {
            out.push(hit("open-vraag", "ingebedde vraag", f, end));
            found = true;
            continue;
        }
        // "Weet de fabriek al wanneer ...?", "weten jullie hoe ...?": asks
        // for the when/how, an embedded open question whatever the subject.
        if question
            && matches!(t0, "weet" | "weten")
            && toks[f + 1..ce]
                .iter()
                .take(5)
                .any(|w| WH.contains(&w.canon.as_str()))
        {
            out.push(hit("open-vraag", "ingebedde vraag", f, end));
            found = true;
            continue;
        }
        // Closed: finite verb + subject first.
        let generic_verb = t0.len() > 3
            && t0.ends_with('t')
            && !NOT_VERBS.contains(&t0)
            && matches!(t1, "u" | "je" | "jij");
        let verb_first = (FINITE.contains(&t0) || generic_verb)
            && (SUBJECTS.contains(&t1)
                || (matches!(t1, "er" | "nog" | "eigenlijk" | "al" | "dan")
                    && SUBJECTS.contains(&t2)));
        let clause_has = |w: &str| toks[f..ce].iter().any(|t| t.canon == w);
        // "gaat u gerust zitten", "had u maar ...", "was het maar ...", "weet u wat, ...": no question.
        let not_a_question = !question
            && (clause_has("gerust")
                || clause_has("kwalijk")
                || t2 == "maar"
                || matches!(t0, "had" | "hadden" | "was" | "waren")
                || (t0 == "weet" && t2 == "wat" && f + 3 >= ce));
        if verb_first && !after_subordinate && !not_a_question {
            let conditional = !question
                && clauses.get(k + 1).is_some_and(|&(ns, _)| {
                    matches!(
                        toks[ns].canon.as_str(),
                        "dan" | "bel" | "mail" | "neem" | "stuur" | "laat" | "kijk" | "app"
                    )
                });
            if conditional {
                continue;
            }
            // Embedded open question: "kunt u mij vertellen waarvoor ...".
            let embedded = toks[f + 1..ce].iter().enumerate().any(|(i, t)| {
                EMBEDDING.contains(&t.canon.as_str())
                    && toks[f + 1 + i + 1..ce]
                        .iter()
                        .take(3)
                        .any(|w| WH.contains(&w.canon.as_str()))
            });
            if embedded {
                out.push(hit("open-vraag", "ingebedde vraag", f, end));
            } else {
                out.push(hit(
                    "gesloten-vraag",
                    "werkwoord + onderwerp vooraan",
                    f,
                    end,
                ));
            }
            found = true;
            continue;
        }
        // Embedded: "ik bel om te vragen hoe het bevalt?"
        if question
            && toks[f..ce].windows(3).any(|w| {
                EMBEDDING.contains(&w[0].canon.as_str())
                    && (WH.contains(&w[1].canon.as_str()) || WH.contains(&w[2].canon.as_str()))
            })
        {
            out.push(hit("open-vraag", "ingebedde vraag", f, end));
            found = true;
            continue;
        }
        // Tag questions: "..., toch?", "klopt dat?", "niet waar?"
        if last
            && k > 0
            && matches!(
                t0,
                "toch"
                    | "klopt"
                    | "niet_waar"
                    | "of_niet"
                    | "he"
                    | "ja"
                    | "oke"
                    | "goed"
                    | "akkoord"
                    | "deal"
            )
            && (question || t0 == "toch")
        {
            out.push(hit("gesloten-vraag", "staartvraag", f, end));
            found = true;
        }
    }
    if question && !found {
        out.push(hit("gesloten-vraag", "zin met vraagteken", s, sentence_end));
    }
}

pub(crate) fn hit(behaviour: &'static str, rule: &'static str, a: usize, b: usize) -> Hit {
    Hit {
        behaviour,
        rule,
        a,
        b,
        negated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_pattern_compiles() {
        assert_eq!(rules(&DUTCH).len(), DEFS.len());
        assert!(price_context().is_some());
    }

    #[test]
    fn every_rule_names_a_catalogue_behaviour() {
        for def in DEFS {
            assert!(
                super::super::behaviour(def.behaviour).is_some(),
                "{}",
                def.behaviour
            );
        }
    }
}
