//! `vakt team …`: the team server (schema, enrolment, approval, devices, sync, status, anchors).

use std::process::ExitCode;

use clap::{Args, Subcommand};
use vakt_api::ops::{
    TeamAnchorRequest, TeamApproveRequest, TeamDevicesRequest, TeamEnrolRequest, TeamInitRequest,
    TeamStatusRequest, TeamSyncRequest,
};

use crate::Context;

/// `vakt team` and its commands.
#[derive(Debug, Clone, Args)]
pub struct TeamArgs {
    /// The team server's connection string, e.g. 'host=team.example dbname=vakt user=ingrid
    /// sslmode=verify-full' (else VAKT_TEAM_SERVER, else the one saved by `team enrol`).
    #[arg(long, global = true, value_name = "CONNINFO")]
    server: Option<String>,
    #[command(subcommand)]
    command: TeamCommand,
}

#[derive(Debug, Clone, Subcommand)]
enum TeamCommand {
    /// Create or update the server's schema (as the database's owner).
    Init,
    /// Enrol this device and its person; an administrator then approves it.
    Enrol,
    /// Approve an enrolled device (as a team administrator).
    Approve {
        /// The device id (`vakt team devices`).
        device: String,
    },
    /// The devices the server knows.
    Devices,
    /// Push what the server lacks, pull what this laptop lacks, store the receipts.
    Sync,
    /// This laptop's side, without the network: its server, events not yet shared.
    Status,
    /// Store an anchored checkpoint on the server (the heads it holds now).
    Anchor {
        /// Why.
        #[arg(long, default_value = "on demand")]
        reason: String,
        /// The run it is for.
        #[arg(long)]
        run: Option<String>,
    },
}

/// `vakt team …`.
pub fn team(cx: &mut Context<'_, '_, '_>, args: TeamArgs) -> anyhow::Result<ExitCode> {
    let server = args.server.or_else(|| cx.env("VAKT_TEAM_SERVER"));
    match args.command {
        TeamCommand::Init => {
            let done = cx.call(TeamInitRequest { server })?;
            cx.show(&done)?;
        }
        TeamCommand::Enrol => {
            let device = cx.call(TeamEnrolRequest { server })?;
            cx.show(&device)?;
        }
        TeamCommand::Approve { device } => {
            let device = cx.call(TeamApproveRequest { server, device })?;
            cx.show(&device)?;
        }
        TeamCommand::Devices => {
            let devices = cx.call(TeamDevicesRequest { server })?;
            cx.show(&devices)?;
        }
        TeamCommand::Sync => {
            let done = cx.call(TeamSyncRequest { server })?;
            cx.show(&done)?;
            if !done.refused.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        TeamCommand::Status => {
            let status = cx.call(TeamStatusRequest {})?;
            cx.show(&status)?;
        }
        TeamCommand::Anchor { reason, run } => {
            let anchored = cx.call(TeamAnchorRequest {
                server,
                reason,
                run,
            })?;
            cx.show(&anchored)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
