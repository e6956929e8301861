#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(a_passage_under_vote_is_frozen, |backend| async move {
    // SECURITY.md 25: nothing accepted outside the vote can change what voters chose between.
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (program, section_id) =
        published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let author = logged_in(&app, "a@example.org", Role::Resident).await;
    let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
    let a = propose(&app, &author, section_id, "500", "800").await;
    let b = propose(&app, &author, section_id, "500", "1000").await;
    let outside = propose(&app, &author, section_id, "500 habitatges", "600 cases").await;
    start_phase(db, program.id, Phase::Voting).await;
    let res = open_vote(
        &app,
        &facilitator,
        &program.slug,
        &[
            ("title", "Quants?"),
            ("kind", "amendments"),
            ("amendments", &format!("{a},{b}")),
            ("tie", "lot"),
            ("min_voters", "3"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let vote: i32 = res.json().await.unwrap();
    // The overlapping amendment outside the vote cannot be accepted, nor can an option.
    for id in [outside, a] {
        let res = call(
            &facilitator,
            &app.base,
            "amendments/accept",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(res.status(), 409, "{id}");
        assert_eq!(res.text().await.unwrap(), "{\"Poll\":\"PassageInVote\"}");
    }
    let s = section::Entity::find_by_id(app::domain::ids::SectionId(section_id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.head_number, 1, "nothing changed");
    for id in [a, b] {
        let found = amendment::Entity::find_by_id(app::domain::ids::AmendmentId(id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            found.status,
            app::domain::amendment::AmendmentStatus::InVote
        );
    }
    // Nor rejected one by one: only the vote's result decides its options.
    let res = call(
        &facilitator,
        &app.base,
        "amendments/reject",
        &[("id", &a.to_string()), ("reason", "no")],
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.text().await.unwrap(), "{\"Poll\":\"PassageInVote\"}");
    // Options cannot be withdrawn or edited while the vote runs.
    let res = call(
        &author,
        &app.base,
        "amendments/withdraw",
        &[("id", &a.to_string()), ("reason", "Ja no cal.")],
    )
    .await;
    assert!(
        res.status() == 403 || res.status() == 409,
        "{}",
        res.status()
    );
    let found = amendment::Entity::find_by_id(app::domain::ids::AmendmentId(a))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        found.status,
        app::domain::amendment::AmendmentStatus::InVote
    );
    // The vote decides: its winner is accepted, the rival rejected.
    let third = logged_in(&app, "third@example.org", Role::Resident).await;
    for voter in [&author, &facilitator, &third] {
        let res = call(
            voter,
            &app.base,
            "votes/cast",
            &[("id", &vote.to_string()), ("ranking", "3>2>1")],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    assert_eq!(
        call(
            &facilitator,
            &app.base,
            "votes/close",
            &[("id", &vote.to_string())]
        )
        .await
        .status(),
        200
    );
    let res = call(
        &facilitator,
        &app.base,
        "votes/apply",
        &[("id", &vote.to_string())],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let won = amendment::Entity::find_by_id(app::domain::ids::AmendmentId(b))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        won.status,
        app::domain::amendment::AmendmentStatus::Accepted
    );
    let lost = amendment::Entity::find_by_id(app::domain::ids::AmendmentId(a))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        lost.status,
        app::domain::amendment::AmendmentStatus::Rejected
    );
});

both_backends!(
    the_lot_is_committed_before_and_revealed_after,
    |backend| async move {
        // SECURITY.md 24: the seed cannot be known while the vote runs; anyone can redraw it.
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let (program, _) = published_program(db, "Programa", PROGRAM, Some(Phase::Voting)).await;
        let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
        let voter = logged_in(&app, "v@example.org", Role::Resident).await;
        let res = open_vote(
            &app,
            &facilitator,
            &program.slug,
            &[("title", "Empat"), ("tie", "lot"), ("min_voters", "3")],
        )
        .await;
        let vote: i32 = res.json().await.unwrap();
        let get = |endpoint: &'static str| {
            let (client, base) = (voter.clone(), app.base.clone());
            async move {
                let res = call(&client, &base, endpoint, &[("id", &vote.to_string())]).await;
                res.json::<Value>().await.unwrap()
            }
        };
        let open = get("votes/get").await;
        let commitment = open["lot_commitment"].as_str().unwrap().to_string();
        assert_eq!(commitment.len(), 64);
        assert_eq!(
            open["lot_secret"],
            Value::Null,
            "the secret stays hidden while the vote runs"
        );
        for other in ["w@example.org", "x@example.org"] {
            let client = logged_in(&app, other, Role::Resident).await;
            let res = call(
                &client,
                &app.base,
                "votes/cast",
                &[("id", &vote.to_string()), ("ranking", "1=2")],
            )
            .await;
            assert_eq!(res.status(), 200);
        }
        // Re-casting moves the head but cannot move the seed, which needs the secret.
        for ranking in ["1=2", "2=1", "1=2"] {
            let res = call(
                &voter,
                &app.base,
                "votes/cast",
                &[("id", &vote.to_string()), ("ranking", ranking)],
            )
            .await;
            assert_eq!(res.status(), 200);
        }
        assert_eq!(
            call(
                &facilitator,
                &app.base,
                "votes/close",
                &[("id", &vote.to_string())]
            )
            .await
            .status(),
            200
        );
        let results = get("votes/results").await;
        let secret = results["poll"]["lot_secret"].as_str().unwrap().to_string();
        assert_eq!(
            app::domain::poll::lot_commitment(&secret),
            commitment,
            "the revealed secret is the committed one"
        );
        let head = results["poll"]["head_hash"].as_str().unwrap();
        let seed = app::domain::poll::lot_seed(head, &secret);
        assert!(results["command"]
            .as_str()
            .unwrap()
            .contains(&format!("--tie-seed {seed}")));
        let found = app::entities::poll::Entity::find_by_id(app::domain::ids::PollId(vote))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(
            seed,
            u64::from_str_radix(&found.head_hash[..16], 16).unwrap(),
            "not the public head alone"
        );
    }
);

both_backends!(parallel_comments_respect_the_rate, |backend| async move {
    // The comment rate (5 a minute here) holds under real concurrency on both backends.
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (_, section_id) = published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let resident = logged_in(&app, "c@example.org", Role::Resident).await;
    let mut posts = Vec::new();
    for i in 0..12 {
        let (client, base) = (resident.clone(), app.base.clone());
        posts.push(tokio::spawn(async move {
            call(
                &client,
                &base,
                "comments/post",
                &[
                    ("target", "section"),
                    ("id", &section_id.to_string()),
                    ("body", &format!("comment {i}")),
                ],
            )
            .await
            .status()
            .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for p in posts {
        statuses.push(p.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        app::entities::comment::Entity::find()
            .count(db)
            .await
            .unwrap(),
        5
    );
});

both_backends!(
    two_coordinators_cannot_demote_each_other_at_once,
    |backend| async move {
        // The last coordinator is kept even when the last two demote each other at the same time.
        for _ in 0..3 {
            let app = spawn_app(backend).await;
            let password = "a long enough password";
            let one = app
                .create_user("one@example.org", "One", password, Role::Coordinator)
                .await;
            let two = app
                .create_user("two@example.org", "Two", password, Role::Coordinator)
                .await;
            let c1 = app.client();
            let c2 = app.client();
            assert_eq!(
                login(&c1, &app.base, "one@example.org", password)
                    .await
                    .status(),
                200
            );
            assert_eq!(
                login(&c2, &app.base, "two@example.org", password)
                    .await
                    .status(),
                200
            );
            let demote = |client: reqwest::Client, target: app::domain::ids::UserId| {
                let base = app.base.clone();
                tokio::spawn(async move {
                    call(
                        &client,
                        &base,
                        "admin/set-role",
                        &[("user_id", &target.to_string()), ("role", "resident")],
                    )
                    .await
                    .status()
                    .as_u16()
                })
            };
            let (a, b) = (demote(c1, two), demote(c2, one));
            let statuses = [a.await.unwrap(), b.await.unwrap()];
            assert_eq!(
                statuses.iter().filter(|s| **s == 200).count(),
                1,
                "{statuses:?}"
            );
            let left = user::Entity::find()
                .filter(user::Column::Role.eq("coordinator"))
                .count(&app.state().db)
                .await
                .unwrap();
            assert_eq!(left, 1);
        }
    }
);

both_backends!(
    a_hidden_comment_leaves_notifications,
    |backend| async move {
        // A comment hidden by moderation no longer shows in the followers' notifications.
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let (_, section_id) =
            published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
        let follower = logged_in(&app, "f@example.org", Role::Resident).await;
        let writer = logged_in(&app, "w@example.org", Role::Resident).await;
        let moderator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
        let res = call(
            &follower,
            &app.base,
            "follows/set",
            &[
                ("kind", "section"),
                ("id", &section_id.to_string()),
                ("follow", "true"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let res = call(
            &writer,
            &app.base,
            "comments/post",
            &[
                ("target", "section"),
                ("id", &section_id.to_string()),
                ("body", "an insult nobody should keep reading"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let list = |client: reqwest::Client| {
            let base = app.base.clone();
            async move {
                let res = call(&client, &base, "notifications/list", &[]).await;
                res.text().await.unwrap()
            }
        };
        assert!(list(follower.clone()).await.contains("an insult"));
        let comment = app::entities::comment::Entity::find()
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let res = call(
            &moderator,
            &app.base,
            "comments/moderate",
            &[
                ("id", &comment.id.to_string()),
                ("action", "hide"),
                ("why", "insult"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        assert!(!list(follower.clone()).await.contains("an insult"));
    }
);
