//! `vakt data …`: the data directory at rest (status, encrypting it, changing the passphrase),
//! and unlocking an encrypted one before any other command runs.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use vakt_api::ops::{DataChangePassphraseRequest, DataEncryptRequest, DataStatusRequest};

use crate::Context;

/// The environment variable that gives the data key's passphrase to scripts.
pub const PASSPHRASE_VARIABLE: &str = "VAKT_DATA_PASSPHRASE";
/// The environment variable that gives the new passphrase to scripts (`encrypt`, `passphrase`).
pub const NEW_PASSPHRASE_VARIABLE: &str = "VAKT_NEW_DATA_PASSPHRASE";

/// `vakt data` and its commands.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    #[command(subcommand)]
    command: DataCommand,
}

#[derive(Debug, Clone, Subcommand)]
enum DataCommand {
    /// Where the data directory is, whether it is encrypted, locked or read-only.
    Status,
    /// Encrypt the data directory in place (the journal and every stored evidence copy) under
    /// a new passphrase (VAKT_NEW_DATA_PASSPHRASE, else asked twice). Close the window first.
    Encrypt,
    /// Change the data key's passphrase (the old one from VAKT_DATA_PASSPHRASE, the new one from
    /// VAKT_NEW_DATA_PASSPHRASE, else asked).
    Passphrase,
    /// Hold the data key in the desktop's keyring too (GNOME Keyring, KWallet, KeePassXC: any
    /// freedesktop.org secret service), so commands and the window unlock without the
    /// passphrase while your desktop session is unlocked; or stop holding it there.
    Keyring {
        /// `on` (asks the passphrase, VAKT_DATA_PASSPHRASE in scripts) or `off`.
        #[arg(value_enum)]
        state: KeyringState,
    },
}

/// Whether the data key is held in the desktop's keyring.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KeyringState {
    /// Hold it there too.
    On,
    /// Stop holding it there: only the passphrase unlocks.
    Off,
}

impl DataArgs {
    /// Whether this command works on a locked data directory without unlocking it first.
    pub fn works_locked(&self) -> bool {
        matches!(
            self.command,
            DataCommand::Status
                | DataCommand::Passphrase
                | DataCommand::Keyring {
                    state: KeyringState::On
                }
        )
    }
}

/// Unlocks the session when the data directory is encrypted: the passphrase from
/// `VAKT_DATA_PASSPHRASE`; else the desktop's keyring when it holds the data key; else the
/// passphrase asked on the terminal (after saying why the keyring did not do).
pub fn unlock(cx: &mut Context<'_, '_, '_>) -> anyhow::Result<()> {
    if !cx.session.is_locked() {
        return Ok(());
    }
    if cx.env(PASSPHRASE_VARIABLE).is_none() && cx.call(DataStatusRequest {})?.keyring {
        match cx.call(vakt_api::ops::DataUnlockKeyringRequest {}) {
            Ok(_) => return Ok(()),
            Err(e) => cx.note(&format!("vakt: the desktop keyring did not unlock: {e}")),
        }
    }
    let passphrase = cx.passphrase(PASSPHRASE_VARIABLE, "passphrase of the data directory")?;
    cx.call(vakt_api::ops::DataUnlockRequest { passphrase })?;
    Ok(())
}

/// A new passphrase: from `VAKT_NEW_DATA_PASSPHRASE`, else asked twice (they must agree).
fn new_passphrase(cx: &mut Context<'_, '_, '_>) -> anyhow::Result<String> {
    if let Some(p) = cx.env(NEW_PASSPHRASE_VARIABLE) {
        return Ok(p);
    }
    let first = cx.passphrase(
        NEW_PASSPHRASE_VARIABLE,
        "new passphrase for the data directory",
    )?;
    let again = cx.passphrase(NEW_PASSPHRASE_VARIABLE, "again")?;
    if first != again {
        return Err(vakt_api::ApiError::new(
            vakt_api::ErrorCode::InvalidRequest,
            "the two passphrases differ; nothing was changed",
        )
        .into());
    }
    Ok(first)
}

/// Runs `vakt data …`.
pub fn data(cx: &mut Context<'_, '_, '_>, args: DataArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        DataCommand::Status => {
            let status = cx.call(DataStatusRequest {})?;
            cx.show(&status)?;
        }
        DataCommand::Encrypt => {
            let passphrase = new_passphrase(cx)?;
            cx.note("encrypting the data directory…");
            let status = cx.call(DataEncryptRequest { passphrase })?;
            cx.show(&status)?;
        }
        DataCommand::Passphrase => {
            let old = cx.passphrase(
                PASSPHRASE_VARIABLE,
                "current passphrase of the data directory",
            )?;
            if cx.session.is_locked() {
                cx.call(vakt_api::ops::DataUnlockRequest {
                    passphrase: old.clone(),
                })?;
            }
            let new = new_passphrase(cx)?;
            let status = cx.call(DataChangePassphraseRequest { old, new })?;
            cx.show(&status)?;
        }
        DataCommand::Keyring {
            state: KeyringState::On,
        } => {
            // Asked once: it unlocks a locked directory and confirms the person.
            let passphrase =
                cx.passphrase(PASSPHRASE_VARIABLE, "passphrase of the data directory")?;
            if cx.session.is_locked() {
                cx.call(vakt_api::ops::DataUnlockRequest {
                    passphrase: passphrase.clone(),
                })?;
            }
            let status = cx.call(vakt_api::ops::DataKeyringOnRequest { passphrase })?;
            cx.show(&status)?;
        }
        DataCommand::Keyring {
            state: KeyringState::Off,
        } => {
            let released = cx.call(vakt_api::ops::DataKeyringOffRequest {})?;
            cx.show(&released)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
