#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Sign-up, activation, log-in/out, sessions, throttle, password change and reset, roles.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::entities::user;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::Duration;

both_backends!(signup_activate_logout_login, |backend| async move {
    let app = spawn_app(backend).await;
    let client = signed_up(&app, "nuria@example.cat", "a long passphrase").await;
    let me_json = me(&client, &app.base).await;
    assert_eq!(me_json["email"], "nuria@example.cat");
    assert_eq!(me_json["role"], "resident");

    let res = call(&client, &app.base, "auth/logout", &[]).await;
    assert_eq!(res.status(), 200);
    assert!(me(&client, &app.base).await.is_null());

    let res = login(
        &client,
        &app.base,
        "NURIA@example.cat ",
        "a long passphrase",
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&client, &app.base).await["display_name"], "Test Person");
});

both_backends!(activation_link_works_once, |backend| async move {
    let app = spawn_app(backend).await;
    let client = app.client();
    call(
        &client,
        &app.base,
        "auth/signup",
        &[
            ("email", "a@example.org"),
            ("display_name", "A"),
            ("password", "0123456789ab"),
        ],
    )
    .await;
    let token = token_of(&link_in(
        &app.last_mail_to("a@example.org").await,
        "http://",
    ));
    // Not activated yet: the right password still does not open a session.
    let res = login(&client, &app.base, "a@example.org", "0123456789ab").await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.text().await.unwrap(), "\"NotActivated\"");
    assert_eq!(
        call(&client, &app.base, "auth/activate", &[("token", &token)])
            .await
            .status(),
        200
    );
    let again = call(
        &app.client(),
        &app.base,
        "auth/activate",
        &[("token", &token)],
    )
    .await;
    assert_eq!(again.status(), 400);
    assert_eq!(again.text().await.unwrap(), "\"TokenInvalid\"");
});

both_backends!(
    logout_kills_the_session_on_the_server,
    |backend| async move {
        // SECURITY.md 8: log-in gives a new session id; after log-out the old cookie is refused.
        let app = spawn_app(backend).await;
        app.create_user("r@example.org", "R", "password-123", Role::Resident)
            .await;
        let plain = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let login = |plain: reqwest::Client| {
            let base = app.base.clone();
            async move {
                let res = plain
                    .post(format!("{base}/api/auth/login"))
                    .header("origin", &base)
                    .form(&[("email", "r@example.org"), ("password", "password-123")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let cookie = session_cookie(&res).unwrap();
                cookie.split(';').next().unwrap().to_string()
            }
        };
        let first = login(plain.clone()).await;
        let second = login(plain.clone()).await;
        assert_ne!(first, second, "every log-in gets a new session id");

        let me_with = |cookie: String| {
            let base = app.base.clone();
            let plain = plain.clone();
            async move {
                let res = plain
                    .post(format!("{base}/api/auth/me"))
                    .header("origin", &base)
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap();
                res.json::<serde_json::Value>().await.unwrap()
            }
        };
        assert_eq!(me_with(second.clone()).await["email"], "r@example.org");
        let res = plain
            .post(format!("{}/api/auth/logout", app.base))
            .header("origin", &app.base)
            .header("cookie", &second)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(session_cookie(&res).unwrap().contains("Max-Age=0"));
        assert!(
            me_with(second).await.is_null(),
            "a replayed cookie must not work after log-out"
        );
    }
);

both_backends!(login_failures_look_the_same, |backend| async move {
    // SECURITY.md 9: unknown e-mail and wrong password get the same status and message.
    let app = spawn_app(backend).await;
    app.create_user("known@example.org", "K", "password-123", Role::Resident)
        .await;
    let client = app.client();
    let unknown = login(&client, &app.base, "nobody@example.org", "password-123").await;
    let wrong = login(&client, &app.base, "known@example.org", "password-124").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.text().await.unwrap(), wrong.text().await.unwrap());

    // Sign-up with a taken e-mail answers exactly like a new one; the owner gets a note.
    let taken = call(
        &client,
        &app.base,
        "auth/signup",
        &[
            ("email", "known@example.org"),
            ("display_name", "Impostor"),
            ("password", "other-password"),
        ],
    )
    .await;
    let fresh = call(
        &client,
        &app.base,
        "auth/signup",
        &[
            ("email", "new@example.org"),
            ("display_name", "New"),
            ("password", "other-password"),
        ],
    )
    .await;
    assert_eq!(taken.status(), fresh.status());
    assert_eq!(taken.text().await.unwrap(), fresh.text().await.unwrap());
    assert!(app
        .last_mail_to("known@example.org")
        .await
        .contains("/password/forgot"));
    let db = &app.state().db;
    let known = user::Entity::find()
        .filter(user::Column::Email.eq("known@example.org"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        known.display_name, "K",
        "a sign-up must never touch an activated account"
    );
});

both_backends!(
    every_failed_login_costs_one_password_verification,
    |backend| async move {
        // SECURITY.md 9, similar timing: an unknown e-mail, a malformed one and a wrong password
        // each run exactly one argon2 verification (a dummy one when there is no account), so
        // their cost is the same. Counted, not timed.
        let app = spawn_app(backend).await;
        app.create_user("known@example.org", "K", "password-123", Role::Resident)
            .await;
        let client = app.client();
        let hasher = &app.state().hasher;
        for (email, password) in [
            ("nobody@example.org", "password-124"),
            ("known@example.org", "password-124"),
            ("not an e-mail", "password-124"),
            ("known@example.org", "password-123"),
        ] {
            let before = hasher.verifications();
            login(&client, &app.base, email, password).await;
            assert_eq!(hasher.verifications() - before, 1, "{email}");
        }
    }
);

both_backends!(
    throttle_is_per_account_shared_and_temporary,
    |backend| async move {
        // SECURITY.md 10: many wrong passwords from many addresses -> per-account back-off held
        // in the database (a second app server sees it), and the owner gets in afterwards.
        let app = spawn_app(backend).await;
        app.create_user(
            "victim@example.org",
            "V",
            "the-right-password",
            Role::Resident,
        )
        .await;
        let other = app.second_server().await;
        let other_base = format!("http://{}", other.addr);
        for i in 0..5 {
            let client = client_for(&app.base);
            let res = client
                .post(format!("{}/api/auth/login", app.base))
                .header("x-forwarded-for", format!("203.0.113.{i}"))
                .form(&[("email", "victim@example.org"), ("password", "guess")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401);
        }
        // Even the right password waits now, on the other server too.
        let res = login(
            &client_for(&other_base),
            &other_base,
            "victim@example.org",
            "the-right-password",
        )
        .await;
        assert_eq!(res.status(), 429);
        assert!(res.text().await.unwrap().contains("Throttled"));
        // The back-off is 2 s (whole seconds, so the first check cannot straddle it).
        tokio::time::sleep(Duration::from_millis(3100)).await;
        let res = login(
            &app.client(),
            &app.base,
            "victim@example.org",
            "the-right-password",
        )
        .await;
        assert_eq!(
            res.status(),
            200,
            "the owner gets in once the back-off has passed"
        );
        other.stop().await;
    }
);

both_backends!(
    sessions_are_shared_between_app_servers,
    |backend| async move {
        let app = spawn_app(backend).await;
        app.create_user("s@example.org", "S", "password-123", Role::Resident)
            .await;
        let client = app.client();
        assert_eq!(
            login(&client, &app.base, "s@example.org", "password-123")
                .await
                .status(),
            200
        );
        let other = app.second_server().await;
        let other_base = format!("http://{}", other.addr);
        // Same cookie jar, other server: reqwest sends cookies per host, so copy it over.
        let cookie = {
            let res = login(&app.client(), &app.base, "s@example.org", "password-123").await;
            session_cookie(&res)
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_string()
        };
        let res = reqwest::Client::new()
            .post(format!("{other_base}/api/auth/me"))
            .header("origin", &other_base)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["email"], "s@example.org");
        other.stop().await;
    }
);

both_backends!(password_hashes_are_argon2id, |backend| async move {
    // SECURITY.md 11.
    let app = spawn_app(backend).await;
    signed_up(&app, "h@example.org", "a long passphrase").await;
    let db = &app.state().db;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq("h@example.org"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        found
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        found.password_hash
    );
});

both_backends!(change_password_and_reset, |backend| async move {
    let app = spawn_app(backend).await;
    let client = signed_up(&app, "p@example.org", "first password").await;
    let other_device = app.client();
    login(&other_device, &app.base, "p@example.org", "first password").await;

    let wrong = call(
        &client,
        &app.base,
        "auth/change-password",
        &[
            ("current_password", "nope"),
            ("new_password", "second password"),
            ("confirm_password", "second password"),
        ],
    )
    .await;
    assert_eq!(wrong.status(), 400);
    let mismatch = call(
        &client,
        &app.base,
        "auth/change-password",
        &[
            ("current_password", "first password"),
            ("new_password", "second password"),
            ("confirm_password", "second passwor"),
        ],
    )
    .await;
    assert_eq!(mismatch.text().await.unwrap(), "\"PasswordMismatch\"");
    let ok = call(
        &client,
        &app.base,
        "auth/change-password",
        &[
            ("current_password", "first password"),
            ("new_password", "second password"),
            ("confirm_password", "second password"),
        ],
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(
        me(&client, &app.base).await["email"],
        "p@example.org",
        "this session stays"
    );
    assert!(
        me(&other_device, &app.base).await.is_null(),
        "other sessions end"
    );

    // Reset by e-mail: same answer for unknown addresses, one-time link, sessions end.
    let anon = app.client();
    let before = app.mail_count().await;
    let unknown = call(
        &anon,
        &app.base,
        "auth/request-reset",
        &[("email", "ghost@example.org")],
    )
    .await;
    assert_eq!(unknown.status(), 200);
    assert_eq!(app.mail_count().await, before);
    assert_eq!(
        call(
            &anon,
            &app.base,
            "auth/request-reset",
            &[("email", "p@example.org")]
        )
        .await
        .status(),
        200
    );
    let token = token_of(&link_in(
        &app.last_mail_to("p@example.org").await,
        &format!("{}/password/reset?token=", app.base),
    ));
    let res = call(
        &anon,
        &app.base,
        "auth/reset-password",
        &[
            ("token", &token),
            ("new_password", "third password"),
            ("confirm_password", "third password"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        me(&client, &app.base).await.is_null(),
        "a reset ends every session"
    );
    let reuse = call(
        &anon,
        &app.base,
        "auth/reset-password",
        &[
            ("token", &token),
            ("new_password", "fourth password"),
            ("confirm_password", "fourth password"),
        ],
    )
    .await;
    assert_eq!(reuse.text().await.unwrap(), "\"TokenInvalid\"");
    assert_eq!(
        login(&anon, &app.base, "p@example.org", "third password")
            .await
            .status(),
        200
    );
});

both_backends!(expired_reset_links_are_refused, |backend| async move {
    let app = spawn_app_with(backend, |c| c.email_token_secs = 1).await;
    app.create_user("e@example.org", "E", "password-123", Role::Resident)
        .await;
    let anon = app.client();
    call(
        &anon,
        &app.base,
        "auth/request-reset",
        &[("email", "e@example.org")],
    )
    .await;
    let token = token_of(&link_in(
        &app.last_mail_to("e@example.org").await,
        "http://",
    ));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let res = call(
        &anon,
        &app.base,
        "auth/reset-password",
        &[
            ("token", &token),
            ("new_password", "new password!"),
            ("confirm_password", "new password!"),
        ],
    )
    .await;
    assert_eq!(res.text().await.unwrap(), "\"TokenInvalid\"");
});

both_backends!(
    roles_are_changed_by_coordinators_only,
    |backend| async move {
        let app = spawn_app(backend).await;
        let coordinator_id = app
            .create_user("c@example.org", "C", "password-123", Role::Coordinator)
            .await;
        let resident_id = app
            .create_user("r@example.org", "R", "password-123", Role::Resident)
            .await;
        let coordinator = app.client();
        let resident = app.client();
        login(&coordinator, &app.base, "c@example.org", "password-123").await;
        login(&resident, &app.base, "r@example.org", "password-123").await;
        let db = &app.state().db;
        let role_of = |id: app::domain::ids::UserId| async move {
            user::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .role
        };

        // Anonymous and resident callers are refused and nothing changes.
        let anon = call(
            &app.client(),
            &app.base,
            "admin/set-role",
            &[
                ("user_id", &resident_id.to_string()),
                ("role", "coordinator"),
            ],
        )
        .await;
        assert_eq!(anon.status(), 401);
        let res = call(
            &resident,
            &app.base,
            "admin/set-role",
            &[
                ("user_id", &resident_id.to_string()),
                ("role", "coordinator"),
            ],
        )
        .await;
        assert_eq!(res.status(), 403);
        assert_eq!(
            call(&resident, &app.base, "admin/users", &[])
                .await
                .status(),
            403
        );
        assert_eq!(role_of(resident_id).await, Role::Resident);

        // Bad input: unknown role, unknown user.
        let bad = call(
            &coordinator,
            &app.base,
            "admin/set-role",
            &[("user_id", &resident_id.to_string()), ("role", "admin")],
        )
        .await;
        assert_eq!(bad.status(), 400);
        let missing = call(
            &coordinator,
            &app.base,
            "admin/set-role",
            &[("user_id", "99999"), ("role", "facilitator")],
        )
        .await;
        assert_eq!(missing.status(), 404);

        let ok = call(
            &coordinator,
            &app.base,
            "admin/set-role",
            &[
                ("user_id", &resident_id.to_string()),
                ("role", "facilitator"),
            ],
        )
        .await;
        assert_eq!(ok.status(), 200);
        // Effective on the very next request of that person.
        assert_eq!(me(&resident, &app.base).await["role"], "facilitator");
        let users: serde_json::Value = call(&coordinator, &app.base, "admin/users", &[])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(users["rows"].as_array().unwrap().len(), 2);
        assert_eq!(users["info"]["total"], 2);

        // The last coordinator cannot demote themselves.
        let last = call(
            &coordinator,
            &app.base,
            "admin/set-role",
            &[
                ("user_id", &coordinator_id.to_string()),
                ("role", "resident"),
            ],
        )
        .await;
        assert_eq!(last.status(), 409);
        assert_eq!(role_of(coordinator_id).await, Role::Coordinator);
        let events = app::entities::event::Entity::find()
            .filter(app::entities::event::Column::Kind.eq("user.role_change"))
            .count(db)
            .await
            .unwrap();
        assert_eq!(events, 1, "every role change is in the event log");
    }
);

both_backends!(
    bad_signup_input_is_refused_with_a_reason,
    |backend| async move {
        let app = spawn_app(backend).await;
        let client = app.client();
        for (email, name, password, expected) in [
            ("not-an-email", "N", "long enough!", "InvalidEmail"),
            ("a@example.org", "   ", "long enough!", "InvalidName"),
            ("a@example.org", "N", "short", "PasswordTooShort"),
        ] {
            let res = call(
                &client,
                &app.base,
                "auth/signup",
                &[
                    ("email", email),
                    ("display_name", name),
                    ("password", password),
                ],
            )
            .await;
            assert_eq!(res.status(), 400);
            assert_eq!(res.text().await.unwrap(), format!("\"{expected}\""));
        }
        let missing = call(
            &client,
            &app.base,
            "auth/signup",
            &[("email", "a@example.org")],
        )
        .await;
        assert_eq!(missing.status(), 400);
        assert_eq!(
            user::Entity::find().count(&app.state().db).await.unwrap(),
            0
        );
    }
);

both_backends!(
    sessions_expire_when_idle_and_absolutely,
    |backend| async move {
        // Timestamps are whole seconds: limits of 2 s leave no race with the first request.
        for (idle, absolute) in [(2, 3600), (3600, 2)] {
            let app = spawn_app_with(backend, |c| {
                c.session_idle_secs = idle;
                c.session_absolute_secs = absolute;
            })
            .await;
            app.create_user("t@example.org", "T", "password-123", Role::Resident)
                .await;
            let client = app.client();
            login(&client, &app.base, "t@example.org", "password-123").await;
            assert_eq!(me(&client, &app.base).await["email"], "t@example.org");
            tokio::time::sleep(Duration::from_millis(3100)).await;
            assert!(
                me(&client, &app.base).await.is_null(),
                "idle {idle}s / absolute {absolute}s"
            );
            // The expired session is gone once anyone logs in (it may never be seen again:
            // the browser drops the cookie at its Max-Age).
            login(&app.client(), &app.base, "t@example.org", "password-123").await;
            let sessions = app::entities::session::Entity::find()
                .count(&app.state().db)
                .await
                .unwrap();
            assert_eq!(sessions, 1, "expired sessions are purged");
        }
    }
);

both_backends!(
    a_request_never_writes_to_refresh_its_session,
    |backend| async move {
        use app::entities::session;
        use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
        // The server's own flush waits an hour: this test does it by hand.
        let app = spawn_app_with(backend, |c| c.session_flush_secs = 3600).await;
        let db = app.state().db.clone();
        app.create_user("t@example.org", "T", "password-123", Role::Resident)
            .await;
        let client = app.client();
        login(&client, &app.base, "t@example.org", "password-123").await;
        // Last seen ten minutes ago: the next request refreshes it.
        let row = session::Entity::find().one(&db).await.unwrap().unwrap();
        let old = row.last_seen_at - 600;
        let mut active = row.into_active_model();
        active.last_seen_at = Set(old);
        active.update(&db).await.unwrap();
        assert_eq!(me(&client, &app.base).await["email"], "t@example.org");
        let seen = |db: sea_orm::DatabaseConnection| async move {
            session::Entity::find()
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .last_seen_at
        };
        assert_eq!(
            seen(db.clone()).await,
            old,
            "the request itself wrote nothing"
        );
        // The app server writes the touches it noted, in one statement.
        app::services::sessions::flush_touches(&db, &app.state().session_touches)
            .await
            .unwrap();
        assert!(seen(db.clone()).await > old);
    }
);

both_backends!(
    concurrent_writers_never_see_a_locked_database,
    |backend| async move {
        // Sign-ups and failed log-ins all write (users, tokens, throttle rows) at the same time.
        let app = spawn_app(backend).await;
        let mut tasks = Vec::new();
        for i in 0..24 {
            let (client, base) = (app.client(), app.base.clone());
            tasks.push(tokio::spawn(async move {
                let email = format!("w{i}@example.org");
                let res = if i % 2 == 0 {
                    call(
                        &client,
                        &base,
                        "auth/signup",
                        &[
                            ("email", email.as_str()),
                            ("display_name", "W"),
                            ("password", "long enough!"),
                        ],
                    )
                    .await
                } else {
                    login(&client, &base, "same@example.org", "wrong password").await
                };
                (
                    i,
                    res.status().as_u16(),
                    res.text().await.unwrap_or_default(),
                )
            }));
        }
        for task in tasks {
            let (i, status, body) = task.await.unwrap();
            let expected: &[u16] = if i % 2 == 0 { &[200] } else { &[401, 429] };
            assert!(expected.contains(&status), "request {i}: {status} {body}");
        }
        let users = user::Entity::find().count(&app.state().db).await.unwrap();
        assert_eq!(users, 12);
    }
);

// "People and roles" with a city's accounts: searched by name or e-mail (any case, LIKE's
// wildcards taken literally out), filtered by role, a page of 50 at a time; bad input 400.
both_backends!(people_are_searched_and_paged, |backend| async move {
    use sea_orm::{ActiveModelTrait, Set};
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let coordinator = logged_in(&app, "coord@example.org", Role::Coordinator).await;
    for i in 0..120 {
        let (name, role) = if i % 3 == 0 {
            (format!("Anna Veïna {i}"), Role::Facilitator)
        } else {
            (format!("Resident {i}"), Role::Resident)
        };
        user::ActiveModel {
            email: Set(format!("person{i}@city.example")),
            display_name: Set(name),
            password_hash: Set("x".into()),
            role: Set(role),
            locale: Set("ca".into()),
            email_verified_at: Set(Some(1)),
            created_at: Set(1),
            digest_opt_in: Set(false),
            digest_sent_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let list = |fields: Vec<(&'static str, String)>| {
        let c = coordinator.clone();
        let base = app.base.clone();
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = call(&c, &base, "admin/users", &f).await;
            let status = res.status().as_u16();
            (
                status,
                res.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    // Everyone: 121 accounts, 50 on the first page, 21 on the last.
    let (status, all) = list(vec![]).await;
    assert_eq!(status, 200);
    assert_eq!(all["info"]["total"], 121);
    assert_eq!(all["info"]["pages"], 3);
    assert_eq!(all["rows"].as_array().unwrap().len(), 50);
    let (_, last) = list(vec![("page", "3".into())]).await;
    assert_eq!(last["rows"].as_array().unwrap().len(), 21);
    assert_eq!(last["info"]["page"], 3);
    // A page past the end is the last page.
    let (_, past) = list(vec![("page", "99".into())]).await;
    assert_eq!(past["info"]["page"], 3);
    // By name, any case, and by e-mail.
    let (_, anna) = list(vec![("search", "anna veïna".into())]).await;
    assert_eq!(anna["info"]["total"], 40);
    let (_, one) = list(vec![("search", "PERSON7@".into())]).await;
    assert_eq!(one["info"]["total"], 1);
    assert_eq!(one["rows"][0]["email"], "person7@city.example");
    // By role, with a search.
    let (_, staff) = list(vec![
        ("role", "facilitator".into()),
        ("search", "veïna 9".into()),
    ])
    .await;
    let names: Vec<&str> = staff["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Anna Veïna 9",
            "Anna Veïna 90",
            "Anna Veïna 93",
            "Anna Veïna 96",
            "Anna Veïna 99"
        ]
    );
    // "%" matches nothing by itself (it is not a wildcard); nothing found is an empty page.
    let (_, pct) = list(vec![("search", "%%%".into())]).await;
    assert_eq!(pct["info"]["total"], 121);
    let (_, none) = list(vec![("search", "nobody here".into())]).await;
    assert_eq!(none["info"]["total"], 0);
    assert_eq!(none["rows"].as_array().unwrap().len(), 0);
    // Bad input: an unknown role, a search longer than any name.
    assert_eq!(list(vec![("role", "admin".into())]).await.0, 400);
    assert_eq!(list(vec![("search", "x".repeat(201))]).await.0, 400);
    // The page: the form keeps the search, and pages link with it.
    let page = page_as(
        &coordinator,
        &format!("{}/admin/users?search=Person", app.base),
    )
    .await;
    assert!(page.contains("120 people"), "{page}");
    assert!(page.contains("value=\"Person\""), "{page}");
    assert!(
        page.contains("href=\"/admin/users?search=Person&amp;page=2\""),
        "{page}"
    );
});
