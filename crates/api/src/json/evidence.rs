//! The evidence register: items with their chain of custody, and the store checked against
//! the journal.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vakt_run::custody::{self, CustodyAction, EvidenceCheck, EvidenceItem, Held, Method};
use vakt_stdx::shown_safely;

/// How an item was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceMethod {
    /// A file copied from where it was.
    #[default]
    CopiedFile,
    /// A screenshot.
    Screenshot,
    /// An export from a system.
    Export,
    /// A memory image.
    MemoryImage,
    /// A disk image.
    DiskImage,
    /// Something else.
    Other,
}

impl EvidenceMethod {
    /// Its name as the CLI and the JSON write it (`memory-image`).
    pub fn word(self) -> &'static str {
        match self {
            EvidenceMethod::CopiedFile => "copied-file",
            EvidenceMethod::Screenshot => "screenshot",
            EvidenceMethod::Export => "export",
            EvidenceMethod::MemoryImage => "memory-image",
            EvidenceMethod::DiskImage => "disk-image",
            EvidenceMethod::Other => "other",
        }
    }
}

impl From<EvidenceMethod> for Method {
    fn from(m: EvidenceMethod) -> Self {
        match m {
            EvidenceMethod::CopiedFile => Method::CopiedFile,
            EvidenceMethod::Screenshot => Method::Screenshot,
            EvidenceMethod::Export => Method::Export,
            EvidenceMethod::MemoryImage => Method::MemoryImage,
            EvidenceMethod::DiskImage => Method::DiskImage,
            EvidenceMethod::Other => Method::Other,
        }
    }
}

impl From<Method> for EvidenceMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::CopiedFile => EvidenceMethod::CopiedFile,
            Method::Screenshot => EvidenceMethod::Screenshot,
            Method::Export => EvidenceMethod::Export,
            Method::MemoryImage => EvidenceMethod::MemoryImage,
            Method::DiskImage => EvidenceMethod::DiskImage,
            Method::Other => EvidenceMethod::Other,
        }
    }
}

/// Something that happened to an item, as the window and `--json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum CustodyEvent {
    /// Looked at.
    Viewed,
    /// A copy written out.
    Exported {
        /// Where.
        to: String,
    },
    /// Handed over.
    HandedOver {
        /// To whom.
        to: String,
        /// Why.
        purpose: String,
    },
}

impl From<&CustodyAction> for CustodyEvent {
    fn from(a: &CustodyAction) -> Self {
        match a {
            CustodyAction::Viewed => CustodyEvent::Viewed,
            CustodyAction::Exported { to } => CustodyEvent::Exported {
                to: shown_safely(to),
            },
            CustodyAction::HandedOver { to, purpose } => CustodyEvent::HandedOver {
                to: to.clone(),
                purpose: purpose.clone(),
            },
        }
    }
}

/// One entry of an item's chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustodyEntryView {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub by: String,
    /// In which role.
    pub role: Option<String>,
    /// On which machine.
    pub host: String,
    /// What happened.
    pub event: CustodyEvent,
}

impl From<&custody::CustodyEntry> for CustodyEntryView {
    fn from(c: &custody::CustodyEntry) -> Self {
        Self {
            at: c.at.to_rfc3339(),
            by: c.by.clone(),
            role: c.role.clone(),
            host: c.host.clone(),
            event: (&c.action).into(),
        }
    }
}

/// One item of the evidence register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceItemView {
    /// The item's id (its `evidence.attached` event).
    pub id: String,
    /// The run.
    pub run: String,
    /// The file's name, control and bidi characters escaped.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// The step it belongs to.
    pub step: Option<String>,
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// How it was obtained.
    pub method: EvidenceMethod,
    /// Who collected it.
    pub collected_by: String,
    /// When it was collected (RFC 3339).
    pub collected_at: String,
    /// The machine it came from (empty for items recorded before the register).
    pub source_host: String,
    /// The path it came from, escaped.
    pub source_path: String,
    /// The system it came from.
    pub source_system: Option<String>,
    /// Whether a copy is in the store (else only a reference to `sourcePath`).
    pub held_copy: bool,
    /// Who recorded it, when (RFC 3339), in which role.
    pub recorded_by: String,
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
    /// The recorder's role.
    pub role: Option<String>,
    /// Every later event, in journal order.
    pub custody: Vec<CustodyEntryView>,
}

impl From<&EvidenceItem> for EvidenceItemView {
    fn from(i: &EvidenceItem) -> Self {
        let a = &i.attached;
        let source = a.source.as_ref();
        Self {
            id: i.id.to_string(),
            run: i.run.to_string(),
            name: shown_safely(&a.original_name),
            description: a.description.clone(),
            step: a.step.clone(),
            sha256: a.sha256.clone(),
            size: a.size,
            method: a.method.into(),
            collected_by: a
                .collected_by
                .clone()
                .unwrap_or_else(|| i.recorded_by.clone()),
            collected_at: a
                .collected_at
                .clone()
                .unwrap_or_else(|| i.recorded_at.to_rfc3339()),
            source_host: source.map(|s| s.host.clone()).unwrap_or_default(),
            source_path: source.map(|s| shown_safely(&s.path)).unwrap_or_default(),
            source_system: source.and_then(|s| s.system.clone()),
            held_copy: a.held == Held::Copy,
            recorded_by: i.recorded_by.clone(),
            recorded_at: i.recorded_at.to_rfc3339(),
            role: i.role.clone(),
            custody: i.custody.iter().map(Into::into).collect(),
        }
    }
}

/// A stored copy that is not what the journal says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceFinding {
    /// SHA-256 the journal records, hex.
    pub sha256: String,
    /// The items that hold it: their names, escaped.
    pub names: Vec<String>,
    /// Their ids.
    pub items: Vec<String>,
    /// The digest found (for a modified copy).
    pub found: Option<String>,
}

impl From<&custody::Finding> for EvidenceFinding {
    fn from(f: &custody::Finding) -> Self {
        Self {
            sha256: f.expected.sha256.clone(),
            names: f
                .expected
                .items
                .iter()
                .map(|i| shown_safely(&i.name))
                .collect(),
            items: f
                .expected
                .items
                .iter()
                .map(|i| i.item.to_string())
                .collect(),
            found: f.found.clone(),
        }
    }
}

/// The evidence store checked against the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceVerdict {
    /// Every stored copy the journal names is there and unchanged.
    pub intact: bool,
    /// Stored copies rehashed.
    #[ts(type = "number")]
    pub checked: u64,
    /// Bytes rehashed.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Items held by reference only (not checked).
    #[ts(type = "number")]
    pub references: u64,
    /// Copies gone.
    pub missing: Vec<EvidenceFinding>,
    /// Copies that no longer hash to their name.
    pub modified: Vec<EvidenceFinding>,
    /// Files in the store that no item names.
    pub extra: Vec<String>,
    /// Leftover `.part` files of interrupted copies.
    #[ts(type = "number")]
    pub leftovers: u64,
}

impl From<&EvidenceCheck> for EvidenceVerdict {
    fn from(c: &EvidenceCheck) -> Self {
        Self {
            intact: c.is_intact(),
            checked: c.checked as u64,
            bytes: c.bytes,
            references: c.references as u64,
            missing: c.missing.iter().map(Into::into).collect(),
            modified: c.modified.iter().map(Into::into).collect(),
            extra: c.extra.iter().map(|e| shown_safely(e)).collect(),
            leftovers: c.leftovers as u64,
        }
    }
}

impl fmt::Display for EvidenceVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.intact {
            write!(
                f,
                "evidence intact: {} stored copies rehashed ({} bytes)",
                self.checked, self.bytes
            )?;
        } else {
            write!(
                f,
                "evidence DAMAGED: {} missing, {} modified of {} stored copies",
                self.missing.len(),
                self.modified.len(),
                self.checked as usize + self.missing.len()
            )?;
        }
        if self.references > 0 {
            write!(f, "; {} held by reference, not checked", self.references)?;
        }
        writeln!(f)?;
        for m in &self.missing {
            writeln!(
                f,
                "  missing   {} {} (recorded in the journal; the stored copy is gone)",
                m.sha256,
                m.names.join(", ")
            )?;
        }
        for m in &self.modified {
            writeln!(
                f,
                "  modified  {} {} (now {})",
                m.sha256,
                m.names.join(", "),
                m.found.as_deref().unwrap_or("?")
            )?;
        }
        for e in &self.extra {
            writeln!(f, "  extra     {e} (in the store, recorded by no item)")?;
        }
        if self.leftovers > 0 {
            writeln!(
                f,
                "  {} leftover .part file(s) of interrupted copies (removed at the next attach)",
                self.leftovers
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for EvidenceItemView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}  {}  {} bytes  {}",
            self.id, self.name, self.size, self.sha256
        )?;
        writeln!(
            f,
            "  collected by {} at {} from {}:{}{} ({}, {})",
            self.collected_by,
            self.collected_at,
            self.source_host,
            self.source_path,
            self.source_system
                .as_deref()
                .map(|s| format!(" via {s}"))
                .unwrap_or_default(),
            self.method.word(),
            if self.held_copy {
                "copy held"
            } else {
                "by reference"
            }
        )?;
        writeln!(
            f,
            "  recorded by {} at {}",
            self.recorded_by, self.recorded_at
        )?;
        for c in &self.custody {
            let what = match &c.event {
                CustodyEvent::Viewed => "viewed".to_string(),
                CustodyEvent::Exported { to } => format!("exported to {to}"),
                CustodyEvent::HandedOver { to, purpose } => {
                    format!("handed over to {to} ({purpose})")
                }
            };
            writeln!(f, "  {} {} by {} on {}", c.at, what, c.by, c.host)?;
        }
        Ok(())
    }
}
