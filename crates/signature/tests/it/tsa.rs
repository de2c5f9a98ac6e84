//! RFC 3161 against a time-stamping authority on loopback: `openssl ts -reply` behind a tiny
//! HTTP server started by the test (std::net), with a TSA certificate whose critical
//! extendedKeyUsage is timeStamping, issued by the organisation's CA.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use chrono::Utc;
use vakt_signature::{
    Certification, DigestAlgorithm, HttpTimeStamper, SequenceOptions, SignatureKind, Signer,
    TimestampOutcome, Verdict, VerifyOptions, add_document_timestamp, sign_sequence, verify_pdf,
};

use crate::chains::record;
use crate::pki::{CA, PERSON, Pki, pdfsig, pyhanko, run};

/// Starts the TSA: returns its URL. The server thread answers until the test binary ends.
fn start_tsa(pki: &Pki) -> String {
    pki.issue(
        "tsa",
        "Demo CRM Online TSA",
        "root",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
        365,
        false,
    );
    let dir = pki.dir.path().to_path_buf();
    std::fs::write(dir.join("tsaserial"), "01\n").unwrap();
    std::fs::write(
        dir.join("tsa.cnf"),
        format!(
            "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\ndir = {d}\nserial = $dir/tsaserial\ncrypto_device = builtin\n\
             signer_cert = $dir/tsa.pem\ncerts = $dir/root.pem\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\n\
             default_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\n\
             tsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
            d = dir.display()
        ),
    )
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsa", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            answer(&mut stream, &dir, n);
        }
    });
    url
}

fn answer(stream: &mut std::net::TcpStream, dir: &std::path::Path, n: usize) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    let (head_end, length) = loop {
        let got = stream.read(&mut buf).unwrap();
        assert!(got > 0, "request cut short");
        request.extend_from_slice(&buf[..got]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
            assert!(head.starts_with("post "), "{head}");
            assert!(
                head.contains("content-type: application/timestamp-query"),
                "{head}"
            );
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().unwrap())
                .unwrap();
            break (end + 4, length);
        }
    };
    while request.len() < head_end + length {
        let got = stream.read(&mut buf).unwrap();
        request.extend_from_slice(&buf[..got]);
    }
    let query = dir.join(format!("q{n}.tsq"));
    let reply = dir.join(format!("r{n}.tsr"));
    std::fs::write(&query, &request[head_end..head_end + length]).unwrap();
    let (ok, out) = run(
        "openssl",
        &[
            "ts",
            "-reply",
            "-config",
            &dir.join("tsa.cnf").to_string_lossy(),
            "-queryfile",
            &query.to_string_lossy(),
            "-out",
            &reply.to_string_lossy(),
        ],
    );
    let body = if ok {
        std::fs::read(&reply).unwrap()
    } else {
        panic!("openssl ts: {out}")
    };
    stream
        .write_all(
            format!(
                "HTTP/1.0 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap();
    stream.write_all(&body).unwrap();
}

fn organisation() -> Pki {
    let pki = Pki::new();
    pki.root("root", "Demo CRM Online Root CA", CA);
    pki.issue("ingrid", "Ingrid Sæther", "root", PERSON, 365, false);
    pki
}

fn signer(id: &vakt_signature::Identity) -> Signer<'_> {
    Signer {
        identity: id,
        role: "incident-manager".into(),
        name: None,
        location: "Stavanger".into(),
        widget: None,
    }
}

#[test]
fn signing_with_a_tsa_adds_a_signature_timestamp_and_a_document_timestamp_comes_later() {
    let pki = organisation();
    let url = start_tsa(&pki);
    let tsa = HttpTimeStamper {
        url,
        timeout: Duration::from_secs(20),
    };
    let ingrid = pki.identity("ingrid", &["root"]);
    let signed = sign_sequence(
        &record(),
        &[signer(&ingrid)],
        &SequenceOptions {
            signed_at: Utc::now() + chrono::Duration::minutes(1),
            digest: DigestAlgorithm::Sha256,
            certify: Some(Certification::FormFillingAndSigning),
            timestamps: Some(&tsa),
        },
    )
    .unwrap();
    assert!(
        matches!(signed.timestamps[..], [TimestampOutcome::Added { .. }]),
        "{:?}",
        signed.timestamps
    );
    let anchors = VerifyOptions {
        trust: vec![pki.certificate("root")],
        journal: None,
    };
    let v = verify_pdf(&signed.pdf, &anchors).unwrap();
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
    let ts = v.signatures[0]
        .timestamp
        .as_ref()
        .expect("a signature timestamp");
    assert!(ts.imprint_matches && ts.signature_valid, "{ts:?}");
    assert_eq!(ts.authority, "Demo CRM Online TSA");
    assert_eq!(v.signatures[0].judged_at, Some(ts.at));

    // pyHanko sees the timestamp too.
    let file = pki.write("bt.pdf", &signed.pdf);
    let hanko = pyhanko(&file, &pki.path("root.pem"));
    assert!(hanko.contains("judged VALID"), "pyHanko:\n{hanko}");
    assert!(
        hanko.to_lowercase().contains("timestamp"),
        "pyHanko:\n{hanko}"
    );

    // A document timestamp over the whole file, added later.
    let stamped = add_document_timestamp(&signed.pdf, &tsa, DigestAlgorithm::Sha256).unwrap();
    let v = verify_pdf(&stamped, &anchors).unwrap();
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
    assert_eq!(v.signatures.len(), 2);
    assert_eq!(v.signatures[1].kind, SignatureKind::DocumentTimestamp);
    assert!(v.signatures[1].covers_whole_file);
    let file = pki.write("lt.pdf", &stamped);
    // pdfsig lists the document timestamp but cannot validate RFC 3161 ("Unimplemented
    // Feature"); pyHanko does.
    let sig = pdfsig(&file);
    assert!(
        sig.contains("Signature is Valid.") && sig.contains("Demo CRM Online TSA"),
        "pdfsig:\n{sig}"
    );
    let hanko = pyhanko(&file, &pki.path("root.pem"));
    assert!(
        hanko.contains("judged VALID") && !hanko.contains("INVALID"),
        "pyHanko:\n{hanko}"
    );

    // Changing the stamped file after the document timestamp breaks it.
    let changed = crate::validators::append_content_change(&stamped);
    let v = verify_pdf(&changed, &anchors).unwrap();
    assert_eq!(v.verdict, Verdict::Broken, "{}", v.summary);
}

#[test]
fn offline_signing_works_and_says_the_timestamp_can_come_later() {
    let pki = organisation();
    // A port nothing listens on.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsa", closed.local_addr().unwrap());
    drop(closed);
    let tsa = HttpTimeStamper {
        url,
        timeout: Duration::from_secs(2),
    };
    let ingrid = pki.identity("ingrid", &["root"]);
    let signed = sign_sequence(
        &record(),
        &[signer(&ingrid)],
        &SequenceOptions {
            signed_at: Utc::now() + chrono::Duration::minutes(1),
            digest: DigestAlgorithm::Sha256,
            certify: None,
            timestamps: Some(&tsa),
        },
    )
    .unwrap();
    assert!(
        matches!(
            &signed.timestamps[..],
            [TimestampOutcome::Unavailable { .. }]
        ),
        "{:?}",
        signed.timestamps
    );
    let note = signed.timestamps[0].note().expect("a note");
    assert!(note.contains("vakt timestamp"), "{note}");
    let v = verify_pdf(
        &signed.pdf,
        &VerifyOptions {
            trust: vec![pki.certificate("root")],
            journal: None,
        },
    )
    .unwrap();
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
    assert!(v.signatures[0].timestamp.is_none());
}
