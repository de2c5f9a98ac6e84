//! TLS to a real PostgreSQL started with `ssl=on` and a server certificate from a test CA made
//! with the `openssl` command: `verify-full` connects with the right CA and host name and is
//! refused, with the reason and before anything is sent, with another CA or another host name.

use std::path::Path;
use std::process::Command;

use vakt_team::{connect, sync};

use crate::laptop::Laptop;
use crate::pg::Cluster;
use crate::team::Team;

fn openssl(args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl command (scripts/setup installs openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A self-signed P-256 CA: `<name>.pem`, `<name>.key` in `dir`.
fn ca(dir: &Path, name: &str) -> String {
    let pem = dir.join(format!("{name}.pem")).display().to_string();
    let key = dir.join(format!("{name}.key")).display().to_string();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &key,
        "-out",
        &pem,
        "-days",
        "2",
        "-subj",
        &format!("/CN=Vakt test {name}"),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    pem
}

/// The server's key and certificate (for `DNS:localhost` only), issued by `ca` into `dir`;
/// gives the server settings.
fn server_certificate(ca_dir: &Path, ca: &str, dir: &Path) -> Vec<String> {
    let key = dir.join("server.key").display().to_string();
    let csr = dir.join("server.csr").display().to_string();
    let pem = dir.join("server.pem").display().to_string();
    let ext = dir.join("server.ext");
    std::fs::write(
        &ext,
        "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &key,
        "-out",
        &csr,
        "-subj",
        "/CN=localhost",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &ca_dir.join(format!("{ca}.pem")).display().to_string(),
        "-CAkey",
        &ca_dir.join(format!("{ca}.key")).display().to_string(),
        "-CAcreateserial",
        "-out",
        &pem,
        "-days",
        "2",
        "-extfile",
        &ext.display().to_string(),
    ]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    vec![
        "ssl=on".into(),
        format!("ssl_cert_file={pem}"),
        format!("ssl_key_file={key}"),
    ]
}

struct Tls {
    cluster: Cluster,
    _cas: tempfile::TempDir,
    right: String,
    wrong: String,
}

fn tls_cluster() -> Tls {
    let cas = tempfile::tempdir().unwrap();
    let right = ca(cas.path(), "team-ca");
    let wrong = ca(cas.path(), "other-ca");
    let cluster = Cluster::start_with(|dir| server_certificate(cas.path(), "team-ca", dir));
    Tls {
        cluster,
        _cas: cas,
        right,
        wrong,
    }
}

impl Tls {
    /// `host` names the server (checked against the certificate); the address is loopback.
    fn conninfo(&self, host: &str, tls: &str) -> String {
        format!(
            "host={host} hostaddr=127.0.0.1 port={} user=vakt dbname=postgres connect_timeout=5 {tls}",
            self.cluster.port
        )
    }
}

fn encrypted(client: &mut postgres::Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn verify_full_connects_with_the_right_ca_and_host_and_refuses_another_ca_or_host() {
    let t = tls_cluster();
    let right = format!("sslmode=verify-full sslrootcert={}", t.right);
    let mut client = connect(&t.conninfo("localhost", &right)).unwrap();
    assert!(encrypted(&mut client));

    // Another CA: refused with the reason, naming the mode and the CA file.
    let wrong = format!("sslmode=verify-full sslrootcert={}", t.wrong);
    let e = connect(&t.conninfo("localhost", &wrong))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("is not trusted"), "{e}");
    assert!(e.contains("sslmode=verify-full"), "{e}");
    assert!(e.contains(&t.wrong), "{e}");
    assert!(e.contains("local issuer certificate"), "{e}");

    // The right CA but a name the certificate does not carry (its address, another name).
    for host in ["127.0.0.1", "team.example.org"] {
        let e = connect(&t.conninfo(host, &right))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains(&format!("at {host} is not trusted")), "{e}");
        assert!(e.contains("mismatch"), "{e}");
    }

    // The same in URL form.
    let url = format!(
        "postgresql://vakt@localhost:{}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={}",
        t.cluster.port, t.wrong
    );
    let e = connect(&url).err().unwrap().to_string();
    assert!(e.contains("is not trusted"), "{e}");
}

#[test]
fn verify_ca_checks_the_chain_not_the_name_and_require_and_prefer_encrypt() {
    let t = tls_cluster();
    let right = format!("sslmode=verify-ca sslrootcert={}", t.right);
    assert!(encrypted(
        &mut connect(&t.conninfo("127.0.0.1", &right)).unwrap()
    ));
    let wrong = format!("sslmode=verify-ca sslrootcert={}", t.wrong);
    let e = connect(&t.conninfo("127.0.0.1", &wrong))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("is not trusted"), "{e}");
    // require: encrypted, certificate not checked (libpq's meaning without a CA file).
    assert!(encrypted(
        &mut connect(&t.conninfo("127.0.0.1", "sslmode=require")).unwrap()
    ));
    // require with a CA file checks the chain, as libpq does.
    let e = connect(&t.conninfo(
        "127.0.0.1",
        &format!("sslmode=require sslrootcert={}", t.wrong),
    ))
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("sslmode=verify-ca"), "{e}");
    // libpq's default (prefer) takes TLS when the server offers it; disable does not.
    assert!(encrypted(
        &mut connect(&t.conninfo("127.0.0.1", "")).unwrap()
    ));
    assert!(!encrypted(
        &mut connect(&t.conninfo("127.0.0.1", "sslmode=disable")).unwrap()
    ));
}

#[test]
fn verify_full_asked_of_a_server_without_tls_is_refused() {
    let cluster = Cluster::start();
    let e = connect(&format!(
        "{} sslmode=verify-full sslrootcert=/etc/ssl/certs/ca-certificates.crt",
        cluster.conninfo("vakt", "postgres")
    ))
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("TLS") || e.contains("SSL"), "{e}");
}

#[test]
fn a_laptop_syncs_over_verify_full_with_receipts() {
    let t = tls_cluster();
    let db = t.cluster.team_database("team");
    let mut owner = connect(&t.cluster.conninfo("vakt", &db)).unwrap();
    vakt_team::add_member(&mut owner, "admin", None, true).unwrap();
    let team = Team {
        cluster: t.cluster,
        db,
    };
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    let run = uuid::Uuid::now_v7();
    for i in 0..3 {
        a.act(Some(run), &format!("a{i}"));
    }
    let conninfo = format!(
        "host=localhost hostaddr=127.0.0.1 port={} user=ingrid dbname={} sslmode=verify-full sslrootcert={}",
        team.cluster.port, team.db, t.right
    );
    let mut client = connect(&conninfo).unwrap();
    assert!(encrypted(&mut client));
    let synced = sync(&mut client, a.conn()).unwrap();
    assert_eq!(synced.push.pushed, 3);
    assert_eq!(a.without_receipts(), 0);
}
