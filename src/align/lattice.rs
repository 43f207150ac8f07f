//! The search: dynamic programming over the band of the (Arabic, English) grid
//! ([`super::band`]) for the cheapest sequence of beads ([`super::cost`]). Each
//! bead's confidence is its posterior probability over all alignments of the
//! lattice (forward–backward), with the costs softened by a temperature.

use std::ops::Range;

use super::cost::{Costs, Model, Pair, TYPES};

/// The DP lattice: the cost of every bead that may end at every cell of the band.
pub(super) struct Lattice {
    rows: Vec<Range<usize>>,
    /// Index of row i's first cell in `costs`.
    offsets: Vec<usize>,
    /// Per cell (i, j), the cost of a bead of each type ending there (∞ if none).
    costs: Vec<[f32; TYPES.len()]>,
}

impl Lattice {
    pub(super) fn build(p: &Pair, model: &Model) -> Lattice {
        let rows = p.band.clone();
        let mut offsets = Vec::with_capacity(rows.len());
        let mut total = 0;
        for r in &rows {
            offsets.push(total);
            total += r.len();
        }
        let mut l = Lattice { rows, offsets, costs: Vec::new() };
        let mut costs = vec![[f32::INFINITY; TYPES.len()]; total];
        let mut beads = Costs::new(p, model);
        for (i, j, here) in l.cells() {
            for (t, &(m, n, _)) in TYPES.iter().enumerate() {
                if m > i || n > j || l.cell(i - m, j - n).is_none() {
                    continue;
                }
                if let Some(c) = beads.bead(t, i - m, j - n) {
                    costs[here][t] = c as f32;
                }
            }
        }
        l.costs = costs;
        l
    }

    fn cell(&self, i: usize, j: usize) -> Option<usize> {
        let r = self.rows.get(i)?;
        r.contains(&j).then(|| self.offsets[i] + j - r.start)
    }

    /// The cells of the lattice in order, (i, j, index).
    fn cells(&self) -> impl DoubleEndedIterator<Item = (usize, usize, usize)> + '_ {
        self.rows
            .iter()
            .enumerate()
            .flat_map(move |(i, r)| r.clone().map(move |j| (i, j, self.offsets[i] + j - r.start)))
    }

    /// The beads that may end at cell (i, j) of index `here`: (type, the cell
    /// it starts from, its cost).
    fn edges(&self, i: usize, j: usize, here: usize) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        TYPES.iter().enumerate().filter_map(move |(t, &(m, n, _))| {
            let c = self.costs[here][t];
            if !c.is_finite() {
                return None;
            }
            Some((t, self.cell(i - m, j - n)?, f64::from(c)))
        })
    }

    /// The beads that may start at cell (i, j): (type, the cell it ends at, its cost).
    fn edges_from(&self, i: usize, j: usize) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        TYPES.iter().enumerate().filter_map(move |(t, &(m, n, _))| {
            let next = self.cell(i + m, j + n)?;
            let c = self.costs[next][t];
            c.is_finite().then(|| (t, next, f64::from(c)))
        })
    }

    /// The cheapest path: beads as (type, Arabic start, English start), in order.
    pub(super) fn best_path(&self) -> Vec<(usize, usize, usize)> {
        let mut best = vec![f64::INFINITY; self.costs.len()];
        let mut back = vec![u8::MAX; self.costs.len()];
        if let Some(k) = self.cell(0, 0) {
            best[k] = 0.0;
        }
        for (i, j, here) in self.cells() {
            for (t, prev, c) in self.edges(i, j, here) {
                let total = best[prev] + c;
                if total < best[here] {
                    best[here] = total;
                    back[here] = t as u8;
                }
            }
        }
        let mut out = Vec::new();
        let (mut i, mut j) = (self.rows.len() - 1, self.rows.last().map_or(0, |r| r.end - 1));
        while i > 0 || j > 0 {
            let Some(k) = self.cell(i, j) else { break };
            let t = back[k] as usize;
            if t >= TYPES.len() {
                break;
            }
            let (m, n, _) = TYPES[t];
            i -= m;
            j -= n;
            out.push((t, i, j));
        }
        out.reverse();
        out
    }

    /// The expected number of beads of each type over all paths of the lattice,
    /// costs read as −ln P (forward–backward).
    pub(super) fn expected_counts(&self) -> [f64; TYPES.len()] {
        let (fwd, bwd, z) = self.forward_backward(1.0);
        let mut out = [0.0; TYPES.len()];
        let Some(z) = z else { return out };
        for (i, j, here) in self.cells() {
            if bwd[here] == f64::NEG_INFINITY {
                continue;
            }
            for (t, prev, c) in self.edges(i, j, here) {
                let share = fwd[prev] - c + bwd[here] - z;
                if share > NEGLIGIBLE {
                    out[t] += share.exp();
                }
            }
        }
        out
    }

    /// The posterior probability of each bead of `path` over all paths of the
    /// lattice, costs read as −ln P at `temperature` (forward–backward).
    pub(super) fn posteriors(&self, path: &[(usize, usize, usize)], temperature: f64) -> Vec<f64> {
        let (fwd, bwd, z) = self.forward_backward(temperature);
        let Some(z) = z else { return vec![1.0; path.len()] };
        path.iter()
            .map(|&(t, ai, ej)| {
                let (m, n, _) = TYPES[t];
                match (self.cell(ai, ej), self.cell(ai + m, ej + n)) {
                    (Some(from), Some(to)) => {
                        let c = f64::from(self.costs[to][t]);
                        (fwd[from] - c / temperature + bwd[to] - z).exp().clamp(0.0, 1.0)
                    }
                    _ => 0.0,
                }
            })
            .collect()
    }

    /// Forward and backward log sums of every cell at `temperature`, and the
    /// total (`None` if the lattice has no end cell).
    fn forward_backward(&self, temperature: f64) -> (Vec<f64>, Vec<f64>, Option<f64>) {
        let mut fwd = vec![f64::NEG_INFINITY; self.costs.len()];
        if let Some(k) = self.cell(0, 0) {
            fwd[k] = 0.0;
        }
        let mut terms = Vec::with_capacity(TYPES.len());
        for (i, j, here) in self.cells() {
            terms.clear();
            terms.extend(self.edges(i, j, here).map(|(_, prev, c)| fwd[prev] - c / temperature));
            if !terms.is_empty() {
                fwd[here] = log_sum(&terms);
            }
        }
        let mut bwd = vec![f64::NEG_INFINITY; self.costs.len()];
        let n_rows = self.rows.len();
        let last = self.rows.last().map_or(0, |r| r.end - 1);
        let end = self.cell(n_rows - 1, last);
        if let Some(k) = end {
            bwd[k] = 0.0;
        }
        for (i, j, here) in self.cells().rev() {
            if Some(here) == end {
                continue;
            }
            terms.clear();
            terms.extend(self.edges_from(i, j).map(|(_, next, c)| bwd[next] - c / temperature));
            if !terms.is_empty() {
                bwd[here] = log_sum(&terms);
            }
        }
        let z = end.map(|end| fwd[end]);
        (fwd, bwd, z)
    }
}

/// Terms of a log-sum this far (in nats) below its largest, and beads of a
/// posterior below e to this power in the expected counts, are left out: e⁻⁴⁰
/// is 4·10⁻¹⁸, so a cell's twenty terms at most add less than half the
/// rounding step of a sum whose largest term is 1, and an expected count is
/// weighed with a hundred beads of prior. Leaving them out spares their
/// exponentials and changes nothing that shows: the benchmark's alignments and
/// confidences are the same with and without them.
const NEGLIGIBLE: f64 = -40.0;

/// ln Σ eˣ over `xs`, not empty: one exponential per term that counts, one logarithm.
fn log_sum(xs: &[f64]) -> f64 {
    let top = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY {
        return top;
    }
    top + xs.iter().map(|x| x - top).filter(|&d| d > NEGLIGIBLE).map(f64::exp).sum::<f64>().ln()
}

/// Runs the DP; returns the beads as (type, Arabic start, English start) in order.
pub(super) fn search(p: &Pair, model: &Model) -> Vec<(usize, usize, usize)> {
    Lattice::build(p, model).best_path()
}

/// Runs the DP; returns the beads, and the expected number of beads of each type.
pub(super) fn search_counting(p: &Pair, model: &Model) -> (Vec<(usize, usize, usize)>, [f64; TYPES.len()]) {
    let lattice = Lattice::build(p, model);
    (lattice.best_path(), lattice.expected_counts())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_log_sum(xs: &[f64]) -> f64 {
        xs.iter().map(|x| x.exp()).sum::<f64>().ln()
    }

    #[test]
    fn a_log_sum_leaves_out_only_terms_too_small_to_change_it() {
        let close = [0.0, -1.0, -3.5, -12.0];
        assert!((log_sum(&close) - full_log_sum(&close)).abs() < 1e-15);
        // Terms below NEGLIGIBLE change nothing; above it they count.
        let mut far = close.to_vec();
        far.extend([-45.0, -60.0, -200.0]);
        assert_eq!(log_sum(&far), log_sum(&close));
        assert!(log_sum(&[0.0, -20.0]) > 0.0);
        // Shifted by the largest term, as the lattice's sums are.
        let shifted: Vec<f64> = far.iter().map(|x| x - 700.0).collect();
        assert!((log_sum(&shifted) - (log_sum(&close) - 700.0)).abs() < 1e-12);
        assert_eq!(log_sum(&[f64::NEG_INFINITY, f64::NEG_INFINITY]), f64::NEG_INFINITY);
        assert_eq!(log_sum(&[-3.0]), -3.0);
    }
}
