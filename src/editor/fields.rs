//! A form's fields, each described once ([`Field`], the tables in [`super::forms`]): the key it
//! writes in the file, its name and id in the form, its label and hint, its kind and whether it
//! is needed. Reading a sent form, checking a value, drawing the input (one template macro,
//! `field`, draws every kind from a [`Shown`]) and naming a field in History and Publish all
//! come from the description, so a label or an id is written in one place only.
//!
//! A field's kind says how its value is read and checked once for every form: a date field
//! takes what people type (`31/07/2027`, `31 July 2027`, `July 2027` where a month will do) and
//! shows a date back in words, never as the file writes it.

use serde::Serialize;

use super::form::Fields;
use super::problems::{form_words, Problem};
use crate::source::dates::{parse_dated_text, written_date};

/// What a field holds: how it is read, checked and drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One line of text.
    Text,
    /// An email address.
    Email,
    /// A web address.
    Url,
    /// A time of day (`18:30`).
    Time,
    /// Plain text over several lines.
    LongText,
    /// Markdown.
    Markdown,
    /// A day.
    Day,
    /// A month or a day (an action's due date, a target date).
    MonthOrDay,
    /// A number as people write it (`1,500`, `60%`).
    Number,
    /// One of a few choices, as radio buttons.
    Choice,
    /// One of many choices, as a drop-down list.
    Pick,
    /// Any of the site's areas, as checkboxes.
    Areas,
    /// Yes or no, as one checkbox.
    Flag,
    /// A file to upload.
    File,
    /// A value the form carries unseen (a file's version, an action's id).
    Hidden,
}

impl Kind {
    /// A date field.
    pub fn is_date(self) -> bool {
        matches!(self, Kind::Day | Kind::MonthOrDay)
    }

    /// The control that draws it, and the `type` of an `<input>`.
    fn control(self) -> (&'static str, &'static str) {
        match self {
            Kind::LongText | Kind::Markdown => ("textarea", ""),
            Kind::Choice => ("radios", "radio"),
            Kind::Areas => ("checkboxes", "checkbox"),
            Kind::Flag => ("checkbox", "checkbox"),
            Kind::Pick => ("select", ""),
            Kind::Email => ("input", "email"),
            Kind::Url => ("input", "url"),
            Kind::Time => ("input", "time"),
            Kind::File => ("input", "file"),
            Kind::Hidden => ("hidden", "hidden"),
            Kind::Text | Kind::Day | Kind::MonthOrDay | Kind::Number => ("input", "text"),
        }
    }
}

/// One field of a form, described once. In a repeated group the name, id and label hold
/// `{i}` (the place, from 0), `{n}` (from 1), `{slug}` (what the copy is about: an area's
/// slug) and `{of}` (its title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its key in the file (`title`, `target_date`, `hosting.server`); "" for none.
    pub key: &'static str,
    /// Its name in the form; its id is `f-` and the name with `-` for `_`.
    pub name: &'static str,
    /// What the form calls it, and History and Publish too.
    pub label: &'static str,
    /// What to write, with an example.
    pub hint: &'static str,
    /// What it is in a sentence: "the date", "the day it opens".
    pub called: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether a save needs it.
    pub required: bool,
    /// Lines of a text box.
    pub rows: u8,
    /// Drawn the width of the form.
    pub wide: bool,
    /// A drop-down's choice of nothing; the words of a choice with nothing to choose from.
    pub none: &'static str,
    /// Its id, where it is not made from its name (a field of the same name in many forms
    /// of one page); "" otherwise.
    pub id: &'static str,
}

impl Field {
    /// A field: its key, name, label and kind; nothing else said.
    pub const fn new(
        key: &'static str,
        name: &'static str,
        label: &'static str,
        kind: Kind,
    ) -> Field {
        Field {
            key,
            name,
            label,
            hint: "",
            called: "",
            kind,
            required: false,
            rows: 0,
            wide: false,
            none: "",
            id: "",
        }
    }

    /// With its own id.
    pub const fn id_as(self, id: &'static str) -> Field {
        Field { id, ..self }
    }

    /// With a hint.
    pub const fn hint(self, hint: &'static str) -> Field {
        Field { hint, ..self }
    }

    /// With its name in a sentence.
    pub const fn called(self, called: &'static str) -> Field {
        Field { called, ..self }
    }

    /// Needed to save.
    pub const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    /// A text box of `rows` lines.
    pub const fn rows(self, rows: u8) -> Field {
        Field { rows, ..self }
    }

    /// The width of the form.
    pub const fn wide(self) -> Field {
        Field { wide: true, ..self }
    }

    /// The words for no choice.
    pub const fn none(self, none: &'static str) -> Field {
        Field { none, ..self }
    }

    /// The field itself (not one of a group).
    pub fn one(&'static self) -> At {
        At {
            field: self,
            place: None,
            slug: String::new(),
            of: String::new(),
        }
    }

    /// The copy of a group's field at `place` (from 0).
    pub fn nth(&'static self, place: usize) -> At {
        At {
            place: Some(place),
            ..self.one()
        }
    }

    /// The copy of a field about one thing (an area, an action): its `slug` and `title`.
    pub fn about(&'static self, slug: &str, title: &str) -> At {
        At {
            slug: slug.to_string(),
            of: title.to_string(),
            ..self.one()
        }
    }

    /// Its id in the form.
    pub fn id(&'static self) -> String {
        self.one().id()
    }
}

/// A field where it is in the form: itself, or one copy of it in a group.
#[derive(Debug, Clone)]
pub struct At {
    pub field: &'static Field,
    place: Option<usize>,
    slug: String,
    of: String,
}

impl At {
    /// `text` with this copy's place and subject filled in.
    fn fill(&self, text: &str) -> String {
        let mut text = text.replace("{slug}", &self.slug).replace("{of}", &self.of);
        if let Some(i) = self.place {
            text = text
                .replace("{i}", &i.to_string())
                .replace("{n}", &(i + 1).to_string());
        }
        text
    }

    /// This copy about `slug`, called `of` (a numbered copy that is also about something).
    pub fn with(mut self, slug: &str, of: &str) -> At {
        self.slug = slug.to_string();
        self.of = of.to_string();
        self
    }

    /// A message when `value` is empty, as if the field were needed: a field needed only
    /// with another ("Enter what “EHCP” means").
    pub fn problem_if_empty(&self, value: &str) -> Option<Problem> {
        value
            .is_empty()
            .then(|| self.says(format!("Enter {}", self.called())))
    }

    /// What it is in a sentence.
    fn called(&self) -> String {
        match self.field.called {
            "" => format!("the {}", self.label().to_lowercase()),
            c => self.fill(c),
        }
    }

    /// Its name in the form.
    pub fn name(&self) -> String {
        self.fill(self.field.name)
    }

    /// Its id in the form.
    pub fn id(&self) -> String {
        match self.field.id {
            "" => format!("f-{}", self.name().replace('_', "-")),
            id => self.fill(id),
        }
    }

    /// Its label.
    pub fn label(&self) -> String {
        self.fill(self.field.label)
    }

    /// Its value as sent: text trimmed (markdown as written), a flag `yes` or empty.
    pub fn read(&self, fields: &Fields) -> String {
        let name = self.name();
        match self.field.kind {
            Kind::Markdown => fields.get(&name),
            Kind::Flag => match fields.has(&name) {
                true => "yes".into(),
                false => String::new(),
            },
            _ => fields.get(&name).trim().to_string(),
        }
    }

    /// Its value as sent, a date in the file's form when it reads as one.
    pub fn read_value(&self, fields: &Fields) -> String {
        let value = self.read(fields);
        // A date of the wrong sort (a month in a day's field) stays as typed, to be named so.
        let fits = |d: &String| self.field.kind != Kind::Day || is_day(d);
        match self.field.kind.is_date() {
            true => written_date(&value).filter(fits).unwrap_or(value),
            false => value,
        }
    }

    /// What is wrong with `value` for this field, in the form's words: nothing given where it is
    /// needed, a date or a number that does not read as one.
    pub fn problem(&self, value: &str) -> Option<Problem> {
        let f = self.field;
        let called = self.called();
        let text = match f.kind {
            _ if value.is_empty() && !f.required => return None,
            Kind::Choice | Kind::Pick | Kind::Areas if value.is_empty() => format!("Choose {called}"),
            Kind::Day if value.is_empty() => format!("Enter {called}, for example 14/03/2025"),
            Kind::MonthOrDay if value.is_empty() => {
                format!("Enter {called}, for example March 2026 or 31/03/2026")
            }
            _ if value.is_empty() => format!("Enter {called}"),
            Kind::Day if !is_day(value) => format!(
                "Enter {called} as a day, for example 14/03/2025 or 14 March 2025: “{value}” is not one"
            ),
            Kind::MonthOrDay if written_date(value).is_none() => format!(
                "Enter {called} as a month or a day, for example March 2026 or 31/03/2026: “{value}” is not one"
            ),
            Kind::Number if number(value).is_none() => {
                format!("Enter {called} as a number, for example 500 or 60%")
            }
            _ => return None,
        };
        Some(self.says(text))
    }

    /// A message on this field.
    pub fn says(&self, text: String) -> Problem {
        on(&self.id(), text)
    }

    /// The field drawn with `value`.
    pub fn show(&self, value: &str) -> Shown {
        let f = self.field;
        let (control, input_type) = f.kind.control();
        let value = match f.kind.is_date() {
            true => in_words(value),
            false => value.to_string(),
        };
        Shown {
            id: self.id(),
            name: self.name(),
            label: self.label(),
            hint: self.fill(f.hint),
            kind: f.kind,
            control,
            input_type,
            rows: f.rows,
            wide: f.wide,
            none: f.none.to_string(),
            value,
            values: Vec::new(),
            options: Vec::new(),
            slug: self.slug.clone(),
            errors: Vec::new(),
            locked: String::new(),
        }
    }
}

/// A field as a form draws it: what the template macro `field` reads.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub id: String,
    pub name: String,
    pub label: String,
    pub hint: String,
    pub kind: Kind,
    /// `input`, `textarea`, `radios`, `checkboxes`, `checkbox`, `select` or `hidden`.
    pub control: &'static str,
    pub input_type: &'static str,
    pub rows: u8,
    pub wide: bool,
    pub none: String,
    /// Its value (a date in words).
    pub value: String,
    /// The values ticked, of checkboxes.
    pub values: Vec<String>,
    /// The choices.
    pub options: Vec<Choose>,
    /// What a copy is about (an area's slug), for the page's script.
    pub slug: String,
    /// Its messages, beside it.
    pub errors: Vec<String>,
    /// Why the person asking may not change it, when they may not: it is shown read-only.
    pub locked: String,
}

impl Shown {
    /// With these choices.
    pub fn options(mut self, options: Vec<Choose>) -> Shown {
        self.options = options;
        self
    }

    /// With these values ticked.
    pub fn ticked(mut self, values: &[String]) -> Shown {
        self.values = values.to_vec();
        self
    }

    /// With another hint.
    pub fn hinted(mut self, hint: String) -> Shown {
        self.hint = hint;
        self
    }

    /// With its messages from `errors` (by id).
    pub fn errors_from(mut self, errors: &Errors) -> Shown {
        self.errors = errors.get(&self.id).cloned().unwrap_or_default();
        self
    }
}

/// One choice of a choice field.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Choose {
    pub slug: String,
    pub label: String,
    /// The optional fields a kind of update uses, for the page's script.
    pub uses: String,
}

impl Choose {
    /// A choice.
    pub fn new(slug: &str, label: &str) -> Choose {
        Choose {
            slug: slug.to_string(),
            label: label.to_string(),
            uses: String::new(),
        }
    }
}

/// A form's fields as drawn, by their handle (the name without its place: `note_date`).
pub type Drawn = std::collections::BTreeMap<String, Shown>;

/// The messages of each field, by id.
pub type Errors = std::collections::BTreeMap<String, Vec<String>>;

/// Adds `shown` to `drawn` under its field's handle, with its messages.
pub fn put(drawn: &mut Drawn, at: &At, shown: Shown, errors: &Errors) {
    drawn.insert(handle(at.field.name), shown.errors_from(errors));
}

/// The copy at `place` of a group's fields, each with its value, drawn with their messages.
pub fn draw_nth(place: usize, fields: &[(&'static Field, &str)], errors: &Errors) -> Drawn {
    let mut drawn = Drawn::new();
    for (field, value) in fields {
        let at = field.nth(place);
        put(&mut drawn, &at, at.show(value), errors);
    }
    drawn
}

/// A name without its place, for templates: `note-{i}-date` → `note_date`.
fn handle(name: &str) -> String {
    let plain = name
        .replace("{i}", "")
        .replace("{slug}", "")
        .replace('-', "_");
    let parts: Vec<&str> = plain.split('_').filter(|p| !p.is_empty()).collect();
    parts.join("_")
}

/// A date in words as people read it (`14 March 2025`, `March 2025`); other text as it is.
pub fn in_words(value: &str) -> String {
    let (day, time) = match value.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (value, None),
    };
    match (parse_dated_text(day), time) {
        (Ok(d), None) => d.text(),
        _ => value.to_string(),
    }
}

/// Whether `value` reads as a day (not a month).
pub fn is_day(value: &str) -> bool {
    written_date(value).is_some_and(|d| parse_dated_text(&d).is_ok_and(|d| !d.month))
}

/// A number as people write it (`500`, `1,500`, `60%`).
pub fn number(text: &str) -> Option<f64> {
    text.trim()
        .trim_end_matches('%')
        .replace([',', ' '], "")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// A message on the field `id`.
pub fn on(id: &str, text: String) -> Problem {
    Problem {
        field: Some(id.to_string()),
        text: form_words(&text),
        line: None,
    }
}

/// `(message, hint)` as one sentence.
pub fn said((message, hint): (String, String)) -> String {
    format!("{message}: {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    static NOTE_DATE: Field = Field::new(
        "date",
        "note-{i}-date",
        "Note {n}: date of the change",
        Kind::Day,
    )
    .called("the date of the change")
    .required();

    #[test]
    fn a_group_s_field_is_named_by_its_place_and_a_date_shown_in_words() {
        let at = NOTE_DATE.nth(1);
        assert_eq!(at.name(), "note-1-date");
        assert_eq!(at.id(), "f-note-1-date");
        assert_eq!(at.label(), "Note 2: date of the change");
        assert_eq!(at.show("2025-03-14").value, "14 March 2025");
        assert_eq!(at.show("2025-03").value, "March 2025");
        assert_eq!(at.show("14/3/25").value, "14/3/25", "what was typed stays");
        assert!(at.problem("31 July 2027").is_none());
        assert!(at.problem("July 2027").is_some(), "a day field needs a day");
        let empty = at.problem("").unwrap();
        assert_eq!(
            empty.text,
            "Enter the date of the change, for example 14/03/2025."
        );
        assert_eq!(empty.field.as_deref(), Some("f-note-1-date"));
    }

    #[test]
    fn numbers_are_read_as_people_write_them() {
        assert_eq!(number("1,500"), Some(1500.0));
        assert_eq!(number("60%"), Some(60.0));
        assert_eq!(number("about 500"), None);
    }
}
