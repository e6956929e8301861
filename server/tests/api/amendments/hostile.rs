//! Amendments whose title, text and justification try to run script or break the page.

use super::*;

both_backends!(hostile_amendments_render_inert, |backend| async move {
    let w = world(backend).await;
    let (head, text) = w.head().await;
    let payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)> [x](javascript:alert(4)) [y](JaVaScRiPt:alert(5)) [z](data:text/html,hi) <iframe src=//evil.example></iframe>";
    let id = w
        .create(
            &w.alice,
            head,
            "</title><script>alert('title')</script>",
            &format!("{text}\n\n{payload}"),
        )
        .await;
    let res = call(
        &w.alice,
        w.base(),
        "amendments/edit",
        &[
            ("id", &id.to_string()),
            ("base_number", &head.to_string()),
            ("title", "</title><img src=x onerror=alert('t')>"),
            ("text", &format!("{text}\n\n{payload}")),
            ("justification", payload),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(w.act(&w.alice, "publish", id).await, 200);
    for path in [
        format!("/amendments/{id}"),
        format!("/sections/{}", w.section_id),
    ] {
        let html = w
            .app
            .client()
            .get(format!("{}{path}", w.base()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lower = html.to_lowercase();
        // The page's own hydration script is the only script element.
        assert!(!lower.contains("<script>alert"), "{path}");
        assert!(
            !lower.contains("</title><script") && !lower.contains("</title><img"),
            "{path}"
        );
        // As text the payloads are fine; as markup they must not exist (attributes the
        // renderers write are quoted, so an event handler would show as `onerror="`).
        for bad in [
            "<img src=x onerror",
            "<svg",
            "<iframe",
            "onerror=\"",
            "onload=\"",
            "href=\"javascript:",
            "href=\"data:",
        ] {
            assert!(!lower.contains(bad), "{bad} in {path}");
        }
        assert!(
            html.contains("&lt;img src=x onerror=alert") || path.starts_with("/sections"),
            "the title is shown as text"
        );
    }
});
