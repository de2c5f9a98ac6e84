//! A real PostgreSQL for the tests: `initdb` in a temporary directory, run by the `postgres`
//! user when the tests run as root (PostgreSQL refuses root), on a free loopback port; stopped
//! when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where Debian and Ubuntu put the server's programs: `/usr/lib/postgresql/<major>/bin`.
const LIB: &str = "/usr/lib/postgresql";

pub struct Cluster {
    dir: tempfile::TempDir,
    pub port: u16,
    /// More `-c name=value` server settings (TLS).
    extra: String,
}

/// `VAKT_PG_BIN`, else the newest installed major version's programs.
fn bin() -> PathBuf {
    if let Some(p) = std::env::var_os("VAKT_PG_BIN") {
        return PathBuf::from(p);
    }
    let newest = std::fs::read_dir(LIB)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|v| *v >= 13)
        .max();
    match newest {
        Some(v) => Path::new(LIB).join(v.to_string()).join("bin"),
        None => panic!("no PostgreSQL ≥ 13 under {LIB} (scripts/setup installs postgresql)"),
    }
}

/// Runs a server program, as `postgres` when we are root.
fn run(program: &str, args: &[&str]) {
    let path = bin().join(program);
    let mut command = if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&path);
        c
    } else {
        Command::new(&path)
    };
    let out = command
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (scripts/setup installs postgresql)",
                path.display()
            )
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn give_to_postgres(path: &Path) {
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    let name = std::ffi::CString::new("postgres").unwrap();
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    assert!(
        !pw.is_null(),
        "no `postgres` user (scripts/setup installs postgresql)"
    );
    let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(
        unsafe { libc::chown(c.as_ptr(), uid, gid) },
        0,
        "chown {}",
        path.display()
    );
}

impl Cluster {
    /// A new cluster with superuser `vakt` (trust on loopback), started.
    pub fn start() -> Self {
        Self::start_with(|_| Vec::new())
    }

    /// A new cluster like [`Cluster::start`], with more server settings made from the
    /// cluster's own directory (given to `postgres` before the server starts): TLS files.
    pub fn start_with(settings: impl FnOnce(&Path) -> Vec<String>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let extra = settings(dir.path())
            .iter()
            .map(|s| format!(" -c {s}"))
            .collect::<String>();
        for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
            give_to_postgres(&entry.path());
        }
        give_to_postgres(dir.path());
        let data = dir.path().join("data");
        run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "vakt",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Self { dir, port, extra };
        cluster.resume();
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Starts the (stopped) server again on the same port.
    pub fn resume(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off{}",
            self.port,
            self.dir.path().display(),
            self.extra
        );
        let log = self.dir.path().join("log").display().to_string();
        run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }

    /// Stops the server at once (connections cut, like a crash of the service).
    pub fn stop(&self) {
        run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }

    /// The connection string of `login` to database `db`.
    pub fn conninfo(&self, login: &str, db: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={login} dbname={db} connect_timeout=5",
            self.port
        )
    }

    /// A fresh database owned by `vakt`, with the team schema, and returns its name. The schema
    /// is made once per cluster (`vakt team init` on a template database) and copied after.
    pub fn team_database(&self, name: &str) -> String {
        let mut admin =
            postgres::Client::connect(&self.conninfo("vakt", "postgres"), postgres::NoTls).unwrap();
        let made = admin
            .query_opt(
                "SELECT 1 FROM pg_database WHERE datname = 'vakt_team_template'",
                &[],
            )
            .unwrap()
            .is_some();
        if !made {
            admin
                .batch_execute(
                    "CREATE DATABASE vakt_team_template ENCODING 'UTF8' TEMPLATE template0",
                )
                .unwrap();
            let mut owner =
                vakt_team::connect(&self.conninfo("vakt", "vakt_team_template")).unwrap();
            vakt_team::schema::init(&mut owner).unwrap();
        }
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE vakt_team_template"
            ))
            .unwrap();
        name.to_string()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(if unsafe { libc::geteuid() } == 0 {
            "runuser"
        } else {
            "true"
        })
        .args(if unsafe { libc::geteuid() } == 0 {
            vec!["-u", "postgres", "--"]
        } else {
            vec![]
        })
        .arg(bin().join("pg_ctl"))
        .args(["-D", &self.data(), "-m", "immediate", "stop"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
        if unsafe { libc::geteuid() } != 0 {
            let _ = Command::new(bin().join("pg_ctl"))
                .args(["-D", &self.data(), "-m", "immediate", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}
