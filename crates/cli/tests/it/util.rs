//! Helpers shared by the CLI's integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use vakt_api::Sources;
use vakt_sources::{FixedClock, SequentialIds};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped demo workspace, `playbooks/`.
pub fn playbooks() -> PathBuf {
    repo().join("playbooks")
}

/// Everything a `vakt` process printed: its standard output, then its standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fixed clock (2026-11-26 08:00 UTC), IDs from 1, and the given source of keys.
pub fn fixed_sources(keys: vakt_api::Keys) -> Sources {
    Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T08:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys,
        machine: Arc::new(vakt_sources::FixedMachine(vakt_sources::Whereabouts {
            full_name: Some("Kari".into()),
            ..vakt_sources::FixedMachine::new("kari", "test-host").0
        })),
    }
}

/// Makes sure the data directory `data` holds a person named `name` besides the person at
/// the keyboard (the binary's tests run as whoever runs them): `vakt person add NAME` once,
/// so `VAKT_ACTOR=NAME` picks them.
pub fn held(data: &Path, name: &str) {
    let needle = format!("display_name = \"{name}\"");
    let present = std::fs::read_dir(data.join("people"))
        .map(|dirs| {
            dirs.filter_map(Result::ok).any(|d| {
                std::fs::read_to_string(d.path().join("person.toml"))
                    .is_ok_and(|t| t.contains(&needle))
            })
        })
        .unwrap_or(false);
    if present {
        return;
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vakt"))
        .arg("--data-dir")
        .arg(data)
        .args(["person", "add", name])
        .env_remove("VAKT_ACTOR")
        .env_remove("VAKT_WORKSPACE")
        .output()
        .expect("vakt person add");
    assert!(o.status.success(), "vakt person add {name}: {}", text(&o));
}

/// What one in-process `vakt` invocation gave.
pub struct Ran {
    /// The exit code.
    pub code: std::process::ExitCode,
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
}

/// Runs `vakt --data-dir DATA --workspace WORKSPACE ARGS` in-process with `sources`, no
/// standard input, and the environment `env` gives.
pub fn run_in_process(
    workspace: &Path,
    data: &Path,
    sources: Sources,
    env: &dyn Fn(&str) -> Option<String>,
    args: &[&str],
) -> Ran {
    let mut argv: Vec<std::ffi::OsString> = vec!["vakt".into(), "--data-dir".into()];
    argv.push(data.into());
    argv.push("--workspace".into());
    argv.push(workspace.into());
    argv.extend(args.iter().map(Into::into));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut input: &[u8] = b"";
    let code = vakt_cli::run(
        argv,
        sources,
        &mut vakt_cli::Io {
            out: &mut out,
            err: &mut err,
            input: &mut input,
            env,
            terminal: false,
        },
    );
    Ran {
        code,
        out: String::from_utf8(out).expect("utf-8"),
        err: String::from_utf8(err).expect("utf-8"),
    }
}
