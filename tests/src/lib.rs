//! Test support for Vakt's cross-crate and end-to-end tests.
//!
//! - [`repo`]: paths inside the repository.
//! - [`webdriver`]: a small blocking WebDriver client (HTTP/1.1 over a TCP socket, JSON bodies),
//!   enough to open a session on the app through `tauri-driver`, find elements, read text and
//!   take a screenshot. It has no async runtime, so it adds nothing to the app's build.
//! - [`window`]: starts a virtual X server when there is no display, `tauri-driver`, and the
//!   app, and stops them again in the right order.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "support code of the end-to-end tests: a failure here is a failed test"
)]
#![deny(missing_docs)]

pub mod repo;
pub mod webdriver;
pub mod window;
