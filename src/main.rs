//! The `sendsite` command: parses arguments, calls the library, prints what happened, picks the
//! exit code (0 built, 1 the content has errors, 2 the command was used wrongly).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sendsite::error::Diagnostics;
use sendsite::report::Format;
use sendsite::site::BuildOptions;
use sendsite::vocabulary::Framework;

/// A build makes and frees millions of small strings (template values, pages); mimalloc does
/// that markedly faster than the system allocator, across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds a council's SEND progress record into an accessible static website.
#[derive(Parser)]
#[command(name = "sendsite", version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("SENDSITE_COMMIT"), ")"), about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder that any web server can host.
    Build(BuildArgs),
    /// Preview the site: serve it locally, rebuild it and reload the browser on every change,
    /// with an editor in the browser (its address is printed after "Edit the site:").
    Serve(ServeArgs),
    /// Check the site for every problem without writing anything.
    Check(CheckArgs),
    /// Team mode: build the last approved version into team.toml's publish_to again, for today
    /// (run it daily from cron: an embargoed update approved earlier appears on its day).
    Publish(PublishArgs),
    /// Create a new site, ready to build, in DIR.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
        /// The inspection framework: 2023 (the area SEND framework, the default) or 2016.
        #[arg(long, default_value = "2023", value_parser = parse_framework)]
        framework: Framework,
    },
}

/// What every command that reads a site shares.
#[derive(Args)]
struct SiteArgs {
    /// The folder that holds content/ (and optionally themes/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also publish entries marked draft = true.
    #[arg(long)]
    drafts: bool,
    /// Also publish entries dated after today.
    #[arg(long)]
    future: bool,
    /// Build as if today were this day (YYYY-MM-DD): decides which dated entries are published
    /// and which actions are overdue.
    #[arg(long, value_parser = parse_day)]
    today: Option<time::Date>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site (default: <root>/public). Replaced only when the build succeeds.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url (e.g. for a staging server).
    #[arg(long)]
    base_url: Option<String>,
    /// Say nothing on standard output when all is well: warnings and errors still go to
    /// standard error.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. Only this computer can see the preview unless another is given
    /// (e.g. 0.0.0.0 to show it to phones and other computers on the network); the preview is
    /// then read-only: the editor in the browser runs only on this computer's own address.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the editor in the default web browser (the site itself when serve has no editor).
    #[arg(long)]
    open: bool,
    /// Give the editor a new key: addresses with the old key (bookmarks, one shared by mistake)
    /// stop working.
    #[arg(long)]
    new_key: bool,
    /// Serve the editor to a team, behind the council's sign-in proxy: who may edit and approve,
    /// and where Publish writes, are in team.toml beside content/. Every save is a commit.
    #[arg(long)]
    team: bool,
    /// Team mode: listen on this Unix domain socket instead of a port. It is made mode 660, so
    /// only its owner and group (the web server's, with --socket-group) can connect: the
    /// sign-in proxy, and no other program on the machine, can then speak for a person.
    #[arg(long, value_name = "PATH", requires = "team")]
    socket: Option<PathBuf>,
    /// The group the socket is given (the web server's, e.g. www-data); the user's own if not given.
    #[arg(long, value_name = "NAME", requires = "socket")]
    socket_group: Option<String>,
}

#[derive(Args)]
struct PublishArgs {
    /// The folder that holds content/ and team.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Publish as if today were this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    today: Option<time::Date>,
    /// Say nothing on standard output when all is well: warnings and errors still go to
    /// standard error.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// The output folder of the last build, whose addresses should keep working [default: <root>/public]
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// How to show what was found: human (on standard error, with the line and a caret),
    /// github (GitHub Actions annotations) or json (one object a line), both on standard output.
    #[arg(long, default_value = "human", value_parser = parse_format)]
    format: Format,
    /// Say nothing on standard output when all is well: warnings and errors still go to
    /// standard error.
    #[arg(long)]
    quiet: bool,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::named(text)
        .ok_or_else(|| format!("\"{text}\" is not a format: use human, github or json"))
}

fn parse_framework(text: &str) -> Result<Framework, String> {
    Framework::parse(text).ok_or_else(|| format!("\"{text}\" is not a framework: use 2023 or 2016"))
}

fn parse_day(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map_err(|_| format!("\"{text}\" is not a day written as YYYY-MM-DD"))
}

impl SiteArgs {
    fn options(&self) -> BuildOptions {
        let today = self
            .today
            .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
        BuildOptions {
            drafts: self.drafts,
            future: self.future,
            today,
        }
    }
}

fn main() -> ExitCode {
    use sendsite::content::isolated;
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|a| a == isolated::CHILD_ARG) {
        return isolated::child(args.next());
    }
    // Every PDF is read by a process of its own (this program again), so that a hostile file
    // costs a warning, never the build or the preview.
    if let Ok(program) = std::env::current_exe() {
        isolated::isolate_with(program);
    }
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::Publish(args) => publish(args),
        Command::Init { dir, framework } => match sendsite::init::init(&dir, framework) {
            Ok(n) => {
                let shown = dir.display();
                println!("Created a new site in {shown} ({n} files).");
                println!("Edit it in your browser: sendsite serve --root {shown} --open");
                println!("(it opens the editor; keep the terminal open while you edit, and bookmark the editor's address to come back to it)");
                println!("Build the site to publish: sendsite build --root {shown}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let root = &args.site.root;
    let dest = args.output.clone().unwrap_or_else(|| root.join("public"));
    let started = std::time::Instant::now();
    match sendsite::build(root, &dest, &args.site.options(), args.base_url.as_deref()) {
        Ok(report) => {
            print_diagnostics(report.warnings);
            if args.quiet {
                return ExitCode::SUCCESS;
            }
            println!(
                "Built {} entries ({} files) into {} in {} ms.",
                report.entries,
                report.files,
                dest.display(),
                started.elapsed().as_millis()
            );
            if report.held_back > 0 {
                println!(
                    "{} entries held back (drafts or dated in the future).",
                    report.held_back
                );
            }
            if let Some(due) = report.next_due {
                println!("Next held-back entry falls due on {due}: rebuild the site on that day to publish it.");
            }
            if let Some(due) = report.next_action_due {
                println!("Next action falls due on {due}: rebuild the site the day after, so that it shows as overdue if it is not complete.");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(diagnostics);
            eprintln!("The site was not built; {} is unchanged.", dest.display());
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = sendsite::serve::ServeOptions {
        root: args.site.root.clone(),
        bind: args.bind,
        port: args.port,
        build: args.site.options(),
        today_given: args.site.today.is_some(),
        open: args.open,
        new_key: args.new_key,
        team: args.team,
        socket: args.socket,
        socket_group: args.socket_group,
        report: print_diagnostics,
    };
    // Returns only if the server cannot start.
    if let Err(e) = sendsite::serve::serve(options) {
        eprintln!("error: {e}");
    }
    ExitCode::FAILURE
}

fn publish(args: PublishArgs) -> ExitCode {
    let today = args
        .today
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    #[cfg(unix)]
    sendsite::team::publish::clean_up_when_stopped(&args.root);
    match sendsite::team::publish::republish(&args.root, today) {
        Ok((tag, report)) => {
            if !args.quiet {
                println!(
                    "Published the version approved as {tag}: {} entries ({} files), as on {today}.",
                    report.entries, report.files
                );
            }
            print_diagnostics(report.warnings);
            ExitCode::SUCCESS
        }
        Err(errors) => {
            sendsite::team::publish::tell_failure(&args.root, today, &errors);
            print_diagnostics(errors);
            eprintln!("Nothing was published: the live folder is as it was.");
            ExitCode::FAILURE
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let previous = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"));
    let report = sendsite::check::check(&args.site.root, &args.site.options(), &previous);
    let d = &report.diagnostics;
    let strict_fail = args.strict && !d.has_errors() && !d.is_empty();
    let failed = d.has_errors() || strict_fail;
    let said = args.quiet || args.format != Format::Human;
    if let (Some(n), true, false) = (report.entries, d.is_empty(), said) {
        println!("No problems found in {n} entries and the pages around them.");
    }
    sendsite::report::show(report.diagnostics, args.format, &args.site.root);
    if strict_fail {
        eprintln!("--strict: warnings count as errors.");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every diagnostic, sorted, then a count, for people.
fn print_diagnostics(diagnostics: Diagnostics) {
    sendsite::report::show(diagnostics, Format::Human, std::path::Path::new("."));
}
