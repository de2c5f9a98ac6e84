//! The operation layer: everything the window, the CLI or a test can ask of Vakt.
//!
//! An operation is one request type implementing [`Operation`]: it declares once its name, what
//! it does, whether it reads or changes ([`Access`]) and whether it needs a workspace
//! ([`Needs`]). [`Session::call`](crate::Session::call) is the only way to run one, and it checks
//! both before the operation runs: an auditor's request of the change class is refused with
//! [`ErrorCode::Forbidden`](crate::ErrorCode::Forbidden) before anything is read or written.
//!
//! [`for_each_operation!`](crate::for_each_operation) lists every operation once. From that list
//! come [`OPERATIONS`] (the table), the Tauri commands and their permissions (`src-tauri`), and
//! the TypeScript request/response types and typed command set (`ui/src/lib/ipc/generated.ts`,
//! see [`crate::commands`]).

use serde::Serialize;
use serde::de::DeserializeOwned;
use ts_rs::TS;

use crate::{ApiError, Host};

/// Whether an operation only reads, or changes something (the journal, a setting, a file in the
/// data directory such as the signing identity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Reads and verifies; an auditor may do it.
    Read,
    /// Changes state; refused to an auditor before it runs.
    Change,
    /// Changes only the user's own preferences on this computer (name, language, the role
    /// they say they act in); allowed to anyone, so an auditor can switch back.
    Preferences,
}

/// What an operation needs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Needs {
    /// Only the data directory (database, identity): works when the workspace is missing.
    DataDir,
    /// The workspace of definitions as well.
    Workspace,
    /// Nothing opened: runs while the data directory is still locked (its status, unlocking,
    /// a task's progress).
    Nothing,
}

/// One operation: a request that a session runs into a response.
pub trait Operation: DeserializeOwned + TS + Send + 'static {
    /// The command name (snake_case), as the shell registers it and the CLI documents it.
    const NAME: &'static str;
    /// What it does, in one sentence (the generated doc comment).
    const DOC: &'static str;
    /// Read or change.
    const ACCESS: Access;
    /// Data directory only, or a workspace too.
    const NEEDS: Needs;
    /// What it answers.
    type Response: Serialize + TS + Send + 'static;
    /// Runs the operation. Called only by [`Session::call`](crate::Session::call), after the
    /// access and needs checks.
    fn run(self, host: &Host<'_>) -> Result<Self::Response, ApiError>;
}

/// An operation's entry in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The command name.
    pub name: &'static str,
    /// What it does.
    pub doc: &'static str,
    /// Read or change.
    pub access: Access,
    /// Data directory or workspace.
    pub needs: Needs,
}

impl OperationInfo {
    /// The entry of operation `O`.
    pub const fn of<O: Operation>() -> Self {
        Self {
            name: O::NAME,
            doc: O::DOC,
            access: O::ACCESS,
            needs: O::NEEDS,
        }
    }
}

/// Calls `$callback! { name: RequestType, … }` with every operation, in the order the UI file
/// lists them. The one list of operations: the table, the Tauri commands and the TypeScript
/// are all made from it.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            workspace_overview: $crate::ops::WorkspaceOverviewRequest,
            choose_workspace: $crate::ops::ChooseWorkspaceRequest,
            settings: $crate::ops::SettingsRequest,
            save_settings: $crate::ops::SaveSettingsRequest,
            playbook_list: $crate::ops::PlaybookListRequest,
            run_list: $crate::ops::RunListRequest,
            run_start: $crate::ops::RunStartRequest,
            run_view: $crate::ops::RunViewRequest,
            run_act: $crate::ops::RunActRequest,
            run_attach: $crate::ops::RunAttachRequest,
            notification_draft: $crate::ops::NotificationDraftRequest,
            journal_page: $crate::ops::JournalPageRequest,
            journal_check: $crate::ops::JournalCheckRequest,
            journal_export_file: $crate::ops::JournalExportFileRequest,
            topology_graph: $crate::ops::TopologyGraphRequest,
            topology_impact: $crate::ops::TopologyImpactRequest,
            topology_spofs: $crate::ops::TopologySpofsRequest,
            topology_cut_sets: $crate::ops::TopologyCutSetsRequest,
            task_progress: $crate::ops::TaskProgressRequest,
            task_cancel: $crate::ops::TaskCancelRequest,
            topology_recovery: $crate::ops::TopologyRecoveryRequest,
            topology_drill: $crate::ops::TopologyDrillRequest,
            topology_restore_point: $crate::ops::TopologyRestorePointRequest,
            recordable_runs: $crate::ops::RecordableRunsRequest,
            produce_record: $crate::ops::ProduceRecordRequest,
            verify_record: $crate::ops::VerifyRecordRequest,
            signing_identity: $crate::ops::SigningIdentityRequest,
            generate_identity: $crate::ops::GenerateIdentityRequest,
            import_identity: $crate::ops::ImportIdentityRequest,
            record_signoffs: $crate::ops::RecordSignOffsRequest,
            sign_off_record: $crate::ops::SignOffRecordRequest,
            ca_create: $crate::ops::CaCreateRequest,
            ca_issue: $crate::ops::CaIssueRequest,
            ca_certificate: $crate::ops::CaCertificateRequest,
            validate: $crate::ops::ValidateRequest,
            journal_checkpoint: $crate::ops::JournalCheckpointRequest,
            journal_export: $crate::ops::JournalExportRequest,
            journal_soak: $crate::ops::JournalSoakRequest,
            topology_node_spofs: $crate::ops::TopologyNodeSpofsRequest,
            topology_check: $crate::ops::TopologyCheckRequest,
            topology_failover: $crate::ops::TopologyFailoverRequest,
            topology_dot: $crate::ops::TopologyDotRequest,
            render_record: $crate::ops::RenderRecordRequest,
            sign_pdf: $crate::ops::SignPdfRequest,
            signing_certificate: $crate::ops::SigningCertificateRequest,
            topology_export: $crate::ops::TopologyExportRequest,
            topology_import: $crate::ops::TopologyImportRequest,
            timestamp_pdf: $crate::ops::TimestampPdfRequest,
            playbook_upgrade: $crate::ops::PlaybookUpgradeRequest,
            evidence_attach: $crate::ops::EvidenceAttachRequest,
            evidence_register: $crate::ops::EvidenceRegisterRequest,
            evidence_custody: $crate::ops::EvidenceCustodyRequest,
            evidence_export: $crate::ops::EvidenceExportRequest,
            evidence_verify: $crate::ops::EvidenceVerifyRequest,
            team_init: $crate::ops::TeamInitRequest,
            team_enrol: $crate::ops::TeamEnrolRequest,
            team_approve: $crate::ops::TeamApproveRequest,
            team_devices: $crate::ops::TeamDevicesRequest,
            team_sync: $crate::ops::TeamSyncRequest,
            team_status: $crate::ops::TeamStatusRequest,
            team_anchor: $crate::ops::TeamAnchorRequest,
            journal_against_server: $crate::ops::JournalAgainstServerRequest,
            journal_bundle_export: $crate::ops::JournalBundleExportRequest,
            journal_bundle_import: $crate::ops::JournalBundleImportRequest,
            me: $crate::ops::MeRequest,
            confirm_person_name: $crate::ops::ConfirmPersonNameRequest,
            set_person_passphrase: $crate::ops::SetPersonPassphraseRequest,
            import_person_pkcs12: $crate::ops::ImportPersonPkcs12Request,
            person_add: $crate::ops::PersonAddRequest,
            data_status: $crate::ops::DataStatusRequest,
            data_unlock: $crate::ops::DataUnlockRequest,
            data_unlock_keyring: $crate::ops::DataUnlockKeyringRequest,
            data_keyring_on: $crate::ops::DataKeyringOnRequest,
            data_keyring_off: $crate::ops::DataKeyringOffRequest,
            data_encrypt: $crate::ops::DataEncryptRequest,
            data_change_passphrase: $crate::ops::DataChangePassphraseRequest,
            journal_state: $crate::ops::JournalStateRequest,
            drill_scenarios: $crate::ops::DrillScenariosRequest,
            drill_start: $crate::ops::DrillStartRequest,
            drill_list: $crate::ops::DrillListRequest,
            drill_view: $crate::ops::DrillViewRequest,
            drill_tick: $crate::ops::DrillTickRequest,
            drill_inject: $crate::ops::DrillInjectRequest,
            drill_restore: $crate::ops::DrillRestoreRequest,
            drill_restore_point: $crate::ops::DrillRestorePointRequest,
            drill_finding: $crate::ops::DrillFindingRequest,
            drill_judge: $crate::ops::DrillJudgeRequest,
            corrective_actions: $crate::ops::CorrectiveActionsRequest,
            action_update: $crate::ops::ActionUpdateRequest,
            readiness: $crate::ops::ReadinessRequest,
            programme: $crate::ops::ProgrammeRequest,
        }
    };
}

macro_rules! operation_table {
    ($($name:ident : $request:ty,)*) => {
        /// Every operation, in the order of [`for_each_operation!`](crate::for_each_operation).
        pub const OPERATIONS: &[OperationInfo] = &[$(OperationInfo::of::<$request>(),)*];

        /// The name each entry of the list was given next to the name its type declares; a test
        /// checks they agree, so a Tauri command always carries its operation's name.
        #[cfg(test)]
        pub(crate) const LISTED_NAMES: &[(&str, &str)] =
            &[$((stringify!($name), <$request as Operation>::NAME),)*];

        /// Calls `visit` with every operation's request type.
        pub(crate) fn visit_operations(visit: &mut impl OperationVisitor) {
            $(visit.visit::<$request>();)*
        }
    };
}

/// Something done once per operation type (generating TypeScript, the auditor test).
pub(crate) trait OperationVisitor {
    /// Called with each operation's request type.
    fn visit<O: Operation>(&mut self);
}

crate::for_each_operation!(operation_table);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_is_the_operations_own() {
        for (listed, declared) in LISTED_NAMES {
            assert_eq!(listed, declared, "listed as {listed}, declares {declared}");
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "an operation name is listed twice");
    }
}
