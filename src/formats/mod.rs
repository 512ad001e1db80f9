//! How records leave and enter the app as text: CSV (injection-safe, RFC
//! 4180), Markdown (escaped), and aligned plain-text tables.

pub mod csv;
pub mod interview_notes;
pub mod markdown;
pub mod shadow_notes;
pub mod synthesis_notes;
pub mod table;
