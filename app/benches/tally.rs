//! The tally engine at scale (`cargo bench -p app --bench tally`): 1,000,000 ballots over 10
//! options for the single-winner methods and for 4-seat STV (Scottish, Meek), and parsing the same ballots as a 1,000,000-line BLT file. Prints
//! timings; no thresholds here (targets live in the closing notes, not in tests).
//!
//! Voters rank a random number of options (1 to 10) in an order drawn around a common
//! preference (so the count is not a coin toss), as real electorates do; the ballots are
//! mostly distinct.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::domain::tally::irv::IrvOptions;
use app::domain::tally::{borda, condorcet, irv, parse, Election, TiePolicy};
use divan::Bencher;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const OPTIONS: usize = 10;
const VOTERS: usize = 1_000_000;

fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One voter's ranking: each option's appeal is its index (a common preference) plus noise;
/// the voter ranks a random number of the most appealing ones.
fn voter(state: &mut u64) -> Vec<usize> {
    let mut keyed: Vec<(u64, usize)> = (0..OPTIONS)
        .map(|c| ((c as u64) * 3 + next(state) % 24, c))
        .collect();
    keyed.sort_unstable();
    let len = 1 + (next(state) % OPTIONS as u64) as usize;
    keyed.iter().take(len).map(|&(_, c)| c).collect()
}

fn election() -> &'static Election {
    static E: OnceLock<Election> = OnceLock::new();
    E.get_or_init(|| {
        let mut e = Election::new((0..OPTIONS).map(|i| format!("Option {i}")).collect(), 1);
        let mut state = 7u64;
        for _ in 0..VOTERS {
            let ranks = voter(&mut state).into_iter().map(|c| vec![c]).collect();
            e.add(1, ranks).unwrap();
        }
        e.compact();
        eprintln!(
            "{VOTERS} voters, {} distinct ballots, {OPTIONS} options",
            e.ballots.len()
        );
        e
    })
}

/// The same voters as a BLT file with one line per ballot: 1,000,000 ballot lines.
fn blt() -> &'static String {
    static B: OnceLock<String> = OnceLock::new();
    B.get_or_init(|| {
        let mut out = format!("{OPTIONS} 1\n");
        let mut state = 7u64;
        for _ in 0..VOTERS {
            out.push('1');
            for c in voter(&mut state) {
                out.push_str(&format!(" {}", c + 1));
            }
            out.push_str(" 0\n");
        }
        out.push_str("0\n");
        for i in 0..OPTIONS {
            out.push_str(&format!("\"Option {i}\"\n"));
        }
        out.push_str("\"bench\"\n");
        out
    })
}

#[divan::bench(sample_count = 5)]
fn schulze(b: Bencher) {
    let e = election();
    b.bench(|| condorcet::schulze(e, &TiePolicy::None).unwrap());
}

#[divan::bench(sample_count = 5)]
fn ranked_pairs(b: Bencher) {
    let e = election();
    b.bench(|| condorcet::ranked_pairs(e, &TiePolicy::None).unwrap());
}

#[divan::bench(sample_count = 5)]
fn irv_single(b: Bencher) {
    let e = election();
    b.bench(|| irv::irv(e, IrvOptions::default(), &TiePolicy::None).unwrap());
}

#[divan::bench(sample_count = 5)]
fn borda_count(b: Bencher) {
    let e = election();
    b.bench(|| borda::borda(e, &TiePolicy::None).unwrap());
}

fn four_seats() -> &'static Election {
    static E: OnceLock<Election> = OnceLock::new();
    E.get_or_init(|| Election {
        seats: 4,
        ..election().clone()
    })
}

#[divan::bench(sample_count = 3)]
fn stv_scottish_4_seats(b: Bencher) {
    let e = four_seats();
    b.bench(|| app::domain::tally::stv::scottish(e, &TiePolicy::None).unwrap());
}

#[divan::bench(sample_count = 3)]
fn stv_meek_4_seats(b: Bencher) {
    let e = four_seats();
    b.bench(|| app::domain::tally::meek::meek(e, &TiePolicy::None).unwrap());
}

#[divan::bench(sample_count = 3)]
fn group_1m_ballots(b: Bencher) {
    let e = election();
    let raw = Election {
        compacted: false,
        ..e.clone()
    };
    b.bench(|| raw.grouped().len());
}

#[divan::bench(sample_count = 3)]
fn parse_blt_1m_lines(b: Bencher) {
    let text = blt();
    b.bench(|| parse::parse_blt(text).unwrap());
}
