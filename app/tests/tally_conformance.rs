//! The tally engine against real elections and published results (`tests/conformance/`, a
//! copy of the shared conformance cases; each case's `expected.txt` says where the figures
//! come from).

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
    assert_eq!(e.ballots[1].ranks, vec![vec![1, 2]]);
    let e = case("14-meek-wichmann-M135/original.blt");
    assert_eq!(e.seats, 7);
    assert_eq!(e.candidates.len(), 25);
}

/// A Scottish STV count against the reference's stage table: (candidate, votes per stage).
fn scottish_stages(
    path: &str,
    table: &[(&str, &[&str])],
    non_transferable: &[&str],
) -> (Election, TallyResult) {
    let e = case(path);
    let r = app::domain::tally::stv::scottish(&e, &TiePolicy::None).unwrap();
    assert_eq!(r.rounds.len(), non_transferable.len(), "stages");
    for (k, round) in r.rounds.iter().enumerate() {
        for (name, stages) in table {
            let c = e.index_of(name).unwrap();
            assert_eq!(
                round.counts[c].as_deref(),
                Some(stages[k]),
                "{name} at stage {}",
                k + 1
            );
        }
        assert_eq!(
            round.exhausted.as_deref(),
            Some(non_transferable[k]),
            "non-transferable at stage {}",
            k + 1
        );
    }
    (e, r)
}

#[test]
fn glasgow_2007_pollokshields_scottish_stv() {
    let (e, r) = scottish_stages(
        "11-glasgow-2007-pollokshields-stv-9567/ballots.txt",
        &[
            (
                "Ali Ashraf",
                &[
                    "184.00000",
                    "188.76102",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Karin Currie",
                &[
                    "438.00000",
                    "441.48194",
                    "453.62406",
                    "472.05042",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Khalil Malik",
                &[
                    "2057.00000",
                    "2082.01312",
                    "2123.64750",
                    "2256.35294",
                    "2309.70824",
                    "2624.74834",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                ],
            ),
            (
                "David Meikle",
                &[
                    "1435.00000",
                    "1445.09052",
                    "1452.44582",
                    "1460.73006",
                    "1593.22748",
                    "1610.72490",
                    "1632.34590",
                    "1839.53040",
                    "2217.93938",
                ],
            ),
            (
                "Isabel Nelson",
                &[
                    "863.00000",
                    "883.96270",
                    "893.46012",
                    "918.66814",
                    "1001.44980",
                    "1030.65782",
                    "1070.55020",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Irfan Rabbani",
                &[
                    "2575.00000",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                    "2392.00000",
                ],
            ),
            (
                "Ian A Ruffell",
                &[
                    "1043.00000",
                    "1060.97818",
                    "1096.75984",
                    "1206.32316",
                    "1280.96270",
                    "1321.38390",
                    "1374.77932",
                    "1835.22528",
                    "0.00000",
                ],
            ),
            (
                "Muhammad Shoaib",
                &[
                    "592.00000",
                    "605.50140",
                    "611.71458",
                    "633.56730",
                    "656.85154",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Fatima Uygun",
                &[
                    "380.00000",
                    "388.17190",
                    "418.66932",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
        ],
        &[
            "0.00000",
            "79.01872",
            "124.65826",
            "227.28748",
            "332.77974",
            "587.46454",
            "705.29174",
            "1108.21148",
            "2565.02778",
        ],
    );
    assert_eq!(
        names(&e, &r.winners),
        ["Irfan Rabbani", "Khalil Malik", "David Meikle"]
    );
    // The rest in reverse order of exclusion.
    assert_eq!(
        ranking(&e, &r)[3..],
        [
            "Ian A Ruffell",
            "Isabel Nelson",
            "Muhammad Shoaib",
            "Karin Currie",
            "Fatima Uygun",
            "Ali Ashraf"
        ]
    );
    assert_eq!(r.parameters["quota"], "2392.00000");
}

#[test]
fn glasgow_2007_greater_pollok_scottish_stv() {
    let (e, r) = scottish_stages(
        "12-glasgow-2007-greater-pollok-stv-8682/ballots.txt",
        &[
            (
                "Keith Baldassara",
                &[
                    "591.00000",
                    "637.54848",
                    "661.16640",
                    "693.78432",
                    "695.72820",
                    "739.93844",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Fleming Carswell",
                &[
                    "393.00000",
                    "431.32224",
                    "502.95296",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Patricia Duffy",
                &[
                    "2173.00000",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                ],
            ),
            (
                "Alex Glass",
                &[
                    "1637.00000",
                    "1680.94016",
                    "1701.94656",
                    "1801.36704",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                    "1737.00000",
                ],
            ),
            (
                "Tommy Morrison",
                &[
                    "1180.00000",
                    "1201.26784",
                    "1219.47168",
                    "1258.67872",
                    "1290.71610",
                    "1389.81806",
                    "1527.20045",
                    "1725.84237",
                ],
            ),
            (
                "Rory O'Brien",
                &[
                    "549.00000",
                    "572.67552",
                    "592.08320",
                    "674.30944",
                    "675.72446",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "William O'Rourke",
                &[
                    "1296.00000",
                    "1313.05440",
                    "1327.65952",
                    "1355.66592",
                    "1368.70070",
                    "1410.69227",
                    "1494.87285",
                    "1690.86280",
                ],
            ),
            (
                "Caroline Scott",
                &[
                    "233.00000",
                    "275.33504",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                    "0.00000",
                ],
            ),
            (
                "Alice Sheridan",
                &[
                    "630.00000",
                    "693.80352",
                    "725.02976",
                    "771.84512",
                    "773.94624",
                    "812.20257",
                    "1022.69195",
                    "0.00000",
                ],
            ),
        ],
        &[
            "0.00000",
            "139.04352",
            "214.68064",
            "389.34016",
            "403.16851",
            "855.33287",
            "1163.21896",
            "1791.27904",
        ],
    );
    let mut won = names(&e, &r.winners);
    won.sort();
    assert_eq!(
        won,
        [
            "Alex Glass",
            "Patricia Duffy",
            "Tommy Morrison",
            "William O'Rourke"
        ]
    );
}

#[test]
fn exact_tie_scottish_stv_uses_the_earliest_stage() {
    let e = case("15-tie-stv-42/ballots.txt");
    let r = app::domain::tally::stv::scottish(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["Castor", "Helen"]);
    assert!(r.tied.is_empty());
}

#[test]
fn near_tie_scottish_stv_reports_the_tie_or_follows_the_order() {
    // A and B reach the quota (1001) exactly, so there is no surplus; X, Y and Z have 667
    // each at every stage. With no tie policy the count stops and says so; with Droop's
    // default (the earlier candidate loses a draw), Z is elected, as the reference says.
    let e = case("13-meek-voting-matters-12-near-tie-4003/ballots.txt");
    let r = app::domain::tally::stv::scottish(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["A", "B"]);
    assert_eq!(names(&e, &r.tied), ["X", "Y", "Z"]);
    let droop_default = droop_default(&e);
    let r = app::domain::tally::stv::scottish(&e, &droop_default).unwrap();
    assert_eq!(names(&e, &r.winners), ["A", "B", "Z"]);
    assert!(r.tied.is_empty());
}

#[test]
fn meek_prf_near_tie_matches_the_reference_transcript() {
    // Droop's "meek-prf" transcript, digit for digit (its default tie rule: the earlier
    // candidate loses a draw).
    let e = case("13-meek-voting-matters-12-near-tie-4003/ballots.txt");
    let droop_default = droop_default(&e);
    let r = app::domain::tally::meek::meek(&e, &droop_default).unwrap();
    let at = |k: usize| -> Vec<String> {
        r.rounds[k]
            .counts
            .iter()
            .map(|v| v.clone().unwrap_or_default())
            .collect()
    };
    assert_eq!(
        at(0),
        [
            "1001.000000000",
            "1001.000000000",
            "667.000000000",
            "667.000000000",
            "667.000000000"
        ]
    );
    assert_eq!(names(&e, &r.rounds[0].elected), ["A", "B"]);
    // X, Y and Z within the surplus (0.000000250) of each other: a tie, X loses the draw.
    assert_eq!(
        at(1),
        [
            "1000.750000126",
            "1000.750000126",
            "667.166666686",
            "667.166666562",
            "667.166666500"
        ]
    );
    assert_eq!(names(&e, &r.rounds[1].excluded), ["X"]);
    assert!(r.rounds[1].note.contains("surplus 0.000000250"));
    assert_eq!(
        at(2),
        [
            "800.584418564",
            "800.584418564",
            "0.000000000",
            "800.596982770",
            "800.556768208"
        ]
    );
    assert!(r.rounds[2].note.contains("quota 800.580647027"));
    assert_eq!(r.rounds[2].exhausted.as_deref(), Some("800.677411894"));
    assert_eq!(names(&e, &r.winners), ["A", "B", "Y"]);
    // Without a tie policy the near tie is reported, not decided.
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.tied), ["X", "Y", "Z"]);
    assert_eq!(names(&e, &r.winners), ["A", "B"]);
}

#[test]
fn meek_wichmann_m135() {
    let e = case("14-meek-wichmann-M135/ballots.txt");
    // C13 and C16 tie at one point, as in the reference, which breaks it by its default
    // (the earlier candidate loses the draw); without a tie policy the count stops there.
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.tied), ["C13", "C16"]);
    let droop_default = droop_default(&e);
    let r = app::domain::tally::meek::meek(&e, &droop_default).unwrap();
    assert!(r.tied.is_empty());
    let mut won = names(&e, &r.winners);
    won.sort();
    assert_eq!(won, ["C1", "C10", "C2", "C3", "C4", "C6", "C9"]);
    assert_eq!(names(&e, &r.winners)[0], "C1");
}

#[test]
fn meek_exact_tie_case() {
    // Exact arithmetic ties Pollux and Helen for the second seat; with 9 decimals the keep
    // factor (rounded up) leaves Pollux 0.000000004 behind, more than the surplus, so the
    // PRF rule defeats him without a draw: Castor and Helen, as the case expects with the
    // default tie order.
    let e = case("15-tie-stv-42/original.blt");
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert_eq!(names(&e, &r.winners), ["Castor", "Helen"]);
    assert_eq!(r.rounds[1].counts[1].as_deref(), Some("1.999999996"));
}

#[test]
fn meek_with_withdrawn_candidates() {
    let e = case("_formats/sample-nick-withdrawn.blt");
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    let mut won = names(&e, &r.winners);
    won.sort();
    assert_eq!(won, ["Eggplant", "Grape", "Hazelnut", "Jalapeno"]);
}

#[test]
fn meek_changes_the_third_seat_in_pollokshields() {
    // The published (Scottish STV) result elects Meikle; Meek elects Ruffell instead, as
    // every Meek implementation in the case's cross-check does.
    let e = case("11-glasgow-2007-pollokshields-stv-9567/ballots.txt");
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert!(r.tied.is_empty());
    let mut won = names(&e, &r.winners);
    won.sort();
    assert_eq!(won, ["Ian A Ruffell", "Irfan Rabbani", "Khalil Malik"]);
    let e = case("12-glasgow-2007-greater-pollok-stv-8682/ballots.txt");
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    let mut won = names(&e, &r.winners);
    won.sort();
    assert_eq!(
        won,
        [
            "Alex Glass",
            "Patricia Duffy",
            "Tommy Morrison",
            "William O'Rourke"
        ]
    );
}
