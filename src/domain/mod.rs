//! The product's rules, free of I/O and terminals: RICE scoring and the
//! backlog's ranking and filter.

pub mod backlog;
pub mod cadence;
pub mod demo;
pub mod error;
pub mod impact_map;
pub mod interview;
pub mod interview_log;
pub mod item_edit;
pub mod metric;
pub mod rice;
pub mod roadmap;
pub mod script;
pub mod session_log;
pub mod shadow;
pub mod synthesis;
pub mod time;
pub mod tracker;
pub mod undelete;

pub use error::InputError;
