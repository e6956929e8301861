#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(follows_and_notifications, |backend| async move {
    let w = world(backend).await;
    let base = &w.app.base;
    let (alice, bob, carol, dave) = (&w.people[0], &w.people[1], &w.people[2], &w.people[3]);
    let section = w.section.to_string();

    // Carol follows the section; Dave's comment there reaches her, not him.
    assert_eq!(
        w.act(
            carol,
            "follows/set",
            &[("kind", "section"), ("id", &section), ("follow", "true")]
        )
        .await,
        200
    );
    let (_, dave_comment) = w.post(3, &[("body", "Dave speaks.")]).await;
    assert_eq!(kinds(&w, carol).await, vec!["comment"]);
    assert_eq!(unread(&w, dave).await, 0);
    // A reply reaches the parent's author once (as a reply, not also as a follower).
    assert_eq!(
        w.act(
            dave,
            "follows/set",
            &[("kind", "section"), ("id", &section), ("follow", "true")]
        )
        .await,
        200
    );
    w.post(
        2,
        &[("body", "Carol answers."), ("parent_id", &dave_comment)],
    )
    .await;
    assert_eq!(kinds(&w, dave).await, vec!["reply"]);

    // Alice writes an amendment (and follows it); Bob supports and comments on it.
    let head = app::services::lookup::revision_text(
        &w.app.state().db,
        app::domain::ids::SectionId(w.section),
        1,
    )
    .await
    .unwrap();
    let create = |client: reqwest::Client, title: &'static str, text: String| {
        let base = base.clone();
        let section = section.clone();
        async move {
            let res = call(
                &client,
                &base,
                "amendments/create",
                &[
                    ("section_id", section.as_str()),
                    ("base_number", "1"),
                    ("title", title),
                    ("text", text.as_str()),
                    ("justification", ""),
                ],
            )
            .await;
            let id: i32 = res.json().await.unwrap();
            let id = id.to_string();
            assert_eq!(
                call(&client, &base, "amendments/publish", &[("id", id.as_str())])
                    .await
                    .status(),
                200
            );
            id
        }
    };
    let a = create(alice.clone(), "800", head.replace("500", "800")).await;
    let b = create(dave.clone(), "900", head.replace("500", "900")).await;
    assert_eq!(w.act(bob, "amendments/support", &[("id", &a)]).await, 200);
    assert_eq!(w.act(carol, "amendments/support", &[("id", &b)]).await, 200);
    let res = call(
        bob,
        base,
        "comments/post",
        &[
            ("target", "amendment"),
            ("id", &a),
            ("body", "Good idea."),
            ("stance", "for"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(kinds(&w, alice).await, vec!["comment"]);

    // Accepting tells the author and supporters; the rival's author and supporters hear
    // about the conflict.
    assert_eq!(
        w.act(&w.facilitator, "amendments/accept", &[("id", &a)])
            .await,
        200
    );
    assert_eq!(kinds(&w, alice).await[0], "accepted");
    assert_eq!(kinds(&w, bob).await, vec!["accepted"]);
    // The rival's author must act; its supporter hears that it waits for the author.
    assert!(kinds(&w, dave).await.contains(&"resolve".to_string()));
    assert!(!kinds(&w, dave).await.contains(&"conflicted".to_string()));
    assert!(kinds(&w, carol).await.contains(&"conflicted".to_string()));

    assert_eq!(unread(&w, alice).await, 2);
    assert_eq!(w.act(alice, "notifications/read-all", &[]).await, 200);
    assert_eq!(unread(&w, alice).await, 0);

    // Following what one cannot see: 404; an unknown kind: 400; anonymous: 401.
    let res = call(
        alice,
        base,
        "amendments/create",
        &[
            ("section_id", section.as_str()),
            ("base_number", "2"),
            ("title", "draft"),
            ("text", "A different text."),
            ("justification", ""),
        ],
    )
    .await;
    let draft: i32 = res.json().await.unwrap();
    assert_eq!(
        w.act(
            bob,
            "follows/set",
            &[
                ("kind", "amendment"),
                ("id", &draft.to_string()),
                ("follow", "true")
            ]
        )
        .await,
        404
    );
    assert_eq!(
        w.act(
            bob,
            "follows/set",
            &[("kind", "users"), ("id", "1"), ("follow", "true")]
        )
        .await,
        400
    );
    assert_eq!(
        w.act(
            &w.app.client(),
            "follows/set",
            &[("kind", "section"), ("id", &section), ("follow", "true")]
        )
        .await,
        401
    );
});

both_backends!(
    daily_digest_with_one_click_unsubscribe,
    |backend| async move {
        let w = world(backend).await;
        let state = w.app.state();
        let alice = &w.people[0];
        assert_eq!(
            w.act(alice, "notifications/digest", &[("on", "true")])
                .await,
            200
        );
        let (_, first) = w.post(0, &[("body", "Alice asks.")]).await;
        w.post(1, &[("body", "Bob answers."), ("parent_id", &first)])
            .await;
        w.post(0, &[("body", "Alice answers Bob."), ("parent_id", &first)])
            .await;

        // Only Alice opted in; Bob's reply notification stays in the app.
        let sent = app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        assert_eq!(sent, 1);
        let mail = w.app.last_mail_to("p0@example.org").await;
        assert!(mail.contains("Person 1 replied to you"), "{mail}");
        assert!(mail.contains("/sections/"));
        // Not twice in a day, even with several servers asking.
        let again = app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        assert_eq!(again, 0);

        // The one-click link, without logging in.
        // The body's link (the headers carry it too, in angle brackets).
        let body = &mail[mail.find("\r\n\r\n").unwrap_or(0)..];
        let link = link_in(body, &format!("{}/unsubscribe?token=", w.app.base));
        let page = w.app.client().get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("you will not get the daily digest"));
        let opted = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("p0@example.org"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!opted.digest_opt_in);
        let bad = w
            .app
            .client()
            .get(format!("{}/unsubscribe?token=forged", w.app.base))
            .send()
            .await
            .unwrap();
        assert!(bad
            .text()
            .await
            .unwrap()
            .contains("This link is invalid, expired or already used."));

        // Mail programs' own button (RFC 8058): the link is in the headers, and they POST
        // to it from their servers, without a browser's origin headers.
        assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert_eq!(
            w.act(alice, "notifications/digest", &[("on", "true")])
                .await,
            200
        );
        let mut again: app::entities::user::ActiveModel = opted.into();
        again.digest_sent_at = sea_orm::Set(None);
        again.update(&state.db).await.unwrap();
        w.post(1, &[("body", "Bob again."), ("parent_id", &first)])
            .await;
        app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        let mail = w.app.last_mail_to("p0@example.org").await;
        let header = mail
            .lines()
            .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
            .expect("a List-Unsubscribe header");
        let link = header.trim_end().trim_end_matches('>').to_string();
        assert!(link.starts_with(&format!("{}/unsubscribe?token=", w.app.base)));
        let provider = reqwest::Client::new();
        let forged = provider
            .post(format!("{}/unsubscribe?token=forged", w.app.base))
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 400);
        let res = provider
            .post(&link)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let opted = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("p0@example.org"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!opted.digest_opt_in);
        // Only that path takes foreign POSTs.
        let res = provider
            .post(format!("{}/api/notifications/digest", w.app.base))
            .header("origin", "https://evil.example")
            .form(&[("on", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
);
