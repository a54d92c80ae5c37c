//! The `gesprekscoach` command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Gesprekscoach: oefen verkoop- en klantgesprekken (mbo Commercie, Junior accountmanager).
#[derive(Debug, Parser)]
#[command(name = "gesprekscoach", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Oefen een gesprek in de terminal. Zonder ID kies je uit een lijst.
    Practice {
        /// Id van de dialoog (zie de lijst zonder ID).
        id: Option<String>,
    },
    /// Toon je voortgang per werkproces.
    Progress,
    /// Controleer dialoogbestanden op fouten (standaard: de map met dialogen).
    Check {
        /// Een bestand of map.
        path: Option<std::path::PathBuf>,
    },
    /// Voer de voorbeelden en voorbeeldgesprekken van dialoogbestanden uit.
    Test {
        /// Een bestand of map.
        path: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _config = gesprekscoach::config::Config::from_env();
    match cli.command {
        Command::Practice { .. }
        | Command::Progress
        | Command::Check { .. }
        | Command::Test { .. } => {
            eprintln!("nog niet gebouwd");
            ExitCode::from(2)
        }
    }
}
