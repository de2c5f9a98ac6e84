//! The data key held in the desktop's keyring (issue 12), end to end: the `vakt` binary against
//! a real secret service (GNOME Keyring on a private D-Bus, [`DesktopKeyring`]). Every command
//! unlocks from the keyring without a passphrase; a locked keyring, a stopped one, another
//! desktop and a keyring turned off each fall back to the passphrase and say why; the
//! passphrase keeps working throughout.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::desktop_keyring::DesktopKeyring;

const PASSPHRASE: &str = "copper lantern drifts past quiet harbour";

struct Ran {
    code: i32,
    out: String,
    err: String,
}

/// `vakt --data-dir DATA ARGS` on the bus `bus` (none: an address where no bus listens), with
/// `VAKT_DATA_PASSPHRASE` when `passphrase` is given and `stdin` as standard input.
fn vakt(
    data: &Path,
    bus: Option<&str>,
    passphrase: Option<&str>,
    stdin: &str,
    args: &[&str],
) -> Ran {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vakt"));
    cmd.arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("VAKT_DATA_PASSPHRASE")
        .env_remove("VAKT_WORKSPACE")
        .env_remove("DISPLAY")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            bus.unwrap_or("unix:path=/nonexistent/vakt-test-bus"),
        )
        // libdbus would also look for a bus in $XDG_RUNTIME_DIR/bus.
        .env("XDG_RUNTIME_DIR", data)
        .env_remove("VAKT_ACTOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = passphrase {
        cmd.env("VAKT_DATA_PASSPHRASE", p);
    }
    let mut child = cmd.spawn().expect("vakt runs");
    {
        let mut input = child.stdin.take().expect("stdin");
        let _ = input.write_all(stdin.as_bytes());
    }
    let o = child.wait_with_output().expect("vakt ends");
    Ran {
        code: o.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&o.stdout).into_owned(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn ok(r: &Ran) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.out, r.err);
}

/// `vakt run list` on `data` with nothing but the passphrase typed: the keyring did not unlock,
/// for the reason `why` said on standard error, and the typed passphrase opened the run list.
fn typed_passphrase_opens(data: &Path, bus: Option<&str>, why: &str) {
    let r = vakt(
        data,
        bus,
        None,
        &format!("{PASSPHRASE}\n"),
        &["run", "list"],
    );
    ok(&r);
    assert!(
        r.err.contains("the desktop keyring did not unlock: "),
        "{}",
        r.err
    );
    assert!(r.err.contains(why), "{}", r.err);
    assert!(r.out.contains("Stolen laptop"), "{}", r.out);
}

#[test]
fn the_desktop_keyring_unlocks_and_every_failure_falls_back_to_the_passphrase() {
    let mut desktop = DesktopKeyring::start();
    let bus = Some(desktop.address().to_string());
    let bus = bus.as_deref();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");

    // Encrypted, passphrase only: no keyring is asked.
    let r = Command::new(env!("CARGO_BIN_EXE_vakt"))
        .arg("--data-dir")
        .arg(&data)
        .args(["data", "encrypt"])
        .env("VAKT_NEW_DATA_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("encrypt");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r = vakt(&data, bus, None, "", &["data", "status"]);
    ok(&r);
    assert!(r.out.contains("Data key: passphrase only"), "{}", r.out);
    let r = vakt(&data, bus, Some(PASSPHRASE), "", &["run", "list"]);
    ok(&r);

    // Turning it on asks the passphrase; a wrong one changes nothing.
    let r = vakt(
        &data,
        bus,
        Some("copper lantern"),
        "",
        &["data", "keyring", "on"],
    );
    assert_eq!(r.code, 2, "{}{}", r.out, r.err);
    assert!(r.err.contains("does not unlock"), "{}", r.err);
    assert!(!data.join("vakt.sqlite3.keyring").exists());
    let r = vakt(
        &data,
        bus,
        None,
        &format!("{PASSPHRASE}\n"),
        &["data", "keyring", "on"],
    );
    ok(&r);
    assert!(
        r.out.contains("held in the desktop keyring too"),
        "{}",
        r.out
    );
    let file = data.join("vakt.sqlite3.keyring");
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&file).expect("file").permissions()
        ) & 0o777,
        0o600
    );

    // Every command now unlocks from the keyring: no passphrase in the environment, none typed.
    let r = vakt(
        &data,
        bus,
        None,
        "",
        &[
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Stolen laptop",
        ],
    );
    ok(&r);
    assert!(!r.err.contains("passphrase"), "nothing asked: {}", r.err);
    let r = vakt(&data, bus, None, "", &["run", "list"]);
    ok(&r);
    assert!(r.out.contains("Stolen laptop"), "{}", r.out);
    let r = vakt(&data, bus, None, "", &["journal", "verify"]);
    ok(&r);

    // GNOME Keyring keeps its items encrypted on disk: not even the entry's name is there in
    // the clear. (That the keyring file beside the database does not hold the data key is the
    // store's unit test.)
    let keyring_files: Vec<u8> = std::fs::read_dir(desktop.keyrings())
        .expect("keyrings")
        .flat_map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
        .collect();
    let text = std::fs::read_to_string(&file).expect("keyring file");
    let entry = text
        .lines()
        .find_map(|l| l.strip_prefix("entry "))
        .expect("entry line");
    assert!(
        !keyring_files
            .windows(entry.len())
            .any(|w| w == entry.as_bytes()),
        "GNOME Keyring encrypts its login keyring on disk"
    );

    // A locked keyring (a login that did not unlock it; its prompt goes unanswered): said so,
    // and the passphrase typed opens as before.
    desktop.lock();
    typed_passphrase_opens(&data, bus, "the desktop keyring is locked");
    // Without a passphrase it cannot open (exit 3, not a wrong passphrase), and does not hang.
    let r = vakt(&data, bus, None, "", &["run", "list"]);
    assert_eq!(r.code, 3, "{}{}", r.out, r.err);
    assert!(
        r.err
            .contains("standard input ended (scripts set VAKT_DATA_PASSPHRASE)"),
        "{}",
        r.err
    );
    // The passphrase from the environment wins: the keyring is not asked at all.
    let r = vakt(&data, bus, Some(PASSPHRASE), "", &["run", "list"]);
    ok(&r);
    assert!(!r.err.contains("keyring"), "{}", r.err);

    // No secret service on the bus, and no bus at all.
    desktop.stop_keyring();
    typed_passphrase_opens(&data, bus, "no desktop keyring answers here");
    typed_passphrase_opens(&data, None, "no desktop keyring answers here");

    // Unlocked again after a new login: the item was kept on disk by the keyring.
    desktop.unlock();
    let r = vakt(&data, bus, None, "", &["run", "list"]);
    ok(&r);
    assert!(r.out.contains("Stolen laptop"), "{}", r.out);

    // A copy of the data directory on another desktop: that keyring has no item for it.
    let other = DesktopKeyring::start();
    let copy = dir.path().join("copy");
    let status = Command::new("cp")
        .arg("-a")
        .arg(&data)
        .arg(&copy)
        .status()
        .expect("cp");
    assert!(status.success());
    typed_passphrase_opens(
        &copy,
        Some(other.address()),
        "holds no data key for this data directory",
    );
    drop(other);

    // Turned off: the file goes, the item goes, and only the passphrase unlocks.
    let r = vakt(&data, bus, None, "", &["data", "keyring", "off"]);
    ok(&r);
    assert!(
        r.out.contains("The keyring's item was removed."),
        "{}",
        r.out
    );
    assert!(r.out.contains("Data key: passphrase only"), "{}", r.out);
    assert!(!file.exists());
    let r = vakt(&data, bus, None, "", &["run", "list"]);
    assert_eq!(r.code, 3, "{}{}", r.out, r.err);
    assert!(!r.err.contains("keyring"), "not tried: {}", r.err);
    let r = vakt(
        &data,
        bus,
        None,
        &format!("{PASSPHRASE}\n"),
        &["run", "list"],
    );
    ok(&r);
    assert!(r.out.contains("Stolen laptop"), "{}", r.out);

    // On again, then off while the keyring cannot be reached: the file still goes (the item
    // left behind opens nothing without it), and the answer says so.
    let r = vakt(&data, bus, Some(PASSPHRASE), "", &["data", "keyring", "on"]);
    ok(&r);
    desktop.stop_keyring();
    let r = vakt(
        &data,
        bus,
        Some(PASSPHRASE),
        "",
        &["data", "keyring", "off"],
    );
    ok(&r);
    assert!(
        r.out
            .contains("The keyring's item could not be removed (no desktop keyring answers here"),
        "{}",
        r.out
    );
    assert!(!file.exists());
    let r = vakt(
        &data,
        bus,
        None,
        &format!("{PASSPHRASE}\n"),
        &["run", "list"],
    );
    ok(&r);

    // A plain data directory has no data key to hold.
    let plain = dir.path().join("plain");
    let r = vakt(
        &plain,
        bus,
        Some(PASSPHRASE),
        "",
        &["data", "keyring", "on"],
    );
    assert_ne!(r.code, 0);
    assert!(r.err.contains("not encrypted"), "{}", r.err);
}
