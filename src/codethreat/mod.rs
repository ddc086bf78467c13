//! The thin async client for the CodeThreat Gen-1 API (`/api/...`, token +
//! `x-ct-organization`).
//!
//! - [`client`]: `Client`, one async method per endpoint, retries and timeouts.
//! - [`error`]: `ApiError`, statuses and transport failures classified once.
//! - [`models`]: tolerant serde models of the responses.
//! - [`retry`]: `RetryPolicy`, bounded exponential backoff with jitter.
//!
//! It knows HTTP and JSON, nothing about clap or terminals.

pub mod client;
pub mod error;
pub mod models;
pub mod retry;

#[cfg(test)]
mod tests;

pub use client::{Client, ClientConfig, Progress, RepoKind, UploadScan};
pub use error::ApiError;
pub use models::{
    CodeSnippet, Counts, FlowStep, HelperSummary, Issue, IssueState, KbFields, Policy,
    ProgressData, Project, ScanLog, ScanState, ScanStatus, ScanTags,
};
pub use retry::RetryPolicy;
