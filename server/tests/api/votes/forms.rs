//! Ballots of several questions, each with its own form (approval with a limit,
//! yes/no/abstain, score, ranked): cast through the API and the no-JavaScript form, refused
//! when they break a question's rules, counted per question, a question with too few
//! answers withheld, and the published file re-counted by `redacta tally` to the byte.

use super::*;

const QUESTIONS: &str = "# Habitatge [approval 2]\nPisos públics\nLloguer just\nCooperatives\n\
# Moció [yes-no]\nTancar els pisos turístics\nRenda bàsica\n\
# Parcs [score]\nParc A\nParc B\n\
# Junta [schulze]\nAnna\nBiel\nCarla\n";

both_backends!(a_ballot_of_several_questions, |backend| async move {
    let w = world(backend, 6).await;
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    let res = w
        .open_vote(
            &w.facilitator,
            &[
                ("kind", "measures"),
                ("measures", QUESTIONS),
                ("tie", "order"),
                ("min_voters", "4"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let id: i32 = res.json().await.unwrap();

    // The page describes the four questions, each over its own options.
    let (_, page) = w.get(&w.voters[0], "votes/get", id).await;
    let blocks = page["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 4);
    let described: Vec<(&str, &str, u64, u64)> = blocks
        .iter()
        .map(|b| {
            (
                b["title"].as_str().unwrap(),
                b["method"].as_str().unwrap(),
                b["first"].as_u64().unwrap(),
                b["len"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            ("Habitatge", "approval", 1, 3),
            ("Moció", "yes-no", 4, 2),
            ("Parcs", "score", 6, 2),
            ("Junta", "schulze", 8, 3)
        ]
    );
    assert_eq!(blocks[0]["choose"], 2);
    // Each voter's order is shuffled within each question, never across.
    let order: Vec<u64> = page["ballot_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let mut firsts: Vec<u64> = order[..3].to_vec();
    firsts.sort_unstable();
    assert_eq!(firsts, [0, 1, 2]);

    // What each question's rules refuse: nothing is stored.
    for (bad, why) in [
        (
            "1,2,3|||",
            serde_json::json!({"Poll": {"TooManyApproved": 2}}),
        ),
        ("||6:6|", serde_json::json!({"Poll": "ScoreOutOfRange"})),
        ("4|||", serde_json::json!({"Poll": {"UnknownOption": 4}})),
        ("|||", serde_json::json!({"Poll": "EmptyBallot"})),
        ("1", serde_json::json!({"Poll": "Malformed"})),
        ("|4:maybe||", serde_json::json!({"Poll": "Malformed"})),
    ] {
        assert_eq!(w.cast(&w.voters[0], id, bad).await, (400, why), "{bad}");
    }
    assert_eq!(w.ballots(id).await, 0);

    // The form without JavaScript: the review step reads the fields into the ballot text.
    let html = page_as(
        &w.voters[0],
        &format!(
            "{}/votes/{id}/review?approve_1=on&approve_2=on&answer_4=yes&answer_5=no&score_6=5&score_7=1&rank_8=1&rank_9=2&rank_10=3",
            w.base()
        ),
    )
    .await;
    assert!(
        html.contains(r#"name="ranking" value="1,2|4:y,5:n|6:5,7:1|8&gt;9&gt;10""#),
        "{html}"
    );
    let html = page_as(
        &w.voters[0],
        &format!(
            "{}/votes/{id}/review?approve_1=on&approve_2=on&approve_3=on",
            w.base()
        ),
    )
    .await;
    assert!(
        html.contains("role=\"alert\""),
        "too many approvals are refused at review"
    );

    // Six ballots; only three people score the parks.
    let ballots = [
        "1,2|4:y,5:n|6:5,7:1|8>9>10",
        "1|4:y,5:a|6:3|9>8",
        "2,3|4:n|7:4|10>8=9",
        "1,3|4:y,5:y||8",
        "2,1|4:y,5:n||8>10",
        "3|5:n||9",
    ];
    for (voter, text) in w.voters.iter().zip(ballots) {
        let (status, body) = w.cast(voter, id, text).await;
        assert_eq!(status, 200, "{text}: {body}");
    }
    // The voter's own ballot, in its canonical text.
    let (_, mine) = w.get(&w.voters[4], "votes/get", id).await;
    assert_eq!(mine["my_ballot"]["text"], "1,2|4:y,5:n||8>10");
    w.close(id).await;

    let (status, results) = w.get(&w.app.client(), "votes/results", id).await;
    assert_eq!(status, 200, "{results}");
    let blocks = results["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 4);
    // Housing: approvals 4, 3, 3; two chosen, the tie for the second by ballot order.
    let housing = &blocks[0]["result"];
    assert_eq!(housing["winners"], serde_json::json!([0, 1]));
    assert_eq!(housing["figures"][0]["key"], "approvals");
    assert_eq!(
        housing["figures"][0]["values"],
        serde_json::json!(["4", "3", "3"])
    );
    // The motion: the first passes 4 to 1, the second fails.
    let motion = &blocks[1]["result"];
    assert_eq!(motion["winners"], serde_json::json!([0]));
    let yes = motion["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "yes")
        .unwrap();
    assert_eq!(yes["values"], serde_json::json!(["4", "1"]));
    // The parks: three answers, fewer than the minimum of 4: withheld.
    assert_eq!(blocks[2]["voters"], 3);
    assert_eq!(blocks[2]["result"], Value::Null);
    // The board: Anna beats both head to head.
    assert_eq!(blocks[3]["result"]["winners"], serde_json::json!([0]));
    assert_eq!(blocks[3]["voters"], 6);

    // The files: no BLT (not a single ranking), the line format with the published
    // questions only, and `redacta tally` reproduces the shown result byte for byte.
    assert_eq!(w.download(id, "blt").await.0, 404);
    let (status, txt) = w.download(id, "txt").await;
    assert_eq!(status, 200);
    assert_eq!(results["files"].as_array().unwrap().len(), 1);
    assert_eq!(results["files"][0]["sha256"], sha256(&txt));
    assert!(
        txt.contains("# block: Habitatge\n# method: approval\n# choose: 2\n"),
        "{txt}"
    );
    assert!(txt.contains("# block: Moció\n# method: yes-no\n"), "{txt}");
    assert!(
        !txt.contains("Parc A"),
        "a withheld question is not published: {txt}"
    );
    assert!(!txt.contains("example.org"));
    let command = results["command"].as_str().unwrap();
    assert_eq!(
        command,
        format!("redacta tally --tie-ballot-order --format json vote-{id}.txt")
    );
    recount_matches(&results, &format!("vote-{id}.txt"), &txt);

    // The log holds every ballot as its text, and checks out.
    let report = app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
        .await
        .unwrap();
    assert_eq!((report.entries, report.ballots), (6, 6));

    // The results page says it in words, question by question.
    let html = page_as(&w.app.client(), &format!("{}/votes/{id}/results", w.base())).await;
    for text in [
        "Habitatge",
        "Moció",
        "Junta",
        "Tancar els pisos turístics",
        "Withheld: 3 people answered this question, fewer than the minimum of 4",
        "the 2 best chosen",
    ] {
        assert!(html.contains(text), "{text}");
    }
});

both_backends!(single_question_forms, |backend| async move {
    let w = world(backend, 5).await;
    let a = w.propose(&w.voters[0], "Mil", "500", "1000").await;
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    // Approval with a limit, as a vote of one question: its file says how it is counted.
    let id = w
        .decided(
            &[
                ("measures", "A\nB\nC\nD"),
                ("method", "approval"),
                ("choose", "2"),
                ("tie", "none"),
            ],
            &["1,2", "2", "2,3", "4", "1,2"],
        )
        .await;
    let (_, results) = w.get(&w.app.client(), "votes/results", id).await;
    assert_eq!(
        results["blocks"][0]["result"]["winners"],
        serde_json::json!([1])
    );
    let (_, txt) = w.download(id, "txt").await;
    assert!(
        txt.starts_with("# method: approval\n# choose: 2\n"),
        "{txt}"
    );
    let e = parse::read_line_blocks(txt.as_bytes()).unwrap();
    assert_eq!(e[0].choose, Some(2));

    // Yes/no/abstain and score, one question each; a limit above the options is refused.
    let res = w
        .open_vote(
            &w.facilitator,
            &[
                ("kind", "measures"),
                ("measures", "A\nB"),
                ("method", "approval"),
                ("choose", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        serde_json::json!({"Poll": "Choose"})
    );
    let id = w
        .decided(
            &[("measures", "Moció"), ("method", "yes-no")],
            &["1:y", "1:y", "1:n", "1:a", "1:y"],
        )
        .await;
    let (_, results) = w.get(&w.app.client(), "votes/results", id).await;
    assert_eq!(
        results["blocks"][0]["result"]["winners"],
        serde_json::json!([0])
    );
    // A qualified majority: two motions, 3 yes to 2 no (60 %) and 4 to 1 (80 %); with
    // `[yes-no 2/3]` only the second passes. The published file states it, so the re-count
    // from the file agrees byte for byte.
    let id = w
        .decided(
            &[("measures", "# Estatuts [yes-no 2/3]\nArticle 1\nArticle 2")],
            &["1:y,2:y", "1:y,2:y", "1:y,2:n", "1:n,2:y", "1:n,2:y"],
        )
        .await;
    let (_, results) = w.get(&w.app.client(), "votes/results", id).await;
    assert_eq!(
        results["blocks"][0]["result"]["winners"],
        serde_json::json!([1]),
        "{results}"
    );
    let (_, txt) = w.download(id, "txt").await;
    assert!(
        txt.contains("# method: yes-no\n# threshold: 2/3\n"),
        "{txt}"
    );
    recount_matches(&results, &format!("vote-{id}.txt"), &txt);
    let page = page_as(&w.voters[0], &format!("{}/votes/{id}", w.base())).await;
    assert!(
        page.contains("at least 2/3 of the yes and no answers"),
        "{page}"
    );
    let id = w
        .decided(
            &[("measures", "X\nY\nZ"), ("method", "score"), ("seats", "2")],
            &["1:5,2:1", "2:5", "3:2,1:1", "1:3", "2:4"],
        )
        .await;
    let (_, results) = w.get(&w.app.client(), "votes/results", id).await;
    assert_eq!(
        results["blocks"][0]["result"]["winners"],
        serde_json::json!([1, 0])
    );
    // Votes on amendments choose one text: yes/no on each is refused.
    let res = w
        .open_vote(
            &w.facilitator,
            &[
                ("kind", "amendments"),
                ("amendments", &a.to_string()),
                ("method", "yes-no"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
});
