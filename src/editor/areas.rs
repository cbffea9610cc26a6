//! Areas made and taken out in the browser, and updates never published deleted: a new area
//! (its title, type, finding, text and actions, in the page form), and the removal of an area or
//! of a draft, refused while anything names it.
//!
//! A removal deletes a file, so it asks first, and it is refused while something names what it
//! would delete: an update, an action report or a measure naming the area (the build would
//! fail, and a page parents may have bookmarked would go without a word), a link to the draft.
//! The refusal lists what names it. An update that was published is never deleted here: a
//! public record keeps its address (see `docs/editing.md`).

use std::path::{Path, PathBuf};

use super::form::Fields;
use super::pages::PageForm;
use super::write::{Parts, WriteError};
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

    /// `POST remove`: deletes an area, or an update never published, after asking
    /// (`confirm`), unless something still names it.
    pub(super) fn remove(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let Some(removal) = self.removal(&file) else {
            let why = "It may have been renamed or removed already, or have a mistake to fix first: choose it again from the list.";
            return self.message(404, "There is nothing to remove there", &[why]);
        };
        if removal.published {
            let why = format!("“{}” is published: parents may have read it, linked to it or had it in their feed, so it is not deleted here. To take it back, withdraw it from its form: its page stays at its address, saying when and why.", removal.title);
            return self.message(409, "A published update is not deleted", &[&why]);
        }
        if !removal.naming.is_empty() {
            let why = format!(
                "“{}” cannot be removed while these name it. Change each of them first, then remove it:",
                removal.title
            );
            let heading = format!("This {} is still in use", removal.noun);
            return self.message_with(409, &heading, &[&why], removal.naming);
        }
        let Some((_, version)) = self.read_file(Path::new(&file)) else {
            let why = "Choose it again from the list.";
            return self.message(404, "There is nothing to remove there", &[why]);
        };
        if fields.get("confirm") != "yes" {
            return self.confirm_removal(&file, &removal, &version);
        }
        self.delete(&file, &fields.get("version"))
    }

    /// What removing the file at `file` would delete, if it is an area or an update.
    fn removal(&self, file: &str) -> Option<Removal> {
        let snapshot = self.snapshot();
        match snapshot.sources().get(Path::new(file))? {
            Known::Area(Some(a)) => Some(Removal {
                noun: "area",
                title: a.title.clone(),
                naming: self.naming(a),
                published: false,
            }),
            Known::Entry(Some(e)) => Some(Removal {
                noun: "update",
                title: e.title.clone(),
                naming: self.linking(file),
                // Published on the site itself, whatever this preview shows (`--drafts`).
                published: e.published_on(self.today()),
            }),
            _ => None,
        }
    }

    /// Deletes the file at `file` if it is still at `version`, and shows the list once the
    /// preview has dropped it (or a moment passed).
    fn delete(&self, file: &str, version: &str) -> super::Response {
        let before = self.snapshot().version;
        let removal = super::transaction::Change {
            path: Path::new(file).to_path_buf(),
            content: None,
            expected: version.to_string(),
        };
        match self.apply(&[removal], None) {
            Ok(()) => {
                let gone = |s: &super::Snapshot| s.sources().get(Path::new(file)).is_none();
                self.latest.wait_past(before, super::SHOW_WITHIN, gone);
                let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
                let to = format!("{}?removed={query}", self.frame("").edit);
                super::typed(303, "x.txt", Vec::new()).header("Location", &to)
            }
            Err(WriteError::Changed) => {
                let why = format!("Someone changed it after you opened it, so it was not removed.{} Open it again from the list.", self.changed_by(Path::new(file)));
                self.message(409, "The file changed on disk", &[&why])
            }
            Err(e) => {
                let why = format!(
                    "Removing {file} failed: {}. Nothing was changed.",
                    e.reason()
                );
                self.message(500, "The file could not be removed", &[&why])
            }
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

    /// The other files whose text links to the file at `file` (`@/...`).
    fn linking(&self, file: &str) -> Vec<String> {
        let target = format!("@/{}", file.strip_prefix("content/").unwrap_or(file));
        let snapshot = self.snapshot();
        let mut found = Vec::new();
        for (path, known) in snapshot.sources().files() {
            let (title, body) = match known {
                Known::Entry(Some(e)) => (&e.title, &e.body),
                Known::Area(Some(a)) => (&a.title, &a.body),
                Known::Page(Some(p)) => (&p.slug, &p.body),
                Known::Measure(Some(m)) => (&m.title, &m.body),
                _ => continue,
            };
            if path.as_path() != Path::new(file) && body.contains(&target) {
                found.push(format!("“{title}” links to it ({})", path.display()));
            }
        }
        found
    }

    fn confirm_removal(&self, file: &str, removal: &Removal, version: &str) -> super::Response {
        let view = Confirm {
            frame: self.frame(""),
            file: file.to_string(),
            query: url::form_urlencoded::byte_serialize(file.as_bytes()).collect(),
            title: removal.title.clone(),
            noun: removal.noun,
            version: version.to_string(),
        };
        super::html(200, self.views.render("remove.html", &view))
    }
}

/// What a removal would delete.
struct Removal {
    /// "area" or "update".
    noun: &'static str,
    title: String,
    /// What names it, in words: while there is any, it is not removed.
    naming: Vec<String>,
    /// An update the site publishes: never deleted.
    published: bool,
}

#[derive(serde::Serialize)]
struct Confirm {
    #[serde(flatten)]
    frame: super::Frame,
    file: String,
    /// The file, for an address's query.
    query: String,
    title: String,
    /// "area" or "update".
    noun: &'static str,
    version: String,
}
