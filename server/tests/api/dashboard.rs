#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The coordinators' dashboard and the public data export, on both backends: the figures
//! match what was done, grouped by week and by assembly; competing amendments without a
//! vote are listed; the export carries display names and never an e-mail address.

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::Phase;
use app::domain::role::Role;
use serde_json::Value;

const PROGRAM: &str = "# Habitatge\n\nConstruir 500 habitatges públics cada any.\n";

/// An account whose display name is not its e-mail address, logged in.
async fn person(app: &TestApp, email: &str, name: &str, role: Role) -> reqwest::Client {
    app.create_user(email, name, "a long enough password", role)
        .await;
    let client = app.client();
    assert_eq!(
        login(&client, &app.base, email, "a long enough password")
            .await
            .status(),
        200
    );
    client
}

async fn json(res: reqwest::Response) -> Value {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

both_backends!(the_dashboard_counts_participation, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let base = app.base.clone();
    let (_, sid) = published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let coordinator = person(&app, "co@example.org", "Clara", Role::Coordinator).await;
    let fa = person(&app, "fa@example.org", "Ferran", Role::Facilitator).await;
    let rita = person(&app, "rita@example.org", "Rita", Role::Resident).await;
    assert_eq!(call(&rita, &base, "dashboard/get", &[]).await.status(), 403);
    assert_eq!(
        call(&app.client(), &base, "dashboard/get", &[])
            .await
            .status(),
        401
    );

    json(
        call(
            &coordinator,
            &base,
            "assemblies/create",
            &[("name", "Sants"), ("kind", "territorial")],
        )
        .await,
    )
    .await;
    json(
        call(
            &rita,
            &base,
            "assemblies/join",
            &[("id", "1"), ("join", "true")],
        )
        .await,
    )
    .await;
    // Two competing amendments by Rita (a member of Sants) and one by the facilitator.
    let mut ids = Vec::new();
    for (client, figure) in [(&rita, "600"), (&fa, "700")] {
        let id = json(
            call(
                client,
                &base,
                "amendments/create",
                &[
                    ("section_id", &sid.to_string()),
                    ("base_number", "1"),
                    ("title", &format!("{figure} habitatges")),
                    (
                        "text",
                        &format!("Construir {figure} habitatges públics cada any."),
                    ),
                    ("justification", ""),
                ],
            )
            .await,
        )
        .await;
        let id = id.as_i64().or_else(|| id["id"].as_i64()).unwrap();
        json(
            call(
                client,
                &base,
                "amendments/publish",
                &[("id", &id.to_string())],
            )
            .await,
        )
        .await;
        ids.push(id);
    }
    json(
        call(
            &rita,
            &base,
            "amendments/support",
            &[("id", &ids[1].to_string())],
        )
        .await,
    )
    .await;
    json(
        call(
            &rita,
            &base,
            "comments/post",
            &[
                ("target", "section"),
                ("id", &sid.to_string()),
                ("body", "Molt bé"),
            ],
        )
        .await,
    )
    .await;

    let d = json(call(&coordinator, &base, "dashboard/get", &[]).await).await;
    assert_eq!(d["totals"]["residents"], 3, "{d}");
    assert_eq!(d["totals"]["amendments"], 2);
    assert_eq!(d["totals"]["comments"], 1);
    assert_eq!(d["totals"]["supports"], 1);
    assert_eq!(d["totals"]["assemblies"], 1);
    let weeks = d["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    let this_week = weeks.last().unwrap();
    assert_eq!(
        (
            this_week["residents"].as_i64(),
            this_week["amendments"].as_i64(),
            this_week["supports"].as_i64()
        ),
        (Some(3), Some(2), Some(1)),
        "{this_week}"
    );
    let sants = &d["assemblies"][0];
    assert_eq!(
        (
            sants["members"].as_i64(),
            sants["comments"].as_i64(),
            sants["supports"].as_i64()
        ),
        (Some(1), Some(1), Some(1)),
        "{sants}"
    );
    assert_eq!(d["waiting_total"], 2);
    assert_eq!(d["groups"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["groups"][0]["amendments"].as_array().unwrap().len(), 2);

    // One app server reuses the figures for 30 seconds.
    let again = json(call(&coordinator, &base, "dashboard/get", &[]).await).await;
    assert_eq!(again["generated_at"], d["generated_at"]);
    assert_eq!(
        call(&rita, &base, "dashboard/get", &[]).await.status(),
        403,
        "the cache never skips the role check"
    );

    // The export: display names, never e-mail addresses.
    let csv = app
        .client()
        .get(format!("{base}/export/amendments.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.contains("600 habitatges") && !csv.contains('@'),
        "{csv}"
    );
    // Dates in ISO 8601 (UTC), not Unix seconds.
    let published = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(10)
        .unwrap()
        .to_string();
    assert!(
        published.len() == 20 && published.ends_with('Z') && published.as_bytes()[10] == b'T',
        "{published} in {csv}"
    );
    let all = public_json(&app.client(), &base).await;
    assert_eq!(all["amendments"].as_array().unwrap().len(), 2);
    assert_eq!(all["amendments"][1]["supports"], 1);
    assert!(!all.to_string().contains("@example.org"));
    assert_eq!(
        app.client()
            .get(format!("{base}/export/users.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
});

both_backends!(facilitators_have_a_work_queue, |backend| async move {
    use app::domain::ids::SectionId;
    use app::entities::{assembly, assembly_member, meeting, poll};
    use app::services::{amendments, clock, polls};
    use sea_orm::{ActiveModelTrait, Set};
    let app = spawn_app(backend).await;
    let db = app.state().db.clone();
    let base = app.base.clone();
    let (program, sid) = published_program(
        &db,
        "Programa",
        "# Habitatge\n\nConstruir 500 habitatges públics cada any.\n\n# Mobilitat\n\nMés bus.\n",
        Some(Phase::Amendments),
    )
    .await;
    let author = account(&app, "autora@example.org", Role::Resident).await;
    let coordinator = account(&app, "co@example.org", Role::Coordinator).await;
    let section = SectionId(sid);
    let homes = |n: &str| format!("Construir {n} habitatges públics cada any.");
    let a = published_amendment(&db, &author, section, "600", &homes("600")).await;
    let b = published_amendment(&db, &author, section, "700", &homes("700")).await;
    // Accepting one puts its rival in conflict: it waits too (it was missing).
    amendments::accept(&db, &coordinator, a).await.unwrap();
    // Two more compete; a vote on them closes and is not applied.
    let c = amendments::create(
        &db,
        &author,
        section,
        amendments::Proposal {
            title: "800",
            text: &homes("800"),
            justification: "",
            base_number: 2,
            passage: None,
        },
    )
    .await
    .unwrap();
    amendments::publish(&db, &author, c.id).await.unwrap();
    let d = amendments::create(
        &db,
        &author,
        section,
        amendments::Proposal {
            title: "900",
            text: &homes("900"),
            justification: "",
            base_number: 2,
            passage: None,
        },
    )
    .await
    .unwrap();
    amendments::publish(&db, &author, d.id).await.unwrap();
    start_phase(&db, program.id, Phase::Voting).await;
    let t = clock::now();
    let vote = polls::create(
        &db,
        &coordinator,
        polls::NewPoll {
            kind: "amendments",
            amendments: &[c.id, d.id],
            ..measures_vote(&program.slug, t)
        },
    )
    .await
    .unwrap();
    let mut closed: poll::ActiveModel = vote.into();
    closed.closes_at = Set(t - 10);
    let vote = closed.update(&db).await.unwrap();

    // Sants has a meeting that ended yesterday, not recorded; Ferran facilitates Sants,
    // Fina facilitates nothing.
    let sants = assembly::ActiveModel {
        slug: Set("sants".into()),
        name: Set("Sants".into()),
        kind: Set(app::domain::assembly::AssemblyKind::Territorial),
        description: Set(String::new()),
        created_at: Set(t),
        created_by: Set(coordinator.id),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let ferran = account(&app, "fa@example.org", Role::Facilitator).await;
    assembly_member::ActiveModel {
        assembly_id: Set(sants.id),
        user_id: Set(ferran.id),
        facilitator: Set(true),
        joined_at: Set(t),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let ended = meeting::ActiveModel {
        assembly_id: Set(sants.id),
        title: Set("Assemblea de gener".into()),
        starts_at: Set(t - 86_400),
        ends_at: Set(t - 80_000),
        place: Set("Casal".into()),
        online_url: Set(String::new()),
        description: Set(String::new()),
        capacity: Set(None),
        minutes: Set(String::new()),
        guests: Set(0),
        recorded_at: Set(None),
        created_at: Set(t - 90_000),
        created_by: Set(ferran.id),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();

    let log_in = |email: &'static str| {
        let app = &app;
        async move {
            let client = app.client();
            assert_eq!(
                login(&client, &app.base, email, "a long enough password")
                    .await
                    .status(),
                200
            );
            client
        }
    };
    let ferran_web = log_in("fa@example.org").await;
    let q = json(call(&ferran_web, &base, "dashboard/queue", &[]).await).await;
    let decide: Vec<(i64, String)> = q["decide"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["id"].as_i64().unwrap(),
                w["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        decide,
        vec![(i64::from(b.get()), "conflicted".to_string())],
        "{q}"
    );
    assert_eq!(q["decide_page"]["total"], 1);
    assert_eq!(q["conflicted_on_page"], 1);
    assert_eq!(q["apply_total"], 1);
    assert_eq!(q["apply"][0]["id"], vote.id.get());
    assert_eq!(q["record_total"], 1);
    assert_eq!(q["record"][0]["id"], ended.id.get());
    assert_eq!(q["record"][0]["assembly"], "Sants");

    // Another facilitator has the same decisions and votes, not Sants' meeting; the
    // coordinator sees every meeting.
    account(&app, "fina@example.org", Role::Facilitator).await;
    let fina = log_in("fina@example.org").await;
    let q = json(call(&fina, &base, "dashboard/queue", &[]).await).await;
    assert_eq!(q["decide_page"]["total"], 1);
    assert_eq!(q["record_total"], 0);
    let co = log_in("co@example.org").await;
    let q = json(call(&co, &base, "dashboard/queue", &[]).await).await;
    assert_eq!(q["record_total"], 1);

    // Residents and strangers are refused; the page is there for facilitators.
    let rita = logged_in(&app, "rita@example.org", Role::Resident).await;
    assert_eq!(
        call(&rita, &base, "dashboard/queue", &[]).await.status(),
        403
    );
    assert_eq!(
        call(&app.client(), &base, "dashboard/queue", &[])
            .await
            .status(),
        401
    );
    let html = page_as(&ferran_web, &format!("{base}/queue")).await;
    assert!(html.contains("Amendments to decide (1)"), "{html}");
    assert!(html.contains("In conflict with the current text"));
    assert!(html.contains("Vote results to apply (1)"));
    assert!(html.contains("Meetings to record (1)"));
    assert!(html.contains("href=\"/queue\""), "the header links to it");
});
