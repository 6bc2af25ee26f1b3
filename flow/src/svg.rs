//! A hand-written SVG scatter plot of throughput against LUTs with the
//! Pareto front drawn as a staircase (at a LUT budget x the best reachable
//! throughput is the front's last step left of x). No plotting crate.
//!
//! Elements carry classes so tests and style sheets can find them:
//! `point` (a circle per configuration), `point shipped` (a square per
//! shipped configuration), `front` (the staircase polyline), `label`,
//! `axis`, `tick`. An axis turns logarithmic when its positive values span
//! more than [`LOG_RATIO`]; otherwise it is linear from 0.
//!
//! API: [`Axis`], [`pareto_svg`].

use crate::pareto::Point;
use std::fmt::Write;

/// Width and height of the picture, and the margins of the plot area, in pixels.
pub const WIDTH: f64 = 760.0;
pub const HEIGHT: f64 = 500.0;
pub const LEFT: f64 = 80.0;
pub const RIGHT: f64 = 40.0;
pub const TOP: f64 = 50.0;
pub const BOTTOM: f64 = 60.0;
/// An axis becomes logarithmic when max/min of its positive values exceeds this.
pub const LOG_RATIO: f64 = 30.0;

/// One axis: its value range and whether it is logarithmic.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub log: bool,
}

/// The smallest of 1, 2, 5 x 10^k that is >= `value` (> 0).
fn nice_ceil(value: f64) -> f64 {
    let decade = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 5.0, 10.0] {
        if step * decade >= value * (1.0 - 1e-12) {
            return step * decade;
        }
    }
    10.0 * decade
}

impl Axis {
    /// An axis that holds every finite value of `values`.
    pub fn fit(values: &[f64]) -> Axis {
        let positive: Vec<f64> = values.iter().copied().filter(|v| v.is_finite() && *v > 0.0).collect();
        let max = positive.iter().copied().fold(0.0, f64::max);
        let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
        if positive.is_empty() {
            return Axis { min: 0.0, max: 1.0, log: false };
        }
        if max / min > LOG_RATIO {
            Axis { min: 10f64.powf(min.log10().floor()), max: 10f64.powf(max.log10().ceil()), log: true }
        } else {
            Axis { min: 0.0, max: nice_ceil(max * 1.05), log: false }
        }
    }

    /// Fraction 0..=1 of the way along the axis for `value` (clamped).
    pub fn fraction(&self, value: f64) -> f64 {
        let f = if self.log {
            let v = value.max(self.min);
            (v.log10() - self.min.log10()) / (self.max.log10() - self.min.log10())
        } else {
            (value - self.min) / (self.max - self.min)
        };
        f.clamp(0.0, 1.0)
    }

    /// Tick values: 1, 2, 5 per decade (log), or about five round steps (linear).
    pub fn ticks(&self) -> Vec<f64> {
        let mut ticks = Vec::new();
        if self.log {
            let mut decade = self.min;
            while decade <= self.max * (1.0 + 1e-9) {
                for step in [1.0, 2.0, 5.0] {
                    let v = step * decade;
                    if v >= self.min * (1.0 - 1e-9) && v <= self.max * (1.0 + 1e-9) {
                        ticks.push(v);
                    }
                }
                decade *= 10.0;
            }
        } else {
            let step = nice_ceil((self.max - self.min) / 5.0);
            let mut i = 0.0;
            while self.min + i * step <= self.max * (1.0 + 1e-9) {
                ticks.push(self.min + i * step);
                i += 1.0;
            }
        }
        ticks
    }
}

/// Escape text for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A tick label: integers without decimals, small values with up to 3 significant digits.
fn tick_label(value: f64) -> String {
    if value == 0.0 {
        "0".to_string()
    } else if value.abs() >= 1000.0 && value.fract() == 0.0 {
        let k = value / 1000.0;
        if k.fract() == 0.0 {
            format!("{k:.0}k")
        } else {
            format!("{k}k")
        }
    } else if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{}", (value * 1000.0).round() / 1000.0)
    }
}

/// The plot: every point, the front `front` (indices into `points`, by increasing x) as a staircase.
pub fn pareto_svg(title: &str, x_label: &str, y_label: &str, points: &[Point], front: &[usize]) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let drawable: Vec<&Point> = points.iter().filter(|p| p.luts.is_finite() && p.throughput.is_finite()).collect();
    let x_axis = Axis::fit(&drawable.iter().map(|p| p.luts).collect::<Vec<_>>());
    let y_axis = Axis::fit(&drawable.iter().map(|p| p.throughput).collect::<Vec<_>>());
    let x = |v: f64| LEFT + x_axis.fraction(v) * plot_w;
    let y = |v: f64| TOP + plot_h - y_axis.fraction(v) * plot_h;

    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         font-family=\"sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"white\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{}</text>",
        WIDTH / 2.0,
        escape(title)
    );
    // Axes and ticks.
    let _ = writeln!(
        s,
        "<path class=\"axis\" d=\"M{LEFT:.1},{TOP:.1} V{:.1} H{:.1}\" fill=\"none\" stroke=\"black\"/>",
        TOP + plot_h,
        LEFT + plot_w
    );
    for t in x_axis.ticks() {
        let px = x(t);
        let _ = writeln!(
            s,
            "<line class=\"tick\" x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#ccc\"/>\
             <text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            TOP,
            TOP + plot_h,
            TOP + plot_h + 18.0,
            tick_label(t)
        );
    }
    for t in y_axis.ticks() {
        let py = y(t);
        let _ = writeln!(
            s,
            "<line class=\"tick\" x1=\"{LEFT:.1}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\" stroke=\"#ccc\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            py + 4.0,
            tick_label(t)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}{}</text>",
        LEFT + plot_w / 2.0,
        HEIGHT - 15.0,
        escape(x_label),
        if x_axis.log { " (log scale)" } else { "" }
    );
    let _ = writeln!(
        s,
        "<text x=\"18\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {:.1})\">{}{}</text>",
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        escape(y_label),
        if y_axis.log { " (log scale)" } else { "" }
    );
    // Pareto front as a staircase.
    let front_points: Vec<&Point> = front.iter().filter_map(|&i| points.get(i)).collect();
    if !front_points.is_empty() {
        let mut vertices = vec![(x(front_points[0].luts), y(front_points[0].throughput))];
        for pair in front_points.windows(2) {
            vertices.push((x(pair[1].luts), y(pair[0].throughput)));
            vertices.push((x(pair[1].luts), y(pair[1].throughput)));
        }
        let list: Vec<String> = vertices.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        let _ = writeln!(
            s,
            "<polyline class=\"front\" points=\"{}\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>",
            list.join(" ")
        );
    }
    // Points and labels.
    for p in &drawable {
        let (px, py) = (x(p.luts), y(p.throughput));
        if p.shipped {
            let _ = writeln!(
                s,
                "<rect class=\"point shipped\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"#ff7f0e\" \
                 stroke=\"black\"><title>{}</title></rect>",
                px - 5.0,
                py - 5.0,
                escape(&p.label)
            );
        } else {
            let _ = writeln!(
                s,
                "<circle class=\"point\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"#1f77b4\"><title>{}</title></circle>",
                escape(&p.label)
            );
        }
        let _ = writeln!(
            s,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\"{}>{}</text>",
            px + 7.0,
            py - 6.0,
            if p.shipped { " font-weight=\"bold\"" } else { "" },
            escape(&p.label)
        );
    }
    if drawable.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">no measured points</text>",
            LEFT + plot_w / 2.0,
            TOP + plot_h / 2.0
        );
    }
    // Legend.
    let lx = LEFT + 12.0;
    let ly = TOP + 12.0;
    let _ = writeln!(
        s,
        "<g class=\"legend\" font-size=\"11\">\
         <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#1f77b4\"/><text x=\"{:.1}\" y=\"{:.1}\">swept configuration</text>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"#ff7f0e\" stroke=\"black\"/><text x=\"{:.1}\" y=\"{:.1}\">shipped configuration (configs/)</text>\
         <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d62728\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\">Pareto front</text></g>",
        lx + 5.0,
        ly,
        lx + 16.0,
        ly + 4.0,
        lx,
        ly + 11.0,
        lx + 16.0,
        ly + 20.0,
        lx - 2.0,
        ly + 32.0,
        lx + 12.0,
        ly + 32.0,
        lx + 16.0,
        ly + 36.0
    );
    let _ = writeln!(s, "</svg>");
    s
}
