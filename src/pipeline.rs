//! The site in memory, as `build` and `check` both see it: load → model → render, nothing
//! written. `build` then checks and writes it; `check` checks it and stops.

use std::path::Path;

use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::outline::Outlines;
use crate::render::{render, Output, RenderedSite, Theme};
use crate::site::{BuildOptions, Site};

/// A site rendered in memory: the model, the files of the output folder, and the server file
/// written beside it (`[hosting] server = "nginx"`).
pub struct Rendered {
    pub site: Site,
    pub outputs: Vec<Output>,
    pub beside: Option<Vec<u8>>,
    pub warnings: Diagnostics,
    /// Every body's links and headings, read as it was rendered (`check::verdict` needs them).
    pub outlines: Outlines,
}

/// Loads, models and renders the site under `root` without writing anything.
pub fn render_site(
    root: &Path,
    options: &BuildOptions,
    base_url: Option<&str>,
) -> Result<Rendered, Diagnostics> {
    // The theme's templates are compiled while the content folder is walked.
    let ((loaded, diagnostics), theme) =
        rayon::join(|| content::load_partial(root), || Theme::load(root));
    let loaded = match (loaded, base_url) {
        (Some(content), Some(url)) => Some(with_base_url(content, url)?),
        (loaded, _) => loaded,
    };
    let theme = theme.map_err(|errors| {
        let mut d = diagnostics.clone();
        d.extend(errors);
        d
    })?;
    let (site, diagnostics) = crate::site::model((loaded, diagnostics), options)?;
    let RenderedSite {
        outputs,
        mut warnings,
        outlines,
    } = render(&site, &theme, root)?;
    warnings.extend(diagnostics);
    let beside = match crate::render::server::beside(&site, &theme).transpose() {
        Ok(beside) => beside,
        Err(e) => {
            warnings.push(e);
            return Err(warnings);
        }
    };
    Ok(Rendered {
        site,
        outputs,
        beside,
        warnings,
        outlines,
    })
}

/// The content published at `url` instead of its `base_url` (`--base-url`).
fn with_base_url(
    mut content: content::Content,
    url: &str,
) -> Result<content::Content, Diagnostics> {
    content.config = content.config.with_base_url(url).map_err(|m| {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("--base-url", m)
                .hint("give the full address, e.g. https://www.example.gov.uk/send/"),
        );
        d
    })?;
    Ok(content)
}
