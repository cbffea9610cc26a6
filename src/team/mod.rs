//! Team mode: who may edit and who may approve (`team.toml`), the site's history in git (every
//! save a commit by the person who made it), and publication of an approved version into the
//! live folder, recorded as an annotated tag.
//!
//! It is a stage of its own beside `editor/`: the editor asks it who is asking, records what it
//! wrote, and reads history back; `sendsite publish` uses it with no editor at all.

pub mod config;
pub mod error;
pub mod history;
mod lock;
pub mod notify;
pub mod pending;
pub mod publish;

pub use config::{Peer, Person, Role, Team};
pub use error::TeamError;
