//! The matching kernels, per cell: normalization, exact lookup, and fuzzy
//! candidate generation plus verification, over id lengths 8 / 18 / 36 / 64
//! and sample sizes 100 / 1,000 / 10,000.
//!
//!     cargo bench --bench matching
//!
//! The fuzzy figures show the index at work: the cost per cell stays flat as
//! the sample grows, because a cell only meets the probes one deletion away.
//!
//! `ladder/SHAPE` runs the whole ladder (exact, gate, normalized, fuzzy) over
//! the cells of account rows, against 1,000 sampled ids of each shape company
//! ids come in: what a scan costs per cell, text fields included.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fieldmatch::Metric;
use fieldmatch::internals::{
    Exact, Fuzzy, LADDER, Ladder, Matcher, Normalized, Options, Probes, Scratch, Utf8,
};
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
    per_cell(c, "exact", |s| Box::new(Exact::new(s.into())));
}

fn normalized(c: &mut Criterion) {
    per_cell(c, "normalized", |s| Box::new(Normalized::new(s.into())));
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

/// The shapes company ids come in.
const SHAPES: [&str; 7] = ["numbers", "mixed", "hex", "slug", "domain", "name", "sfid"];
const WORDS: [&str; 12] = [
    "Acme", "Globex", "Summit", "Harbor", "Zürich", "Nimbus", "Cedar", "Atlas", "Beacon", "Orbit",
    "Falcon", "Granite",
];
const NOUNS: [&str; 8] = [
    "Labs", "Bank", "Group", "Foods", "Health", "Media", "Capital", "Robotics",
];

/// Company `i`'s name and its id in `shape`.
fn shaped(shape: &str, i: usize, rng: &mut ChaCha8Rng) -> (String, String) {
    let name = format!(
        "{} {} {}",
        WORDS[rng.random_range(0..WORDS.len())],
        WORDS[rng.random_range(0..WORDS.len())],
        NOUNS[rng.random_range(0..NOUNS.len())]
    );
    let slug = |name: &str| {
        let words: Vec<String> = name.split(' ').map(str::to_lowercase).collect();
        format!("{}-{i}", words.join("-"))
    };
    let hex = |rng: &mut ChaCha8Rng| {
        format!(
            "{:08x}{:016x}",
            1_500_000_000 + i * 37,
            rng.random_range(0..u64::MAX)
        )
    };
    let id = match shape {
        "numbers" => (100_000 + 3 * i).to_string(),
        "mixed" => match rng.random_range(0..100) {
            0..60 => (100_000_000 + 3 * i).to_string(),
            60..85 => hex(rng),
            _ => slug(&name),
        },
        "hex" => hex(rng),
        "slug" => slug(&name),
        "domain" => format!("{}{i}.com", name.replace(' ', "").to_lowercase()),
        "name" => format!("{name} {i}"),
        _ => fieldmatch::internals::sfid::to_id18(format!("0018d{i:010}").as_bytes()).unwrap(),
    };
    (name, id)
}

/// The cells of account rows: names with commas and accents, addresses,
/// phones, websites, e-mails, descriptions with line breaks, dates,
/// numbers, picklists; and the id field, holding a sampled id in one row in
/// two and another company's id otherwise.
fn account_cells(shape: &str, sample: &[String], rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut cells = Vec::new();
    for row in 0..CELLS / 20 {
        let (name, other) = shaped(shape, 1_000_000 + row, rng);
        let domain = format!("{}.com", name.replace(' ', "").to_lowercase());
        cells.extend([
            if row % 2 == 0 {
                sample[row % sample.len()].clone()
            } else {
                other
            },
            format!("{name}, Inc."),
            format!(
                "{} {} Street\nSuite {}",
                row * 7 % 999,
                WORDS[row % 12],
                row % 900
            ),
            "São Paulo".into(),
            format!("{:05}", rng.random_range(501..99950)),
            format!("({}) 555-{:04}", rng.random_range(201..989), row),
            format!("https://www.{domain}/"),
            format!("ap@{domain}"),
            format!(
                "Renewal due Q{}.\nChampion left; ask for the \"new\" admin at ops@{domain}.",
                row % 4 + 1
            ),
            format!("2024-{:02}-{:02}T10:22:31.000Z", row % 12 + 1, row % 28 + 1),
            rng.random_range(1..250_000).to_string(),
            ["Technology", "Finance", "Retail"][row % 3].into(),
            format!("A-{:06}", rng.random_range(0..1_000_000)),
            format!("cus_{:014x}", rng.random_range(0..u64::MAX >> 8)),
            ["Gold", "Silver", "Bronze"][row % 3].into(),
            format!("{} note {}", WORDS[row % 12], row),
            "false".into(),
            format!("{:09}", rng.random_range(0..1_000_000_000u64)),
            format!("001{:015}", row),
            String::new(),
        ]);
    }
    cells
}

fn ladder(c: &mut Criterion) {
    let mut g = c.benchmark_group("ladder");
    g.throughput(Throughput::Elements(CELLS as u64));
    for shape in SHAPES {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let sample: Vec<String> = (0..1_000).map(|i| shaped(shape, i, &mut rng).1).collect();
        let cells = account_cells(shape, &sample, &mut rng);
        let options = Options {
            fuzzy: true,
            metric: Metric::JaroWinkler,
            threshold: 0.9,
        };
        let ladder = Ladder::new(&Probes::without_decoys(sample), options);
        let (mut scratch, mut hits) = (Scratch::default(), Vec::new());
        // SAFETY: the cells are `String`s, as the reader knows a UTF-8
        // file's cells to be.
        let utf8 = unsafe { Utf8::known() };
        g.bench_with_input(BenchmarkId::new(shape, 1_000), &cells, |b, cells| {
            b.iter(|| {
                // A worker remembers what the cells it described matched:
                // over the same cells again it would time its memory.
                scratch.forget();
                let mut found = 0;
                for cell in cells {
                    ladder.find(black_box(cell.as_bytes()), utf8, &mut scratch, &mut hits);
                    found += hits.len();
                }
                black_box(found)
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    ladder,
    transforms,
    exact,
    normalized,
    fuzzy,
    fuzzy_all_pairs
);
criterion_main!(benches);
