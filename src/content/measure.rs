//! One measure: `content/measures/<slug>.md` → [`Measure`], a figure tracked over time.
//!
//! The front matter says what is measured, in what unit, and the target; the figures come from a
//! CSV file beside it (what a spreadsheet exports) or from `values = [...]` inline. Figures are
//! sorted by date as they are read, so a spreadsheet kept newest first is fine; two figures for
//! one date are an error. Which areas exist is checked by the model.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::figures::{read_csv, Figure};
use crate::error::{Diagnostic, Lines, Location};
use crate::source::dates::{parse_dated, Dated};
use crate::source::frontmatter::{check_body, parse_toml, split, Source};
use crate::source::slug::check_slug;

/// Which way is better, so that a target can be met and a change can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// A validated measure with its figures, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// From the file name: `/measures/<slug>/`.
    pub slug: String,
    /// What is measured: "New EHC plans issued within 20 weeks".
    pub title: String,
    /// `%`, `weeks`, `children`, or empty for a plain number.
    pub unit: String,
    /// The figure aimed for.
    pub target: Option<f64>,
    /// When it is to be reached.
    pub target_date: Option<Dated>,
    /// Which way is better (required with a target).
    pub better: Option<Better>,
    /// The areas it shows progress in, with where each is written.
    pub areas: Vec<(String, Location)>,
    /// Where the figures come from.
    pub origin: Option<String>,
    /// The CSV file the figures are read from (relative to the site root), when there is one.
    pub data: Option<PathBuf>,
    /// The figures, oldest first, one per date.
    pub values: Vec<Figure>,
    /// Markdown: what it measures and why.
    pub body: String,
    /// The 1-based line where the body starts.
    pub body_line: usize,
    /// Warnings from reading the files (control characters taken out).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    title: Spanned<String>,
    unit: String,
    target: Option<Spanned<f64>>,
    target_date: Option<Spanned<toml::Value>>,
    better: Option<Spanned<String>>,
    #[serde(default)]
    areas: Vec<Spanned<String>>,
    source: Option<String>,
    data: Option<Spanned<String>>,
    values: Option<Spanned<Vec<RawValue>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    date: Spanned<toml::Value>,
    value: Spanned<f64>,
    note: Option<String>,
}

impl Measure {
    /// Whether the measure names the area `slug` among its areas.
    pub fn concerns(&self, slug: &str) -> bool {
        self.areas.iter().any(|(a, _)| a == slug)
    }

    /// The latest figure (every measure has at least one).
    pub fn latest(&self) -> &Figure {
        self.values.last().expect("a measure has figures")
    }

    /// The figure before the latest, if any.
    pub fn previous(&self) -> Option<&Figure> {
        self.values.len().checked_sub(2).map(|i| &self.values[i])
    }

    /// Whether the latest figure meets the target (`None` without one).
    pub fn target_met(&self) -> Option<bool> {
        let (target, latest) = (self.target?, self.latest().value);
        Some(match self.better? {
            Better::Higher => latest >= target,
            Better::Lower => latest <= target,
        })
    }

    /// Reads a measure and its CSV file from disk; `path` is relative to `root`.
    pub fn from_file(root: &Path, path: &Path) -> Result<Measure, Vec<Diagnostic>> {
        let text = super::read_source(root, path).map_err(|e| vec![e])?;
        Measure::from_text(root, path, text)
    }

    /// Reads a measure from its text as read from `path`, and its CSV file from disk.
    pub fn from_text(
        root: &Path,
        path: &Path,
        text: crate::source::Text,
    ) -> Result<Measure, Vec<Diagnostic>> {
        Measure::from_text_with(root, path, text, &Default::default())
    }

    /// [`Measure::from_text`], its CSV file taken from `unsaved` when it is there (the editor's
    /// figures, not saved yet).
    pub fn from_text_with(
        root: &Path,
        path: &Path,
        text: crate::source::Text,
        unsaved: &std::collections::BTreeMap<PathBuf, String>,
    ) -> Result<Measure, Vec<Diagnostic>> {
        let source = Source {
            path,
            text: &text.text,
        };
        let mut measure = parse(&source, |data| {
            let csv = match unsaved.get(data) {
                Some(text) => {
                    crate::source::text_of(data, text.clone().into_bytes()).map_err(|e| vec![e])?
                }
                None => super::read_source(root, data).map_err(|e| vec![e])?,
            };
            let (figures, mut warnings) = read_csv(data, &csv.text)?;
            warnings.splice(0..0, csv.warnings);
            Ok((figures, warnings))
        })?;
        measure.warnings.splice(0..0, text.warnings);
        Ok(measure)
    }
}

impl super::Kind for Measure {
    const FOLDER: &'static str = "measures";
    const NAMES: [&'static str; 2] = ["measure", "measures"];
    const READS_FILES: bool = true;

    fn read(
        reading: &super::Reading,
        path: &Path,
        text: crate::source::Text,
    ) -> Result<Measure, Vec<Diagnostic>> {
        Measure::from_text_with(reading.root, path, text, reading.unsaved)
    }

    fn source(&self) -> &Path {
        &self.source
    }

    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn reads(&self) -> Option<&Path> {
        self.data.as_deref()
    }
}

/// What reading a CSV file gives: its figures and its warnings, or its errors.
type CsvRead = Result<(Vec<Figure>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Parses a measure; `read` reads the CSV file it names (a path relative to the site root).
pub fn parse(
    source: &Source,
    read: impl FnOnce(&Path) -> CsvRead,
) -> Result<Measure, Vec<Diagnostic>> {
    let stem = source
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let mut errors = Vec::new();
    let slug = check_slug(stem)
        .map_err(|(m, h)| {
            errors.push(
                Diagnostic::error(source.path, format!("measure file name: {m}"))
                    .hint(format!("rename the file; {h}")),
            )
        })
        .ok();
    let split = split(source, true).map_err(|e| vec![e])?;
    check_body(source, &split).map_err(|e| vec![e])?;
    let raw: RawMeasure =
        parse_toml(source, split.front_matter, split.front_matter_offset).map_err(|e| vec![e])?;
    let at = |span: std::ops::Range<usize>| split.front_matter_offset + span.start;
    let mut fail = |span: std::ops::Range<usize>, message: String, hint: &str| {
        errors.push(source.error_at(at(span), message).hint(hint))
    };
    if raw.title.get_ref().trim().is_empty() {
        fail(
            raw.title.span(),
            "the measure's title is empty".into(),
            "say what is counted, e.g. title = \"New EHC plans issued within 20 weeks\"",
        );
    }
    let better = raw.better.as_ref().and_then(|b| match b.get_ref().as_str() {
        "higher" => Some(Better::Higher),
        "lower" => Some(Better::Lower),
        other => {
            fail(b.span(), format!("better: \"{other}\" is neither \"higher\" nor \"lower\""), "write better = \"higher\" when a bigger figure is better, better = \"lower\" when a smaller one is");
            None
        }
    });
    if let Some(target) = &raw.target {
        if raw.better.is_none() {
            fail(target.span(), "this measure has a target but no `better`".into(), "add better = \"higher\" (a bigger figure is better) or better = \"lower\", so the site can say whether the target is met");
        }
        if let Err((message, hint)) = super::figures::check_figure(*target.get_ref()) {
            fail(target.span(), format!("target: {message}"), &hint);
        }
    }
    let target_date = raw.target_date.as_ref().and_then(|d| {
        if raw.target.is_none() {
            fail(
                d.span(),
                "`target_date` is given but there is no `target`".into(),
                "add the figure aimed for, e.g. target = 60, or remove target_date",
            );
        }
        parse_dated(d.get_ref())
            .map_err(|(m, h)| fail(d.span(), format!("target_date: {m}"), &h))
            .ok()
    });
    let data = raw.data.as_ref().and_then(|d| {
        let name = d.get_ref();
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.');
        if !plain || !name.to_ascii_lowercase().ends_with(".csv") {
            fail(d.span(), format!("data: \"{name}\" is not the name of a CSV file beside this one"), "save the figures as a .csv file in content/measures/ and write its name, e.g. data = \"ehc-plans.csv\"");
            return None;
        }
        Some(source.path.with_file_name(name))
    });
    let mut warnings = Vec::new();
    let values = match (&raw.data, &raw.values, data) {
        (Some(d), Some(_), _) => {
            fail(
                d.span(),
                "this measure has both `data` and `values`".into(),
                "keep the figures in one place: the CSV file (`data`) or the list (`values`)",
            );
            Vec::new()
        }
        (None, None, _) => {
            errors.push(source.error_at(split.front_matter_offset, "this measure has no figures").hint("add data = \"<file>.csv\" (columns date,value) or values = [{ date = \"2024-03\", value = 41.5 }]"));
            Vec::new()
        }
        (Some(_), None, Some(file)) => match read(&file) {
            Ok((values, found)) => {
                warnings = found;
                values
            }
            Err(found) => {
                errors.extend(found);
                Vec::new()
            }
        },
        (None, Some(values), _) => {
            let offset = split.front_matter_offset;
            inline(source, offset, values, (&mut errors, &mut warnings))
        }
        (Some(_), None, None) => Vec::new(),
    };
    match (slug, errors.is_empty()) {
        (Some(slug), true) => Ok(Measure {
            source: source.path.to_path_buf(),
            slug,
            title: raw.title.into_inner().trim().to_string(),
            unit: raw.unit.trim().to_string(),
            target: raw.target.map(Spanned::into_inner),
            target_date,
            better,
            areas: raw
                .areas
                .iter()
                .map(|a| (a.get_ref().clone(), source.location(at(a.span()))))
                .collect(),
            origin: raw.source.filter(|s| !s.trim().is_empty()),
            data: raw
                .data
                .as_ref()
                .map(|d| source.path.with_file_name(d.get_ref())),
            values,
            body: split.body.to_string(),
            body_line: source.location(split.body_offset).line,
            warnings,
        }),
        _ => Err(errors),
    }
}

/// The figures of `values = [...]`, checked and sorted.
fn inline(
    source: &Source,
    offset: usize,
    values: &Spanned<Vec<RawValue>>,
    (errors, warnings): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) -> Vec<Figure> {
    if values.get_ref().is_empty() {
        errors.push(
            source
                .error_at(
                    offset + values.span().start,
                    "`values` is empty: this measure has no figures",
                )
                .hint("add the figures, e.g. values = [{ date = \"2024-03\", value = 41.5 }]"),
        );
    }
    let mut figures: Vec<(Figure, Location)> = Vec::new();
    let lines = Lines::new(source.text);
    for raw in values.get_ref() {
        let location = lines.at(offset + raw.date.span().start);
        let date = parse_dated(raw.date.get_ref());
        let value = super::figures::check_figure(*raw.value.get_ref());
        match (date, value) {
            (Err((m, h)), _) => errors.push(
                Diagnostic::error(source.path, format!("date: {m}"))
                    .at(location)
                    .hint(h),
            ),
            (Ok(_), Err((m, h))) => errors.push(
                Diagnostic::error(source.path, format!("value: {m}"))
                    .at(lines.at(offset + raw.value.span().start))
                    .hint(h),
            ),
            (Ok(date), Ok(value)) => figures.push((
                Figure {
                    date,
                    value,
                    note: raw.note.clone().filter(|n| !n.trim().is_empty()),
                },
                location,
            )),
        }
    }
    super::figures::sorted(source.path, figures, errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::keys::{self, fields_of};

    #[test]
    fn the_keys_the_editor_writes_are_the_ones_the_parser_reads() {
        assert_eq!(fields_of::<RawMeasure>(), keys::measure::ALL);
    }
}
