//! The window over an encrypted data directory whose data key the desktop keyring holds
//! (issue 12), against a real secret service: GNOME Keyring on a private D-Bus
//! (`crates/cli/tests/it/desktop_keyring.rs`). The window opens without the passphrase; Settings
//! says how it was unlocked and turns the keyring off; the next start asks the passphrase and
//! Settings turns the keyring on again with it; a locked keyring is named on the unlock screen,
//! where the passphrase still opens.

use std::path::Path;
use std::process::Command;

use vakt_tests::repo;
use vakt_tests::window::Window;

use crate::util::{click, encrypted_data_dir, look, text, type_into, wait, wait_text};

#[path = "../../../crates/cli/tests/it/desktop_keyring.rs"]
#[allow(
    dead_code,
    reason = "shared with the CLI's keyring test, which uses all of it"
)]
mod desktop_keyring;

const PASSPHRASE: &str = "copper lantern drifts past quiet harbour";

fn open(data: &Path, bus: &str) -> Window {
    Window::open(
        &repo::app_binary(),
        &[],
        &[
            ("VAKT_DATA_DIR", data),
            ("DBUS_SESSION_BUS_ADDRESS", Path::new(bus)),
        ],
    )
    .expect("open the window")
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn the_desktop_keyring_opens_the_window_and_settings_turn_it_off_and_on() {
    let mut desktop = desktop_keyring::DesktopKeyring::start();
    let bus = desktop.address().to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    encrypted_data_dir(&data, PASSPHRASE);
    let vakt = repo::target_dir().join("debug").join("vakt");
    let on = Command::new(&vakt)
        .arg("--data-dir")
        .arg(&data)
        .args(["data", "keyring", "on"])
        .env("VAKT_DATA_PASSPHRASE", PASSPHRASE)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .output()
        .expect("vakt data keyring on");
    assert!(
        on.status.success(),
        "{}",
        String::from_utf8_lossy(&on.stderr)
    );

    // Held in the keyring: the window opens on the dashboard without a passphrase.
    {
        let window = open(&data, &bus);
        let s = window.session();
        wait(s, "[data-screen=dashboard]");
        click(s, "[data-screen=settings]");
        let how = wait_text(s, "[data-testid=data-unlocked-with]", "keyring");
        assert_eq!(how, "the desktop keyring");
        assert!(
            text(s, "[data-testid=data-keyring]").contains("holds the data key"),
            "the panel says the keyring holds it"
        );
        click(s, "[data-testid=data-keyring-off]");
        let said = text(s, "[data-testid=data-keyring-released]");
        assert!(said.contains("the keyring item was removed"), "{said}");
        // Into view for the screenshot: the field that turns it on again.
        click(s, "[data-testid=data-keyring-passphrase]");
        look(&window, "keyring-settings-released.png");
        assert!(!data.join("vakt.sqlite3.keyring").exists());
    }

    // Off: the next start asks the passphrase, and the keyring is not asked.
    {
        let window = open(&data, &bus);
        let s = window.session();
        wait(s, "[data-testid=unlock-screen]");
        assert!(s.find("[data-testid=unlock-keyring-asking]").is_err());
        assert!(s.find("[data-testid=unlock-keyring-error]").is_err());
        type_into(s, "[data-testid=unlock-passphrase]", PASSPHRASE);
        click(s, "[data-testid=unlock]");
        wait(s, "[data-screen=dashboard]");
        click(s, "[data-screen=settings]");
        let how = wait_text(s, "[data-testid=data-unlocked-with]", "passphrase");
        assert_eq!(how, "the passphrase");
        // On again from Settings: a wrong passphrase is said and kept, the right one holds it.
        type_into(s, "[data-testid=data-keyring-passphrase]", "copper lantern");
        click(s, "[data-testid=data-keyring-on]");
        let error = text(s, "[data-testid=data-keyring-error]");
        assert!(error.contains("does not unlock"), "{error}");
        let field = wait(s, "[data-testid=data-keyring-passphrase]");
        assert_eq!(
            s.attribute(&field, "value").expect("value").as_deref(),
            Some("copper lantern"),
            "what was typed is kept"
        );
        type_into(s, "[data-testid=data-keyring-passphrase]", PASSPHRASE);
        click(s, "[data-testid=data-keyring-on]");
        let held = text(s, "[data-testid=data-keyring-held]");
        assert!(held.contains("holds the data key now"), "{held}");
        look(&window, "keyring-settings-on-again.png");
        assert!(data.join("vakt.sqlite3.keyring").exists());
    }

    // A keyring left locked at login: the unlock screen says so, the passphrase opens.
    desktop.lock();
    {
        let window = open(&data, &bus);
        let s = window.session();
        let said = text(s, "[data-testid=unlock-keyring-error]");
        assert!(said.contains("is locked"), "{said}");
        look(&window, "keyring-unlock-locked.png");
        type_into(s, "[data-testid=unlock-passphrase]", PASSPHRASE);
        click(s, "[data-testid=unlock]");
        wait(s, "[data-screen=dashboard]");
    }

    // Unlocked again (a new login): the window opens at once.
    desktop.unlock();
    let window = open(&data, &bus);
    wait(window.session(), "[data-screen=dashboard]");
}
