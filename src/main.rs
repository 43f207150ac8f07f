//! The `tm` command: parses the command line, runs it, maps errors to exit codes.

mod cli;
mod server;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc: an import allocates on its reading thread what it frees on its storing
/// thread, which the system allocator serializes with locks (see `tm::ops::import`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `tm … | head` closes the pipe early: that is not a failure.
            let broken_pipe = err
                .chain()
                .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == ErrorKind::BrokenPipe));
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("tm: {err:#}");
            cli::Exit::Problems.into()
        }
    }
}
