//! The editor's pages, from the theme's templates (`themes/default/serve/editor/`), embedded in
//! the binary like the rest of serve's own files.

use serde::Serialize;
use tera::{Context, Tera};

use crate::render::theme::escape_html;

// Every page template of the editor, `themes/default/serve/editor/*.html`, by name, as
// `TEMPLATES` (written by `build.rs`).
include!(concat!(env!("OUT_DIR"), "/editor.rs"));

/// The editor's stylesheet.
pub const CSS: &[u8] = include_bytes!("../../themes/default/serve/editor/editor.css");
/// The editor's script (nothing in it is needed).
pub const JS: &[u8] = include_bytes!("../../themes/default/serve/editor/editor.js");

/// The editor's templates, parsed once.
pub struct Views {
    tera: Tera,
}

impl Views {
    /// Parses the built-in templates.
    pub fn new() -> Views {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("query", query);
        if let Err(e) = tera.add_raw_templates(TEMPLATES.iter().copied()) {
            // Built in and tested: should one ever fail, the message page says so.
            eprintln!("warning: the editor's templates do not load: {e:?}");
        }
        Views { tera }
    }

    /// Renders a page of the editor with `data` (its fields at the top level of the template),
    /// or says why it cannot (the templates are built in and tested, so this is a bug).
    pub fn render(&self, template: &str, data: &impl Serialize) -> Result<String, String> {
        let ctx = Context::from_serialize(data).map_err(|e| e.to_string())?;
        self.tera.render(template, &ctx).map_err(|e| {
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                why.push_str(&format!(": {s}"));
                source = s.source();
            }
            why
        })
    }
}

/// `{{ file | query }}`: text as a value in an address's query (`content%2Fsite.toml`), so that
/// a file's name never ends or changes the address it is put in.
fn query(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().ok_or("`query` takes text")?;
    let encoded: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    Ok(tera::Value::String(encoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_of_the_editor_loads() {
        let mut tera = Tera::default();
        let loaded = tera.add_raw_templates(TEMPLATES.iter().copied());
        assert!(loaded.is_ok(), "{loaded:?}");
        assert!(TEMPLATES.iter().any(|(name, _)| *name == "settings.html"));
    }
}
