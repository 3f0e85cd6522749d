//! Cost ranges (spec section 10): when a stage's number of turns varies, the expected cost, the
//! percentiles of a run's cost, the month's range and the chance of going over the budget.
//!
//! cost(n) is exactly the stage evaluated with n turns. A turn's expected classes are linear in
//! the warm probability w (which is what depends on n, with the last turn's output), so each
//! turn is priced once at w = 0 and once at w = 1, and cost(n) is a sum of those, weighted by
//! w(n): the same numbers as n separate evaluations, at the price of one.

use super::usage::Usage;
use serde::Serialize;

/// One iteration count of a varying stage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IterationCost {
    pub iterations: u32,
    pub probability: f64,
    pub cost_usd: f64,
}

/// A varying stage's distribution of costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRange {
    pub mean_iterations: f64,
    /// The run the stage's per-turn table shows.
    pub median_iterations: u32,
    /// Σ P(n)·cost(n) (also the stage's `cost_usd`).
    pub expected_cost_usd: f64,
    /// The cost of a run of the mean length (between the two nearest counts when it is not whole).
    pub cost_at_mean_iterations_usd: f64,
    pub distribution: Vec<IterationCost>,
}

impl StageRange {
    pub fn variance(&self) -> f64 {
        let mu = self.expected_cost_usd;
        self.distribution.iter().map(|d| d.probability * (d.cost_usd - mu) * (d.cost_usd - mu)).sum()
    }

    /// cost(n) at a real n: between the two nearest counts of the distribution, linearly.
    fn cost_at(&self, x: f64) -> f64 {
        let d = &self.distribution;
        let Some(first) = d.first() else { return 0.0 };
        if x <= first.iterations as f64 {
            return first.cost_usd;
        }
        for w in d.windows(2) {
            let (a, b) = (w[0], w[1]);
            if x <= b.iterations as f64 {
                let t = (x - a.iterations as f64) / (b.iterations - a.iterations) as f64;
                return a.cost_usd + t * (b.cost_usd - a.cost_usd);
            }
        }
        d.last().map_or(0.0, |l| l.cost_usd)
    }
}

/// How the percentiles were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Percentiles {
    /// Over every combination of the stages' counts.
    Exact,
    /// From [`SAMPLES`] runs drawn with a fixed seed (more than [`EXACT_OUTCOMES`] combinations).
    Sampled,
}

/// The most combinations of counts the percentiles are computed over exactly.
pub const EXACT_OUTCOMES: usize = 100_000;
/// Runs drawn when there are more.
pub const SAMPLES: usize = 100_000;
/// The seed of the draws: the same scenario always gets the same figures.
pub const SEED: u64 = 0x10c0_57ca_fe5e_ed01;
/// z of the 90th percentile of a normal distribution, as the spec writes it.
pub const Z90: f64 = 1.2816;

/// The range figures of a run whose stages vary (spec 10).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Range {
    pub cost_at_mean_iterations_usd: f64,
    pub p10_usd: f64,
    pub p50_usd: f64,
    pub p90_usd: f64,
    pub percentiles: Percentiles,
    /// σ of a run's cost.
    pub std_dev_usd: f64,
    pub monthly_p10_usd: f64,
    pub monthly_p90_usd: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_exceed_probability: Option<f64>,
}

/// A varying stage's cost for each count, from its turns priced at w = 0 and w = 1.
///
/// `turns0[k]` / `turns1[k]`: turn k+1 as any but the last turn, at w = 0 / 1; `last0[k]` /
/// `last1[k]`: the same turn as the last one (its output is the final output). `warm(n)` is w
/// for a run of n turns. Returns, per count, its usage (already weighted by share and retries).
pub fn stage_usages(
    dist: &[(u32, f64)],
    turns0: &[Usage],
    turns1: &[Usage],
    last0: &[Usage],
    last1: &[Usage],
    warm: impl Fn(u32) -> f64,
) -> Vec<Usage> {
    // Prefix sums of the first k turns at w = 0, and of what w = 1 adds.
    let mut base = Usage::default();
    let mut extra = Usage::default();
    let mut out = Vec::with_capacity(dist.len());
    let mut k = 0usize;
    for &(n, _) in dist {
        let n = n as usize;
        while k + 1 < n {
            base.add(&turns0[k]);
            extra.add(&turns1[k]);
            extra.add_scaled(&turns0[k], -1.0);
            k += 1;
        }
        let w = warm(n as u32);
        let mut u = base;
        u.add_scaled(&extra, w);
        u.add_scaled(&last0[n - 1], 1.0 - w);
        u.add_scaled(&last1[n - 1], w);
        out.push(u);
    }
    out
}

/// The stage's figures from its counts' costs.
pub fn stage_range(dist: &[(u32, f64)], costs: &[f64], median: u32) -> StageRange {
    let distribution: Vec<IterationCost> = dist
        .iter()
        .zip(costs)
        .map(|(&(n, p), &c)| IterationCost { iterations: n, probability: p, cost_usd: c })
        .collect();
    let expected = distribution.iter().map(|d| d.probability * d.cost_usd).sum();
    let mean = distribution.iter().map(|d| d.probability * d.iterations as f64).sum();
    let mut r = StageRange {
        mean_iterations: mean,
        median_iterations: median,
        expected_cost_usd: expected,
        cost_at_mean_iterations_usd: 0.0,
        distribution,
    };
    r.cost_at_mean_iterations_usd = r.cost_at(mean);
    r
}

/// The run's range: `fixed` is the cost of everything that does not vary (other stages, the
/// router); `stages` the varying stages; `runs` the runs in a month; `budget` its budget.
pub fn run_range(fixed: f64, stages: &[&StageRange], runs: f64, budget: Option<f64>) -> Range {
    let mean: f64 = fixed + stages.iter().map(|s| s.expected_cost_usd).sum::<f64>();
    let at_mean = fixed + stages.iter().map(|s| s.cost_at_mean_iterations_usd).sum::<f64>();
    let sd = stages.iter().map(|s| s.variance()).sum::<f64>().max(0.0).sqrt();
    let outcomes =
        stages.iter().try_fold(1usize, |a, s| a.checked_mul(s.distribution.len()).filter(|x| *x <= EXACT_OUTCOMES));
    let (p10, p50, p90, how) = match outcomes {
        Some(_) => {
            let [p10, p50, p90] = exact_quantiles(fixed, stages, [0.1, 0.5, 0.9]);
            (p10, p50, p90, Percentiles::Exact)
        }
        None => {
            let [p10, p50, p90] = sampled_quantiles(fixed, stages, [0.1, 0.5, 0.9]);
            (p10, p50, p90, Percentiles::Sampled)
        }
    };
    let month_mean = runs * mean;
    let month_sd = sd * runs.max(0.0).sqrt();
    let exceed = budget.map(|b| {
        if month_sd > 0.0 {
            1.0 - normal_cdf((b - month_mean) / month_sd)
        } else if month_mean > b {
            1.0
        } else {
            0.0
        }
    });
    Range {
        cost_at_mean_iterations_usd: at_mean,
        p10_usd: p10,
        p50_usd: p50,
        p90_usd: p90,
        percentiles: how,
        std_dev_usd: sd,
        monthly_p10_usd: month_mean - Z90 * month_sd,
        monthly_p90_usd: month_mean + Z90 * month_sd,
        budget_exceed_probability: exceed,
    }
}

/// The smallest value x with P(X ≤ x) ≥ q over `(value, probability)` pairs in any order, in
/// expected linear time (a three-way quickselect on cumulative probability; the order of the
/// pairs changes).
#[cfg(test)]
fn weighted_quantile(items: &mut [(f64, f64)], q: f64) -> f64 {
    weighted_quantile_to(items, q - 1e-12)
}

/// [`weighted_quantile`] of the probability `target`, already less its rounding allowance.
fn weighted_quantile_to(items: &mut [(f64, f64)], target: f64) -> f64 {
    let (mut lo, mut hi) = (0usize, items.len());
    let mut below = 0.0; // probability of everything left of `lo`
    let mut pick = SplitMix(SEED);
    while hi > lo {
        let pivot = items[lo + (pick.next() % (hi - lo) as u64) as usize].0;
        // Three-way partition of items[lo..hi]: < pivot, == pivot, > pivot.
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            let v = items[i].0;
            if v < pivot {
                items.swap(lt, i);
                lt += 1;
                i += 1;
            } else if v > pivot {
                gt -= 1;
                items.swap(i, gt);
            } else {
                i += 1;
            }
        }
        let less: f64 = items[lo..lt].iter().map(|x| x.1).sum();
        let equal: f64 = items[lt..gt].iter().map(|x| x.1).sum();
        if below + less >= target && lt > lo {
            hi = lt;
        } else if below + less + equal >= target {
            return pivot;
        } else {
            below += less + equal;
            lo = gt;
        }
    }
    // Rounding left a hair of probability: the largest value.
    items.iter().map(|x| x.0).fold(f64::NEG_INFINITY, f64::max)
}

/// Which of [`BUCKETS`] equal buckets between `lo` and `hi` a run cost falls in: monotone in the
/// cost, so a rank among the costs is found by counting buckets.
fn buckets(lo: f64, hi: f64) -> impl Fn(f64) -> usize {
    let top = (BUCKETS - 1) as f64;
    let scale = if hi > lo && (hi - lo).is_finite() { top / (hi - lo) } else { 0.0 };
    move |x: f64| {
        // Into 0..=top (below `lo`, and NaN, to 0; comparisons, not `f64::max`, which is a call
        // in wasm), then rounded to a whole number by adding 2⁵²: its low bits are then the
        // bucket. Rounding is monotone like truncating, and much cheaper than a saturating `as`.
        let t = (x - lo) * scale;
        let t = if t > 0.0 { t } else { 0.0 };
        let t = if t < top { t } else { top };
        ((t + 4_503_599_627_370_496.0).to_bits() as usize) & (BUCKETS - 1)
    }
}

/// The exact quantiles `qs` of the run's cost over every combination of the stages' counts:
/// for each q, the smallest x with P(cost ≤ x) ≥ q.
///
/// The combinations are made once (the last stage's counts over the combinations of the
/// others), counted by value into [`BUCKETS`] buckets with their probabilities as they are
/// made, and for each q only the bucket where the cumulative probability reaches q is searched
/// (by weight, [`weighted_quantile_to`]). Bucketing by value is monotone, so this is the same
/// figure as searching all of them.
fn exact_quantiles<const K: usize>(fixed: f64, stages: &[&StageRange], qs: [f64; K]) -> [f64; K] {
    // The stage with the most counts goes last: the combinations of the others, made and kept,
    // are then the fewest.
    let Some(widest) = (0..stages.len()).max_by_key(|&i| stages[i].distribution.len()) else {
        return [fixed; K];
    };
    let last = stages[widest];
    let mut partial: Vec<(f64, f64)> = vec![(fixed, 1.0)];
    for s in stages.iter().enumerate().filter(|(i, _)| *i != widest).map(|(_, s)| s) {
        let mut next = Vec::with_capacity(partial.len() * s.distribution.len());
        for &(x, p) in &partial {
            for d in &s.distribution {
                next.push((x + d.cost_usd, p * d.probability));
            }
        }
        partial = next;
    }
    let span = |s: &&StageRange| {
        let c = s.distribution.iter().map(|d| d.cost_usd);
        (c.clone().fold(f64::INFINITY, f64::min), c.fold(f64::NEG_INFINITY, f64::max))
    };
    let (lo, hi) = stages.iter().map(span).fold((fixed, fixed), |a, b| (a.0 + b.0, a.1 + b.1));
    let bucket = buckets(lo, hi);
    // First pass: the probability and the number of combinations in each bucket; nothing kept.
    let mut mass = vec![0.0f64; BUCKETS];
    let mut count = vec![0u32; BUCKETS];
    for &(x, p) in &partial {
        for d in &last.distribution {
            let b = bucket(x + d.cost_usd);
            mass[b] += p * d.probability;
            count[b] += 1;
        }
    }
    // The bucket where each q is reached, and the probability below it.
    let found = qs.map(|q| {
        let target = q - 1e-12;
        let mut below = 0.0;
        for b in 0..BUCKETS {
            if count[b] > 0 && below + mass[b] >= target {
                return Some((b, target - below));
            }
            below += mass[b];
        }
        None
    });
    // Second pass: the combinations in those buckets only, made again the same way.
    let mut inside: Vec<Vec<(f64, f64)>> = found.iter().map(|_| Vec::new()).collect();
    let mut greatest = f64::NEG_INFINITY;
    for &(x, p) in &partial {
        for d in &last.distribution {
            let v = x + d.cost_usd;
            if v > greatest {
                greatest = v;
            }
            let b = bucket(v);
            for (f, items) in found.iter().zip(inside.iter_mut()) {
                if matches!(f, Some((fb, _)) if *fb == b) {
                    items.push((v, p * d.probability));
                }
            }
        }
    }
    let mut out = [greatest; K];
    for ((o, f), items) in out.iter_mut().zip(&found).zip(inside.iter_mut()) {
        // None: rounding left a hair of probability; the largest value stands.
        if let Some((_, target)) = f {
            *o = weighted_quantile_to(items, *target);
        }
    }
    out
}

/// Buckets of the run costs between their least and greatest possible values.
const BUCKETS: usize = 1 << 12;

/// The order statistics of [`SAMPLES`] seeded draws of the run's cost at the quantiles `qs`:
/// for each q, the smallest drawn x with at least q of the draws at or below it.
///
/// Where the time goes, and why it is spent this way: a draw is one table cell picked by 13
/// random bits, four draws per generator call ([`Sampler`]: an alias table only for what the
/// table's rounding leaves, a few draws in a hundred), stage by stage in tight loops; and no
/// sort: the draws are counted into [`BUCKETS`] buckets by value as the last stage's are added
/// (the least and greatest possible run costs are known before), and only the draws in the
/// buckets holding the wanted ranks are selected among, gathered in one pass. Bucketing by value
/// is monotone, so the ranks are exactly those of the sorted draws.
fn sampled_quantiles<const K: usize>(fixed: f64, stages: &[&StageRange], qs: [f64; K]) -> [f64; K] {
    let tables: Vec<Sampler> = stages.iter().map(|s| Sampler::new(&s.distribution)).collect();
    if tables.is_empty() {
        return [fixed; K];
    }
    let lo = fixed + tables.iter().map(|t| t.least).sum::<f64>();
    let hi = fixed + tables.iter().map(|t| t.greatest).sum::<f64>();
    let bucket = buckets(lo, hi);
    let mut rng = SplitMix(SEED);
    let mut drawn = vec![fixed; SAMPLES];
    for t in tables.iter() {
        t.add_draws(&mut rng, &mut drawn);
    }
    // Each draw's bucket (a loop of arithmetic only, which the compiler vectorises), then the
    // buckets counted.
    let which: Vec<u16> = drawn.iter().map(|&x| bucket(x) as u16).collect();
    let mut counts = vec![0u32; BUCKETS];
    for &b in &which {
        counts[b as usize & (BUCKETS - 1)] += 1;
    }
    // The rank wanted for each q, the bucket it falls in and the rank within that bucket.
    let ranks = qs.map(|q| ((q * SAMPLES as f64 - 1e-9).ceil() as usize).clamp(1, SAMPLES) - 1);
    let mut found = [(0u16, 0usize); K];
    for (f, &k) in found.iter_mut().zip(&ranks) {
        let mut below = 0usize;
        for (b, &c) in counts.iter().enumerate() {
            if below + c as usize > k {
                *f = (b as u16, k - below);
                break;
            }
            below += c as usize;
        }
    }
    // The draws of every wanted bucket, in one pass: `slot[b]` is where bucket b's draws go
    // (one load and a well-predicted test per draw; few buckets are wanted).
    assert!(K < u8::MAX as usize, "a slot per wanted bucket");
    let mut slot = vec![u8::MAX; BUCKETS];
    let mut wanted: Vec<Vec<f64>> = Vec::with_capacity(K);
    for &(b, _) in &found {
        if slot[b as usize] == u8::MAX {
            slot[b as usize] = wanted.len() as u8;
            wanted.push(Vec::with_capacity(counts[b as usize] as usize));
        }
    }
    for (&x, &b) in drawn.iter().zip(&which) {
        let s = slot[b as usize & (BUCKETS - 1)];
        if s != u8::MAX {
            wanted[s as usize].push(x);
        }
    }
    found.map(|(b, k)| *wanted[slot[b as usize] as usize].select_nth_unstable_by(k, f64::total_cmp).1)
}

/// Walker's alias table: a draw from a discrete distribution in constant time from 32 random
/// bits ([`Alias::draw`]). The entries carry the costs, so a draw is the cost itself.
struct Alias {
    /// Per entry: the threshold below which a draw keeps the entry, its cost, its alias's cost.
    entries: Vec<(u64, f64, f64)>,
}

impl Alias {
    fn new(d: &[IterationCost]) -> Alias {
        let n = d.len().max(1);
        let total: f64 = d.iter().map(|x| x.probability).sum::<f64>().max(f64::MIN_POSITIVE);
        let mut scaled: Vec<f64> = d.iter().map(|x| x.probability / total * n as f64).collect();
        scaled.resize(n, 0.0);
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
        let mut prob = vec![1.0; n];
        let mut alias: Vec<usize> = (0..n).collect();
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        let cost = |i: usize| d.get(i).map_or(0.0, |x| x.cost_usd);
        let entries = (0..n)
            .map(|i| {
                // prob 1 keeps every draw: a threshold above any 32-bit half.
                let keep = if prob[i] >= 1.0 { 1u64 << 32 } else { (prob[i] * 4_294_967_296.0) as u64 };
                (keep, cost(i), cost(alias[i]))
            })
            .collect();
        Alias { entries }
    }

    /// The cost of one draw from 32 random bits: r·n's whole part picks the entry, its fraction
    /// (uniform at a resolution of n / 2³²) decides between the entry and its alias.
    fn draw(&self, r: u32) -> f64 {
        let u = r as u64 * self.entries.len() as u64;
        let (keep, own, other) = self.entries[(u >> 32) as usize];
        if (u & 0xffff_ffff) < keep { own } else { other }
    }
}

/// Bits of a generator call that pick a [`Sampler`] cell.
const CELL_BITS: u32 = 13;
/// Cells of a [`Sampler`] table.
const CELLS: usize = 1 << CELL_BITS;
/// Draws per generator call: its 64 bits hold four cell numbers.
const PER_CALL: usize = 64 / CELL_BITS as usize;

/// Draws from a discrete distribution at the cost of one table cell, exactly (the "condensed
/// table" method): each count takes ⌊P·C⌋ of the C = [`CELLS`] cells, holding its cost; a draw is a
/// uniformly random cell. A cell past the filled ones (what the rounding down left, at most one
/// cell per count) draws instead from an [`Alias`] table of the remainders P·C − ⌊P·C⌋.
/// So P(cost of count n) = ⌊P·C⌋/C + (remainder/Σ remainders)·(unfilled/C) = P.
///
/// Measured on the budget's scenario (3 stages of up to 200 counts, 100,000 draws each): ≈ 0.8 ns
/// a draw against ≈ 1.05 with an alias table alone; 13 bits (a 64 KB table) gained ≈ 2 % of the
/// evaluation over 12 and lost ≈ 2 % to 14.
struct Sampler {
    cells: Box<[f64; CELLS]>,
    filled: usize,
    rest: Alias,
    least: f64,
    greatest: f64,
}

impl Sampler {
    fn new(d: &[IterationCost]) -> Sampler {
        let total: f64 = d.iter().map(|x| x.probability).sum::<f64>().max(f64::MIN_POSITIVE);
        let mut cells = Vec::with_capacity(CELLS);
        let rest: Vec<IterationCost> = d
            .iter()
            .map(|x| {
                let share = x.probability / total * CELLS as f64;
                let whole = share.floor();
                // Never past the table (rounding of the shares' sum): what is left over goes
                // to the remainder instead, so the probabilities still add up.
                let take = (whole as usize).min(CELLS - cells.len());
                cells.resize(cells.len() + take, x.cost_usd);
                IterationCost { probability: share - take as f64, ..*x }
            })
            .collect();
        let filled = cells.len();
        cells.resize(CELLS, 0.0);
        let cells: Box<[f64; CELLS]> = cells.into_boxed_slice().try_into().expect("CELLS cells");
        let possible = d.iter().filter(|x| x.probability > 0.0).map(|x| x.cost_usd);
        let least = possible.clone().fold(f64::INFINITY, f64::min);
        let greatest = possible.fold(f64::NEG_INFINITY, f64::max);
        Sampler {
            cells,
            filled,
            rest: Alias::new(&rest),
            least: if least.is_finite() { least } else { 0.0 },
            greatest: if greatest.is_finite() { greatest } else { 0.0 },
        }
    }

    /// The cost of the draw whose cell is the low [`CELL_BITS`] of `bits`; a cell past the filled
    /// ones draws from the remainders with a generator call of its own.
    #[inline(always)]
    fn draw(&self, bits: u64, rng: &mut SplitMix) -> f64 {
        let cell = bits as usize & (CELLS - 1);
        if cell < self.filled { self.cells[cell] } else { self.rest.draw(rng.next() as u32) }
    }

    /// Adds a draw to each of `drawn`, [`PER_CALL`] per generator call.
    #[inline(always)]
    fn add_draws(&self, rng: &mut SplitMix, drawn: &mut [f64]) {
        let mut groups = drawn.chunks_exact_mut(PER_CALL);
        for group in &mut groups {
            let r = rng.next();
            for (k, x) in group.iter_mut().enumerate() {
                *x += self.draw(r >> (k as u32 * CELL_BITS), rng);
            }
        }
        let r = rng.next();
        for (k, x) in groups.into_remainder().iter_mut().enumerate() {
            *x += self.draw(r >> (k as u32 * CELL_BITS), rng);
        }
    }
}

/// Φ(x), the standard normal distribution function, within about 1e-14 (W. J. Cody's rational
/// approximations as arranged by G. West, "Better approximations to cumulative normal
/// functions", 2005).
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let a = x.abs();
    let tail = if a > 37.0 {
        0.0
    } else {
        let e = (-a * a / 2.0).exp();
        if a < 7.071_067_811_865_47 {
            // Cody's rational function, each polynomial by Horner's rule (highest power first).
            let horner = |c: &[f64]| c[1..].iter().fold(c[0], |acc, &k| acc * a + k);
            let n = horner(&[
                3.526_249_659_989_11e-2,
                0.700_383_064_443_688,
                6.373_962_203_531_65,
                33.912_866_078_383,
                112.079_291_497_871,
                221.213_596_169_931,
                220.206_867_912_376,
            ]);
            let d = horner(&[
                8.838_834_764_831_84e-2,
                1.755_667_163_182_64,
                16.064_177_579_207,
                86.780_732_202_946_1,
                296.564_248_779_674,
                637.333_633_378_831,
                793.826_512_519_948,
                440.413_735_824_752,
            ]);
            e * n / d
        } else {
            let mut b = a + 0.65;
            b = a + 4.0 / b;
            b = a + 3.0 / b;
            b = a + 2.0 / b;
            b = a + 1.0 / b;
            e / b / 2.506_628_274_631
        }
    };
    if x > 0.0 { 1.0 - tail } else { tail }
}

/// A small, fast, seeded generator (SplitMix64): the draws are the same on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_weight_in_any_order() {
        let mut v = vec![(3.0, 0.25), (1.0, 0.5), (2.0, 0.25)];
        assert_eq!(weighted_quantile(&mut v, 0.1), 1.0);
        assert_eq!(weighted_quantile(&mut v, 0.5), 1.0, "P(X ≤ 1) = 1/2 reaches 1/2");
        assert_eq!(weighted_quantile(&mut v, 0.51), 2.0);
        assert_eq!(weighted_quantile(&mut v, 0.9), 3.0);
        // Against sorting, on many ties and values.
        let mut rng = SplitMix(7);
        let mut w: Vec<(f64, f64)> =
            (0..5000).map(|_| ((rng.next() % 300) as f64, (rng.next() >> 11) as f64 / (1u64 << 53) as f64)).collect();
        let total: f64 = w.iter().map(|x| x.1).sum();
        w.iter_mut().for_each(|x| x.1 /= total);
        let mut sorted = w.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for q in [0.01, 0.1, 0.5, 0.9, 0.999] {
            assert_eq!(weighted_quantile(&mut w, q), crate::scenario::quantile(&sorted, q).unwrap(), "q {q}");
        }
    }

    #[test]
    fn alias_draws_follow_the_distribution() {
        let d: Vec<IterationCost> = [0.5, 0.25, 0.125, 0.125]
            .iter()
            .enumerate()
            .map(|(i, p)| IterationCost { iterations: i as u32 + 1, probability: *p, cost_usd: i as f64 })
            .collect();
        let t = Alias::new(&d);
        let mut rng = SplitMix(SEED);
        let mut counts = [0usize; 4];
        for _ in 0..100_000 {
            let r = rng.next();
            counts[t.draw(r as u32) as usize] += 1;
            counts[t.draw((r >> 32) as u32) as usize] += 1;
        }
        for (c, p) in counts.iter().zip([0.5, 0.25, 0.125, 0.125]) {
            assert!((*c as f64 / 200_000.0 - p).abs() < 0.005, "{counts:?}");
        }
    }

    /// The sampler's probabilities, worked out from its table (cells and remainders): exactly
    /// the distribution's, for shares that fill whole cells, shares that fill none, zero
    /// probabilities, and more counts than cells.
    #[test]
    fn sampler_tables_hold_the_distribution_exactly() {
        let check = |probabilities: Vec<f64>| {
            let total: f64 = probabilities.iter().sum();
            let d: Vec<IterationCost> = probabilities
                .iter()
                .enumerate()
                .map(|(i, &p)| IterationCost { iterations: i as u32 + 1, probability: p, cost_usd: i as f64 })
                .collect();
            let t = Sampler::new(&d);
            // P(count i) = its cells / C + its remainder's alias share × the unfilled cells.
            let unfilled = (CELLS - t.filled) as f64 / CELLS as f64;
            let n = t.rest.entries.len() as f64;
            for (i, p) in probabilities.iter().enumerate() {
                let cells = t.cells[..t.filled].iter().filter(|&&c| c == i as f64).count() as f64;
                let rest: f64 = t
                    .rest
                    .entries
                    .iter()
                    .map(|&(keep, own, other)| {
                        let keep = keep.min(1 << 32) as f64 / 4_294_967_296.0;
                        (if own == i as f64 { keep } else { 0.0 }) + (if other == i as f64 { 1.0 - keep } else { 0.0 })
                    })
                    .sum::<f64>()
                    / n;
                let got = cells / CELLS as f64 + rest * unfilled;
                assert!((got - p / total).abs() < 1e-9, "count {i}: {got} vs {}", p / total);
                if *p == 0.0 {
                    assert_eq!(got, 0.0, "count {i} has probability 0");
                }
            }
        };
        check(vec![0.5, 0.25, 0.125, 0.125]);
        check(vec![1.0; 200]);
        check((1..=200).map(|n| 0.95f64.powi(n)).collect());
        check(vec![0.0, 3.0, 0.0, 1e-9, 7.0]);
        check((1..=6000).map(|n| (n % 7) as f64).collect());
        check(vec![1.0]);
    }

    #[test]
    fn sampler_draws_follow_the_distribution() {
        let p = [0.4, 0.3, 0.2, 0.0999, 0.0001];
        let d: Vec<IterationCost> = p
            .iter()
            .enumerate()
            .map(|(i, p)| IterationCost { iterations: i as u32 + 1, probability: *p, cost_usd: i as f64 })
            .collect();
        let t = Sampler::new(&d);
        assert_eq!((t.least, t.greatest), (0.0, 4.0));
        let mut drawn = vec![0.0; 1_000_000];
        t.add_draws(&mut SplitMix(SEED), &mut drawn);
        let mut counts = [0usize; 5];
        drawn.iter().for_each(|&x| counts[x as usize] += 1);
        for (c, p) in counts.iter().zip(p) {
            // Within 5 standard errors.
            let se = (p * (1.0 - p) / 1e6f64).sqrt();
            assert!((*c as f64 / 1e6 - p).abs() < 5.0 * se, "{counts:?}");
        }
    }

    #[test]
    fn bucketed_selection_equals_sorting_the_same_draws() {
        // Three stages, one with ties and one with a zero-probability count beyond the rest.
        let stage = |costs: &[(f64, f64)]| StageRange {
            mean_iterations: 0.0,
            median_iterations: 1,
            expected_cost_usd: 0.0,
            cost_at_mean_iterations_usd: 0.0,
            distribution: costs
                .iter()
                .enumerate()
                .map(|(i, &(c, p))| IterationCost { iterations: i as u32 + 1, probability: p, cost_usd: c })
                .collect(),
        };
        let a = stage(&(1..=150).map(|n| (n as f64 * 0.01 + (n * n) as f64 * 1e-4, 1.0)).collect::<Vec<_>>());
        let b = stage(&[(0.5, 0.2), (0.5, 0.3), (0.75, 0.4), (2.0, 0.1), (99.0, 0.0)]);
        let c = stage(&(1..=80).map(|n| (n as f64 * 0.003, 0.97f64.powi(n))).collect::<Vec<_>>());
        let stages = [&a, &b, &c];
        let qs = [0.0001, 0.1, 0.5, 0.9, 0.99999, 1.0];
        let got = sampled_quantiles(0.25, &stages, qs);
        let tables: Vec<Sampler> = stages.iter().map(|s| Sampler::new(&s.distribution)).collect();
        let mut rng = SplitMix(SEED);
        // The same draws, stage by stage, sorted.
        let mut sorted = vec![0.25; SAMPLES];
        for t in &tables {
            t.add_draws(&mut rng, &mut sorted);
        }
        sorted.sort_by(f64::total_cmp);
        for (g, q) in got.iter().zip(qs) {
            let k = ((q * SAMPLES as f64 - 1e-9).ceil() as usize).clamp(1, SAMPLES) - 1;
            assert_eq!(*g, sorted[k], "q = {q}");
        }
        assert!(sorted.iter().all(|&x| x < 99.0), "a count of probability 0 is never drawn");
    }

    #[test]
    fn bucketed_exact_quantiles_equal_searching_every_combination() {
        let mut rng = SplitMix(7);
        for case in 0..200 {
            let stages: Vec<StageRange> = (0..1 + case % 4)
                .map(|_| {
                    let len = 1 + (rng.next() % 15) as u32;
                    StageRange {
                        mean_iterations: 0.0,
                        median_iterations: 1,
                        expected_cost_usd: 0.0,
                        cost_at_mean_iterations_usd: 0.0,
                        distribution: (1..=len)
                            .map(|i| IterationCost {
                                iterations: i,
                                // Ties and zero probabilities on purpose.
                                probability: (rng.next() % 5) as f64,
                                cost_usd: (rng.next() % 40) as f64 * 0.25,
                            })
                            .collect(),
                    }
                })
                .map(|mut s| {
                    if s.distribution.iter().all(|d| d.probability == 0.0) {
                        s.distribution[0].probability = 1.0;
                    }
                    let total: f64 = s.distribution.iter().map(|d| d.probability).sum();
                    for d in &mut s.distribution {
                        d.probability /= total;
                    }
                    s
                })
                .collect();
            let refs: Vec<&StageRange> = stages.iter().collect();
            let mut all: Vec<(f64, f64)> = vec![(0.5, 1.0)];
            for s in &refs {
                all = all
                    .iter()
                    .flat_map(|&(x, p)| s.distribution.iter().map(move |d| (x + d.cost_usd, p * d.probability)))
                    .collect();
            }
            let qs = [0.1, 0.25, 0.5, 0.9, 0.99];
            let got = exact_quantiles(0.5, &refs, qs);
            for (g, q) in got.iter().zip(qs) {
                assert_eq!(*g, weighted_quantile(&mut all, q), "case {case}, q {q}");
            }
        }
    }

    #[test]
    fn normal_cdf_matches_known_values() {
        // Φ(0) = 1/2, Φ(1.2816) ≈ 0.9, Φ(-1.959963984540054) = 0.025.
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-15);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-13);
        assert!((normal_cdf(-1.959_963_984_540_054) - 0.025).abs() < 1e-13);
        assert!((normal_cdf(1.0) - 0.841_344_746_068_542_9).abs() < 1e-13);
        let tail = normal_cdf(-8.0) / 6.220_960_574_271_819e-16 - 1.0;
        assert!(tail.abs() < 1e-7, "{tail}");
        assert_eq!(normal_cdf(40.0), 1.0);
    }
}

/// The range figures in words, as the page, the widget and the CLI say them.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeWords {
    /// "p10 $0.06 – p90 $0.52"
    pub per_run: String,
    /// "runs of average length cost $0.14: the long tail adds 50 %"
    pub tail: String,
    /// "$3,900 – $5,100 (p10 – p90)"
    pub monthly: String,
    /// "18 % chance of going over $5,000 in a month"
    pub budget: Option<String>,
}

impl Range {
    pub fn words(&self, expected: f64, budget: Option<f64>) -> RangeWords {
        use crate::format::{pct, usd};
        let at_mean = self.cost_at_mean_iterations_usd;
        let tail = if at_mean > 0.0 && expected > at_mean * (1.0 + 1e-9) {
            format!(
                "runs of average length cost {}: the long tail adds {}",
                usd(at_mean),
                pct(expected / at_mean - 1.0)
            )
        } else {
            format!("runs of average length cost {}", usd(at_mean))
        };
        let sampled = if self.percentiles == Percentiles::Sampled { ", sampled" } else { "" };
        RangeWords {
            per_run: format!("p10 {} – p90 {}{sampled}", usd(self.p10_usd), usd(self.p90_usd)),
            tail,
            monthly: format!("{} – {} (p10 – p90)", usd(self.monthly_p10_usd.max(0.0)), usd(self.monthly_p90_usd)),
            budget: self.budget_exceed_probability.zip(budget).map(|(p, b)| {
                let chance = if p > 0.0 && p < 0.001 {
                    "under 0.1%".to_string()
                } else if p < 1.0 && p > 0.999 {
                    "over 99.9%".to_string()
                } else {
                    pct(p)
                };
                format!("{chance} chance of going over {} in a month", usd(b))
            }),
        }
    }
}
