//! sendsite: a council's SEND progress record, from a folder of markdown to an accessible static site.
//!
//! The build runs one way: [`content::load`] reads and validates the files, [`site::Site::build`]
//! makes the sorted, indexed model (statuses derived from judgements), [`render::render`] turns it
//! into outputs, and [`output::write_atomically`] puts them on disk. [`build`] runs all four;
//! [`check::check`] runs the first three and then looks for what would let readers down.

pub mod accessibility;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod editor;
pub mod error;
pub mod init;
pub mod media;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod serve;
pub mod site;
pub mod source;
pub mod team;
pub mod vocabulary;

pub use build::{build, BuildReport};
