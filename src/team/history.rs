//! The site's history in git: every save one commit by the person who made it, every
//! publication an annotated tag `published/<UTC date-time>` by the approver.
//!
//! Only what the editor wrote is committed (its paths, never `git add -A`), so a file changed on
//! disk by hand is not swept into someone else's change. Nothing here rewrites history: commits
//! are only added, tags only made; the `git` command reads the repository as its own.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, Signature, Sort};

use super::error::TeamError;

/// Tags that record publications.
pub const PUBLISHED: &str = "published/";

/// Who made the first commit of a site that had no history.
const FIRST_AUTHOR: (&str, &str) = ("sendsite", "sendsite@localhost");

/// What git stores beside the site and must never publish or commit.
const IGNORED: &str = "# Made by sendsite's team mode: the build's output and the team's settings are not history.\n/public/\n/team.toml\n";

/// The web team's settings: never recorded.
const SETTINGS: &str = crate::team::config::FILE;

/// One commit, as the history and Publish pages show it.
#[derive(Debug, Clone)]
pub struct Change {
    /// The commit's id.
    pub id: String,
    /// The author's email.
    pub author: String,
    /// When, in seconds since 1970 (UTC).
    pub when: i64,
    /// What changed, in words (the commit's first line).
    pub message: String,
    /// The files it changed, relative to the root.
    pub files: Vec<String>,
}

impl Change {
    /// `commit` as a change of `files`: its id, author, time and first line.
    pub(super) fn of(commit: &git2::Commit, files: Vec<String>) -> Change {
        let author = commit.author();
        Change {
            id: commit.id().to_string(),
            author: author.email().unwrap_or("").to_string(),
            when: author.when().seconds(),
            message: commit.summary().ok().flatten().unwrap_or("").to_string(),
            files,
        }
    }
}

/// A publication: its tag, the commit it published, who approved it and when.
#[derive(Debug, Clone)]
pub struct Publication {
    /// `published/2026-12-05T10-31-07Z`.
    pub tag: String,
    /// The commit it published.
    pub commit: String,
    /// The approver's email.
    pub by: String,
    /// When, in seconds since 1970 (UTC).
    pub when: i64,
    /// What its tag says was approved (and, for a put-back, why).
    pub message: String,
}

/// A site's repository.
pub struct History {
    pub(super) repo: Repository,
}

impl History {
    /// Opens the repository at `root`, making one with a first commit of everything there when
    /// there is none (team mode's first start). `team.toml` is never part of it: it is the web
    /// team's settings (the team's emails), not content every editor may read on the Publish
    /// page; a history that recorded it (made by an earlier version) stops recording it.
    pub fn open_or_init(root: &Path) -> Result<History, TeamError> {
        if let Ok(repo) = Repository::open(root) {
            let history = History { repo };
            history.ignore(root)?;
            history.forget_settings(root)?;
            return Ok(history);
        }
        let repo = Repository::init(root)?;
        let history = History { repo };
        history.ignore(root)?;
        let mut index = history.repo.index()?;
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
        index.write()?;
        let tree = index.write_tree()?;
        let sig = Signature::now(FIRST_AUTHOR.0, FIRST_AUTHOR.1)?;
        {
            let tree = history.repo.find_tree(tree)?;
            let message = "The site as it was when team mode started";
            (history.repo).commit(Some("HEAD"), &sig, &sig, message, &tree, &[])?;
        }
        Ok(history)
    }

    /// Makes sure `.gitignore` names what git must never record (the output, `team.toml`),
    /// adding the lines it lacks to a file of the site's own.
    fn ignore(&self, root: &Path) -> Result<(), TeamError> {
        let path = root.join(".gitignore");
        let now = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(TeamError::io(&path, e)),
        };
        let lacking: Vec<&str> = IGNORED
            .lines()
            .filter(|l| l.starts_with('/') && !now.lines().any(|have| have.trim() == *l))
            .collect();
        if lacking.is_empty() {
            return Ok(());
        }
        let mut text = match now.is_empty() {
            true => IGNORED.lines().next().unwrap_or("").to_string() + "\n",
            false if now.ends_with('\n') => now.clone(),
            false => format!("{now}\n"),
        };
        for line in lacking {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(&path, text).map_err(|e| TeamError::io(&path, e))
    }

    /// Records what [`History::ignore`] added to `.gitignore`, and takes `team.toml` out of a
    /// history that recorded it (the file on disk stays as it is; only git stops holding it),
    /// as one change of sendsite's own.
    fn forget_settings(&self, root: &Path) -> Result<(), TeamError> {
        let Some(head) = self.head_commit()? else {
            return Ok(());
        };
        let mut index = git2::Index::new()?;
        index.read_tree(&head.tree()?)?;
        let _ = index.remove_path(Path::new(SETTINGS));
        let ignore = root.join(".gitignore");
        let bytes = std::fs::read(&ignore).map_err(|e| TeamError::io(&ignore, e))?;
        let blob = self.repo.blob(&bytes)?;
        index.add(&entry(".gitignore", bytes.len(), blob))?;
        let tree = self.repo.find_tree(index.write_tree_to(&self.repo)?)?;
        if tree.id() == head.tree_id() {
            return Ok(());
        }
        let sig = Signature::now(FIRST_AUTHOR.0, FIRST_AUTHOR.1)?;
        let message = "team.toml is the web team's settings, not content: not recorded";
        (self.repo).commit(Some("HEAD"), &sig, &sig, message, &tree, &[&head])?;
        let paths = [Path::new(SETTINGS), Path::new(".gitignore")];
        if let Err(e) = self.sync_index(&paths) {
            eprintln!(
                "warning: git's index could not be brought up to date ({e}); the next save does it"
            );
        }
        Ok(())
    }

    /// Opens the repository at `root`.
    pub fn open(root: &Path) -> Result<History, TeamError> {
        Ok(History {
            repo: Repository::open(root)?,
        })
    }

    /// The folder git keeps its own files in (`.git`).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// Commits `paths` (relative to the root; a path no longer on disk is recorded as removed)
    /// as one change by `email`, with `message`. `None` when nothing changed.
    ///
    /// The commit is the last one with these paths as they are on disk now, and nothing else:
    /// never what someone staged by hand. An error means the commit did not land (HEAD is as it
    /// was). Once it has landed, the repository's own index is brought up to date for these
    /// paths, so `git status` stays clean; an index that cannot be written then (a lock left in
    /// `.git`) does not undo the save: it is said in the log, and the next save brings the
    /// index up to date from HEAD.
    pub fn record(
        &self,
        paths: &[&Path],
        email: &str,
        message: &str,
    ) -> Result<Option<String>, TeamError> {
        let root = self.repo.workdir().ok_or(TeamError::Bare)?.to_path_buf();
        let parent = self.head_commit()?;
        let mut index = git2::Index::new()?;
        if let Some(p) = &parent {
            index.read_tree(&p.tree()?)?;
        }
        for path in paths {
            let name = path.to_string_lossy().replace('\\', "/");
            // git reads the file itself (a document may be 50 MB: never whole in memory here).
            let full = root.join(path);
            match std::fs::metadata(&full).ok().filter(|m| m.is_file()) {
                Some(meta) => {
                    let blob = self.repo.blob_path(&full)?;
                    index.add(&entry(&name, meta.len() as usize, blob))?;
                }
                // Not in the last commit (never recorded) is nothing to remove.
                None => drop(index.remove_path(Path::new(&name))),
            }
        }
        let tree = self.repo.find_tree(index.write_tree_to(&self.repo)?)?;
        if parent.as_ref().is_some_and(|p| p.tree_id() == tree.id()) {
            return Ok(None);
        }
        let name = email.split('@').next().unwrap_or(email);
        let sig = Signature::now(name, email)?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let id = (self.repo).commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?;
        if let Err(e) = self.sync_index(paths) {
            eprintln!(
                "warning: {message}: recorded as {id}, but git's index could not be brought up to date ({e}); the next save does it. {}",
                e.what_to_do()
            );
        }
        Ok(Some(id.to_string()))
    }

    /// Brings git's index up to date with HEAD for `paths`, and for the paths of earlier
    /// saves that could not (listed in `.git/sendsite/unsynced` when they failed): only paths
    /// the editor wrote, so what someone staged by hand stays as it is. If the index cannot be
    /// written now, these paths are listed there for the next save.
    fn sync_index(&self, paths: &[&Path]) -> Result<(), TeamError> {
        let list = self.repo.path().join("sendsite").join("unsynced");
        let earlier = std::fs::read_to_string(&list).unwrap_or_default();
        let mut all: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
        all.extend(earlier.lines().filter(|l| !l.is_empty()).map(PathBuf::from));
        all.sort();
        all.dedup();
        let synced = self.write_index(&all);
        match &synced {
            Ok(()) if !earlier.is_empty() => drop(std::fs::remove_file(&list)),
            Ok(()) => {}
            Err(_) => {
                let text: String = all
                    .iter()
                    .map(|p| format!("{}\n", p.to_string_lossy().replace('\\', "/")))
                    .collect();
                let _ = list.parent().map(std::fs::create_dir_all);
                let _ = std::fs::write(&list, text);
            }
        }
        synced
    }

    /// Sets the index entry of each of `paths` to what HEAD has (none, if HEAD has none).
    fn write_index(&self, paths: &[PathBuf]) -> Result<(), TeamError> {
        let mut own = self.repo.index()?;
        let head = match self.head_commit()? {
            Some(c) => Some(c.tree()?),
            None => None,
        };
        for path in paths {
            let in_head = head.as_ref().is_some_and(|t| t.get_path(path).is_ok());
            let _ = match in_head {
                true => own.add_path(path),
                false => own.remove_path(path),
            };
        }
        own.write()?;
        Ok(())
    }

    fn head_commit(&self) -> Result<Option<git2::Commit<'_>>, TeamError> {
        match self.repo.head() {
            Ok(head) => Ok(head.peel_to_commit().map(Some)?),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The id of the latest commit.
    pub fn head(&self) -> Result<Option<String>, TeamError> {
        Ok(self.head_commit()?.map(|c| c.id().to_string()))
    }

    /// The bytes of `path` in `commit` (`None`: not there).
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, TeamError> {
        let commit = self.commit(commit)?;
        let tree = commit.tree()?;
        blob_in(&self.repo, &tree, path)
    }

    /// The bytes of `path` just before `commit` (in its first parent).
    pub fn file_before(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, TeamError> {
        let commit = self.commit(commit)?;
        match commit.parents().next() {
            Some(parent) => blob_in(&self.repo, &parent.tree()?, path),
            None => Ok(None),
        }
    }

    pub(super) fn commit(&self, id: &str) -> Result<git2::Commit<'_>, TeamError> {
        let oid = Oid::from_str(id).map_err(|_| TeamError::NotAVersion(id.to_string()))?;
        Ok(self.repo.find_commit(oid)?)
    }

    /// Every commit that changed `path`, newest first.
    pub fn of_file(&self, path: &str) -> Result<Vec<Change>, TeamError> {
        // A commit changed the file when the file's blob differs from its parent's: no diff of
        // the whole tree is needed, so a long history stays quick to read.
        let blob = |tree: &git2::Tree| tree.get_path(Path::new(path)).ok().map(|e| e.id());
        let mut changes = Vec::new();
        for commit in self.commits(None, None)? {
            let now = blob(&commit.tree()?);
            let before = match commit.parents().next() {
                Some(p) => blob(&p.tree()?),
                None => None,
            };
            if now != before {
                changes.push(Change::of(&commit, vec![path.to_string()]));
            }
        }
        Ok(changes)
    }

    /// The commits reachable from `to` (or the latest) but not from `from`, newest first: what
    /// a publication of `to` adds to the one of `from`.
    pub fn between(&self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Change>, TeamError> {
        self.walk(from, to)
    }

    fn walk(&self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Change>, TeamError> {
        let commits = self.commits(from, to)?;
        commits.iter().map(|c| self.change(c)).collect()
    }

    /// The commits reachable from `to` (or the latest) but not from `from`, newest first.
    fn commits(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<git2::Commit<'_>>, TeamError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        match to {
            Some(to) => walk.push(self.commit(to)?.id())?,
            None => match self.head_commit()? {
                Some(head) => walk.push(head.id())?,
                None => return Ok(Vec::new()),
            },
        }
        if let Some(from) = from {
            walk.hide(self.commit(from)?.id())?;
        }
        walk.map(|oid| Ok(self.repo.find_commit(oid?)?)).collect()
    }

    pub(super) fn change(&self, commit: &git2::Commit) -> Result<Change, TeamError> {
        let tree = commit.tree()?;
        let parent = match commit.parents().next() {
            Some(p) => Some(p.tree()?),
            None => None,
        };
        let diff = (self.repo).diff_tree_to_tree(parent.as_ref(), Some(&tree), None)?;
        let files = diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        Ok(Change::of(commit, files))
    }

    /// Whether `ancestor` is `commit` or comes before it.
    pub fn leads_to(&self, ancestor: &str, commit: &str) -> Result<bool, TeamError> {
        let (a, c) = (self.commit(ancestor)?.id(), self.commit(commit)?.id());
        Ok(a == c || self.repo.graph_descendant_of(c, a)?)
    }

    /// The latest publication, by its tag's time.
    pub fn last_publication(&self) -> Result<Option<Publication>, TeamError> {
        Ok(self.publications()?.into_iter().next())
    }

    /// Every publication, newest first (by its tag's time), with what its tag says.
    pub fn publications(&self) -> Result<Vec<Publication>, TeamError> {
        let names = self.repo.tag_names(Some(&format!("{PUBLISHED}*")))?;
        let mut found = Vec::new();
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let reference = self.repo.find_reference(&format!("refs/tags/{name}"))?;
            let Ok(tag) = reference.peel_to_tag() else {
                continue; // a lightweight tag someone made by hand records no approver
            };
            let Some(tagger) = tag.tagger() else { continue };
            let commit = tag.target()?.peel_to_commit()?;
            found.push(Publication {
                tag: name.to_string(),
                commit: commit.id().to_string(),
                by: tagger.email().unwrap_or("").to_string(),
                when: tagger.when().seconds(),
                message: tag
                    .message()
                    .ok()
                    .flatten()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            });
        }
        found.sort_by_key(|p| std::cmp::Reverse(made(p)));
        Ok(found)
    }

    /// Records the publication of `commit` approved by `email`: an annotated tag named after the
    /// time (UTC), its message saying what was approved. Returns the tag's name.
    pub fn tag_publication(
        &self,
        commit: &str,
        email: &str,
        message: &str,
    ) -> Result<String, TeamError> {
        let target = self.commit(commit)?;
        let name = email.split('@').next().unwrap_or(email);
        let sig = Signature::now(name, email)?;
        let stamp = utc_name(sig.when().seconds());
        let mut tag = format!("{PUBLISHED}{stamp}");
        let mut n = 2;
        while self
            .repo
            .find_reference(&format!("refs/tags/{tag}"))
            .is_ok()
        {
            tag = format!("{PUBLISHED}{stamp}-{n}");
            n += 1;
        }
        (self.repo).tag(&tag, target.as_object(), &sig, message, false)?;
        Ok(tag)
    }

    /// Takes back the publication `tag` (made by [`History::tag_publication`]) when what it
    /// records could not be put live.
    pub fn untag(&self, tag: &str) -> Result<(), TeamError> {
        Ok(self.repo.tag_delete(tag)?)
    }

    /// Writes every file of `commit` under `dir` (which exists and is empty).
    pub fn export(&self, commit: &str, dir: &Path) -> Result<(), TeamError> {
        let tree = self.commit(commit)?.tree()?;
        let mut failed = None;
        let walked = tree.walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
            // A link is not followed nor written: the build reads only ordinary files.
            if entry.kind() != Some(ObjectType::Blob) || entry.filemode() == 0o120_000 {
                return git2::TreeWalkResult::Ok;
            }
            let rel = format!("{folder}{}", entry.name().unwrap_or(""));
            let path = dir.join(&rel);
            let written = entry
                .to_object(&self.repo)
                .and_then(|o| o.peel_to_blob())
                .map_err(TeamError::from)
                .and_then(|blob| {
                    let parent = path.parent().unwrap_or(dir);
                    std::fs::create_dir_all(parent).map_err(|e| TeamError::io(parent, e))?;
                    std::fs::write(&path, blob.content()).map_err(|e| TeamError::io(&path, e))
                });
            match written {
                Ok(()) => git2::TreeWalkResult::Ok,
                Err(e) => {
                    failed = Some(e);
                    git2::TreeWalkResult::Abort
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        walked?;
        Ok(())
    }
}

/// When a publication was made, to order publications: the tagger's time, then the number of
/// a second tag in the same second (`published/…Z-2` after `published/…Z`, `-10` after `-9`).
fn made(p: &Publication) -> (i64, u64) {
    let n = p
        .tag
        .rsplit_once("Z-")
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1);
    (p.when, n)
}

/// An index entry for the blob `id` of `size` bytes at `path` (an ordinary file).
pub(super) fn entry(path: &str, size: usize, id: Oid) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

fn blob_in(repo: &Repository, tree: &git2::Tree, path: &str) -> Result<Option<Vec<u8>>, TeamError> {
    let Ok(entry) = tree.get_path(Path::new(path)) else {
        return Ok(None);
    };
    let blob = entry.to_object(repo)?.peel_to_blob()?;
    Ok(Some(blob.content().to_vec()))
}

/// `2026-12-05T10-31-07Z`: a time as a tag's name can hold it (no colons in git's names).
fn utc_name(seconds: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}-{:02}-{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::{made, Publication};

    fn at(tag: &str, when: i64) -> Publication {
        Publication {
            tag: tag.into(),
            commit: String::new(),
            by: String::new(),
            when,
            message: String::new(),
        }
    }

    #[test]
    fn publications_in_the_same_second_are_ordered_by_their_number() {
        let z = at("published/2026-12-05T10-31-07Z", 100);
        let z2 = at("published/2026-12-05T10-31-07Z-2", 100);
        let z9 = at("published/2026-12-05T10-31-07Z-9", 100);
        let z10 = at("published/2026-12-05T10-31-07Z-10", 100);
        assert!(made(&z2) > made(&z));
        assert!(made(&z10) > made(&z9), "-10 comes after -9, not before -2");
        // A later second is later, whatever the number.
        assert!(made(&at("published/2026-12-05T10-31-08Z", 101)) > made(&z10));
    }
}
