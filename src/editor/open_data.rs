//! The settings form's open data fields (`[open_data]` in `site.toml`): the licence, chosen
//! from those sendsite knows (or kept as the file writes it), and the council's GSS code.

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table};

use super::fields::{put, Choose, Drawn, Errors};
use super::form::Fields;
use super::forms::settings as d;
use super::problems::Problem;
use super::toml::{set, text, New};
use crate::config::open_data::{known, KNOWN};

const TABLE: &str = "open_data";

/// The fields as the form holds them: empty for the default licence and no code.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct OpenDataForm {
    pub licence: String,
    pub gss_code: String,
}

impl OpenDataForm {
    pub fn of(root: &Table) -> OpenDataForm {
        let table = root.get(TABLE).and_then(Item::as_table);
        let value = |key: &str| table.map(|t| text(t, key)).unwrap_or_default();
        OpenDataForm {
            licence: value("licence"),
            gss_code: value("gss_code"),
        }
    }

    pub fn submitted(fields: &Fields) -> OpenDataForm {
        OpenDataForm {
            licence: d::LICENCE.one().read(fields),
            gss_code: d::GSS_CODE.one().read(fields),
        }
    }

    /// Its two fields into `fields`: the licences sendsite knows, the one the file has first
    /// when it is another.
    pub fn draw(&self, fields: &mut Drawn, errors: &Errors) {
        let (default_id, ..) = KNOWN[0];
        // As the form names it: a known licence by its id as sendsite writes it, whatever the
        // case in the file (`cc-by-4.0`), so that the list has it chosen.
        let chosen = match self.licence.as_str() {
            "" => default_id,
            l => known(l).map_or(l, |(id, ..)| id),
        };
        let mut options: Vec<Choose> = KNOWN
            .iter()
            .map(|(id, name, _)| Choose::new(id, name))
            .collect();
        if known(chosen).is_none() {
            options.insert(0, Choose::new(chosen, chosen));
        }
        let at = d::LICENCE.one();
        put(fields, &at, at.show(chosen).options(options), errors);
        let at = d::GSS_CODE.one();
        put(fields, &at, at.show(&self.gss_code), errors);
    }

    /// Writes what changed; the default licence is not written, and no empty table is left.
    pub fn apply(&self, doc: &mut DocumentMut, before: &OpenDataForm) {
        if self == before {
            return;
        }
        let licence = match self.licence.as_str() {
            "" => None,
            l if KNOWN[0].0.eq_ignore_ascii_case(l) && before.licence.is_empty() => None,
            l => Some(New::Text(l.into())),
        };
        let gss = (!self.gss_code.is_empty()).then(|| New::Text(self.gss_code.clone()));
        let table = super::toml::table_mut(doc, TABLE);
        set(table, "licence", licence);
        set(table, "gss_code", gss);
        super::toml::drop_if_empty(doc, TABLE);
    }

    /// A code that is not one, at its field, in the form's words; the licence is one of the
    /// form's choices (the build names any other).
    pub fn problems(&self) -> Vec<Problem> {
        let code = &self.gss_code;
        // The one rule for a GSS code, the build's.
        let fine = code.is_empty() || crate::config::open_data::is_gss_code(code);
        match fine {
            true => Vec::new(),
            false => vec![d::GSS_CODE.one().says(format!(
                "The council's GSS code: \"{code}\" is not one. Enter a capital E, W, S or N and eight digits, for example E10000015, or leave it empty"
            ))],
        }
    }

    /// The field of a key in `[open_data]`, for the build's messages.
    pub fn field(key: &str) -> Option<String> {
        match key {
            "gss_code" => Some(d::GSS_CODE.id()),
            _ => Some(d::LICENCE.id()),
        }
    }
}
