//! Figures as people read them, the GOV.UK way: `1,041.5`, `62%`, `18 weeks`, and changes in
//! words ("up 3.5 percentage points").

/// A figure with at most two decimals and thousands separators: `41.5`, `1,000`, `-3`.
pub fn number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{:.2}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match fraction {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped}.{f}"),
    }
}

/// A figure with its unit: `62%`, `18 weeks`, `120` (no unit).
pub fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => number(value),
        "%" => format!("{}%", number(value)),
        unit => format!("{} {unit}", number(value)),
    }
}

/// How far a figure moved, in words: "up 3.5 percentage points", "down 2 weeks", "no change".
pub fn change(from: f64, to: f64, unit: &str) -> String {
    let delta = to - from;
    if number(delta) == "0" || number(delta) == "-0" {
        return "no change".into();
    }
    let direction = if delta > 0.0 { "up" } else { "down" };
    let size = match unit {
        "%" => format!(
            "{} percentage point{}",
            number(delta.abs()),
            plural(delta.abs())
        ),
        unit => with_unit(delta.abs(), unit),
    };
    format!("{direction} {size}")
}

fn plural(value: f64) -> &'static str {
    if number(value) == "1" {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_the_gov_uk_way() {
        assert_eq!(number(41.5), "41.5");
        assert_eq!(number(62.0), "62");
        assert_eq!(number(1041.5), "1,041.5");
        assert_eq!(number(1_000_000.0), "1,000,000");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(33.3333), "33.33");
        assert_eq!(with_unit(62.0, "%"), "62%");
        assert_eq!(with_unit(18.0, "weeks"), "18 weeks");
        assert_eq!(change(58.5, 62.0, "%"), "up 3.5 percentage points");
        assert_eq!(change(20.0, 18.0, "weeks"), "down 2 weeks");
        assert_eq!(change(61.0, 62.0, "%"), "up 1 percentage point");
        assert_eq!(change(5.0, 5.0, ""), "no change");
    }
}
