//! The Dutch misses of issues 13 and 15, each fixed at its cause in the
//! matcher: real words are never "corrected", dates and times are no prices,
//! follow-ups need a future, and natural wordings count.

use gesprekscoach::matching::{Detection, Matcher};

fn shows(text: &str) -> Vec<String> {
    Matcher::new().detect(text).behaviours
}

fn has(det: &Detection, ids: &[&str]) -> bool {
    ids.iter().all(|id| det.has(id))
}

#[test]
fn a_prince_arriving_on_a_date_is_no_price_solution_or_appointment() {
    assert!(shows("De prins komt op 5 december.").is_empty());
    assert!(shows("Ik betaal het op 5 december.").is_empty());
    assert!(
        Matcher::new()
            .detect("het totaal komt op 5 euro")
            .has("noemt-prijs")
    );
}

#[test]
fn a_mail_already_sent_today_is_no_follow_up_appointment() {
    assert_eq!(shows("Ik heb u vandaag al een mail gestuurd."), ["u-vorm"]);
    assert!(!shows("De offerte is vandaag verstuurd.").contains(&"vervolgafspraak".into()));
    // A perfect that points to the future still is one.
    let det = Matcher::new().detect("Ik heb u ingepland voor morgen om 10 uur.");
    assert!(det.has("vervolgafspraak"));
}

#[test]
fn solving_it_today_is_a_solution_with_a_concrete_moment() {
    let m = Matcher::new();
    assert!(has(
        &m.detect("We lossen het vandaag op."),
        &["oplossing", "vervolgafspraak"]
    ));
    assert!(has(
        &m.detect("De monteur komt morgen langs."),
        &["oplossing", "vervolgafspraak"]
    ));
    assert!(has(
        &m.detect("vrijdag 9u staat de monteur bij u op de stoep"),
        &["oplossing", "vervolgafspraak"]
    ));
}

#[test]
fn appointments_count_however_the_date_and_time_are_punctuated() {
    let m = Matcher::new();
    for reply in [
        "ik kom di 10u langs",
        "ik bel u dinsdag 10.00",
        "ik kom 14-1 om half 3 langs",
        "ik kom do 12/3 om 11.00 langs",
        "ik bel u wo 15:30",
        "ik kom maandag de 3e om 14u langs",
        "ik bel u om 10:00u",
    ] {
        assert!(m.detect(reply).has("vervolgafspraak"), "{reply}");
    }
    assert!(
        !m.detect("u ontvangt het binnen 1-2 werkdagen")
            .has("noemt-prijs")
    );
    assert!(!m.detect("ik bel om 10 u").has("u-vorm"));
}

#[test]
fn begrijp_ik_goed_dat_is_a_summary_not_empathy() {
    let det = Matcher::new().detect("Begrijp ik goed dat jullie vooral last hebben van storingen?");
    assert!(det.has("samenvatten"));
    assert!(!det.has("empathie"));
}

#[test]
fn a_summary_without_marker_words_counts() {
    let det = Matcher::new().detect(
        "Even voor mezelf op een rijtje: dertig collega's, klanten die een goede cappuccino \
         willen, een machine die het blijft doen en een prijs binnen het budget. Heb ik alles?",
    );
    assert!(det.has("samenvatten"));
    assert!(
        Matcher::new()
            .detect("u wilt twintig stoelen in het zwart, klopt dat?")
            .has("samenvatten")
    );
}

#[test]
fn polite_disagreement_is_not_unprofessional() {
    assert_eq!(shows("Ik ben het niet met u eens."), ["u-vorm"]);
}

#[test]
fn refusing_to_apologise_is_unprofessional_and_no_apology() {
    assert_eq!(
        shows("Het spijt me niet, zo is het beleid."),
        ["onprofessioneel"]
    );
    assert!(
        Matcher::new()
            .detect("het spijt me u niet te kunnen helpen")
            .has("excuses")
    );
}

#[test]
fn naming_only_the_company_is_an_introduction() {
    assert_eq!(
        shows("Wij zijn ErgoPlus en wij verkopen bureaustoelen."),
        ["stelt-zich-voor"]
    );
    assert!(!shows("wij zijn blij met uw bestelling").contains(&"stelt-zich-voor".into()));
}

#[test]
fn fillers_before_an_introduction_do_not_hide_it() {
    assert_eq!(
        shows("ja hallo met kevin van ergoplus"),
        ["groet", "stelt-zich-voor"]
    );
    assert!(!shows("ja hallo, met wie spreek ik?").contains(&"stelt-zich-voor".into()));
}

#[test]
fn a_name_first_introduction_counts() {
    assert_eq!(shows("Noa Jacobs van ErgoPlus hier"), ["stelt-zich-voor"]);
    assert!(!shows("Stoelen van ErgoPlus zijn stevig").contains(&"stelt-zich-voor".into()));
}

#[test]
fn a_question_that_points_back_at_the_customers_words_is_a_follow_up() {
    let m = Matcher::new();
    let q = "Hoe lang duurt het meestal voordat de machine weer werkt?";
    assert!(has(&m.detect(q), &["open-vraag", "doorvragen"]));
    // With the customer's line as context a question on their own words counts too.
    let det = m.detect_after(
        "Onze koffiemachine valt steeds uit.",
        "Welke koffiemachine gebruiken jullie nu?",
        &[],
    );
    assert!(det.has("doorvragen"));
    let det = m.detect_after(
        "Onze koffiemachine valt steeds uit.",
        "Hoeveel collega's werken er op kantoor?",
        &[],
    );
    assert!(!det.has("doorvragen"));
}

#[test]
fn a_benefit_with_dus_counts_as_a_benefit() {
    let det = Matcher::new().detect(
        "Bij ons zitten onderhoud en service in de maandprijs, dus u weet precies waar u aan toe bent",
    );
    assert!(det.has("voordeel-benoemen"));
    assert!(
        Matcher::new()
            .detect("de accu gaat 80 km mee, dan hoeven uw gasten onderweg niet te laden")
            .has("voordeel-benoemen")
    );
    assert!(
        !shows("zodat u het weet: de winkel is morgen dicht").contains(&"voordeel-benoemen".into())
    );
}

#[test]
fn an_apology_without_sorry_counts() {
    for reply in [
        "dat had echt niet mogen gebeuren",
        "mijn fout, ik had het verkeerde adres genoteerd",
        "dat is bij ons fout gegaan",
    ] {
        assert!(Matcher::new().detect(reply).has("excuses"), "{reply}");
    }
    assert!(!shows("dat is niet onze fout, de vervoerder was te laat").contains(&"excuses".into()));
}

#[test]
fn a_name_first_introduction_after_an_address_or_with_trouwens_counts() {
    let m = Matcher::new();
    for reply in [
        "Goedendag mevrouw Peters, Daan de Vries van TechPlus hier.",
        "Hallo meneer Bos! Mila Jansen van GroenRent, fijn dat u tijd heeft.",
        "Ja, druk hè. Tom Bakker trouwens, van LiftRent.",
        "Goedemorgen mevrouw Kok, Eva van den Berg, TechPlus Groothandel.",
    ] {
        assert!(m.detect(reply).has("stelt-zich-voor"), "{reply}");
    }
    // The customer's own company after an address is no introduction.
    assert!(
        !m.detect("Dag mevrouw Smit van ErgoPlus")
            .has("stelt-zich-voor")
    );
    assert!(
        !m.detect("Mijn collega Jan van Dijk belt u morgen.")
            .has("stelt-zich-voor")
    );
    assert!(
        !m.detect("Dus Jan de Vries, Amsterdam, klopt dat?")
            .has("stelt-zich-voor")
    );
}

#[test]
fn a_summary_that_notes_or_lists_and_checks_counts() {
    let m = Matcher::new();
    for reply in [
        "Dan noteer ik: twee machines, vanaf maandag.",
        "Ik schrijf 40 stoelen en levering in mei op.",
        "Even voor mezelf: budget 5000, start in juni, twintig mensen.",
        "Twee ruimtes, elke avond schoonmaken en geen weekend. Zo goed?",
    ] {
        assert!(m.detect(reply).has("samenvatten"), "{reply}");
    }
    assert!(!m.detect("Ik schrijf u morgen een mail.").has("samenvatten"));
    assert!(!m.detect("Wilt u koffie, thee of water?").has("samenvatten"));
}

#[test]
fn what_the_customers_people_get_is_a_benefit() {
    let m = Matcher::new();
    assert!(
        m.detect("Hij is stil, dus uw medewerkers hebben er geen last van.")
            .has("voordeel-benoemen")
    );
    assert!(
        m.detect("Tien jaar garantie, dus daar heeft u jaren plezier van.")
            .has("voordeel-benoemen")
    );
    assert!(
        !m.detect("Wat krijgen uw klanten nu?")
            .has("voordeel-benoemen")
    );
}

#[test]
fn open_questions_after_a_colon_or_embedded_in_weet_count() {
    let m = Matcher::new();
    for reply in [
        "Eerst even dit: hoe lang werkt u al met deze machine?",
        "Met hoeveel collega's werkt u?",
        "Weet de leverancier al hoe laat hij komt?",
        "Druk in welke zin: veel klanten of weinig mensen?",
    ] {
        let det = m.detect(reply);
        assert!(det.has("open-vraag") || det.has("doorvragen"), "{reply}");
    }
}

#[test]
fn two_offered_moments_are_an_appointment() {
    let m = Matcher::new();
    assert!(
        m.detect("Ik kan maandag om tien uur of woensdag om twee uur.")
            .has("vervolgafspraak")
    );
    assert!(
        m.detect("Zullen we het donderdag om drie uur samen doornemen?")
            .has("vervolgafspraak")
    );
    assert!(
        !m.detect("Ik kan niet maandag of dinsdag.")
            .has("vervolgafspraak")
    );
}

#[test]
fn inverted_understanding_is_empathy() {
    let m = Matcher::new();
    assert!(
        m.detect("Met zo'n planning snap ik dat u het spannend vindt.")
            .has("empathie")
    );
    assert!(
        m.detect("Na die storing begrijp ik het wel.")
            .has("empathie")
    );
}

#[test]
fn blaming_dismissing_and_belittling_are_unprofessional() {
    let m = Matcher::new();
    for reply in [
        "Dat ligt echt niet aan ons, u had het eerder moeten melden.",
        "Dan moet u het lekker zelf weten.",
        "Luister nou eens, ik leg het nog één keer uit.",
        "Dat zou u als inkoper toch moeten weten.",
        "Die oude apparaten zijn gewoon troep.",
        "Dat komt doordat jullie de filters nooit vervangen.",
    ] {
        assert!(m.detect(reply).has("onprofessioneel"), "{reply}");
    }
    for reply in [
        "Het is niet onze schuld en ook niet die van u: de storm hield de vrachtwagen op.",
        "Ik luister graag naar uw wensen.",
        "Dat komt omdat de vervoerder niet op tijd was.",
    ] {
        assert!(!m.detect(reply).has("onprofessioneel"), "{reply}");
    }
}

#[test]
fn offering_to_plan_the_product_in_is_a_closing_question_and_approval_an_escalation() {
    let m = Matcher::new();
    assert!(
        m.detect("Zal ik hem voor u laten installeren?")
            .has("afsluitvraag")
    );
    assert!(
        !m.detect("Zullen we vrijdag om 10.00 een belafspraak inplannen?")
            .has("afsluitvraag")
    );
    assert!(
        m.detect("Ik laat het vandaag nog goedkeuren door Fatima.")
            .has("escaleren")
    );
    assert!(
        m.detect("Daar vraag ik eerst toestemming voor bij mijn chef.")
            .has("escaleren")
    );
    assert!(
        !m.detect("Daar heeft u geen toestemming voor nodig.")
            .has("escaleren")
    );
}

#[test]
fn asking_what_happened_next_after_the_customers_story_is_a_follow_up_question() {
    let m = Matcher::new();
    let story = "Ik zag op Instagram een advertentie van een keuken met zo'n groen werkblad, \
                 prachtig. Toen heb ik op uw website met de keukenplanner gespeeld.";
    for question in [
        "Oké. En wat gebeurde er daarna?",
        "Wat deed u vervolgens?",
        "Hoe ging het toen verder?",
    ] {
        let det = m.detect_after(story, question, &[]);
        assert!(det.has("doorvragen"), "{question}: {:?}", det.behaviours);
    }
    // A question after the story that does not ask what came next is no
    // follow-up by these words.
    let other = m.detect_after(story, "Hoeveel kost de montage?", &[]);
    assert!(!other.has("doorvragen"), "{:?}", other.behaviours);
}

#[test]
fn listing_the_points_after_the_customer_asks_for_a_summary_is_a_summary() {
    let m = Matcher::new();
    let asked = "Prima. Kunt u de afspraken nog even samenvatten?";
    for reply in [
        "Zeker: 12 stoelen met armleuningen, levering in week 14, montage door ons en € 4.200 exclusief btw.",
        "goed, 30 koffiemachines, onderhoud inbegrepen, een proefperiode van een maand en ik mail de offerte morgen",
    ] {
        assert!(
            m.detect_after(asked, reply, &[]).has("samenvatten"),
            "{reply:?}"
        );
    }
    // Asking what the student wrote down asks for the same.
    assert!(
        m.detect_after(
            "Wacht even, wat heb je nu precies genoteerd?",
            "doel 300 klanten, vooral gezinnen, een frisse uitstraling en 2000 euro budget",
            &[]
        )
        .has("samenvatten")
    );
    // The same list without the request, a list of questions and a
    // postponed summary are none.
    let list = "Zeker: 12 stoelen met armleuningen, levering in week 14, montage door ons en € 4.200 exclusief btw.";
    assert!(
        !m.detect_after("Wat kost dat?", list, &[])
            .has("samenvatten")
    );
    assert!(
        !m.detect_after(
            asked,
            "Wat is uw budget, hoeveel mensen werken er en wanneer wilt u de stoelen hebben?",
            &[]
        )
        .has("samenvatten")
    );
    assert!(
        !m.detect_after(
            asked,
            "Eerst nog een vraag over de levering, de montage en het budget, dan vat ik het samen straks.",
            &[]
        )
        .has("samenvatten")
    );
}
