//! What templates see of measures: the latest figure and its change, the target in words, the
//! table of every figure, and the chart with its description.
//!
//! The description states the trend in words ("Rose from 41.5% in March 2024 to 62% in March
//! 2025. Target: 60% by March 2025, met.") and is both the chart's `<desc>` and the sentence above
//! it: a reader who cannot see the chart loses nothing, and the table beside it is the record.

use serde::Serialize;

use super::chart::{chart, ChartView, Size};
use super::dates::DateView;
use super::numbers::{change, with_unit};
use super::views::{TermRef, Views};
use crate::content::figures::{as_cell, Figure};
use crate::content::{Better, Measure};
use crate::site::addresses::Addressed;

/// One figure, as the table shows it.
#[derive(Debug, Serialize)]
pub struct FigureView<'a> {
    pub date: DateView,
    /// With its unit: `62%`.
    pub value: String,
    pub note: Option<&'a str>,
}

/// The target, in words.
#[derive(Debug, Serialize)]
pub struct TargetView {
    /// `60% by March 2025`.
    pub text: String,
    /// Whether the latest figure meets it.
    pub met: bool,
    /// Not met, and its day has passed: "Target missed", never "not met yet".
    pub missed: bool,
}

/// A measure as lists and its own page show it.
#[derive(Debug, Serialize)]
pub struct MeasureView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    /// The figures to download.
    pub csv_url: String,
    pub latest: FigureView<'a>,
    /// Since the figure before: "up 3.5 percentage points since February 2025".
    pub change: Option<String>,
    /// Whether that change is for the better, when the measure says which way is better.
    pub better: Option<&'static str>,
    pub target: Option<TargetView>,
    pub source: Option<&'a str>,
    pub areas: Vec<TermRef<'a>>,
    /// The trend in words: the chart's description.
    pub description: String,
    /// The latest figure is older than the measure's own rhythm allows (two of its usual gaps
    /// after its period ended): the page says since when nothing newer was published.
    pub stale: bool,
    pub chart: Option<ChartView>,
    /// Every figure, oldest first (on the measure's own page only).
    pub figures: Vec<FigureView<'a>>,
    pub count: usize,
}

impl<'a> Views<'a> {
    /// The view of measure `i`, with a chart of `size` and, if `table`, every figure.
    pub fn measure(&self, i: usize, size: Size, table: bool) -> MeasureView<'a> {
        let m = &self.site.measures[i];
        let figure = |f: &'a Figure| FigureView {
            date: DateView::dated(f.date),
            value: with_unit(f.value, &m.unit),
            note: f.note.as_deref(),
        };
        let latest = m.latest();
        let previous = m.previous();
        MeasureView {
            slug: &m.slug,
            title: &m.title,
            url: self.url(&m.path()),
            csv_url: self.url(&csv_path(&m.slug)),
            latest: figure(latest),
            change: previous.map(|p| {
                format!(
                    "{} since {}",
                    change(p.value, latest.value, &m.unit),
                    p.date.text()
                )
            }),
            better: previous.and_then(|p| direction(m, p.value, latest.value)),
            target: m.target.map(|t| TargetView {
                text: target_text(m, t),
                met: m.target_met().unwrap_or(false),
                missed: missed(m, self.site.today),
            }),
            source: m.origin.as_deref(),
            areas: m.areas.iter().map(|(a, _)| self.area_ref(a)).collect(),
            description: describe(m, self.site.today),
            stale: stale(m, self.site.today),
            chart: chart(&m.values, &m.unit, m.target, size),
            figures: match table {
                true => m.values.iter().map(figure).collect(),
                false => Vec::new(),
            },
            count: m.values.len(),
        }
    }

    /// The measures that show progress in an area, in the site's order.
    pub fn measures_of(&self, area: &str, size: Size) -> Vec<MeasureView<'a>> {
        (0..self.site.measures.len())
            .filter(|&i| self.site.measures[i].concerns(area))
            .map(|i| self.measure(i, size, false))
            .collect()
    }
}

/// Whether the target's day has passed without the latest figure meeting it.
pub fn missed(m: &Measure, today: time::Date) -> bool {
    let due = m.target_date.map(|d| d.last());
    m.target_met() == Some(false) && due.is_some_and(|d| d < today)
}

/// Whether the latest figure is older than the measure's rhythm: no newer one, though two of
/// its usual gaps (the gap between its last two figures, a month if it has one) have passed
/// since its period ended.
fn stale(m: &Measure, today: time::Date) -> bool {
    let latest = m.latest();
    let gap = m
        .previous()
        .map(|p| (latest.date.first - p.date.first).whole_days().max(1))
        .unwrap_or(31);
    let end = latest.date.last();
    (today - end).whole_days() > 2 * gap
}

/// Where a measure's figures are published: `measures/<slug>.csv`.
pub fn csv_path(slug: &str) -> String {
    format!("measures/{slug}.csv")
}

/// `60% by March 2025`, or `60%` without a date.
fn target_text(m: &Measure, target: f64) -> String {
    match m.target_date {
        Some(d) => format!("{} by {}", with_unit(target, &m.unit), d.text()),
        None => with_unit(target, &m.unit),
    }
}

/// "better" or "worse" for a change, when the measure says which way is better.
fn direction(m: &Measure, from: f64, to: f64) -> Option<&'static str> {
    let better = m.better?;
    if with_unit(from, "") == with_unit(to, "") {
        return None;
    }
    Some(match (better, to > from) {
        (Better::Higher, true) | (Better::Lower, false) => "better",
        _ => "worse",
    })
}

/// The trend and the target in words.
pub fn describe(m: &Measure, today: time::Date) -> String {
    let (first, last) = (&m.values[0], m.latest());
    let v = |f: &Figure| with_unit(f.value, &m.unit);
    let mut text = if m.values.len() == 1 {
        format!("One figure so far: {} in {}.", v(last), last.date.text())
    } else if v(first) == v(last) {
        format!(
            "Stayed at {} from {} to {}.",
            v(last),
            first.date.text(),
            last.date.text()
        )
    } else {
        let verb = if last.value > first.value {
            "Rose"
        } else {
            "Fell"
        };
        format!(
            "{verb} from {} in {} to {} in {}.",
            v(first),
            first.date.text(),
            v(last),
            last.date.text()
        )
    };
    // A peak or a trough between the two ends is part of the story the line tells.
    let between = m
        .values
        .get(1..m.values.len().saturating_sub(1))
        .unwrap_or(&[]);
    let ends = (first.value.min(last.value), first.value.max(last.value));
    let highest = between
        .iter()
        .filter(|f| f.value > ends.1)
        .max_by(|a, b| a.value.total_cmp(&b.value));
    let lowest = between
        .iter()
        .filter(|f| f.value < ends.0)
        .min_by(|a, b| a.value.total_cmp(&b.value));
    for (word, figure) in [("Highest", highest), ("Lowest", lowest)] {
        if let Some(f) = figure {
            text.push_str(&format!(" {word}: {} in {}.", v(f), f.date.text()));
        }
    }
    if let (Some(target), Some(met)) = (m.target, m.target_met()) {
        let state = match (met, missed(m, today)) {
            (true, _) => "met",
            (false, true) => "missed",
            (false, false) => "not met yet",
        };
        text.push_str(&format!(" Target: {}, {state}.", target_text(m, target)));
    }
    text
}

/// The figures to download, as the table shows them: `date,value,note`, oldest first, written
/// with the `csv` crate so that a note with a comma or a quote stays one cell, and a note that a
/// spreadsheet would run as a formula shown as text.
pub fn csv(m: &Measure) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let rows = m.values.iter().map(|f| {
        let value = format!("{}", f.value);
        let note = f.note.as_deref().map(as_cell).unwrap_or_default();
        [f.date.iso(), value, note]
    });
    let written = std::iter::once(["date", "value", "note"].map(String::from))
        .chain(rows)
        .try_for_each(|row| out.write_record(&row));
    match (written, out.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        // Writing to memory cannot fail.
        _ => Vec::new(),
    }
}
