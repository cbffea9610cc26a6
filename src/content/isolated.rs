//! Reading a PDF in a process of its own, with limits on its memory and time.
//!
//! A PDF is untrusted bytes from another organisation, and the reader (lopdf) recurses into
//! nested objects and inflates compressed streams with no limit of its own: 200,000 nested
//! arrays overflow any stack (which no thread can survive), and half a megabyte can inflate to
//! gigabytes. Hard limits inside the reader would need a reader of our own; a process boundary
//! holds for every bug in it, found or not. So the `sendsite` command reads each PDF by running
//! itself (`sendsite __read-pdf FILE`) with at most [`MEMORY`] of memory (plus three times the
//! file's size, for large honest files) and [`SECONDS`] of processor time. When the child dies
//! or runs out, the document is a warning naming the file, and the build goes on.
//!
//! A program using the library without [`isolate_with`] (tests, the fuzz target) reads in
//! process, on a thread with a large stack.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::inspect::{self, Access};

/// The first argument that makes `sendsite` the reader of one PDF.
pub const CHILD_ARG: &str = "__read-pdf";

/// The memory a PDF may take to read, beside three times its own size.
pub const MEMORY: u64 = 256 << 20;

/// The processor time a PDF may take to read.
pub const SECONDS: u64 = 10;

/// The time a reader may take on the clock before it is stopped, whatever it is doing.
const WALL: Duration = Duration::from_secs(3 * SECONDS);

/// The program that reads PDFs, once the command has said which it is (set once, at start-up:
/// a setting of the process, never changed, so no lock is ever held).
static READER: OnceLock<PathBuf> = OnceLock::new();

/// Reads every PDF from now on with `program CHILD_ARG FILE` (the `sendsite` command itself).
pub fn isolate_with(program: PathBuf) {
    let _ = READER.set(program);
}

/// A PDF's pages and accessibility, or why it cannot be read; `size` is its length, as the
/// caller found it (it sets the reader's memory).
pub fn read(path: &Path, size: u64) -> Result<(u32, Access), String> {
    match READER.get() {
        Some(program) => in_child(program, path, size),
        None => {
            let bytes = std::fs::read(path).map_err(|e| format!("it could not be read ({e})"))?;
            inspect::pdf(bytes)
        }
    }
}

/// Runs the reader on `path` and reads its answer.
fn in_child(program: &Path, path: &Path, size: u64) -> Result<(u32, Access), String> {
    let mut command = Command::new(program);
    command
        .arg(CHILD_ARG)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    limit(
        &mut command,
        MEMORY + size.min(inspect::LARGEST) * 3,
        SECONDS,
    );
    let mut child = command
        .spawn()
        .map_err(|e| format!("it could not be read ({e})"))?;
    let finished = wait(&mut child);
    let mut answer = String::new();
    if let Some(out) = child.stdout.as_mut() {
        // The answer is a few lines; a reader that says more is not believed.
        let _ = out.take(64 * 1024).read_to_string(&mut answer);
    }
    match (finished, parse(&answer)) {
        (true, Some(result)) => result,
        (false, _) => Err(format!(
            "it takes too long to read (more than {SECONDS} seconds)"
        )),
        (true, None) => Err(format!(
            "it is too large or too complex to read safely (it needs more than {} MB of memory, or nests objects too deeply)",
            MEMORY >> 20
        )),
    }
}

/// Waits for the reader to end, at most [`WALL`]; stops it after that. Whether it ended.
fn wait(child: &mut std::process::Child) -> bool {
    let deadline = Instant::now() + WALL;
    let mut pause = Duration::from_micros(200);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// The reader's answer: `ok`, pages, `tagged title language` as 0/1, the program that made it;
/// or `error` and why.
fn answer(result: &Result<(u32, Access), String>) -> String {
    match result {
        Ok((pages, a)) => {
            let flag = |b: bool| if b { '1' } else { '0' };
            let made_with = a
                .made_with
                .as_deref()
                .unwrap_or("")
                .replace(['\n', '\r'], " ");
            let flags = [flag(a.tagged), flag(a.title), flag(a.language)];
            format!("ok\n{pages}\n{}\n{made_with}\n", String::from_iter(flags))
        }
        Err(why) => format!("error\n{}\n", why.replace(['\n', '\r'], " ")),
    }
}

/// Reads [`answer`]'s text back; `None` when it is not one.
fn parse(text: &str) -> Option<Result<(u32, Access), String>> {
    let mut lines = text.lines();
    match lines.next()? {
        "error" => Some(Err(lines.next()?.to_string())),
        "ok" => {
            let pages = lines.next()?.parse().ok()?;
            let flags = lines.next()?.as_bytes();
            let made_with = lines.next()?.to_string();
            let access = Access {
                tagged: *flags.first()? == b'1',
                title: *flags.get(1)? == b'1',
                language: *flags.get(2)? == b'1',
                made_with: Some(made_with).filter(|m| !m.is_empty()),
            };
            Some(Ok((pages, access)))
        }
        _ => None,
    }
}

/// A result as the parent reads it back from the child's answer (for the fuzz target, which
/// checks that nothing the reader can say is lost or misread on the way).
pub fn round_trip(result: &Result<(u32, Access), String>) -> Result<(u32, Access), String> {
    parse(&answer(result)).unwrap_or_else(|| Err("the answer could not be read".into()))
}

/// The reader's side: reads the file, prints its answer. Whatever happens in the PDF reader
/// happens only to this process, which was started within its limits.
pub fn child(path: Option<std::ffi::OsString>) -> ExitCode {
    let Some(path) = path else {
        return ExitCode::from(2);
    };
    let result = match std::fs::read(&path) {
        Ok(bytes) if bytes.len() as u64 <= inspect::LARGEST => inspect::read_pdf(&bytes),
        Ok(_) => Err("it is too large to read".into()),
        Err(e) => Err(format!("it could not be read ({e})")),
    };
    print!("{}", answer(&result));
    ExitCode::SUCCESS
}

/// Caps the reader's address space and processor time from its first instruction (Linux;
/// elsewhere the process boundary alone protects the build). The limits are set between fork and
/// exec: set by the reader itself, they would come after the allocator had reserved memory that
/// they then could not cover.
fn limit(command: &mut Command, memory: u64, seconds: u64) {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        use std::os::unix::process::CommandExt;
        let cap = |n: u64| Rlimit {
            current: Some(n),
            maximum: Some(n),
        };
        let (memory, seconds) = (cap(memory), cap(seconds));
        // SAFETY: between fork and exec only async-signal-safe calls are allowed; setrlimit is
        // one system call, and the limits were built before the fork (nothing is allocated).
        unsafe {
            command.pre_exec(move || {
                setrlimit(Resource::As, memory)?;
                setrlimit(Resource::Cpu, seconds)?;
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (command, memory, seconds);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_back_as_they_were() {
        let access = Access {
            tagged: true,
            title: false,
            language: true,
            made_with: Some("Word\nfor Mac".into()),
        };
        let back = parse(&answer(&Ok((12, access)))).unwrap().unwrap();
        assert_eq!(back.0, 12);
        assert_eq!(
            (back.1.tagged, back.1.title, back.1.language),
            (true, false, true)
        );
        assert_eq!(back.1.made_with.as_deref(), Some("Word for Mac"));
        let why = parse(&answer(&Err("it is encrypted".into()))).unwrap();
        assert_eq!(why.unwrap_err(), "it is encrypted");
        assert!(parse("").is_none());
        assert!(parse("ok\nmany\n").is_none());
    }
}
