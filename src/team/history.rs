//! The site's history in git: every save one commit by the person who made it, every
//! publication an annotated tag `published/<UTC date-time>` by the approver.
//!
//! Only what the editor wrote is committed (its paths, never `git add -A`), so a file changed on
//! disk by hand is not swept into someone else's change. Nothing here rewrites history: commits
//! are only added, tags only made; the `git` command reads the repository as its own.

use std::path::Path;

use git2::{ObjectType, Oid, Repository, Signature, Sort};

/// Tags that record publications.
pub const PUBLISHED: &str = "published/";

/// Who made the first commit of a site that had no history.
const FIRST_AUTHOR: (&str, &str) = ("sendsite", "sendsite@localhost");

/// What git stores beside the site and must never publish or commit.
const IGNORED: &str =
    "# Made by sendsite's team mode: the build's output is not history.\n/public/\n";

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
    fn of(commit: &git2::Commit, files: Vec<String>) -> Change {
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
}

/// A site's repository.
pub struct History {
    repo: Repository,
}

fn err(e: git2::Error) -> String {
    e.message().to_string()
}

impl History {
    /// Opens the repository at `root`, making one with a first commit of everything there when
    /// there is none (team mode's first start).
    pub fn open_or_init(root: &Path) -> Result<History, String> {
        if let Ok(repo) = Repository::open(root) {
            return Ok(History { repo });
        }
        let repo = Repository::init(root).map_err(err)?;
        let ignore = root.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, IGNORED).map_err(|e| e.to_string())?;
        }
        let history = History { repo };
        let mut index = history.repo.index().map_err(err)?;
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .map_err(err)?;
        index.write().map_err(err)?;
        let tree = index.write_tree().map_err(err)?;
        let sig = Signature::now(FIRST_AUTHOR.0, FIRST_AUTHOR.1).map_err(err)?;
        {
            let tree = history.repo.find_tree(tree).map_err(err)?;
            let message = "The site as it was when team mode started";
            (history.repo)
                .commit(Some("HEAD"), &sig, &sig, message, &tree, &[])
                .map_err(err)?;
        }
        Ok(history)
    }

    /// Opens the repository at `root`.
    pub fn open(root: &Path) -> Result<History, String> {
        Repository::open(root)
            .map(|repo| History { repo })
            .map_err(err)
    }

    /// Commits `paths` (relative to the root; a path no longer on disk is recorded as removed)
    /// as one change by `email`, with `message`. `None` when nothing changed.
    ///
    /// The commit is the last one with these paths as they are on disk now, and nothing else:
    /// never what someone staged by hand. The repository's own index is then brought up to date
    /// for these paths, so `git status` stays clean.
    pub fn record(
        &self,
        paths: &[&Path],
        email: &str,
        message: &str,
    ) -> Result<Option<String>, String> {
        let root = self
            .repo
            .workdir()
            .ok_or("the repository has no working folder")?
            .to_path_buf();
        let parent = self.head_commit()?;
        let mut index = git2::Index::new().map_err(err)?;
        if let Some(p) = &parent {
            index.read_tree(&p.tree().map_err(err)?).map_err(err)?;
        }
        for path in paths {
            let name = path.to_string_lossy().replace('\\', "/");
            match std::fs::read(root.join(path)) {
                Ok(bytes) => {
                    let blob = self.repo.blob(&bytes).map_err(err)?;
                    index.add(&entry(&name, bytes.len(), blob)).map_err(err)?;
                }
                // Not in the last commit (never recorded) is nothing to remove.
                Err(_) => drop(index.remove_path(Path::new(&name))),
            }
        }
        let tree = self
            .repo
            .find_tree(index.write_tree_to(&self.repo).map_err(err)?)
            .map_err(err)?;
        if parent.as_ref().is_some_and(|p| p.tree_id() == tree.id()) {
            return Ok(None);
        }
        let name = email.split('@').next().unwrap_or(email);
        let sig = Signature::now(name, email).map_err(err)?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let id = (self.repo)
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .map_err(err)?;
        let mut own = self.repo.index().map_err(err)?;
        for path in paths {
            let _ = match root.join(path).exists() {
                true => own.add_path(path),
                false => own.remove_path(path),
            };
        }
        own.write().map_err(err)?;
        Ok(Some(id.to_string()))
    }

    fn head_commit(&self) -> Result<Option<git2::Commit<'_>>, String> {
        match self.repo.head() {
            Ok(head) => head.peel_to_commit().map(Some).map_err(err),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Ok(None),
            Err(e) => Err(err(e)),
        }
    }

    /// The id of the latest commit.
    pub fn head(&self) -> Result<Option<String>, String> {
        Ok(self.head_commit()?.map(|c| c.id().to_string()))
    }

    /// The bytes of `path` in `commit` (`None`: not there).
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, String> {
        let commit = self.commit(commit)?;
        let tree = commit.tree().map_err(err)?;
        blob_in(&self.repo, &tree, path)
    }

    /// The bytes of `path` just before `commit` (in its first parent).
    pub fn file_before(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, String> {
        let commit = self.commit(commit)?;
        match commit.parents().next() {
            Some(parent) => blob_in(&self.repo, &parent.tree().map_err(err)?, path),
            None => Ok(None),
        }
    }

    fn commit(&self, id: &str) -> Result<git2::Commit<'_>, String> {
        let oid = Oid::from_str(id).map_err(|_| format!("\"{id}\" is not a version"))?;
        self.repo.find_commit(oid).map_err(err)
    }

    /// Every commit that changed `path`, newest first.
    pub fn of_file(&self, path: &str) -> Result<Vec<Change>, String> {
        // A commit changed the file when the file's blob differs from its parent's: no diff of
        // the whole tree is needed, so a long history stays quick to read.
        let blob = |tree: &git2::Tree| tree.get_path(Path::new(path)).ok().map(|e| e.id());
        let mut changes = Vec::new();
        for commit in self.commits(None, None)? {
            let now = blob(&commit.tree().map_err(err)?);
            let before = match commit.parents().next() {
                Some(p) => blob(&p.tree().map_err(err)?),
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
    pub fn between(&self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Change>, String> {
        self.walk(from, to)
    }

    fn walk(&self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Change>, String> {
        let commits = self.commits(from, to)?;
        commits.iter().map(|c| self.change(c)).collect()
    }

    /// The commits reachable from `to` (or the latest) but not from `from`, newest first.
    fn commits(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<git2::Commit<'_>>, String> {
        let mut walk = self.repo.revwalk().map_err(err)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(err)?;
        match to {
            Some(to) => walk.push(self.commit(to)?.id()).map_err(err)?,
            None => match self.head_commit()? {
                Some(head) => walk.push(head.id()).map_err(err)?,
                None => return Ok(Vec::new()),
            },
        }
        if let Some(from) = from {
            walk.hide(self.commit(from)?.id()).map_err(err)?;
        }
        walk.map(|oid| self.repo.find_commit(oid.map_err(err)?).map_err(err))
            .collect()
    }

    fn change(&self, commit: &git2::Commit) -> Result<Change, String> {
        let tree = commit.tree().map_err(err)?;
        let parent = match commit.parents().next() {
            Some(p) => Some(p.tree().map_err(err)?),
            None => None,
        };
        let diff = (self.repo)
            .diff_tree_to_tree(parent.as_ref(), Some(&tree), None)
            .map_err(err)?;
        let files = diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        Ok(Change::of(commit, files))
    }

    /// Whether `ancestor` is `commit` or comes before it.
    pub fn leads_to(&self, ancestor: &str, commit: &str) -> Result<bool, String> {
        let (a, c) = (self.commit(ancestor)?.id(), self.commit(commit)?.id());
        Ok(a == c || self.repo.graph_descendant_of(c, a).map_err(err)?)
    }

    /// The latest publication, by its tag's time.
    pub fn last_publication(&self) -> Result<Option<Publication>, String> {
        let names = self
            .repo
            .tag_names(Some(&format!("{PUBLISHED}*")))
            .map_err(err)?;
        let mut latest: Option<Publication> = None;
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let reference = self
                .repo
                .find_reference(&format!("refs/tags/{name}"))
                .map_err(err)?;
            let Ok(tag) = reference.peel_to_tag() else {
                continue; // a lightweight tag someone made by hand records no approver
            };
            let Some(tagger) = tag.tagger() else { continue };
            let commit = tag.target().map_err(err)?.peel_to_commit().map_err(err)?;
            let found = Publication {
                tag: name.to_string(),
                commit: commit.id().to_string(),
                by: tagger.email().unwrap_or("").to_string(),
                when: tagger.when().seconds(),
            };
            if latest
                .as_ref()
                .map_or(true, |l| (found.when, &found.tag) > (l.when, &l.tag))
            {
                latest = Some(found);
            }
        }
        Ok(latest)
    }

    /// Records the publication of `commit` approved by `email`: an annotated tag named after the
    /// time (UTC), its message saying what was approved. Returns the tag's name.
    pub fn tag_publication(
        &self,
        commit: &str,
        email: &str,
        message: &str,
    ) -> Result<String, String> {
        let target = self.commit(commit)?;
        let name = email.split('@').next().unwrap_or(email);
        let sig = Signature::now(name, email).map_err(err)?;
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
        (self.repo)
            .tag(&tag, target.as_object(), &sig, message, false)
            .map_err(err)?;
        Ok(tag)
    }

    /// Writes every file of `commit` under `dir` (which exists and is empty).
    pub fn export(&self, commit: &str, dir: &Path) -> Result<(), String> {
        let tree = self.commit(commit)?.tree().map_err(err)?;
        let mut failed = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
            // A link is not followed nor written: the build reads only ordinary files.
            if entry.kind() != Some(ObjectType::Blob) || entry.filemode() == 0o120_000 {
                return git2::TreeWalkResult::Ok;
            }
            let rel = format!("{folder}{}", entry.name().unwrap_or(""));
            let path = dir.join(&rel);
            let written = entry
                .to_object(&self.repo)
                .map_err(err)
                .and_then(|o| o.peel_to_blob().map_err(err))
                .and_then(|blob| {
                    let parent = path.parent().unwrap_or(dir);
                    std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                    std::fs::write(&path, blob.content()).map_err(|e| e.to_string())
                });
            match written {
                Ok(()) => git2::TreeWalkResult::Ok,
                Err(e) => {
                    failed = Some(format!("{rel}: {e}"));
                    git2::TreeWalkResult::Abort
                }
            }
        })
        .map_err(err)?;
        failed.map_or(Ok(()), Err)
    }
}

/// An index entry for the blob `id` of `size` bytes at `path` (an ordinary file).
fn entry(path: &str, size: usize, id: Oid) -> git2::IndexEntry {
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

fn blob_in(repo: &Repository, tree: &git2::Tree, path: &str) -> Result<Option<Vec<u8>>, String> {
    let Ok(entry) = tree.get_path(Path::new(path)) else {
        return Ok(None);
    };
    let blob = entry
        .to_object(repo)
        .map_err(err)?
        .peel_to_blob()
        .map_err(err)?;
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
