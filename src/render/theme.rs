//! The theme: tera templates and static files, built in and overridable file by file.
//!
//! The default theme (`themes/default/`) is embedded in the binary so `sendsite` works from any
//! folder. A site may hold its own `themes/default/templates/*.html` or `themes/default/static/*`:
//! each file it has replaces the built-in one of the same name, and extra files are added.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::Diagnostic;

// Built-in templates and static files, by name: every file of `themes/default/templates/` as
// `TEMPLATES`, of `themes/default/static/` as `STATIC` (written by `build.rs`). The icon is
// linked from every page, so that browsers do not ask for `/favicon.ico` at the host's root,
// which the site may not own.
include!(concat!(env!("OUT_DIR"), "/theme.rs"));

/// The folder of the theme's files (styles, scripts, icons) in the output.
pub const STATIC_FOLDER: &str = "static";

/// A static file of the theme: built in, or from the site's own theme folder.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Embedded bytes.
    BuiltIn(&'static [u8]),
    /// A file on disk to copy.
    Disk(PathBuf),
}

/// The compiled templates and the static files to publish.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// `static/` files: path under `static/` → contents.
    pub statics: Vec<(String, StaticFile)>,
    /// The templates a site gives of its own (under `themes/default/templates/`).
    pub own: Vec<String>,
}

impl Theme {
    /// Loads the built-in theme with the overrides found under `<root>/themes/default/`.
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join("default");
        let mut templates: Vec<(String, String, PathBuf)> = TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    text.to_string(),
                    PathBuf::from("themes/default/templates").join(name),
                )
            })
            .collect();
        let mut errors = Vec::new();
        let mut own = Vec::new();
        for (name, path) in files_under(&dir.join("templates")) {
            own.push(name.clone());
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let shown = PathBuf::from("themes/default/templates").join(&name);
                    templates.retain(|(n, _, _)| *n != name);
                    templates.push((name, text, shown));
                }
                Err(e) => errors.push(Diagnostic::error(
                    &path,
                    format!("cannot read this template: {e}"),
                )),
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let raw: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            let file = templates
                .iter()
                .find(|(n, _, _)| e.to_string().contains(n.as_str()))
                .map(|(_, _, p)| p.clone());
            errors.push(
                Diagnostic::error(file.unwrap_or_else(|| dir.clone()), describe(&e))
                    .hint("fix the template syntax"),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut statics: Vec<(String, StaticFile)> = STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), StaticFile::BuiltIn(b)))
            .collect();
        for (name, path) in files_under(&dir.join("static")) {
            statics.retain(|(n, _)| *n != name);
            statics.push((name, StaticFile::Disk(path)));
        }
        statics.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Theme { tera, statics, own })
    }
}

/// Escapes text for HTML and XML; unlike tera's default it leaves `/` alone, so URLs stay readable.
///
/// Every value of every page passes through here: the text between the characters to escape
/// (all ASCII, so never inside a character) is copied in runs, not a character at a time.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(escaped);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// A tera error with its causes, on one line.
pub fn describe(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.replace('\n', " ")
}

/// Files below `dir` as (relative name with `/`, full path), sorted; nothing if it is absent.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_the_five_characters_and_leaves_the_rest_whole() {
        assert_eq!(
            escape_html("Tom & Jerry’s <b>“café”</b> \"a\" 'b' /x/ 🎉&"),
            "Tom &amp; Jerry’s &lt;b&gt;“café”&lt;/b&gt; &quot;a&quot; &#39;b&#39; /x/ 🎉&amp;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain"), "plain");
    }
}
