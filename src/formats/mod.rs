//! How records leave and enter the app as text: CSV (injection-safe, RFC
//! 4180), Jira's CSV and GitHub's issue JSON, Markdown (escaped), aligned
//! plain-text tables, and the one sanitizer every piece of user text passes
//! on its way to a terminal.

pub mod csv;
pub mod github;
pub mod interview_notes;
pub mod jira;
pub mod markdown;
pub mod mermaid;
pub mod sanitize;
pub mod shadow_notes;
pub mod synthesis_notes;
pub mod table;
