#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(
    posting_is_rate_limited_and_bodies_capped,
    |backend| async move {
        let w = world_with(backend, |c| c.comments.rate_count = 3).await;
        for i in 0..3 {
            assert_eq!(w.post(0, &[("body", &format!("n{i}"))]).await.0, 200);
        }
        let (status, body) = w.post(0, &[("body", "one too many")]).await;
        assert_eq!(status, 429);
        assert!(body.contains("Throttled"));
        // Someone else is not slowed down.
        assert_eq!(w.post(1, &[("body", "mine")]).await.0, 200);
        assert_eq!(w.post(1, &[("body", &"a".repeat(10_001))]).await.0, 400);
        assert_eq!(w.post(1, &[("body", "   ")]).await.0, 400);
        // 100,000 nested quotes: refused by the size cap, at once.
        assert_eq!(w.post(1, &[("body", &">".repeat(100_000))]).await.0, 400);
        let nested = ">".repeat(9_000);
        assert_eq!(
            w.post(1, &[("body", &nested)]).await.0,
            200,
            "deep quotes within the cap render"
        );
        // Anonymous: log in first.
        let res = call(
            &w.app.client(),
            &w.app.base,
            "comments/post",
            &[
                ("target", "section"),
                ("id", &w.section.to_string()),
                ("body", "hi"),
            ],
        )
        .await;
        assert_eq!(res.status(), 401);
    }
);

both_backends!(anchors_follow_their_passage, |backend| async move {
    let w = world(backend).await;
    let start = PROGRAM.find("Cap desnonament").unwrap() - "# Habitatge\n\n".len();
    let end = start + "Cap desnonament sense alternativa".len();
    let (status, _) = w
        .post(
            0,
            &[
                ("body", "About evictions."),
                ("anchor_revision", "1"),
                ("anchor_start", &start.to_string()),
                ("anchor_end", &end.to_string()),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let homes = PROGRAM.find("500").unwrap() - "# Habitatge\n\n".len();
    w.post(
        1,
        &[
            ("body", "About the figure."),
            ("anchor_revision", "1"),
            ("anchor_start", &homes.to_string()),
            ("anchor_end", &(homes + 3).to_string()),
        ],
    )
    .await;
    // Offsets outside the text, or cutting a character: refused.
    assert_eq!(
        w.post(
            2,
            &[
                ("body", "x"),
                ("anchor_revision", "1"),
                ("anchor_start", "5"),
                ("anchor_end", "99999")
            ]
        )
        .await
        .0,
        400
    );

    // An amendment changes the figure; accepted, the section moves to r2.
    let head = app::services::lookup::revision_text(
        &w.app.state().db,
        app::domain::ids::SectionId(w.section),
        1,
    )
    .await
    .unwrap();
    let res = call(
        &w.people[3],
        &w.app.base,
        "amendments/create",
        &[
            ("section_id", &w.section.to_string()),
            ("base_number", "1"),
            ("title", "800"),
            (
                "text",
                &format!("Com a mínim: {}", head.replace("500", "800")),
            ),
            ("justification", ""),
        ],
    )
    .await;
    let amendment: i32 = res.json().await.unwrap();
    let id = amendment.to_string();
    assert_eq!(
        w.act(&w.people[3], "amendments/publish", &[("id", &id)])
            .await,
        200
    );
    assert_eq!(
        w.act(&w.facilitator, "amendments/accept", &[("id", &id)])
            .await,
        200
    );

    let thread = w.thread(&w.people[0], "oldest").await;
    let evictions = &thread["comments"][0]["anchor"];
    assert_eq!(evictions["state"], "intact");
    assert_eq!(evictions["current"], "Cap desnonament sense alternativa");
    let figure = &thread["comments"][1]["anchor"];
    assert_eq!(figure["state"], "changed");
    assert_eq!(figure["quote"], "500");
    assert_eq!(figure["current"], "800");
});

both_backends!(hostile_comments_render_inert, |backend| async move {
    let w = world(backend).await;
    let payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)> [x](javascript:alert(4)) [y](JaVaScRiPt:alert(5)) [z](data:text/html,hi) <iframe src=//evil.example></iframe>";
    assert_eq!(w.post(0, &[("body", payload)]).await.0, 200);
    let html = w
        .app
        .client()
        .get(format!("{}/sections/{}", w.app.base, w.section))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .to_lowercase();
    assert!(
        html.contains("class=\"comment"),
        "the thread is on the page"
    );
    for bad in [
        "<script>alert",
        "<img src=x onerror",
        "<svg",
        "<iframe",
        "onerror=\"",
        "onload=\"",
        "href=\"javascript:",
        "href=\"data:",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
});
