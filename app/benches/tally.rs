//! The tally engine at scale (`cargo bench -p app --bench tally`): the city-sized BLT file
//! of common/blt.rs (1,000,000 ballot lines over 10 options named by `[nick ...]`, nearly
//! all distinct) parsed, then counted by the single-winner methods and by 4-seat STV
//! (Scottish, Meek). The whole command, reading the file included, is measured by the
//! server's `tally` benchmark. Prints timings; no thresholds here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::domain::tally::irv::IrvOptions;
use app::domain::tally::{borda, condorcet, irv, parse, Election, TiePolicy};
use divan::Bencher;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

#[path = "common/blt.rs"]
mod blt;

const VOTERS: usize = 1_000_000;

/// The city-sized file (see common/blt.rs): what `redacta tally` reads.
fn blt() -> &'static String {
    static B: OnceLock<String> = OnceLock::new();
    B.get_or_init(|| blt::blt(VOTERS, 1))
}

fn election() -> &'static Election {
    static E: OnceLock<Election> = OnceLock::new();
    E.get_or_init(|| {
        let e = parse::parse_blt(blt()).unwrap();
        eprintln!(
            "{VOTERS} voters, {} ballots stored, {} options, file {} bytes",
            e.ballots.len(),
            e.candidates.len(),
            blt().len()
        );
        e
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
fn merge_1m_ballots(b: Bencher) {
    let e = election();
    b.bench(|| e.merge(true).len());
}

#[divan::bench(sample_count = 3)]
fn parse_blt_1m_lines(b: Bencher) {
    let text = blt();
    b.bench(|| parse::parse_blt(text).unwrap());
}
