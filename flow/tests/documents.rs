//! Markdown splicing between generated-section markers, Markdown tables,
//! the Pareto front, and the SVG writer.

use flow::markdown::{begin_marker, end_marker, splice, table};
use flow::pareto::{pareto_front, Point};
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
