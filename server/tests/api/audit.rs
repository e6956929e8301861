#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The audit page's data: coordinators only; filtered by person, kind of action and
//! subject; pages of 50, newest first.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::services::events;
use serde_json::Value;

both_backends!(the_audit_log_filters_and_pages, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let ana = app
        .create_user(
            "ana@example.org",
            "Ana Puig",
            "a long enough password",
            Role::Facilitator,
        )
        .await;
    let co = app
        .create_user(
            "co@example.org",
            "Coordinadora",
            "a long enough password",
            Role::Coordinator,
        )
        .await;
    let get = |client: reqwest::Client, fields: Vec<(&'static str, String)>| {
        let base = app.base.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = call(&client, &base, "admin/audit", &pairs).await;
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let resident = app.client();
    app.create_user(
        "r@example.org",
        "R",
        "a long enough password",
        Role::Resident,
    )
    .await;
    login(
        &resident,
        &app.base,
        "r@example.org",
        "a long enough password",
    )
    .await;
    assert_eq!(get(resident, vec![]).await.0, 403);
    assert_eq!(get(app.client(), vec![]).await.0, 401);
    let coordinator = app.client();
    login(
        &coordinator,
        &app.base,
        "co@example.org",
        "a long enough password",
    )
    .await;

    for i in 0..60 {
        events::record(
            db,
            Some(ana),
            app::domain::event::Event::AmendmentAccept,
            &format!("amendment:{i}"),
            serde_json::json!({}),
        )
        .await
        .unwrap();
    }
    events::record(
        db,
        Some(co),
        app::domain::event::Event::ProgramPhase,
        "program:1",
        serde_json::json!({"now": "voting"}),
    )
    .await
    .unwrap();
    events::record(
        db,
        None,
        app::domain::event::Event::DigestUnsubscribe,
        "user:1",
        serde_json::json!({}),
    )
    .await
    .unwrap();
    let (status, all) = get(coordinator.clone(), vec![]).await;
    assert_eq!(status, 200);
    // The log also holds what creating the accounts and logging in recorded.
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 62);
    assert_eq!(all["rows"].as_array().unwrap().len(), 50);
    assert_eq!(all["rows"][0]["kind"], "digest.unsubscribe");
    assert_eq!(all["rows"][0]["actor"], Value::Null);

    let (_, by_person) = get(coordinator.clone(), vec![("person", "PUIG".into())]).await;
    assert_eq!(by_person["total"], 60);
    assert_eq!(by_person["rows"][0]["actor"], "Ana Puig");
    assert_eq!(by_person["rows"][0]["link"], "/amendments/59");
    let (_, second) = get(
        coordinator.clone(),
        vec![("person", "ana@".into()), ("page", "2".into())],
    )
    .await;
    assert_eq!(second["page"], 2);
    assert_eq!(second["rows"].as_array().unwrap().len(), 10);
    assert_eq!(second["rows"][9]["subject"], "amendment:0");

    let (_, by_kind) = get(coordinator.clone(), vec![("kind", "program".into())]).await;
    assert_eq!(by_kind["total"], 1);
    assert_eq!(by_kind["rows"][0]["detail"], r#"{"now":"voting"}"#);
    let (_, by_subject) = get(coordinator.clone(), vec![("subject", "amendment:7".into())]).await;
    assert_eq!(by_subject["total"], 1);
    assert!(by_kind["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k == "amendment.accept"));
    // The page tells each event as a sentence with a link, its details readable.
    let page = page_as(
        &coordinator,
        &format!("{}/admin/audit?subject=amendment:7", app.base),
    )
    .await;
    assert!(
        page.contains("Ana Puig accepted <a href=\"/amendments/7\">the amendment “#7”</a>."),
        "{page}"
    );
    let page = page_as(
        &coordinator,
        &format!("{}/admin/audit?kind=program.phase", app.base),
    )
    .await;
    assert!(
        page.contains("Coordinadora started a new phase of the program"),
        "{page}"
    );
    assert!(page.contains("<dt>now</dt><dd>voting</dd>"), "{page}");
    let page = page_as(
        &coordinator,
        &format!("{}/admin/audit?kind=digest", app.base),
    )
    .await;
    assert!(
        page.contains("<span>Ana Puig</span> stopped e-mail about notices with a one-click link."),
        "{page}"
    );
    // Filters are values, never SQL.
    let (status, none) = get(
        coordinator,
        vec![("person", "' OR 1=1 --".into()), ("kind", "%".into())],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(none["total"], 0);
});
