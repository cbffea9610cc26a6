//! Nothing an author writes escapes the output, deletes a file or runs script: one regression
//! test per hole found by trying the release build as an attacker and as a careless author
//! would. Each builds a copy of the `small` fixture with one thing changed and reads what the
//! user sees: the messages, the exit code, the files written (or left alone).

#[path = "../common/mod.rs"]
mod common;

mod files;
mod hostile;
mod text;
mod values;
