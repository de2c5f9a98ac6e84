//! TLS to the team server, as libpq's `sslmode` says: `disable`, `prefer` (libpq's default:
//! TLS when the server offers it, certificate not checked), `require` (TLS or nothing; the
//! certificate is checked against `sslrootcert` when one is given, as libpq does), `verify-ca`
//! (the server's certificate must chain to `sslrootcert`) and `verify-full` (that, and the host
//! name or address connected to must be in the certificate). `sslrootcert` is a PEM file or
//! `system` (the operating system's CAs); without it `~/.postgresql/root.crt` is used, as libpq
//! does. `sslcert` and `sslkey` give a client certificate (`cert` authentication).
//!
//! The Rust client (`tokio-postgres`) knows only `disable`/`prefer`/`require` and no `ssl*`
//! files, so this module takes those parameters out of the connection string, passes the rest
//! on, and sets up OpenSSL (the system's libssl) itself.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use openssl::ssl::{SslConnector, SslFiletype, SslMethod, SslVerifyMode};
use postgres_openssl::MakeTlsConnector;

use crate::TeamError;

/// How the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Disable => "disable",
            Mode::Prefer => "prefer",
            Mode::Require => "require",
            Mode::VerifyCa => "verify-ca",
            Mode::VerifyFull => "verify-full",
        }
    }
}

/// A connection string split into what `tokio-postgres` reads and the TLS settings.
#[derive(Debug)]
pub(crate) struct Settings {
    /// The connection string without the `ssl*` parameters (with `sslmode` as the client knows it).
    pub(crate) rest: String,
    pub(crate) mode: Mode,
    pub(crate) root: Option<String>,
    pub(crate) cert: Option<String>,
    pub(crate) key: Option<String>,
    /// The host named (for messages).
    pub(crate) host: Option<String>,
}

fn refused(m: impl Into<String>) -> TeamError {
    TeamError::Refused(m.into())
}

/// One `key = value` pair of libpq's key/value form; `None` at the end.
fn pairs(conninfo: &str) -> Result<Vec<(String, String)>, TeamError> {
    let mut out = Vec::new();
    let mut it = conninfo.chars().peekable();
    loop {
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
        let mut key = String::new();
        while let Some(&c) = it.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c);
            it.next();
        }
        if key.is_empty() {
            if it.peek().is_some() {
                return Err(refused(format!(
                    "team server connection string: a value without a key in {conninfo:?}"
                )));
            }
            return Ok(out);
        }
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
        if it.next() != Some('=') {
            return Err(refused(format!(
                "team server connection string: `{key}` has no `=` (write key=value pairs)"
            )));
        }
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
        let mut value = String::new();
        if it.peek() == Some(&'\'') {
            it.next();
            loop {
                match it.next() {
                    None => {
                        return Err(refused(format!(
                            "team server connection string: the quoted value of `{key}` is not closed"
                        )));
                    }
                    Some('\'') => break,
                    Some('\\') => {
                        if let Some(c) = it.next() {
                            value.push(c);
                        }
                    }
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(&c) = it.peek() {
                if c.is_whitespace() {
                    break;
                }
                it.next();
                if c == '\\' {
                    if let Some(c2) = it.next() {
                        value.push(c2);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        out.push((key, value));
    }
}

fn quote(value: &str) -> String {
    let mut out = String::from("'");
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn mode_of(value: &str) -> Result<Mode, TeamError> {
    Ok(match value {
        "disable" => Mode::Disable,
        "prefer" => Mode::Prefer,
        "require" => Mode::Require,
        "verify-ca" => Mode::VerifyCa,
        "verify-full" => Mode::VerifyFull,
        other => {
            return Err(refused(format!(
                "team server connection string: sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"
            )));
        }
    })
}

/// Splits `conninfo` (key/value or `postgres://` URL form) into the client's part and the TLS
/// settings.
pub(crate) fn settings(conninfo: &str) -> Result<Settings, TeamError> {
    let mut mode = Mode::Prefer;
    let (mut root, mut cert, mut key, mut host) = (None, None, None, None);
    let trimmed = conninfo.trim();
    let url = trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://");
    let mut kept: Vec<String> = Vec::new();
    let mut take = |k: &str, v: String| -> Result<bool, TeamError> {
        match k {
            "sslmode" => mode = mode_of(&v)?,
            "sslrootcert" => root = Some(v),
            "sslcert" => cert = Some(v),
            "sslkey" => key = Some(v),
            "host" => {
                host = Some(v);
                return Ok(false);
            }
            _ => return Ok(false),
        }
        Ok(true)
    };
    let base = if url {
        let (head, query) = trimmed.split_once('?').unwrap_or((trimmed, ""));
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            if !take(k, percent_decode(v))? {
                kept.push(part.to_string());
            }
        }
        head.to_string()
    } else {
        for (k, v) in pairs(trimmed)? {
            if !take(&k, v.clone())? {
                kept.push(format!("{k}={}", quote(&v)));
            }
        }
        String::new()
    };
    // `require` with a CA file checks the chain, as libpq does.
    if mode == Mode::Require && root.is_some() {
        mode = Mode::VerifyCa;
    }
    let client_mode = match mode {
        Mode::Disable => "disable",
        Mode::Prefer => "prefer",
        _ => "require",
    };
    let rest = if url {
        kept.push(format!("sslmode={client_mode}"));
        format!("{base}?{}", kept.join("&"))
    } else {
        kept.push(format!("sslmode={client_mode}"));
        kept.join(" ")
    };
    if url && host.is_none() {
        host = base
            .split_once("://")
            .map(|(_, r)| r.rsplit_once('@').map_or(r, |(_, h)| h))
            .and_then(|r| r.split(['/', ':']).next())
            .filter(|h| !h.is_empty())
            .map(str::to_string);
    }
    Ok(Settings {
        rest,
        mode,
        root,
        cert,
        key,
        host,
    })
}

/// libpq's default CA file, `~/.postgresql/root.crt`, when it exists.
fn default_root() -> Option<String> {
    let home = std::env::var_os("HOME")?;
    let path = PathBuf::from(home).join(".postgresql").join("root.crt");
    path.is_file().then(|| path.display().to_string())
}

/// Where the reason a server certificate was refused lands (OpenSSL's verify error).
type RefusedBecause = Arc<Mutex<Option<String>>>;

/// The TLS connector for `settings`, and where the reason a certificate was refused lands.
pub(crate) fn connector(
    settings: &Settings,
) -> Result<(MakeTlsConnector, RefusedBecause), TeamError> {
    let tls = |what: &str, e: openssl::error::ErrorStack| {
        refused(format!("team server TLS: {what}: {e}"))
    };
    let mut builder =
        SslConnector::builder(SslMethod::tls_client()).map_err(|e| tls("OpenSSL", e))?;
    let verify = matches!(settings.mode, Mode::VerifyCa | Mode::VerifyFull);
    if verify {
        let root = settings.root.clone().or_else(default_root).ok_or_else(|| {
            refused(format!(
                "sslmode={} needs the CA that issued the team server's certificate: give \
                 sslrootcert=PATH (a PEM file), or sslrootcert=system for the system's CAs, or \
                 put it in ~/.postgresql/root.crt",
                settings.mode.name()
            ))
        })?;
        if root == "system" {
            builder
                .set_default_verify_paths()
                .map_err(|e| tls("the system's CAs", e))?;
        } else {
            if !std::path::Path::new(&root).is_file() {
                return Err(refused(format!(
                    "sslrootcert={root}: no such file (the CA certificate of the team server, PEM)"
                )));
            }
            builder
                .set_ca_file(&root)
                .map_err(|e| tls(&format!("sslrootcert={root}"), e))?;
        }
    }
    if let Some(cert) = &settings.cert {
        builder
            .set_certificate_chain_file(cert)
            .map_err(|e| tls(&format!("sslcert={cert}"), e))?;
        let key = settings.key.as_deref().unwrap_or(cert);
        builder
            .set_private_key_file(key, SslFiletype::PEM)
            .map_err(|e| tls(&format!("sslkey={key}"), e))?;
    }
    let reason = Arc::new(Mutex::new(None::<String>));
    let seen = Arc::clone(&reason);
    let mode = settings.mode;
    let mut connector = MakeTlsConnector::new(builder.build());
    connector.set_callback(move |config, _domain| {
        match mode {
            Mode::VerifyFull => {
                let seen = Arc::clone(&seen);
                config.set_verify_callback(SslVerifyMode::PEER, move |ok, ctx| {
                    if !ok && let Ok(mut r) = seen.lock() {
                        r.get_or_insert_with(|| ctx.error().error_string().to_string());
                    }
                    ok
                });
            }
            Mode::VerifyCa => {
                config.set_verify_hostname(false);
                let seen = Arc::clone(&seen);
                config.set_verify_callback(SslVerifyMode::PEER, move |ok, ctx| {
                    if !ok && let Ok(mut r) = seen.lock() {
                        r.get_or_insert_with(|| ctx.error().error_string().to_string());
                    }
                    ok
                });
            }
            Mode::Disable | Mode::Prefer | Mode::Require => {
                config.set_verify_hostname(false);
                config.set_verify(SslVerifyMode::NONE);
            }
        }
        Ok(())
    });
    Ok((connector, reason))
}

/// Connects as `conninfo` says, TLS included.
pub(crate) fn connect(conninfo: &str) -> Result<postgres::Client, TeamError> {
    let settings = settings(conninfo)?;
    let (connector, reason) = connector(&settings)?;
    postgres::Client::connect(&settings.rest, connector).map_err(|e| {
        let why = reason.lock().ok().and_then(|mut r| r.take());
        match why {
            Some(why) => {
                let root = settings
                    .root
                    .clone()
                    .or_else(default_root)
                    .unwrap_or_default();
                TeamError::Refused(format!(
                    "the team server{} is not trusted (sslmode={}, sslrootcert={root}): {why}; \
                     nothing was sent",
                    settings
                        .host
                        .as_deref()
                        .map(|h| format!(" at {h}"))
                        .unwrap_or_default(),
                    settings.mode.name(),
                ))
            }
            None => TeamError::Server(e),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_strings_lose_their_ssl_files_and_keep_the_rest_quoted() {
        let s = settings(
            "host=team.example.org dbname='vakt team' user=ingrid sslmode=verify-full \
             sslrootcert=/etc/vakt/ca.pem",
        )
        .unwrap();
        assert_eq!(s.mode, Mode::VerifyFull);
        assert_eq!(s.root.as_deref(), Some("/etc/vakt/ca.pem"));
        assert_eq!(s.host.as_deref(), Some("team.example.org"));
        assert_eq!(
            s.rest,
            "host='team.example.org' dbname='vakt team' user='ingrid' sslmode=require"
        );
        let config: postgres::Config = s.rest.parse().unwrap();
        assert_eq!(config.get_dbname(), Some("vakt team"));
    }

    #[test]
    fn urls_lose_their_ssl_files_too() {
        let s = settings(
            "postgresql://ingrid@team.example.org:5433/vakt_team?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=5",
        )
        .unwrap();
        assert_eq!(s.mode, Mode::VerifyCa);
        assert_eq!(s.root.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(s.host.as_deref(), Some("team.example.org"));
        assert_eq!(
            s.rest,
            "postgresql://ingrid@team.example.org:5433/vakt_team?connect_timeout=5&sslmode=require"
        );
        s.rest.parse::<postgres::Config>().unwrap();
    }

    #[test]
    fn require_with_a_ca_checks_the_chain_and_libpq_s_default_is_prefer() {
        assert_eq!(
            settings("host=h sslmode=require sslrootcert=/ca.pem")
                .unwrap()
                .mode,
            Mode::VerifyCa
        );
        assert_eq!(settings("host=h").unwrap().mode, Mode::Prefer);
        assert_eq!(
            settings("host=h sslmode=disable").unwrap().mode,
            Mode::Disable
        );
    }

    #[test]
    fn a_bad_mode_or_a_broken_string_is_refused_with_the_reason() {
        let e = settings("host=h sslmode=verify").unwrap_err().to_string();
        assert!(e.contains("sslmode=verify is not one of"), "{e}");
        let e = settings("host='h").unwrap_err().to_string();
        assert!(e.contains("not closed"), "{e}");
        let e = settings("host").unwrap_err().to_string();
        assert!(e.contains("no `=`"), "{e}");
    }

    #[test]
    fn verification_without_a_ca_is_refused_before_connecting() {
        let s = settings("host=h sslmode=verify-full sslrootcert=/nonexistent/ca.pem").unwrap();
        let e = connector(&s).err().unwrap().to_string();
        assert!(e.contains("no such file"), "{e}");
    }
}
