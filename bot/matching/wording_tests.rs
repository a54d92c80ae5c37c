//! Wording families behind the misses of the fresh behaviour sets (issue
//! 13), each with variants of our own and hard negatives, so that a fix
//! covers the family of phrasings and not the one line of the set.

use std::sync::LazyLock;

use super::{Language, Matcher};

static M: LazyLock<Matcher> = LazyLock::new(Matcher::new);

fn nl(text: &str) -> Vec<String> {
    M.detect(text).behaviours
}

fn en(text: &str) -> Vec<String> {
    M.detect_in(Language::En, text, &[]).behaviours
}

#[track_caller]
fn all_show(read: fn(&str) -> Vec<String>, id: &str, replies: &[&str]) {
    let misses: Vec<_> = replies
        .iter()
        .filter(|r| !read(r).iter().any(|b| b == id))
        .collect();
    assert!(misses.is_empty(), "{id} missed in {misses:?}");
}

#[track_caller]
fn none_show(read: fn(&str) -> Vec<String>, id: &str, replies: &[&str]) {
    let wrong: Vec<_> = replies
        .iter()
        .filter(|r| read(r).iter().any(|b| b == id))
        .collect();
    assert!(wrong.is_empty(), "{id} wrongly in {wrong:?}");
}

#[test]
fn english_dismissal_and_blame_in_other_words_is_unprofessional() {
    all_show(
        en,
        "onprofessioneel",
        &[
            "i really dont get why you're so upset about this",
            "I don't understand why you are getting so worked up",
            "its only a few days late, relax",
            "nobody else is complaining about this",
            "no one else has this problem",
            "you're the only customer with this issue",
            "next time please check the size chart first",
            "order this week or the discount is gone",
            "why are you being so difficult about this",
            "maybe read the instructions next time",
        ],
    );
    none_show(
        en,
        "onprofessioneel",
        &[
            "Sorry, but that is in our terms and conditions.",
            "I understand why you are upset.",
            "It's only 2 days until your bikes arrive!",
            "Nobody else can help you better than our team.",
            "The discount runs until Friday.",
            "If I were you, I would read the manual first.",
        ],
    );
    none_show(
        en,
        "doorvragen",
        &["why are you being so difficult about this"],
    );
    all_show(en, "doorvragen", &["why is that important for you?"]);
}

#[test]
fn dutch_dismissal_blame_and_pressure_in_other_words_is_unprofessional() {
    all_show(
        nl,
        "onprofessioneel",
        &[
            "ik snap echt niet waarom je je zo druk maakt",
            "waarom doet u er zo moeilijk over?",
            "had je de handleiding maar eerst goed gelezen",
            "u had de bon beter moeten bewaren",
            "als je de voorwaarden goed had gelezen, wist je dit",
            "niemand anders heeft hier last van",
            "andere klanten klagen er nooit over",
            "u bent de enige klant die dit heeft",
            "vandaag bestellen of de actie vervalt",
            "vandaag tekenen, anders vervalt de korting",
            "u bent echt de enige die hierover klaagt",
            "geen enkele andere klant heeft hier last van",
            "dat is toch niet zo ingewikkeld",
            "zo moeilijk is dat toch niet",
        ],
    );
    none_show(
        nl,
        "onprofessioneel",
        &[
            "het is niet moeilijk, ik leg het u uit",
            "niemand anders heeft deze stoel in het assortiment",
            "als u de handleiding heeft gelezen, ziet u hoe het werkt",
            "de korting vervalt op 31 december",
            "wij hadden beter moeten opletten, sorry",
        ],
    );
}

#[test]
fn english_commitments_in_other_words_are_solutions() {
    all_show(
        en,
        "oplossing",
        &[
            "let me check that for you",
            "I'll do it straight away",
            "we'll do that today",
            "I'll ask my manager and let you know by Friday",
            "You'll have your money back by Monday",
            "you'll have the new charger by thursday",
        ],
    );
    none_show(
        en,
        "oplossing",
        &[
            "the benefit for us is that we can work faster",
            "the advantage for us is that we can order in bulk",
            "we can do it for 300 euros",
            "You will have a problem if you do not charge it",
            "let me check that i understood you",
        ],
    );
    all_show(
        en,
        "vervolgafspraak",
        &[
            "we'll do that today",
            "I'll ask my manager and let you know by Friday",
            "You'll have your money back by Monday",
            "I'll call you back within the hour",
            "i'll call u back in 10 min",
        ],
    );
}

#[test]
fn dutch_commitments_in_other_words_are_solutions() {
    all_show(
        nl,
        "oplossing",
        &[
            "ik overleg even met de planning en mail u vanmiddag",
            "dat doe ik meteen voor u",
            "we doen het vandaag nog",
            "de factuur heeft u morgen in uw mailbox",
            "u heeft de offerte vrijdag in de mail",
            "de nieuwe stoel heeft u vrijdag in huis",
            "jullie krijgen een nieuwe stoel van ons",
            "u ontvangt het binnen 3 werkdagen",
        ],
    );
    none_show(
        nl,
        "oplossing",
        &[
            "wij zijn Bureaupunt en wij verkopen stoelen aan bedrijven",
            "we bezorgen binnen 2 werkdagen",
            "dan kom je op 450 euro per maand",
            "ik doe dit werk al 5 jaar",
            "u heeft de factuur al in uw mail",
        ],
    );
}

#[test]
fn lead_times_past_deliveries_and_phone_numbers_are_no_appointments() {
    none_show(
        en,
        "vervolgafspraak",
        &[
            "You'll get a refund within 14 days.",
            "we can do it for 300 euros if you order this week",
            "we ship within 24 hours",
            "we have deliver it on tuesday",
            "The parcel has been sent on Monday.",
            "call me at 06 12345678",
        ],
    );
    none_show(
        nl,
        "vervolgafspraak",
        &[
            "we bezorgen binnen 2 werkdagen",
            "u ontvangt het binnen 3 werkdagen",
            "wij leveren binnen 48 uur",
            "we sturen het binnen 24 uur op",
            "wat zijn je plannen voor volgende week?",
            "fijn weekend alvast!",
            "ik vind het lastig om u vrijdag te bellen",
        ],
    );
    all_show(
        nl,
        "vervolgafspraak",
        &[
            "ik bel u binnen een uur terug",
            "ik bel je over een kwartiertje terug",
            "morgen 14u bij u op de zaak?",
            "vrijdag om 10 uur bij jullie?",
        ],
    );
}

#[test]
fn closing_questions_in_other_words_ask_for_the_decision() {
    all_show(
        en,
        "afsluitvraag",
        &["deal on the 20 chairs?", "so, deal for 3 bikes? 🤝"],
    );
    none_show(
        en,
        "afsluitvraag",
        &["shall I add a helmet to the order?", "shall I add a lock?"],
    );
    all_show(
        nl,
        "afsluitvraag",
        &[
            "zullen we het dan maar zo doen?",
            "doen we het dan zo?",
            "zal ik het contract dan laten ingaan?",
            "kunnen we de huur per 1 maart laten ingaan?",
        ],
    );
    none_show(
        nl,
        "afsluitvraag",
        &[
            "zullen we het anders doen?",
            "we gaan het zo doen, ik bel u zo",
        ],
    );
}

#[test]
fn dutch_extra_products_in_other_words_are_upselling() {
    all_show(
        nl,
        "bijverkoop",
        &[
            "in combinatie met deze stoel is een voetensteun ideaal",
            "heb je ook nog kussens nodig?",
            "mag ik u ook interesseren voor onze onderhoudsservice?",
        ],
    );
    none_show(
        nl,
        "bijverkoop",
        &[
            "heeft u nog iets nodig?",
            "heeft u ook last van uw rug?",
            "heeft u de handleiding ook nodig?",
        ],
    );
}

#[test]
fn dutch_benefits_for_the_customers_people_count_and_ours_do_not() {
    all_show(
        nl,
        "voordeel-benoemen",
        &[
            "de bureaus zijn in hoogte verstelbaar, zodat je medewerkers gezonder werken",
            "de stoel past zich aan, zodat iedereen prettig werkt",
            "hiermee kunnen uw medewerkers zelf hun werkplek instellen",
            "we leveren binnen 24 uur, dan staat u nooit stil",
            "we leveren binnen 5 werkdagen, dus u kunt snel beginnen",
            "ik regel het meteen voor je, dan hoef je niks te doen",
        ],
    );
    none_show(
        nl,
        "voordeel-benoemen",
        &[
            "dat scheelt mij een hoop tijd",
            "het is druk, zodat de levering wat later is",
            "hiermee kan ik u helpen",
        ],
    );
}

#[test]
fn dutch_restating_with_a_check_is_a_summary_and_our_own_offer_is_not() {
    all_show(
        nl,
        "samenvatten",
        &[
            "u heeft dus twee vestigingen?",
            "jullie werken dus vooral op locatie?",
            "jullie zoeken 20 stoelen, toch?",
        ],
    );
    none_show(
        nl,
        "samenvatten",
        &[
            "samengevat leveren wij alles van A tot Z",
            "dus, eh, hoe gaan we verder?",
            "het onderhoud zit erbij, dus u heeft geen extra kosten",
            "we leveren binnen 5 werkdagen, dus u kunt snel beginnen",
        ],
    );
}

#[test]
fn dutch_follow_ups_on_the_story_and_the_objection_ask_on() {
    all_show(
        nl,
        "doorvragen",
        &[
            "en wat deed de monteur toen?",
            "wat zei uw collega daarna?",
            "hoe ging het daarna verder?",
            "welk onderdeel vindt u te duur?",
            "wat vindt u precies te duur?",
        ],
    );
    none_show(
        nl,
        "doorvragen",
        &["welk model vindt u het mooist?", "wat wilt u bestellen?"],
    );
}

#[test]
fn asking_for_data_is_told_apart_from_giving_it_or_pointing_to_the_site() {
    all_show(
        nl,
        "vraagt-persoonsgegevens",
        &[
            "we hebben je telefoonnummer nog nodig",
            "ik heb even uw postcode nodig",
        ],
    );
    none_show(
        nl,
        "vraagt-persoonsgegevens",
        &[
            "u kunt uw postcode maar invullen op de site",
            "zet je adres er maar niet in",
            "deel je adres hier maar niet",
        ],
    );
    all_show(
        en,
        "vraagt-persoonsgegevens",
        &[
            "can I have your phone number?",
            "could you send us your order number?",
        ],
    );
    none_show(
        en,
        "vraagt-persoonsgegevens",
        &[
            "would you like a phone case with it?",
            "we'll send you your order number by email",
        ],
    );
}

#[test]
fn thanks_for_a_call_and_asking_for_their_manager_are_no_channel_or_escalation() {
    none_show(
        en,
        "naar-prive-kanaal",
        &[
            "thanks for calling us today",
            "I appreciate you contacting us",
        ],
    );
    all_show(en, "naar-prive-kanaal", &["please call us on 0800 1234"]);
    none_show(
        en,
        "escaleren",
        &[
            "Hi, could I speak to the facility manager please?",
            "Is your manager available?",
        ],
    );
    all_show(en, "escaleren", &["I'll discuss this with my manager"]);
}

#[test]
fn chat_spelling_introductions_and_greetings_are_read() {
    all_show(en, "stelt-zich-voor", &["hi its Sara from BikeHub"]);
    none_show(
        en,
        "stelt-zich-voor",
        &["its fine from my side", "its ok with us"],
    );
    all_show(en, "groet", &["gud morning!", "gud afternoon sir"]);
    none_show(nl, "stelt-zich-voor", &["we zijn 1e paasdag gesloten"]);
    all_show(nl, "stelt-zich-voor", &["wij zijn Fietsplus"]);
}

#[test]
fn understanding_stays_empathy_when_the_not_is_the_customers() {
    all_show(
        en,
        "empathie",
        &[
            "I can imagine you're not happy about this",
            "I understand you're not pleased with the delay",
        ],
    );
    none_show(en, "empathie", &["it is not understandable"]);
    all_show(
        nl,
        "empathie",
        &[
            "dat zou ik zelf ook heel vervelend vinden",
            "ik zou ook balen",
        ],
    );
    none_show(
        nl,
        "empathie",
        &["ik vind het zelf vervelend om 's avonds te bellen"],
    );
}

#[test]
fn a_delivery_policy_or_habit_is_no_follow_up_appointment() {
    none_show(
        nl,
        "vervolgafspraak",
        &[
            "waar mogelijk leveren we op zaterdag",
            "we leveren alleen op dinsdag en donderdag",
            "meestal bezorgen we op vrijdag",
            "elke woensdag komen we in uw regio leveren",
            "we bezorgen ook op zaterdag, zonder meerprijs",
        ],
    );
    all_show(
        nl,
        "vervolgafspraak",
        &[
            "we leveren de stoelen zaterdag",
            "ik bel u dinsdag terug",
            "dinsdag leveren we alleen de bureaus, de stoelen volgen later",
        ],
    );
    none_show(
        en,
        "vervolgafspraak",
        &[
            "we only deliver on tuesdays and thursdays",
            "where possible we deliver on saturday",
            "every monday we ship to belgium",
        ],
    );
    all_show(
        en,
        "vervolgafspraak",
        &["we will deliver the bikes on saturday"],
    );
}

#[test]
fn it_would_frustrate_me_too_is_empathy_with_words_inserted() {
    all_show(
        nl,
        "empathie",
        &[
            "dat zou mij eerlijk gezegd ook mega frustreren",
            "dat zou me persoonlijk ook enorm irriteren",
            "mij zou dat eerlijk gezegd ook storen",
            "dat zou ik eerlijk gezegd ook heel vervelend vinden",
            "ik zou er eerlijk gezegd ook van balen",
        ],
    );
    none_show(
        nl,
        "empathie",
        &[
            "dat zou mij niet frustreren",
            "dat zou ons ook helpen",
            "ik zou ook graag een offerte willen",
        ],
    );
}

#[test]
fn refusing_to_apologise_is_unprofessional() {
    all_show(
        nl,
        "onprofessioneel",
        &[
            "daar ga ik geen sorry voor zeggen hoor, regels zijn regels",
            "ik ga daar geen excuses voor aanbieden",
            "wij bieden hier geen excuses voor aan",
            "sorry zeggen doe ik niet, u had het zelf moeten lezen",
            "waarom zou ik sorry zeggen?",
        ],
    );
    none_show(
        nl,
        "onprofessioneel",
        &[
            "u hoeft geen sorry te zeggen hoor",
            "geen excuses nodig, fijn dat u belt",
            "ik zeg nogmaals sorry voor het wachten",
        ],
    );
}

#[test]
fn the_customers_own_manager_is_no_escalation() {
    none_show(
        nl,
        "escaleren",
        &[
            "kunt u dit mss eerst met uw eigen manager bespreken?",
            "bespreek het gerust even met je leidinggevende",
            "overleg het eerst met uw directeur, dan hoor ik het graag",
            "misschien kunt u het voorleggen aan uw eigen inkoopafdeling",
        ],
    );
    all_show(
        nl,
        "escaleren",
        &[
            "ik bespreek het met mijn manager",
            "ik leg het voor aan onze teamleider",
            "ik verbind u door met uw accountmanager",
        ],
    );
}

#[test]
fn a_call_back_soon_is_a_committed_action_but_no_appointment() {
    all_show(
        nl,
        "oplossing",
        &[
            "ik bel je binnenkort",
            "ik bel u later vandaag nog even",
            "we mailen je binnenkort",
            "ik bel je zodra ik meer weet",
        ],
    );
    none_show(nl, "vervolgafspraak", &["ik bel je binnenkort"]);
    none_show(nl, "oplossing", &["ik bel je niet binnenkort"]);
}

#[test]
fn placing_the_order_for_the_customer_is_a_closing_question_with_words_inserted() {
    all_show(
        nl,
        "afsluitvraag",
        &[
            "mag ik de bestelling van de sneakers voor je plaatsen?",
            "zal ik de order voor de 40 stoelen dan voor u doorzetten?",
            "kan ik de bestelling van de twee fietsen vandaag nog voor je plaatsen?",
        ],
    );
    none_show(
        nl,
        "afsluitvraag",
        &["mag ik vragen wanneer u de bestelling heeft geplaatst?"],
    );
}

#[test]
fn a_feature_so_the_customer_pays_less_is_a_benefit() {
    all_show(
        nl,
        "voordeel-benoemen",
        &[
            "de bus is elektrisch, dus je betaalt geen wegenbelasting",
            "de panelen wekken zelf stroom op, dus u betaalt minder voor energie",
            "het is een huurcontract, dus betaalt u geen onderhoud",
        ],
    );
    none_show(
        nl,
        "voordeel-benoemen",
        &["de korting is verlopen, dus u betaalt de volle prijs"],
    );
}

#[test]
fn a_curt_dismissal_with_an_emoji_is_unprofessional() {
    all_show(
        nl,
        "onprofessioneel",
        &["boeiend hoor 🙄", "boeiend zeg 😒", "boeiend 🙄"],
    );
    none_show(
        nl,
        "onprofessioneel",
        &[
            "wat een boeiende presentatie 😊",
            "boeiend verhaal, vertel!",
        ],
    );
}

#[test]
fn saying_what_was_done_with_the_data_asks_nothing() {
    none_show(
        nl,
        "vraagt-persoonsgegevens",
        &[
            "ik heb je nieuwe adres opgeslagen",
            "we hebben uw telefoonnummer genoteerd",
            "ik heb je gegevens aangepast",
        ],
    );
    all_show(
        nl,
        "vraagt-persoonsgegevens",
        &[
            "heb je je nieuwe adres voor me?",
            "ik heb je adres nog nodig",
            "stuur ons een dm met je boekingsnummer",
            "wat is uw reserveringsnummer?",
            "mag ik je contractnummer?",
        ],
    );
    none_show(
        en,
        "vraagt-persoonsgegevens",
        &["I've saved your new address"],
    );
}

#[test]
fn mail_as_the_route_of_what_we_send_is_no_private_channel() {
    none_show(
        nl,
        "naar-prive-kanaal",
        &[
            "u ontvangt vandaag nog een nieuwe code per mail.",
            "ik stuur je de factuur per mail",
            "de bevestiging wordt per mail verstuurd",
            "je krijgt de tickets via de mail",
        ],
    );
    all_show(
        nl,
        "naar-prive-kanaal",
        &[
            "laten we dit via de mail verder bespreken",
            "mail ons op info@fietsplus.nl",
            "kunt u uw foto's per mail naar ons sturen?",
        ],
    );
    none_show(
        en,
        "naar-prive-kanaal",
        &[
            "You'll receive a new access code by email.",
            "we will send the invoice by email",
            "the confirmation will be sent by email",
            "you get the confirmation by email within an hour",
        ],
    );
    all_show(
        en,
        "naar-prive-kanaal",
        &[
            "let's continue this by email",
            "could you send us the photos by email?",
            "email us at help@bikes.com",
            "you can also use the chat on our website",
            "feel free to use our live chat",
            "the chat on our website is open until 10pm",
        ],
    );
}

#[test]
fn english_how_often_it_goes_wrong_is_a_follow_up_question() {
    all_show(
        en,
        "doorvragen",
        &[
            "how often does the app crash like that?",
            "how many times did the printer fail last week?",
            "how long has it been happening?",
            "how often does the machine break down?",
        ],
    );
    none_show(
        en,
        "doorvragen",
        &["how often do you use the van?", "how long is the warranty?"],
    );
}

#[test]
fn english_it_should_not_have_happened_is_an_apology_and_a_third_partys_sorry_is_not() {
    all_show(
        en,
        "excuses",
        &[
            "that shouldn't have happened, we'll replace the mirror for free",
            "this should never have happened",
            "that was not supposed to happen",
        ],
    );
    none_show(
        en,
        "excuses",
        &[
            "the driver said sorry to you at the door, right?",
            "the courier apologised, but the box was still wet",
            "did the technician say sorry?",
        ],
    );
    all_show(en, "excuses", &["I must say sorry for the driver"]);
}

#[test]
fn english_a_benefit_stated_is_no_action_and_no_price() {
    none_show(
        en,
        "oplossing",
        &[
            "the benefit for u is that the price is fixed for 2 years",
            "the advantage for us is that we can plan the drivers better",
            "the rates stay fixed for the whole contract",
        ],
    );
    none_show(
        en,
        "noemt-prijs",
        &[
            "the benefit for u is that the price is fixed for 2 years",
            "the price stays the same for 3 months",
        ],
    );
    all_show(en, "noemt-prijs", &["the price is 250 per month"]);
    all_show(en, "oplossing", &["the bug is fixed now"]);
}

#[test]
fn english_a_feature_that_lets_the_customers_people_do_more_is_a_benefit() {
    all_show(
        en,
        "voordeel-benoemen",
        &[
            "with the bigger battery ur riders can go a whole day without charging",
            "with our cargo bike your staff can deliver twice as much",
            "with the new app you never miss a booking",
        ],
    );
    none_show(
        en,
        "voordeel-benoemen",
        &["with the order you will get an invoice"],
    );
}

#[test]
fn offering_an_extended_warranty_is_cross_selling() {
    all_show(
        en,
        "bijverkoop",
        &[
            "would you like the extended warranty for €59? it saves you repair costs later",
            "do you want our theft insurance with that?",
            "would you like a service plan for the van?",
        ],
    );
    none_show(
        en,
        "bijverkoop",
        &[
            "your warranty covers the battery",
            "would you like a receipt?",
        ],
    );
    all_show(
        nl,
        "bijverkoop",
        &[
            "wilt u de verlengde garantie voor 59 euro?",
            "wil je er een diefstalverzekering bij?",
        ],
    );
    none_show(nl, "bijverkoop", &["uw garantie dekt de accu"]);
}

#[test]
fn proposing_a_moment_to_meet_is_an_appointment_not_a_closing_question() {
    none_show(
        nl,
        "afsluitvraag",
        &[
            "zullen we volgende week dinsdag om 10u afspreken?",
            "zullen we donderdag om 14.00 afspreken voor een demo?",
            "kunnen we morgen om 9 uur even afspreken?",
        ],
    );
    all_show(
        nl,
        "vervolgafspraak",
        &["zullen we volgende week dinsdag om 10u afspreken?"],
    );
    all_show(
        nl,
        "afsluitvraag",
        &[
            "zullen we het zo afspreken?",
            "zullen we de order morgen vastleggen?",
            "kunnen we het dan zo afspreken?",
        ],
    );
}

#[test]
fn a_feature_that_lets_the_customers_people_do_more_is_a_benefit_in_dutch_too() {
    all_show(
        nl,
        "voordeel-benoemen",
        &[
            "met de grotere accu kunnen je bezorgers een hele dag rijden",
            "de accu is groter, dus je rijders kunnen de hele dag door",
            "met deze bakfiets kunnen uw koeriers twee keer zoveel meenemen",
        ],
    );
    none_show(
        nl,
        "voordeel-benoemen",
        &["met de bestelling krijgt u een factuur"],
    );
    none_show(
        nl,
        "oplossing",
        &["we bezorgen de stoelen standaard op maandag"],
    );
}

#[test]
fn english_sending_a_technician_is_no_escalation_but_checking_with_a_team_leader_is() {
    none_show(
        en,
        "escaleren",
        &[
            "would you like us to send a technician?",
            "we can send an engineer on monday",
            "shall i send one of our mechanics?",
        ],
    );
    all_show(
        en,
        "escaleren",
        &[
            "let me check this with our team leader",
            "let me discuss it with my manager",
            "i will send this to our technical team",
        ],
    );
    none_show(
        en,
        "oplossing",
        &[
            "let me check this with our team leader",
            "let me just check with my supervisor",
            "i'll send u a DM 📩",
            "I will send you a private message",
        ],
    );
    all_show(en, "oplossing", &["let me check your order"]);
}

#[test]
fn english_chat_summaries_closing_questions_and_add_ons_are_recognised() {
    all_show(
        en,
        "samenvatten",
        &[
            "so ur looking for a quiet bike for the city",
            "so you're looking for something cheaper",
            "so you are looking for a lease car",
        ],
    );
    all_show(
        en,
        "afsluitvraag",
        &[
            "are u ok with going ahead on this basis?",
            "are you happy to proceed with this?",
            "would you be fine with moving forward?",
        ],
    );
    none_show(en, "afsluitvraag", &["are you ok with the new colour?"]);
    all_show(
        en,
        "bijverkoop",
        &[
            "would u like us to add window cleaning?",
            "would you like me to add a lock?",
            "do you want us to add the insurance?",
        ],
    );
    all_show(
        en,
        "vervolgafspraak",
        &[
            "ill resend them tonight",
            "we will resend the invoice tomorrow",
            "I'll resend it on monday",
        ],
    );
}

#[test]
fn english_telling_them_to_just_read_the_manual_is_unprofessional_and_lol_alone_is_not() {
    all_show(
        en,
        "onprofessioneel",
        &[
            "you should've just read the manual mate",
            "you should have just checked the website",
            "u should have read the instructions",
        ],
    );
    none_show(
        en,
        "onprofessioneel",
        &[
            "i hate cold calling lol",
            "lol that was a long week",
            "haha lol, glad it worked out",
        ],
    );
}

#[test]
fn english_asking_what_would_help_is_no_follow_up_and_no_benefit() {
    for reply in [
        "What would make it easier for u?",
        "what would make things simpler for you?",
        "what could make it easier for your team?",
    ] {
        none_show(en, "doorvragen", &[reply]);
        none_show(en, "voordeel-benoemen", &[reply]);
        all_show(en, "open-vraag", &[reply]);
    }
    all_show(
        en,
        "voordeel-benoemen",
        &["the app makes it easier for you to plan"],
    );
    all_show(
        en,
        "doorvragen",
        &[
            "what makes that so important?",
            "what would make the price acceptable for you?",
        ],
    );
}

#[test]
fn english_statements_that_start_with_which_or_where_ask_nothing() {
    none_show(
        en,
        "open-vraag",
        &[
            "which one u choose is totally up to u",
            "which colour you pick is up to you",
            "where possible we use local suppliers",
            "where necessary we send a technician",
        ],
    );
    all_show(
        en,
        "open-vraag",
        &["which one do you prefer?", "where do you live?"],
    );
}

#[test]
fn calling_back_on_a_named_moment_is_an_appointment_in_dutch() {
    all_show(
        nl,
        "vervolgafspraak",
        &[
            "kan ik u donderdagmiddag terugbellen?",
            "ik kan je morgen terugbellen",
            "zal ik u vrijdagochtend terugbellen?",
        ],
    );
    none_show(nl, "vervolgafspraak", &["kan ik u terugbellen?"]);
}

#[test]
fn dutch_agreement_questions_colleagues_apologies_and_offers() {
    all_show(
        nl,
        "afsluitvraag",
        &["akkoord zo?", "akkoord dan?", "akkoord hiermee?"],
    );
    none_show(nl, "afsluitvraag", &["akkoord, ik stuur het zo op"]);
    none_show(
        nl,
        "excuses",
        &[
            "mijn collega heeft u gisteren al excuses aangeboden",
            "hij heeft u toen al sorry gezegd",
            "de monteur had ook al excuses gemaakt",
        ],
    );
    all_show(nl, "excuses", &["onze excuses voor het wachten"]);
    none_show(
        nl,
        "oplossing",
        &[
            "wil je dat ik je terugbel?",
            "wilt u dat ik het regel?",
            "wil je dat we het opsturen?",
        ],
    );
    all_show(nl, "oplossing", &["ik zorg dat ik je morgen terugbel"]);
    none_show(
        nl,
        "voordeel-benoemen",
        &[
            "in combinatie met de printer kunt u een servicecontract nemen",
            "in combinatie met de fiets kunt u een slot bestellen",
        ],
    );
    all_show(
        nl,
        "bijverkoop",
        &["in combinatie met de printer kunt u een servicecontract nemen"],
    );
}

#[test]
fn chat_u_with_a_contraction_reads_as_you_will_you_are() {
    all_show(
        en,
        "oplossing",
        &[
            "u'll get the quote before friday",
            "u'll receive a new one tmrw",
            "ok u'll have it by monday",
        ],
    );
    all_show(
        en,
        "stelt-zich-voor",
        &[
            "hello, u're speaking with Jesse from TelcoPlus",
            "hi u're talking to Mo from FitNow",
        ],
    );
}

#[test]
fn your_welcome_after_thanks_is_no_greeting() {
    none_show(
        en,
        "groet",
        &["ur welcome", "your welcome!", "you're welcome :)"],
    );
    all_show(en, "groet", &["welcome to CanalBikes!", "hi, welcome!"]);
}
