//! Scottish STV and Meek STV against the reference counts.

use super::*;

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
    // Two exclusions each decided by the draw: six ways, each of X, Y and Z elected by two.
    assert_eq!(r.extra["tie_paths"].as_array().unwrap().len(), 6);
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
    // Without a tie policy the near tie is reported, not decided: every way of breaking it
    // is counted, and the contenders are the candidates some ways elect.
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert_eq!(
        r.extra["tie_paths"],
        serde_json::json!([
            {"choices": ["X"], "winners": ["A", "B", "Y"]},
            {"choices": ["Y"], "winners": ["A", "B", "X"]},
            {"choices": ["Z"], "winners": ["A", "B", "X"]},
        ])
    );
    assert_eq!(names(&e, &r.tied), ["X", "Y"]);
    assert_eq!(names(&e, &r.winners), ["A", "B"]);
}

#[test]
fn meek_wichmann_m135() {
    let e = case("14-meek-wichmann-M135/ballots.txt");
    // C13 and C16 tie at one point, as in the reference, which breaks it by its default
    // (the earlier candidate loses the draw); without a tie policy the count stops there.
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    // Defeating C13 elects C9; defeating C16 elects C13: those two contend for the seat.
    assert_eq!(r.extra["tie_paths"].as_array().unwrap().len(), 2);
    assert_eq!(names(&e, &r.tied), ["C9", "C13"]);
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

/// One action of a Droop report: its text and, per candidate, the state and the votes shown.
type Action = (String, Vec<(String, String, String)>);

fn droop_actions(report: &str) -> Vec<Action> {
    let mut out: Vec<Action> = Vec::new();
    for line in report.lines() {
        if let Some(text) = line.strip_prefix("Action: ") {
            out.push((text.to_string(), Vec::new()));
            continue;
        }
        let Some((state, rest)) = line.trim().split_once(":  ") else {
            continue;
        };
        if !["Elected", "Hopeful", "Defeated", "Withdrawn"].contains(&state) {
            continue;
        }
        let Some((name, value)) = rest.trim().rsplit_once(" (") else {
            continue;
        };
        if let Some((_, cands)) = out.last_mut() {
            cands.push((
                state.to_string(),
                name.to_string(),
                value.trim_end_matches(')').to_string(),
            ));
        }
    }
    out
}

/// Every round of our Meek count against the action of the PR Foundation reference rule's
/// transcript (Droop `meek-prf`) that elects or defeats the same candidate: the votes of
/// every candidate still in the count, to the ninth decimal.
fn matches_prf_transcript(case_blt: &str, report: &str) -> Vec<String> {
    let e = case(case_blt);
    let report = std::fs::read_to_string(format!(
        "{}/tests/conformance/{report}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let actions = droop_actions(&report);
    let r = app::domain::tally::meek::meek(&e, &droop_default(&e)).unwrap();
    assert!(r.tied.is_empty());
    let mut compared = 0;
    for (k, round) in r.rounds.iter().enumerate() {
        let (verb, who) = match (round.elected.first(), round.excluded.first()) {
            (Some(&c), _) => ("Elect", c),
            (None, Some(&c)) => ("Defeat", c),
            _ => continue,
        };
        let name = &e.candidates[who];
        let (text, cands) = actions
            .iter()
            .find(|(text, _)| text.starts_with(verb) && text.ends_with(&format!(": {name}")))
            .unwrap_or_else(|| panic!("round {}: no action {verb} {name}", k + 1));
        for (state, cand, value) in cands {
            if state == "Elected" || state == "Hopeful" {
                let c = e.index_of(cand).unwrap();
                assert_eq!(
                    round.counts[c].as_deref(),
                    Some(value.as_str()),
                    "round {} ({text}): {cand}",
                    k + 1
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 10, "only {compared} figures compared");
    let elected: Vec<String> = actions
        .iter()
        .filter_map(|(text, _)| {
            text.strip_prefix("Elect: ")
                .or_else(|| text.strip_prefix("Elect remaining: "))
        })
        .map(str::to_string)
        .collect();
    // (Candidates reaching the quota together: the reference lists them in ballot order,
    // we most votes first.)
    let mut ours = names(&e, &r.winners);
    let mut theirs = elected.clone();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    elected
}

#[test]
fn meek_matches_the_pr_foundation_reference_digit_for_digit() {
    // Wichmann's validation set: 25 candidates, 7 seats, long iterations (keep factors
    // rounded twice, as the rule says, show in the ninth decimal).
    matches_prf_transcript(
        "14-meek-wichmann-M135/original.blt",
        "14-meek-wichmann-M135/reference_droop_meek_prf_9digit.txt",
    );
    // A real election (GPUS steering committee, 2005), with and without a withdrawal.
    let won = matches_prf_transcript(
        "16-meek-prf-gpus-2005-steering-committee/original.blt",
        "16-meek-prf-gpus-2005-steering-committee/reference_droop_meek_prf_9digit.txt",
    );
    assert_eq!(
        won,
        [
            "Pat LaMarche",
            "Rebecca Rotzler",
            "Steve Kramer",
            "Kristen Olsen"
        ]
    );
    matches_prf_transcript(
        "16-meek-prf-gpus-2005-steering-committee/original_withdrawn.blt",
        "16-meek-prf-gpus-2005-steering-committee/reference_droop_meek_prf_9digit_withdrawn.txt",
    );
    matches_prf_transcript(
        "13-meek-voting-matters-12-near-tie-4003/original.blt",
        "13-meek-voting-matters-12-near-tie-4003/reference_droop_meek_prf_9digit.txt",
    );
}

#[test]
fn meek_ties_among_certain_losers_need_no_policy() {
    // Four write-ins and others tie on no votes at all: the reference breaks each tie by
    // its draw order; without any tie policy, every order elects the same four.
    let e = case("16-meek-prf-gpus-2005-steering-committee/original.blt");
    let r = app::domain::tally::meek::meek(&e, &TiePolicy::None).unwrap();
    assert!(r.tied.is_empty());
    assert!(r.ties_broken.iter().all(|t| t.moot));
    assert!(!r.ties_broken.is_empty());
    let mut won = names(&e, &r.winners);
    won.sort();
    assert_eq!(
        won,
        [
            "Kristen Olsen",
            "Pat LaMarche",
            "Rebecca Rotzler",
            "Steve Kramer"
        ]
    );
}
