//! The README and the guides in `docs/` kept true: every relative link and anchor resolves,
//! every `sendsite` command and option they write exists, and every example of a whole file is
//! read by sendsite itself without an error. The conventions (how a block says it is a whole
//! file or a fragment) are in `docs/development.md`, "Examples in the guides".

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The repository's root.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `README.md` and every `docs/*.md`, as paths from the repository's root.
fn guides() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(repo()).unwrap().to_path_buf())
        .collect();
    docs.sort();
    let mut files = vec![PathBuf::from("README.md")];
    files.extend(docs);
    files
}

/// A file of the repository, as text.
fn read(rel: &Path) -> String {
    std::fs::read_to_string(repo().join(rel))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", rel.display()))
}

/// The markdown GitHub reads: CommonMark with tables.
fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
}

/// The line (from 1) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

// ---------------------------------------------------------------------------------------------
// Links and anchors

/// GitHub's anchor for a heading's text: lower case, every character but letters, digits, `-`
/// and `_` taken out, each space made `-`.
fn slug(heading: &str) -> String {
    heading
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor GitHub gives the headings of a markdown text: a heading that comes again gets
/// `-1`, `-2`, ... (skipping any anchor already taken), as GitHub's slugger does.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut taken = BTreeSet::new();
    let mut again: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<String> = None;
    for event in parser(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let base = slug(&heading.take().unwrap_or_default());
                let mut anchor = base.clone();
                while taken.contains(&anchor) {
                    let n = again.entry(base.clone()).or_insert(0);
                    *n += 1;
                    anchor = format!("{base}-{n}");
                }
                taken.insert(anchor);
            }
            _ => {}
        }
    }
    taken
}

/// A path with `.` and `..` worked out, or `None` if it is absolute or leaves the repository.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&OsStr> = Vec::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// Every relative link or image of `text` (the file `file`, from the repository's root) whose
/// file or `#anchor` does not exist, as "file:line: what is wrong". Links to other sites and
/// `mailto:` addresses are not followed.
fn broken_links(file: &Path, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let dir = file.parent().unwrap_or(Path::new(""));
    for (event, range) in parser(text).into_offset_iter() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if ["http://", "https://", "mailto:"]
            .iter()
            .any(|s| dest.starts_with(s))
        {
            continue;
        }
        let at = format!(
            "{}:{}: ({dest})",
            file.display(),
            line_of(text, range.start)
        );
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (&*dest, None),
        };
        let target_text = if path.is_empty() {
            text.to_string()
        } else {
            let Some(target) = normalise(&dir.join(path)) else {
                problems.push(format!("{at} is not a path inside the repository"));
                continue;
            };
            if !repo().join(&target).exists() {
                problems.push(format!(
                    "{at} names {}, which does not exist",
                    target.display()
                ));
                continue;
            }
            match anchor {
                None => continue,
                Some(_) if target.extension().is_some_and(|e| e == "md") => read(&target),
                Some(_) => {
                    problems.push(format!(
                        "{at} has an anchor into a file that is not markdown"
                    ));
                    continue;
                }
            }
        };
        if let Some(anchor) = anchor {
            if !anchors(&target_text).contains(anchor) {
                problems.push(format!("{at}: no heading there has the anchor #{anchor}"));
            }
        }
    }
    problems
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let mut problems = Vec::new();
    let mut links = 0;
    for file in guides() {
        let text = read(&file);
        links += parser(&text)
            .filter(|e| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
            .count();
        problems.extend(broken_links(&file, &text));
    }
    assert!(
        links > 50,
        "only {links} links found: is the parser reading the guides?"
    );
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn headings_get_the_anchors_github_gives_them() {
    let text = "# Guide\n\n### `content/areas/<slug>.md` — the areas the inspectors named\n\n\
                ## Previewing the site while you edit: `sendsite serve`\n\n## Safety\n\n\
                ## Safety\n\n## Safety-1\n\n## Safety\n";
    let got = anchors(text);
    for want in [
        "guide",
        "contentareasslugmd--the-areas-the-inspectors-named",
        "previewing-the-site-while-you-edit-sendsite-serve",
        "safety",
        "safety-1",
        "safety-1-1",
        "safety-2",
    ] {
        assert!(got.contains(want), "no #{want} in {got:?}");
    }
    assert_eq!(got.len(), 7, "{got:?}");
}

#[test]
fn the_link_checker_finds_broken_links() {
    let text = "# Guide\n\n## Safety\n\n## Safety\n\n\
        [fine](#safety-1), [fine](content.md#open-data), [fine](../README.md#installing-it),\n\
        [fine](editor.png), [another site](https://example.org/#nowhere), [mail](mailto:a@b.uk).\n\n\
        [no such anchor](#safety-2) and [no such file](no-such-guide.md).\n\n\
        [no such heading](content.md#no-such-heading), [outside](../../x.md),\n\
        ![no such image](no-such-image.png) and [an anchor into an image](editor.png#x).\n";
    let problems = broken_links(Path::new("docs/example.md"), text);
    for broken in [
        "(#safety-2)",
        "(no-such-guide.md)",
        "(content.md#no-such-heading)",
        "(../../x.md)",
        "(no-such-image.png)",
        "(editor.png#x)",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(broken)),
            "{broken} not found in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 6, "{problems:#?}");
    assert!(
        problems[0].starts_with("docs/example.md:10: "),
        "{problems:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Commands and options

/// The commands `sendsite --help` lists, each with the options its own `--help` lists.
fn help() -> BTreeMap<String, BTreeSet<String>> {
    let text = |args: &[&str]| {
        let out = common::sendsite(args);
        assert!(out.status.success(), "sendsite {args:?} failed");
        String::from_utf8(out.stdout).expect("help is UTF-8")
    };
    let top = text(&["--help"]);
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect();
    assert!(
        commands.len() >= 4,
        "no commands read from sendsite --help:\n{top}"
    );
    commands
        .into_iter()
        .map(|command| {
            let options = text(&[&command, "--help"])
                .split_whitespace()
                .filter_map(|word| {
                    let end = word
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .unwrap_or(word.len());
                    let option = &word[..end];
                    (option.starts_with("--") && option.len() > 2).then(|| option.to_string())
                })
                .collect();
            (command, options)
        })
        .collect()
}

/// Every `sendsite <command> ...` (or `cargo run --release -- <command> ...`) in one line of
/// code: the command and the options written after it, up to the end of that shell command.
fn commands_in(line: &str) -> Vec<(String, Vec<String>)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        // Only where a shell command starts: `sendsite can read` in a message is not one.
        let starts = i == 0 || ["&&", "||", ";", "|", "$", "run:"].contains(&words[i - 1]);
        if !starts {
            continue;
        }
        let command_at = if *word == "sendsite" {
            i + 1
        } else if *word == "cargo" && words.get(i + 1) == Some(&"run") {
            match words[i + 2..].iter().position(|w| *w == "--") {
                Some(dashes) => i + 2 + dashes + 1,
                None => continue,
            }
        } else {
            continue;
        };
        let Some(command) = words.get(command_at) else {
            continue;
        };
        if command.is_empty() || !command.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let options = words[command_at + 1..]
            .iter()
            .take_while(|w| {
                !["|", "||", "&&", ";"].contains(w)
                    && !w.starts_with('#')
                    && !w.starts_with('>')
                    && !w.contains(">>")
            })
            .map(|w| w.trim_start_matches('[').trim_end_matches([']', ',', ')']))
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(|w| w.split('=').next().unwrap().to_string())
            .collect();
        found.push((command.to_string(), options));
    }
    found
}

/// Every command written in the code spans and code blocks of `text`: (line, command, options).
fn commands(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut found = Vec::new();
    let mut in_block = false;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_block = true,
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Code(code) => {
                let line = line_of(text, range.start);
                found.extend(commands_in(&code).into_iter().map(|(c, o)| (line, c, o)));
            }
            Event::Text(code) if in_block => {
                let first = line_of(text, range.start);
                for (n, l) in code.lines().enumerate() {
                    found.extend(commands_in(l).into_iter().map(|(c, o)| (first + n, c, o)));
                }
            }
            _ => {}
        }
    }
    found
}

/// What in `text` names a command or an option that `help` does not have.
fn unknown_commands(
    file: &Path,
    text: &str,
    help: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (line, command, options) in commands(text) {
        let at = format!("{}:{line}", file.display());
        let Some(known) = help.get(&command) else {
            problems.push(format!("{at}: sendsite has no command `{command}`"));
            continue;
        };
        for option in options {
            if !known.contains(&option) {
                problems.push(format!(
                    "{at}: `sendsite {command} --help` has no option `{option}`"
                ));
            }
        }
    }
    problems
}

#[test]
fn every_command_and_option_written_exists() {
    let help = help();
    let mut problems = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for file in guides() {
        let text = read(&file);
        problems.extend(unknown_commands(&file, &text, &help));
        for (_, command, options) in commands(&text) {
            seen.extend(options.into_iter().map(|o| (command.clone(), o)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The scanner is not blind: the options the guides are known to use were read.
    for (command, option) in [
        ("build", "--output"),
        ("build", "--base-url"),
        ("serve", "--port"),
        ("serve", "--bind"),
        ("check", "--strict"),
        ("init", "--framework"),
    ] {
        assert!(
            seen.contains(&(command.to_string(), option.to_string())),
            "`sendsite {command} {option}` not found in the guides: {seen:?}"
        );
    }
}

#[test]
fn the_command_checker_finds_unknown_commands_and_options() {
    let help = help();
    let text = "Run `sendsite build --output public --no-such-option`, then\n\n\
        ```sh\n\
        sendsite deploy --root x   # no such command\n\
        cd /srv && cargo run --release -- check --root . --strictly >>log 2>&1\n\
        sendsite serve --port 0 | tee log --not-an-option\n\
        error: x.md:3:8: `21/01/2021` is not a date sendsite can read --not-an-option\n\
        ```\n";
    let problems = unknown_commands(Path::new("docs/example.md"), text, &help);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("example.md:1: ") && problems[0].contains("--no-such-option"));
    assert!(problems[1].contains("example.md:4: ") && problems[1].contains("`deploy`"));
    assert!(problems[2].contains("example.md:5: ") && problems[2].contains("--strictly"));
}

// ---------------------------------------------------------------------------------------------
// Examples

/// What the line just before a fenced block says it is.
#[derive(Debug, Clone, PartialEq)]
enum Marker {
    /// `<!-- example: PATH in FIXTURE -->`: a whole file, written at PATH in a copy of
    /// `tests/fixtures/FIXTURE`.
    Example { path: String, fixture: String },
    /// `<!-- fragment -->`: part of a file.
    Fragment,
    /// No marker.
    None,
    /// An HTML comment that is neither.
    Unknown(String),
}

/// One fenced block of a guide.
#[derive(Debug)]
struct Block {
    line: usize,
    language: String,
    body: String,
    marker: Marker,
}

fn marker(line: &str) -> Marker {
    let line = line.trim();
    let Some(inner) = line
        .strip_prefix("<!--")
        .and_then(|l| l.strip_suffix("-->"))
    else {
        return Marker::None;
    };
    let inner = inner.trim();
    if inner == "fragment" {
        return Marker::Fragment;
    }
    match inner
        .strip_prefix("example:")
        .and_then(|e| e.trim().split_once(" in "))
    {
        Some((path, fixture)) => Marker::Example {
            path: path.trim().to_string(),
            fixture: fixture.trim().to_string(),
        },
        None => Marker::Unknown(line.to_string()),
    }
}

/// Every fenced block of `text`, with the marker on the line just before its fence.
fn fenced_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let before = text[..line_start].lines().next_back().unwrap_or("");
                current = Some(Block {
                    line: line_of(text, range.start),
                    language: info.split_whitespace().next().unwrap_or("").to_string(),
                    body: String::new(),
                    marker: marker(before),
                });
            }
            Event::Text(t) => {
                if let Some(block) = current.as_mut() {
                    block.body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// The front matter of a file that starts with `+++`.
fn front_matter(body: &str) -> Option<&str> {
    let rest = body.strip_prefix("+++\n")?;
    let end = rest.find("\n+++").map(|i| i + 1).or_else(|| {
        rest.starts_with("+++").then_some(0) // an empty front matter
    })?;
    Some(&rest[..end])
}

/// Whether a block must say if it is a whole file or a fragment.
fn needs_marker(block: &Block) -> bool {
    ["toml", "markdown", "md"].contains(&block.language.as_str()) || block.body.starts_with("+++")
}

/// What is wrong with the markers and fragments of a guide; its whole-file examples are
/// returned to be checked with sendsite.
fn block_problems(file: &Path, text: &str) -> (Vec<String>, Vec<(String, Block)>) {
    let mut problems = Vec::new();
    let mut examples = Vec::new();
    for block in fenced_blocks(text) {
        let at = format!("{}:{}", file.display(), block.line);
        match &block.marker {
            Marker::Unknown(line) => problems.push(format!(
                "{at}: `{line}` is neither `<!-- fragment -->` nor `<!-- example: PATH in FIXTURE -->`"
            )),
            Marker::None if needs_marker(&block) => problems.push(format!(
                "{at}: a `{}` block must say, on the line before it, whether it is a whole file \
                 (`<!-- example: PATH in FIXTURE -->`) or `<!-- fragment -->`",
                if block.language.is_empty() { "+++" } else { &block.language }
            )),
            Marker::None => {}
            Marker::Fragment => {
                let toml_text = if block.language == "toml" {
                    Some(block.body.as_str())
                } else if block.body.starts_with("+++") {
                    match front_matter(&block.body) {
                        Some(fm) => Some(fm),
                        None => {
                            problems.push(format!("{at}: the front matter is never closed"));
                            None
                        }
                    }
                } else {
                    None
                };
                if let Some(t) = toml_text {
                    if let Err(e) = t.parse::<toml::Table>() {
                        problems.push(format!("{at}: this fragment is not TOML: {e}"));
                    }
                }
            }
            Marker::Example { .. } => examples.push((at, block)),
        }
    }
    (problems, examples)
}

#[test]
fn every_toml_or_markdown_block_says_whether_it_is_a_whole_file() {
    let mut problems = Vec::new();
    let mut fragments = 0;
    for file in guides() {
        let text = read(&file);
        fragments += fenced_blocks(&text)
            .iter()
            .filter(|b| b.marker == Marker::Fragment)
            .count();
        problems.extend(block_problems(&file, &text).0);
    }
    assert!(fragments > 3, "only {fragments} fragments found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_block_checker_finds_unmarked_blocks_and_fragments_that_are_not_toml() {
    let text = "```toml\na = 1\n```\n\n\
        ```\n+++\ntitle = \"x\"\n+++\n```\n\n\
        <!-- fragment -->\n```toml\n[glossary\n```\n\n\
        <!-- fragment -->\n```\n+++\ntitle = \n+++\n```\n\n\
        <!-- fragmnet -->\n```sh\nls\n```\n\n\
        <!-- fragment -->\n```toml\n[glossary]\nSEND = \"...\"\n```\n\n\
        ```sh\nsendsite build\n```\n\n\
        <!-- example: content/site.toml in small -->\n```toml\ntitle = \"x\"\n```\n";
    let (problems, examples) = block_problems(Path::new("docs/example.md"), text);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    for (problem, line) in problems.iter().zip([1, 5, 12, 17, 24]) {
        assert!(
            problem.starts_with(&format!("docs/example.md:{line}: ")),
            "{problems:#?}"
        );
    }
    assert_eq!(examples.len(), 1);
    assert_eq!(
        examples[0].1.marker,
        Marker::Example {
            path: "content/site.toml".into(),
            fixture: "small".into()
        }
    );
    assert_eq!(examples[0].1.body, "title = \"x\"\n");
}

/// The example with a misspelt setting added, which `sendsite check` must report in its file.
fn misspelt(path: &str, body: &str) -> Option<String> {
    if path.ends_with(".toml") {
        Some(format!("misspelt_setting = 1\n{body}"))
    } else if path.ends_with(".md") {
        let rest = body.strip_prefix("+++\n")?;
        Some(format!("+++\nmisspelt_setting = 1\n{rest}"))
    } else if path.ends_with(".csv") {
        Some(format!("{body}not-a-date,1\n"))
    } else {
        None
    }
}

/// Runs `sendsite check` on a copy of `fixture` with `body` written at `path`; returns the exit
/// code, every error line, and the error lines about `path`.
fn check_with(fixture: &str, path: &str, body: &str) -> (Option<i32>, String, Vec<String>) {
    let site = common::copy_fixture(fixture);
    common::write(site.path(), path, body);
    let out = common::on_site("check", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let own = stderr
        .lines()
        .filter(|l| l.starts_with(&format!("error: {path}:")))
        .map(str::to_string)
        .collect();
    (out.status.code(), stderr, own)
}

/// What is wrong with one whole-file example.
fn example_problems(at: &str, block: &Block) -> Vec<String> {
    let Marker::Example { path, fixture } = &block.marker else {
        unreachable!()
    };
    let at = format!("{at} ({path} in {fixture})");
    if !common::fixture(fixture).join("content").is_dir() {
        return vec![format!(
            "{at}: tests/fixtures/{fixture}/content does not exist"
        )];
    }
    // `team.toml` is the one file sendsite reads outside content/ (and `check` checks it).
    let inside =
        normalise(Path::new(path)).is_some_and(|p| p.starts_with("content")) || path == "team.toml";
    if !inside || path.contains("..") {
        return vec![format!("{at}: the path must be under content/")];
    }
    let Some(broken) = misspelt(path, &block.body) else {
        return vec![format!(
            "{at}: an example must be a .toml, a .md starting with +++, or a .csv file"
        )];
    };
    let mut problems = Vec::new();
    let (code, stderr, own) = check_with(fixture, path, &block.body);
    let any_error = stderr.lines().any(|l| l.starts_with("error: "));
    if !own.is_empty() {
        problems.push(format!(
            "{at}: sendsite check finds errors in it:\n{stderr}"
        ));
    } else if !(code == Some(0) || (code == Some(1) && any_error)) {
        problems.push(format!(
            "{at}: sendsite check exited {code:?} without naming a file:\n{stderr}"
        ));
    }
    // The file is really read: a misspelt setting in it is reported in it.
    let (code, stderr, own) = check_with(fixture, path, &broken);
    if code != Some(1) || own.is_empty() {
        problems.push(format!(
            "{at}: with a misspelt setting added, sendsite check reported no error in {path} \
             (exit {code:?}), so the example is never read there:\n{stderr}"
        ));
    }
    problems
}

#[test]
fn every_whole_file_example_is_read_without_an_error() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in guides() {
        for (at, block) in block_problems(&file, &read(&file)).1 {
            checked += 1;
            problems.extend(example_problems(&at, &block));
        }
    }
    assert!(checked >= 4, "only {checked} whole-file examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn an_example_with_a_typo_fails() {
    let block = Block {
        line: 1,
        language: "toml".into(),
        body: "title = \"Testshire\"\norganisation = \"Testshire Council\"\n\
               base_url = \"https://www.council.example/send/\"\ndescripton = \"A typo.\"\n"
            .into(),
        marker: Marker::Example {
            path: "content/site.toml".into(),
            fixture: "statement".into(),
        },
    };
    let problems = example_problems("docs/example.md:1", &block);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("errors in it"), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// The front door

#[test]
fn the_readme_is_a_front_door_to_every_guide() {
    let readme = read(Path::new("README.md"));
    let lines = readme.lines().count();
    assert!(lines <= 250, "README.md has {lines} lines: at most 250");
    for guide in guides().into_iter().skip(1) {
        let link = format!("({})", guide.display());
        assert!(readme.contains(&link), "README.md does not link {link}");
        let text = read(&guide);
        assert!(
            text.starts_with("# "),
            "{} does not start with its title",
            guide.display()
        );
    }
}
