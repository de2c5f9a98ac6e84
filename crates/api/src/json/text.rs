//! The answers as text for people (the `vakt` command line): each rendered from its transport
//! type, so the terminal shows what the window and `--json` show, in words.

use std::fmt;

use vakt_retention::span_words;
use vakt_topology::format_duration;

use super::*;

impl Localized {
    /// The text in `language` (`en` or `nl`); English for any other.
    pub fn get(&self, language: &str) -> &str {
        match language {
            "nl" => &self.nl,
            _ => &self.en,
        }
    }
}

impl NodeStateName {
    /// The state in one word.
    pub fn word(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Degraded => "degraded",
            Self::Down => "down",
        }
    }
}

impl fmt::Display for ImpactView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Failed: {}", self.failed.join(", "))?;
        writeln!(
            f,
            "{} down, {} degraded, {} up",
            self.down, self.degraded, self.up
        )?;
        for state in [NodeStateName::Down, NodeStateName::Degraded] {
            for n in self.nodes.iter().filter(|n| n.state == state) {
                writeln!(f, "  {:<9} {:<32} {}", state.word(), n.id, n.reason)?;
                if !n.failed && n.path.len() > 1 {
                    writeln!(f, "            why: {}", n.path.join(" → "))?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for SpofView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.services {
            if s.spofs.is_empty() {
                writeln!(f, "{}: no single point of failure", s.id)?;
                continue;
            }
            writeln!(f, "{}: {} single points of failure", s.id, s.spofs.len())?;
            for e in &s.spofs {
                writeln!(f, "  {:<32} {}", e.id, e.path.join(" → "))?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for CutSetView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: depends on {} nodes; minimal cut sets of order ≤ 2{}",
            self.id,
            self.cone,
            if self.truncated { " (TRUNCATED)" } else { "" }
        )?;
        if let Some(r) = &self.truncated_reason {
            writeln!(f, "  truncated: {r}")?;
        }
        writeln!(f, "  order 1 ({}):", self.singles.len())?;
        for s in &self.singles {
            writeln!(f, "    {{{s}}}")?;
        }
        writeln!(f, "  order 2 ({}):", self.pairs.len())?;
        for pair in &self.pairs {
            writeln!(f, "    {{{}}}", pair.join(", "))?;
        }
        Ok(())
    }
}

impl fmt::Display for RecoveryView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Recovery plan after: {}", self.failed.join(", "))?;
        writeln!(f, "Model: {}", self.model)?;
        writeln!(f, "Order:")?;
        for (i, s) in self.steps.iter().enumerate() {
            let why = match (&s.for_service, s.priority_rto_seconds) {
                (Some(svc), Some(rto)) => format!("for {svc} (RTO {})", format_duration(rto)),
                _ => "restores redundancy".into(),
            };
            writeln!(
                f,
                "  {:>3}. {:<32} +{:<8} → +{:<8} {why}",
                i + 1,
                s.id,
                format_duration(s.start_seconds),
                format_duration(s.finish_seconds)
            )?;
        }
        writeln!(f, "Services:")?;
        for s in &self.services {
            writeln!(f, "  {:<24} {}", s.id, s.verdict)?;
        }
        if !self.unrecoverable.is_empty() {
            writeln!(f, "Cannot come back: {}", self.unrecoverable.join(", "))?;
        }
        writeln!(
            f,
            "Everything back after {}",
            format_duration(self.makespan_seconds)
        )
    }
}

impl fmt::Display for DrillView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.moments {
            writeln!(
                f,
                "== +{} == injected: {}",
                format_duration(m.at_seconds),
                m.injected.join(", ")
            )?;
            write!(f, "{}", m.impact)?;
        }
        Ok(())
    }
}

impl fmt::Display for RestoreView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = match self.item {
            RestoreItem::Any => "the whole store",
            RestoreItem::Changed => "changed items",
            RestoreItem::Deleted => "deleted items",
        };
        writeln!(f, "Store:   {} ({item})", self.store)?;
        writeln!(f, "Wanted:  {}", self.wanted)?;
        writeln!(f, "Now:     {}", self.now)?;
        writeln!(f, "{}", self.summary)?;
        if let (Some(p), Some(l)) = (&self.restore_point, &self.data_loss_words) {
            writeln!(f, "Restore point:     {p}")?;
            writeln!(f, "Data-loss window:  {l}")?;
        }
        if !self.tiers.is_empty() {
            writeln!(f, "Tiers:")?;
            for t in &self.tiers {
                match (&t.restore_point, t.data_loss_seconds) {
                    (Some(p), Some(l)) => {
                        writeln!(f, "  {:<22} can: {p} (loses {})", t.tier, span_words(l))?
                    }
                    _ => writeln!(f, "  {:<22} cannot: {}", t.tier, t.reason)?,
                }
            }
        }
        for n in &self.not_covered {
            writeln!(f, "Note: {n}")?;
        }
        Ok(())
    }
}

impl fmt::Display for LoopView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} loop: {}",
            if self.can_cold_start {
                "startable"
            } else {
                "CANNOT START FROM COLD"
            },
            self.cycle.join(" → ")
        )?;
        if !self.blocked.is_empty() {
            writeln!(f, "  blocks: {}", self.blocked.join(", "))?;
        }
        Ok(())
    }
}

impl fmt::Display for TopologyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stuck = self.loops.iter().filter(|l| !l.can_cold_start).count();
        writeln!(
            f,
            "topology ok: {} nodes, {} dependency edges, {} loops ({stuck} cannot start from cold)",
            self.nodes,
            self.edges,
            self.loops.len()
        )
    }
}

impl fmt::Display for FailoverView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.allowed {
            writeln!(
                f,
                "allowed: {} → {} keeps data in the EU/EEA",
                self.from, self.to
            )?;
        } else {
            writeln!(f, "REFUSED: {} → {}", self.from, self.to)?;
            for r in &self.reasons {
                writeln!(f, "  {r}")?;
            }
        }
        for r in &self.remarks {
            writeln!(f, "  note: {r}")?;
        }
        Ok(())
    }
}

/// The model itself, or where it was written.
impl fmt::Display for TopologyExport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Some(path) => writeln!(f, "wrote the fault tree of {} to {path}", self.service),
            None => f.write_str(&self.text),
        }
    }
}

/// The topology file, or where it was written (what was not mapped is listed separately, see
/// [`UnmappedView`]).
impl fmt::Display for TopologyImported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Some(path) => writeln!(
                f,
                "wrote {path}: {} nodes, {} items not mapped",
                self.nodes,
                self.unmapped.len()
            ),
            None => f.write_str(&self.toml),
        }
    }
}

/// `file:line: message`.
impl fmt::Display for UnmappedView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl fmt::Display for ProblemView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl fmt::Display for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self
            .problems
            .iter()
            .chain(self.other_files.iter().flat_map(|o| &o.problems))
        {
            writeln!(f, "{p}")?;
        }
        for p in &self.playbooks {
            writeln!(
                f,
                "ok  {:<45} {:<32} {:>2} steps  {}",
                p.path,
                p.id,
                p.steps,
                p.sha256.get(..12).unwrap_or(&p.sha256)
            )?;
        }
        for o in &self.other_files {
            match &o.summary {
                Some(summary) => writeln!(f, "ok  {:<45} {summary}", o.path)?,
                None if o.problems.is_empty() => writeln!(
                    f,
                    "--  {} (kind not known to this Vakt; not checked)",
                    o.path
                )?,
                None => {}
            }
        }
        writeln!(
            f,
            "{} playbook(s) and {} other definition(s) valid, {} problem(s)",
            self.playbooks.len(),
            self.other_files
                .iter()
                .filter(|o| o.summary.is_some())
                .count(),
            self.problem_count
        )
    }
}

impl fmt::Display for WorkspaceOverview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Vakt {}", self.vakt_version)?;
        let source = match self.workspace_source {
            WorkspaceSource::Flag => "--workspace",
            WorkspaceSource::Environment => "VAKT_WORKSPACE",
            WorkspaceSource::Setting => "saved setting",
            WorkspaceSource::EmbeddedDemo => "the embedded demo",
        };
        writeln!(f, "workspace  {} ({source})", self.workspace_path)?;
        writeln!(
            f,
            "database   {} (schema {})",
            self.database_path, self.schema_version
        )?;
        writeln!(f, "data dir   {}", self.data_dir)?;
        writeln!(f, "definitions: {}", self.definition_files.len())?;
        for d in &self.definition_files {
            writeln!(
                f,
                "  {:<40} {:<10} {:>8} B  {}{}",
                d.path,
                d.kind.as_deref().unwrap_or("-"),
                d.size,
                d.sha256.get(..12).unwrap_or(&d.sha256),
                d.problem
                    .as_deref()
                    .map(|p| format!("  ({p})"))
                    .unwrap_or_default()
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for JournalCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.break_seq, &self.break_reason) {
            (Some(seq), reason) => writeln!(
                f,
                "journal BROKEN at event {seq}: {}",
                reason.as_deref().unwrap_or("")
            )?,
            (None, Some(reason)) => writeln!(f, "journal BROKEN: {reason}")?,
            (None, None) => writeln!(
                f,
                "journal intact: {} events, head {}{}",
                self.count,
                self.head_hash,
                if self.checkpoint_compared {
                    ", matches the checkpoint"
                } else {
                    ""
                }
            )?,
        }
        match &self.evidence {
            Some(evidence) => write!(f, "{evidence}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for SigningIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.exists {
            return writeln!(
                f,
                "no signing identity yet; `vakt identity generate --organisation \"{}\"` makes one",
                self.organisation
            );
        }
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        writeln!(f, "subject      {}", field(&self.subject))?;
        writeln!(f, "issuer       {}", field(&self.issuer))?;
        writeln!(f, "fingerprint  {}", field(&self.fingerprint))?;
        writeln!(
            f,
            "valid        {} – {}",
            field(&self.not_before),
            field(&self.not_after)
        )
    }
}

impl fmt::Display for ProducedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            RecordKind::Incident => "incident record",
            RecordKind::Exercise => "exercise report",
        };
        writeln!(
            f,
            "{} ({kind} {}, {} pages, {} bytes, {})",
            self.path,
            self.reference,
            self.pages,
            self.bytes,
            match &self.signer {
                Some(s) => format!("signed by {s}"),
                None => "unsigned".to_string(),
            }
        )?;
        writeln!(
            f,
            "  journal checkpoint  {} events, head {}",
            self.checkpoint_count, self.checkpoint_head
        )
    }
}

impl fmt::Display for SignedOffRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} signed off by {} as {} ({} signature{} in the file{}, {} bytes)",
            self.path,
            self.name,
            self.roles.join(", "),
            self.signatures,
            if self.signatures == 1 { "" } else { "s" },
            if self.certification {
                "; the first certifies the record: only further signatures are allowed"
            } else {
                ""
            },
            self.bytes
        )?;
        writeln!(f, "  person       {}", self.person)?;
        writeln!(f, "  certificate  SHA-256 {}", self.certificate_fingerprint)?;
        if let Some(t) = &self.timestamp {
            writeln!(f, "  timestamp    {t}")?;
        }
        if self.waiting.is_empty() {
            writeln!(
                f,
                "  every sign-off role has signed; the organisation's seal may follow (`vakt sign`)"
            )
        } else {
            writeln!(
                f,
                "  still to sign: {} (`vakt sign-off {} --person ID`)",
                self.waiting.join(", "),
                self.path
            )
        }
    }
}

impl fmt::Display for RecordVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yes = |b: bool| if b { "true" } else { "FALSE" };
        writeln!(
            f,
            "{}: {}",
            self.path,
            match self.verdict {
                Some(TrustVerdict::Valid) => "VALID",
                Some(TrustVerdict::Untrusted) => "INTACT BUT SIGNER NOT TRUSTED",
                Some(TrustVerdict::Broken) => "BROKEN",
                None if self.valid => "VALID",
                None => "NOT VALID",
            }
        )?;
        writeln!(f, "  {}", self.summary)?;
        for s in &self.signatures {
            writeln!(
                f,
                "  {} by {:?} at {}",
                s.kind.as_deref().unwrap_or("signature"),
                s.signer,
                s.signed_at
            )?;
            if let Some(r) = s.reason.as_deref().filter(|r| !r.is_empty()) {
                writeln!(f, "    reason             {r}")?;
            }
            if let Some(l) = s.location.as_deref().filter(|l| !l.is_empty()) {
                writeln!(f, "    location           {l}")?;
            }
            if let Some(person) = &s.person {
                writeln!(
                    f,
                    "    signed off as      {} by {person}",
                    s.roles.as_deref().unwrap_or_default().join(", ")
                )?;
            }
            writeln!(f, "    digest matches     {}", yes(s.digest_matches))?;
            writeln!(f, "    signature valid    {}", yes(s.signature_valid))?;
            writeln!(f, "    covers whole file  {}", yes(s.covers_whole_file))?;
            writeln!(
                f,
                "    certificate        {} (SHA-256 {})",
                s.subject, s.fingerprint
            )?;
            writeln!(f, "    valid at signing   {}", yes(s.valid_at_signing))?;
            if let Some(path) = s.path.as_ref().filter(|p| !p.is_empty()) {
                writeln!(f, "    certificate path   {}", path.join(" ← "))?;
            }
            writeln!(
                f,
                "    trusted            {}",
                s.trusted
                    .map(|t| yes(t).to_string())
                    .unwrap_or_else(|| "no trust anchor given".into())
            )?;
        }
        if let (Some(count), Some(head)) = (self.checkpoint_count, &self.checkpoint_head) {
            writeln!(f, "  journal checkpoint   {count} events, head {head}")?;
            writeln!(
                f,
                "    matches journal    {}",
                self.checkpoint_matches_journal
                    .map(|m| if m { "true" } else { "false" }.to_string())
                    .unwrap_or_else(|| "no journal at hand".into())
            )?;
        }
        for p in &self.problems {
            writeln!(f, "  problem: {p}")?;
        }
        Ok(())
    }
}

impl RunMode {
    /// The mode in one word.
    pub fn word(self) -> &'static str {
        match self {
            Self::Incident => "incident",
            Self::Drill => "drill",
        }
    }
}

impl RunPhase {
    /// The phase in words.
    pub fn word(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Responding => "responding",
            Self::SignOff => "sign-off",
            Self::Closed => "closed",
        }
    }
}

impl StepStatusName {
    /// The status in words (a failure in capitals).
    pub fn word(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Started => "started",
            Self::Done => "done",
            Self::Skipped => "skipped",
            Self::Failed => "FAILED",
            Self::NotApplicable => "n/a",
        }
    }
}

impl NotificationStateName {
    /// The state in words.
    pub fn word(self) -> &'static str {
        match self {
            Self::ToDo => "NOT TOLD",
            Self::Drafted => "drafted",
            Self::Sent => "sent",
            Self::Acknowledged => "acknowledged",
            Self::NotApplicable => "not applicable",
        }
    }
}

/// Seconds as `1h30m` (`2d4h` for days); negative with a minus.
fn span(seconds: i64) -> String {
    let words = format_duration(seconds.unsigned_abs());
    if seconds < 0 {
        format!("-{words}")
    } else {
        words
    }
}

impl RuledOutView {
    /// `decision `gdpr-role` (Our role for the data) → `processor` (We are processor)`.
    pub fn words(&self, language: &str) -> String {
        match (&self.option, &self.option_title) {
            (Some(o), Some(t)) => format!(
                "decision `{}` ({}) → `{o}` ({})",
                self.step,
                self.step_title.get(language),
                t.get(language)
            ),
            (Some(o), None) => format!("decision `{}` → `{o}`", self.step),
            (None, _) => format!(
                "step `{}` ({}) not applicable",
                self.step,
                self.step_title.get(language)
            ),
        }
    }
}

impl ClockView {
    /// Where the clock stands, in words; a clock ruled out says by which decision.
    pub fn words(&self, language: &str) -> String {
        let deadline = self.deadline.as_deref().unwrap_or("?");
        match self.state {
            ClockStateName::Pending => format!("pending: waits for moment `{}`", self.from),
            ClockStateName::Running => format!("running, due {deadline}"),
            ClockStateName::Met => format!(
                "met at {} ({} to spare)",
                self.met_at.as_deref().unwrap_or("?"),
                span(self.margin_seconds.unwrap_or(0))
            ),
            ClockStateName::Missed if self.overdue => format!(
                "OVERDUE by {} (due {deadline})",
                span(self.missed_by_seconds.unwrap_or(0))
            ),
            ClockStateName::Missed => format!(
                "MISSED by {} (due {deadline})",
                span(self.missed_by_seconds.unwrap_or(0))
            ),
            ClockStateName::NotApplicable => match &self.ruled_out {
                Some(r) => format!("not applicable: {}", r.words(language)),
                None => "not applicable".to_string(),
            },
            ClockStateName::Stopped => format!(
                "stopped by the close at {} before its deadline {deadline}",
                self.met_at.as_deref().unwrap_or("?")
            ),
        }
    }
}

impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}  {:<8} {:<10} {:<30} {}",
            self.id,
            self.mode.word(),
            self.phase.word(),
            self.playbook_id,
            self.title
        )
    }
}

/// A run as text in one language.
#[derive(Debug, Clone, Copy)]
pub struct RunText<'a> {
    run: &'a RunView,
    language: &'a str,
}

impl RunView {
    /// The run as text, its playbook's words in `language` (`en` or `nl`).
    pub fn text<'a>(&'a self, language: &'a str) -> RunText<'a> {
        RunText {
            run: self,
            language,
        }
    }
}

impl fmt::Display for RunText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, lang) = (self.run, self.language);
        let s = &r.summary;
        writeln!(f, "run       {}", s.id)?;
        writeln!(
            f,
            "title     {} ({}, {})",
            s.title,
            s.mode.word(),
            s.phase.word()
        )?;
        writeln!(
            f,
            "playbook  {} ({})",
            s.playbook_id,
            s.playbook_title.get(lang)
        )?;
        writeln!(f, "started   {} by {}", s.started_at, s.started_by)?;
        writeln!(
            f,
            "steps     {} done, {} not applicable, {} in all",
            s.steps_done, s.steps_not_applicable, s.step_count
        )?;
        self.active(f)?;
        writeln!(f, "\nsteps:")?;
        for step in &r.steps {
            write!(
                f,
                "  {:<8} {:<28} {}",
                step.status.word(),
                step.id,
                step.title.get(lang)
            )?;
            if let Some(reason) = step.reason.as_deref().filter(|r| !r.is_empty()) {
                write!(f, " ({reason})")?;
            }
            if let Some(by) = &step.ruled_out {
                write!(f, " (ruled out by {})", by.words(lang))?;
            }
            writeln!(f)?;
        }
        if !s.clocks.is_empty() {
            writeln!(f, "\nclocks:")?;
            for c in &s.clocks {
                writeln!(f, "  {:<28} {}", c.id, c.words(lang))?;
            }
        }
        self.moments(f)?;
        self.register(f)?;
        if !r.overrides.is_empty() {
            writeln!(f, "\noverrides (acted outside the role):")?;
            for o in &r.overrides {
                writeln!(
                    f,
                    "  {} {} {} by {} (role {} held by {}): {}",
                    o.at,
                    o.action,
                    o.step,
                    o.by,
                    o.role,
                    o.holder.as_deref().unwrap_or("nobody"),
                    o.reason
                )?;
            }
        }
        for c in &r.concurrent {
            writeln!(
                f,
                "did not count: {} {} {} by {} at {}: {}",
                c.kind,
                c.step.as_deref().unwrap_or("-"),
                c.option.as_deref().unwrap_or(""),
                c.by,
                c.at,
                c.reason
            )?;
        }
        for c in &r.conflicts {
            let answers: Vec<String> = c
                .answers
                .iter()
                .map(|a| format!("{} ({}) chose {}", a.by, a.host, a.option))
                .collect();
            match &c.settled {
                None => writeln!(
                    f,
                    "ANSWERED DIFFERENTLY: {}: {}; the incident manager settles it by deciding again",
                    c.step,
                    answers.join(", ")
                )?,
                Some(s) => writeln!(
                    f,
                    "answered differently: {}: {}; settled by {} at {}: {}",
                    c.step,
                    answers.join(", "),
                    s.by,
                    s.at,
                    s.option
                )?,
            }
        }
        if !r.assignments.is_empty() {
            writeln!(f, "\nroles:")?;
            for a in &r.assignments {
                writeln!(f, "  {:<24} {}", a.role, a.person)?;
            }
        }
        for d in &r.decisions {
            writeln!(
                f,
                "decision  {} → {} by {} at {}: {}",
                d.step.as_deref().unwrap_or("-"),
                d.text,
                d.by,
                d.at,
                d.detail
            )?;
        }
        for n in &r.notes {
            writeln!(f, "note      {} {}: {}", n.at, n.by, n.text)?;
        }
        for e in &r.evidence {
            let detail = if e.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.detail)
            };
            writeln!(
                f,
                "evidence  {} {} B {}{detail} by {}",
                e.sha256.as_deref().unwrap_or(""),
                e.size.unwrap_or(0),
                e.text,
                e.by
            )?;
        }
        if let (Some(at), Some(by)) = (&s.closed_at, &s.closed_by) {
            writeln!(
                f,
                "closed    {at} by {by}: {}",
                r.sign_off_statement.as_deref().unwrap_or("")
            )?;
        }
        for s in &r.record_signed_off {
            writeln!(
                f,
                "signed    {} {} ({}) record SHA-256 {} certificate SHA-256 {}",
                s.signed_at, s.name, s.role, s.record_sha256, s.certificate_sha256
            )?;
        }
        Ok(())
    }
}

impl RunText<'_> {
    /// Every step to work on now, grouped by track, with its role and who holds it.
    fn active(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, lang) = (self.run, self.language);
        let active = &r.summary.active_steps;
        if active.is_empty() {
            return writeln!(f, "\nevery step is behind");
        }
        writeln!(f, "\nNOW ({} active):", active.len())?;
        let mut groups: Vec<(Option<&str>, String)> = r
            .tracks
            .iter()
            .map(|t| (Some(t.id.as_str()), t.title.get(lang).to_string()))
            .collect();
        groups.push((None, "(no track)".to_string()));
        for (track, title) in groups {
            let here: Vec<&ActiveStep> = active
                .iter()
                .filter(|a| a.track.as_deref() == track)
                .collect();
            if here.is_empty() {
                continue;
            }
            writeln!(f, "  {title}:")?;
            for a in here {
                let step = r.steps.iter().find(|s| s.id == a.id);
                writeln!(
                    f,
                    "    {} [{}] ({}; role {}, held by {})",
                    a.title.get(lang),
                    a.id,
                    a.status.word(),
                    a.role,
                    a.holder.as_deref().unwrap_or("nobody")
                )?;
                let Some(step) = step else { continue };
                writeln!(f, "      {}", step.instructions.get(lang))?;
                for e in &step.evidence_requests {
                    writeln!(
                        f,
                        "      evidence {} [{}]{}: {}",
                        if e.satisfied { "attached" } else { "wanted" },
                        e.id,
                        if e.required { " (required)" } else { "" },
                        e.title.get(lang)
                    )?;
                }
                if let Some(q) = &step.question {
                    writeln!(f, "      DECIDE: {}", q.get(lang))?;
                    for o in &step.options {
                        writeln!(f, "        {:<22} {}", o.id, o.title.get(lang))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The moments recorded (claimed and recorded times) and the metrics between them.
    fn moments(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.run;
        let recorded: Vec<&MomentView> = r
            .moments
            .iter()
            .filter(|m| m.claimed_at.is_some())
            .collect();
        if !recorded.is_empty() {
            writeln!(f, "\nmoments:")?;
            for m in recorded {
                write!(
                    f,
                    "  {:<28} {}",
                    m.id,
                    m.claimed_at.as_deref().unwrap_or("")
                )?;
                if m.recorded_at != m.claimed_at {
                    write!(f, " (recorded {})", m.recorded_at.as_deref().unwrap_or(""))?;
                }
                write!(
                    f,
                    " by {}, {}",
                    m.by.as_deref().unwrap_or("?"),
                    m.source.as_deref().unwrap_or("")
                )?;
                if let Some(reason) = &m.reason {
                    write!(f, ": {reason}")?;
                }
                writeln!(f)?;
            }
        }
        let m = &r.metrics;
        writeln!(f, "\nmetrics:")?;
        for (name, value) in [
            ("time to detect", m.to_detect),
            ("time to report", m.to_report),
            ("time to contain", m.to_contain),
            ("time to eradicate", m.to_eradicate),
            ("time to recover", m.to_recover),
            ("time to close", m.to_close),
        ] {
            let value = value.map(span).unwrap_or_else(|| "not measured".into());
            writeln!(f, "  {name:<18} {value}")?;
        }
        Ok(())
    }

    /// The notifications register: who has been told, who not yet.
    fn register(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.run;
        if r.notifications.is_empty() {
            return Ok(());
        }
        let told = r
            .notifications
            .iter()
            .filter(|n| {
                matches!(
                    n.state,
                    NotificationStateName::Sent | NotificationStateName::Acknowledged
                )
            })
            .count();
        let open = r
            .notifications
            .iter()
            .filter(|n| {
                matches!(
                    n.state,
                    NotificationStateName::ToDo | NotificationStateName::Drafted
                )
            })
            .count();
        writeln!(f, "\nregister ({told} told, {open} not yet):")?;
        for n in &r.notifications {
            let to = match &n.customer {
                Some(c) => format!("{} → {c}", n.notification),
                None => n.notification.clone(),
            };
            write!(f, "  {to:<36} {:<16} {}", n.state.word(), n.recipient)?;
            if let (Some(at), Some(by)) = (&n.sent_at, &n.sent_by) {
                write!(
                    f,
                    ", sent {at} by {by} via {}",
                    n.channel.as_deref().unwrap_or("?")
                )?;
            }
            if let Some(at) = &n.acknowledged_at {
                write!(f, ", acknowledged {at}")?;
            }
            if let Some(by) = &n.ruled_out {
                write!(f, " (ruled out by {})", by.words(self.language))?;
            }
            writeln!(f)?;
        }
        if !r.affected_customers.is_empty() {
            writeln!(
                f,
                "  affected customers: {}",
                r.affected_customers.join(", ")
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for NotificationDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text)?;
        if !self.text.ends_with('\n') {
            writeln!(f)?;
        }
        Ok(())
    }
}
