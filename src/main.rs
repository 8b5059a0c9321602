use clap::Parser;

// mimalloc: the checks allocate many small vectors per file, and with one thread per core
// glibc malloc was 8-9% of a run over 10,000 plans. Its v2 line: under v3 the kernel spent 15%
// of a run zeroing fresh pages (clear_page), under v2 below 1%.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
