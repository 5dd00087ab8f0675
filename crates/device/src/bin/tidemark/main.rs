//! `tidemark`: the headless field app. The same replica code as the desktop
//! app, for technicians, scripts and bulk work: init a data directory,
//! register households and rafts, log events, import and export.

mod args;
mod output;
mod run;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let lang = output::Lang::from_env(cli.lang.as_deref());
    match run::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::report_error(&e, lang),
    }
}
