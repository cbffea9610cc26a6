//! RSS 2.0 and Atom feeds: the whole site, each area and each kind (see `channels`).
//!
//! Each entry becomes one [`Item`], once, and every feed that lists it reuses it. The XML is
//! written by the `rss` and `atom_syndication` crates, so titles and bodies are escaped the way
//! readers expect. Everything in a feed is absolute (links, images) and comes from the content:
//! ids from `ids`, dates in UK time from `uktime`, and the feed's own date is its newest entry's,
//! never the clock, so two builds are byte-identical. This module does not decide which feeds
//! exist or where they live: `channels` does.

use atom_syndication as atom;
use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use tera::Context;
use url::Url;

use super::channels::Channel;
use super::dates::DateView;
use super::theme::{describe, escape_html, Theme};
use super::views::Views;
use super::{uktime, Bodies, Output};
use crate::content::document::Target;
use crate::error::Diagnostic;
use crate::site::addresses::Addressed;
use crate::site::Site;

/// The template that lays out an entry's body for feeds.
const TEMPLATE: &str = "feed-entry.html";

/// One entry as every feed shows it.
struct Item<'a> {
    /// The entry's title; "Withdrawn: " first when it was withdrawn, so readers see it change.
    title: String,
    link: String,
    id: &'a str,
    published: DateTime<FixedOffset>,
    updated: DateTime<FixedOffset>,
    /// The entry's summary, or for a withdrawn entry when and why it was withdrawn.
    summary: String,
    /// The full body with absolute links.
    html: String,
    categories: Vec<Category>,
    /// Documents with an address: title and absolute URL.
    documents: Vec<(&'a str, String)>,
}

/// An area or kind an entry belongs to.
struct Category {
    term: String,
    label: String,
    scheme: String,
}

/// What the items are made from.
struct Sources<'a> {
    site: &'a Site,
    theme: &'a Theme,
    bodies: &'a Bodies,
    ids: &'a [String],
    base: Url,
}

/// Every feed of the site, RSS (`feed.xml`) and Atom (`atom.xml`) side by side.
pub fn render(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
    ids: &[String],
    channels: &[Channel],
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    feeds(site, theme, bodies, ids, channels).map_err(|e| vec![e])
}

fn feeds(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
    ids: &[String],
    channels: &[Channel],
) -> Result<Vec<Output>, Diagnostic> {
    let base =
        Url::parse(&site.config.base_url).map_err(|e| bad_base_url(&site.config.base_url, e))?;
    let sources = Sources {
        site,
        theme,
        bodies,
        ids,
        base,
    };
    let limit = match site.config.feed_limit {
        0 => usize::MAX,
        n => n,
    };
    let channels: Vec<Channel> = channels
        .iter()
        .map(|ch| {
            let mut ch = ch.clone();
            ch.entries.truncate(limit);
            ch
        })
        .collect();
    // Only entries some feed lists are turned into items: a long record's feeds stay small.
    let mut listed = vec![false; site.entries.len()];
    for &i in channels.iter().flat_map(|ch| &ch.entries) {
        listed[i] = true;
    }
    let items: Vec<Option<Item>> = (0..site.entries.len())
        .into_par_iter()
        .map(|i| listed[i].then(|| item(&sources, i)).transpose())
        .collect::<Result<_, _>>()?;
    // An empty feed still needs a date: the site's newest, which is as stable as any.
    let newest = items
        .iter()
        .flatten()
        .map(|i| i.updated)
        .max()
        .unwrap_or_else(|| uktime::london(time::macros::date!(1970 - 01 - 01), None));
    let mut outputs = Vec::new();
    for ch in channels {
        let updated = ch
            .entries
            .iter()
            .map(|&i| listed_item(&items, i).updated)
            .max()
            .unwrap_or(newest);
        outputs.push(Output::bytes(
            format!("{}feed.xml", ch.dir),
            rss_feed(site, &ch, &items, updated)?,
        ));
        outputs.push(Output::bytes(
            format!("{}atom.xml", ch.dir),
            atom_feed(site, &ch, &items, updated)?,
        ));
    }
    Ok(outputs)
}

/// The item of an entry a feed lists; every listed entry was turned into one above.
fn listed_item<'i, 'a>(items: &'i [Option<Item<'a>>], i: usize) -> &'i Item<'a> {
    items[i]
        .as_ref()
        .expect("items are made for every entry a channel lists")
}

fn bad_base_url(url: &str, e: url::ParseError) -> Diagnostic {
    Diagnostic::error(
        "content/site.toml",
        format!("base_url \"{url}\" is not a web address: {e}"),
    )
    .hint("write the full address of the site, e.g. https://www.example.gov.uk/send-progress/")
}

/// Builds the feed item of entry `i`: its body laid out by the theme, with absolute links.
fn item<'a>(s: &Sources<'a>, i: usize) -> Result<Item<'a>, Diagnostic> {
    let e = &s.site.entries[i];
    let page = s
        .base
        .join(&e.path())
        .map_err(|err| bad_base_url(s.site.config.base_url.as_str(), err))?;
    let mut ctx = Context::new();
    ctx.insert(
        "entry",
        &Views::new(s.site).entry_page(i, &s.bodies.entries[i]),
    );
    let html = s.theme.tera.render(TEMPLATE, &ctx).map_err(|err| {
        Diagnostic::error(
            format!("themes/default/templates/{TEMPLATE}"),
            describe(&err),
        )
        .hint("check the template: a variable or filter it uses is wrong")
    })?;
    let last_change = e.updated();
    let (title, summary) = match &e.withdrawn {
        Some(w) => (
            format!("Withdrawn: {}", e.title),
            format!("Withdrawn on {}: {}", DateView::new(w.date).text, w.reason),
        ),
        None => (e.title.clone(), e.summary.clone()),
    };
    Ok(Item {
        title,
        html: super::sanitize::absolute_links(html.trim(), &page),
        link: page.to_string(),
        id: &s.ids[i],
        published: uktime::london(e.date, None),
        updated: uktime::london(last_change, None),
        summary,
        categories: categories(s.site, i),
        documents: e
            .documents
            .iter()
            .filter_map(|d| Some((d.title.as_str(), document_url(&s.base, &d.target)?)))
            .collect(),
    })
}

/// The entry's areas, in the order given, then its kind.
fn categories(site: &Site, i: usize) -> Vec<Category> {
    let e = &site.entries[i];
    let base = &site.config.base_url;
    let mut list: Vec<Category> = e
        .areas
        .iter()
        .map(|slug| Category {
            term: slug.clone(),
            label: site
                .area(slug)
                .map_or(slug.as_str(), |a| a.title.as_str())
                .to_string(),
            scheme: format!("{base}areas/"),
        })
        .collect();
    list.push(Category {
        term: e.kind.clone(),
        label: site.config.kind_label(&e.kind).to_string(),
        scheme: format!("{base}kinds/"),
    });
    list
}

fn document_url(base: &Url, target: &Target) -> Option<String> {
    match target {
        Target::File(path) => base.join(path).ok().map(String::from),
        Target::Url(url) => Some(url.clone()),
        Target::None => None,
    }
}

/// An RSS 2.0 channel with `atom:link rel="self"`.
fn rss_feed(
    site: &Site,
    ch: &Channel,
    items: &[Option<Item>],
    updated: DateTime<FixedOffset>,
) -> Result<Vec<u8>, Diagnostic> {
    let self_link = atom::Link {
        href: ch.links.rss.clone(),
        rel: "self".into(),
        mime_type: Some("application/rss+xml".into()),
        ..Default::default()
    };
    let channel = rss::Channel {
        title: ch.title.clone(),
        link: ch.page.clone(),
        description: ch.description.clone(),
        language: Some(site.config.language.clone()),
        last_build_date: Some(updated.to_rfc2822()),
        items: ch
            .entries
            .iter()
            .map(|&i| rss_item(listed_item(items, i)))
            .collect(),
        atom_ext: Some(rss::extension::atom::AtomExtension {
            links: vec![self_link],
        }),
        ..Default::default()
    };
    channel
        .pretty_write_to(Vec::new(), b' ', 2)
        .map(ascii_xml)
        .map_err(|e| write_error(&ch.links.rss, e))
}

fn rss_item(item: &Item) -> rss::Item {
    rss::Item {
        title: Some(item.title.clone()),
        link: Some(item.link.clone()),
        // RSS readers take the description as HTML, so the plain summary is escaped for it.
        description: (!item.summary.is_empty()).then(|| escape_html(&item.summary)),
        categories: item
            .categories
            .iter()
            .map(|c| rss::Category {
                name: c.label.clone(),
                domain: Some(c.scheme.clone()),
            })
            .collect(),
        guid: Some(rss::Guid {
            value: item.id.to_string(),
            permalink: false,
        }),
        pub_date: Some(item.published.to_rfc2822()),
        content: Some(item.html.clone()),
        ..Default::default()
    }
}

/// An Atom feed; its id is its own address, which no other feed has.
fn atom_feed(
    site: &Site,
    ch: &Channel,
    items: &[Option<Item>],
    updated: DateTime<FixedOffset>,
) -> Result<Vec<u8>, Diagnostic> {
    let c = &site.config;
    let feed = atom::Feed {
        title: atom::Text::plain(ch.title.clone()),
        id: ch.links.atom.clone(),
        updated,
        authors: vec![atom::Person {
            name: c.organisation.clone(),
            ..Default::default()
        }],
        links: vec![
            atom_link(&ch.page, "alternate", "text/html"),
            atom_link(&ch.links.atom, "self", "application/atom+xml"),
        ],
        subtitle: Some(atom::Text::plain(ch.description.clone())),
        entries: ch
            .entries
            .iter()
            .map(|&i| atom_entry(listed_item(items, i)))
            .collect(),
        lang: Some(c.language.clone()),
        ..Default::default()
    };
    let config = atom::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    feed.write_with_config(Vec::new(), config)
        .map(ascii_xml)
        .map_err(|e| write_error(&ch.links.atom, e))
}

fn atom_entry(item: &Item) -> atom::Entry {
    let mut links = vec![atom_link(&item.link, "alternate", "text/html")];
    links.extend(item.documents.iter().map(|(title, url)| atom::Link {
        href: url.clone(),
        rel: "related".into(),
        title: Some(title.to_string()),
        ..Default::default()
    }));
    atom::Entry {
        title: atom::Text::plain(item.title.clone()),
        id: item.id.to_string(),
        updated: item.updated,
        published: Some(item.published),
        links,
        categories: item
            .categories
            .iter()
            .map(|c| atom::Category {
                term: c.term.clone(),
                scheme: Some(c.scheme.clone()),
                label: Some(c.label.clone()),
            })
            .collect(),
        summary: (!item.summary.is_empty()).then(|| atom::Text::plain(item.summary.clone())),
        content: Some(atom::Content {
            value: Some(item.html.clone()),
            content_type: Some("html".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn atom_link(href: &str, rel: &str, mime: &str) -> atom::Link {
    atom::Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        ..Default::default()
    }
}

/// A feed in ASCII alone: every other character written as a numeric character reference
/// (`&#xE9;`), and every character XML 1.0 forbids taken out.
///
/// A server that knows nothing of feeds sends `.xml` as `text/xml` without a charset, which
/// means US-ASCII: feed readers then misread (or reject) every UTF-8 character. A reference reads
/// the same under any charset. Inside the CDATA sections of RSS (`description`,
/// `content:encoded`) a reference is not XML's but HTML's, and those hold HTML, which reads it
/// the same way. The forbidden characters (control characters other than tab and line breaks,
/// U+FFFE, U+FFFF) would make the whole feed unreadable: sources lose them when they are read,
/// and this catches those written as TOML escapes (`"\u000B"`). The markup itself is ASCII, so
/// only text changes.
fn ascii_xml(xml: Vec<u8>) -> Vec<u8> {
    use std::fmt::Write;
    let allowed = |c: &char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    let text = match String::from_utf8(xml) {
        Ok(text) if text.chars().all(|c| c.is_ascii() && allowed(&c)) => return text.into_bytes(),
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars().filter(allowed) {
        if c.is_ascii() {
            out.push(c);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "&#x{:X};", u32::from(c));
        }
    }
    out.into_bytes()
}

fn write_error(feed: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(feed, format!("cannot write this feed: {e}"))
}
