//! `tidemark`: the headless field app. The same replica code as the desktop
//! app, for technicians, scripts and bulk work: init a data directory,
//! register households and rafts, log events, import and export.

/// `println!` that ends the program quietly when standard output is closed
/// (`tidemark export | head`), instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

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
        Err(tidemark_device::DeviceError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => output::report_error(&e, lang),
    }
}
