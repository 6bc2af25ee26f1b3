//! Markdown splicing between generated-section markers, Markdown tables,
//! rows carried over from an earlier table, the Pareto front, and the SVG writer.

use flow::carry::{carried_rows, merge_rows, provenance_lines};
use flow::markdown::{begin_marker, end_marker, row_cells, section, splice, table};
use flow::pareto::{pareto_front, Point};
use flow::report::ESTIMATES_HEADERS;
use flow::svg::{pareto_svg, Axis, HEIGHT, LEFT, RIGHT, TOP, WIDTH};

fn doc(inner: &str) -> String {
    format!("# Title\n\nprose before\n\n{}\n{inner}{}\n\nprose after\n", begin_marker("t"), end_marker("t"))
}

#[test]
fn splice_replaces_only_the_text_between_the_markers() {
    let original = doc("old line 1\nold line 2\n");
    let spliced = splice(&original, "t", "| new |\n").unwrap();
    assert_eq!(spliced, doc("| new |\n"));
    assert!(spliced.starts_with("# Title\n\nprose before\n\n"));
    assert!(spliced.ends_with("\n\nprose after\n"));
}

#[test]
fn splice_is_idempotent_and_adds_a_final_newline() {
    let once = splice(&doc(""), "t", "content without newline").unwrap();
    assert_eq!(once, doc("content without newline\n"));
    assert_eq!(splice(&once, "t", "content without newline").unwrap(), once);
    assert_eq!(splice(&once, "t", "").unwrap(), doc(""));
}

#[test]
fn splice_leaves_other_sections_alone() {
    let two = format!("{}\na\n{}\n{}\nb\n{}\n", begin_marker("x"), end_marker("x"), begin_marker("y"), end_marker("y"));
    let out = splice(&two, "y", "B\n").unwrap();
    assert_eq!(
        out,
        format!("{}\na\n{}\n{}\nB\n{}\n", begin_marker("x"), end_marker("x"), begin_marker("y"), end_marker("y"))
    );
}

#[test]
fn splice_refuses_missing_repeated_or_reversed_markers() {
    let cases = [
        ("no markers\n".to_string(), "not found"),
        (format!("{}\nx\n", begin_marker("t")), "END GENERATED t -->` not found"),
        (format!("x\n{}\n", end_marker("t")), "BEGIN GENERATED t -->` not found"),
        (format!("{}\n{}\n", end_marker("t"), begin_marker("t")), "comes before"),
        (format!("{b}\n{b}\n{e}\n", b = begin_marker("t"), e = end_marker("t")), "exactly once"),
        // A marker mentioned inside a line of prose is not a marker line.
        (format!("see {} here\n{}\n", begin_marker("t"), end_marker("t")), "not found"),
    ];
    for (text, message) in cases {
        let error = splice(&text, "t", "new").unwrap_err().to_string();
        assert!(error.contains(message), "{text:?}: {error}");
    }
}

#[test]
fn tables_align_numbers_right_and_escape_pipes() {
    let t = table(&["name", "LUT4"], &[false, true], &[vec!["a|b".into(), "12".into()], vec!["short".into()]]);
    assert_eq!(t, "| name | LUT4 |\n|---|---:|\n| a\\|b | 12 |\n| short |  |\n");
}

#[test]
fn row_cells_undo_the_table_escaping() {
    let t = table(&["name", "LUT4"], &[false, true], &[vec!["a|b".into(), "12".into()]]);
    let rows: Vec<Vec<String>> = t.lines().filter_map(row_cells).collect();
    assert_eq!(rows[0], ["name", "LUT4"]);
    assert_eq!(rows[2], ["a|b", "12"]);
    assert_eq!(row_cells("not a row"), None);
}

#[test]
fn section_returns_the_text_between_the_markers_or_none() {
    assert_eq!(section(&doc("inside\n"), "t"), Some("inside\n"));
    assert_eq!(section(&doc("inside\n"), "other"), None);
    let repeated = format!("{}\n{}\n", doc(""), begin_marker("t"));
    assert_eq!(section(&repeated, "t"), None);
}

/// A configurations section as `estimate` writes it: its own run, one carried run, a table with
/// two shipped rows (one carried), one sweep row and the front line.
fn configurations_section() -> String {
    let header = ESTIMATES_HEADERS.join(" | ");
    let rule = vec!["---"; ESTIMATES_HEADERS.len()].join("|");
    let row = |name: &str, lut: &str, gbit: &str| {
        format!("| {name} | {lut} | 1 | 2 | 0 | 3 | 40.5 | 1.60 | 1.54 | 1.59 | {gbit} | 0.029 | note a\\|b |")
    };
    format!(
        "Generated 2026-12-02 by `estimate --config configs/wide.yaml`: tools B.\n\
         Rows carried over unchanged [small, tiny]: generated 2026-11-22 by `estimate x`: tools A.\n\n\
         | {header} |\n|{rule}|\n{}\n{}\n{}\n\nPareto front: small → wide.\n",
        row("**small**", "17572 (21%)", "0.52"),
        row("**wide**", "61679 (74%)", "n/a"),
        row("sweep-point", "100 (0%)", "1.00"),
    )
}

#[test]
fn carried_rows_keep_each_shipped_row_verbatim_with_the_run_that_made_it() {
    let rows = carried_rows(&configurations_section(), &ESTIMATES_HEADERS).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["small", "wide"], "sweep rows (not bold) are not carried");
    assert_eq!(rows[0].provenance, "2026-11-22 by `estimate x`: tools A.");
    assert_eq!(rows[1].provenance, "2026-12-02 by `estimate --config configs/wide.yaml`: tools B.");
    assert!(rows[0].line.starts_with("| **small** | 17572 (21%) |") && rows[0].line.ends_with("note a\\|b |"));
    assert_eq!(rows[0].cells.last().unwrap(), "note a|b");
    assert_eq!(rows[0].luts(&ESTIMATES_HEADERS), Some(17572));
    assert_eq!(rows[0].number(&ESTIMATES_HEADERS, "Gbit/s AES-128"), Some(0.52));
    assert_eq!(rows[1].number(&ESTIMATES_HEADERS, "Gbit/s AES-128"), None, "n/a is no number");
    assert_eq!(
        provenance_lines(&rows),
        "Rows carried over unchanged [small]: generated 2026-11-22 by `estimate x`: tools A.\n\
         Rows carried over unchanged [wide]: generated 2026-12-02 by `estimate --config configs/wide.yaml`: tools B.\n"
    );
}

#[test]
fn carried_rows_refuse_a_table_with_other_columns_or_no_run_line() {
    let section = configurations_section();
    let error = carried_rows(&section, &ESTIMATES_HEADERS[..12]).unwrap_err();
    assert!(error.contains("columns differ"), "{error}");
    let without_run: String =
        section.lines().filter(|l| !l.starts_with("Generated")).map(|l| format!("{l}\n")).collect();
    let error = carried_rows(&without_run, &ESTIMATES_HEADERS).unwrap_err();
    assert!(error.contains("Generated"), "{error}");
}

#[test]
fn merged_rows_follow_the_shipped_order_with_other_designs_last() {
    let carried = carried_rows(&configurations_section(), &ESTIMATES_HEADERS).unwrap();
    let small = carried.iter().find(|r| r.name == "small").unwrap().clone();
    let fresh = table(&["design", "x"], &[false, false], &[vec!["sweep-1".into()], vec!["**wide**".into()]]);
    let names = ["sweep-1".to_string(), "wide".to_string()];
    let order = ["default".to_string(), "small".to_string(), "wide".to_string()];
    let merged = merge_rows(&fresh, &names, std::slice::from_ref(&small), &order);
    let lines: Vec<&str> = merged.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0], "| design | x |");
    assert_eq!(lines[2], small.line);
    assert!(lines[3].starts_with("| **wide** |"));
    assert!(lines[4].starts_with("| sweep-1 |"));
}

fn point(label: &str, luts: f64, throughput: f64) -> Point {
    Point { label: label.into(), luts, throughput, shipped: false }
}

#[test]
fn pareto_front_keeps_exactly_the_undominated_points() {
    // By hand: b (1000, 1) is beaten by a (500, 2); d (3000, 2) by a; e (3000, 8) ties c on nothing;
    // f (6000, 8) is beaten by e. The front by increasing LUTs: a, c, e.
    let points = vec![
        point("a", 500.0, 2.0),
        point("b", 1000.0, 1.0),
        point("c", 2000.0, 5.0),
        point("d", 3000.0, 2.0),
        point("e", 3000.0, 8.0),
        point("f", 6000.0, 8.0),
    ];
    let labels: Vec<&str> = pareto_front(&points).iter().map(|&i| points[i].label.as_str()).collect();
    assert_eq!(labels, ["a", "c", "e"]);
}

#[test]
fn pareto_front_ignores_invalid_points_and_keeps_one_of_identical_points() {
    let points = vec![
        point("nan", f64::NAN, 9.0),
        point("inf", 10.0, f64::INFINITY),
        point("first", 100.0, 1.0),
        point("twin", 100.0, 1.0),
        point("negative", -5.0, 100.0),
    ];
    assert_eq!(pareto_front(&points), vec![2]);
    assert!(pareto_front(&[]).is_empty());
}

#[test]
fn pareto_front_of_a_single_dominant_point() {
    let points = vec![point("x", 100.0, 10.0), point("y", 200.0, 5.0), point("z", 300.0, 1.0)];
    assert_eq!(pareto_front(&points), vec![0]);
}

fn numbers_after(svg: &str, key: &str) -> Vec<f64> {
    svg.match_indices(key)
        .filter_map(|(at, _)| svg[at + key.len()..].split('"').next().and_then(|v| v.parse().ok()))
        .collect()
}

#[test]
fn svg_draws_every_point_marks_shipped_ones_and_the_front_staircase() {
    let mut points = vec![
        point("iterative-k1", 6000.0, 0.4),
        point("iterative-k2", 7000.0, 0.7),
        point("unrolled <x&y>", 40_000.0, 12.0),
        point("dominated", 45_000.0, 3.0),
    ];
    points[1].shipped = true;
    let front = pareto_front(&points);
    assert_eq!(front, vec![0, 1, 2]);
    let svg = pareto_svg("t", "LUT4", "Gbit/s", &points, &front);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<circle class=\"point\"").count(), 3);
    assert_eq!(svg.matches("<rect class=\"point shipped\"").count(), 1);
    assert!(svg.contains("unrolled &lt;x&amp;y&gt;"), "labels are XML-escaped");
    assert!(!svg.contains("<x&y>"));
    // Balanced elements.
    for tag in ["text", "g", "svg", "title"] {
        assert_eq!(svg.matches(&format!("<{tag}")).count(), svg.matches(&format!("</{tag}>")).count(), "{tag}");
    }
    // The staircase: 3 front points -> 5 vertices, x never decreasing, y (downwards) never increasing.
    let polyline = svg.lines().find(|l| l.contains("class=\"front\"")).expect("front polyline");
    let list = polyline.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
    let vertices: Vec<(f64, f64)> = list
        .split_whitespace()
        .map(|v| {
            let (x, y) = v.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(vertices.len(), 5);
    for pair in vertices.windows(2) {
        assert!(pair[1].0 >= pair[0].0 && pair[1].1 <= pair[0].1, "{pair:?}");
        assert!(pair[1].0 == pair[0].0 || pair[1].1 == pair[0].1, "staircase segments are axis-parallel: {pair:?}");
    }
    // Every point lies inside the plot area.
    for x in numbers_after(&svg, "cx=\"") {
        assert!((LEFT..=WIDTH - RIGHT).contains(&x), "{x}");
    }
    for y in numbers_after(&svg, "cy=\"") {
        assert!((TOP..=HEIGHT).contains(&y), "{y}");
    }
}

#[test]
fn svg_without_points_says_so() {
    let svg = pareto_svg("t", "x", "y", &[], &[]);
    assert!(svg.contains("no measured points"));
    assert!(!svg.contains("class=\"front\""));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn axes_are_linear_from_zero_or_logarithmic_over_wide_ranges() {
    let linear = Axis::fit(&[1000.0, 9000.0]);
    assert!(!linear.log);
    assert_eq!((linear.min, linear.max), (0.0, 10_000.0));
    assert_eq!(linear.ticks(), vec![0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10_000.0]);
    assert_eq!(linear.fraction(5000.0), 0.5);
    let log = Axis::fit(&[3000.0, 250_000.0]);
    assert!(log.log);
    assert_eq!((log.min, log.max), (1000.0, 1_000_000.0));
    assert!((log.fraction(10_000.0) - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(log.ticks().first(), Some(&1000.0));
    assert_eq!(log.ticks().last(), Some(&1_000_000.0));
}

#[test]
fn the_committed_configurations_table_can_be_carried_over() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = std::fs::read_to_string(root.join("docs/estimates.md")).unwrap();
    let text = section(&doc, "configurations").expect("docs/estimates.md has a configurations section");
    let rows = carried_rows(text, &ESTIMATES_HEADERS).unwrap();
    assert!(!rows.is_empty(), "no shipped rows in docs/estimates.md");
    let shipped: Vec<String> =
        flow::configs::shipped_configs(&root).unwrap().iter().map(|p| flow::configs::config_name(p)).collect();
    for row in &rows {
        assert!(shipped.contains(&row.name), "{} is not a shipped configuration", row.name);
        assert!(row.luts(&ESTIMATES_HEADERS).is_some(), "{}: no LUT4 count", row.name);
        assert!(row.provenance.contains(" by `estimate"), "{}: {}", row.name, row.provenance);
    }
}
