//! The editor's key, kept between runs of `serve` so that a bookmarked editor address still
//! works tomorrow.
//!
//! The key is the editor's only secret (see [`super::access`]): whoever has it can change the
//! site's files while `serve` runs. So it is kept where the person's other secrets are, not in
//! the site's folder (which is shared, copied and put in version control): one file per site in
//! the user's own settings folder (`$XDG_CONFIG_HOME/sendsite/editor-keys/`, else
//! `~/.config/sendsite/editor-keys/`; `%APPDATA%\sendsite\editor-keys\` on Windows), readable by
//! that user alone (mode 600 in a folder of mode 700 on Linux and macOS). `serve --new-key` makes
//! a new one, so an address that was shared by mistake stops working.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::access::random_key;

/// What keeping the key gave.
pub struct Kept {
    /// The key to use.
    pub key: String,
    /// Why it could not be kept, if it could not: the key is then new on every run.
    pub problem: Option<String>,
}

/// The key of the site at `root`: the one kept from an earlier run, or a new one (always new if
/// `renew`), kept for the next.
pub fn kept_key(root: &Path, renew: bool) -> Kept {
    let Some(folder) = folder() else {
        return unkept("there is no settings folder for this user (HOME is not set)".into());
    };
    let file = folder.join(name_for(root));
    if !renew {
        if let Some(key) = read(&file) {
            return Kept { key, problem: None };
        }
    }
    let key = random_key();
    if key.is_empty() {
        return unkept("this computer gave no random numbers".into());
    }
    match write(&folder, &file, &key) {
        Ok(()) => Kept { key, problem: None },
        Err(e) => Kept {
            key,
            problem: Some(format!("cannot write {}: {e}", file.display())),
        },
    }
}

fn unkept(problem: String) -> Kept {
    Kept {
        key: random_key(),
        problem: Some(problem),
    }
}

/// The user's folder of editor keys.
fn folder() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        var("APPDATA")?
    } else {
        var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|h| h.join(".config")))?
    };
    Some(base.join("sendsite").join("editor-keys"))
}

/// The key file's name for a site: a hash of its folder's full path (FNV-1a), so that each site
/// has its own key and no path is written into a file name.
fn name_for(root: &Path) -> String {
    let full = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let hash = full
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{hash:016x}")
}

/// A kept key, if the file holds one (48 hex digits, as [`random_key`] makes).
fn read(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let key = text.trim();
    (key.len() == 48 && key.bytes().all(|b| b.is_ascii_hexdigit())).then(|| key.to_string())
}

/// Writes the key where only this user can read it: to a new file beside it, renamed over the
/// old, so that a run stopped half-way never leaves half a key.
fn write(folder: &Path, file: &Path, key: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
        options.mode(0o600);
    }
    let temporary = file.with_extension(format!("new-{}", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let mut out = options.open(&temporary)?;
    out.write_all(format!("{key}\n").as_bytes())?;
    out.sync_all()?;
    std::fs::rename(&temporary, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_site_has_its_own_name_and_a_bad_file_is_no_key() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        assert_ne!(name_for(a.path()), name_for(b.path()));
        assert_eq!(name_for(a.path()), name_for(a.path()));
        let file = a.path().join("k");
        std::fs::write(&file, "short\n").unwrap();
        assert_eq!(read(&file), None);
        std::fs::write(&file, format!("{}\n", "ab".repeat(24))).unwrap();
        assert_eq!(read(&file), Some("ab".repeat(24)));
    }
}
