//! Persons as the window and the CLI see them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A person held in this data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    /// Hex SHA-256 of the person's public key (SPKI DER): their id in the journal.
    pub id: String,
    /// The name the journal records.
    pub display_name: String,
    /// The account's full name, when the system knows one.
    pub full_name: Option<String>,
    /// The operating-system login the person was created under.
    pub os_user: String,
    /// Its uid.
    pub os_uid: Option<u32>,
    /// Whether the person confirmed the display name.
    pub name_confirmed: bool,
    /// Whether a passphrase protects the key (needed to sign).
    pub passphrase_set: bool,
    /// The certificate's subject.
    pub certificate_subject: String,
    /// Its issuer.
    pub certificate_issuer: String,
    /// Whether the certificate is self-signed (not issued by the organisation).
    pub self_signed: bool,
    /// The workspace person whose keys include this one (`[[people]] id`), if any.
    pub workspace_person: Option<String>,
    /// Their name in the workspace.
    pub workspace_name: Option<String>,
    /// The roles the workspace says this person may hold.
    pub eligible_roles: Vec<String>,
    /// Whether the workspace lists this person as an auditor: they change nothing.
    pub auditor: bool,
}

/// The person acting, and the others held here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// The person acting.
    pub person: PersonView,
    /// The other persons held in this data directory.
    pub others: Vec<PersonView>,
}

impl std::fmt::Display for PersonView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let confirmed = if self.name_confirmed {
            ""
        } else {
            " (not confirmed yet: `vakt person name`)"
        };
        writeln!(f, "name         {}{confirmed}", self.display_name)?;
        writeln!(f, "person id    {}", self.id)?;
        let uid = self
            .os_uid
            .map(|u| format!(" (uid {u})"))
            .unwrap_or_default();
        writeln!(f, "login        {}{uid}", self.os_user)?;
        if let Some(n) = &self.full_name {
            writeln!(f, "full name    {n}")?;
        }
        writeln!(
            f,
            "passphrase   {}",
            if self.passphrase_set {
                "set: the key can sign"
            } else {
                "not set: the key is device-protected and cannot sign (`vakt person passphrase`)"
            }
        )?;
        writeln!(f, "certificate  {}", self.certificate_subject)?;
        if self.self_signed {
            writeln!(f, "issuer       self-signed")?;
        } else {
            writeln!(f, "issuer       {}", self.certificate_issuer)?;
        }
        match (&self.workspace_person, &self.workspace_name) {
            (Some(id), Some(name)) => {
                writeln!(f, "workspace    {name} ({id})")?;
                let roles = if self.eligible_roles.is_empty() {
                    "none".to_string()
                } else {
                    self.eligible_roles.join(", ")
                };
                writeln!(f, "may hold     {roles}")?;
                if self.auditor {
                    writeln!(
                        f,
                        "             an auditor: reads and verifies, changes nothing"
                    )?;
                }
            }
            _ => writeln!(
                f,
                "workspace    not listed: add this person id to their [[people]] keys"
            )?,
        }
        Ok(())
    }
}

impl std::fmt::Display for Me {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.person)?;
        for o in &self.others {
            writeln!(
                f,
                "also here    {} ({})",
                o.display_name,
                &o.id[..12.min(o.id.len())]
            )?;
        }
        Ok(())
    }
}
