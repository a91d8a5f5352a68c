//! The matching kernels, per cell: normalization, exact lookup, and fuzzy
//! candidate generation plus verification, over id lengths 8 / 18 / 36 / 64
//! and sample sizes 100 / 1,000 / 10,000.
//!
//!     cargo bench --bench matching
//!
//! The fuzzy figures show the index at work: the cost per cell stays flat as
//! the sample grows, because a cell only meets the probes one deletion away.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fieldmatch::Metric;
use fieldmatch::internals::{Exact, Fuzzy, LADDER, Matcher, Normalized, Probes, Scratch};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const LENGTHS: [usize; 4] = [8, 18, 36, 64];
const SAMPLES: [usize; 3] = [100, 1_000, 10_000];
/// Cells per measured batch: a mix of near misses and unrelated values.
const CELLS: usize = 1_000;

fn ids(n: usize, len: usize, rng: &mut ChaCha8Rng) -> Vec<String> {
    const A: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..n)
        .map(|_| {
            (0..len)
                .map(|_| A[rng.random_range(0..A.len())] as char)
                .collect()
        })
        .collect()
}

/// Cells for a sample: one in ten is a sampled id with one character changed,
/// the rest are unrelated values of the same shape.
fn cells(sample: &[String], len: usize, rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut out = ids(CELLS, len, rng);
    for (i, cell) in out.iter_mut().enumerate().step_by(10) {
        let mut near: Vec<u8> = sample[i % sample.len()].clone().into_bytes();
        near[len / 2] = if near[len / 2] == b'x' { b'y' } else { b'x' };
        *cell = String::from_utf8(near).unwrap();
    }
    out
}

fn per_cell(c: &mut Criterion, group: &str, build: impl Fn(&[String]) -> Box<dyn Matcher>) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(CELLS as u64));
    for len in LENGTHS {
        for n in SAMPLES {
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let sample = ids(n, len, &mut rng);
            let cells = cells(&sample, len, &mut rng);
            let matcher = build(&sample);
            let (mut scratch, mut hits) = (Scratch::default(), Vec::new());
            g.bench_with_input(
                BenchmarkId::new(format!("len{len}"), n),
                &cells,
                |b, cells| {
                    b.iter(|| {
                        for cell in cells {
                            hits.clear();
                            matcher.find(black_box(cell), &mut scratch, &mut hits);
                        }
                        black_box(hits.len())
                    })
                },
            );
        }
    }
    g.finish();
}

fn exact(c: &mut Criterion) {
    per_cell(c, "exact", |s| Box::new(Exact::new(s)));
}

fn normalized(c: &mut Criterion) {
    per_cell(c, "normalized", |s| Box::new(Normalized::new(s)));
}

fn fuzzy(c: &mut Criterion) {
    per_cell(c, "fuzzy", |s| {
        let probes = Probes::without_decoys(s.to_vec());
        Box::new(Fuzzy::new(&probes, Metric::JaroWinkler, 0.9))
    });
}

/// For scale: what the index saves, comparing each cell with every sampled id.
fn fuzzy_all_pairs(c: &mut Criterion) {
    let mut g = c.benchmark_group("fuzzy_all_pairs");
    g.throughput(Throughput::Elements(CELLS as u64));
    for n in [100, 1_000] {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let sample = ids(n, 18, &mut rng);
        let cells = cells(&sample, 18, &mut rng);
        g.bench_with_input(BenchmarkId::new("len18", n), &cells, |b, cells| {
            b.iter(|| {
                cells
                    .iter()
                    .filter(|cell| {
                        sample
                            .iter()
                            .any(|id| strsim::jaro_winkler(id, cell) >= 0.9)
                    })
                    .count()
            })
        });
    }
    g.finish();
}

fn transforms(c: &mut Criterion) {
    let values = [
        "  cmp_1F3A ",
        "001A000010khO8J",
        "Acme Robotics, Inc.",
        "0000123",
        "123.0",
        "1.23457E+11",
        "https://www.acme.com/about",
        "ACC-00123",
        "cus_ABC123",
        "2026-09-02T22:07:23.000Z",
    ];
    let mut g = c.benchmark_group("transform");
    g.throughput(Throughput::Elements(values.len() as u64));
    for t in LADDER {
        g.bench_function(t.id.name(), |b| {
            b.iter(|| {
                values
                    .iter()
                    .filter_map(|v| (t.apply)(black_box(v)))
                    .count()
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    transforms,
    exact,
    normalized,
    fuzzy,
    fuzzy_all_pairs
);
criterion_main!(benches);
