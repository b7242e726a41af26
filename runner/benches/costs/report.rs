//! The results of every host: rows in `target/bench/results.json` (this
//! host's merged with the JavaScript hosts'), tables of ratios on stdout, and
//! a plot of throughput against transfer size in `target/bench/throughput.svg`.

use std::path::Path;

use plotters::prelude::*;
use serde_json::{Value, json};

/// One measurement, and what it is compared with.
pub struct Row {
    pub group: &'static str,
    pub name: String,
    /// How the bytes travel (which API, which copies).
    pub path: &'static str,
    /// Bytes moved per operation, for bulk rows.
    pub bytes: Option<usize>,
    /// What one operation costs: nanoseconds, or instructions when the run
    /// counts them (`measure::counting`).
    pub per_op: f64,
    /// The name of the row this one is compared with, and its time.
    pub baseline: Option<(String, f64)>,
    /// Whether the baseline is a floor: this path does at least its work
    /// (each byte copied once), so a ratio below 1 is a measurement bug.
    pub floor: bool,
}

impl Row {
    fn json(&self, host: &str, runtime: &str) -> Value {
        let ratio = self.baseline.as_ref().map(|(_, cost)| self.per_op / cost);
        let mut row = json!({
            "host": host,
            "runtime": runtime,
            "group": self.group,
            "name": self.name,
            "path": self.path,
            "bytes": self.bytes,
            "gb_per_s": self.bytes
                .filter(|_| !crate::measure::counting())
                .map(|bytes| bytes as f64 / self.per_op),
            "baseline": self.baseline.as_ref().map(|(name, _)| name),
            "ratio": ratio,
            "floor": self.floor,
        });
        row[cost_key()] = json!(self.per_op);
        row
    }
}

/// A row of `group` that moves `bytes` per operation, named `"{name}
/// {size}"`; compared with `floor`, if given, a time it cannot beat.
pub fn bulk(
    group: &'static str,
    name: &str,
    bytes: usize,
    path: &'static str,
    per_op: f64,
    floor: Option<(String, f64)>,
) -> Row {
    Row {
        group,
        name: format!("{name} {}", human(bytes)),
        path,
        bytes: Some(bytes),
        per_op,
        floor: floor.is_some(),
        baseline: floor,
    }
}

/// One operation done two ways, as two rows named `"{name}, {how}"`: the
/// first way, then the second compared with it. Each way is (how, path,
/// nanoseconds per operation).
pub fn compared(
    group: &'static str,
    name: &str,
    bytes: Option<usize>,
    first: (&str, &'static str, f64),
    second: (&str, &'static str, f64),
) -> [Row; 2] {
    let row = |(how, path, per_op): (&str, &'static str, f64), baseline| Row {
        group,
        name: format!("{name}, {how}"),
        path,
        bytes,
        per_op,
        baseline,
        floor: false,
    };
    let baseline = Some((format!("{name}, {}", first.0), first.2));
    [row(first, None), row(second, baseline)]
}

/// Prints every host's rows as tables, one per host and group, with ratios
/// against each row's baseline. For bulk rows, the ratio's inverse is the
/// share of the baseline's throughput, in brackets.
pub fn print_tables(rows: &[Value]) {
    let mut heading = String::new();
    for row in rows {
        let this = format!(
            "{}: {}",
            row["runtime"].as_str().unwrap_or("?"),
            row["group"].as_str().unwrap_or("?")
        );
        if this != heading {
            println!("\n{this}");
            let (cost, throughput) = match crate::measure::counting() {
                true => ("instructions", ""),
                false => ("time", "GB/s"),
            };
            println!(
                "  {:<52} {:>10} {:>7}  {:<36} {:>12}",
                "operation", cost, throughput, "baseline", "ratio"
            );
            heading = this;
        }
        println!(
            "  {:<52} {:>10} {:>7}  {:<36} {:>12}",
            row["name"].as_str().unwrap_or("?"),
            cost(row[cost_key()].as_f64().unwrap_or(f64::NAN)),
            row["gb_per_s"]
                .as_f64()
                .filter(|_| !crate::measure::counting())
                .map_or(String::new(), |gb| format!("{gb:.1}")),
            row["baseline"].as_str().unwrap_or(""),
            ratio(row),
        );
    }
    print_beaten_floors(rows);
}

/// Rows faster than a floor they cannot beat: each is a measurement bug (a
/// floor measured badly, or a path that skipped work), flagged in the
/// tables with `!` and listed here.
fn print_beaten_floors(rows: &[Value]) {
    let beaten: Vec<String> = rows
        .iter()
        .filter(|row| beats_its_floor(row))
        .map(|row| {
            let runtime = row["runtime"].as_str().unwrap_or("?");
            let name = row["name"].as_str().unwrap_or("?");
            let baseline = row["baseline"].as_str().unwrap_or("?");
            format!("  {runtime}: {name} is faster than {baseline}")
        })
        .collect();
    if crate::measure::counting() {
        println!(
            "\nFloors: not checked in instructions, which do not count the bytes a copy moves"
        );
        return;
    }
    match beaten.is_empty() {
        true => println!(
            "
Floors: no row is faster than its floor."
        ),
        false => println!(
            "
Floors: {} rows are faster than their floor, which they cannot be (a measurement bug):\n{}",
            beaten.len(),
            beaten.join("\n")
        ),
    }
}

/// Whether `row` is faster than a floor it cannot beat. Not in
/// instructions: a copy by `rep movsb` counts as one instruction a chunk, so
/// which copy counts fewer says nothing of which moves fewer bytes.
fn beats_its_floor(row: &Value) -> bool {
    !crate::measure::counting()
        && row["floor"].as_bool() == Some(true)
        && row["ratio"].as_f64().is_some_and(|ratio| ratio < 1.0)
}

/// The ratio column: time over the baseline's time, and for bulk rows the
/// share of the baseline's throughput.
fn ratio(row: &Value) -> String {
    if beats_its_floor(row) {
        return format!("{:.2} !", row["ratio"].as_f64().unwrap_or(f64::NAN));
    }
    match (row["ratio"].as_f64(), row["bytes"].is_number()) {
        (None, _) => String::new(),
        (Some(ratio), true) => format!("{ratio:.2} ({:.0}%)", 100.0 / ratio),
        (Some(ratio), false) if ratio < 0.1 => format!("{ratio:.4}"),
        (Some(ratio), false) => format!("{ratio:.2}"),
    }
}

/// A transfer size as the tables and the plot label it: "64 B", "4 KiB".
pub fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b if b >= 1024 => format!("{} KiB", b / 1024),
        b => format!("{b} B"),
    }
}

/// The key of a row's cost in the results: nanoseconds per operation (the
/// JavaScript hosts write the same), or instructions.
fn cost_key() -> &'static str {
    match crate::measure::counting() {
        true => "instructions_per_op",
        false => "ns_per_op",
    }
}

/// A cost as this run measures it, in the unit that keeps it short: a time
/// ("99.9 ns", "1.46 µs", "10.8 ms", "61.2 s") or, under callgrind, instructions
/// ("412 i", "12.3 ki", "1.46 Mi").
pub fn cost(value: f64) -> String {
    match (crate::measure::counting(), value) {
        (false, ns) if ns < 1e3 => format!("{ns:.1} ns"),
        (false, ns) if ns < 1e6 => format!("{:.2} µs", ns / 1e3),
        (false, ns) if ns < 1e9 => format!("{:.1} ms", ns / 1e6),
        (false, ns) => format!("{:.1} s", ns / 1e9),
        (true, i) if i < 1e3 => format!("{i:.0} i"),
        (true, i) if i < 1e6 => format!("{:.1} ki", i / 1e3),
        (true, i) => format!("{:.2} Mi", i / 1e6),
    }
}

/// Replaces `host`'s rows in `path` and keeps the other hosts'; returns all.
pub fn write_json(path: &Path, host: &str, runtime: &str, rows: &[Row]) -> Vec<Value> {
    let mut all: Vec<Value> = std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    all.retain(|row| row["host"] != host);
    all.extend(rows.iter().map(|row| row.json(host, runtime)));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(&all).unwrap() + "\n").unwrap();
    all
}

/// Distinguishable line colours (Tableau 10, then two more).
const COLORS: [RGBColor; 12] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(0, 0, 0),
    RGBColor(255, 187, 120),
];

/// GB/s against transfer size, both on log scales, one line per host and
/// path, from every bulk row in `rows` (this host's and the others').
pub fn plot(path: &Path, rows: &[Value]) -> Result<(), Box<dyn std::error::Error>> {
    let mut series: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for row in rows {
        let (Some(bytes), Some(gb)) = (row["bytes"].as_f64(), row["gb_per_s"].as_f64()) else {
            continue;
        };
        let host = row["runtime"].as_str().unwrap_or("?");
        let label = format!("{host}: {}", row["path"].as_str().unwrap_or("?"));
        match series.iter_mut().find(|(name, _)| *name == label) {
            Some((_, points)) => points.push((bytes.log2(), gb)),
            None => series.push((label, vec![(bytes.log2(), gb)])),
        }
    }
    let root = SVGBackend::new(path, (1040, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, legend) = root.split_horizontally(680);
    // The x axis is log2 of the size, so each power of two gets a tick.
    let mut chart = ChartBuilder::on(&left)
        .caption("Throughput against transfer size", ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(5.5f64..24.5f64, (0.01f64..400f64).log_scale())?;
    chart
        .configure_mesh()
        .x_labels(16)
        .x_desc("bytes per operation")
        .y_desc("GB/s")
        .x_label_formatter(&|log2| human(2f64.powf(log2.round()) as usize))
        .y_label_formatter(&|gb| format!("{gb}"))
        .draw()?;
    for (i, (label, mut points)) in series.into_iter().enumerate() {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let color = COLORS[i % COLORS.len()];
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, color.filled())),
        )?;
        let y = 60 + 24 * i as i32;
        legend.draw(&PathElement::new(
            vec![(0, y), (24, y)],
            color.stroke_width(3),
        ))?;
        legend.draw(&Text::new(label, (32, y - 7), ("sans-serif", 14)))?;
    }
    root.present()?;
    Ok(())
}
