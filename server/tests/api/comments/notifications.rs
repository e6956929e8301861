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

async fn delivery_of(w: &World, client: &reqwest::Client, kind: &str) -> String {
    let prefs: Value = call(client, &w.app.base, "notifications/preferences", &[])
        .await
        .json()
        .await
        .unwrap();
    prefs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == kind)
        .map(|p| p[1].as_str().unwrap().to_string())
        .unwrap()
}

both_backends!(
    daily_digest_with_one_click_unsubscribe,
    |backend| async move {
        let w = world(backend).await;
        let state = w.app.state();
        let (alice, bob) = (&w.people[0], &w.people[1]);
        // Defaults: replies by digest; Bob chooses the app only for them.
        assert_eq!(delivery_of(&w, alice, "reply").await, "digest");
        assert_eq!(delivery_of(&w, alice, "comment").await, "app");
        assert_eq!(delivery_of(&w, alice, "resolve").await, "email");
        assert_eq!(
            w.act(bob, "notifications/deliver", &[("choices[reply]", "app")])
                .await,
            200
        );
        assert_eq!(delivery_of(&w, bob, "reply").await, "app");
        // Unknown kinds or deliveries change nothing.
        assert_eq!(
            w.act(bob, "notifications/deliver", &[("choices[reply]", "sms")])
                .await,
            400
        );
        assert_eq!(
            w.act(bob, "notifications/deliver", &[("choices[gossip]", "app")])
                .await,
            400
        );
        assert_eq!(delivery_of(&w, bob, "reply").await, "app");

        let (_, first) = w.post(0, &[("body", "Alice asks.")]).await;
        w.post(1, &[("body", "Bob answers."), ("parent_id", &first)])
            .await;
        w.post(0, &[("body", "Alice answers Bob."), ("parent_id", &first)])
            .await;

        // Bob's reply notice stays in the app; Alice's goes in her digest.
        let sent = app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        assert_eq!(sent, 1);
        let mail = w.app.last_mail_to("p0@example.org").await;
        assert!(mail.contains("Person 1 replied to you"), "{mail}");
        assert!(mail.contains("Bob answers."), "{mail}");
        // Grouped by program and section, with the time in the platform's zone.
        assert!(mail.contains("== Programa =="), "{mail}");
        assert!(mail.contains("-- "), "{mail}");
        assert!(
            mail.contains(" UTC\r\n") || mail.contains(" UTC\n"),
            "{mail}"
        );
        assert!(mail.contains("/sections/"));
        assert!(mail.contains("/profile#notices"));
        // Not twice in a day, even with several servers asking.
        let again = app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        assert_eq!(again, 0);

        // The one-click link, without logging in: no more digest, notices stay in the app.
        let body = &mail[mail.find("\r\n\r\n").unwrap_or(0)..];
        let link = link_in(
            body,
            &format!("{}/unsubscribe?kind=digest&token=", w.app.base),
        );
        let page = w.app.client().get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("you will not get these e-mails any more"));
        assert_eq!(delivery_of(&w, alice, "reply").await, "app");
        assert_eq!(delivery_of(&w, alice, "accepted").await, "app");
        // What came by e-mail at once still does.
        assert_eq!(delivery_of(&w, alice, "resolve").await, "email");
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
            w.act(
                alice,
                "notifications/deliver",
                &[("choices[reply]", "digest")]
            )
            .await,
            200
        );
        let person = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("p0@example.org"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let mut again: app::entities::user::ActiveModel = person.into();
        again.digest_sent_at = sea_orm::Set(None);
        again.update(&state.db).await.unwrap();
        w.post(1, &[("body", "Bob again."), ("parent_id", &first)])
            .await;
        app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        let mail = w.app.last_mail_to("p0@example.org").await;
        assert!(mail.contains("Bob again."), "{mail}");
        // Each notice is in one digest only.
        assert!(!mail.contains("Bob answers."), "{mail}");
        let header = mail
            .lines()
            .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
            .expect("a List-Unsubscribe header");
        let link = header.trim_end().trim_end_matches('>').to_string();
        assert!(link.starts_with(&format!("{}/unsubscribe?kind=digest&token=", w.app.base)));
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
        assert_eq!(delivery_of(&w, alice, "reply").await, "app");
        // Only that path takes foreign POSTs.
        let res = provider
            .post(format!("{}/api/notifications/deliver", w.app.base))
            .header("origin", "https://evil.example")
            .form(&[("all", "email")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // "No e-mail at all".
        assert_eq!(
            w.act(alice, "notifications/deliver", &[("all", "app")])
                .await,
            200
        );
        assert_eq!(delivery_of(&w, alice, "resolve").await, "app");
    }
);

both_backends!(
    mail_at_once_with_its_own_unsubscribe_and_never_a_hidden_comment,
    |backend| async move {
        let w = world(backend).await;
        let state = w.app.state();
        let alice = &w.people[0];
        assert_eq!(
            w.act(
                alice,
                "notifications/deliver",
                &[("choices[reply]", "email")]
            )
            .await,
            200
        );
        let (_, first) = w.post(0, &[("body", "Alice asks.")]).await;
        w.post(
            1,
            &[("body", "Bob answers at once."), ("parent_id", &first)],
        )
        .await;
        let mail_now = || app::services::digest::mail_due(&state.db, &state.mailer, &w.app.base);
        assert_eq!(mail_now().await.unwrap(), 1);
        assert_eq!(mail_now().await.unwrap(), 0, "each notice is mailed once");
        let mail = w.app.last_mail_to("p0@example.org").await;
        assert!(
            mail.contains("Subject: Redacta: Bob answers at once."),
            "{mail}"
        );
        assert!(mail.contains("Person 1 replied to you"), "{mail}");
        // Its link stops this kind only.
        let body = &mail[mail.find("\r\n\r\n").unwrap_or(0)..];
        let link = link_in(
            body,
            &format!("{}/unsubscribe?kind=reply&token=", w.app.base),
        );
        assert_eq!(
            w.app.client().get(&link).send().await.unwrap().status(),
            200
        );
        assert_eq!(delivery_of(&w, alice, "reply").await, "app");
        assert_eq!(delivery_of(&w, alice, "accepted").await, "digest");

        // A comment hidden before its notice went out is never mailed (nor in the digest).
        assert_eq!(
            w.act(
                alice,
                "notifications/deliver",
                &[("choices[reply]", "email")]
            )
            .await,
            200
        );
        let (_, insult) = w
            .post(1, &[("body", "An insult."), ("parent_id", &first)])
            .await;
        let res = call(
            &w.facilitator,
            &w.app.base,
            "comments/moderate",
            &[
                ("id", insult.as_str()),
                ("action", "hide"),
                ("why", "insult"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        assert_eq!(mail_now().await.unwrap(), 0);
        assert_eq!(
            app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
                .await
                .unwrap(),
            0
        );
        let list: Value = call(alice, &w.app.base, "notifications/list", &[])
            .await
            .json()
            .await
            .unwrap();
        assert!(!list.to_string().contains("An insult"), "{list}");
    }
);
