//! The form for the home page, a free page or an area: its title and its text, and an area's
//! finding (the inspectors' words) and the plan's actions for it. An area's other fields (its
//! number and type, an action's id and measure) are kept as they are.

use crate::content::keys;
use std::collections::BTreeMap;

use serde::Serialize;

use super::form::Fields;
use super::problems::{by_field, place_all, Problem};
use std::collections::BTreeSet;

use super::toml::{new_table, set, shown, tables_mut, text, New};
use super::write::WriteError;
use super::{html, Editor, Frame};
use crate::content::sources::Known;
use crate::source::slug::short_slug;

/// The fields of a page's form.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PageForm {
    /// The file, relative to the site root.
    pub file: String,
    /// Its version when the form was opened.
    pub version: String,
    /// "Home page", "Page" or "Area".
    pub what: String,
    /// The title.
    pub title: String,
    /// An area's finding.
    pub finding: String,
    /// An area's type (a slug of the framework's types of area).
    pub area_type: String,
    /// The markdown.
    pub body: String,
    /// An area's actions, as written.
    pub actions: Vec<ActionField>,
    /// The action being added.
    pub new_action: ActionField,
}

impl PageForm {
    /// Writes the form into `doc` for a file of this `kind` ("Home page", "Page" or "Area"),
    /// changing only what differs; `taken` are the action ids of the whole site.
    pub fn apply(&self, kind: &str, doc: &mut toml_edit::DocumentMut, taken: &BTreeSet<String>) {
        let root = doc.as_table_mut();
        let optional = |s: &str| (!s.is_empty()).then(|| New::Text(s.into()));
        match kind {
            // A free page needs its title: an empty one is written for the build to report.
            "Page" => set(root, keys::page::TITLE, Some(New::Text(self.title.clone()))),
            _ => set(root, keys::area::TITLE, optional(&self.title)),
        }
        if kind == "Area" {
            set(root, keys::area::FINDING, optional(&self.finding));
            set(root, keys::area::TYPE, optional(&self.area_type));
            apply_actions(doc, &self.actions, &self.new_action, taken);
        }
    }
}

/// One action of the plan, as the form shows it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ActionField {
    /// Its id (made from the title for a new one; never changed here, updates report on it).
    pub id: String,
    /// What will be done.
    pub title: String,
    /// A day (`2026-03-31`) or a month (`2026-03`).
    pub due: String,
    /// Who answers for it.
    pub owner: String,
    /// Ticked: take it out of the plan.
    pub remove: bool,
}

impl ActionField {
    fn submitted(fields: &Fields, prefix: &str) -> ActionField {
        let get = |k: &str| fields.get(&format!("{prefix}-{k}")).trim().to_string();
        ActionField {
            id: get("id"),
            title: get("title"),
            due: get("due"),
            owner: get("owner"),
            remove: fields.has(&format!("{prefix}-remove")),
        }
    }

    fn write(&self, table: &mut toml_edit::Table) {
        set(
            table,
            keys::action::TITLE,
            Some(New::Text(self.title.clone())),
        );
        set(
            table,
            keys::action::DUE,
            (!self.due.is_empty()).then(|| New::Date(self.due.clone())),
        );
        set(
            table,
            keys::action::OWNER,
            (!self.owner.is_empty()).then(|| New::Text(self.owner.clone())),
        );
    }
}

/// An area's actions as its front matter writes them.
fn actions_of(doc: &toml_edit::DocumentMut) -> Vec<ActionField> {
    doc.get(keys::area::ACTIONS)
        .and_then(toml_edit::Item::as_array_of_tables)
        .map(|tables| {
            tables
                .iter()
                .map(|t| ActionField {
                    id: text(t, keys::action::ID),
                    title: text(t, keys::action::TITLE),
                    due: shown(t, keys::action::DUE),
                    owner: text(t, keys::action::OWNER),
                    remove: false,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Writes the form's actions into `doc`: changed fields, removed actions, one new action with
/// an id made from its title that no other action of the site has (`taken`).
fn apply_actions(
    doc: &mut toml_edit::DocumentMut,
    actions: &[ActionField],
    new: &ActionField,
    taken: &BTreeSet<String>,
) {
    let adding = !new.title.is_empty() || !new.due.is_empty();
    if actions.is_empty() && !adding {
        return;
    }
    let Some(tables) = tables_mut(doc, keys::area::ACTIONS) else {
        return;
    };
    for (i, action) in actions.iter().enumerate().rev() {
        if i >= tables.len() {
            continue;
        }
        if action.remove {
            tables.remove(i);
        } else if let Some(table) = tables.get_mut(i) {
            action.write(table);
        }
    }
    if adding {
        let stem = short_slug(&new.title, 40, "action");
        let id = (1..)
            .map(|n| {
                if n == 1 {
                    stem.clone()
                } else {
                    format!("{stem}-{n}")
                }
            })
            .find(|id| !taken.contains(id))
            .unwrap_or(stem);
        let mut table = new_table();
        set(&mut table, keys::action::ID, Some(New::Text(id)));
        new.write(&mut table);
        tables.push(table);
    }
    if tables.is_empty() {
        doc.remove(keys::area::ACTIONS);
    }
}

#[derive(Serialize)]
struct PageView {
    #[serde(flatten)]
    frame: Frame,
    form: PageForm,
    opened: bool,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    errors: BTreeMap<String, Vec<String>>,
    conflict: Option<String>,
    preview: Option<String>,
    /// The framework's types of area, for an area's form.
    types: Vec<super::Choice>,
}

/// The field of the page form that a key of its front matter is shown at.
fn page_field(form: &PageForm) -> impl Fn(&str, usize, &str) -> Option<String> {
    let kept: Vec<usize> = (0..form.actions.len())
        .filter(|i| !form.actions[*i].remove)
        .collect();
    move |section: &str, index: usize, key: &str| match (section, key) {
        ("", "title") => Some("f-title".to_string()),
        ("", "finding") => Some("f-finding".to_string()),
        ("", "type") => Some("f-type".to_string()),
        ("", "number") => Some("f-title".to_string()),
        ("actions", key) => {
            let key = if matches!(key, "title" | "due" | "owner") {
                key
            } else {
                "title"
            };
            Some(match kept.get(index) {
                Some(i) => format!("f-action-{i}-{key}"),
                None => format!("f-new-action-{key}"),
            })
        }
        _ => None,
    }
}

impl Editor {
    /// `GET page`: the form of a page's file.
    pub(super) fn open_page(&self, file: &str) -> super::Response {
        let super::Opened {
            path,
            what: kind,
            doc,
            parts,
            version,
        } = match self.open_file(file, "page", false) {
            Ok(opened) => opened,
            Err(response) => return response,
        };
        let form = PageForm {
            file: file.to_string(),
            version,
            what: kind.into(),
            title: text(doc.as_table(), keys::page::TITLE),
            finding: text(doc.as_table(), keys::area::FINDING),
            area_type: text(doc.as_table(), keys::area::TYPE),
            body: parts.body.replace("\r\n", "\n"),
            actions: actions_of(&doc),
            new_action: ActionField::default(),
        };
        // What the build says of the file as it is: its errors to fix, its warnings to consider.
        let text = parts.text();
        let trial = self.trial(&path, &text, &Default::default(), false);
        let (problems, warnings) = place_all(&path, &trial.problems, &text, &page_field(&form));
        self.show_page(form, true, problems, warnings, None, None)
    }

    /// `POST page`: checks the form; shows it again, previews it, or saves it.
    pub(super) fn submit_page(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let adding = file.is_empty() && fields.get("new") == "area";
        let opened = match adding {
            true => Ok(self.new_area(&fields.get("title"))),
            false => self.open_file(&file, "page", true),
        };
        let super::Opened {
            path,
            what: kind,
            mut doc,
            mut parts,
            ..
        } = match opened {
            Ok(opened) => opened,
            Err(response) => return response,
        };
        let form = PageForm {
            file,
            version: fields.get("version"),
            what: kind.into(),
            // The home page has no title field (its heading is the site's title): kept as written.
            title: match kind {
                "Home page" => text(doc.as_table(), keys::page::TITLE),
                _ => fields.get("title").trim().to_string(),
            },
            finding: fields.get("finding").trim().to_string(),
            // Radio buttons send nothing when none is chosen: the file's type is kept.
            area_type: match fields.has("type") {
                true => fields.get("type").trim().to_string(),
                false => text(doc.as_table(), keys::area::TYPE),
            },
            body: fields.get("body"),
            actions: (0..fields
                .get("actions")
                .parse::<usize>()
                .unwrap_or(0)
                .min(1000))
                .map(|i| ActionField::submitted(fields, &format!("action-{i}")))
                .collect(),
            new_action: ActionField::submitted(fields, "new-action"),
        };
        form.apply(kind, &mut doc, &self.action_ids());
        parts.front_matter = doc.to_string();
        parts.set_body(&form.body);
        let text = parts.text();
        let preview = fields.get("action") == "preview";
        let trial = self.trial(&path, &text, &Default::default(), preview);
        let (mut problems, warnings) = place_all(&path, &trial.problems, &text, &page_field(&form));
        if adding && self.root.join(&path).exists() {
            let why = "There is already an area with this title: change the title, or edit that area from the list";
            problems.insert(0, super::fields::on("f-title", why.into()));
        }
        if !problems.is_empty() || preview {
            return self.show_page(form, false, problems, warnings, None, trial.page);
        }
        let version = form.version.clone();
        match self.save(&path, &text, &version) {
            Ok(response) => response,
            Err(WriteError::Changed) => {
                let conflict = Some(format!("{} changed on disk after you opened this form, so nothing was saved over it.{} Copy anything you want to keep from the form below, then open the page again from the list.", path.display(), self.changed_by(&path)));
                self.show_page(form, false, problems, warnings, conflict, None)
            }
            Err(e) => self.message(
                500,
                "The page could not be saved",
                &[&format!(
                    "Writing {} failed: {}. Nothing was changed.",
                    path.display(),
                    e.reason()
                )],
            ),
        }
    }

    /// Every action id of the site, as the preview last read them.
    fn action_ids(&self) -> BTreeSet<String> {
        let engine = self.snapshot();
        let ids = engine
            .sources()
            .files()
            .filter_map(|(_, k)| match k {
                Known::Area(Some(a)) => {
                    Some(a.actions.iter().map(|x| x.id.clone()).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect();
        ids
    }

    pub(super) fn show_page(
        &self,
        form: PageForm,
        opened: bool,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        conflict: Option<String>,
        preview: Option<String>,
    ) -> super::Response {
        let errors = by_field(&problems);
        let status = super::problems::status(&problems, conflict.is_some());
        let view = PageView {
            frame: self.frame(""),
            form,
            opened,
            problems,
            warnings,
            errors,
            conflict,
            preview,
            types: self.area_types(),
        };
        html(status, self.views.render("page.html", &view))
    }
}
