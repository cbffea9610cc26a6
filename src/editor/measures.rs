//! The form for a measure (`content/measures/<slug>.md`) and its figures: its title, unit,
//! target, areas, source and text, and a box of figures that takes rows pasted from a
//! spreadsheet (tab- or comma-separated, as Excel and LibreOffice copy them). The figures are
//! written as a CSV file beside the measure (`<slug>.csv`, `data = "<slug>.csv"`), which the
//! build reads with its own rules; the trial reads it before it is saved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::DocumentMut;

use super::fields::{put, Choose, Drawn, Errors, Field};
use super::form::Fields;
use super::forms::measure as d;
use super::problems::{by_field, place_all, Problem};
use super::toml::{set, shown, text, New};
use super::write::{self, Parts, WriteError};
use super::{html, Choice, Editor, Frame};
use crate::content::keys;
use crate::content::sources::{Known, Unsaved};
use crate::source::dates::written_date;
use crate::source::slug::short_slug;

/// The fields of the measure form, as text.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct MeasureForm {
    /// The file, relative to the site root; empty for a new measure.
    pub file: String,
    pub version: String,
    pub title: String,
    pub unit: String,
    pub target: String,
    pub target_date: String,
    /// `higher`, `lower` or empty.
    pub better: String,
    pub areas: Vec<String>,
    pub origin: String,
    pub body: String,
    /// The figures, one row a line: date, figure and, if any, a note.
    pub figures: String,
}

/// One figure as the file holds it: its date, value and note.
type Row = (String, String, String);

/// The figures of `rows` as the CSV file the build reads.
fn csv_of(rows: &[(String, String, String)]) -> String {
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = out.write_record(["date", "value", "note"]);
    for (date, value, note) in rows {
        let _ = out.write_record([date, value, note]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Reads the figures box: one row a line, cells split at tabs (a spreadsheet's copy) or commas;
/// rows of headings are skipped wherever they are (pasted under another, or at the end); dates
/// as people write them. The rows that read well, the line each was pasted on, and every
/// mistake, by its row as pasted.
pub fn read_figures(text: &str) -> (Vec<Row>, Vec<usize>, Vec<String>) {
    let (mut rows, mut lines, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cells = cells_of(line);
        let cell = |n: usize| cells.get(n).map_or("", |c| c.trim());
        // The figure as people write it (`1,500`, `41.5%`), read as the target is.
        let figure = super::fields::number(cell(1));
        // Headings: neither a date nor a figure, and no digit in the first cell ("Month",
        // "date"); a mistyped date ("Marhc 2025") has one, and is named.
        let heading = figure.is_none()
            && written_date(cell(0)).is_none()
            && !cell(0).chars().any(|c| c.is_ascii_digit());
        if heading {
            continue;
        }
        let row = i + 1;
        let date = written_date(cell(0));
        if date.is_none() {
            errors.push(format!("Figures, row {row}: “{}” is not a date: write it as 14/03/2025, March 2025 or 2025-03", cell(0)));
        }
        if figure.is_none() {
            errors.push(format!("Figures, row {row}: “{}” is not a number: write the figure alone, e.g. 41.5 (the unit is the measure's)", cell(1)));
        }
        let note = cells.get(2..).map_or(String::new(), |rest| {
            rest.iter().map(|c| c.trim()).collect::<Vec<_>>().join(", ")
        });
        if let (Some(date), Some(figure)) = (date, figure) {
            rows.push((
                date,
                figure.to_string(),
                note.trim_matches([',', ' ']).to_string(),
            ));
            lines.push(row);
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(
            "Enter the figures: a date and a figure on each line, e.g. March 2025, 41.5".into(),
        );
    }
    (rows, lines, errors)
}

/// The cells of one line: split at tabs when it has any, else read as one CSV row.
fn cells_of(line: &str) -> Vec<String> {
    if line.contains('\t') {
        return line.split('\t').map(str::to_string).collect();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        Some(Ok(record)) => record.iter().map(str::to_string).collect(),
        _ => line.split(',').map(str::to_string).collect(),
    }
}

impl MeasureForm {
    /// The form as sent; `areas` are the site's area slugs (no other is taken).
    fn submitted(fields: &Fields, areas: &[String]) -> MeasureForm {
        let v = |f: &'static Field| f.one().read_value(fields);
        MeasureForm {
            file: fields.get("file"),
            version: fields.get("version"),
            title: v(&d::TITLE),
            unit: v(&d::UNIT),
            target: v(&d::TARGET),
            target_date: v(&d::TARGET_DATE),
            better: v(&d::BETTER),
            areas: fields
                .all(d::AREAS.name)
                .into_iter()
                .filter(|a| areas.contains(a))
                .collect(),
            origin: v(&d::SOURCE),
            body: v(&d::BODY),
            // Rows as pasted: each cell is read in `read_figures`.
            figures: fields.get(d::FIGURES.name),
        }
    }

    /// Every problem of its own fields, in the form's words, all at once; the figures are
    /// read and named by `read_figures`.
    fn own_problems(&self) -> Vec<Problem> {
        let mut found: Vec<Problem> = [
            (&d::TITLE, &self.title),
            (&d::UNIT, &self.unit),
            (&d::TARGET, &self.target),
            (&d::TARGET_DATE, &self.target_date),
        ]
        .into_iter()
        .filter_map(|(f, value)| f.one().problem(value))
        .collect();
        if !self.target.is_empty() && self.better.is_empty() {
            let why = "Choose whether higher or lower figures are better: the site needs it to say whether the target is met";
            found.push(d::BETTER.one().says(why.into()));
        }
        found
    }

    /// Its fields drawn, with the site's `areas` and the messages `errors`.
    fn draw(&self, areas: &[Choice], errors: &Errors) -> Drawn {
        let mut drawn = Drawn::new();
        for (field, value) in [
            (&d::TITLE, &self.title),
            (&d::UNIT, &self.unit),
            (&d::TARGET, &self.target),
            (&d::TARGET_DATE, &self.target_date),
            (&d::SOURCE, &self.origin),
            (&d::BODY, &self.body),
            (&d::FIGURES, &self.figures),
        ] {
            let at = field.one();
            put(&mut drawn, &at, at.show(value), errors);
        }
        let at = d::BETTER.one();
        let betters = vec![
            Choose::new("higher", "Higher is better"),
            Choose::new("lower", "Lower is better"),
        ];
        put(
            &mut drawn,
            &at,
            at.show(&self.better).options(betters),
            errors,
        );
        let at = d::AREAS.one();
        let areas = areas.iter().map(|a| Choose::new(&a.slug, &a.label));
        let shown = at.show("").options(areas.collect()).ticked(&self.areas);
        put(&mut drawn, &at, shown, errors);
        drawn
    }

    /// Writes the form into `doc`, changing only what differs; `data` is the figures file's
    /// name beside the measure.
    fn apply(&self, doc: &mut DocumentMut, data: &str) {
        let optional = |s: &str| (!s.is_empty()).then(|| New::Text(s.into()));
        let root = doc.as_table_mut();
        set(
            root,
            keys::measure::TITLE,
            Some(New::Text(self.title.clone())),
        );
        set(
            root,
            keys::measure::UNIT,
            Some(New::Text(self.unit.clone())),
        );
        let target = match super::fields::number(&self.target).ok_or(()) {
            Ok(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(New::Number(n as i64)),
            Ok(n) => Some(New::Float(n)),
            Err(_) => optional(&self.target),
        };
        set(root, keys::measure::TARGET, target);
        set(
            root,
            keys::measure::TARGET_DATE,
            (!self.target_date.is_empty()).then(|| New::Date(self.target_date.clone())),
        );
        set(root, keys::measure::BETTER, optional(&self.better));
        let areas = (!self.areas.is_empty()).then(|| New::List(self.areas.clone()));
        set(root, keys::measure::AREAS, areas);
        set(root, keys::measure::SOURCE, optional(&self.origin));
        set(root, keys::measure::DATA, Some(New::Text(data.into())));
        root.remove(keys::measure::VALUES);
    }
}

#[derive(Serialize)]
struct MeasureView {
    #[serde(flatten)]
    frame: Frame,
    form: MeasureForm,
    /// Its fields, drawn from the form's description.
    fields: Drawn,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    conflict: Option<String>,
    preview: Option<String>,
}

/// The measure form's field for a key of its front matter.
fn field(_: &str, _: usize, key: &str) -> Option<String> {
    // Any other key (the figures file, figures written in the file) is the figures' to say.
    let described = d::TOP.iter().find(|f| f.key == key);
    Some(described.unwrap_or(&&d::FIGURES).id())
}

impl Editor {
    /// `GET measure`: the form of a measure (`file`), or of a new one.
    pub(super) fn open_measure(&self, file: &str) -> super::Response {
        if file.is_empty() {
            // An empty box: an example in the hint, never a value to paste under or delete.
            let form = MeasureForm::default();
            return self.show_measure(form, Vec::new(), Vec::new(), None, None);
        }
        let snapshot = self.snapshot();
        let Some(Known::Measure(Some(m))) = snapshot.sources().get(Path::new(file)) else {
            let why = "It may have been renamed or removed, or have a mistake to fix in the file first: choose it again from the list.";
            return self.message(404, "There is no such measure", &[why]);
        };
        let Some((written, version)) = self.read_file(Path::new(file)) else {
            return self.message(
                404,
                "This measure cannot be read",
                &["Check that the file is still there."],
            );
        };
        let Ok((doc, parts)) = write::Parts::read(Path::new(file), &written) else {
            return self.message(404, "This measure cannot be read", &["Fix the file first."]);
        };
        let t = doc.as_table();
        let rows: Vec<(String, String, String)> = (m.values.iter())
            .map(|f| {
                (
                    f.date.iso(),
                    f.value.to_string(),
                    f.note.clone().unwrap_or_default(),
                )
            })
            .collect();
        let form = MeasureForm {
            file: file.to_string(),
            version,
            title: text(t, keys::measure::TITLE),
            unit: text(t, keys::measure::UNIT),
            target: shown(t, keys::measure::TARGET),
            target_date: shown(t, keys::measure::TARGET_DATE),
            better: text(t, keys::measure::BETTER),
            areas: m.areas.iter().map(|(a, _)| a.clone()).collect(),
            origin: text(t, keys::measure::SOURCE),
            body: parts.body.replace("\r\n", "\n"),
            figures: csv_of(&rows),
        };
        self.show_measure(form, Vec::new(), Vec::new(), None, None)
    }

    /// `POST measure`: checks the measure and its figures; shows the form again or saves both.
    pub(super) fn submit_measure(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let areas: Vec<String> = self.area_choices().into_iter().map(|a| a.slug).collect();
        let form = MeasureForm::submitted(fields, &areas);
        let (path, mut doc, mut parts, version) = match form.file.is_empty() {
            true => {
                let slug = short_slug(&form.title, 60, "measure");
                let path = PathBuf::from(format!("content/measures/{slug}.md"));
                (path, DocumentMut::new(), Parts::new(), String::new())
            }
            false => match self.open_file_of(&form.file) {
                Ok((path, doc, parts)) => (path, doc, parts, form.version.clone()),
                Err(response) => return response,
            },
        };
        let stem = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        let data_name = format!("{stem}.csv");
        let data = path.with_file_name(&data_name);
        let mut problems = form.own_problems();
        if form.file.is_empty() && self.root.join(&path).exists() {
            problems.push(d::TITLE.one().says("There is already a measure with this title: change the title, or edit that measure from the list".into()));
        }
        let (rows, pasted, figure_errors) = read_figures(&form.figures);
        let csv = csv_of(&rows);
        let figures_read = figure_errors.is_empty();
        let figures = d::FIGURES.one();
        problems.extend(figure_errors.into_iter().map(|e| figures.says(e)));
        form.apply(&mut doc, &data_name);
        parts.front_matter = doc.to_string();
        parts.set_body(&form.body);
        let text = parts.text();
        let unsaved = Unsaved {
            files: BTreeMap::from([(data.clone(), csv.clone())]),
            ..Unsaved::default()
        };
        // The build's check too, at once: of the rows that read well.
        let preview = fields.get("action") == "preview";
        let trial = self.trial(&path, &text, &unsaved, preview);
        let page = trial.page;
        let (mine, others): (Vec<_>, Vec<_>) =
            trial.problems.into_iter().partition(|d| d.file != data);
        let (errors, warnings) = place_all(&path, &mine, &text, &field);
        let named: Vec<Option<String>> = problems.iter().map(|p| p.field.clone()).collect();
        problems.extend(
            errors
                .into_iter()
                .filter(|p| p.field.is_none() || !named.contains(&p.field)),
        );
        if figures_read {
            problems.extend(others.iter().filter(|d| d.is_error()).map(|d| {
                // The build names a line of the file written (its heading first): said as the
                // line it was pasted on.
                let written = d.location.as_ref().map_or(0, |l| l.line.saturating_sub(2));
                let row = pasted.get(written).copied().unwrap_or(written + 1);
                figures.says(format!("Figures, row {row}: {}", d.message))
            }));
        }
        if problems.is_empty() && !preview {
            return self.save_measure(form, &path, &text, &version, &data, &csv, warnings);
        }
        self.show_measure(form, problems, warnings, None, page)
    }

    /// Writes the figures file (if it changed), then the measure.
    #[allow(clippy::too_many_arguments)]
    fn save_measure(
        &self,
        form: MeasureForm,
        path: &Path,
        text: &str,
        version: &str,
        data: &Path,
        csv: &str,
        warnings: Vec<Problem>,
    ) -> super::Response {
        // Who changed it is read from the history only when it did change.
        let conflict = || {
            format!("The measure changed on disk after you opened this form, so nothing was saved over it.{} Copy anything you want to keep from the form below, then open it again from the list.", self.changed_by(path))
        };
        if let Err(WriteError::Changed) = write::unchanged(&self.root.join(path), version) {
            return self.show_measure(form, Vec::new(), warnings, Some(conflict()), None);
        }
        // The figures and the measure are one transaction: both saved, or neither.
        let on_disk = std::fs::read(self.root.join(data)).ok();
        let was = write::version(on_disk.as_deref());
        let also = vec![super::transaction::Change::write(data, csv, &was)];
        match self.save_with(path, text, version, also) {
            Ok(response) => response,
            Err(WriteError::Changed) => {
                self.show_measure(form, Vec::new(), warnings, Some(conflict()), None)
            }
            Err(e) => self.message(
                500,
                "The measure could not be saved",
                &[&format!(
                    "Writing {} failed: {}. Nothing was changed.",
                    path.display(),
                    e.reason()
                )],
            ),
        }
    }

    /// An existing measure's file, parsed.
    fn open_file_of(&self, file: &str) -> Result<(PathBuf, DocumentMut, Parts), super::Response> {
        let known = self
            .snapshot()
            .sources()
            .get(Path::new(file))
            .map(|k| matches!(k, Known::Measure(_)));
        let read = self
            .read_file(Path::new(file))
            .filter(|_| known == Some(true));
        let Some((written, _)) = read else {
            let why = "It may have been renamed or removed: choose it again from the list. Nothing was saved.";
            return Err(self.message(404, "There is no such measure", &[why]));
        };
        match write::Parts::read(Path::new(file), &written) {
            Ok((doc, parts)) => Ok((PathBuf::from(file), doc, parts)),
            Err(why) => Err(self.cannot_open(Path::new(file), &written, &why)),
        }
    }

    /// The site's areas, in their order, as choices (the update form's own list of them).
    pub(super) fn area_choices(&self) -> Vec<Choice> {
        let areas = super::choices::Choices::of(&self.snapshot()).areas;
        areas
            .into_iter()
            .map(|a| Choice {
                slug: a.slug,
                label: a.title,
            })
            .collect()
    }

    fn show_measure(
        &self,
        form: MeasureForm,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        conflict: Option<String>,
        preview: Option<String>,
    ) -> super::Response {
        let errors = by_field(&problems);
        let status = super::problems::status(&problems, conflict.is_some());
        let view = MeasureView {
            frame: self.frame(""),
            fields: form.draw(&self.area_choices(), &errors),
            form,
            problems,
            warnings,
            conflict,
            preview,
        };
        html(status, self.views.render("measure.html", &view))
    }
}

#[cfg(test)]
mod tests {
    use super::read_figures;

    #[test]
    fn headings_are_skipped_wherever_they_are_pasted_and_rows_are_named_as_pasted() {
        // Pasted under the old heading, with the spreadsheet's own, and a heading at the end.
        let pasted =
            "date,value,note\nMonth\tFigure\nMarch 2026\t41.5\n\n30/04/2026\t44\ndate,value,note\n";
        let (rows, lines, errors) = read_figures(pasted);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(rows.len(), 2);
        assert_eq!(lines, [3, 5], "the lines they were pasted on");
        assert_eq!(rows[1].0, "2026-04-30");
        // A mistyped date has a digit: it is named, by its line as pasted (the blank counts).
        let (_, _, errors) = read_figures("Month,Figure\n\nMarhc 2026,41\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("Figures, row 3: “Marhc 2026”"),
            "{errors:?}"
        );
    }
}
