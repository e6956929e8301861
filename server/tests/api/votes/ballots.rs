#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(parallel_identical_ballots_make_one, |backend| async move {
    let w = world(backend, 1).await;
    let a = w.propose(&w.voters[0], "800", "500", "800").await;
    let id = w.vote_on(&[a]).await;
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = w.voters[0].clone();
            let base = w.base().to_string();
            tokio::spawn(async move {
                call(
                    &client,
                    &base,
                    "votes/cast",
                    &[("id", &id.to_string()), ("ranking", "2>1")],
                )
                .await
                .status()
                .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    // Re-casting is limited (10 per voter and vote in 10 minutes), exactly, even at once.
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        40,
        "{statuses:?}"
    );
    assert_eq!(w.ballots(id).await, 1);
    assert_eq!(w.log_len(id).await, 10);
    let report = app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
        .await
        .unwrap();
    assert_eq!((report.entries, report.ballots), (10, 1));
    w.close(id).await;
    // One voter: below the vote's minimum (3 here), so nothing about the ballots is
    // published; the one anonymous ballot would be that person's.
    for call_name in ["votes/results", "votes/voters"] {
        let (status, err) = w.get(&w.voters[0], call_name, id).await;
        assert_eq!(status, 409, "{call_name}");
        assert_eq!(err, serde_json::json!({"Poll": "TooFewVoters"}));
    }
    assert_eq!(w.download(id, "blt").await.0, 409);
    assert_eq!(w.download(id, "txt").await.0, 409);
});

both_backends!(ballots_racing_the_close, |backend| async move {
    let w = world(backend, 12).await;
    let a = w.propose(&w.voters[0], "800", "500", "800").await;
    let id = w.vote_on(&[a]).await;
    let mut tasks = Vec::new();
    for (i, voter) in w.voters.iter().enumerate() {
        let client = voter.clone();
        let base = w.base().to_string();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 1 {
                tokio::time::sleep(std::time::Duration::from_millis(3 * i as u64)).await;
            }
            let res = call(
                &client,
                &base,
                "votes/cast",
                &[("id", &id.to_string()), ("ranking", "2")],
            )
            .await;
            res.status().as_u16()
        }));
    }
    let closer = {
        let client = w.facilitator.clone();
        let base = w.base().to_string();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(15)).await;
            call(&client, &base, "votes/close", &[("id", &id.to_string())])
                .await
                .status()
                .as_u16()
        })
    };
    let mut accepted = 0;
    for t in tasks {
        match t.await.unwrap() {
            200 => accepted += 1,
            409 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(closer.await.unwrap(), 200);
    // Every ballot that got a success answer is counted; no refused one is.
    assert_eq!(w.ballots(id).await, accepted);
    assert_eq!(w.log_len(id).await, accepted);
    let (status, results) = w.get(&w.voters[0], "votes/results", id).await;
    if accepted >= 3 {
        assert_eq!(results["blocks"][0]["result"]["ballots"], accepted);
    } else {
        // Below the vote's minimum of voters nothing about the ballots is published.
        assert_eq!(
            (status, results),
            (409, serde_json::json!({"Poll": "TooFewVoters"}))
        );
    }
    let closed = poll::Entity::find_by_id(app::domain::ids::PollId(id))
        .one(w.db())
        .await
        .unwrap()
        .unwrap();
    let late = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(id))
        .filter(ballot::Column::CastAt.gte(closed.closes_at + 1))
        .count(w.db())
        .await
        .unwrap();
    assert_eq!(late, 0);
    app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
        .await
        .unwrap();
});

both_backends!(malformed_rankings_store_nothing, |backend| async move {
    let w = world(backend, 1).await;
    let a = w.propose(&w.voters[0], "800", "500", "800").await;
    let id = w.vote_on(&[a]).await;
    // Withdraw option 2 by hand to test withdrawn options.
    let mut opt: poll_option::ActiveModel = poll_option::Entity::find()
        .filter(poll_option::Column::PollId.eq(id))
        .filter(poll_option::Column::Position.eq(2))
        .one(w.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    opt.withdrawn = Set(true);
    opt.update(w.db()).await.unwrap();
    let before = poll::Entity::find_by_id(app::domain::ids::PollId(id))
        .one(w.db())
        .await
        .unwrap()
        .unwrap();
    for (ranking, err) in [
        ("1>1", serde_json::json!({"Poll": {"DuplicateOption": 1}})),
        ("1=1", serde_json::json!({"Poll": {"DuplicateOption": 1}})),
        ("7", serde_json::json!({"Poll": {"UnknownOption": 7}})),
        ("0", serde_json::json!({"Poll": {"UnknownOption": 0}})),
        ("2", serde_json::json!({"Poll": {"WithdrawnOption": 2}})),
        ("", serde_json::json!({"Poll": "EmptyRanking"})),
        ("1>>", serde_json::json!({"Poll": "Malformed"})),
        (
            "1>2>1>2>1>2>1>2>1>2>1>2>1>2>1>2>1",
            serde_json::json!({"Poll": "Malformed"}),
        ),
        ("one", serde_json::json!({"Poll": "Malformed"})),
        (
            "1); DELETE FROM ballots; --",
            serde_json::json!({"Poll": "Malformed"}),
        ),
    ] {
        let (status, body) = w.cast(&w.voters[0], id, ranking).await;
        assert_eq!(status, 400, "{ranking:?}");
        assert_eq!(body, err, "{ranking:?}");
    }
    // Missing or mistyped fields.
    let res = call(
        &w.voters[0],
        w.base(),
        "votes/cast",
        &[("id", &id.to_string())],
    )
    .await;
    assert_eq!(res.status(), 400);
    let res = call(
        &w.voters[0],
        w.base(),
        "votes/cast",
        &[("id", "x"), ("ranking", "1")],
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(w.ballots(id).await, 0);
    assert_eq!(w.log_len(id).await, 0);
    let after = poll::Entity::find_by_id(app::domain::ids::PollId(id))
        .one(w.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, before);
    // A valid one still goes through.
    assert_eq!(w.cast(&w.voters[0], id, "1").await.0, 200);
});

both_backends!(verify_log_finds_tampering, |backend| async move {
    let w = world(backend, 2).await;
    let a = w.propose(&w.voters[0], "800", "500", "800").await;
    let id = w.vote_on(&[a]).await;
    w.cast(&w.voters[0], id, "2>1").await;
    w.cast(&w.voters[1], id, "1").await;
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_redacta"))
            .args([
                "verify-log",
                &id.to_string(),
                "--database-url",
                &w.app.database_url,
            ])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, out, err) = run();
    assert!(ok, "{err}");
    assert!(
        out.contains("intact: 2 entries, 2 current ballots"),
        "{out}"
    );
    // Someone changes a ballot in the table: the log no longer matches.
    let mut b: ballot::ActiveModel = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(id))
        .filter(ballot::Column::Ranking.eq("1"))
        .one(w.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    b.ranking = Set("2".into());
    b.update(w.db()).await.unwrap();
    let (ok, _, err) = run();
    assert!(!ok);
    assert!(err.contains("differ"), "{err}");
    // Someone rewrites a log entry: the chain breaks there.
    let mut e: ballot_log::ActiveModel = ballot_log::Entity::find()
        .filter(ballot_log::Column::PollId.eq(id))
        .filter(ballot_log::Column::Seq.eq(2))
        .one(w.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    e.ranking = Set("2".into());
    e.update(w.db()).await.unwrap();
    let (ok, _, err) = run();
    assert!(!ok);
    assert!(err.contains("entry 2"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_redacta"))
        .args(["verify-log", "999", "--database-url", &w.app.database_url])
        .output()
        .unwrap();
    assert!(!out.status.success());
});

// Ballots arriving together are committed together (group commit): each is answered only
// after the commit, a refused one is refused alone, and the log stays one intact chain.
both_backends!(
    ballots_cast_together_are_each_stored_or_refused_alone,
    |backend| async move {
        let w = world(backend, 16).await;
        let a = w.propose(&w.voters[0], "800", "500", "800").await;
        let id = w.vote_on(&[a]).await;
        let mut tasks = Vec::new();
        for (i, voter) in w.voters.iter().enumerate() {
            // Every fourth voter sends a malformed ballot, among the good ones.
            let ranking = if i % 4 == 3 { "9>1" } else { "2>1" };
            let (client, base) = (voter.clone(), w.base().to_string());
            tasks.push(tokio::spawn(async move {
                call(
                    &client,
                    &base,
                    "votes/cast",
                    &[("id", &id.to_string()), ("ranking", ranking)],
                )
                .await
                .status()
                .as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        let good = statuses.iter().filter(|s| **s == 200).count();
        assert_eq!(good, 12, "{statuses:?}");
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 400),
            "{statuses:?}"
        );
        assert_eq!(w.ballots(id).await, 12);
        assert_eq!(w.log_len(id).await, 12);
        let report = app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
            .await
            .unwrap();
        assert_eq!((report.entries, report.ballots), (12, 12));
        // Straight after its answer, each ballot is there: nothing acknowledged is pending.
        let (status, _) = w.get(&w.voters[0], "votes/get", id).await;
        assert_eq!(status, 200);
    }
);

// Two app servers on one database cast at once: each checks and stores its ballots in
// parallel and takes the vote only to append; the log is one chain, one ballot per voter.
both_backends!(two_app_servers_cast_into_one_chain, |backend| async move {
    let w = world(backend, 16).await;
    let a = w.propose(&w.voters[0], "800", "500", "800").await;
    let id = w.vote_on(&[a]).await;
    let second = w.app.second_server().await;
    let bases = [w.base().to_string(), format!("http://{}", second.addr)];
    let mut tasks = Vec::new();
    for (i, voter) in w.voters.iter().enumerate() {
        // Each voter twice, once on each server: the second replaces the first.
        for round in 0..2 {
            let (client, base) = (voter.clone(), bases[(i + round) % 2].clone());
            tasks.push(tokio::spawn(async move {
                let ranking = if round == 0 { "1>2" } else { "2>1" };
                client
                    .post(format!("{base}/api/votes/cast"))
                    .header("accept", "application/json")
                    .header("origin", &base)
                    .form(&[("id", id.to_string().as_str()), ("ranking", ranking)])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(w.ballots(id).await, 16);
    assert_eq!(w.log_len(id).await, 32);
    let report = app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
        .await
        .unwrap();
    assert_eq!((report.entries, report.ballots), (32, 16));
    drop(second);
});
