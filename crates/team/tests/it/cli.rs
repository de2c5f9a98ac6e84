//! The commands end to end, in-process, against a real server: `vakt team init`, `enrol`,
//! `approve`, `sync`, `status`, `anchor`, `vakt journal verify --against-server`, and
//! `vakt journal bundle export/import`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use vakt_api::Sources;
use vakt_sources::{FixedMachine, RandomIds, SystemClock};

use crate::pg::Cluster;

/// Runs `vakt` in-process as `actor`: the person at the keyboard of that laptop (an OS account
/// named after them), so `VAKT_ACTOR` picks the person held in its data directory.
pub fn vakt(data: &Path, actor: &str, args: &[&str]) -> (ExitCode, String, String) {
    let login = actor.to_lowercase();
    let sources = Sources {
        clock: Arc::new(SystemClock),
        ids: Arc::new(RandomIds),
        keys: Sources::os_keys(),
        machine: Arc::new({
            let mut machine = FixedMachine::new(&login, &format!("laptop-{login}"));
            machine.0.full_name = Some(actor.to_string());
            machine
        }),
    };
    let actor = actor.to_string();
    let env = move |name: &str| (name == "VAKT_ACTOR").then(|| actor.clone());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut input: &[u8] = b"";
    let data = data.display().to_string();
    let code = vakt_cli::run(
        ["vakt", "--data-dir", &data]
            .into_iter()
            .chain(args.iter().copied())
            .map(Into::into),
        sources,
        &mut vakt_cli::Io {
            out: &mut out,
            err: &mut err,
            input: &mut input,
            env: &env,
            terminal: false,
        },
    );
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn ok(data: &Path, actor: &str, args: &[&str]) -> String {
    let (code, out, err) = vakt(data, actor, args);
    assert_eq!(code, ExitCode::SUCCESS, "vakt {args:?}: {out}{err}");
    out
}

#[test]
fn the_commands_enrol_approve_sync_compare_and_carry_bundles() {
    let cluster = Cluster::start();
    let mut admin =
        postgres::Client::connect(&cluster.conninfo("vakt", "postgres"), postgres::NoTls).unwrap();
    admin
        .batch_execute("CREATE DATABASE team ENCODING 'UTF8' TEMPLATE template0")
        .unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let owner = cluster.conninfo("vakt", "team");
    let text = ok(a.path(), "Ingrid", &["team", "init", "--server", &owner]);
    assert!(text.contains("applied migrations [1, 2, 3, 4]"), "{text}");
    let again = ok(a.path(), "Ingrid", &["team", "init", "--server", &owner]);
    assert!(again.contains("up to date"), "{again}");
    let mut owner_client = vakt_team::connect(&owner).unwrap();
    for (login, is_admin) in [("ingrid", true), ("ola", false)] {
        vakt_team::add_member(&mut owner_client, login, None, is_admin).unwrap();
    }

    let enrolled = ok(
        a.path(),
        "Ingrid",
        &[
            "team",
            "enrol",
            "--server",
            &cluster.conninfo("ingrid", "team"),
        ],
    );
    assert!(enrolled.contains("waiting for approval"), "{enrolled}");
    let enrolled_b = ok(
        b.path(),
        "Ola",
        &[
            "--json",
            "team",
            "enrol",
            "--server",
            &cluster.conninfo("ola", "team"),
        ],
    );
    let b_device = serde_json::from_str::<serde_json::Value>(&enrolled_b).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a_device = enrolled.split_whitespace().next().unwrap().to_string();
    // Ingrid is a team administrator: she approves both from her laptop (her saved server).
    for device in [&a_device, &b_device] {
        let approved = ok(a.path(), "Ingrid", &["team", "approve", device]);
        assert!(approved.contains("approved by ingrid"), "{approved}");
    }
    // Ola is not: his approval is refused by the server.
    let (code, _, err) = vakt(b.path(), "Ola", &["team", "approve", &a_device]);
    assert_ne!(code, ExitCode::SUCCESS);
    assert!(
        err.contains("vakt_admin") || err.contains("permission denied"),
        "{err}"
    );

    ok(a.path(), "Ingrid", &["journal", "soak", "--count", "3"]);
    let status = ok(a.path(), "Ingrid", &["team", "status"]);
    assert!(status.contains("3 events not yet shared"), "{status}");
    let synced = ok(a.path(), "Ingrid", &["team", "sync"]);
    assert!(synced.contains("3 pushed, 0 pulled"), "{synced}");
    let status = ok(a.path(), "Ingrid", &["team", "status"]);
    assert!(status.contains("0 events not yet shared"), "{status}");
    let synced = ok(b.path(), "Ola", &["team", "sync"]);
    assert!(
        synced.contains("0 pushed, 3 pulled, 0 receipts"),
        "{synced}"
    );
    let anchored = ok(
        b.path(),
        "Ola",
        &["team", "anchor", "--reason", "phase change"],
    );
    assert!(anchored.contains("1 device chains"), "{anchored}");
    let compared = ok(b.path(), "Ola", &["journal", "verify", "--against-server"]);
    assert!(
        compared.contains("journal MATCHES the team server"),
        "{compared}"
    );
    let devices = ok(b.path(), "Ola", &["team", "devices"]);
    assert!(
        devices.contains("Ingrid") && devices.contains("(this device)"),
        "{devices}"
    );

    // No network: a bundle of what Ola lacks, given his checkpoint.
    let checkpoint = b.path().join("ola.checkpoint");
    ok(
        b.path(),
        "Ola",
        &[
            "journal",
            "checkpoint",
            "--out",
            checkpoint.to_str().unwrap(),
        ],
    );
    ok(a.path(), "Ingrid", &["journal", "soak", "--count", "2"]);
    let file = a.path().join("to-ola.bundle");
    let exported = ok(
        a.path(),
        "Ingrid",
        &[
            "journal",
            "bundle",
            "export",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(exported.contains(": 2 events of 1 devices"), "{exported}");
    // Cut off: refused whole, exit 2.
    let bytes = std::fs::read(&file).unwrap();
    let cut = b.path().join("cut.bundle");
    std::fs::write(&cut, &bytes[..bytes.len() - 40]).unwrap();
    let (code, _, err) = vakt(
        b.path(),
        "Ola",
        &["journal", "bundle", "import", cut.to_str().unwrap()],
    );
    assert_eq!(code, ExitCode::from(2), "{err}");
    assert!(err.contains("refused whole"), "{err}");
    let imported = ok(
        b.path(),
        "Ola",
        &["journal", "bundle", "import", file.to_str().unwrap()],
    );
    assert!(
        imported.contains("2 imported, 0 already held, 0 refused"),
        "{imported}"
    );
    // The server has not seen Ingrid's last two events: Ola's journal is ahead, still agrees.
    let compared = ok(b.path(), "Ola", &["journal", "verify", "--against-server"]);
    assert!(compared.contains("5 here, 3 on the server"), "{compared}");
}
