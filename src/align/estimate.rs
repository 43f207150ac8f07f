//! The model's parameters, from the two documents themselves.
//!
//! Nothing is fixed at values for another language pair: the length ratio `c` and
//! variance `s²`, the chance rates `p_rand` (from sentence pairs far from the
//! diagonal), and then the hit rates `p_hit` and the type priors come from the two
//! documents themselves. The first pass aligns with rough values ([`P_HIT`],
//! [`initial_priors`], [`chance_rates`]); [`estimate`] re-estimates them from an
//! alignment's beads for the next ([`super::passes`]).

use super::cost::{Model, Pair, SWAP, TYPES};
use super::features::{CLASSES, Sentence};

/// Hit rates of a true translation before estimation, per unit class.
pub(super) const P_HIT: [f64; CLASSES] = [0.85, 0.45, 0.45, 0.7];
/// How many beads the initial priors weigh when re-estimated from an alignment.
const PRIOR_WEIGHT: f64 = 100.0;
/// Gale and Church's variance of the length model, before estimation.
pub(super) const GALE_CHURCH_VARIANCE: f64 = 6.8;
/// The median of the χ² distribution with one degree of freedom.
const CHI2_MEDIAN: f64 = 0.455;

/// Chance rates per class: hits between sentences far from the diagonal.
pub(super) fn chance_rates(ar: &[Sentence], en: &[Sentence]) -> [f64; CLASSES] {
    let (n, m) = (ar.len(), en.len());
    let mut hits = [0.0f64; CLASSES];
    let mut units = [0.0f64; CLASSES];
    if n > 0 && m > 0 {
        let step = ((n * m) / 4000).max(1);
        let mut k = 0;
        for (a, sa) in ar.iter().enumerate() {
            let diagonal = a * m / n;
            for (e, se) in en.iter().enumerate() {
                if diagonal.abs_diff(e) < 5 {
                    continue;
                }
                k += 1;
                if k % step != 0 {
                    continue;
                }
                for (s, other) in [(sa, se), (se, sa)] {
                    let h = s.hits(other);
                    for c in 0..CLASSES {
                        units[c] += s.class_masks[c].count_ones() as f64;
                        hits[c] += (h & s.class_masks[c]).count_ones() as f64;
                    }
                }
            }
        }
    }
    let floor = [0.01, 0.01, 0.02, 0.1];
    let mut out = [0.0; CLASSES];
    for c in 0..CLASSES {
        out[c] = ((hits[c] + floor[c] * 20.0) / (units[c] + 20.0)).clamp(0.002, 0.6);
    }
    out
}

/// Re-estimates the model: lengths and hit rates from an alignment's beads, the
/// priors of the bead types from the expected number of beads of each type over
/// all alignments of the lattice (`expected`, forward–backward), as Baum–Welch
/// does. Counting the best alignment's beads instead gives a type the search
/// prefers where two are close all of their mass: one pair at a time, strict F1
/// with expected counts against counts of the best path 0.982 / 0.978 / 0.489
/// against 0.982 / 0.975 / 0.482 (news and health, law, literature).
pub(super) fn estimate(
    p: &Pair,
    beads: &[(usize, usize, usize)],
    expected: &[f64; TYPES.len()],
    chance: [f64; CLASSES],
    p_hit0: [f64; CLASSES],
) -> Model {
    let (mut ar_total, mut en_total) = (0.0, 0.0);
    let mut hits = [0.0f64; CLASSES];
    let mut units = [0.0f64; CLASSES];
    for &(t, ai, ej) in beads {
        let (m, n, _) = TYPES[t];
        if m == 0 || n == 0 {
            continue;
        }
        ar_total += (ai..ai + m).map(|a| p.ar[a].length).sum::<f64>();
        en_total += (ej..ej + n).map(|e| p.en[e].length).sum::<f64>();
        if m == 1 && n == 1 {
            let (ah, eh) = p.hits(ai, ej);
            for (s, h) in [(&p.ar[ai], ah), (&p.en[ej], eh)] {
                for c in 0..CLASSES {
                    units[c] += s.class_masks[c].count_ones() as f64;
                    hits[c] += (h & s.class_masks[c]).count_ones() as f64;
                }
            }
        }
    }
    let ratio = if ar_total > 0.0 { en_total / ar_total } else { 1.0 };
    let mut squares = Vec::new();
    for &(t, ai, ej) in beads {
        let (m, n, _) = TYPES[t];
        if m > 0 && n > 0 && t != SWAP {
            let a: f64 = (ai..ai + m).map(|x| p.ar[x].length).sum();
            let e: f64 = (ej..ej + n).map(|x| p.en[x].length).sum();
            let d = e - ratio * a;
            squares.push(d * d / ((ratio * a + e).max(1.0) / 2.0));
        }
    }
    let variance = length_variance(&mut squares);
    let total: f64 = expected.iter().sum();
    let mut prior_p = [0.0; TYPES.len()];
    for (t, &(m, n, p0)) in TYPES.iter().enumerate() {
        // Where a sentence's evidence is weak, the lattice gives it to a 1-0 or
        // 0-1 bead as readily as to its neighbours: the expected number of them
        // is not evidence of how often they happen (with it, literature's strict
        // F1 0.489 -> 0.426, and law 0.978 -> 0.971).
        prior_p[t] = if m == 0 || n == 0 { p0 } else { (expected[t] + PRIOR_WEIGHT * p0) / (total + PRIOR_WEIGHT) };
    }
    let mut p_hit = [0.0; CLASSES];
    for c in 0..CLASSES {
        p_hit[c] = ((hits[c] + 4.0 * p_hit0[c]) / (units[c] + 4.0)).clamp(chance[c] + 0.01, 0.98);
    }
    Model::new(prior_p, ratio, variance, p_hit, chance)
}

/// The variance s² of the length model from the beads' squared normalized
/// deviations: their median over the median of χ² with one degree of freedom
/// (0.455), weighed with one bead of Gale and Church's 6.8. The median, not the
/// mean, because the alignment it is estimated from has wrong beads, whose
/// deviations are large and would make every length look likely (one pair at a
/// time without a dictionary: law strict F1 0.959 → 0.961, literature 0.415 →
/// 0.432, news 0.968 → 0.967).
fn length_variance(squares: &mut [f64]) -> f64 {
    if squares.is_empty() {
        return GALE_CHURCH_VARIANCE;
    }
    squares.sort_by(f64::total_cmp);
    let median = squares[squares.len() / 2] / CHI2_MEDIAN;
    let beads = squares.len() as f64;
    ((median * beads + GALE_CHURCH_VARIANCE) / (beads + 1.0)).clamp(1.0, 40.0)
}

/// Prior probabilities before estimation, shifted towards the longer side when one
/// document has many more sentences than the other (a literary translation that
/// renders one long Arabic sentence by several English ones): by √r for each
/// sentence more on the longer side, r the ratio of the sentence counts. By r
/// itself, a 1-6 bead became 48 times likelier in a text with twice as many
/// English sentences, and the first alignment ran ahead on the English (literature
/// strict F1 0.432 → 0.441; news and law unchanged).
pub(super) fn initial_priors(n: usize, m: usize) -> [f64; TYPES.len()] {
    let r = if n == 0 || m == 0 { 1.0 } else { (m as f64 / n as f64).clamp(0.33, 3.0) };
    let mut out = [0.0; TYPES.len()];
    for (t, &(a, e, p0)) in TYPES.iter().enumerate() {
        out[t] = if a > 0 && e > 0 { p0 * r.sqrt().powi(e as i32 - a as i32) } else { p0 };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_misaligned_beads_do_not_widen_the_length_model() {
        // Nine beads whose lengths agree as Gale and Church's do, one far off.
        let mut squares = vec![0.3, 0.5, 0.2, 0.6, 0.4, 0.1, 0.5, 0.3, 0.4, 400.0];
        let variance = length_variance(&mut squares);
        assert!(variance < 2.0, "{variance}");
        assert_eq!(length_variance(&mut []), GALE_CHURCH_VARIANCE);
    }

    #[test]
    fn twice_as_many_english_sentences_make_one_to_two_beads_likelier() {
        let even = initial_priors(100, 100);
        let more = initial_priors(100, 200);
        let (one_two, one_six) = (3, 14);
        assert_eq!((TYPES[one_two].0, TYPES[one_two].1), (1, 2));
        assert_eq!((TYPES[one_six].0, TYPES[one_six].1), (1, 6));
        assert!((more[one_two] / even[one_two] - 2f64.sqrt()).abs() < 1e-9);
        assert!(more[one_six] / even[one_six] < 6.0);
    }
}
