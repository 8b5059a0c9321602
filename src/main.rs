use clap::Parser;
use planlint::cli::{run, Cli};

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("planlint: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
