//! The whole pipeline in one call, as `sendsite build` runs it: load → model → render → write.

use std::path::Path;

use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::output::write_atomically;
use crate::render::{render, Output, Theme};
use crate::site::{BuildOptions, Site};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// How many files were written.
    pub files: usize,
    /// How many entries were published.
    pub entries: usize,
    /// How many were held back (drafts, embargoed).
    pub held_back: usize,
    /// The earliest date an embargoed entry falls due.
    pub next_due: Option<time::Date>,
    /// The due date of the next action that is not complete: the day after it, it is overdue.
    pub next_action_due: Option<time::Date>,
    /// Warnings that did not stop the build.
    pub warnings: Diagnostics,
}

/// Loads, models and renders the site under `root` without writing anything.
pub fn render_site(
    root: &Path,
    options: &BuildOptions,
    base_url: Option<&str>,
) -> Result<(Site, Vec<Output>, Diagnostics), Diagnostics> {
    let (loaded, mut diagnostics) = content::load_partial(root);
    let Some(mut loaded) = loaded else {
        return Err(diagnostics);
    };
    diagnostics.extend(loaded.warnings().cloned());
    if let Some(url) = base_url {
        loaded.config = loaded.config.with_base_url(url).map_err(|m| {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error("--base-url", m)
                    .hint("give the full address, e.g. https://www.example.gov.uk/send/"),
            );
            d
        })?;
    }
    let theme = Theme::load(root).map_err(|errors| {
        let mut d = Diagnostics::new();
        d.extend(errors);
        d
    })?;
    let site = match Site::build(loaded, options) {
        Ok(site) if !diagnostics.has_errors() => {
            diagnostics.extend(site.warnings.iter().cloned());
            site
        }
        Ok(_) => return Err(diagnostics),
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
    };
    let (outputs, mut warnings) = render(&site, &theme, root)?;
    warnings.extend(diagnostics);
    Ok((site, outputs, warnings))
}

/// Builds the site under `root` into `dest`; on any error nothing in `dest` changes.
pub fn build(
    root: &Path,
    dest: &Path,
    options: &BuildOptions,
    base_url: Option<&str>,
) -> Result<BuildReport, Diagnostics> {
    let (site, outputs, warnings) = render_site(root, options, base_url)?;
    write_atomically(&outputs, dest, root).map_err(|e| {
        let mut d = warnings.clone();
        d.push(Diagnostic::error(dest, e.to_string()).hint(e.hint()));
        d
    })?;
    Ok(BuildReport {
        files: outputs.len(),
        entries: site.entries.len(),
        held_back: site.held_back,
        next_due: site.next_due,
        next_action_due: site.next_action_due,
        warnings,
    })
}
