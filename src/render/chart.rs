//! A measure's line chart as numbers: where each point, axis label and the target line go.
//!
//! Only geometry is computed here; the SVG markup is the theme's (`chart.html`), so that its
//! accessible name, description, text and styles are templates like every other page's. The x
//! axis is proportional to time (a gap in the figures shows as a gap), the y axis starts at zero
//! unless a figure is below it, and both are labelled in real text.

use serde::Serialize;

use super::numbers::{number, with_unit};
use crate::content::figures::Figure;

/// How big a chart is drawn, in the SVG's own units (it scales to the width it is given).
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub width: f64,
    pub height: f64,
    /// Whether to label the y axis and draw its grid (the small chart on an area's page does not).
    pub ticks: bool,
}

/// The chart on a measure's own page: readable at 320 px wide, where it is drawn about 290 px.
pub const FULL: Size = Size {
    width: 320.0,
    height: 200.0,
    ticks: true,
};

/// The small chart beside a measure's latest figure on an area's page.
pub const SMALL: Size = Size {
    width: 240.0,
    height: 90.0,
    ticks: false,
};

/// A labelled place on an axis.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// One figure as a point of the chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// `2024-03` or `2024-03-31`, as in the table.
    pub date: String,
    /// The figure as written in the table.
    pub value: String,
}

/// The target's dashed line and where its label goes: at the end of the chart where the line
/// of figures is furthest from it, on the side away from that line, so that they never overlap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetMark {
    /// Its height.
    pub at: f64,
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
    /// `start` or `end`, for `text-anchor`.
    pub anchor: &'static str,
}

/// Everything the template needs to draw one chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChartView {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// The y axis: figures and where they are.
    pub y_ticks: Vec<Tick>,
    /// The x axis: a few dates.
    pub x_ticks: Vec<Tick>,
    pub points: Vec<Point>,
    /// The line through the points, as SVG path data.
    pub path: String,
    /// The target line and its label ("Target 60%").
    pub target: Option<TargetMark>,
    /// The unit named on the y axis when it is not `%` (e.g. "weeks").
    pub unit: String,
    /// The y axis's range in words, "0% to 80%": the small chart, drawn without axis labels,
    /// says it beside itself.
    pub scale: String,
}

/// The chart of `figures` (at least two; one figure is shown as text, not as a chart).
pub fn chart(figures: &[Figure], unit: &str, target: Option<f64>, size: Size) -> Option<ChartView> {
    if figures.len() < 2 {
        return None;
    }
    let (left, right) = match size.ticks {
        true => (44.0, size.width - 12.0),
        false => (6.0, size.width - 6.0),
    };
    let (top, bottom) = match size.ticks {
        true => (22.0, size.height - 26.0),
        false => (8.0, size.height - 20.0),
    };
    let values = figures.iter().map(|f| f.value).chain(target);
    // Zero is always on the axis (a figure is read against nothing, not against its smallest).
    let (low, high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (low, high, step) = scale(low, high);
    let day = |f: &Figure| f.date.first.to_julian_day() as f64;
    let (first, last) = (day(&figures[0]), day(&figures[figures.len() - 1]));
    let x = |f: &Figure| left + (day(f) - first) / (last - first).max(1.0) * (right - left);
    let y = |v: f64| bottom - (v - low) / (high - low) * (bottom - top);
    let points: Vec<Point> = figures
        .iter()
        .map(|f| Point {
            x: round(x(f)),
            y: round(y(f.value)),
            date: f.date.iso(),
            value: number(f.value),
        })
        .collect();
    let path = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}{} {}", if i == 0 { "M" } else { "L" }, p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let percent = unit == "%";
    let y_ticks = match size.ticks {
        true => (0..)
            .map(|i| low + step * i as f64)
            .take_while(|v| *v <= high + step / 1e6)
            .map(|v| Tick {
                at: round(y(v)),
                label: if percent {
                    with_unit(v, unit)
                } else {
                    number(v)
                },
            })
            .collect(),
        false => Vec::new(),
    };
    let mut chosen = vec![0, figures.len() - 1];
    if size.ticks && figures.len() >= 5 {
        chosen.insert(1, figures.len() / 2);
    }
    let x_ticks = chosen
        .into_iter()
        .map(|i| Tick {
            at: points[i].x,
            label: short_date(&figures[i]),
        })
        .collect();
    let target = target.map(|t| {
        let at = round(y(t));
        let (first, last) = (&points[0], &points[points.len() - 1]);
        let (near, x, anchor) = match (first.y - at).abs() > (last.y - at).abs() {
            true => (first, left + 4.0, "start"),
            false => (last, right, "end"),
        };
        // Above the line, or below it when the figures are above; never out of the plot (where
        // it would meet the axis labels or leave the picture).
        let (above, below) = (at - 5.0, at + 15.0);
        let fits = |y: f64| y >= top + 10.0 && y <= bottom - 4.0;
        let label_y = match (near.y < at, fits(above), fits(below)) {
            (true, _, true) | (false, false, true) => below,
            _ if fits(above) => above,
            _ => (top + 10.0).max(at.min(bottom - 4.0)),
        };
        TargetMark {
            at,
            label: format!("Target {}", with_unit(t, unit)),
            label_x: x,
            label_y: round(label_y),
            anchor,
        }
    });
    let scale = format!("{} to {}", with_unit(low, unit), with_unit(high, unit));
    Some(ChartView {
        scale,
        width: size.width,
        height: size.height,
        left,
        right,
        top,
        bottom,
        y_ticks,
        x_ticks,
        points,
        path,
        target,
        unit: if percent {
            String::new()
        } else {
            unit.to_string()
        },
    })
}

/// The y axis from `low` to `high` in round steps (1, 2 or 5 times a power of ten), about four
/// of them: the axis's low end, high end and step.
fn scale(low: f64, high: f64) -> (f64, f64, f64) {
    // All figures zero: an axis from 0 to 1, not a span of nothing.
    let span = match high - low {
        s if s > 0.0 => s,
        _ => 1.0,
    };
    let rough = span / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let low = (low / step).floor() * step;
    let high = ((high / step).ceil() * step).max(low + step);
    (low, high, step)
}

/// `Mar 2024`, or `31 Mar 2024` for a day.
fn short_date(figure: &Figure) -> String {
    let d = figure.date.first;
    let month = &d.month().to_string()[..3];
    match figure.date.month {
        true => format!("{month} {}", d.year()),
        false => format!("{} {month} {}", d.day(), d.year()),
    }
}

/// Two decimals are finer than any screen: keeps the files small and stable.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::dates::parse_dated_text;

    fn figures(values: &[(&str, f64)]) -> Vec<Figure> {
        values
            .iter()
            .map(|(d, v)| Figure {
                date: parse_dated_text(d).unwrap(),
                value: *v,
                note: None,
            })
            .collect()
    }

    #[test]
    fn zero_and_negative_figures_get_a_real_axis_and_the_target_label_stays_inside() {
        assert_eq!(scale(0.0, 0.0), (0.0, 0.5, 0.5));
        let f = figures(&[("2024-01", -5.0), ("2024-06", -3.0)]);
        let c = chart(&f, "", Some(0.0), FULL).unwrap();
        assert_eq!(c.y_ticks.last().unwrap().label, "0", "zero is on the axis");
        let t = c.target.unwrap();
        assert!(
            t.label_y >= c.top + 10.0 && t.label_y <= c.bottom - 4.0,
            "{t:?}"
        );
        let f = figures(&[("2024-01", 40.0), ("2024-06", 50.0)]);
        let c = chart(&f, "%", Some(60.0), SMALL).unwrap();
        let t = c.target.unwrap();
        assert!(
            t.label_y >= c.top + 10.0,
            "a target at the top is labelled inside: {t:?}"
        );
    }

    #[test]
    fn axes_are_round_and_start_at_zero() {
        assert_eq!(scale(0.0, 62.0), (0.0, 80.0, 20.0));
        assert_eq!(scale(0.0, 1041.0), (0.0, 1500.0, 500.0));
        assert_eq!(scale(-3.0, 4.0), (-4.0, 4.0, 2.0));
    }

    #[test]
    fn points_are_placed_by_date_and_value() {
        let f = figures(&[("2024-01", 0.0), ("2024-02", 35.0), ("2024-07", 80.0)]);
        let c = chart(&f, "%", Some(60.0), FULL).unwrap();
        assert_eq!(c.points[0].x, c.left);
        assert_eq!(c.points[2].x, c.right);
        assert_eq!(c.points[0].y, c.bottom);
        assert_eq!(c.points[2].y, c.top);
        assert!(
            c.points[1].x - c.left < (c.right - c.left) / 4.0,
            "a month is not a fifth of the span"
        );
        assert_eq!(c.y_ticks.last().unwrap().label, "80%");
        let target = c.target.unwrap();
        assert_eq!(target.label, "Target 60%");
        // The figures end above the target, far from it at the start: the label goes there.
        assert_eq!((target.anchor, target.label_y), ("start", target.at - 5.0));
        assert_eq!(c.x_ticks[0].label, "Jan 2024");
        assert!(chart(&f[..1], "%", None, FULL).is_none());
    }
}
