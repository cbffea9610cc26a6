//! The settings form's email sign-up addresses (`[email_signup]` in `site.toml`): one for all
//! updates, and one for each area whose list the council's email service keeps apart. Each area
//! of the site has its field, named by the area's title; an empty one writes nothing.

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table};

use super::fields::{put, said, Drawn, Errors};
use super::form::Fields;
use super::forms::settings as d;
use super::problems::Problem;
use super::toml::{set, text, New};
use super::Choice;
use crate::config::signup::{old_all, old_area};
use crate::source::url::check_url;

/// The table's name in `site.toml`, and its table of areas.
const TABLE: &str = "email_signup";
const AREAS: &str = "areas";

/// The key `[email_signup]` replaced, with `{area}` for an area's slug: a site that still has it
/// opens with the addresses it made, and a save writes them as `[email_signup]` instead.
pub const OLD_KEY: &str = "email_signup_url";

/// The addresses as the form holds them.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Signup {
    pub all: String,
    /// Each area's address, in the site's order of areas; empty when it has none.
    pub areas: Vec<AreaSignup>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AreaSignup {
    pub slug: String,
    pub title: String,
    pub url: String,
}

impl Signup {
    /// The addresses written in `root` (the whole of `site.toml`), for the site's `areas`. An
    /// area written in the file that the site no longer has is kept as written, for the build
    /// to name.
    pub fn of(root: &Table, areas: &[Choice]) -> Signup {
        let table = root.get(TABLE).and_then(Item::as_table);
        let lists = table.and_then(|t| t.get(AREAS)).and_then(Item::as_table);
        let old = text(root, OLD_KEY);
        // The addresses the old setting made, as the build's hint says them (a broken one for
        // everything is left for the form).
        let url = |slug: &str| match lists.map(|l| text(l, slug)).unwrap_or_default() {
            none if none.is_empty() => old_area(&old, slug).unwrap_or_default(),
            url => url,
        };
        let all = match table.map(|t| text(t, "all")).unwrap_or_default() {
            none if none.is_empty() => old_all(&old).unwrap_or_default(),
            all => all,
        };
        Signup {
            all,
            areas: areas
                .iter()
                .map(|a| AreaSignup {
                    slug: a.slug.clone(),
                    title: a.label.clone(),
                    url: url(&a.slug),
                })
                .collect(),
        }
    }

    /// The addresses as sent.
    pub fn submitted(fields: &Fields, areas: &[Choice]) -> Signup {
        Signup {
            all: d::SIGNUP.one().read(fields),
            areas: areas
                .iter()
                .map(|a| AreaSignup {
                    url: d::SIGNUP_AREA.one().with(&a.slug, &a.label).read(fields),
                    slug: a.slug.clone(),
                    title: a.label.clone(),
                })
                .collect(),
        }
    }

    /// The field for everything into `fields`, and one drawing per area.
    pub fn draw(&self, fields: &mut Drawn, errors: &Errors) -> Vec<Drawn> {
        let at = d::SIGNUP.one();
        put(fields, &at, at.show(&self.all), errors);
        (self.areas.iter())
            .map(|a| {
                let mut drawn = Drawn::new();
                let at = d::SIGNUP_AREA.one().with(&a.slug, &a.title);
                put(&mut drawn, &at, at.show(&a.url), errors);
                drawn
            })
            .collect()
    }

    /// Writes the addresses: each one that changed, and no table left empty.
    pub fn apply(&self, doc: &mut DocumentMut) {
        let root = doc.as_table_mut();
        root.remove(OLD_KEY);
        if !root.contains_table(TABLE) {
            if self.all.is_empty() && self.areas.iter().all(|a| a.url.is_empty()) {
                return;
            }
            let mut table = Table::new();
            table.decor_mut().set_prefix("\n");
            root.insert(TABLE, Item::Table(table));
        }
        let Some(table) = root.get_mut(TABLE).and_then(Item::as_table_mut) else {
            return;
        };
        set(table, "all", optional(&self.all));
        if !table.contains_table(AREAS) && self.areas.iter().any(|a| !a.url.is_empty()) {
            let mut areas = Table::new();
            areas.decor_mut().set_prefix("\n");
            table.insert(AREAS, Item::Table(areas));
        }
        if let Some(areas) = table.get_mut(AREAS).and_then(Item::as_table_mut) {
            for a in &self.areas {
                set(areas, &a.slug, optional(&a.url));
            }
            if areas.is_empty() {
                table.remove(AREAS);
            }
        }
        if table.is_empty() {
            root.remove(TABLE);
        }
    }

    /// Every address that is not a web address, on its field.
    pub fn problems(&self) -> Vec<Problem> {
        let all = std::iter::once((d::SIGNUP.one(), &self.all));
        let areas =
            (self.areas.iter()).map(|a| (d::SIGNUP_AREA.one().with(&a.slug, &a.title), &a.url));
        all.chain(areas)
            .filter(|(_, url)| !url.is_empty())
            .filter_map(|(at, url)| {
                let e = check_url(&at.label(), url).err()?;
                Some(at.says(said(e)))
            })
            .collect()
    }

    /// The field of a key in `[email_signup]` or `[email_signup.areas]`, for the build's
    /// messages.
    pub fn field(&self, section: &str, key: &str) -> Option<String> {
        match section.strip_prefix(TABLE)? {
            "" => Some(d::SIGNUP.id()),
            ".areas" => (self.areas.iter())
                .find(|a| a.slug == key)
                .map(|a| d::SIGNUP_AREA.one().with(&a.slug, &a.title).id()),
            _ => None,
        }
    }
}

fn optional(s: &str) -> Option<New> {
    (!s.is_empty()).then(|| New::Text(s.into()))
}
