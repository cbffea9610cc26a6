//! Embeds the default theme: every file of `themes/default/templates/` and
//! `themes/default/static/` (included by `src/render/theme.rs`), and every page template of the
//! editor, `themes/default/serve/editor/*.html` (by `src/editor/view.rs`), listed in name order,
//! so that a new template is a new file there and nothing else.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    commit();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut files = [String::new(), String::new()];
    for (file, constant, folder, macro_name, ty, only) in [
        (0, "TEMPLATES", "templates", "include_str", "&str", ""),
        (0, "STATIC", "static", "include_bytes", "&[u8]", ""),
        (
            1,
            "TEMPLATES",
            "serve/editor",
            "include_str",
            "&str",
            ".html",
        ),
    ] {
        let out = &mut files[file];
        let dir = theme.join(folder);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.') && n.ends_with(only))
            .collect();
        names.sort();
        let _ = writeln!(out, "const {constant}: &[(&str, {ty})] = &[");
        for name in names {
            let path = dir.join(&name);
            let _ = writeln!(out, "    ({name:?}, {macro_name}!({:?})),", path.display());
        }
        out.push_str("];\n");
    }
    let [theme_rs, editor_rs] = files;
    for (name, text) in [("theme.rs", theme_rs), ("editor.rs", editor_rs)] {
        let dest = Path::new(&out_dir).join(name);
        std::fs::write(&dest, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
    }
}

/// The commit the binary is built from, for `sendsite --version`: `SENDSITE_COMMIT` when the
/// release task gives it, else asked of git, else "unknown" (a copy without its history).
fn commit() {
    println!("cargo:rerun-if-env-changed=SENDSITE_COMMIT");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = root.join(".git");
    if git.is_dir() {
        println!("cargo:rerun-if-changed={}", git.join("HEAD").display());
        let head = std::fs::read_to_string(git.join("HEAD")).unwrap_or_default();
        // A branch's commit is in its own file, or in packed-refs once git packs it: only a
        // file that is there is watched (a missing one would run this script every build).
        let branch = head.trim().strip_prefix("ref: ").map(|b| git.join(b));
        for file in branch.into_iter().chain([git.join("packed-refs")]) {
            if file.is_file() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
    }
    let asked = || {
        let out = std::process::Command::new("git")
            .args(["rev-parse", "--short=12", "HEAD"])
            .current_dir(root)
            .output()
            .ok()?;
        let id = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !id.is_empty()).then_some(id)
    };
    let commit = std::env::var("SENDSITE_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(asked)
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=SENDSITE_COMMIT={commit}");
}
