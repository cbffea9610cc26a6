//! The keys of front matter, each written once: the editor reads and writes these, and a test
//! holds each list to the fields its parser reads ([`fields_of`]), so a field renamed in one
//! place and not the other fails the build's tests instead of losing what the editor wrote.

/// An update (`updates/**/*.md`).
pub mod entry {
    pub const TITLE: &str = "title";
    pub const DATE: &str = "date";
    pub const KIND: &str = "kind";
    pub const AREAS: &str = "areas";
    pub const SUMMARY: &str = "summary";
    pub const SLUG: &str = "slug";
    pub const DRAFT: &str = "draft";
    pub const OUTCOME: &str = "outcome";
    pub const JUDGEMENTS: &str = "judgements";
    pub const PROGRESS: &str = "progress";
    pub const ACTIONS: &str = "actions";
    pub const DOCUMENTS: &str = "documents";
    pub const OPENS: &str = "opens";
    pub const CLOSES: &str = "closes";
    pub const EVENT: &str = "event";
    pub const EVENT_END: &str = "event_end";
    pub const LOCATION: &str = "location";
    pub const HISTORY: &str = "history";
    pub const WITHDRAWN: &str = "withdrawn";
    pub const ALIASES: &str = "aliases";
    pub const ID: &str = "id";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[
        TITLE, DATE, KIND, AREAS, SUMMARY, SLUG, DRAFT, OUTCOME, JUDGEMENTS, PROGRESS, ACTIONS,
        DOCUMENTS, OPENS, CLOSES, EVENT, EVENT_END, LOCATION, HISTORY, WITHDRAWN, ALIASES, ID,
    ];
}

/// One of an update's `[[documents]]`.
pub mod document {
    pub const TITLE: &str = "title";
    pub const FILE: &str = "file";
    pub const URL: &str = "url";
    pub const FORMAT: &str = "format";
    pub const SIZE: &str = "size";
    pub const HTML: &str = "html";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[TITLE, FILE, URL, FORMAT, SIZE, HTML];
}

/// One of an update's `[[history]]` notes.
pub mod history {
    pub const DATE: &str = "date";
    pub const NOTE: &str = "note";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[DATE, NOTE];
}

/// An update's `[withdrawn]`.
pub mod withdrawn {
    pub const DATE: &str = "date";
    pub const REASON: &str = "reason";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[DATE, REASON];
}

/// An area (`areas/*.md`).
pub mod area {
    pub const TITLE: &str = "title";
    pub const NUMBER: &str = "number";
    pub const FINDING: &str = "finding";
    pub const TYPE: &str = "type";
    pub const ACTIONS: &str = "actions";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[TITLE, NUMBER, FINDING, TYPE, ACTIONS];
}

/// One of an area's `[[actions]]`.
pub mod action {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const DUE: &str = "due";
    pub const OWNER: &str = "owner";
    pub const MEASURE: &str = "measure";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[ID, TITLE, DUE, OWNER, MEASURE];
}

/// A measure (`measures/*.md`).
pub mod measure {
    pub const TITLE: &str = "title";
    pub const UNIT: &str = "unit";
    pub const TARGET: &str = "target";
    pub const TARGET_DATE: &str = "target_date";
    pub const BETTER: &str = "better";
    pub const AREAS: &str = "areas";
    pub const SOURCE: &str = "source";
    pub const DATA: &str = "data";
    pub const VALUES: &str = "values";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[
        TITLE,
        UNIT,
        TARGET,
        TARGET_DATE,
        BETTER,
        AREAS,
        SOURCE,
        DATA,
        VALUES,
    ];
}

/// A free page or the home page (`pages/*.md`, `_index.md`).
pub mod page {
    pub const TITLE: &str = "title";
    /// Every key, in the order of the parser's fields.
    pub const ALL: &[&str] = &[TITLE];
}

/// The names of the fields a type reads from front matter, as serde knows them: asked of the
/// type itself, so that nothing here can drift from it.
#[cfg(test)]
pub fn fields_of<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    /// A deserializer that answers nothing, only notes the fields it is asked for.
    struct Fields<'a>(&'a mut &'static [&'static str]);

    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Stop {
            Stop
        }
    }

    impl<'de> de::Deserializer<'de> for Fields<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    let mut found: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut found));
    found
}
