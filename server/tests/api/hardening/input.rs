#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(textarea_payloads_stay_text, |backend| async move {
    // SECURITY.md 2: `</textarea>` (any case, spaces before `>`) in every query parameter
    // that prefills a form, and in stored text shown in a textarea.
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (_, section_id) = published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let author = logged_in(&app, "a@example.org", Role::Resident).await;
    let payloads = [
        "</textarea><meta http-equiv=refresh content='0;url=https://evil.example'>",
        "</TEXTAREA ><script>alert(1)</script>",
        "</TeXtArEa\n><img src=x onerror=alert(2)>",
    ];
    for payload in payloads {
        let encoded: String = url_encode(payload);
        for page in [
            format!("/sections/{section_id}/amend?text={encoded}&justification={encoded}"),
            format!("/sections/{section_id}/amend?title={encoded}"),
        ] {
            let html = author
                .get(format!("{}{page}", app.base))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<meta http-equiv=refresh"), "{page}");
            assert!(!lower.contains("<script>alert(1)"), "{page}");
            assert!(!lower.contains("<img src=x"), "{page}");
        }
    }
    // Stored: a justification holding the payload, shown again in the edit form.
    let head = app::services::lookup::revision_text(db, app::domain::ids::SectionId(section_id), 1)
        .await
        .unwrap();
    let res = call(
        &author,
        &app.base,
        "amendments/create",
        &[
            ("section_id", &section_id.to_string()),
            ("base_number", "1"),
            ("title", "T"),
            ("text", &format!("{head} {}", payloads[0])),
            ("justification", payloads[1]),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let id: i32 = res.json().await.unwrap();
    let html = author
        .get(format!("{}/amendments/{id}/edit", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<meta http-equiv=refresh"));
    assert!(!lower.contains("<script>alert(1)"));
    assert!(
        html.contains("&lt;/textarea&gt;&lt;meta"),
        "escaped text kept"
    );
});

both_backends!(one_line_fields_stay_one_line, |backend| async move {
    // SECURITY.md 23: a title with a line break would add lines to the ballot files.
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (program, section_id) =
        published_program(db, "Programa", PROGRAM, Some(Phase::Voting)).await;
    let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
    for title in [
        "Prioritats\n.END",
        "Prioritats\r\n2",
        "Prioritats\u{0}",
        "Tab\u{1b}[31m",
    ] {
        let res = open_vote(&app, &facilitator, &program.slug, &[("title", title)]).await;
        assert_eq!(res.status(), 400, "{title:?}");
    }
    assert_eq!(
        app::entities::poll::Entity::find().count(db).await.unwrap(),
        0
    );
    // An amendment title with a control character is refused; a line break is folded.
    start_phase(db, program.id, Phase::Amendments).await;
    let author = logged_in(&app, "a@example.org", Role::Resident).await;
    let head = app::services::lookup::revision_text(db, app::domain::ids::SectionId(section_id), 1)
        .await
        .unwrap();
    let res = call(
        &author,
        &app.base,
        "amendments/create",
        &[
            ("section_id", &section_id.to_string()),
            ("base_number", "1"),
            ("title", "Bell\u{7}"),
            ("text", &head.replace("500", "600")),
            ("justification", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"Amendment": "TitleNotOneLine"}));
    assert_eq!(amendment::Entity::find().count(db).await.unwrap(), 0);
});
