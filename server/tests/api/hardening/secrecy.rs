#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(ballots_stay_secret, |backend| async move {
    // SECURITY.md 26: a receipt cannot prove a ranking after the close, few voters publish
    // nothing, the live count does not time each cast, and the database keeps no receipt
    // beside its voter.
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (program, _) = published_program(db, "Programa", PROGRAM, Some(Phase::Voting)).await;
    let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
    for bad in ["2", "0", "100001", "molts"] {
        let res = open_vote(&app, &facilitator, &program.slug, &[("min_voters", bad)]).await;
        assert_eq!(res.status(), 400, "minimum {bad}");
    }
    // Without a minimum in the form a vote takes the default, 5, and says so.
    let res = open_vote(&app, &facilitator, &program.slug, &[]).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let vote: i32 = res.json().await.unwrap();
    let id = vote.to_string();
    let anonymous = app.client();
    let get = |client: &reqwest::Client, endpoint: &'static str| {
        let (client, base, id) = (client.clone(), app.base.clone(), id.clone());
        async move {
            let res = call(&client, &base, endpoint, &[("id", &id)]).await;
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    assert_eq!(
        get(&anonymous, "votes/get").await.1["summary"]["min_voters"],
        5
    );

    let mut voters = Vec::new();
    let mut receipts = Vec::new();
    for i in 0..11 {
        let voter = logged_in(&app, &format!("v{i}@example.org"), Role::Resident).await;
        let res = call(
            &voter,
            &app.base,
            "votes/cast",
            &[("id", &id), ("ranking", "1>2")],
        )
        .await;
        assert_eq!(res.status(), 200);
        receipts.push(res.json::<String>().await.unwrap());
        voters.push(voter);
        // While open the count moves in steps of 10 and the log's length and head stay
        // hidden: a watcher cannot tell when each ballot came, or a re-cast from a new one.
        let (_, page) = get(&anonymous, "votes/get").await;
        let expected = if i + 1 >= 10 { 10 } else { 0 };
        assert_eq!(
            page["summary"]["ballots"],
            expected,
            "after {} ballots",
            i + 1
        );
        assert_eq!(page["summary"]["ballots_coarse"], true);
        assert_eq!(page["entries"], Value::Null);
        assert_eq!(page["head_hash"], Value::Null);
    }
    // The voter's own page shows the receipt their browser holds (a cookie set by the
    // cast), never another voter's.
    let (_, mine) = get(&voters[0], "votes/get").await;
    assert_eq!(mine["my_ballot"]["receipt"], receipts[0].as_str());
    // The database holds only each receipt's hash: no stored value is a receipt code.
    let rows = app::entities::ballot::Entity::find()
        .filter(app::entities::ballot::Column::PollId.eq(vote))
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 11);
    for row in &rows {
        let text = format!("{row:?}");
        for r in &receipts {
            assert!(
                !text.contains(r.as_str()),
                "a receipt code is stored: {text}"
            );
            assert!(
                !text.contains(&app::domain::poll::normalize_receipt(r)),
                "a receipt code is stored: {text}"
            );
        }
    }
    let hashes: std::collections::HashSet<String> =
        rows.iter().map(|r| r.receipt_hash.clone()).collect();
    for r in &receipts {
        assert!(hashes.contains(&app::domain::poll::receipt_hash(r)));
    }
    // While open a receipt shows the ranking the log holds (the voter may still cast again).
    let lookup = |code: String| {
        let (client, base, id) = (anonymous.clone(), app.base.clone(), id.clone());
        async move {
            let res = call(
                &client,
                &base,
                "votes/receipt",
                &[("id", &id), ("code", &code)],
            )
            .await;
            res.json::<Value>().await.unwrap()
        }
    };
    let open = lookup(receipts[3].clone()).await;
    assert_eq!(open["entry"]["text"], "1>2");
    assert_eq!(open["entry"]["replaced"], false);
    assert_eq!(
        call(&facilitator, &app.base, "votes/close", &[("id", &id)])
            .await
            .status(),
        200
    );
    // After the close: inclusion only, for current and replaced alike; exact counts.
    let closed = lookup(receipts[3].clone()).await;
    assert_eq!(
        closed["entry"],
        serde_json::json!({"ballot": null, "text": null, "replaced": null})
    );
    let (_, page) = get(&anonymous, "votes/get").await;
    assert_eq!(page["summary"]["ballots"], 11);
    assert_eq!(page["entries"], 11);

    // A second vote with four voters, one short of the default minimum: no results, no
    // files, no voter list, nothing to apply; with the fifth ballot everything is there.
    let res = open_vote(&app, &facilitator, &program.slug, &[("title", "Petita")]).await;
    let small: i32 = res.json().await.unwrap();
    for voter in voters.iter().take(4) {
        let res = call(
            voter,
            &app.base,
            "votes/cast",
            &[("id", &small.to_string()), ("ranking", "2")],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    let close_at = |vote: i32| {
        let db = db.clone();
        async move {
            app::entities::poll::Entity::update_many()
                .col_expr(
                    app::entities::poll::Column::ClosesAt,
                    sea_orm::sea_query::Expr::value(clock::now()),
                )
                .filter(app::entities::poll::Column::Id.eq(vote))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    close_at(small).await;
    for endpoint in ["votes/results", "votes/voters"] {
        let res = call(
            &anonymous,
            &app.base,
            endpoint,
            &[("id", &small.to_string())],
        )
        .await;
        assert_eq!(res.status(), 409, "{endpoint}");
        assert_eq!(res.text().await.unwrap(), "{\"Poll\":\"TooFewVoters\"}");
    }
    for format in ["blt", "txt"] {
        let res = anonymous
            .get(format!("{}/votes/{small}/ballots/{format}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{format}");
    }
    // Five: published.
    let res = open_vote(&app, &facilitator, &program.slug, &[("title", "Cinc")]).await;
    let five: i32 = res.json().await.unwrap();
    for voter in voters.iter().take(5) {
        let res = call(
            voter,
            &app.base,
            "votes/cast",
            &[("id", &five.to_string()), ("ranking", "2")],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    close_at(five).await;
    let res = call(
        &anonymous,
        &app.base,
        "votes/results",
        &[("id", &five.to_string())],
    )
    .await;
    assert_eq!(res.status(), 200);
    let results: Value = res.json().await.unwrap();
    assert_eq!(results["blocks"][0]["result"]["ballots"], 5);
});
