//! Documents a screen reader may not read well: a published PDF without tags, a title or a
//! language is a warning naming the file, what it lacks, and how to fix it in the program that
//! made it (read from the PDF itself). The page and the accessibility statement say so too; this
//! tells the author before a parent finds out.

use crate::content::document::Target;
use crate::content::inspect::fix_hint;
use crate::error::Diagnostic;
use crate::site::Site;

/// One warning per published document that lacks what assistive technology needs.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    site.unsuitable_documents()
        .map(|(i, d, _)| {
            let name = match &d.target {
                Target::File(f) => f.as_str(),
                _ => d.title.as_str(),
            };
            let made_with = d.access.as_ref().and_then(|a| a.made_with.as_deref());
            let mut w = Diagnostic::warning(
                &site.entries[i].source,
                format!(
                    "document file \"{name}\" has {}, so screen readers may not read it well",
                    d.access.as_ref().map(|a| a.lacking()).unwrap_or_default()
                ),
            )
            .hint(fix_hint(made_with));
            w.location = d.location.clone();
            w
        })
        .collect()
}
