//! `/data.json`: the site's facts for reuse (parent carer forums, journalists, the DfE), and the
//! JSON Schema that describes it, `/data.schema.json` (the schema is the theme's template).
//!
//! Everything here is derived from the model, as the pages are: areas with their type, finding,
//! current official status and its history, the council's own ratings, the inspections' outcomes,
//! every published update with its permanent id, the documents, the plan's actions and the
//! measures with every figure. Updates are referred to by their permanent ids, which do not change
//! when an address does. Keys keep one order, so the file is byte-identical on every build.

use serde::Serialize;

/// The schema's `$id`, the same on every site, so that an aggregator knows each council's
/// `data.json` for the same kind of file: a URN, as the project has no address of its own to
/// name it by. Its last part is the major version: a change that breaks a reader makes `2`.
pub const SCHEMA_ID: &str = "urn:sendsite:schema:data:1";

/// The version of the schema each `data.json` follows (`schema_version`): the minor version
/// grows with keys added, the major one with a change that breaks a reader.
pub const SCHEMA_VERSION: &str = "1.1.0";

use super::dates::iso;
use super::measures::csv_path;
use crate::content::document::Target;
use crate::site::addresses::Addressed;
use crate::site::{Site, StatusChange};

#[derive(Serialize)]
struct Data<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    schema_version: &'static str,
    /// The day the site last changed (its newest update or figure): never the day of the build.
    modified: Option<String>,
    site: SiteFacts<'a>,
    areas: Vec<AreaFacts<'a>>,
    outcomes: Vec<Status<'a>>,
    entries: Vec<EntryFacts<'a>>,
    documents: Vec<DocumentFacts<'a>>,
    actions: Vec<ActionFacts<'a>>,
    measures: Vec<MeasureFacts<'a>>,
}

#[derive(Serialize)]
struct SiteFacts<'a> {
    title: &'a str,
    organisation: &'a str,
    url: &'a str,
    language: &'a str,
    framework: &'static str,
    licence: Licence<'a>,
    /// The council's GSS code (`[open_data] gss_code`).
    #[serde(skip_serializing_if = "Option::is_none")]
    gss_code: Option<&'a str>,
}

/// Under which licence the data may be reused.
#[derive(Serialize)]
struct Licence<'a> {
    /// Its SPDX identifier, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    name: &'a str,
    url: &'a str,
}

/// A status, an outcome or a rating: its word, its label, its date and the update that gave it.
#[derive(Serialize)]
struct Status<'a> {
    slug: &'a str,
    label: &'a str,
    date: String,
    entry: &'a str,
}

#[derive(Serialize)]
struct AreaFacts<'a> {
    slug: &'a str,
    title: &'a str,
    number: u32,
    #[serde(rename = "type")]
    area_type: Option<&'a str>,
    finding: &'a str,
    url: String,
    /// The inspectors' latest judgement (official).
    status: Option<Status<'a>>,
    status_history: Vec<Status<'a>>,
    /// The council's own latest rating (not a judgement).
    own_rating: Option<Status<'a>>,
    own_history: Vec<Status<'a>>,
}

#[derive(Serialize)]
struct EntryFacts<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    kind: &'a str,
    areas: &'a [String],
    url: String,
    summary: &'a str,
    /// Only for a withdrawn update: what it records no longer counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    withdrawn: Option<Withdrawn<'a>>,
}

#[derive(Serialize)]
struct Withdrawn<'a> {
    date: String,
    reason: &'a str,
}

#[derive(Serialize)]
struct DocumentFacts<'a> {
    title: &'a str,
    entry: &'a str,
    /// Where it is published; `null` when it is named but not published.
    url: Option<String>,
    format: Option<&'a str>,
    size: Option<&'a str>,
    pages: Option<u32>,
}

#[derive(Serialize)]
struct Report<'a> {
    status: &'a str,
    label: &'a str,
    note: Option<&'a str>,
    date: String,
    entry: &'a str,
}

#[derive(Serialize)]
struct ActionFacts<'a> {
    id: &'a str,
    area: &'a str,
    title: &'a str,
    /// `2025-03-31`, or `2025-03` for a month.
    due: String,
    owner: Option<&'a str>,
    measure: Option<&'a str>,
    /// The latest rating's word, `null` before any report.
    status: Option<&'a str>,
    overdue: bool,
    history: Vec<Report<'a>>,
}

#[derive(Serialize)]
struct Figure<'a> {
    date: String,
    value: f64,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct MeasureFacts<'a> {
    slug: &'a str,
    title: &'a str,
    unit: &'a str,
    target: Option<f64>,
    target_date: Option<String>,
    better: Option<&'static str>,
    target_met: Option<bool>,
    areas: Vec<&'a str>,
    source: Option<&'a str>,
    url: String,
    csv: String,
    values: Vec<Figure<'a>>,
}

/// What the open data says of itself, for its description on the subscribe page (a schema.org
/// `Dataset`, which search engines and data catalogues read).
#[derive(Serialize)]
pub struct Described<'a> {
    pub id: &'static str,
    pub version: &'static str,
    pub licence: &'a crate::config::open_data::Licence,
    pub gss_code: Option<&'a str>,
    /// As in `data.json`: the day the site last changed (its newest update or figure).
    pub modified: Option<String>,
    /// Each measure's figures as CSV: its title and address.
    pub csv: Vec<(&'a str, String)>,
}

/// The open data's description.
pub fn described(site: &Site) -> Described<'_> {
    let c = &site.config;
    Described {
        id: SCHEMA_ID,
        version: SCHEMA_VERSION,
        licence: &c.open_data.licence,
        gss_code: c.open_data.gss_code.as_deref(),
        modified: super::lastmod::site_changed(site).map(iso),
        csv: (site.measures.iter())
            .map(|m| {
                (
                    m.title.as_str(),
                    format!("{}{}", c.base_url, csv_path(&m.slug)),
                )
            })
            .collect(),
    }
}

/// The bytes of `/data.json`; `ids` are the entries' permanent ids, in the model's order.
pub fn json<'a>(site: &'a Site, ids: &'a [String]) -> Vec<u8> {
    let c = &site.config;
    let url = |path: &str| format!("{}{path}", c.base_url);
    let v = &c.vocabulary;
    let status = |s: &'a StatusChange| Status {
        slug: &s.status,
        label: v.label(&s.status),
        date: iso(s.date),
        entry: &ids[s.entry],
    };
    let history = |map: &'a std::collections::BTreeMap<String, Vec<StatusChange>>, slug: &str| {
        map.get(slug)
            .map(|h| h.iter().map(status).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let data = Data {
        schema: url("data.schema.json"),
        schema_version: SCHEMA_VERSION,
        modified: described(site).modified,
        site: SiteFacts {
            title: &c.title,
            organisation: &c.organisation,
            url: &c.base_url,
            language: &c.language,
            framework: v.framework.name(),
            licence: Licence {
                id: c.open_data.licence.id.as_deref(),
                name: &c.open_data.licence.name,
                url: &c.open_data.licence.url,
            },
            gss_code: c.open_data.gss_code.as_deref(),
        },
        areas: site
            .areas
            .iter()
            .map(|a| AreaFacts {
                slug: &a.slug,
                title: &a.title,
                number: a.number,
                area_type: a.area_type.as_deref(),
                finding: &a.finding,
                url: url(&a.path()),
                status: site.current_status(&a.slug).map(status),
                status_history: history(&site.status_history, &a.slug),
                own_rating: site
                    .progress_history
                    .get(&a.slug)
                    .and_then(|h| h.last())
                    .map(status),
                own_history: history(&site.progress_history, &a.slug),
            })
            .collect(),
        outcomes: site.outcomes.iter().map(status).collect(),
        entries: site
            .entries
            .iter()
            .zip(ids)
            .map(|(e, id)| EntryFacts {
                id,
                title: &e.title,
                date: iso(e.date),
                kind: &e.kind,
                areas: &e.areas,
                url: url(&e.path()),
                summary: &e.summary,
                withdrawn: e.withdrawn.as_ref().map(|w| Withdrawn {
                    date: iso(w.date),
                    reason: &w.reason,
                }),
            })
            .collect(),
        documents: site
            .entries
            .iter()
            .zip(ids)
            .flat_map(|(e, id)| {
                e.documents.iter().map(move |d| DocumentFacts {
                    title: &d.title,
                    entry: id,
                    url: match &d.target {
                        Target::File(path) => Some(url(path)),
                        Target::Url(u) => Some(u.clone()),
                        Target::None => None,
                    },
                    format: d.format.as_deref(),
                    size: d.size.as_deref(),
                    pages: d.pages,
                })
            })
            .collect(),
        actions: site
            .actions
            .iter()
            .map(|s| {
                let area = &site.areas[s.area];
                let a = &area.actions[s.index];
                ActionFacts {
                    id: &a.id,
                    area: &area.slug,
                    title: &a.title,
                    due: a.due.iso(),
                    owner: a.owner.as_deref(),
                    measure: a.measure.as_deref(),
                    status: s.current().map(|c| c.status.as_str()),
                    overdue: s.overdue,
                    history: s
                        .reports
                        .iter()
                        .map(|r| Report {
                            status: &r.status,
                            label: v.label(&r.status),
                            note: r.note.as_deref(),
                            date: iso(r.date),
                            entry: &ids[r.entry],
                        })
                        .collect(),
                }
            })
            .collect(),
        measures: site
            .measures
            .iter()
            .map(|m| MeasureFacts {
                slug: &m.slug,
                title: &m.title,
                unit: &m.unit,
                target: m.target,
                target_date: m.target_date.map(|d| d.iso()),
                better: m.better.map(|b| match b {
                    crate::content::Better::Higher => "higher",
                    crate::content::Better::Lower => "lower",
                }),
                target_met: m.target_met(),
                areas: m.areas.iter().map(|(a, _)| a.as_str()).collect(),
                source: m.origin.as_deref(),
                url: url(&m.path()),
                csv: url(&csv_path(&m.slug)),
                values: m
                    .values
                    .iter()
                    .map(|f| Figure {
                        date: f.date.iso(),
                        value: f.value,
                        note: f.note.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = Escaped(Vec::with_capacity(64 * 1024));
    // Writing to memory cannot fail.
    let _ = serde_json::to_writer_pretty(&mut out, &data);
    out.0.push(b'\n');
    out.0
}

/// Writes JSON with `<`, `>` and `&` as escapes (`\u003c`...), in one pass: they only occur inside
/// strings, and written so, text from the content can never become mark-up, even where the file
/// is pasted into a page (as Go's encoder does).
struct Escaped(Vec<u8>);

impl std::io::Write for Escaped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            match b {
                b'<' => self.0.extend_from_slice(b"\\u003c"),
                b'>' => self.0.extend_from_slice(b"\\u003e"),
                b'&' => self.0.extend_from_slice(b"\\u0026"),
                _ => self.0.push(b),
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
