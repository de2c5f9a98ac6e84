//! The data directory at rest, on the open session: its status, turning encryption on (the
//! database and the evidence store), and what changing the passphrase needs.

use std::path::PathBuf;

use crate::{ApiError, ErrorCode, Keys, Vakt, json};

impl Vakt {
    /// The data directory's state.
    pub fn data_status(&self) -> json::DataStatus {
        json::DataStatus {
            data_dir: self.data_dir.display().to_string(),
            encrypted: self.db.is_encrypted(),
            locked: false,
            read_only: self.db.read_only().map(str::to_string),
            keyring: vakt_store::held_in_keyring(self.db.path()),
            unlocked_with: self.unlocked_with,
        }
    }

    /// Words a new passphrase must not lean on: the person's login and name, the host.
    fn passphrase_context(&self) -> Vec<String> {
        let w = self.machine.whereabouts();
        let mut words = vec![w.os_user, w.host];
        words.extend(w.full_name);
        for person in [&self.acting_person, &self.me_person].into_iter().flatten() {
            words.push(person.file.display_name.clone());
        }
        words
    }

    /// Removes what interrupted evidence copies left behind (at the start of the app; a
    /// write-protected data directory is left as it is).
    /// When the data directory is encrypted, plain copies left by an interrupted conversion
    /// are sealed too.
    pub(crate) fn sweep_evidence(&self) {
        if self.db.read_only().is_none() {
            // A failure here is not fatal: every intake sweeps again before it copies, and
            // the next start seals what is left.
            if vakt_run::evidence::EvidenceStore::open(self.evidence_dir()).is_ok() {
                let _ = self.evidence_store().seal_plain_copies();
            }
        }
    }

    /// Encrypts the plain data directory in place under a new data key wrapped under
    /// `passphrase` (strength-checked first).
    pub fn encrypt_data(
        &mut self,
        passphrase: &str,
        cost: vakt_store::KdfCost,
    ) -> Result<json::DataStatus, ApiError> {
        if self.db.is_encrypted() {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the data directory is already encrypted; change the passphrase instead",
            ));
        }
        let context = self.passphrase_context();
        crate::passphrase::check_new(
            passphrase,
            &context.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        let key = self
            .db
            .encrypt(self.clock.as_ref(), passphrase, cost, &mut *(self.keys)())?;
        self.data_key = Some(key);
        self.unlocked_with = Some(json::UnlockedWith::Passphrase);
        // The database is encrypted and its key saved; now every stored evidence copy, one by
        // one (a kill here leaves the rest plain, sealed at the next unlock).
        self.evidence_store()
            .seal_plain_copies()
            .map_err(vakt_run::RunError::from)?;
        Ok(self.data_status())
    }

    /// The encrypted database's path, for holding its data key in the desktop's keyring or
    /// releasing it outside the session's lock; refused when not encrypted.
    pub(crate) fn encrypted_database(&self) -> Result<PathBuf, ApiError> {
        if !self.db.is_encrypted() {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the data directory is not encrypted: there is no data key to hold in the keyring (turn encryption on with `vakt data encrypt`)",
            ));
        }
        Ok(self.db.path().to_path_buf())
    }

    /// The database path, the words a new passphrase must avoid and the key randomness, for
    /// changing the passphrase outside the session's lock; refused when not encrypted.
    pub(crate) fn passphrase_change_inputs(
        &self,
    ) -> Result<(PathBuf, Vec<String>, Keys), ApiError> {
        if !self.db.is_encrypted() {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the data directory is not encrypted: there is no passphrase to change (turn encryption on with `vakt data encrypt`)",
            ));
        }
        Ok((
            self.db.path().to_path_buf(),
            self.passphrase_context(),
            self.keys.clone(),
        ))
    }
}
