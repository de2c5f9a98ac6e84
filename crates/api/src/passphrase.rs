//! How strong a new passphrase must be, judged by an estimator of guessing effort (zxcvbn)
//! rather than a length rule. Every place that sets a passphrase (a personal signing key, the
//! data key that encrypts the journal and evidence) calls [`check_new`] before using it.

use crate::{ApiError, ErrorCode};

/// The lowest zxcvbn score (0–4) a new passphrase must reach: 3 is "safely unguessable:
/// moderate protection from offline slow-hash attacks" (about 10^8 guesses or more).
pub const MINIMUM_SCORE: u8 = 3;

/// Refuses a new passphrase that is too easy to guess, with what makes it weak and how to make
/// it stronger, in one message. `context` holds words the passphrase must not lean on (the
/// person's name, login, the organisation): zxcvbn counts them as known.
pub fn check_new(passphrase: &str, context: &[&str]) -> Result<(), ApiError> {
    if passphrase.is_empty() {
        return Err(ApiError::new(
            ErrorCode::WeakPassphrase,
            "the passphrase is empty: choose four or more words no one would guess together",
        ));
    }
    let estimate = zxcvbn::zxcvbn(passphrase, context);
    let score = u8::from(estimate.score());
    if score >= MINIMUM_SCORE {
        return Ok(());
    }
    let mut message = format!(
        "the passphrase is too easy to guess (strength {score} of 4; at least {MINIMUM_SCORE} is needed)"
    );
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            message.push_str(&format!(": {warning}"));
        }
        for suggestion in feedback.suggestions() {
            message.push_str(&format!("; {suggestion}"));
        }
    } else {
        message.push_str("; add another word or two that do not belong together");
    }
    Err(ApiError::new(ErrorCode::WeakPassphrase, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_personal_passphrases_are_refused_with_advice() {
        for weak in ["", "password", "wachtwoord", "Summer2026!", "kari-nordmann"] {
            let e = check_new(weak, &["kari", "nordmann"]).unwrap_err();
            assert_eq!(e.code, ErrorCode::WeakPassphrase, "{weak}");
            assert!(
                e.message.contains("too easy") || e.message.contains("empty"),
                "{e}"
            );
        }
    }

    #[test]
    fn several_unrelated_words_pass() {
        check_new("fjord lantern quietly oxide", &["kari"]).unwrap();
    }
}
