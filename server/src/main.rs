//! `cassadmin`: see `cassadmin --help` and [`cassadmin::cli`].

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    cassadmin::cli::run(cassadmin::cli::Cli::parse()).await
}
