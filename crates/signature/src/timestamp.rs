//! RFC 3161 time stamps: asking a time-stamping authority over HTTP (a small HTTP/1.0 client on
//! `std::net`, no HTTP crate), and checking a time-stamp token: its TSTInfo, the imprint of
//! what it stamps, the TSA's CMS signature and the TSA certificate's path.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use chrono::{DateTime, Utc};
use cmpv2::status::PkiStatus;
use der::asn1::OctetString;
use der::{Decode, Encode};
use serde::Serialize;
use spki::AlgorithmIdentifier;
use x509_cert::Certificate;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::certificate::common_name;
use crate::cms::{check_signer, signed_data};
use crate::digest::DigestAlgorithm;
use crate::error::SignatureError;
use crate::oid::ID_CT_TST_INFO;
use crate::path::{CertificatePath, Usage, validate_path};

/// Something that returns an RFC 3161 time-stamp token (DER) for a digest.
pub trait TimeStamper {
    /// A token stamping `digest`, made with `algorithm`.
    fn timestamp(
        &self,
        algorithm: DigestAlgorithm,
        digest: &[u8],
    ) -> Result<Vec<u8>, SignatureError>;
}

/// A time-stamping authority reached by HTTP POST (`application/timestamp-query`).
#[derive(Debug, Clone)]
pub struct HttpTimeStamper {
    /// `http://host[:port]/path` (https is not supported: a token is signed, the channel needs no
    /// protection).
    pub url: String,
    /// Connect, read and write timeout.
    pub timeout: Duration,
}

/// What happened to the signature timestamp when signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum TimestampOutcome {
    /// No time-stamping authority was configured.
    NotAsked,
    /// The signature carries a timestamp of this time (PAdES B-T).
    Added {
        /// The time in the token.
        at: DateTime<Utc>,
    },
    /// The authority could not be reached or refused: the signature is made without a
    /// timestamp, and a document timestamp can be added later (`vakt timestamp`).
    Unavailable {
        /// Why, in words.
        reason: String,
    },
}

impl TimestampOutcome {
    /// What to tell the person who signed, if anything.
    pub fn note(&self) -> Option<String> {
        match self {
            TimestampOutcome::NotAsked => None,
            TimestampOutcome::Added { at } => Some(format!(
                "signature timestamp added: {}",
                at.format("%Y-%m-%d %H:%M:%S UTC")
            )),
            TimestampOutcome::Unavailable { reason } => Some(format!(
                "signed without a timestamp ({reason}); add one later with `vakt timestamp FILE.pdf` when the time-stamping authority can be reached"
            )),
        }
    }
}

fn ts_err(e: impl std::fmt::Display) -> SignatureError {
    SignatureError::Timestamp(e.to_string())
}

/// The DER of a TimeStampReq for `digest` (certificate requested, no nonce, no policy).
pub(crate) fn request(
    algorithm: DigestAlgorithm,
    digest: &[u8],
) -> Result<Vec<u8>, SignatureError> {
    TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifier {
                oid: algorithm.oid(),
                parameters: None,
            },
            hashed_message: OctetString::new(digest.to_vec()).map_err(ts_err)?,
        },
        req_policy: None,
        nonce: None,
        cert_req: true,
        extensions: None,
    }
    .to_der()
    .map_err(ts_err)
}

/// The token out of a TimeStampResp, refusing a rejection.
pub(crate) fn token_from_response(body: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let resp =
        TimeStampResp::from_der(body).map_err(|e| ts_err(format!("unreadable response: {e}")))?;
    match resp.status.status {
        PkiStatus::Accepted | PkiStatus::GrantedWithMods => {}
        other => return Err(ts_err(format!("the authority refused: {other:?}"))),
    }
    resp.time_stamp_token
        .ok_or_else(|| ts_err("the response holds no token"))?
        .to_der()
        .map_err(ts_err)
}

fn split_url(url: &str) -> Result<(String, u16, String), SignatureError> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        ts_err(format!(
            "{url}: only http:// time-stamping URLs are supported (the token is signed itself)"
        ))
    })?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
            h.trim_start_matches('[').trim_end_matches(']'),
            p.parse::<u16>()
                .map_err(|_| ts_err(format!("{url}: bad port {p:?}")))?,
        ),
        _ => (authority, 80),
    };
    Ok((host.to_string(), port, path.to_string()))
}

impl TimeStamper for HttpTimeStamper {
    fn timestamp(
        &self,
        algorithm: DigestAlgorithm,
        digest: &[u8],
    ) -> Result<Vec<u8>, SignatureError> {
        let body = request(algorithm, digest)?;
        let (host, port, path) = split_url(&self.url)?;
        let addr = (host.as_str(), port)
            .to_socket_addrs()
            .map_err(|e| ts_err(format!("{}: {e}", self.url)))?
            .next()
            .ok_or_else(|| ts_err(format!("{}: no address", self.url)))?;
        let mut stream = TcpStream::connect_timeout(&addr, self.timeout)
            .map_err(|e| ts_err(format!("{}: {e}", self.url)))?;
        stream
            .set_read_timeout(Some(self.timeout))
            .map_err(ts_err)?;
        stream
            .set_write_timeout(Some(self.timeout))
            .map_err(ts_err)?;
        let head = format!(
            "POST {path} HTTP/1.0\r\nHost: {host}\r\nContent-Type: application/timestamp-query\r\nAccept: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).map_err(ts_err)?;
        stream.write_all(&body).map_err(ts_err)?;
        let mut reply = Vec::new();
        stream
            .take(1 << 20)
            .read_to_end(&mut reply)
            .map_err(|e| ts_err(format!("{}: {e}", self.url)))?;
        let split = reply
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| ts_err(format!("{}: not an HTTP reply", self.url)))?;
        let head = String::from_utf8_lossy(&reply[..split]);
        let status = head.lines().next().unwrap_or_default();
        if status.split_whitespace().nth(1) != Some("200") {
            return Err(ts_err(format!("{}: {status}", self.url)));
        }
        let token = token_from_response(&reply[split + 4..])?;
        let info = tst_info(&token).map_err(ts_err)?;
        if info.message_imprint.hashed_message.as_bytes() != digest {
            return Err(ts_err("the token stamps another digest than the one sent"));
        }
        Ok(token)
    }
}

fn tst_info_with_bytes(
    token: &[u8],
) -> Result<(TstInfo, Vec<u8>, cms::signed_data::SignedData), String> {
    let sd = signed_data(token)?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("the time-stamp token holds no TSTInfo".into());
    }
    let content = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("the time-stamp token holds no TSTInfo")?
        .decode_as::<OctetString>()
        .map_err(|e| format!("TSTInfo: {e}"))?;
    let bytes = content.as_bytes().to_vec();
    let info = TstInfo::from_der(&bytes).map_err(|e| format!("TSTInfo: {e}"))?;
    Ok((info, bytes, sd))
}

fn tst_info(token: &[u8]) -> Result<TstInfo, String> {
    tst_info_with_bytes(token).map(|(i, _, _)| i)
}

fn gen_time(info: &TstInfo) -> Result<DateTime<Utc>, String> {
    let d = info.gen_time.to_unix_duration();
    DateTime::<Utc>::from_timestamp(
        i64::try_from(d.as_secs()).map_err(|e| e.to_string())?,
        d.subsec_nanos(),
    )
    .ok_or_else(|| "genTime out of range".into())
}

/// The time in a token (unchecked).
pub(crate) fn token_time(token: &[u8]) -> Result<DateTime<Utc>, String> {
    tst_info(token).and_then(|i| gen_time(&i))
}

/// A time-stamp token as checked.
#[derive(Debug, Clone, Serialize)]
pub struct TimestampReport {
    /// The time it states (genTime).
    pub at: DateTime<Utc>,
    /// The authority's common name.
    pub authority: String,
    /// The token stamps exactly what it should (the signature value, or the signed bytes).
    pub imprint_matches: bool,
    /// The authority's signature over the token verifies.
    pub signature_valid: bool,
    /// The authority's certificate path at that time.
    pub path: CertificatePath,
}

/// Checks `token`: its imprint against `imprint_of` (the digest of what it stamps under the
/// token's algorithm), the TSA's signature and the TSA certificate's path to `anchors`.
pub(crate) fn check_token(
    token: &[u8],
    imprint_of: &dyn Fn(DigestAlgorithm) -> Vec<u8>,
    anchors: &[Certificate],
) -> Result<TimestampReport, String> {
    let (info, bytes, sd) = tst_info_with_bytes(token)?;
    let signer = check_signer(&sd, &|d| d.digest(&[&bytes]))?;
    let alg =
        DigestAlgorithm::from_oid(&info.message_imprint.hash_algorithm.oid).ok_or_else(|| {
            format!(
                "time-stamp imprint algorithm {} is not SHA-256, SHA-384 or SHA-512",
                info.message_imprint.hash_algorithm.oid
            )
        })?;
    let imprint_matches =
        info.message_imprint.hashed_message.as_bytes() == imprint_of(alg).as_slice();
    let at = gen_time(&info)?;
    let path = validate_path(
        &signer.signer,
        &signer.certificates,
        anchors,
        at,
        Usage::TimeStamping,
    );
    Ok(TimestampReport {
        at,
        authority: common_name(&signer.signer.tbs_certificate.subject),
        imprint_matches,
        signature_valid: signer.digest_matches && signer.signature.is_ok(),
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        let (h, p, path) = split_url("http://127.0.0.1:3180/tsa").unwrap_or_default();
        assert_eq!((h.as_str(), p, path.as_str()), ("127.0.0.1", 3180, "/tsa"));
        let (h, p, path) = split_url("http://tsa.example").unwrap_or_default();
        assert_eq!((h.as_str(), p, path.as_str()), ("tsa.example", 80, "/"));
        assert!(split_url("https://tsa.example/").is_err());
    }
}
