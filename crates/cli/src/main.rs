//! The `vakt` binary: the system's clock, IDs, keys and terminal handed to [`vakt_cli::run`].

use std::process::ExitCode;
use std::sync::Arc;

use vakt_api::Sources;
use vakt_sources::{RandomIds, SystemClock, SystemMachine};

fn main() -> ExitCode {
    let sources = Sources {
        clock: Arc::new(SystemClock),
        ids: Arc::new(RandomIds),
        keys: Sources::os_keys(),
        machine: Arc::new(SystemMachine),
    };
    let env = |name: &str| std::env::var(name).ok();
    let (stdout, stderr, stdin) = (std::io::stdout(), std::io::stderr(), std::io::stdin());
    let (mut out, mut err, mut input) = (stdout.lock(), stderr.lock(), stdin.lock());
    vakt_cli::run(
        std::env::args_os(),
        sources,
        &mut vakt_cli::Io {
            out: &mut out,
            err: &mut err,
            input: &mut input,
            env: &env,
            terminal: std::io::IsTerminal::is_terminal(&std::io::stdin()),
        },
    )
}
