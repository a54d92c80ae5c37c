//! The reply mixes of the matcher benchmark, shared with
//! `examples/matcher_stages.rs` (a bench target cannot be imported, so both
//! include this file by path).

/// Dutch replies as students write them: formal, chat style, typos, amounts.
pub const REPLIES: &[&str] = &[
    "Goedemiddag, u spreekt met Sanne van ErgoPlus.",
    "hoi! waar gaat de stoel vooral voor gebruikt worden?",
    "Exuses voor t ongemak, ik zoek het ff voor u uit",
    "Stuur ons even een DM met je ordernummer, dan kijken we mee",
    "Ik leg uw vraag voor aan mijn leidinggevende en bel u morgen voor 12 uur terug.",
    "dat wordt dan € 1.210,00 incl. btw",
    "tja dat is niet ons probleem",
    "Wilt u er ook een voetensteun bij? Dat scheelt u rugklachten.",
    "ik begrijp het niet",
    "Dus als ik u goed begrijp zoekt u 40 stoelen voor januari?",
    "kheb ff gekeken, je bestelling ligt nog in t magazijn. ik zorg dat hij morgen de deur uit gaat 👍",
    "sooorry!! wss komt t pakket morgen pas, mss kan ik iets anders voor je doen?",
    "ok",
    "Bedankt voor het gesprek meneer Smit. Zoals afgesproken stuur ik u vandaag nog de offerte voor de 8 werkplekken, en ik bel u volgende week dinsdag om 11 uur om hem door te nemen.",
    "wat vervelend! ik snap dat je dat niet wilt, we sturen je zsm een nieuwe",
    "zullen we de order zo vastleggen?",
];

/// The same mix in English.
pub const ENGLISH_REPLIES: &[&str] = &[
    "Good afternoon, you're speaking with Sanne from ErgoPlus.",
    "hi! what will the chairs mainly be used for?",
    "Sorry for the inconvenience, I'll look into it for u",
    "Send us a DM with ur order number and we'll have a look",
    "I'll discuss your question with my manager and call you back tomorrow before 12.",
    "that comes to €1,210.00 incl. VAT",
    "well that's not our problem",
    "Would you like a footrest with that? It saves you back pain.",
    "I don't understand",
    "So if I understand you correctly, you need 40 chairs for January?",
    "checked it, ur order is still in the warehouse. I'll make sure it ships tomorrow 👍",
    "sooorry!! the parcel prob won't arrive before friday, can I do anything else for you?",
    "ok",
    "Thank you for your time, Mr Smith. As agreed I'll send you the quote for the 8 workstations today, and I'll call you next Tuesday at 11 to go through it.",
    "how annoying! I get that you don't want that, we'll send you a new one asap",
    "Shall we go ahead with the order?",
];
