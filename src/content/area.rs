//! One area the inspectors named: `content/areas/<slug>.md` → [`Area`].
//!
//! An area says what the inspectors found and what it means; its status is never written here,
//! it is derived from dated judgements in the timeline (see `site`). Its `type` is checked
//! against the site's framework by the model, which knows the settings.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::action::{Action, RawAction};
use crate::error::{Diagnostic, Location};
use crate::source::frontmatter::{check_body, parse_toml, split, Source};
use crate::source::slug::check_slug;

/// A validated area.
#[derive(Debug, Clone)]
pub struct Area {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The URL segment, from the file name: `/areas/<slug>/`.
    pub slug: String,
    /// Short name.
    pub title: String,
    /// Its place in the list (1, 2, ...).
    pub number: u32,
    /// The inspectors' wording.
    pub finding: String,
    /// Its type as written (`priority-action`, `improvement`, `significant-weakness`), if given.
    pub area_type: Option<String>,
    /// Where `type` is written, for errors.
    pub type_location: Option<Location>,
    /// The plan's commitments for this area (`[[actions]]`), in the order written.
    pub actions: Vec<Action>,
    /// Markdown: what it means, next steps.
    pub body: String,
    /// The 1-based line where the body starts.
    pub body_line: usize,
    /// Warnings from reading the file (control characters taken out).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    title: String,
    number: u32,
    finding: String,
    #[serde(rename = "type")]
    area_type: Option<toml::Spanned<String>>,
    #[serde(default)]
    actions: Vec<RawAction>,
}

impl Area {
    /// Parses an area file, with every problem it has; its slug comes from the file name.
    pub fn parse(source: &Source) -> Result<Area, Vec<Diagnostic>> {
        let stem = source
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let slug = check_slug(stem).map_err(|(m, h)| {
            Diagnostic::error(source.path, format!("area file name: {m}"))
                .hint(format!("rename the file; {h}"))
        });
        let split = split(source, true).map_err(|e| vec![e])?;
        check_body(source, &split).map_err(|e| vec![e])?;
        let RawArea {
            title,
            number,
            finding,
            area_type,
            actions,
        } = parse_toml(source, split.front_matter, split.front_matter_offset)
            .map_err(|e| vec![e])?;
        let mut errors: Vec<Diagnostic> = slug.as_ref().err().cloned().into_iter().collect();
        let actions: Vec<Action> = actions
            .into_iter()
            .filter_map(|a| {
                a.validate(source, split.front_matter_offset)
                    .map_err(|e| errors.extend(e))
                    .ok()
            })
            .collect();
        let slug = match slug {
            Ok(slug) if errors.is_empty() => slug,
            _ => return Err(errors),
        };
        let type_location = area_type
            .as_ref()
            .map(|t| source.location(split.front_matter_offset + t.span().start));
        Ok(Area {
            source: source.path.to_path_buf(),
            slug,
            title,
            number,
            finding,
            area_type: area_type.map(toml::Spanned::into_inner),
            type_location,
            actions,
            body: split.body.to_string(),
            body_line: source.location(split.body_offset).line,
            warnings: Vec::new(),
        })
    }

    /// Reads an area from disk; `path` is relative to `root`.
    pub fn from_file(root: &Path, path: &Path) -> Result<Area, Vec<Diagnostic>> {
        let text = super::read_source(root, path).map_err(|e| vec![e])?;
        Area::from_text(path, text)
    }

    /// Parses an area from its text as read from `path` (see [`crate::source::text_of`]).
    pub fn from_text(path: &Path, text: crate::source::Text) -> Result<Area, Vec<Diagnostic>> {
        let area = Area::parse(&Source {
            path,
            text: &text.text,
        })?;
        Ok(Area {
            warnings: text.warnings,
            ..area
        })
    }
}

impl super::Kind for Area {
    const FOLDER: &'static str = "areas";
    const NAMES: [&'static str; 2] = ["area", "areas"];

    fn read(
        _: &super::Reading,
        path: &Path,
        text: crate::source::Text,
    ) -> Result<Area, Vec<Diagnostic>> {
        Area::from_text(path, text)
    }

    fn source(&self) -> &Path {
        &self.source
    }

    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_the_editor_writes_are_the_fields_the_parser_reads() {
        use crate::content::keys::{self, fields_of};
        assert_eq!(fields_of::<RawArea>(), keys::area::ALL);
        assert_eq!(
            fields_of::<crate::content::action::RawAction>(),
            keys::action::ALL
        );
    }

    #[test]
    fn actions_are_read_with_every_problem_located() {
        let text = "+++\ntitle = \"A\"\nnumber = 1\nfinding = \"F\"\n[[actions]]\nid = \"plans\"\ntitle = \"Issue plans\"\ndue = \"2025-03\"\nowner = \"Head of SEND\"\n[[actions]]\nid = \"Bad Id\"\ntitle = \"\"\ndue = \"31/03/2025\"\n+++\n";
        let errors = Area::parse(&Source {
            path: Path::new("content/areas/a.md"),
            text,
        })
        .unwrap_err();
        let lines: Vec<usize> = errors
            .iter()
            .map(|e| e.location.clone().unwrap().line)
            .collect();
        assert_eq!(lines, [11, 12, 13], "{errors:?}");
        assert!(errors[2].hint.as_deref().unwrap().contains("2025-03-31"));
        let good = text
            .split("[[actions]]\nid = \"Bad")
            .next()
            .unwrap()
            .to_string()
            + "+++\n";
        let area = Area::parse(&Source {
            path: Path::new("content/areas/a.md"),
            text: &good,
        })
        .unwrap();
        assert_eq!(area.actions.len(), 1);
        assert_eq!(area.actions[0].due.last().to_string(), "2025-03-31");
        assert_eq!(area.actions[0].owner.as_deref(), Some("Head of SEND"));
    }

    #[test]
    fn slug_comes_from_the_file_name() {
        let text = "+++\ntitle = \"Co-production\"\nnumber = 5\nfinding = \"Fractured relationships\"\n+++\nBody\n";
        let a = Area::parse(&Source {
            path: Path::new("content/areas/co-production.md"),
            text,
        })
        .unwrap();
        assert_eq!(
            (a.slug.as_str(), a.number, a.body_line),
            ("co-production", 5, 6)
        );
    }

    #[test]
    fn number_must_be_a_number() {
        let text = "+++\ntitle = \"A\"\nnumber = \"one\"\nfinding = \"F\"\n+++\n";
        let e = Area::parse(&Source {
            path: Path::new("content/areas/a.md"),
            text,
        })
        .unwrap_err();
        assert_eq!(e[0].location.clone().unwrap().line, 3, "{}", e[0].message);
    }
}
