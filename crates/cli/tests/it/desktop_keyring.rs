//! A desktop keyring of the tests' own, as a logged-in Linux desktop has one: a private D-Bus
//! session bus (`dbus-daemon`) and GNOME Keyring's secret service (`gnome-keyring-daemon`,
//! installed by `scripts/setup`) on it, in a temporary home, its login keyring unlocked with a
//! login password as PAM does at login. Nothing of the machine's own keyrings is touched.
//!
//! The bus has no service activation (its own configuration, no service directories), so a
//! stopped keyring stays stopped and an unlock prompt cannot be shown (GNOME Keyring's
//! prompter is not activatable): a locked keyring answers "dismissed" at once, as on a desktop
//! where nobody answers the prompt. Shared by the CLI's keyring test and the window's
//! (`tests/tests/it/e2e_keyring.rs`, by `#[path]`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The login password of the test desktop's keyring.
const LOGIN_PASSWORD: &str = "login password of the test desktop";

/// A running private desktop keyring; stopped when dropped.
pub struct DesktopKeyring {
    dir: tempfile::TempDir,
    bus: Child,
    keyring: Option<Child>,
    address: String,
}

impl DesktopKeyring {
    /// Starts a bus and an unlocked GNOME Keyring on it.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["home", "run", "data"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        std::fs::set_permissions(
            dir.path().join("run"),
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("chmod run");
        let socket = dir.path().join("run").join("bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display()
            ),
        )
        .expect("bus config");
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (scripts/setup installs dbus-daemon)");
        let mut line = String::new();
        {
            use std::io::BufRead;
            let out = bus.stdout.take().expect("bus stdout");
            std::io::BufReader::new(out)
                .read_line(&mut line)
                .expect("bus address");
        }
        let address = line.trim().to_string();
        assert!(address.starts_with("unix:"), "bus address: {address:?}");
        let mut keyring = Self {
            dir,
            bus,
            keyring: None,
            address,
        };
        keyring.start_keyring(true);
        keyring
    }

    /// The bus address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Where GNOME Keyring keeps its keyring files.
    pub fn keyrings(&self) -> PathBuf {
        self.dir.path().join("data").join("keyrings")
    }

    fn env<'a>(&'a self, cmd: &'a mut Command) -> &'a mut Command {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
    }

    fn start_keyring(&mut self, unlocked: bool) {
        self.stop_keyring();
        let mut cmd = Command::new("gnome-keyring-daemon");
        self.env(&mut cmd)
            .args(["--foreground", "--components=secrets"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if unlocked {
            cmd.arg("--unlock").stdin(Stdio::piped());
        } else {
            cmd.stdin(Stdio::null());
        }
        let mut child = cmd
            .spawn()
            .expect("gnome-keyring-daemon runs (scripts/setup installs gnome-keyring)");
        if unlocked {
            let mut stdin = child.stdin.take().expect("keyring stdin");
            stdin
                .write_all(LOGIN_PASSWORD.as_bytes())
                .expect("login password");
        }
        self.keyring = Some(child);
        self.wait_for_service(true);
    }

    /// Whether the bus has a secret service now.
    fn has_service(&self) -> bool {
        let mut cmd = Command::new("dbus-send");
        self.env(&mut cmd).args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ]);
        let out = cmd
            .output()
            .expect("dbus-send runs (scripts/setup installs dbus-bin)");
        String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    fn wait_for_service(&self, present: bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.has_service() != present {
            assert!(
                Instant::now() < deadline,
                "the secret service did not {} within 20 s",
                if present { "appear" } else { "go" }
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Restarts the keyring locked, as after a login that did not unlock it (its files stay).
    pub fn lock(&mut self) {
        self.start_keyring(false);
    }

    /// Restarts the keyring unlocked with the login password (its files stay).
    pub fn unlock(&mut self) {
        self.start_keyring(true);
    }

    /// Stops the secret service: the bus stays, nothing on it keeps secrets.
    pub fn stop_keyring(&mut self) {
        if let Some(mut child) = self.keyring.take() {
            let _ = child.kill();
            let _ = child.wait();
            self.wait_for_service(false);
        }
    }
}

impl Drop for DesktopKeyring {
    fn drop(&mut self) {
        if let Some(mut child) = self.keyring.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}
