//! The list of documents, each with a form to replace its file.

use crate::editor::fields::{Field, Kind};

pub static REPLACEMENT: Field =
    Field::new("", "replacement", "New file for {of}", Kind::File).id_as("f-replace-{i}");
