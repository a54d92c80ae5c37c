//! The replies of the "customer listens" benchmark, shared with
//! `examples/listens_cost.rs` (a bench target cannot be imported, so both
//! include this file by path): questions and statements at the `situatie`
//! step of verkoopgesprek-behoefteanalyse.

pub const REPLIES: &[&str] = &[
    "Wat vervelend. Hoeveel mensen werken er bij u?",
    "hoe vaak staat dat ding dan in storing",
    "Kunt u daar meer over vertellen?",
    "U heeft dertig medewerkers, dus de Barista Pro past goed.",
    "mag ik vragen wat ongeveer uw budget is?",
    "Heeft u een hond op kantoor?",
    "Dus als ik u goed begrijp zoekt u een betrouwbare machine met goede cappuccino voor 30 mensen. Klopt dat?",
    "ok",
    "Dan adviseer ik de Barista Pro, zodat u altijd verse cappuccino heeft. Hij kost € 89 per maand excl. btw.",
    "wie beslist er eigenlijk over de aanschaf van zo'n machine bij jullie?",
];
