//! Changing front matter the way a person would: only the fields whose values changed, keeping
//! every comment, the order of keys and the layout of everything else (`toml_edit`).

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

/// A value for a field: text, a date (written bare when it is one, else as text for the build to
/// report), a flag, or a list of texts.
#[derive(Debug, Clone, PartialEq)]
pub enum New {
    /// `key = "text"`.
    Text(String),
    /// `key = 2025-01-31` (or `2025-01-31T18:00:00`, or a month `"2025-01"`), from a date as
    /// people write it in any form (`31/01/2025`, `31 January 2025`, `January 2025`): every date
    /// field of every form reads dates this one way. Text that is not a date stays text, for
    /// the build to report.
    Date(String),
    /// `key = true`.
    Flag(bool),
    /// `key = ["a", "b"]`.
    List(Vec<String>),
    /// `key = 12`.
    Number(i64),
    /// `key = 41.5`.
    Float(f64),
}

impl New {
    fn value(&self) -> Value {
        match self {
            New::Text(s) => Value::from(s.as_str()),
            New::Date(s) => {
                let s = crate::source::dates::written_date(s).unwrap_or_else(|| s.clone());
                match s.parse::<toml_edit::Datetime>() {
                    Ok(d) if d.date.is_some() => Value::from(d),
                    _ => Value::from(s.as_str()),
                }
            }
            New::Flag(b) => Value::from(*b),
            New::Number(n) => Value::from(*n),
            New::Float(n) => Value::from(*n),
            New::List(items) => {
                let mut array: Array = items.iter().map(String::as_str).collect();
                array.fmt();
                Value::Array(array)
            }
        }
    }
}

/// Whether two values say the same thing, however they are written.
fn same(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Datetime(a), Value::Datetime(b)) => a.value() == b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Float(a), Value::Float(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same(x, y))
        }
        _ => false,
    }
}

/// Sets `key` in `table` to `new` (removes it for `None`), touching nothing when the value is
/// the same; a changed value keeps the comment after it.
pub fn set(table: &mut Table, key: &str, new: Option<New>) {
    let Some(new) = new else {
        table.remove(key);
        return;
    };
    let mut value = new.value();
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if same(old, &value) {
                return;
            }
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// The text of a field (strings only).
pub fn text(table: &Table, key: &str) -> String {
    table
        .get(key)
        .and_then(Item::as_str)
        .map(str::to_string)
        .unwrap_or_default()
}

/// A field as written: a string's text, a date's, a number's.
pub fn shown(table: &Table, key: &str) -> String {
    match table.get(key).and_then(Item::as_value) {
        Some(Value::String(s)) => s.value().clone(),
        Some(Value::Datetime(d)) => d.value().to_string(),
        Some(v) => {
            let mut v = v.clone();
            v.decor_mut().clear();
            v.to_string()
        }
        None => String::new(),
    }
}

/// The sub-table `key` (e.g. `[judgements]`), made when asked for and missing.
pub fn table_mut<'a>(doc: &'a mut DocumentMut, key: &str) -> &'a mut Table {
    if !doc.contains_table(key) {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        doc.insert(key, Item::Table(table));
    }
    doc[key].as_table_mut().expect("made a table just above")
}

/// Drops the sub-table `key` when it holds nothing.
pub fn drop_if_empty(doc: &mut DocumentMut, key: &str) {
    if doc
        .get(key)
        .and_then(Item::as_table)
        .is_some_and(Table::is_empty)
    {
        doc.remove(key);
    }
}

/// The array of tables `key` (e.g. `[[documents]]`), made when asked for and missing.
pub fn tables_mut<'a>(doc: &'a mut DocumentMut, key: &str) -> Option<&'a mut ArrayOfTables> {
    if doc.get(key).is_none() {
        doc.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc[key].as_array_of_tables_mut()
}

/// A new table for an array of tables, with a blank line before it.
pub fn new_table() -> Table {
    let mut table = Table::new();
    table.decor_mut().set_prefix("\n");
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_values_are_written_and_comments_stay() {
        let text = "title = 'Old'   # the title\ndate = 2025-01-02 # when\nkind = \"news\"\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        set(
            doc.as_table_mut(),
            "date",
            Some(New::Date("2025-01-02".into())),
        );
        set(doc.as_table_mut(), "kind", Some(New::Text("news".into())));
        assert_eq!(doc.to_string(), text);
        set(doc.as_table_mut(), "title", Some(New::Text("New".into())));
        assert_eq!(
            doc.to_string(),
            "title = \"New\"   # the title\ndate = 2025-01-02 # when\nkind = \"news\"\n"
        );
        set(doc.as_table_mut(), "kind", None);
        set(
            doc.as_table_mut(),
            "date",
            Some(New::Date("2025-13-45".into())),
        );
        assert_eq!(
            doc.to_string(),
            "title = \"New\"   # the title\ndate = \"2025-13-45\" # when\n"
        );
    }
}
