//! Certificate chains built with `openssl` in a temporary folder, as an organisation's PKI (or
//! an attacker) would: a root CA, intermediates, persons, and the odd certificates the attacks
//! need. Each identity is handed to Vakt through PKCS#12, the way an organisation issues one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use vakt_signature::{Certificate, Identity};

/// A folder of keys and certificates.
pub struct Pki {
    pub dir: tempfile::TempDir,
}

pub const PERSON: &str =
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n";
pub const CA: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";

pub fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is not installed ({e}); run scripts/setup"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

impl Pki {
    pub fn new() -> Self {
        Pki {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn p(&self, name: &str) -> String {
        self.path(name).to_string_lossy().into_owned()
    }

    fn openssl(&self, args: &[&str]) -> String {
        let (ok, out) = run("openssl", args);
        assert!(ok, "openssl {args:?}: {out}");
        out
    }

    fn key(&self, name: &str, rsa: bool) {
        let out = self.p(&format!("{name}.key"));
        if rsa {
            self.openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                &out,
            ]);
        } else {
            self.openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &out,
            ]);
        }
    }

    /// A self-signed root CA `name` with common name `cn`.
    pub fn root(&self, name: &str, cn: &str, extensions: &str) {
        self.key(name, false);
        std::fs::write(self.path(&format!("{name}.ext")), extensions).expect("ext");
        let csr = self.p(&format!("{name}.csr"));
        self.openssl(&[
            "req",
            "-new",
            "-key",
            &self.p(&format!("{name}.key")),
            "-subj",
            &format!("/CN={cn}/O=Demo CRM Online AS"),
            "-out",
            &csr,
        ]);
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-signkey",
            &self.p(&format!("{name}.key")),
            "-days",
            "3650",
            "-extfile",
            &self.p(&format!("{name}.ext")),
            "-out",
            &self.p(&format!("{name}.pem")),
        ]);
    }

    /// A certificate `name` for `cn` issued by `issuer`, valid for `days` from now.
    pub fn issue(
        &self,
        name: &str,
        cn: &str,
        issuer: &str,
        extensions: &str,
        days: u32,
        rsa: bool,
    ) {
        self.key(name, rsa);
        std::fs::write(self.path(&format!("{name}.ext")), extensions).expect("ext");
        let csr = self.p(&format!("{name}.csr"));
        self.openssl(&[
            "req",
            "-new",
            "-key",
            &self.p(&format!("{name}.key")),
            "-subj",
            &format!("/CN={cn}/O=Demo CRM Online AS"),
            "-utf8",
            "-out",
            &csr,
        ]);
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &self.p(&format!("{issuer}.pem")),
            "-CAkey",
            &self.p(&format!("{issuer}.key")),
            "-CAcreateserial",
            "-days",
            &days.to_string(),
            "-extfile",
            &self.p(&format!("{name}.ext")),
            "-out",
            &self.p(&format!("{name}.pem")),
        ]);
    }

    pub fn certificate(&self, name: &str) -> Certificate {
        let pem = std::fs::read(self.path(&format!("{name}.pem"))).expect("pem");
        <Certificate as der::DecodePem>::from_pem(&pem).expect("certificate parses")
    }

    /// The identity of `name` with the certificates `chain` (names) beside it.
    pub fn identity(&self, name: &str, chain: &[&str]) -> Identity {
        let bundle = self.path(&format!("{name}-chain.pem"));
        let mut text = String::new();
        for c in chain {
            text.push_str(&std::fs::read_to_string(self.path(&format!("{c}.pem"))).expect("chain"));
        }
        std::fs::write(&bundle, text).expect("bundle");
        let p12 = self.p(&format!("{name}.p12"));
        let key = self.p(&format!("{name}.key"));
        let pem = self.p(&format!("{name}.pem"));
        let bundle_s = bundle.to_string_lossy().into_owned();
        let mut args = vec![
            "pkcs12",
            "-export",
            "-inkey",
            &key,
            "-in",
            &pem,
            "-out",
            &p12,
            "-passout",
            "pass:test",
        ];
        if !chain.is_empty() {
            args.extend(["-certfile", &bundle_s]);
        }
        self.openssl(&args);
        Identity::import_pkcs12(&std::fs::read(&p12).expect("p12"), "test").expect("imports")
    }

    /// `openssl verify` of `leaf` with `root` as the only anchor and `untrusted` as links, at
    /// `at`, for document signing (OpenSSL's smimesign purpose).
    pub fn openssl_verify(
        &self,
        leaf: &str,
        root: &str,
        untrusted: &[&str],
        at: DateTime<Utc>,
    ) -> (bool, String) {
        let bundle = self.path("untrusted.pem");
        let mut text = String::new();
        for c in untrusted {
            text.push_str(&std::fs::read_to_string(self.path(&format!("{c}.pem"))).expect("pem"));
        }
        std::fs::write(&bundle, text).expect("bundle");
        let at = at.timestamp().to_string();
        let root = self.p(&format!("{root}.pem"));
        let leaf = self.p(&format!("{leaf}.pem"));
        let bundle = bundle.to_string_lossy().into_owned();
        let mut args = vec![
            "verify",
            "-purpose",
            "smimesign",
            "-attime",
            &at,
            "-CAfile",
            &root,
        ];
        if !untrusted.is_empty() {
            args.extend(["-untrusted", &bundle]);
        }
        args.push(&leaf);
        run("openssl", &args)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }
}

pub fn pdfsig(file: &Path) -> String {
    run("pdfsig", &[&file.to_string_lossy()]).1
}

/// pyHanko's judgement of every signature, with `trust` as the only root.
pub fn pyhanko(file: &Path, trust: &Path) -> String {
    run(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--no-revocation-check",
            "--trust",
            &trust.to_string_lossy(),
            "--trust-replace",
            &file.to_string_lossy(),
        ],
    )
    .1
}
