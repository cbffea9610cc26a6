//! The measure form.

use crate::content::keys;
use crate::editor::fields::{Field, Kind};

pub static TITLE: Field = Field::new(keys::measure::TITLE, "title", "Title", Kind::Text)
    .hint("What is counted, e.g. New EHC plans issued within 20 weeks.")
    .called("the measure's title")
    .required()
    .wide();
pub static UNIT: Field = Field::new(keys::measure::UNIT, "unit", "Unit", Kind::Text)
    .hint("What each figure counts: % for a percentage, or a word, e.g. weeks, families.")
    .called("the measure's unit")
    .required();
pub static TARGET: Field = Field::new(keys::measure::TARGET, "target", "Target", Kind::Number)
    .hint(
        "The figure the council aims for, for example 500 or 60%. Leave it empty if there is none.",
    );
pub static TARGET_DATE: Field = Field::new(
    keys::measure::TARGET_DATE,
    "target_date",
    "Target date",
    Kind::MonthOrDay,
)
.hint("When the target should be met: a month (March 2026) or a day (31/03/2026).")
.called("when the target should be met");
pub static BETTER: Field = Field::new(
    keys::measure::BETTER,
    "better",
    "Which way is better",
    Kind::Choice,
)
.hint("Needed with a target: whether a higher or a lower figure meets it.")
.called("whether higher or lower figures are better");
pub static AREAS: Field = Field::new(
    keys::measure::AREAS,
    "areas",
    "Areas it measures",
    Kind::Areas,
);
pub static SOURCE: Field = Field::new(
    keys::measure::SOURCE,
    "source",
    "Where the figures come from",
    Kind::LongText,
)
.hint("For example: the council's EHC plan records, counted on the last day of each month.")
.rows(2);
pub static BODY: Field = Field::new("", "body", "What it means", Kind::Markdown)
    .hint("A few sentences for parents: what is counted and why it matters.")
    .rows(5);
pub static FIGURES: Field = Field::new(keys::measure::DATA, "figures", "Figures", Kind::LongText)
    .hint("One figure a line: its date, the figure and, if you like, a note, separated by commas, for example: March 2026, 41.5. Or copy the rows from a spreadsheet (a date column and a figure column, with or without their headings) and paste them here.")
    .rows(12);

pub static TOP: &[&Field] = &[
    &TITLE,
    &UNIT,
    &TARGET,
    &TARGET_DATE,
    &BETTER,
    &AREAS,
    &SOURCE,
    &FIGURES,
];
