//! What waits for approval: the files whose content differs between the last publication and
//! a version, each with the saves that made it differ. And a selection of them put together
//! with the last publication, as the version an approver publishes.
//!
//! Waiting is a difference of content, not a list of commits: a summary saved six times is one
//! file waiting, a setting changed and changed back is none, and once some files are published
//! without others (a selection), the rest still differ and so still wait. The saves of a file
//! are read back from the newest until the file is as the last publication has it, so an
//! earlier publication of the same file does not count again.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{Oid, Signature, Tree};

use super::history::{entry, Change, History};
use super::TeamError;

/// A file that differs between the last publication and a version.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Its path, relative to the root.
    pub path: String,
    /// Whether the last publication has it (if not, it is new).
    pub published: bool,
    /// Whether the version has it (if not, it is removed).
    pub kept: bool,
    /// The saves that made it differ, newest first.
    pub changes: Vec<Change>,
}

impl Pending {
    /// When its first save since the last publication was made (seconds).
    pub fn since(&self) -> i64 {
        self.changes.last().map_or(0, |c| c.when)
    }

    /// Who saved it since, in the order they first did.
    pub fn authors(&self) -> Vec<String> {
        let mut by: Vec<String> = Vec::new();
        for c in self.changes.iter().rev() {
            if !by.contains(&c.author) {
                by.push(c.author.clone());
            }
        }
        by
    }
}

fn blob(tree: &Tree, path: &str) -> Option<Oid> {
    tree.get_path(Path::new(path)).ok().map(|e| e.id())
}

impl History {
    /// The files of `version` that differ from the publication `published` (every file, when
    /// nothing is published), by path, each with its saves.
    pub fn pending(
        &self,
        published: Option<&str>,
        version: &str,
    ) -> Result<Vec<Pending>, TeamError> {
        let to = self.commit(version)?;
        let to_tree = to.tree()?;
        let from_tree = match published {
            Some(p) => Some(self.commit(p)?.tree()?),
            None => None,
        };
        let diff = (self.repo).diff_tree_to_tree(from_tree.as_ref(), Some(&to_tree), None)?;
        let mut found: BTreeMap<String, (Option<Oid>, Pending)> = BTreeMap::new();
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or(delta.old_file().path()) else {
                continue;
            };
            let path = path.to_string_lossy().replace('\\', "/");
            let was = from_tree.as_ref().and_then(|t| blob(t, &path));
            let pending = Pending {
                path: path.clone(),
                published: was.is_some(),
                kept: blob(&to_tree, &path).is_some(),
                changes: Vec::new(),
            };
            found.insert(path, (was, pending));
        }
        // Back from the version, one commit at a time, until every file is as published.
        let mut open: Vec<String> = found.keys().cloned().collect();
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        walk.push(to.id())?;
        for oid in walk {
            if open.is_empty() {
                break;
            }
            let commit = self.repo.find_commit(oid?)?;
            let now = commit.tree()?;
            let before = match commit.parents().next() {
                Some(p) => Some(p.tree()?),
                None => None,
            };
            open.retain(|path| {
                let Some((was, pending)) = found.get_mut(path) else {
                    return false;
                };
                let then = before.as_ref().and_then(|t| blob(t, path));
                if blob(&now, path) != then {
                    pending
                        .changes
                        .push(Change::of(&commit, vec![path.clone()]));
                }
                before.is_some() && then != *was
            });
        }
        Ok(found.into_values().map(|(_, p)| p).collect())
    }

    /// The version that is the publication `published` with the files `paths` as `version`
    /// has them (added, changed or removed): `version` itself when that is all it differs by,
    /// else a new commit after `published`, made by `email` with `message`, on no branch (the
    /// publication's tag keeps it). Returns its id.
    pub fn compose(
        &self,
        published: Option<&str>,
        version: &str,
        paths: &[String],
        email: &str,
        message: &str,
    ) -> Result<String, TeamError> {
        let to = self.commit(version)?;
        let to_tree = to.tree()?;
        let base = match published {
            Some(p) => Some(self.commit(p)?),
            None => None,
        };
        let mut index = git2::Index::new()?;
        if let Some(b) = &base {
            index.read_tree(&b.tree()?)?;
        }
        for path in paths {
            match to_tree.get_path(Path::new(path)) {
                Ok(e) => {
                    let size = self.repo.find_blob(e.id())?.size();
                    let mut item = entry(path, size, e.id());
                    item.mode = e.filemode() as u32;
                    index.add(&item)?;
                }
                Err(_) => drop(index.remove_path(Path::new(path))),
            }
        }
        let tree = index.write_tree_to(&self.repo)?;
        if tree == to_tree.id() {
            return Ok(to.id().to_string());
        }
        let tree = self.repo.find_tree(tree)?;
        let name = email.split('@').next().unwrap_or(email);
        let sig = Signature::now(name, email)?;
        let parents: Vec<&git2::Commit> = base.iter().collect();
        let id = (self.repo).commit(None, &sig, &sig, message, &tree, &parents)?;
        Ok(id.to_string())
    }
}
