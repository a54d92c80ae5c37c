//! The bot's commands: one list from which both Telegram's command menu
//! (`setMyCommands`) and the reading of an incoming `/command` are made, so
//! a command cannot be in the menu without being understood, nor the other
//! way round without a decision that it is not for the menu.
//!
//! Reading a command parses its arguments into what the command needs (a
//! class name, a join code, a post number) where that needs nothing but
//! the text; arguments that only mean something against the database or
//! the dialogues on offer (a dialogue id, a weekly plan) stay words.

use teloxide::types::BotCommand;

use crate::school::classes::{BadClassName, ClassName};

/// Where a command is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// In Telegram's menu, with this description (every chat sees it).
    Menu(&'static str),
    /// Explained in `/docenthulp` (teachers and admins), not in the menu.
    Teachers,
    /// Understood only during a webcare shift (explained by the shift).
    Shift,
}

/// Declares the command names with their spelling, aliases and where they
/// are shown, and the list of all of them, in one place.
macro_rules! commands {
    ($( $variant:ident = $name:literal $(| $alias:literal)* => $shown:expr; )*) => {
        /// A command's name (what follows the `/`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Name { $( $variant, )* }

        impl Name {
            /// Every command, in menu order.
            pub const ALL: &'static [Name] = &[ $( Name::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( Name::$variant => $name, )* }
            }

            /// Other spellings that mean the same command.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $( Name::$variant => &[ $( $alias, )* ], )* }
            }

            pub fn shown(self) -> Shown {
                match self { $( Name::$variant => $shown, )* }
            }
        }
    };
}

commands! {
    Start = "start" => Shown::Menu("Welkom en uitleg over privacy");
    Oefen = "oefen" => Shown::Menu("Kies een oefening of start er een");
    Webcare = "webcare" => Shown::Menu("Oefen een webcaredienst (B1-K2-W3)");
    Hint = "hint" => Shown::Menu("Een tip voor je volgende antwoord");
    Stop = "stop" => Shown::Menu("Stop de oefening en zie je scorekaart");
    Voortgang = "voortgang" => Shown::Menu("Je voortgang per werkproces");
    Opdrachten = "opdrachten" => Shown::Menu("Opdrachten van je docent");
    Klas = "klas" => Shown::Menu("Word lid van je klas met de klascode");
    MijnGegevens = "mijngegevens" => Shown::Menu("Alles wat over jou bewaard is");
    VergeetMij = "vergeetmij" => Shown::Menu("Wis al je gegevens");
    Help = "help" => Shown::Menu("Uitleg en alle commando's");
    Escaleer = "escaleer" | "escaleren" => Shown::Shift;
    DocentCode = "docentcode" => Shown::Teachers;
    Docent = "docent" => Shown::Teachers;
    DocentHulp = "docenthulp" => Shown::Teachers;
    NieuweKlas = "nieuweklas" => Shown::Teachers;
    Klassen = "klassen" => Shown::Teachers;
    Hernoem = "hernoem" => Shown::Teachers;
    Oefeningen = "oefeningen" => Shown::Teachers;
    Sjabloon = "sjabloon" => Shown::Teachers;
    Opdracht = "opdracht" => Shown::Teachers;
    Herinner = "herinner" => Shown::Teachers;
    Planning = "planning" => Shown::Teachers;
    MijnDialogen = "mijndialogen" => Shown::Teachers;
    VerwijderDialoog = "verwijderdialoog" => Shown::Teachers;
    Publiceer = "publiceer" => Shown::Teachers;
    Depubliceer = "depubliceer" => Shown::Teachers;
    Reflecties = "reflecties" => Shown::Teachers;
    Dashboard = "dashboard" => Shown::Teachers;
    Overzicht = "overzicht" => Shown::Teachers;
    Leerling = "leerling" => Shown::Teachers;
}

impl Name {
    /// The name typed after `/` (any case; `/start@MijnBot` is `start`).
    pub fn parse(typed: &str) -> Option<Name> {
        let typed = typed.split('@').next().unwrap_or(typed).to_lowercase();
        Name::ALL
            .iter()
            .copied()
            .find(|n| n.as_str() == typed || n.aliases().contains(&typed.as_str()))
    }
}

/// The commands of Telegram's menu (`setMyCommands`).
pub fn menu() -> Vec<BotCommand> {
    Name::ALL
        .iter()
        .filter_map(|n| match n.shown() {
            Shown::Menu(description) => Some(BotCommand::new(n.as_str(), description)),
            Shown::Teachers | Shown::Shift => None,
        })
        .collect()
}

/// A command with its arguments read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start [CODE]`: a deep link carries a class's join code.
    Start {
        join: Option<String>,
    },
    Help,
    /// `/klas [CODE]`.
    Klas {
        join: Option<String>,
    },
    /// `/oefen [ID]`.
    Oefen {
        dialogue: Option<String>,
    },
    /// `/webcare [ID]`.
    Webcare {
        scenario: Option<String>,
    },
    Hint,
    Stop,
    /// `/escaleer [N]`: post N, or the oldest open one.
    Escaleer {
        post: Option<u32>,
    },
    Voortgang,
    Opdrachten,
    MijnGegevens,
    VergeetMij,
    DocentCode,
    /// `/docent CODE`.
    Docent {
        invite: Option<String>,
    },
    DocentHulp,
    /// `/nieuweklas NAAM` (the whole argument is the name, so a name with
    /// spaces is refused with an explanation).
    NieuweKlas {
        name: Result<ClassName, BadClassName>,
    },
    Klassen,
    /// `/hernoem KLAS NIEUWE-NAAM`: `to` is None unless exactly one new name
    /// follows the class.
    Hernoem {
        class: String,
        to: Option<String>,
    },
    Oefeningen,
    /// `/sjabloon ID`.
    Sjabloon {
        dialogue: Option<String>,
    },
    /// `/opdracht KLAS OEFENING [DEADLINE]`, read against the class's
    /// dialogues and the school's calendar.
    Opdracht {
        words: Vec<String>,
    },
    /// `/herinner KLAS`.
    Herinner {
        class: String,
    },
    /// `/planning KLAS [WIJZIGING]`, read against the class's dialogues.
    Planning {
        words: Vec<String>,
    },
    MijnDialogen,
    /// `/verwijderdialoog ID`.
    VerwijderDialoog {
        dialogue: String,
    },
    /// `/publiceer ID` (`everyone`) or `/depubliceer ID`.
    Publiceer {
        dialogue: String,
        everyone: bool,
    },
    /// `/reflecties KLAS`.
    Reflecties {
        class: String,
    },
    /// `/dashboard`: a one-time login link for the web dashboard.
    Dashboard,
    /// `/overzicht KLAS`.
    Overzicht {
        class: String,
    },
    /// `/leerling KLAS NR-of-NAAM`.
    Leerling {
        class: String,
        who: String,
    },
}

/// An incoming text that starts with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Command(Command),
    /// A name that is no command of this bot.
    Unknown,
}

/// Reads a message's text; None when it is no command (no leading `/`).
pub fn parse(body: &str) -> Option<Parsed> {
    let command = body.strip_prefix('/')?;
    let (name, args) = command
        .split_once(char::is_whitespace)
        .unwrap_or((command, ""));
    Some(match Name::parse(name) {
        Some(name) => Parsed::Command(Command::read(name, args.trim())),
        None => Parsed::Unknown,
    })
}

impl Command {
    /// Reads `args` (trimmed) for the command `name`.
    pub fn read(name: Name, args: &str) -> Command {
        let words: Vec<&str> = args.split_whitespace().collect();
        let first = || words.first().map(|w| w.to_string());
        let first_or_empty = || first().unwrap_or_default();
        match name {
            Name::Start => Command::Start { join: first() },
            Name::Help => Command::Help,
            Name::Klas => Command::Klas { join: first() },
            Name::Oefen => Command::Oefen { dialogue: first() },
            Name::Webcare => Command::Webcare { scenario: first() },
            Name::Hint => Command::Hint,
            Name::Stop => Command::Stop,
            Name::Escaleer => Command::Escaleer {
                post: args.trim_start_matches(['@', '#']).parse().ok(),
            },
            Name::Voortgang => Command::Voortgang,
            Name::Opdrachten => Command::Opdrachten,
            Name::MijnGegevens => Command::MijnGegevens,
            Name::VergeetMij => Command::VergeetMij,
            Name::DocentCode => Command::DocentCode,
            Name::Docent => Command::Docent { invite: first() },
            Name::DocentHulp => Command::DocentHulp,
            Name::NieuweKlas => Command::NieuweKlas {
                name: ClassName::parse(args),
            },
            Name::Klassen => Command::Klassen,
            Name::Dashboard => Command::Dashboard,
            Name::Hernoem => Command::Hernoem {
                class: first_or_empty(),
                to: match words.as_slice() {
                    [_, to] => Some(to.to_string()),
                    _ => None,
                },
            },
            Name::Oefeningen => Command::Oefeningen,
            Name::Sjabloon => Command::Sjabloon { dialogue: first() },
            Name::Opdracht => Command::Opdracht {
                words: words.iter().map(|w| w.to_string()).collect(),
            },
            Name::Herinner => Command::Herinner {
                class: first_or_empty(),
            },
            Name::Planning => Command::Planning {
                words: words.iter().map(|w| w.to_string()).collect(),
            },
            Name::MijnDialogen => Command::MijnDialogen,
            Name::VerwijderDialoog => Command::VerwijderDialoog {
                dialogue: first_or_empty(),
            },
            Name::Publiceer => Command::Publiceer {
                dialogue: first_or_empty(),
                everyone: true,
            },
            Name::Depubliceer => Command::Publiceer {
                dialogue: first_or_empty(),
                everyone: false,
            },
            Name::Reflecties => Command::Reflecties {
                class: first_or_empty(),
            },
            Name::Overzicht => Command::Overzicht {
                class: first_or_empty(),
            },
            Name::Leerling => {
                let (class, who) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
                Command::Leerling {
                    class: class.to_string(),
                    who: who.trim().to_string(),
                }
            }
        }
    }

    /// The command's name (for `/depubliceer`, the name it was typed as).
    pub fn name(&self) -> Name {
        match self {
            Command::Start { .. } => Name::Start,
            Command::Help => Name::Help,
            Command::Klas { .. } => Name::Klas,
            Command::Oefen { .. } => Name::Oefen,
            Command::Webcare { .. } => Name::Webcare,
            Command::Hint => Name::Hint,
            Command::Stop => Name::Stop,
            Command::Escaleer { .. } => Name::Escaleer,
            Command::Voortgang => Name::Voortgang,
            Command::Opdrachten => Name::Opdrachten,
            Command::MijnGegevens => Name::MijnGegevens,
            Command::VergeetMij => Name::VergeetMij,
            Command::DocentCode => Name::DocentCode,
            Command::Docent { .. } => Name::Docent,
            Command::DocentHulp => Name::DocentHulp,
            Command::NieuweKlas { .. } => Name::NieuweKlas,
            Command::Klassen => Name::Klassen,
            Command::Dashboard => Name::Dashboard,
            Command::Hernoem { .. } => Name::Hernoem,
            Command::Oefeningen => Name::Oefeningen,
            Command::Sjabloon { .. } => Name::Sjabloon,
            Command::Opdracht { .. } => Name::Opdracht,
            Command::Herinner { .. } => Name::Herinner,
            Command::Planning { .. } => Name::Planning,
            Command::MijnDialogen => Name::MijnDialogen,
            Command::VerwijderDialoog { .. } => Name::VerwijderDialoog,
            Command::Publiceer { everyone: true, .. } => Name::Publiceer,
            Command::Publiceer {
                everyone: false, ..
            } => Name::Depubliceer,
            Command::Reflecties { .. } => Name::Reflecties,
            Command::Overzicht { .. } => Name::Overzicht,
            Command::Leerling { .. } => Name::Leerling,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_and_alias_reads_back_as_its_own_command() {
        for &name in Name::ALL {
            for typed in std::iter::once(name.as_str()).chain(name.aliases().iter().copied()) {
                match parse(&format!("/{typed}")) {
                    Some(Parsed::Command(c)) => assert_eq!(c.name(), name, "/{typed}"),
                    other => panic!("/{typed} read as {other:?}"),
                }
            }
        }
    }

    #[test]
    fn names_are_unique_across_commands_and_aliases() {
        let mut seen = std::collections::BTreeSet::new();
        for &name in Name::ALL {
            for typed in std::iter::once(name.as_str()).chain(name.aliases().iter().copied()) {
                assert!(seen.insert(typed), "/{typed} twice");
            }
        }
    }

    #[test]
    fn the_menu_is_the_commands_shown_in_it_in_order() {
        let menu: Vec<String> = menu().into_iter().map(|c| c.command).collect();
        let shown: Vec<String> = Name::ALL
            .iter()
            .filter(|n| matches!(n.shown(), Shown::Menu(_)))
            .map(|n| n.as_str().to_string())
            .collect();
        assert_eq!(menu, shown);
        assert_eq!(menu.first().map(String::as_str), Some("start"));
        assert!(!menu.iter().any(|c| c == "docent" || c == "escaleer"));
    }

    #[test]
    fn commands_are_read_in_any_case_and_addressed_to_any_bot_name() {
        assert_eq!(
            parse("/START@GesprekscoachBot koffie42"),
            Some(Parsed::Command(Command::Start {
                join: Some("koffie42".into())
            }))
        );
        assert_eq!(parse("/onbekend x"), Some(Parsed::Unknown));
        assert_eq!(parse("/"), Some(Parsed::Unknown));
        assert_eq!(parse("geen commando"), None);
    }

    #[test]
    fn arguments_are_read_into_what_the_command_needs() {
        let read = |body: &str| match parse(body) {
            Some(Parsed::Command(c)) => c,
            other => panic!("{body}: {other:?}"),
        };
        assert_eq!(read("/escaleer #3"), Command::Escaleer { post: Some(3) });
        assert_eq!(read("/escaleren"), Command::Escaleer { post: None });
        assert_eq!(
            read("/oefen  test-koffie  extra"),
            Command::Oefen {
                dialogue: Some("test-koffie".into())
            }
        );
        assert_eq!(read("/klas"), Command::Klas { join: None });
        assert_eq!(
            read("/nieuweklas 4C 2026"),
            Command::NieuweKlas {
                name: Err(BadClassName::Spaces)
            }
        );
        assert!(matches!(
            read("/nieuweklas 4C-2026"),
            Command::NieuweKlas { name: Ok(n) } if n.as_str() == "4C-2026"
        ));
        assert_eq!(
            read("/hernoem 4C 4D"),
            Command::Hernoem {
                class: "4C".into(),
                to: Some("4D".into())
            }
        );
        assert_eq!(
            read("/hernoem 4C 4D 4E"),
            Command::Hernoem {
                class: "4C".into(),
                to: None
            }
        );
        assert_eq!(
            read("/leerling 2B  Sanne de Vries "),
            Command::Leerling {
                class: "2B".into(),
                who: "Sanne de Vries".into()
            }
        );
        assert_eq!(read("/depubliceer x").name(), Name::Depubliceer);
    }
}
