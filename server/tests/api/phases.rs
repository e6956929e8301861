#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The phase table over HTTP: in every phase, each activity the table names is tried through
//! its server function and the answer must match `Phase::allows` (200, or 403 naming the
//! phase), with nothing stored by a refusal. Plus the coordinators' schedule and "start the
//! phase now", and what the program page says.

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::{Activity, Phase};
use app::domain::role::Role;
use app::entities::{amendment, comment, poll, support};
use app::services::clock;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const PROGRAM: &str = "# Habitatge\n\nUn dos tres quatre cinc sis set vuit nou deu onze dotze.\n\n# Mobilitat\n\nMés bus.\n";

both_backends!(the_phase_table_is_enforced, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (imported, sid) = published_program(db, "Programa", PROGRAM, None).await;
    let pid = imported.id;
    let slug = imported.slug.clone();
    let author = logged_in(&app, "author@example.org", Role::Resident).await;
    let other = logged_in(&app, "other@example.org", Role::Resident).await;
    let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
    let base = app.base.clone();
    let text = app::services::lookup::revision_text(db, app::domain::ids::SectionId(sid), 1)
        .await
        .unwrap();
    let words = [
        "Un", "dos", "tres", "quatre", "cinc", "sis", "set", "vuit", "nou", "deu", "onze", "dotze",
    ];
    let create = |client: reqwest::Client, n: usize| {
        let base = base.clone();
        let text = text.replacen(words[n], &format!("{}!", words[n]), 1);
        async move {
            call(
                &client,
                &base,
                "amendments/create",
                &[
                    ("section_id", &sid.to_string()),
                    ("base_number", "1"),
                    ("title", &format!("Esmena {n}")),
                    ("text", &text),
                    ("justification", ""),
                ],
            )
            .await
        }
    };
    let act = |client: reqwest::Client, endpoint: &'static str, fields: Vec<(String, String)>| {
        let base = base.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let res = call(&client, &base, endpoint, &pairs).await;
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    // In the amendments phase: two published amendments per later phase (one to decide,
    // one to withdraw), on different words so they never conflict.
    start_phase(db, pid, Phase::Amendments).await;
    let mut ready = Vec::new();
    for n in 0..10 {
        let res = create(author.clone(), n).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let id: i32 = res.json().await.unwrap();
        let (status, _) = act(
            author.clone(),
            "amendments/publish",
            vec![("id".into(), id.to_string())],
        )
        .await;
        assert_eq!(status, 200);
        ready.push(id);
    }
    // A vote to cast ballots in, opened during voting and kept open.
    start_phase(db, pid, Phase::Voting).await;
    let closes = app::domain::time::datetime_value(clock::now() + 3600);
    let (status, vote) = act(
        facilitator.clone(),
        "votes/create",
        vec![
            ("program".into(), slug.clone()),
            ("kind".into(), "measures".into()),
            ("title".into(), "Prioritats".into()),
            ("measures".into(), "A\nB\nC".into()),
            ("method".into(), "schulze".into()),
            ("tie".into(), "none".into()),
            ("eligibility".into(), "residents".into()),
            ("closes_at".into(), closes.clone()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{vote}");
    let vote = vote.as_i64().unwrap().to_string();

    for (k, phase) in Phase::ALL.into_iter().enumerate() {
        start_phase(db, pid, phase).await;
        let (status, page) = act(
            other.clone(),
            "programs/get",
            vec![("slug".into(), slug.clone())],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(page["summary"]["phase"], phase.as_str());
        let expect = |a: Activity| if phase.allows(a) { 200 } else { 403 };
        let refusal = |a: Activity| serde_json::json!({"NotNow": {"phase": phase.as_str(), "activity": format!("{a:?}")}});
        let check = |a: Activity, status: u16, body: &Value| {
            assert_eq!(status, expect(a), "{a:?} in {phase:?}: {body}");
            if status == 403 {
                assert_eq!(*body, refusal(a), "{a:?} in {phase:?}");
            }
        };

        // Amend.
        let before = amendment::Entity::find().count(db).await.unwrap();
        let res = create(author.clone(), 10 + k % 2).await;
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        check(Activity::Amend, status, &body);
        let after = amendment::Entity::find().count(db).await.unwrap();
        assert_eq!(after - before, u64::from(status == 200));
        if status == 200 {
            // Keep the drafts out of the way of the next phases.
            let id = body.as_i64().unwrap().to_string();
            act(
                author.clone(),
                "amendments/withdraw",
                vec![("id".into(), id), ("reason".into(), "Ja no cal.".into())],
            )
            .await;
        }

        // Support (and take it back, so each phase starts alike).
        let target = ready[2 * k].to_string();
        let (status, body) = act(
            other.clone(),
            "amendments/support",
            vec![("id".into(), target.clone())],
        )
        .await;
        check(Activity::Support, status, &body);
        assert_eq!(
            support::Entity::find().count(db).await.unwrap(),
            u64::from(status == 200)
        );
        if status == 200 {
            act(
                other.clone(),
                "amendments/unsupport",
                vec![("id".into(), target.clone())],
            )
            .await;
        }

        // Comment.
        let before = comment::Entity::find().count(db).await.unwrap();
        let (status, body) = act(
            other.clone(),
            "comments/post",
            vec![
                ("target".into(), "section".into()),
                ("id".into(), sid.to_string()),
                ("body".into(), format!("In {phase}.")),
            ],
        )
        .await;
        check(Activity::Comment, status, &body);
        assert_eq!(
            comment::Entity::find().count(db).await.unwrap() - before,
            u64::from(status == 200)
        );

        // Open a vote.
        let before = poll::Entity::find().count(db).await.unwrap();
        let (status, body) = act(
            facilitator.clone(),
            "votes/create",
            vec![
                ("program".into(), slug.clone()),
                ("kind".into(), "measures".into()),
                ("title".into(), format!("Vote in {phase}")),
                ("measures".into(), "X\nY".into()),
                ("method".into(), "schulze".into()),
                ("tie".into(), "none".into()),
                ("eligibility".into(), "residents".into()),
                ("closes_at".into(), closes.clone()),
            ],
        )
        .await;
        check(Activity::OpenVote, status, &body);
        assert_eq!(
            poll::Entity::find().count(db).await.unwrap() - before,
            u64::from(status == 200)
        );

        // Vote.
        let (status, body) = act(
            other.clone(),
            "votes/cast",
            vec![
                ("id".into(), vote.clone()),
                ("ranking".into(), "1>2".into()),
            ],
        )
        .await;
        check(Activity::Vote, status, &body);

        // Decide (reject), then withdraw another.
        let (status, body) = act(
            facilitator.clone(),
            "amendments/reject",
            vec![
                ("id".into(), target.clone()),
                ("reason".into(), "no".into()),
            ],
        )
        .await;
        check(Activity::Decide, status, &body);
        let kept = amendment::Entity::find_by_id(app::domain::ids::AmendmentId(ready[2 * k]))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            kept.status == app::domain::amendment::AmendmentStatus::Rejected,
            status == 200
        );
        let (status, body) = act(
            author.clone(),
            "amendments/withdraw",
            vec![
                ("id".into(), ready[2 * k + 1].to_string()),
                ("reason".into(), "Ja no cal.".into()),
            ],
        )
        .await;
        check(Activity::Withdraw, status, &body);
    }
});

both_backends!(coordinators_schedule_the_phases, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (imported, _) = published_program(db, "Programa", PROGRAM, None).await;
    let slug = imported.slug.clone();
    let coordinator = logged_in(&app, "co@example.org", Role::Coordinator).await;
    let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
    let t = clock::now();
    let at = |d: i64| app::domain::time::datetime_value(t + d);
    let (past, soon, later, last) = (at(-3600), at(86_400), at(2 * 86_400), at(3 * 86_400));
    let fields = [
        ("slug", slug.as_str()),
        ("amendments", past.as_str()),
        ("deliberation", soon.as_str()),
        ("voting", later.as_str()),
        ("closed", last.as_str()),
    ];
    let res = call(&facilitator, &app.base, "programs/schedule", &fields).await;
    assert_eq!(res.status(), 403);
    let res = call(&coordinator, &app.base, "programs/schedule", &fields).await;
    assert_eq!(res.status(), 200);
    let page: Value = call(&facilitator, &app.base, "programs/get", &[("slug", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["summary"]["phase"], "amendments");
    assert_eq!(page["summary"]["amendments_open"], true);
    let ends = page["summary"]["phase_ends"].as_i64().unwrap();
    assert_eq!(app::domain::time::datetime_value(ends), soon);
    assert_eq!(page["summary"]["schedule"].as_array().unwrap().len(), 4);
    assert_eq!(
        page["can_open_votes"], false,
        "no votes while amendments are open"
    );

    // Out of order, or unreadable: refused, the schedule kept.
    for bad in [
        [
            ("slug", slug.as_str()),
            ("amendments", soon.as_str()),
            ("voting", past.as_str()),
        ],
        [
            ("slug", slug.as_str()),
            ("amendments", "next week"),
            ("voting", ""),
        ],
    ] {
        let res = call(&coordinator, &app.base, "programs/schedule", &bad).await;
        assert_eq!(res.status(), 400);
    }
    let s = app::services::phases::schedule(db, imported.id)
        .await
        .unwrap();
    assert_eq!(s.0.len(), 4);

    // "Start voting now": the program is in voting at once; closing stays scheduled.
    let res = call(
        &facilitator,
        &app.base,
        "programs/advance",
        &[("slug", &slug), ("phase", "voting")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = call(
        &coordinator,
        &app.base,
        "programs/advance",
        &[("slug", &slug), ("phase", "voting")],
    )
    .await;
    assert_eq!(res.status(), 200);
    let s = app::services::phases::schedule(db, imported.id)
        .await
        .unwrap();
    assert_eq!(s.current(clock::now()), Phase::Voting);
    assert!(s.start_of(Phase::Closed).is_some());
    assert_eq!(s.start_of(Phase::Deliberation), None);
    let page: Value = call(&facilitator, &app.base, "programs/get", &[("slug", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["can_open_votes"], true);
    let res = call(
        &coordinator,
        &app.base,
        "programs/advance",
        &[("slug", &slug), ("phase", "someday")],
    )
    .await;
    assert_eq!(res.status(), 400);
    // Every change is in the event log.
    let events = app::entities::event::Entity::find()
        .filter(app::entities::event::Column::Kind.is_in(["program.schedule", "program.phase"]))
        .count(db)
        .await
        .unwrap();
    assert_eq!(events, 2);
});
