//! The Pareto front of throughput against area: the configurations that no
//! other configuration beats on both (fewer or equal LUTs and more or equal
//! throughput, one of them strictly).
//!
//! API: [`Point`], [`pareto_front`] (indices of the front, by increasing
//! LUTs). Points with a non-finite or negative coordinate are never on the
//! front; of identical points only the first is.

use serde::Serialize;

/// One measured configuration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub label: String,
    /// Area (x): LUT4 count.
    pub luts: f64,
    /// Throughput (y), e.g. Gbit/s at the achieved Fmax.
    pub throughput: f64,
    /// A shipped configuration (configs/*.yaml): marked in the plot.
    pub shipped: bool,
}

/// Indices into `points` of the Pareto front (minimise LUTs, maximise throughput), by increasing LUTs.
pub fn pareto_front(points: &[Point]) -> Vec<usize> {
    let valid = |p: &Point| p.luts.is_finite() && p.throughput.is_finite() && p.luts >= 0.0 && p.throughput >= 0.0;
    let mut order: Vec<usize> = (0..points.len()).filter(|&i| valid(&points[i])).collect();
    // Increasing LUTs; equal LUTs: higher throughput first; then input order (stable sort).
    order.sort_by(|&a, &b| {
        points[a].luts.total_cmp(&points[b].luts).then(points[b].throughput.total_cmp(&points[a].throughput))
    });
    let mut front = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for i in order {
        if points[i].throughput > best {
            best = points[i].throughput;
            front.push(i);
        }
    }
    front
}
