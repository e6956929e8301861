#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(
    a_forged_host_never_reaches_a_mail_link,
    |backend| async move {
        // SECURITY.md 20: links in mail come from the configured origin only.
        let app = spawn_app(backend).await;
        app.create_user("victim@example.org", "V", "password-123", Role::Resident)
            .await;
        let forged = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = forged
            .post(format!("{}/api/auth/request-reset", app.base))
            .header("host", "evil.example")
            .header("origin", "http://evil.example")
            .header("accept", "application/json")
            .form(&[("email", "victim@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 421);
        assert_eq!(app.mail_count().await, 0, "nothing was sent");
        // A page asked for under another name goes to the real origin.
        let page = forged
            .get(format!("{}/login?next=/profile", app.base))
            .header("host", "evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 308);
        assert_eq!(
            page.headers()["location"],
            format!("{}/login?next=/profile", app.base)
        );
        // The real request's mail links to the configured origin.
        let res = call(
            &app.client(),
            &app.base,
            "auth/request-reset",
            &[("email", "victim@example.org")],
        )
        .await;
        assert_eq!(res.status(), 200);
        let mail = app.last_mail_to("victim@example.org").await;
        assert!(
            mail.contains(&format!("{}/password/reset?token=", app.base)),
            "{mail}"
        );
        assert!(!mail.contains("evil.example"));
    }
);

both_backends!(
    without_a_public_origin_no_mail_is_sent,
    |backend| async move {
        let app = spawn_app_with(backend, |c| c.public_origin = None).await;
        let res = call(
            &app.client(),
            &app.base,
            "auth/signup",
            &[
                ("email", "new@example.org"),
                ("display_name", "New"),
                ("password", "a long enough password"),
            ],
        )
        .await;
        assert_eq!(res.status(), 503);
        assert_eq!(res.text().await.unwrap(), "\"MailUnavailable\"");
        assert_eq!(app.mail_count().await, 0);
        assert_eq!(
            user::Entity::find().count(&app.state().db).await.unwrap(),
            0
        );
    }
);

both_backends!(
    a_second_signup_never_changes_an_account,
    |backend| async move {
        // SECURITY.md 21.
        let app = spawn_app(backend).await;
        let signup = |name: &'static str, password: &'static str| {
            let (client, base) = (app.client(), app.base.clone());
            async move {
                call(
                    &client,
                    &base,
                    "auth/signup",
                    &[
                        ("email", "owner@example.org"),
                        ("display_name", name),
                        ("password", password),
                    ],
                )
                .await
                .status()
            }
        };
        assert_eq!(signup("Owner", "the owner's password").await, 200);
        let first = app.last_mail_to("owner@example.org").await;
        assert!(
            !first.contains("Owner"),
            "no requester-chosen text in mail: {first}"
        );
        let owner_link = link_in(&first, &format!("{}/account/activate?token=", app.base));
        // An intruder signs up with the same, still pending, address.
        assert_eq!(signup("Intruder", "the intruder's password").await, 200);
        let second = app.last_mail_to("owner@example.org").await;
        assert!(
            second.contains("/password/forgot"),
            "the owner is told: {second}"
        );
        assert!(!second.contains("Intruder"));
        let stored = user::Entity::find()
            .filter(user::Column::Email.eq("owner@example.org"))
            .one(&app.state().db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            stored.display_name, "Owner",
            "the pending account is untouched"
        );
        // The owner's own link activates the owner's password, not the intruder's.
        let owner = app.client();
        let res = call(
            &owner,
            &app.base,
            "auth/activate",
            &[("token", &token_of(&owner_link))],
        )
        .await;
        assert_eq!(res.status(), 200);
        let intruder = app.client();
        assert_eq!(
            login(
                &intruder,
                &app.base,
                "owner@example.org",
                "the intruder's password"
            )
            .await
            .status(),
            401
        );
        assert_eq!(
            login(
                &app.client(),
                &app.base,
                "owner@example.org",
                "the owner's password"
            )
            .await
            .status(),
            200
        );
    }
);

both_backends!(using_a_link_ends_every_other_link, |backend| async move {
    // SECURITY.md 21: older reset links die with a reset, and with a password change.
    let app = spawn_app(backend).await;
    app.create_user("p@example.org", "P", "first password", Role::Resident)
        .await;
    let anon = app.client();
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let res = call(
            &anon,
            &app.base,
            "auth/request-reset",
            &[("email", "p@example.org")],
        )
        .await;
        assert_eq!(res.status(), 200);
        let mail = app.last_mail_to("p@example.org").await;
        tokens.push(token_of(&link_in(
            &mail,
            &format!("{}/password/reset?token=", app.base),
        )));
    }
    assert_ne!(tokens[0], tokens[1]);
    let reset = |token: String, password: &'static str| {
        let (client, base) = (app.client(), app.base.clone());
        async move {
            call(
                &client,
                &base,
                "auth/reset-password",
                &[
                    ("token", &token),
                    ("new_password", password),
                    ("confirm_password", password),
                ],
            )
            .await
            .text()
            .await
            .unwrap()
        }
    };
    assert_eq!(reset(tokens[1].clone(), "second password").await, "null");
    assert_eq!(
        reset(tokens[0].clone(), "third password").await,
        "\"TokenInvalid\""
    );

    // A password change ends an outstanding reset link too.
    let res = call(
        &anon,
        &app.base,
        "auth/request-reset",
        &[("email", "p@example.org")],
    )
    .await;
    assert_eq!(res.status(), 200);
    let mail = app.last_mail_to("p@example.org").await;
    let pending = token_of(&link_in(
        &mail,
        &format!("{}/password/reset?token=", app.base),
    ));
    let me = app.client();
    assert_eq!(
        login(&me, &app.base, "p@example.org", "second password")
            .await
            .status(),
        200
    );
    let res = call(
        &me,
        &app.base,
        "auth/change-password",
        &[
            ("current_password", "second password"),
            ("new_password", "fourth password"),
            ("confirm_password", "fourth password"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(reset(pending, "fifth password").await, "\"TokenInvalid\"");
});

both_backends!(a_parallel_guessing_flood_is_bounded, |backend| async move {
    // SECURITY.md 10: 40 guesses at once are counted like 40 in a row (5 free, then a
    // wait), and the owner still gets in once the wait is over.
    let app = spawn_app(backend).await;
    app.create_user("t@example.org", "T", "the right password", Role::Resident)
        .await;
    let mut flood = Vec::new();
    for i in 0..40 {
        let (client, base) = (app.client(), app.base.clone());
        flood.push(tokio::spawn(async move {
            login(&client, &base, "t@example.org", &format!("wrong guess {i}"))
                .await
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for f in flood {
        statuses.push(f.await.unwrap());
    }
    let verified = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(verified + refused, 40, "{statuses:?}");
    assert!(
        verified <= 6,
        "at most the free failures and one more were tried: {statuses:?}"
    );
    // The owner, after the wait the answer names.
    let owner = app.client();
    let mut status = 0;
    for _ in 0..30 {
        let res = login(&owner, &app.base, "t@example.org", "the right password").await;
        status = res.status().as_u16();
        if status != 429 {
            break;
        }
        let wait: u64 = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        tokio::time::sleep(Duration::from_secs(wait.min(10))).await;
    }
    assert_eq!(status, 200);
});

both_backends!(mail_cannot_be_flooded, |backend| async move {
    // SECURITY.md 22: per address, and per client, shared through the database.
    let app = spawn_app(backend).await;
    app.create_user("m@example.org", "M", "password-123", Role::Resident)
        .await;
    let anon = app.client();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let res = call(
            &anon,
            &app.base,
            "auth/request-reset",
            &[("email", "m@example.org")],
        )
        .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
    // An unknown address is limited the same way (the limit reveals nothing).
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let res = call(
            &anon,
            &app.base,
            "auth/request-reset",
            &[("email", "ghost@example.org")],
        )
        .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 200, 429]);
    // One client cycling through addresses hits the per-client limit; a second app server
    // on the same database sees the same count.
    let second = app.second_server().await;
    let second_base = format!("http://{}", second.addr);
    let other = client_for(&second_base);
    let mut last = 0;
    for i in 0..20 {
        let res = call(
            &other,
            &second_base,
            "auth/request-reset",
            &[("email", &format!("u{i}@example.org"))],
        )
        .await;
        last = res.status().as_u16();
    }
    assert_eq!(
        last, 429,
        "this client passed its limit of 20 mail requests an hour"
    );
    assert_eq!(
        app.mail_count().await,
        3,
        "only the three allowed resets to a real account"
    );
});

// An open assembly signs up on one Wi-Fi: the per-client limit is the operator's to raise,
// and it still holds at its new value.
both_backends!(
    the_per_client_mail_limit_can_be_raised,
    |backend| async move {
        let app = spawn_app_with(backend, |c| c.mail_per_client = 25).await;
        let anon = app.client();
        let mut statuses = Vec::new();
        for i in 0..26 {
            let res = call(
                &anon,
                &app.base,
                "auth/request-reset",
                &[("email", &format!("room{i}@example.org"))],
            )
            .await;
            statuses.push(res.status().as_u16());
        }
        assert!(statuses[..25].iter().all(|s| *s == 200), "{statuses:?}");
        assert_eq!(statuses[25], 429);
    }
);
