#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(long_threads_show_bounded_pages, |backend| async move {
    let w = world_with(backend, |c| {
        c.comments.rate_count = 1000;
        c.comments.page_size = 2;
        c.comments.replies_shown = 3;
        c.comments.conversation_page_size = 2;
    })
    .await;
    let (_, a) = w.post(0, &[("body", "Root A")]).await;
    let (_, b) = w.post(1, &[("body", "Root B")]).await;
    let (_, _c) = w.post(2, &[("body", "Root C")]).await;
    // Root A: five replies, the second one nested under the first.
    let (_, r1) = w.post(1, &[("body", "A.1"), ("parent_id", &a)]).await;
    w.post(2, &[("body", "A.1.1"), ("parent_id", &r1)]).await;
    for n in 2..=4 {
        w.post(3, &[("body", &format!("A.{n}")), ("parent_id", &a)])
            .await;
    }
    w.post(0, &[("body", "B.1"), ("parent_id", &b)]).await;

    let page = w.thread(&w.people[0], "oldest").await;
    assert_eq!(page["count"], 9, "every comment counted");
    assert_eq!(page["total"], 3);
    assert_eq!(page["pages"], 2);
    let shown: Vec<(String, i64, i64)> = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["body"].as_str().unwrap().trim().to_string(),
                c["depth"].as_i64().unwrap(),
                c["more_replies"].as_i64().unwrap(),
            )
        })
        .collect();
    let bodies: Vec<&str> = shown.iter().map(|(b, _, _)| b.as_str()).collect();
    assert_eq!(
        bodies,
        vec![
            "<p>Root A</p>",
            "<p>A.1</p>",
            "<p>A.1.1</p>",
            "<p>A.2</p>",
            "<p>Root B</p>",
            "<p>B.1</p>"
        ]
    );
    assert_eq!(shown[0].2, 2, "A.3 and A.4 left for the conversation page");
    assert_eq!(shown[4].2, 0);

    // The conversation on its own, two replies a page; a reply whose parent is on an
    // earlier page still follows the top-level comment.
    let conversation = |page: &'static str| {
        let a = a.clone();
        let w = &w;
        async move {
            let res = call(
                &w.people[0],
                &w.app.base,
                "comments/thread",
                &[
                    ("target", "section"),
                    ("id", &w.section.to_string()),
                    ("conversation", &a),
                    ("page", page),
                ],
            )
            .await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let first = conversation("1").await;
    assert_eq!(first["conversation"].to_string(), a);
    assert_eq!(first["total"], 5);
    assert_eq!(first["pages"], 3);
    let last = conversation("3").await;
    let bodies: Vec<String> = last["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap().trim().to_string())
        .collect();
    assert_eq!(bodies, vec!["<p>Root A</p>", "<p>A.4</p>"]);

    // A reply, or another thread's comment, is not a conversation: 404.
    for bad in [r1.as_str(), "999999"] {
        let res = call(
            &w.people[0],
            &w.app.base,
            "comments/thread",
            &[
                ("target", "section"),
                ("id", &w.section.to_string()),
                ("conversation", bad),
            ],
        )
        .await;
        assert_eq!(res.status(), 404, "{bad}");
    }

    // The page links to the rest, and the link works without JavaScript.
    let html = w
        .app
        .client()
        .get(format!("{}/sections/{}?sort=oldest", w.app.base, w.section))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = format!("/sections/{}?conversation={a}#comment-{a}", w.section);
    assert!(html.contains(&link), "{html}");
    assert!(html.contains("Show the whole conversation (2 more replies)"));
    let html = w
        .app
        .client()
        .get(format!(
            "{}/sections/{}?conversation={a}",
            w.app.base, w.section
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("A.1.1") && html.contains("One conversation"));
    assert!(!html.contains("Root B"));

    // Without JavaScript, a post lands where the new comment is shown: a reply on the page
    // of its conversation that holds it, a top-level comment first among the newest; a
    // vote goes back to the page it was cast on.
    let section_page = format!("{}/sections/{}?sort=oldest&cpage=2", w.app.base, w.section);
    let plain = |endpoint: &'static str, fields: Vec<(&'static str, String)>| {
        let w = &w;
        let referer = section_page.clone();
        async move {
            let res = w.people[1]
                .post(format!("{}/api/{endpoint}", w.app.base))
                .header("accept", "text/html")
                .header("origin", &w.app.base)
                .header("referer", referer)
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 302, "{endpoint}");
            res.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let section = w.section.to_string();
    let to = plain(
        "comments/post",
        vec![
            ("target", "section".into()),
            ("id", section.clone()),
            ("body", "A.5".into()),
            ("parent_id", a.clone()),
        ],
    )
    .await;
    let reply = comment::Entity::find()
        .filter(comment::Column::Body.eq("A.5"))
        .one(&w.app.state().db)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        to,
        format!("/sections/{section}?conversation={a}&cpage=3#comment-{reply}")
    );
    let to = plain(
        "comments/post",
        vec![
            ("target", "section".into()),
            ("id", section.clone()),
            ("body", "Root D".into()),
        ],
    )
    .await;
    assert!(
        to.starts_with(&format!("/sections/{section}?sort=newest#comment-")),
        "{to}"
    );
    let to = plain(
        "comments/vote",
        vec![("id", a.clone()), ("value", "1".into())],
    )
    .await;
    assert_eq!(
        to,
        format!("/sections/{section}?sort=oldest&cpage=2#comment-{a}")
    );
    // Where a just-posted comment is, for the page that posted it with JavaScript.
    let res = call(
        &w.people[0],
        &w.app.base,
        "comments/locate",
        &[("id", &reply.to_string())],
    )
    .await;
    assert_eq!(
        res.json::<String>().await.unwrap(),
        format!("/sections/{section}?conversation={a}&cpage=3#comment-{reply}")
    );
});

both_backends!(hostile_display_names_render_inert, |backend| async move {
    // SECURITY.md 1 and 2: markup as display names, on every page that shows a name.
    let w = world_with(backend, |c| c.comments.report_threshold = 1).await;
    let names = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<svg onload=alert(3)>",
        "[x](javascript:alert(4)) **bold**",
        "\"><b onmouseover=alert(5)>x</b>",
    ];
    let mut hostile = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let email = format!("h{i}@example.org");
        w.app
            .create_user(&email, name, PASSWORD, Role::Resident)
            .await;
        let client = w.app.client();
        login(&client, &w.app.base, &email, PASSWORD).await;
        hostile.push(client);
    }
    let section = w.section.to_string();
    // An amendment by one, supported by another, commented on by a third, accepted.
    let res = call(
        &hostile[0],
        &w.app.base,
        "amendments/create",
        &[
            ("section_id", section.as_str()),
            ("base_number", "1"),
            ("title", "More homes"),
            (
                "text",
                &PROGRAM
                    .trim_start_matches("# Habitatge\n\n")
                    .replace("500", "800"),
            ),
            ("justification", "Because."),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let amendment = res.json::<i32>().await.unwrap().to_string();
    assert_eq!(
        w.act(&hostile[0], "amendments/publish", &[("id", &amendment)])
            .await,
        200
    );
    assert_eq!(
        w.act(&hostile[1], "amendments/support", &[("id", &amendment)])
            .await,
        200
    );
    assert_eq!(
        w.act(
            &hostile[4],
            "comments/post",
            &[
                ("target", "amendment"),
                ("id", &amendment),
                ("body", "For it."),
                ("stance", "for")
            ]
        )
        .await,
        200
    );
    // A section comment by one, a reply to a resident by another (a notification), and a
    // report that puts the first in the moderation queue.
    let (_, question) = w.post(0, &[("body", "A question.")]).await;
    let res = call(
        &hostile[2],
        &w.app.base,
        "comments/post",
        &[("target", "section"), ("id", &section), ("body", "Noise.")],
    )
    .await;
    let noise = res.text().await.unwrap();
    assert_eq!(
        w.act(
            &hostile[3],
            "comments/post",
            &[
                ("target", "section"),
                ("id", &section),
                ("body", "An answer."),
                ("parent_id", &question)
            ]
        )
        .await,
        200
    );
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/report",
            &[("id", &noise), ("reason", "noise")]
        )
        .await,
        200
    );
    assert_eq!(
        w.act(&w.facilitator, "amendments/accept", &[("id", &amendment)])
            .await,
        200
    );

    let pages: [(&reqwest::Client, String, &[usize]); 5] = [
        (&w.people[0], format!("/sections/{section}"), &[2, 3]),
        (&w.people[0], format!("/amendments/{amendment}"), &[0, 4]),
        (
            &w.people[0],
            format!("/sections/{section}/provenance"),
            &[0],
        ),
        (&w.people[0], "/notifications".to_string(), &[3]),
        (&w.facilitator, "/moderation".to_string(), &[2]),
    ];
    for (client, path, shown) in pages {
        let html = client
            .get(format!("{}{path}", w.app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lower = html.to_lowercase();
        for bad in [
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<b onmouseover",
            "onerror=\"",
            "onload=\"",
            "onmouseover=\"",
            "href=\"javascript:",
            "<strong>bold",
        ] {
            assert!(!lower.contains(bad), "{bad} in {path}");
        }
        for &i in shown {
            let escaped = names[i]
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let quoted = escaped.replace('"', "&quot;");
            assert!(
                html.contains(&escaped) || html.contains(&quoted),
                "{path} should show the name {:?} as text",
                names[i]
            );
        }
    }
});
