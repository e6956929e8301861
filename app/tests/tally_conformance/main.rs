//! The tally engine against real elections and published results (`tests/conformance/`: a
//! copy of the shared conformance cases 03 to 15, cases 16 to 21 added with the fixes a
//! differential test called for, and 22 and 23, published approval elections with their
//! ballots; each case's `expected.txt` says where the figures come from).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::domain::tally::irv::{irv, IrvOptions, Overvote};
use app::domain::tally::parse::parse_any;
use app::domain::tally::{borda, cardinal, condorcet, Election, TallyResult, TiePolicy};

fn case(path: &str) -> Election {
    let file = format!("{}/tests/conformance/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    parse_any(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Droop's default tie rule: the earlier candidate in the file loses a draw.
fn droop_default(e: &Election) -> TiePolicy {
    TiePolicy::Order {
        order: (0..e.candidates.len()).rev().collect(),
    }
}

fn names(e: &Election, cs: &[usize]) -> Vec<String> {
    cs.iter().map(|&c| e.candidates[c].clone()).collect()
}

fn ranking(e: &Election, r: &TallyResult) -> Vec<String> {
    r.ranking.iter().map(|g| names(e, g).join("=")).collect()
}

/// Round `k` (1-based) of a count: the votes per named option, and the exhausted ones.
fn round(e: &Election, r: &TallyResult, k: usize) -> (Vec<(String, String)>, String) {
    let round = &r.rounds[k - 1];
    let mut counts: Vec<(String, String)> = round
        .counts
        .iter()
        .enumerate()
        .filter_map(|(c, v)| v.clone().map(|v| (e.candidates[c].clone(), v)))
        .collect();
    counts.sort();
    (counts, round.exhausted.clone().unwrap_or_default())
}

fn expect(pairs: &[(&str, u64)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, c)| (n.to_string(), c.to_string()))
        .collect();
    v.sort();
    v
}

fn pairwise(e: &Election, r: &TallyResult, a: &str, b: &str) -> u64 {
    r.pairwise.as_ref().unwrap()[e.index_of(a).unwrap()][e.index_of(b).unwrap()]
}

#[test]
fn tennessee_every_method() {
    let e = case("03-tennessee-capital-100/ballots.txt");
    let none = TiePolicy::None;
    let r = irv(&e, IrvOptions::default(), &none).unwrap();
    assert_eq!(r.rounds.len(), 3);
    assert_eq!(
        round(&e, &r, 1).0,
        expect(&[
            ("Memphis", 42),
            ("Nashville", 26),
            ("Knoxville", 17),
            ("Chattanooga", 15)
        ])
    );
    assert_eq!(names(&e, &r.rounds[0].excluded), ["Chattanooga"]);
    assert_eq!(
        round(&e, &r, 2).0,
        expect(&[("Memphis", 42), ("Knoxville", 32), ("Nashville", 26)])
    );
    assert_eq!(names(&e, &r.rounds[1].excluded), ["Nashville"]);
    assert_eq!(
        round(&e, &r, 3).0,
        expect(&[("Knoxville", 58), ("Memphis", 42)])
    );
    assert_eq!(names(&e, &r.winners), ["Knoxville"]);

    let b = borda::borda(&e, &none).unwrap();
    assert_eq!(
        ranking(&e, &b),
        ["Nashville", "Chattanooga", "Memphis", "Knoxville"]
    );
    for (n, s) in [
        ("Nashville", "194"),
        ("Chattanooga", "173"),
        ("Memphis", "126"),
        ("Knoxville", "107"),
    ] {
        assert_eq!(b.extra["scores"][n], s, "{n}");
    }

    let full = ["Nashville", "Chattanooga", "Knoxville", "Memphis"];
    for method in [
        condorcet::schulze,
        condorcet::ranked_pairs,
        condorcet::copeland,
    ] {
        let r = method(&e, &none).unwrap();
        assert_eq!(ranking(&e, &r), full, "{}", r.method);
        assert_eq!(names(&e, &r.winners), ["Nashville"]);
    }
    // Minimax ranks by worst defeat: Nashville none, Memphis 58, Chattanooga 68, Knoxville 83.
    let m = condorcet::minimax(&e, &none).unwrap();
    assert_eq!(names(&e, &m.winners), ["Nashville"]);
    assert_eq!(
        ranking(&e, &m),
        ["Nashville", "Memphis", "Chattanooga", "Knoxville"]
    );
    let r = condorcet::condorcet(&e, &none).unwrap();
    assert_eq!(names(&e, &r.winners), ["Nashville"]);
    // The published matrix.
    let rows = [
        (
            "Memphis",
            [("Nashville", 42), ("Chattanooga", 42), ("Knoxville", 42)],
        ),
        (
            "Nashville",
            [("Memphis", 58), ("Chattanooga", 68), ("Knoxville", 68)],
        ),
        (
            "Chattanooga",
            [("Memphis", 58), ("Nashville", 32), ("Knoxville", 83)],
        ),
        (
            "Knoxville",
            [("Memphis", 58), ("Nashville", 32), ("Chattanooga", 17)],
        ),
    ];
    for (a, cols) in rows {
        for (b, v) in cols {
            assert_eq!(pairwise(&e, &r, a, b), v, "{a} over {b}");
        }
    }
    let c = condorcet::copeland(&e, &none).unwrap();
    for (n, s) in [
        ("Nashville", "3"),
        ("Chattanooga", "2"),
        ("Knoxville", "1"),
        ("Memphis", "0"),
    ] {
        assert_eq!(c.extra["scores"][n], s);
    }
    // Ranked Pairs locks the 83, the two 68s, then the 58s.
    let rp = condorcet::ranked_pairs(&e, &none).unwrap();
    assert!(rp.rounds[0]
        .note
        .starts_with("lock Chattanooga > Knoxville (83"));
}

#[test]
fn tennessee_approval_and_score() {
    let none = TiePolicy::None;
    let e = case("03-tennessee-capital-100/approval.txt");
    let r = cardinal::approval(&e, &none).unwrap();
    assert_eq!(names(&e, &r.winners), ["Nashville"]);
    for (n, v) in [
        ("Nashville", "50"),
        ("Memphis", "42"),
        ("Chattanooga", "36"),
        ("Knoxville", "21"),
    ] {
        assert_eq!(r.extra["approvals"][n], v, "{n}");
    }
    let e = case("03-tennessee-capital-100/scores.txt");
    let r = cardinal::score(&e, &none).unwrap();
    assert_eq!(names(&e, &r.winners), ["Nashville"]);
    for (n, v) in [
        ("Nashville", "27230"),
        ("Memphis", "24760"),
        ("Chattanooga", "24158"),
        ("Knoxville", "19370"),
    ] {
        assert_eq!(r.extra["scores"][n], v, "{n}");
    }
}

#[test]
fn ranked_pairs_cycle() {
    let e = case("04-ranked-pairs-cycle-170/ballots.txt");
    let none = TiePolicy::None;
    let rp = condorcet::ranked_pairs(&e, &none).unwrap();
    let notes: Vec<&str> = rp.rounds.iter().map(|r| r.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "lock c2 > c3 (130 to 40)",
            "lock c1 > c2 (120 to 50)",
            "skip c3 > c1 (90 to 80): it would close a cycle"
        ]
    );
    assert_eq!(ranking(&e, &rp), ["c1", "c2", "c3"]);
    assert_eq!(pairwise(&e, &rp, "c1", "c3"), 80);
    assert_eq!(pairwise(&e, &rp, "c3", "c1"), 90);
    let s = condorcet::schulze(&e, &none).unwrap();
    assert_eq!(names(&e, &s.winners), ["c1"]);
    for (a, b, p) in [
        ("c1", "c2", 120),
        ("c1", "c3", 120),
        ("c2", "c3", 130),
        ("c2", "c1", 90),
        ("c3", "c1", 90),
        ("c3", "c2", 90),
    ] {
        assert_eq!(s.extra["strongest_paths"][a][b], p, "{a}->{b}");
    }
    assert_eq!(
        names(&e, &irv(&e, IrvOptions::default(), &none).unwrap().winners),
        ["c1"]
    );
    let b = borda::borda(&e, &none).unwrap();
    for (n, s) in [("c1", "200"), ("c2", "180"), ("c3", "130")] {
        assert_eq!(b.extra["scores"][n], s);
    }
    assert!(
        condorcet::condorcet(&e, &none).unwrap().tied.len() == 3,
        "no Condorcet winner: the Smith set is all three"
    );
}

#[test]
fn burlington_2009_official_rounds() {
    let e = case("08-burlington-2009-irv-8980/ballots.txt");
    assert_eq!(e.total(), 8980);
    let none = TiePolicy::None;
    let official = IrvOptions {
        batch: true,
        overvote: Overvote::ExhaustIfMultiple,
    };
    let r = irv(&e, official, &none).unwrap();
    assert_eq!(r.rounds.len(), 3);
    assert_eq!(
        round(&e, &r, 1),
        (
            expect(&[
                ("Wright", 2951),
                ("Kiss", 2585),
                ("Montroll", 2063),
                ("Smith", 1306),
                ("Simpson", 35),
                ("Write-in", 36)
            ]),
            "4".to_string()
        )
    );
    let mut out = names(&e, &r.rounds[0].excluded);
    out.sort();
    assert_eq!(out, ["Simpson", "Smith", "Write-in"]);
    assert_eq!(
        round(&e, &r, 2),
        (
            expect(&[("Wright", 3294), ("Kiss", 2981), ("Montroll", 2554)]),
            "151".to_string()
        )
    );
    assert_eq!(
        round(&e, &r, 3),
        (
            expect(&[("Kiss", 4313), ("Wright", 4061)]),
            "606".to_string()
        )
    );
    assert_eq!(names(&e, &r.winners), ["Kiss"]);

    // The other overvote rules give the figures the peer implementation reports.
    let exhaust = irv(
        &e,
        IrvOptions {
            batch: true,
            overvote: Overvote::Exhaust,
        },
        &none,
    )
    .unwrap();
    assert_eq!(
        round(&e, &exhaust, 3).0,
        expect(&[("Kiss", 4313), ("Wright", 4060)])
    );
    let skip = irv(
        &e,
        IrvOptions {
            batch: true,
            overvote: Overvote::Skip,
        },
        &none,
    )
    .unwrap();
    assert_eq!(
        round(&e, &skip, 3).0,
        expect(&[("Kiss", 4316), ("Wright", 4061)])
    );
    // One at a time: five rounds, same winner.
    let single = irv(
        &e,
        IrvOptions {
            batch: false,
            overvote: Overvote::ExhaustIfMultiple,
        },
        &none,
    )
    .unwrap();
    assert_eq!(single.rounds.len(), 5);
    assert_eq!(names(&e, &single.winners), ["Kiss"]);

    // Montroll is the Condorcet winner; the published matrix.
    let s = condorcet::schulze(&e, &none).unwrap();
    assert_eq!(
        ranking(&e, &s),
        ["Montroll", "Kiss", "Wright", "Smith", "Simpson", "Write-in"]
    );
    let matrix = [
        ("Montroll", [4067, 4597, 4573, 6267, 6658]),
        ("Kiss", [3477, 4314, 3946, 5517, 6149]),
        ("Wright", [3668, 4064, 3975, 5274, 6063]),
        ("Smith", [2998, 3577, 3793, 5573, 6057]),
        ("Simpson", [591, 845, 1309, 721, 3338]),
        ("Write-in", [104, 116, 163, 117, 165]),
    ];
    let order = ["Montroll", "Kiss", "Wright", "Smith", "Simpson", "Write-in"];
    for (a, row) in matrix {
        let cols: Vec<&str> = order.iter().copied().filter(|c| *c != a).collect();
        for (b, v) in cols.iter().zip(row) {
            assert_eq!(pairwise(&e, &s, a, b), v, "{a} over {b}");
        }
    }
    for method in [
        condorcet::ranked_pairs,
        condorcet::copeland,
        condorcet::condorcet,
    ] {
        assert_eq!(names(&e, &method(&e, &none).unwrap().winners), ["Montroll"]);
    }
}

#[test]
fn blt_extensions_parse() {
    let e = case("_formats/sample-nick-withdrawn.blt");
    assert_eq!(e.candidates.len(), 9);
    assert_eq!(e.seats, 4);
    assert_eq!(e.candidates[0], "Apple");
    assert!(e.withdrawn[1] && e.withdrawn[5]);
    assert_eq!(e.title.as_deref(), Some("Vegetable contest"));
    let e = case("_formats/sample-tie-order.blt");
    // `[tie 3 2 1]`: Helen (3) loses a draw to Pollux (2), who loses to Castor (1).
    assert_eq!(e.tie_order, Some(vec![0, 1, 2]));
    let e = case("_formats/sample-equal-ranks.blt");
    assert_eq!(e.ballots.get(1).to_ballot().ranks, vec![vec![1, 2]]);
    let e = case("14-meek-wichmann-M135/original.blt");
    assert_eq!(e.seats, 7);
    assert_eq!(e.candidates.len(), 25);
}

mod findings;
mod stv;

#[test]
fn approval_french_2002_gy_les_nonains() {
    let e = case("22-approval-french-2002-gy-les-nonains/ballots.txt");
    let r = cardinal::approval(&e, &TiePolicy::None).unwrap();
    assert_eq!(r.ballots, 365);
    assert_eq!(names(&e, &r.winners), ["Chirac"]);
    let expected = [
        ("Chirac", 139),
        ("LePen", 119),
        ("Jospin", 87),
        ("Bayrou", 85),
        ("Madelin", 77),
        ("Saint-Josse", 74),
        ("Mamere", 67),
        ("Chevenement", 67),
        ("Laguiller", 64),
        ("Megret", 62),
        ("Besancenot", 62),
        ("Hue", 37),
        ("Lepage", 36),
        ("Taubira", 33),
        ("Gluckstein", 26),
        ("Boutin", 21),
    ];
    for (name, n) in expected {
        assert_eq!(r.extra["approvals"][name], n.to_string(), "{name}");
    }
    assert_eq!(ranking(&e, &r)[6], "Mamere=Chevenement");
    // The file says how it is counted: a ranking in it would be refused.
    let blocks = app::domain::tally::parse::read_any_blocks(
        std::fs::read_to_string(format!(
            "{}/tests/conformance/22-approval-french-2002-gy-les-nonains/ballots.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(blocks[0].method, Some(app::domain::tally::Method::Approval));
}

#[test]
fn approval_warsaw_2017_plac_wojska_polskiego() {
    let e = case("23-approval-warsaw-2017-plac-wojska-polskiego/ballots.txt");
    let r = cardinal::approval(&e, &TiePolicy::None).unwrap();
    assert_eq!(r.ballots, 27);
    assert_eq!(names(&e, &r.winners), ["P427"]);
    for (name, n) in [("P427", 16), ("P915", 14), ("P2567", 12), ("P1623", 5)] {
        assert_eq!(r.extra["approvals"][name], n.to_string(), "{name}");
    }
    assert_eq!(ranking(&e, &r), ["P427", "P915", "P2567", "P1623"]);
    let mut four = e.clone();
    four.seats = 4;
    let r = cardinal::approval(&four, &TiePolicy::None).unwrap();
    assert_eq!(names(&four, &r.winners), ["P427", "P915", "P2567", "P1623"]);
}
