//! `vakt person …`: the person at the keyboard (created from the operating-system account on
//! first start), their display name, passphrase and key; others who act at this console.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use vakt_api::json::SigningAlgorithm;
use vakt_api::ops::{
    ConfirmPersonNameRequest, ImportPersonPkcs12Request, MeRequest, PersonAddRequest,
    SetPersonPassphraseRequest,
};

use crate::Context;

/// `vakt person …`.
#[derive(Debug, Clone, Subcommand)]
pub enum PersonCommand {
    /// Who you are here: name, person id, login, whether a passphrase protects your key, the
    /// workspace person you match and the roles you may hold.
    Show,
    /// Confirm your display name, or change it to NAME.
    Name {
        /// The new display name.
        name: Option<String>,
    },
    /// Protect your key with a passphrase so you can sign (VAKT_PASSPHRASE, else asked twice
    /// without echo; changing it asks for the current one, VAKT_CURRENT_PASSPHRASE).
    Passphrase,
    /// Replace your key and certificate with a PKCS#12 file from the organisation's PKI (its
    /// passphrase from VAKT_PKCS12_PASSPHRASE or asked; then kept under VAKT_PASSPHRASE).
    Import {
        /// The `.p12` / `.pfx` file.
        file: PathBuf,
    },
    /// Add another person who acts at this console, with a key of their own; they act with
    /// `--actor NAME`.
    Add {
        /// Their name.
        name: String,
        /// An RSA-3072 key instead of P-256.
        #[arg(long)]
        rsa: bool,
    },
}

/// Runs `vakt person …`.
pub fn person(cx: &mut Context<'_, '_, '_>, command: PersonCommand) -> anyhow::Result<ExitCode> {
    match command {
        PersonCommand::Show => {
            let me = cx.call(MeRequest {})?;
            cx.show(&me)?;
        }
        PersonCommand::Name { name } => {
            let me = cx.call(ConfirmPersonNameRequest { name })?;
            cx.show(&me)?;
        }
        PersonCommand::Passphrase => {
            let set = cx.call(MeRequest {})?.person.passphrase_set;
            let current = if set {
                Some(cx.passphrase("VAKT_CURRENT_PASSPHRASE", "current passphrase")?)
            } else {
                None
            };
            let (passphrase, again) = cx.new_passphrase()?;
            let me = cx.call(SetPersonPassphraseRequest {
                passphrase,
                again,
                current,
            })?;
            cx.show(&me)?;
        }
        PersonCommand::Import { file } => {
            let file_passphrase =
                cx.passphrase("VAKT_PKCS12_PASSPHRASE", "passphrase of the PKCS#12 file")?;
            let (passphrase, again) = cx.new_passphrase()?;
            let me = cx.call(ImportPersonPkcs12Request {
                path: file.display().to_string(),
                file_passphrase,
                passphrase,
                again,
            })?;
            cx.show(&me)?;
        }
        PersonCommand::Add { name, rsa } => {
            let added = cx.call(PersonAddRequest {
                name,
                algorithm: Some(if rsa {
                    SigningAlgorithm::Rsa3072
                } else {
                    SigningAlgorithm::P256
                }),
            })?;
            cx.show(&added)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
