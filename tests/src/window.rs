//! The real app window under test: a virtual X server when there is no display, `tauri-driver`
//! in front of WebKitWebDriver, and the app itself, started and stopped in order.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::webdriver::Session;

/// A running app window with a WebDriver session on it.
#[derive(Debug)]
pub struct Window {
    session: Option<Session>,
    driver: Child,
    xvfb: Option<Child>,
    /// How long from asking for the session (which launches the app) until it was open.
    pub launch: Duration,
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

fn terminate(child: &mut Child) {
    // SIGTERM, not SIGKILL: tauri-driver must get the chance to stop WebKitWebDriver.
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn start_xvfb() -> Result<(Child, String), String> {
    let base = 90 + (std::process::id() % 400);
    for n in base..base + 50 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut child = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb (is the xvfb package installed?): {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if socket.exists() {
                return Ok((child, display));
            }
            if let Ok(Some(_)) = child.try_wait() {
                break; // lost the race for this display number; try the next
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    Err("no free X display number for Xvfb".into())
}

impl Window {
    /// Starts the app at `app` with `args` and environment `env` under `tauri-driver`, opening
    /// a virtual display first when `DISPLAY` is not set.
    pub fn open(app: &Path, args: &[String], env: &[(&str, &Path)]) -> Result<Self, String> {
        if !app.exists() {
            return Err(format!(
                "{} is missing: build it with `cargo build -p vakt-app --features custom-protocol` after `npm run build` in ui/ (scripts/test does both)",
                app.display()
            ));
        }
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => (None, d),
            _ => {
                let (child, d) = start_xvfb()?;
                (Some(child), d)
            }
        };
        let port = free_port()?;
        let native_port = free_port()?;
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
            "--native-driver",
            "/usr/bin/WebKitWebDriver",
        ])
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let driver = cmd
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver (scripts/setup installs it): {e}"))?;
        let mut window = Self {
            session: None,
            driver,
            xvfb,
            launch: Duration::ZERO,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not listen within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // tauri-driver listens before WebKitWebDriver behind it does; until then it answers
        // with an empty reply, so ask again for a while.
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": args }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let (session, started) = loop {
            let started = Instant::now();
            match Session::start(port, capabilities.clone()) {
                Ok(s) => break (s, started),
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("WebDriver session on the app: {e}"));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        window.launch = started.elapsed();
        window.session = Some(session);
        Ok(window)
    }

    /// The WebDriver session on the window.
    pub fn session(&self) -> &Session {
        self.session
            .as_ref()
            .expect("a window always has its session until dropped")
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = session.end();
        }
        terminate(&mut self.driver);
        if let Some(x) = self.xvfb.as_mut() {
            terminate(x);
        }
    }
}
