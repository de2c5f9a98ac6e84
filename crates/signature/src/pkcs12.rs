//! Certificates from PEM text, and the import of an identity from PKCS#12.

use der::DecodePem;
use x509_cert::Certificate;

use crate::SignatureError;

/// Every `CERTIFICATE` block of a PEM text.
pub(crate) fn certificates_from_pem(text: &str) -> Result<Vec<Certificate>, SignatureError> {
    let mut out = Vec::new();
    let mut rest = text;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    while let Some(start) = rest.find(BEGIN) {
        let Some(end) = rest[start..].find(END) else { break };
        let block = &rest[start..start + end + END.len()];
        out.push(
            Certificate::from_pem(block.as_bytes())
                .map_err(|e| SignatureError::Certificate(e.to_string()))?,
        );
        rest = &rest[start + end + END.len()..];
    }
    Ok(out)
}
