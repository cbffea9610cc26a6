//! Areas made and taken out in the browser: a new area (its title, type, finding, text and
//! actions, in the page form), and the removal of one, refused while anything names it.
//!
//! A removal deletes a file of the public record, so it asks first, and it is refused while an
//! update, an action report or a measure names the area: the build would fail, and a page
//! parents may have bookmarked would go without a word. The refusal lists what names it.

use std::path::{Path, PathBuf};

use super::form::Fields;
use super::pages::PageForm;
use super::write::{self, Parts, WriteError};
use super::{Choice, Editor, Opened};
use crate::content::keys;
use crate::content::sources::Known;
use crate::source::slug::short_slug;

impl Editor {
    /// The framework's types of area, in its words ("Area for priority action").
    pub(super) fn area_types(&self) -> Vec<Choice> {
        let snapshot = self.snapshot();
        let Some(config) = snapshot.sources().config() else {
            return Vec::new();
        };
        let types = config.vocabulary.area_types.iter();
        types
            .map(|t| Choice {
                slug: t.slug.to_string(),
                label: t.label.to_string(),
            })
            .collect()
    }

    /// `GET area`: the form for a new area.
    pub(super) fn open_new_area(&self) -> super::Response {
        let form = PageForm {
            what: "Area".into(),
            area_type: self
                .area_types()
                .first()
                .map_or(String::new(), |t| t.slug.clone()),
            ..PageForm::default()
        };
        self.show_page(form, false, Vec::new(), Vec::new(), None, None)
    }

    /// A new area's file: `content/areas/<slug of its title>.md`, numbered after the others.
    pub(super) fn new_area(&self, title: &str) -> Opened {
        let slug = short_slug(title.trim(), 60, "area");
        let next = {
            let snapshot = self.snapshot();
            let numbers = snapshot.sources().files().filter_map(|(_, k)| match k {
                Known::Area(Some(a)) => Some(a.number),
                _ => None,
            });
            numbers.max().unwrap_or(0) + 1
        };
        let mut doc = toml_edit::DocumentMut::new();
        doc.insert(keys::area::TITLE, toml_edit::value(""));
        doc.insert(keys::area::NUMBER, toml_edit::value(i64::from(next)));
        Opened {
            path: PathBuf::from(format!("content/areas/{slug}.md")),
            what: "Area",
            doc,
            parts: Parts::new(),
            version: String::new(),
        }
    }

    /// `POST remove`: takes an area out of the site, after asking (`confirm`), unless
    /// something still names it.
    pub(super) fn remove_area(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let found = self.known(&file).filter(|what| *what == "Area");
        let area = {
            let snapshot = self.snapshot();
            match snapshot.sources().get(Path::new(&file)) {
                Some(Known::Area(Some(a))) => Some(a.clone()),
                _ => None,
            }
        };
        let (Some(_), Some(area)) = (found, area) else {
            let why = "It may have been renamed or removed already, or have a mistake to fix first: choose it again from the list.";
            return self.message(404, "There is no such area", &[why]);
        };
        let naming = self.naming(&area);
        if !naming.is_empty() {
            let why = format!("“{}” cannot be taken out while these name it. Change each of them first (or take it out of the plan there), then remove the area:", area.title);
            return self.message_with(409, "This area is still in use", &[&why], naming);
        }
        let Some((_, version)) = self.read_file(Path::new(&file)) else {
            return self.message(
                404,
                "There is no such area",
                &["Choose it again from the list."],
            );
        };
        if fields.get("confirm") != "yes" {
            return self.confirm_removal(&file, &area.title, &version);
        }
        let path = self.root.join(&file);
        let before = self.snapshot().version;
        match write::remove(&path, &fields.get("version"), &self.content) {
            Ok(()) => {
                // The list is shown once the preview has dropped the area (or a moment passed).
                let gone = |s: &super::Snapshot| s.sources().get(Path::new(&file)).is_none();
                self.latest.wait_past(before, super::SHOW_WITHIN, gone);
                let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
                let to = format!("{}?removed={query}", self.frame("").edit);
                super::typed(303, "x.txt", Vec::new()).header("Location", &to)
            }
            Err(WriteError::Changed) => self.message(409, "The area changed on disk", &["Someone changed it after you opened it, so it was not removed. Open it again from the list."]),
            Err(e) => self.message(500, "The area could not be removed", &[&format!("Removing {file} failed: {}. Nothing was changed.", e.reason())]),
        }
    }

    /// What names `area`, in words, one line each: updates about it, judging it, reporting on
    /// its actions, and measures of it.
    fn naming(&self, area: &crate::content::Area) -> Vec<String> {
        let snapshot = self.snapshot();
        let ids: Vec<&str> = area.actions.iter().map(|a| a.id.as_str()).collect();
        let mut found = Vec::new();
        for (path, known) in snapshot.sources().files() {
            match known {
                Known::Entry(Some(e)) => {
                    let about = e.areas.contains(&area.slug)
                        || e.judgements
                            .iter()
                            .chain(&e.progress)
                            .any(|j| j.area == area.slug);
                    let reports = e.actions.iter().any(|r| ids.contains(&r.action.as_str()));
                    if about || reports {
                        found.push(format!("The update “{}” ({})", e.title, path.display()));
                    }
                }
                Known::Measure(Some(m)) if m.concerns(&area.slug) => {
                    found.push(format!("The measure “{}” ({})", m.title, path.display()));
                }
                _ => {}
            }
        }
        found
    }

    fn confirm_removal(&self, file: &str, title: &str, version: &str) -> super::Response {
        let view = Confirm {
            frame: self.frame(""),
            file: file.to_string(),
            query: url::form_urlencoded::byte_serialize(file.as_bytes()).collect(),
            title: title.to_string(),
            version: version.to_string(),
        };
        super::html(200, self.views.render("remove.html", &view))
    }
}

#[derive(serde::Serialize)]
struct Confirm {
    #[serde(flatten)]
    frame: super::Frame,
    file: String,
    /// The file, for an address's query.
    query: String,
    title: String,
    version: String,
}
