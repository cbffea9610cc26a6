//! Embeds the default theme: every file of `themes/default/templates/` and
//! `themes/default/static/`, listed in name order, so that a new template is a new file there and
//! nothing else (`src/render/theme.rs` includes the list written here).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut out = String::new();
    for (constant, folder, macro_name, ty) in [
        ("TEMPLATES", "templates", "include_str", "&str"),
        ("STATIC", "static", "include_bytes", "&[u8]"),
    ] {
        let dir = theme.join(folder);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        let _ = writeln!(out, "const {constant}: &[(&str, {ty})] = &[");
        for name in names {
            let path = dir.join(&name);
            let _ = writeln!(out, "    ({name:?}, {macro_name}!({:?})),", path.display());
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
