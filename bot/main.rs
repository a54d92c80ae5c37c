//! The `gesprekscoach` command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gesprekscoach::dialogue;

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
    let config = gesprekscoach::config::Config::from_env();
    match cli.command {
        Command::Practice { .. } | Command::Progress => {
            eprintln!("nog niet gebouwd");
            ExitCode::from(2)
        }
        Command::Check { path } => {
            let path = path.unwrap_or_else(|| config.dialogues_dir.clone());
            let mut out = std::io::stdout().lock();
            exit(dialogue::commands::check(
                &path,
                &config.dialogues_dir,
                &mut out,
            ))
        }
        Command::Test { path } => {
            let path = path.unwrap_or_else(|| config.dialogues_dir.clone());
            let matcher = gesprekscoach::matching::Matcher::new();
            let mut out = std::io::stdout().lock();
            exit(dialogue::commands::test(
                &path,
                &config.dialogues_dir,
                &matcher,
                &mut out,
            ))
        }
    }
}

/// Exit status of `check`/`test`: 0 when all is well, 1 on problems or failures.
fn exit(result: std::io::Result<bool>) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kan de uitvoer niet schrijven: {e}");
            ExitCode::from(1)
        }
    }
}
