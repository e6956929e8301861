#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `redacta tally` as scripts use it: the JSON shape, the text transcript, tie policies, and
//! a clear error naming the line of a malformed file.

use serde_json::Value;
use std::process::Command;

fn conformance(path: &str) -> String {
    format!(
        "{}/../app/tests/conformance/{path}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn tally(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_redacta"))
        .arg("tally")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn json_shape_is_stable() {
    let file = conformance("08-burlington-2009-irv-8980/ballots.txt");
    let (ok, out, err) = tally(&["--method", "irv", "--irv-batch", &file]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["method"], "irv");
    assert_eq!(v["winners"], serde_json::json!(["Kiss"]));
    assert_eq!(v["ballots"], 8980);
    assert_eq!(v["ranking"][0], "Kiss");
    assert!(v.get("tied").is_none());
    assert_eq!(v["rounds"][2]["counts"]["Wright"], "4061");
    assert_eq!(v["rounds"][0]["exhausted"], "4");
    assert_eq!(v["parameters"]["batch"], true);
    assert_eq!(v["parameters"]["overvote"], "exhaust-if-multiple");
    assert!(v["pairwise"].is_object());

    let (ok, out, _) = tally(&["--method", "schulze", &file]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["winners"], serde_json::json!(["Montroll"]));
    assert_eq!(v["pairwise"]["Montroll"]["Kiss"], 4067);
}

#[test]
fn scottish_stv_from_the_original_blt() {
    let file = conformance("12-glasgow-2007-greater-pollok-stv-8682/original.blt");
    let (ok, out, err) = tally(&["--method", "stv-scottish", &file]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["method"], "stv-scottish");
    assert_eq!(v["parameters"]["quota"], "1737.00000");
    assert_eq!(v["winners"].as_array().unwrap().len(), 4);
    assert_eq!(v["rounds"][7]["counts"]["Tommy Morrison"], "1725.84237");
    assert_eq!(v["rounds"][7]["exhausted"], "1791.27904");

    // Meek on the same kind of file: the other ward, where Meek changes the third seat.
    let file = conformance("11-glasgow-2007-pollokshields-stv-9567/original.blt");
    let (ok, out, err) = tally(&["--method", "stv-meek", &file]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["method"], "stv-meek");
    assert_eq!(v["parameters"]["omega"], "0.000001");
    let mut won: Vec<String> = serde_json::from_value(v["winners"].clone()).unwrap();
    won.sort();
    assert_eq!(won, ["Ian A Ruffell", "Irfan Rabbani", "Khalil Malik"]);
}

#[test]
fn ties_are_reported_or_decided_as_asked() {
    // A and B level on Borda points (6.5 each): with no tie policy the tie is reported.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("level.txt");
    std::fs::write(&file, "# candidates: A, B, C\n2: A>B\n2: B>A\n1: C\n").unwrap();
    let file = file.to_str().unwrap();
    let (ok, out, _) = tally(&["--method", "borda", file]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["winners"], serde_json::json!([]));
    assert_eq!(v["tied"], serde_json::json!(["A", "B"]));
    assert_eq!(v["scores"]["A"], "6.5");
    let (ok, out, _) = tally(&["--method", "borda", "--tie-order", "B,A", file]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["winners"], serde_json::json!(["B"]));
    assert!(v.get("tied").is_none());
    assert_eq!(v["parameters"]["tie"]["policy"], "order");
    // A BLT file's own [tie 1 2 3]: A loses a draw (Droop's meaning).
    let blt = dir.path().join("level.blt");
    std::fs::write(
        &blt,
        "3 1\n[tie 1 2 3]\n2 1 2 0\n2 2 1 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"level\"\n",
    )
    .unwrap();
    let (ok, out, _) = tally(&["--method", "borda", blt.to_str().unwrap()]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["winners"], serde_json::json!(["B"]));
    // A seeded lot is recorded, and drawing it again gives the same result.
    let a = tally(&["--method", "borda", "--tie-seed", "7", file]).1;
    let b = tally(&["--method", "borda", "--tie-seed", "7", file]).1;
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["parameters"]["tie"]["seed"], 7);
    assert_eq!(v["winners"].as_array().unwrap().len(), 1);
}

#[test]
fn transcripts_and_errors() {
    let file = conformance("03-tennessee-capital-100/ballots.txt");
    let (ok, out, _) = tally(&["--method", "irv", "--format", "text", &file]);
    assert!(ok);
    assert!(out.contains("Round 3"));
    assert!(out.contains("Winners: Knoxville"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "# candidates: A, B\n3: A>B\n2: A>Z\n").unwrap();
    let (ok, _, err) = tally(&["--method", "schulze", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("line 3: Z is not a declared candidate"),
        "{err}"
    );
    let (ok, _, err) = tally(&["--method", "dictator", &file]);
    assert!(!ok);
    assert!(err.contains("unknown method"), "{err}");
    let (ok, _, err) = tally(&["--method", "irv", "--tie-order", "Paris", &file]);
    assert!(!ok);
    assert!(err.contains("\"Paris\" is not an option"), "{err}");
}

#[test]
fn files_it_cannot_count_as_asked_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    // More seats than options, from the file or the command line (as BLT already refused).
    let three = write("three.txt", "# candidates: A, B, C\n# seats: 4\n2: A>B\n");
    let (ok, _, err) = tally(&["--method", "stv-meek", &three]);
    assert!(!ok);
    assert!(
        err.contains("line 2: bad number of seats 4 for 3 options"),
        "{err}"
    );
    let two = write("two.txt", "# candidates: A, B\n2: A>B\n");
    let (ok, _, err) = tally(&["--method", "stv-scottish", "--seats", "3", &two]);
    assert!(!ok);
    assert!(err.contains("3 seats but only 2 options"), "{err}");
    // Score ballots are not silently dropped by a ranked method.
    let scores = write("scores.txt", "# candidates: A, B\n3: A:5 B:1\n2: A:0 B:4\n");
    let (ok, _, err) = tally(&["--method", "schulze", &scores]);
    assert!(!ok);
    assert!(err.contains("score ballots"), "{err}");
    assert!(err.contains("which schulze does not count"), "{err}");
    let (ok, out, err) = tally(&["--method", "score", &scores]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["winners"], serde_json::json!(["A"]));
    // A byte-order mark (spreadsheets write one) is not part of the first line.
    let bom = write("bom.txt", "\u{feff}# candidates: A, B\n3: B>A\n");
    let (ok, out, err) = tally(&["--method", "irv", &bom]);
    assert!(ok, "{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["winners"],
        serde_json::json!(["B"])
    );
    let bom_blt = write("bom.blt", "\u{feff}2 1\n3 2 0\n0\n\"A\"\n\"B\"\n\"t\"\n");
    let (ok, out, err) = tally(&["--method", "irv", &bom_blt]);
    assert!(ok, "{err}");
    assert!(out.contains("\"B\""));
    // 40,000 declared names (read once each, not compared with every earlier one).
    let names: Vec<String> = (0..40_000).map(|i| format!("N{i}")).collect();
    let many = write(
        "many.txt",
        &format!("# candidates: {}\n1: N39999>N7\n", names.join(", ")),
    );
    let (ok, out, err) = tally(&["--method", "approval", &many]);
    assert!(ok, "{err}");
    assert!(out.contains("\"N39999\""));
    // A pairwise matrix of 40,000 x 40,000 would take 12.8 GB: refused, with what works.
    let (ok, _, err) = tally(&["--method", "schulze", &many]);
    assert!(!ok);
    assert!(err.contains("pairwise methods count at most 1024"), "{err}");
}

#[test]
fn blocks_sources_and_answers_are_counted_apart_and_together() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    // Two questions on one ballot, each with its own form; some ballots from a room.
    let city = write(
        "city.txt",
        "# block: Housing\n# method: approval\n# choose: 2\n\
         # candidates: Rent cap, Public housing, Empty flats tax\n\
         3: Rent cap=Public housing\n2: Empty flats tax\n\
         # source: room Assembly Gràcia\n2: Public housing\n1: Rent cap=Empty flats tax\n\
         # block: Transport\n# method: yes-no\n# candidates: Bus lanes, Tram\n\
         4: Bus lanes:yes Tram:no\n1: Bus lanes:abstain Tram:yes\n\
         # source: room Assembly Gràcia\n3: Bus lanes:no Tram:yes\n",
    );
    let (ok, out, err) = tally(&[&city]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let housing = &v["blocks"][0];
    assert_eq!(housing["block"], "Housing");
    assert_eq!(housing["method"], "approval");
    assert_eq!(housing["winners"], serde_json::json!(["Public housing"]));
    assert_eq!(housing["approvals"]["Public housing"], "5");
    assert_eq!(housing["ballots"], 8);
    // Apart: online alone ties Rent cap and Public housing; the room alone elects Public
    // housing.
    assert_eq!(housing["sources"][0]["source"], "online");
    assert_eq!(
        housing["sources"][0]["result"]["tied"],
        serde_json::json!(["Rent cap", "Public housing"])
    );
    assert_eq!(housing["sources"][1]["source"], "room Assembly Gràcia");
    assert_eq!(housing["sources"][1]["result"]["ballots"], 3);
    let transport = &v["blocks"][1];
    assert_eq!(transport["method"], "yes-no");
    assert_eq!(transport["winners"], serde_json::json!(["Bus lanes"]));
    assert_eq!(transport["yes"]["Bus lanes"], "4");
    assert_eq!(transport["no"]["Bus lanes"], "3");
    assert_eq!(transport["abstain"]["Bus lanes"], "1");
    assert_eq!(transport["yes"]["Tram"], "4");
    assert_eq!(transport["no"]["Tram"], "4");
    // A two-thirds majority: 4 yes of 7 is not enough.
    let (ok, out, err) = tally(&["--threshold", "2/3", &city]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["blocks"][1]["winners"], serde_json::json!([]));
    assert_eq!(v["blocks"][1]["parameters"]["threshold"], "2/3");
    // The transcript names each block and source.
    let (ok, out, _) = tally(&["--format", "text", &city]);
    assert!(ok);
    assert!(out.contains("=== Block: Housing ==="), "{out}");
    assert!(out.contains("== Source: room Assembly Gràcia (counted apart) =="));
    assert!(out.contains("== All sources together =="));
    // A ballot approving more than the block allows names its line.
    let over = write(
        "over.txt",
        "# method: approval\n# choose: 2\n# candidates: A, B, C\n1: A=B\n1: A=B=C\n",
    );
    let (ok, _, err) = tally(&[&over]);
    assert!(!ok);
    assert!(
        err.contains("line 5: this ballot approves 3 options; the block allows 2 at most"),
        "{err}"
    );
    // No method anywhere: said so.
    let bare = write("bare.txt", "# candidates: A, B\n1: A\n");
    let (ok, _, err) = tally(&[&bare]);
    assert!(!ok);
    assert!(err.contains("no method"), "{err}");
    // BLT keeps the room apart through `# source:` comments (other programs ignore them).
    let blt = write(
        "room.blt",
        "2 1\n3 1 2 0\n# source: room Sants\n4 2 1 0\n0\n\"A\"\n\"B\"\n\"t\"\n",
    );
    let (ok, out, err) = tally(&["--method", "irv", &blt]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["winners"], serde_json::json!(["B"]));
    assert_eq!(
        v["sources"][0]["result"]["winners"],
        serde_json::json!(["A"])
    );
    assert_eq!(v["sources"][1]["source"], "room Sants");
    assert_eq!(
        v["sources"][1]["result"]["winners"],
        serde_json::json!(["B"])
    );
}
