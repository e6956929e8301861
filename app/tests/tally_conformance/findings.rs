//! Cases a differential test against independent implementations (pref_voting, brute
//! force, Droop) found where the engine was wrong; each folder's `expected.txt` says what
//! the rule requires and why.

use super::{case, names};
use app::domain::tally::irv::{irv, IrvOptions};
use app::domain::tally::{borda, condorcet, stv, TiePolicy};

#[test]
fn ranked_pairs_reports_exactly_the_options_some_order_elects() {
    let e = case("17-ranked-pairs-equal-defeats/ballots.txt");
    let r = condorcet::ranked_pairs(&e, &TiePolicy::None).unwrap();
    assert!(r.winners.is_empty());
    assert_eq!(names(&e, &r.tied), ["B", "C"]);
    // Each contender wins under some order of the equal defeats.
    let order = |o: &[&str]| TiePolicy::Order {
        order: o.iter().map(|n| e.index_of(n).unwrap()).collect(),
    };
    let r = condorcet::ranked_pairs(&e, &order(&["B", "C", "D", "A"])).unwrap();
    assert_eq!(names(&e, &r.winners), ["C"]);
    // Every order of the options as a tie order: exactly B and C win under some.
    let mut won = std::collections::BTreeSet::new();
    let all = ["A", "B", "C", "D"];
    for a in all {
        for b in all.iter().filter(|&&x| x != a) {
            for c in all.iter().filter(|&&x| x != a && x != *b) {
                let d = all.iter().find(|&&x| x != a && x != *b && x != *c).unwrap();
                let r = condorcet::ranked_pairs(&e, &order(&[a, b, c, d])).unwrap();
                assert!(r.tied.is_empty());
                won.insert(names(&e, &r.winners).join(""));
            }
        }
    }
    assert_eq!(won.into_iter().collect::<Vec<_>>(), ["B", "C"]);
}

#[test]
fn scottish_stv_looks_back_to_the_most_recent_stage() {
    // SSI 2007/42 rule 51(2)(a): X and Y tie for exclusion; at the most recent stage where
    // they differed Y had fewer votes, so Y is excluded and X, with Y's transfers, wins.
    let e = case("18-scottish-stv-most-recent-stage/ballots.txt");
    let r = stv::scottish(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["X"]);
    assert!(r.tied.is_empty());
}

#[test]
fn scottish_stv_rejects_papers_without_a_first_preference() {
    let e = case("19-scottish-stv-no-first-preference/ballots.txt");
    let r = stv::scottish(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["B"]);
    assert!(r.tied.is_empty());
    assert_eq!(r.parameters["valid_ballots"], 1);
    assert_eq!(r.parameters["rejected_ballots"], 1);
    assert_eq!(r.parameters["quota"], "1.00000");
    assert_eq!(names(&e, &r.rounds[0].elected), ["B"]);
}

#[test]
fn irv_breaks_an_exclusion_tie_that_changes_nothing() {
    let e = case("20-irv-exclusion-tie-without-effect/ballots.txt");
    let r = irv(&e, IrvOptions::default(), &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["A"]);
    assert!(r.tied.is_empty());
    assert_eq!(r.ties_broken.len(), 1);
    assert!(r.ties_broken[0].moot);
    assert_eq!(names(&e, &r.ties_broken[0].among), ["B", "C"]);
    // The same in STV with one seat.
    let r = stv::scottish(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["A"]);
    assert!(r.tied.is_empty());
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["A"]);
    assert!(r.tied.is_empty());
}

#[test]
fn borda_counts_huge_totals_exactly() {
    // 9.2 x 10^15 voters over 1,001 options: A's points pass 2^64 (half points), which a
    // 64-bit sum wrapped into a small number, electing an option nobody ranked.
    let e = case("21-borda-huge-totals/ballots.txt");
    assert_eq!(e.total(), 9_235_897_673_318_400);
    let r = borda::borda(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["A"]);
    // 999 options below A on every ballot, B below A on 8,000 lines of 2^40: exact.
    let a = 999u128 * 9_235_897_673_318_400 + 8_000 * (1u128 << 40);
    assert_eq!(r.extra["scores"]["A"], a.to_string());
}
