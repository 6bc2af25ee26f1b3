//! Writes a demonstration Pareto plot with made-up points to the path given
//! as the first argument (default `pareto-demo.svg`), to eyeball the SVG
//! writer: `cargo run -p aes-ctr-flow --example pareto_demo -- out.svg`.
//! The points are invented; they are not estimates.

use flow::pareto::{pareto_front, Point};
use flow::svg::pareto_svg;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "pareto-demo.svg".into());
    let point = |label: &str, luts: f64, throughput: f64, shipped: bool| Point {
        label: label.into(),
        luts,
        throughput,
        shipped,
    };
    let points = vec![
        point("demo-a", 4_000.0, 0.3, true),
        point("demo-b", 6_000.0, 0.5, false),
        point("demo-c", 9_000.0, 0.4, false),
        point("demo-d", 30_000.0, 8.0, true),
        point("demo-e", 60_000.0, 7.0, false),
        point("demo-f", 120_000.0, 30.0, true),
    ];
    let front = pareto_front(&points);
    let svg = pareto_svg("Demonstration (invented points)", "LUT4", "Gbit/s", &points, &front);
    if let Err(e) = std::fs::write(&out, svg) {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1);
    }
}
