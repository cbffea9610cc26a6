//! Withdrawing a published update.

use crate::content::keys;
use crate::editor::fields::{Field, Kind};

pub static DATE: Field = Field::new(
    keys::withdrawn::DATE,
    "withdrawn-date",
    "Withdrawn on",
    Kind::Day,
);
pub static REASON: Field = Field::new(keys::withdrawn::REASON, "reason", "Why it is withdrawn", Kind::LongText)
    .hint("Parents read this first. Say what was wrong and where to find the right information, for example: The figures in this update were wrong. The corrected figures are in the update of 12 December 2026.")
    .called("why it is withdrawn")
    .required()
    .rows(4);
