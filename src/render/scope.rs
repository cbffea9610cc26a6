//! Which outputs one render produces: every one (a build), or a chosen few (serve, after an edit).
//!
//! The scope only filters; it never decides what an edit affects. That is the caller's business
//! (`serve` works it out from what changed), so rendering stays a pure function of the model.

use std::collections::BTreeSet;

/// The outputs a render should produce, by output path (as in [`super::Output::path`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every output of the site.
    #[default]
    All,
    /// Only the outputs at these paths (e.g. `updates/x/index.html`); others are skipped unrendered.
    Only(BTreeSet<String>),
}

impl Scope {
    /// Whether the output at `path` should be rendered.
    pub fn includes(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(paths) => paths.contains(path),
        }
    }
}

/// The output file of a page at a site-relative path: `updates/x/` → `updates/x/index.html`.
pub fn output_path(page: &str) -> String {
    if page.is_empty() || page.ends_with('/') {
        format!("{page}index.html")
    } else {
        page.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_includes_the_listed_paths() {
        let scope = Scope::Only(BTreeSet::from(["index.html".to_string()]));
        assert!(scope.includes("index.html"));
        assert!(!scope.includes("updates/index.html"));
        assert!(Scope::All.includes("updates/index.html"));
    }

    #[test]
    fn folders_are_written_as_index_files() {
        assert_eq!(output_path(""), "index.html");
        assert_eq!(output_path("updates/x/"), "updates/x/index.html");
        assert_eq!(output_path("sitemap.xml"), "sitemap.xml");
    }
}
