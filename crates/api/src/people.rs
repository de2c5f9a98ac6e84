//! Persons: who sits at the keyboard, with a personal signing key.
//!
//! On first start the person at the keyboard is created from the operating system (login, uid,
//! full name from the account) with a P-256 key and a self-signed certificate. A person's id is
//! the lowercase hex SHA-256 of their public key's SubjectPublicKeyInfo DER, so it exists from
//! the first journal event and the workspace can list it (`[[people]] keys`).
//!
//! Storage (`<data>/people/<id>/`, folders created 0700): `certificate.pem`, `chain.pem`,
//! `person.toml`, and the key. Until the person sets a passphrase the key is **device
//! protected**: it is kept in `device/key.pem`, encrypted (PKCS#8 PBES2) under a random 256-bit
//! secret held in this data directory's database (setting `person.<id>.device`), so the
//! folder alone does not give the key away and an encrypted database protects it with the data
//! passphrase. Such a key acts (it is who the journal names) but does not sign: there is no
//! `key.pem`, and signing asks for a passphrase first. Setting the passphrase writes `key.pem`
//! (encrypted under it, [`vakt_signature::Identity::save`]) and removes the device copy and
//! its secret.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use der::Encode;
use serde::{Deserialize, Serialize};
use vakt_signature::{Certificate, Identity, KdfCost, KeyAlgorithm};
use vakt_sources::Whereabouts;

use crate::json::{Me, PersonView};
use crate::{ApiError, ErrorCode, Vakt};

/// The folder of the data directory holding the persons.
pub const PEOPLE_DIR: &str = "people";
/// A person's description beside their identity.
pub const PERSON_FILE: &str = "person.toml";
/// The device-protected key's folder inside a person's folder.
const DEVICE_DIR: &str = "device";
/// The key file a passphrase protects (the [`Identity::save`] layout).
const KEY_FILE: &str = "key.pem";
/// The random device secret needs no stretching: one round of the key derivation.
const DEVICE_COST: KdfCost = KdfCost(1);

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ApiError + '_ {
    move |e| ApiError::new(ErrorCode::Unavailable, format!("{}: {e}", path.display()))
}

/// How a person came to be held here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Created from the operating-system account at the keyboard.
    #[default]
    Os,
    /// Added by hand at this console (`vakt person add`).
    Added,
}

/// What `person.toml` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFile {
    /// The name the journal records.
    pub display_name: String,
    /// The account's full name (GECOS), when the system knows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// The operating-system login the person was created under.
    pub os_user: String,
    /// Its uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_uid: Option<u32>,
    /// Whether the person confirmed the display name.
    pub name_confirmed: bool,
    /// When the person was created here (RFC 3339).
    pub created: String,
    /// How the person came to be held here.
    #[serde(default)]
    pub origin: Origin,
}

/// A person held in this data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Hex SHA-256 of the public key's SPKI DER.
    pub id: String,
    /// Their folder.
    pub dir: PathBuf,
    /// What `person.toml` says.
    pub file: PersonFile,
}

impl Person {
    /// Whether a passphrase protects the key (so the person can sign).
    pub fn passphrase_set(&self) -> bool {
        self.dir.join(KEY_FILE).is_file()
    }

    /// The words a new passphrase must not lean on: the person's names and login.
    fn context(&self) -> Vec<String> {
        let mut words = vec![self.file.display_name.clone(), self.file.os_user.clone()];
        words.extend(self.file.full_name.clone());
        words.extend(
            self.file
                .display_name
                .split_whitespace()
                .map(str::to_string),
        );
        words
    }
}

/// The person id of `certificate`'s key: lowercase hex SHA-256 of its SPKI DER.
pub fn person_id(certificate: &Certificate) -> Result<String, ApiError> {
    let der = certificate
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(failed)?;
    Ok(vakt_stdx::sha256_hex(&der))
}

/// Creates a folder (and its parents) with mode 0700 from the start.
fn private_dir(dir: &Path) -> Result<(), ApiError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(dir))
}

/// Writes `text` to `path` through a temporary file beside it, created 0600.
fn write_private(path: &Path, text: &str) -> Result<(), ApiError> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(io(&tmp))?;
    file.write_all(text.as_bytes()).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

fn device_setting(id: &str) -> String {
    format!("person.{id}.device")
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Every person held in `data_dir`, oldest first.
pub fn people(data_dir: &Path) -> Result<Vec<Person>, ApiError> {
    let root = data_dir.join(PEOPLE_DIR);
    let entries = match std::fs::read_dir(&root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&root)(e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io(&root))?;
        let dir = entry.path();
        let path = dir.join(PERSON_FILE);
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        let file: PersonFile = toml::from_str(&text)
            .map_err(|e| failed(format!("{}: {}", path.display(), e.message())))?;
        out.push(Person {
            id: entry.file_name().to_string_lossy().into_owned(),
            dir,
            file,
        });
    }
    out.sort_by(|a, b| (&a.file.created, &a.id).cmp(&(&b.file.created, &b.id)));
    Ok(out)
}

/// Whether `text` names `p`: its id or a unique prefix of it (8 characters at least), its
/// display name or its login (case-insensitive).
fn names(p: &Person, text: &str) -> bool {
    let t = text.trim();
    (t.len() >= 8 && p.id.starts_with(&t.to_ascii_lowercase()))
        || p.file.display_name.eq_ignore_ascii_case(t)
        || p.file
            .full_name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(t))
}

/// A line per person for an error message.
fn listed(people: &[Person]) -> String {
    people
        .iter()
        .map(|p| {
            format!(
                "{} ({}, login {})",
                p.file.display_name,
                &p.id[..12.min(p.id.len())],
                p.file.os_user
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Vakt {
    /// The workspace's `workspace.toml` (organisation, roles, people), read alone; `None`
    /// without a workspace or when the file does not load.
    pub fn workspace_file(&self) -> Option<vakt_playbook::Workspace> {
        let root = &self.workspace.as_ref().ok()?.root;
        let path = root.join(vakt_playbook::WORKSPACE_FILE);
        let text = std::fs::read_to_string(&path).ok()?;
        vakt_playbook::parse_workspace(vakt_playbook::WORKSPACE_FILE, &text).ok()
    }

    /// The persons' folder.
    pub fn people_dir(&self) -> PathBuf {
        self.data_dir.join(PEOPLE_DIR)
    }

    /// Every person held in this data directory.
    pub fn people(&self) -> Result<Vec<Person>, ApiError> {
        people(&self.data_dir)
    }

    /// The person held here whose id (or unique id prefix), display name or full name is
    /// `text`; else an error listing who is held. Never creates one.
    pub fn person_named(&self, text: &str) -> Result<Person, ApiError> {
        let all = self.people()?;
        let mut found: Vec<&Person> = all.iter().filter(|p| names(p, text)).collect();
        if found.is_empty() {
            let t = text.trim();
            found = all.iter().filter(|p| p.file.os_user == t).collect();
        }
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(invalid(format!(
                "no person `{}` is held in this data directory; the persons here are: {}",
                text.trim(),
                listed(&all)
            ))),
            _ => Err(invalid(format!(
                "`{}` names {} persons here; give their id: {}",
                text.trim(),
                found.len(),
                listed(&found.into_iter().cloned().collect::<Vec<_>>())
            ))),
        }
    }

    /// The person with id `id`.
    pub fn person(&self, id: &str) -> Result<Person, ApiError> {
        self.people()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| invalid(format!("no person with id {id} is held here")))
    }

    /// The person at the keyboard: the oldest person created from this operating-system
    /// account (login and uid), created now when there is none. On a read-only data directory
    /// none is created and `None` is answered.
    pub(crate) fn ensure_os_person(&mut self) -> Result<Option<Person>, ApiError> {
        let here = self.machine.whereabouts();
        let found = self.people()?.into_iter().find(|p| {
            p.file.origin == Origin::Os
                && p.file.os_user == here.os_user
                && p.file.os_uid == here.os_uid
        });
        if found.is_some() || self.db.read_only().is_some() {
            return Ok(found);
        }
        let name = here
            .full_name
            .clone()
            .unwrap_or_else(|| here.os_user.clone());
        self.create_person(&here, &name, Origin::Os, KeyAlgorithm::P256)
            .map(Some)
    }

    /// Creates a person with a new key (a self-signed certificate `CN=<display name>,
    /// O=<organisation>`, valid ten years), the key device-protected until they set a
    /// passphrase.
    pub(crate) fn create_person(
        &mut self,
        here: &Whereabouts,
        display_name: &str,
        origin: Origin,
        algorithm: KeyAlgorithm,
    ) -> Result<Person, ApiError> {
        let display_name = display_name.trim();
        if display_name.is_empty() {
            return Err(invalid("a person's name must not be empty"));
        }
        let now = self.clock.now();
        let mut rng = (self.keys)();
        let organisation = self.organisation_name();
        let identity =
            Identity::generate_person(display_name, &organisation, algorithm, now, 3652, &mut rng)
                .map_err(failed)?;
        let id = person_id(identity.certificate())?;
        let dir = self.people_dir().join(&id);
        private_dir(&dir.join(DEVICE_DIR))?;
        let mut secret = [0u8; 32];
        rng.fill_bytes(&mut secret);
        let secret = vakt_stdx::hex(&secret);
        // The folder is 0700 from its creation, so the key file is never readable by others.
        identity
            .save(&dir.join(DEVICE_DIR), &secret, DEVICE_COST, &mut rng)
            .map_err(failed)?;
        self.db
            .set_setting(&device_setting(&id), &secret, self.clock.as_ref())?;
        write_private(
            &dir.join("certificate.pem"),
            &identity.certificate_pem().map_err(failed)?,
        )?;
        write_private(&dir.join("chain.pem"), "")?;
        let file = PersonFile {
            display_name: display_name.to_string(),
            full_name: here.full_name.clone(),
            os_user: here.os_user.clone(),
            os_uid: here.os_uid,
            name_confirmed: origin == Origin::Added,
            created: time(now),
            origin,
        };
        let person = Person { id, dir, file };
        self.write_person(&person)?;
        Ok(person)
    }

    fn write_person(&self, person: &Person) -> Result<(), ApiError> {
        let text = toml::to_string(&person.file).map_err(failed)?;
        write_private(&person.dir.join(PERSON_FILE), &text)
    }

    /// The person acting now: the one the binary chose ([`crate::Acting`]), else the person
    /// at the keyboard.
    pub(crate) fn current_person(&self) -> Result<Person, ApiError> {
        if let Some(p) = &self.acting_person {
            return Ok(p.clone());
        }
        self.me_person.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unavailable,
                "this data directory holds no person for this account and cannot create one (it is read-only)",
            )
        })
    }

    /// What the settings screen shows of the person acting.
    pub fn me(&self) -> Result<Me, ApiError> {
        let person = self.current_person()?;
        Ok(Me {
            person: self.person_view(&person)?,
            others: self
                .people()?
                .iter()
                .filter(|p| p.id != person.id)
                .map(|p| self.person_view(p))
                .collect::<Result<_, _>>()?,
        })
    }

    pub(crate) fn person_view(&self, p: &Person) -> Result<PersonView, ApiError> {
        let cert = Identity::load_certificate(&p.dir).map_err(failed)?;
        let workspace = self.workspace_file();
        let listed = workspace.as_ref().and_then(|w| w.person_with_key(&p.id));
        let tbs = &cert.tbs_certificate;
        Ok(PersonView {
            id: p.id.clone(),
            display_name: p.file.display_name.clone(),
            full_name: p.file.full_name.clone(),
            os_user: p.file.os_user.clone(),
            os_uid: p.file.os_uid,
            name_confirmed: p.file.name_confirmed,
            passphrase_set: p.passphrase_set(),
            certificate_subject: tbs.subject.to_string(),
            certificate_issuer: tbs.issuer.to_string(),
            self_signed: tbs.subject == tbs.issuer,
            workspace_person: listed.map(|w| w.id.clone()),
            workspace_name: listed.map(|w| w.name.clone()),
            eligible_roles: listed.map(|w| w.roles.clone()).unwrap_or_default(),
            auditor: listed.is_some_and(is_auditor),
        })
    }

    /// Confirms (or changes) the acting person's display name.
    pub fn confirm_person_name(&mut self, name: Option<&str>) -> Result<Me, ApiError> {
        let mut person = self.current_person()?;
        if let Some(n) = name {
            let n = n.trim();
            if n.is_empty() {
                return Err(invalid("a person's name must not be empty"));
            }
            person.file.display_name = n.to_string();
        }
        person.file.name_confirmed = true;
        self.write_person(&person)?;
        self.refresh_person(person);
        self.me()
    }

    fn refresh_person(&mut self, person: Person) {
        if self
            .acting_person
            .as_ref()
            .is_some_and(|p| p.id == person.id)
        {
            self.acting_person = Some(person.clone());
        }
        if self.me_person.as_ref().is_some_and(|p| p.id == person.id) {
            self.me_person = Some(person);
        }
    }

    /// Adds a person at this console (someone else who acts here) with a key of their own,
    /// device-protected until they set a passphrase.
    pub fn add_person(
        &mut self,
        name: &str,
        algorithm: KeyAlgorithm,
    ) -> Result<PersonView, ApiError> {
        if self
            .people()?
            .iter()
            .any(|p| p.file.display_name.eq_ignore_ascii_case(name.trim()))
        {
            return Err(invalid(format!(
                "a person named `{}` is held here already",
                name.trim()
            )));
        }
        let here = Whereabouts {
            full_name: None,
            ..self.machine.whereabouts()
        };
        let person = self.create_person(&here, name, Origin::Added, algorithm)?;
        self.person_view(&person)
    }

    /// Whom `text` names for `role` in a run: a person of the workspace's `[[people]]` (by
    /// id, name or key), or a person held here whose key the workspace lists, who must be
    /// eligible for `role`; their id (first key), name and every key. A workspace without
    /// `[[people]]` cannot say who is eligible: then a person held here is assigned.
    pub(crate) fn assignee(
        &self,
        role: &str,
        text: &str,
    ) -> Result<(String, String, Vec<String>), ApiError> {
        let t = text.trim();
        let workspace = self.workspace_file();
        let listed = workspace
            .as_ref()
            .map(|w| w.people.as_slice())
            .unwrap_or_default();
        if listed.is_empty() {
            let p = self.person_named(t)?;
            return Ok((p.id.clone(), p.file.display_name, vec![p.id]));
        }
        let eligible = || {
            let names: Vec<String> = listed
                .iter()
                .filter(|p| p.roles.iter().any(|r| r == role))
                .map(|p| format!("{} ({})", p.name, p.id))
                .collect();
            if names.is_empty() {
                format!("the workspace lists nobody for `{role}`")
            } else {
                format!("eligible for `{role}`: {}", names.join(", "))
            }
        };
        let found = listed
            .iter()
            .find(|p| p.id == t || p.name.eq_ignore_ascii_case(t) || p.keys.iter().any(|k| k == t))
            .or_else(|| {
                let held = self.person_named(t).ok()?;
                listed.iter().find(|p| p.keys.contains(&held.id))
            });
        let Some(p) = found else {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "`{t}` is not among the workspace's people ([[people]] in workspace.toml); {}",
                    eligible()
                ),
            ));
        };
        if !p.roles.iter().any(|r| r == role) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "{} ({}) may not hold `{role}`; {}",
                    p.name,
                    p.id,
                    eligible()
                ),
            ));
        }
        let Some(first) = p.keys.first() else {
            return Err(invalid(format!(
                "{} ({}) has no key listed in the workspace: add their person id to `keys` first",
                p.name, p.id
            )));
        };
        Ok((first.clone(), p.name.clone(), p.keys.clone()))
    }

    /// The acting person's identity for signing, unlocked with `passphrase`; refused with "set
    /// a passphrase first" while the key is only device-protected.
    pub fn person_identity(&self, id: &str, passphrase: &str) -> Result<Identity, ApiError> {
        let person = self.person(id)?;
        load_signing_identity(&person, passphrase)
    }
}

/// Whether the workspace person is an auditor (may hold the auditor role): they change nothing.
pub(crate) fn is_auditor(p: &vakt_playbook::WorkspacePerson) -> bool {
    p.roles.iter().any(|r| r == vakt_run::READ_ONLY_ROLE)
}

/// `person`'s identity unlocked with their passphrase.
pub fn load_signing_identity(person: &Person, passphrase: &str) -> Result<Identity, ApiError> {
    unlock_key(&person.dir, &person.file.display_name, passphrase)
}

/// The identity in person folder `dir` (of the person `name`) unlocked with their passphrase;
/// "set a passphrase first" while the key is only device-protected (no `key.pem`). Every
/// signing with a person's key goes through here.
pub fn unlock_key(dir: &Path, name: &str, passphrase: &str) -> Result<Identity, ApiError> {
    if !dir.join(KEY_FILE).is_file() {
        return Err(invalid(format!(
            "set a passphrase first: {name}'s key is device-protected and cannot sign until a passphrase protects it (Settings, or `vakt person passphrase`)"
        )));
    }
    Identity::load(dir, passphrase).map_err(|e| match e {
        vakt_signature::SignatureError::WrongPassphrase => {
            ApiError::new(ErrorCode::WrongPassphrase, e.to_string())
        }
        other => failed(other),
    })
}

/// What a new passphrase for `person` needs: typed twice alike, strong enough.
fn check_passphrase(person: &Person, passphrase: &str, again: &str) -> Result<(), ApiError> {
    if passphrase != again {
        return Err(invalid("the two passphrases differ"));
    }
    let words = person.context();
    let context: Vec<&str> = words.iter().map(String::as_str).collect();
    crate::passphrase::check_new(passphrase, &context)
}

/// Sets (or changes, given the current one) the passphrase of the acting person's key: the
/// key is written encrypted under it and the device-protected copy removed. Key derivation
/// runs outside the session lock.
pub(crate) fn set_passphrase(
    host: &crate::Host<'_>,
    passphrase: &str,
    again: &str,
    current: Option<&str>,
) -> Result<crate::json::Me, ApiError> {
    let (person, secret, mut rng) = host.with(|v| {
        let person = v.current_person()?;
        let secret = v.db.setting(&device_setting(&person.id))?;
        Ok((person, secret, (v.keys)()))
    })?;
    check_passphrase(&person, passphrase, again)?;
    let identity = if person.passphrase_set() {
        let current = current.ok_or_else(|| {
            ApiError::new(
                ErrorCode::WrongPassphrase,
                "give the current passphrase to change it",
            )
        })?;
        load_signing_identity(&person, current)?
    } else {
        let secret = secret.filter(|s| !s.is_empty()).ok_or_else(|| {
            failed(format!(
                "{}: the device secret of this key is not in this data directory's database",
                person.dir.display()
            ))
        })?;
        Identity::load(&person.dir.join(DEVICE_DIR), &secret).map_err(failed)?
    };
    identity
        .save(&person.dir, passphrase, KdfCost::default(), &mut rng)
        .map_err(failed)?;
    let device = person.dir.join(DEVICE_DIR);
    if device.exists() {
        std::fs::remove_dir_all(&device).map_err(io(&device))?;
    }
    host.with(|v| {
        v.db.set_setting(&device_setting(&person.id), "", v.clock.as_ref())?;
        v.me()
    })
}

/// Replaces the acting person's key and certificate with those of a PKCS#12 file from the
/// organisation's PKI, kept under a new passphrase. The person's id is the new key's: their
/// folder is renamed (events written before keep the old id).
pub(crate) fn import_pkcs12(
    host: &crate::Host<'_>,
    file: &Path,
    file_passphrase: &str,
    passphrase: &str,
    again: &str,
) -> Result<crate::json::Me, ApiError> {
    let bytes = std::fs::read(file).map_err(io(file))?;
    let identity =
        Identity::import_pkcs12(&bytes, file_passphrase).map_err(|e| invalid(e.to_string()))?;
    let (person, root, mut rng) =
        host.with(|v| Ok((v.current_person()?, v.people_dir(), (v.keys)())))?;
    check_passphrase(&person, passphrase, again)?;
    let id = person_id(identity.certificate())?;
    if id != person.id && root.join(&id).exists() {
        return Err(invalid(format!(
            "the key in {} belongs to another person held here ({id})",
            file.display()
        )));
    }
    let dir = root.join(&id);
    private_dir(&dir)?;
    identity
        .save(&dir, passphrase, KdfCost::default(), &mut rng)
        .map_err(failed)?;
    let mut moved = person.clone();
    moved.id = id.clone();
    moved.dir = dir.clone();
    if id != person.id {
        std::fs::remove_dir_all(&person.dir).map_err(io(&person.dir))?;
    } else {
        let device = dir.join(DEVICE_DIR);
        if device.exists() {
            std::fs::remove_dir_all(&device).map_err(io(&device))?;
        }
    }
    host.with(|v| {
        v.write_person(&moved)?;
        v.db.set_setting(&device_setting(&person.id), "", v.clock.as_ref())?;
        if v.me_person.as_ref().is_some_and(|p| p.id == person.id) {
            v.me_person = Some(moved.clone());
        }
        if v.acting_person.as_ref().is_some_and(|p| p.id == person.id) {
            v.acting_person = Some(moved.clone());
        }
        v.me()
    })
}
