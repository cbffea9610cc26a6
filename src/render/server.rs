//! The files a web server needs beside the pages (`[hosting] server`): an nginx `include`, an
//! Apache `.htaccess`, or Netlify's `_redirects` and `_headers`. Each holds a 301 for every old
//! address (the aliases), the content types of feeds, calendars and figures, and the site's
//! `404.html` for addresses that do not exist.
//!
//! The words are the theme's (`server-*` templates); this module gathers the facts from the model
//! and the one table of media types, and checks that the site's path can be written in a server's
//! configuration at all.

use serde::Serialize;

use super::measures::csv_path;
use super::pages::{PageResult, Renderer};
use super::Theme;
use crate::config::Server;
use crate::error::Diagnostic;
use crate::media::{NAMED, TYPES};
use crate::site::addresses::Addressed;
use crate::site::Site;

/// One old address and where it now lives, both from the host's root.
#[derive(Debug, Serialize)]
struct Redirect {
    from: String,
    to: String,
    /// The old address from the output folder, without slashes at its ends (IIS's
    /// `<location path>`): `updates/revisit-notice`.
    rel: String,
}

/// A media type by extension.
#[derive(Debug, Serialize)]
struct Type {
    ext: &'static str,
    /// Without parameters: `text/calendar`.
    mime: &'static str,
    /// Sent with `charset=utf-8`.
    text: bool,
    /// As sent: `text/calendar; charset=utf-8`.
    full: &'static str,
}

/// A media type by file name (the feeds), with the pattern that finds it.
#[derive(Debug, Serialize)]
struct Named {
    name: &'static str,
    pattern: String,
    mime: &'static str,
}

/// A file of the site with its full content type, for hosts that set types file by file.
#[derive(Debug, Serialize)]
struct File {
    /// From the host's root: `/send-progress/areas/x/feed.xml`.
    path: String,
    /// From the output folder: `areas/x/feed.xml` (IIS's `<location path>`).
    rel: String,
    /// Its extension: `xml`.
    ext: &'static str,
    mime: &'static str,
}

impl File {
    fn new(base: &str, rel: String, mime: &'static str) -> File {
        let ext = TYPES
            .iter()
            .map(|(e, _)| *e)
            .find(|e| rel.rsplit_once('.').is_some_and(|(_, x)| x == *e))
            .unwrap_or("");
        File {
            path: format!("{base}{rel}"),
            rel,
            ext,
            mime,
        }
    }
}

/// What the server templates see.
#[derive(Debug, Serialize)]
struct ServerView<'a> {
    base_url: &'a str,
    base_path: &'a str,
    not_found: String,
    /// sendsite's mark in the output folder (`.sendsite`), which no server should send.
    marker: &'static str,
    /// The mark from the host's root.
    hidden: String,
    redirects: Vec<Redirect>,
    types: Vec<Type>,
    text_types: Vec<&'static str>,
    named: Vec<Named>,
    files: Vec<File>,
}

/// The characters a site's path may have to be written in a server's configuration unquoted.
fn plain_path(path: &str) -> bool {
    path.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.~/".contains(c))
}

fn view(site: &Site) -> Result<ServerView<'_>, Diagnostic> {
    let c = &site.config;
    let base = c.base_path.as_str();
    if !plain_path(base) {
        return Err(Diagnostic::error(
            "content/site.toml",
            format!("base_url: the path \"{base}\" cannot be written in a server's configuration"),
        )
        .hint("use letters, digits, `-`, `_` and `.` in the path of base_url, or set [hosting] server = \"none\""));
    }
    if c.server == Server::Azure && base != "/" {
        return Err(Diagnostic::error(
            "content/site.toml",
            format!("[hosting] server = \"azure\": Azure Static Web Apps serves a site at the root of its address, not at \"{base}\""),
        )
        .hint("give the site an address of its own in base_url (e.g. https://send.example.gov.uk/), or host it elsewhere with another server"));
    }
    let split = |t: &'static str| t.split(';').next().unwrap_or(t).trim();
    let types: Vec<Type> = TYPES
        .iter()
        .map(|(ext, t)| Type {
            ext,
            mime: split(t),
            text: t.contains("charset"),
            full: t,
        })
        .collect();
    let mut text_types: Vec<&str> = types.iter().filter(|t| t.text).map(|t| t.mime).collect();
    text_types.extend(NAMED.iter().map(|(_, t)| split(t)));
    text_types.sort_unstable();
    text_types.dedup();
    let feeds = std::iter::once(String::new())
        .chain(site.areas.iter().map(|a| a.path()))
        .chain(
            c.vocabulary
                .kinds
                .iter()
                .map(|(k, _)| crate::site::addresses::kind_path(k)),
        );
    let mut files: Vec<File> = Vec::new();
    for dir in feeds {
        for (name, mime) in NAMED {
            files.push(File::new(base, format!("{dir}{name}"), mime));
        }
        if !dir.starts_with("kinds/") {
            let rel = format!("{dir}calendar.ics");
            files.push(File::new(base, rel, crate::media::content_type("x.ics")));
        }
    }
    files.extend(site.measures.iter().map(|m| {
        let rel = csv_path(&m.slug);
        File::new(base, rel, crate::media::content_type("x.csv"))
    }));
    Ok(ServerView {
        base_url: &c.base_url,
        base_path: base,
        not_found: format!("{base}404.html"),
        // The output stage's mark (`output::MARKER`), named here as the output stage reads the
        // render stage and not the other way; the hosting tests ask each server for it.
        marker: ".sendsite",
        hidden: format!("{base}.sendsite"),
        redirects: site
            .entries
            .iter()
            .flat_map(|e| {
                e.aliases.iter().map(move |a| Redirect {
                    from: format!("{base}{a}"),
                    to: format!("{base}{}", e.path()),
                    rel: a.trim_matches('/').to_string(),
                })
            })
            .collect(),
        types,
        text_types,
        named: NAMED
            .iter()
            .map(|(name, mime)| Named {
                name,
                pattern: name.replace('.', "\\."),
                mime: split(mime),
            })
            .collect(),
        files,
    })
}

/// The files in the output folder for the site's server: their names, by server.
pub fn inside(server: Server) -> &'static [(&'static str, &'static str)] {
    match server {
        Server::Apache => &[(".htaccess", "server-htaccess")],
        Server::Netlify => &[
            ("_redirects", "server-redirects"),
            ("_headers", "server-headers"),
        ],
        Server::Iis => &[("web.config", "server-webconfig")],
        Server::Azure => &[("staticwebapp.config.json", "server-azure")],
        Server::Nginx | Server::None => &[],
    }
}

/// Renders one of the server files inside the output (`template` from [`inside`]).
pub(super) fn render_inside(r: &Renderer, site: &Site, template: &str, path: &str) -> PageResult {
    let view = match view(site) {
        Ok(view) => view,
        Err(e) => return Some(Err(e)),
    };
    r.page(template, path, path, |ctx| ctx.insert("server", &view))
}

/// The nginx file written beside the output folder, when the site is hosted on nginx.
pub fn beside(site: &Site, theme: &Theme) -> Option<Result<Vec<u8>, Diagnostic>> {
    if site.config.server != Server::Nginx {
        return None;
    }
    Some(view(site).and_then(|view| {
        let mut ctx = tera::Context::new();
        ctx.insert("server", &view);
        theme
            .tera
            .render("server-nginx.conf", &ctx)
            .map(String::into_bytes)
            .map_err(|e| {
                Diagnostic::error(
                    "themes/default/templates/server-nginx.conf",
                    super::theme::describe(&e),
                )
                .hint("check the template: a variable or filter it uses is wrong")
            })
    }))
}
