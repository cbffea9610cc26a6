//! `cargo xtask dist`: every release artefact of sendsite, into `dist/`, by one command.
//!
//! - a static Linux binary for each target (musl: no shared library at all), stripped, in
//!   `sendsite-<version>-<target>.tar.gz` with the README, the licences and the changelog;
//! - a Debian package for each (`sendsite_<version>_<arch>.deb`): `/usr/bin/sendsite`, its
//!   `--help` text, the hardened unit `sendsite-team@.service` for team mode, and a `sendsite`
//!   system user made on install;
//! - `SHA256SUMS`, in the form `sha256sum --check` reads.
//!
//! It cross-compiles with `cargo zigbuild` (PyPI's `cargo-zigbuild` and `ziglang`: zig is the C
//! compiler and linker for the C parts, libgit2 and mimalloc), and packs with the machine's
//! `tar`, `gzip`, `dpkg-deb` and `sha256sum`: tools every Debian machine has, no linker scripts.
//! Archives are reproducible: files in name order, owned by root, dated by the last commit.

use std::path::{Path, PathBuf};
use std::process::Command;

mod elf;

/// The targets released, with the Debian architecture of each.
const TARGETS: [(&str, &str); 2] = [
    ("x86_64-unknown-linux-musl", "amd64"),
    ("aarch64-unknown-linux-musl", "arm64"),
];

/// The files that go with the binary in each archive.
const DOCS: [&str; 4] = ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"];

type Result<T> = std::result::Result<T, String>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("dist") => dist(&args[1..]),
        _ => Err("usage: cargo xtask dist [--target TRIPLE]...\n\nMakes every release artefact in dist/: a static binary for each target in a .tar.gz, a Debian package for each, and SHA256SUMS.".into()),
    };
    if let Err(why) = outcome {
        eprintln!("error: {why}");
        std::process::exit(1);
    }
}

/// The project's root: the folder above this crate's.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn dist(args: &[String]) -> Result<()> {
    let root = root();
    let mut targets: Vec<(&str, &str)> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--target" => {
                let wanted = rest.next().ok_or("--target needs a target triple")?;
                let found = TARGETS.iter().find(|(t, _)| t == wanted);
                targets.push(*found.ok_or_else(|| {
                    let known: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
                    format!(
                        "{wanted} is not released: choose one of {}",
                        known.join(", ")
                    )
                })?);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let version = version(&root)?;
    let commit = output(
        Command::new("git")
            .args(["rev-parse", "--short=12", "HEAD"])
            .current_dir(&root),
    )
    .unwrap_or_else(|_| "unknown".into());
    let epoch = output(
        Command::new("git")
            .args(["log", "-1", "--format=%ct"])
            .current_dir(&root),
    )
    .unwrap_or_else(|_| "0".into());
    let out = root.join("dist");
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot empty {}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot make {}: {e}", out.display()))?;
    // One cargo for every target: its jobs share the two cores to the end.
    let names: Vec<&str> = targets.iter().map(|(t, _)| *t).collect();
    build(&root, &names, &commit, &epoch)?;
    let help = help_text(&root, &targets)?;
    let mut made = Vec::new();
    for (target, arch) in &targets {
        let binary = root
            .join("target")
            .join(target)
            .join("dist")
            .join("sendsite");
        elf::check_static(&binary)?;
        made.push(archive(&root, &out, &binary, &version, target, &epoch)?);
        made.push(debian(&root, &out, &binary, &version, arch, &epoch, &help)?);
    }
    let mut sums = Command::new("sha256sum");
    sums.args(&made).current_dir(&out);
    let listed = output(&mut sums)?;
    std::fs::write(out.join("SHA256SUMS"), format!("{listed}\n"))
        .map_err(|e| format!("cannot write SHA256SUMS: {e}"))?;
    for name in &made {
        let size = std::fs::metadata(out.join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        println!("dist/{name}  {:.1} MB", size as f64 / 1_000_000.0);
    }
    println!("dist/SHA256SUMS");
    Ok(())
}

/// The package's version, from the root's `Cargo.toml`.
fn version(root: &Path) -> Result<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    text.lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .map(str::to_string)
        .ok_or_else(|| "Cargo.toml has no version".into())
}

/// Builds the static, stripped binaries for `targets` (the `dist` profile), into
/// `target/<target>/dist/sendsite`.
fn build(root: &Path, targets: &[&str], commit: &str, epoch: &str) -> Result<()> {
    println!("building sendsite for {}", targets.join(" and "));
    let mut cargo = Command::new("cargo");
    cargo.args(["zigbuild", "--locked", "--profile", "dist"]);
    for target in targets {
        cargo.args(["--target", target]);
    }
    run(cargo
        .env("SENDSITE_COMMIT", commit)
        .env("SOURCE_DATE_EPOCH", epoch)
        .current_dir(root))
    .map_err(|e| format!("{e}\n(cargo zigbuild comes from PyPI: pip install cargo-zigbuild ziglang; each target from rustup target add)"))
}

/// `sendsite-<version>-<target>.tar.gz`: the binary with the README, licences and changelog.
fn archive(
    root: &Path,
    out: &Path,
    binary: &Path,
    version: &str,
    target: &str,
    epoch: &str,
) -> Result<String> {
    let name = format!("sendsite-{version}-{target}");
    let folder = out.join(&name);
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot make {}: {e}", folder.display()))?;
    copy(binary, &folder.join("sendsite"), 0o755)?;
    for doc in DOCS {
        copy(&root.join(doc), &folder.join(doc), 0o644)?;
    }
    let file = format!("{name}.tar.gz");
    pack_tar(out, &name, &file, epoch)?;
    std::fs::remove_dir_all(&folder)
        .map_err(|e| format!("cannot tidy {}: {e}", folder.display()))?;
    Ok(file)
}

/// `tar` of `folder` under `out` into `file`, the same bytes for the same files.
fn pack_tar(out: &Path, folder: &str, file: &str, epoch: &str) -> Result<()> {
    let tar = format!(
        "set -o pipefail; tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@{epoch} --format=gnu -cf - {folder} | gzip -9 -n > {file}"
    );
    run(Command::new("bash").args(["-c", &tar]).current_dir(out))
}

/// `sendsite_<version>_<arch>.deb`, with the `help` text of the commands.
fn debian(
    root: &Path,
    out: &Path,
    binary: &Path,
    version: &str,
    arch: &str,
    epoch: &str,
    help: &str,
) -> Result<String> {
    let folder = out.join(format!("deb-{arch}"));
    let at = |p: &str| folder.join(p);
    for dir in [
        "DEBIAN",
        "usr/bin",
        "lib/systemd/system",
        "usr/share/doc/sendsite",
    ] {
        std::fs::create_dir_all(at(dir)).map_err(|e| format!("cannot make {dir}: {e}"))?;
    }
    copy(binary, &at("usr/bin/sendsite"), 0o755)?;
    let unit = "sendsite-team@.service";
    copy(
        &root.join("packaging").join(unit),
        &at(&format!("lib/systemd/system/{unit}")),
        0o644,
    )?;
    let doc = "usr/share/doc/sendsite";
    copy(
        &root.join("README.md"),
        &at(&format!("{doc}/README.md")),
        0o644,
    )?;
    copy(
        &root.join("packaging/debian/copyright"),
        &at(&format!("{doc}/copyright")),
        0o644,
    )?;
    write(&at(&format!("{doc}/sendsite-help.txt")), help, 0o644)?;
    let changelog = std::fs::read(root.join("CHANGELOG.md"))
        .map_err(|e| format!("cannot read CHANGELOG.md: {e}"))?;
    gzip(&changelog, &at(&format!("{doc}/changelog.gz")))?;
    for script in ["postinst", "prerm", "postrm"] {
        copy(
            &root.join("packaging/debian").join(script),
            &at(&format!("DEBIAN/{script}")),
            0o755,
        )?;
    }
    let size = dir_size(&folder) / 1024;
    let control = std::fs::read_to_string(root.join("packaging/debian/control"))
        .map_err(|e| format!("cannot read packaging/debian/control: {e}"))?
        .replace("@VERSION@", version)
        .replace("@ARCH@", arch)
        .replace("@SIZE@", &size.to_string());
    write(&at("DEBIAN/control"), &control, 0o644)?;
    let file = format!("sendsite_{version}_{arch}.deb");
    run(Command::new("dpkg-deb")
        .args(["--root-owner-group", "-Zxz", "--build"])
        .arg(&folder)
        .arg(out.join(&file))
        .env("SOURCE_DATE_EPOCH", epoch))?;
    std::fs::remove_dir_all(&folder)
        .map_err(|e| format!("cannot tidy {}: {e}", folder.display()))?;
    Ok(file)
}

/// `sendsite --help` of every command, from the binary built for this machine (any release
/// says the same); an error if none of the binaries built runs here.
fn help_text(root: &Path, targets: &[(&str, &str)]) -> Result<String> {
    let host = std::env::consts::ARCH;
    let binary = targets
        .iter()
        .find(|(t, _)| t.starts_with(host))
        .map(|(t, _)| root.join("target").join(t).join("dist").join("sendsite"))
        .ok_or_else(|| format!("none of the targets built runs on this {host} machine, to take its --help text: build {host}'s too"))?;
    let mut text = String::new();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["serve", "--help"],
        &["publish", "--help"],
    ] {
        let said = output(Command::new(&binary).args(args))?;
        text.push_str(&format!("$ sendsite {}\n{said}\n\n", args.join(" ")));
    }
    Ok(text)
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

fn gzip(bytes: &[u8], to: &Path) -> Result<()> {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("gzip took no input")?
        .write_all(bytes)
        .map_err(|e| format!("gzip: {e}"))?;
    let done = child.wait_with_output().map_err(|e| format!("gzip: {e}"))?;
    std::fs::write(to, done.stdout).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    chmod(to, 0o644)
}

fn copy(from: &Path, to: &Path, mode: u32) -> Result<()> {
    std::fs::copy(from, to)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))?;
    chmod(to, mode)
}

fn write(to: &Path, text: &str, mode: u32) -> Result<()> {
    std::fs::write(to, text).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    chmod(to, mode)
}

fn chmod(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot set the mode of {}: {e}", path.display()))
}

fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    match status.success() {
        true => Ok(()),
        false => Err(format!("{command:?} failed ({status})")),
    }
}

fn output(command: &mut Command) -> Result<String> {
    let done = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    match done.status.success() {
        true => Ok(String::from_utf8_lossy(&done.stdout).trim_end().to_string()),
        false => Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&done.stderr)
        )),
    }
}
