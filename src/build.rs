//! The whole pipeline in one call, as `sendsite build` runs it: load → model → render → write.

use std::path::Path;

use crate::error::{Diagnostic, Diagnostics};
use crate::output::{stage, Staged};
pub use crate::pipeline::{render_site, Rendered};
use crate::site::BuildOptions;

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

/// Where the server file beside the output goes: `public.nginx.conf` for `public`.
pub fn beside_path(dest: &Path) -> std::path::PathBuf {
    // `--output .` names the folder by its real name, and the file goes beside it, not inside.
    let dest = std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf());
    let dest = dest
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect::<std::path::PathBuf>();
    let name = dest
        .file_name()
        .map_or("site".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!("{name}.nginx.conf"))
}

/// Builds the site under `root` into `dest`; on any error nothing in `dest` changes.
pub fn build(
    root: &Path,
    dest: &Path,
    options: &BuildOptions,
    base_url: Option<&str>,
) -> Result<BuildReport, Diagnostics> {
    prepare(root, dest, options, base_url)?.swap()
}

/// A build written in full beside its destination, with only the swap into place left to do
/// (the output folder's lock held). Team mode records a publication between the two, so that
/// the live folder never holds a version the history does not name as published.
pub struct Ready {
    staged: Staged,
    dest: std::path::PathBuf,
    report: BuildReport,
}

/// [`build`] up to its swap: dropped unswapped, the [`Ready`] build leaves `dest` as it was.
pub fn prepare(
    root: &Path,
    dest: &Path,
    options: &BuildOptions,
    base_url: Option<&str>,
) -> Result<Ready, Diagnostics> {
    let Rendered {
        site,
        outputs,
        beside,
        warnings,
        outlines,
    } = render_site(root, options, base_url)?;
    // What `check` refuses, `build` refuses: one verdict.
    let mut warnings = warnings;
    warnings.extend(crate::check::verdict(
        root,
        (&site, &outputs, Some(&outlines)),
        dest,
    ));
    if warnings.has_errors() {
        return Err(warnings);
    }
    let failed = |path: &Path, e: &dyn std::fmt::Display, hint: &str| {
        let mut d = warnings.clone();
        d.push(Diagnostic::error(path, e.to_string()).hint(hint));
        d
    };
    let staged = stage(&outputs, dest, root).map_err(|e| failed(dest, &e, &e.hint()))?;
    // The server's file now (the web server reads it only when reloaded): after this, nothing
    // is left to fail but the swap.
    if let Some(bytes) = beside {
        let path = beside_path(dest);
        crate::output::write_file(&path, &bytes).map_err(|e| {
            failed(
                &path,
                &e,
                "check that sendsite may write beside the output folder",
            )
        })?;
    }
    let report = BuildReport {
        files: outputs.len(),
        entries: site.entries.len(),
        held_back: site.held_back,
        next_due: site.next_due,
        next_action_due: site.next_action_due,
        warnings,
    };
    Ok(Ready {
        staged,
        dest: dest.to_path_buf(),
        report,
    })
}

impl Ready {
    /// Puts the site in place of the old one.
    pub fn swap(self) -> Result<BuildReport, Diagnostics> {
        let Ready {
            staged,
            dest,
            report,
        } = self;
        match staged.swap() {
            Ok(()) => Ok(report),
            Err(e) => {
                let mut d = report.warnings;
                d.push(Diagnostic::error(&dest, e.to_string()).hint(e.hint()));
                Err(d)
            }
        }
    }
}
