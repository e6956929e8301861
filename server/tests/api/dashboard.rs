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
    let all: Value = app
        .client()
        .get(format!("{base}/export/public.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
