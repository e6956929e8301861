#![allow(clippy::unwrap_used, clippy::expect_used)]
//! SECURITY.md items 6, 7 and 12 (and 14 for what exists): origin check, cookie flags,
//! same-origin redirects, body size caps.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::entities::user;
use sea_orm::{EntityTrait, PaginatorTrait};

both_backends!(
    cross_origin_posts_are_refused_before_anything_runs,
    |backend| async move {
        let app = spawn_app(backend).await;
        let plain = reqwest::Client::new();
        let signup = [
            ("email", "x@example.org"),
            ("display_name", "X"),
            ("password", "long enough!"),
        ];
        let attempts = [
            vec![("origin", "https://evil.example")],
            vec![("origin", "null")],
            vec![("sec-fetch-site", "cross-site")],
            vec![
                ("sec-fetch-site", "same-site"),
                ("origin", "http://sub.localhost"),
            ],
            vec![
                ("origin", app.base.as_str()),
                ("sec-fetch-site", "cross-site"),
            ],
            vec![],
        ];
        for headers in attempts {
            let mut req = plain
                .post(format!("{}/api/auth/signup", app.base))
                .form(&signup);
            for (k, v) in &headers {
                req = req.header(*k, *v);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 403, "{headers:?}");
        }
        assert_eq!(
            user::Entity::find().count(&app.state().db).await.unwrap(),
            0,
            "no state change"
        );
        assert_eq!(app.mail_count().await, 0);
        // The same request from the site itself goes through.
        let res = plain
            .post(format!("{}/api/auth/signup", app.base))
            .header("sec-fetch-site", "same-origin")
            .form(&signup)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
);

both_backends!(
    no_mutating_server_function_answers_get,
    |backend| async move {
        let app = spawn_app(backend).await;
        for endpoint in [
            "auth/login",
            "auth/logout",
            "auth/signup",
            "auth/change-password",
            "admin/set-role",
            "auth/reset-password",
        ] {
            let res = reqwest::get(format!(
                "{}/api/{endpoint}?email=a@example.org&password=x",
                app.base
            ))
            .await
            .unwrap();
            assert_eq!(res.status(), 405, "{endpoint}");
        }
    }
);

both_backends!(session_cookie_flags, |backend| async move {
    // SECURITY.md 7, over plain http and behind an https public origin.
    for https in [false, true] {
        let app = spawn_app_with(backend, |c| {
            if https {
                c.public_origin = Some("https://redacta.example".into());
            }
        })
        .await;
        app.create_user("c@example.org", "C", "password-123", Role::Resident)
            .await;
        let origin = if https {
            "https://redacta.example".to_string()
        } else {
            app.base.clone()
        };
        let host = origin.split("://").nth(1).unwrap_or_default().to_string();
        let res = reqwest::Client::new()
            .post(format!("{}/api/auth/login", app.base))
            .header("host", host)
            .header("origin", origin)
            .form(&[("email", "c@example.org"), ("password", "password-123")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let cookie = session_cookie(&res).unwrap();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert_eq!(cookie.contains("Secure"), https, "{cookie}");
        assert_eq!(cookie.starts_with("__Host-"), https, "{cookie}");
    }
});

both_backends!(redirects_never_leave_the_site, |backend| async move {
    // SECURITY.md 12: ?next=//evil.example and a foreign Referer after a no-JS form post.
    let app = spawn_app(backend).await;
    app.create_user("n@example.org", "N", "password-123", Role::Resident)
        .await;
    let client = app.client();
    for next in ["//evil.example", "https://evil.example/", "/\\evil.example"] {
        let res = call(
            &client,
            &app.base,
            "auth/login",
            &[
                ("email", "n@example.org"),
                ("password", "password-123"),
                ("next", next),
            ],
        )
        .await;
        assert_eq!(
            res.json::<serde_json::Value>().await.unwrap(),
            "/",
            "{next}"
        );
    }
    // A plain form post (JavaScript off) with a foreign Referer.
    let res = client
        .post(format!("{}/api/auth/login", app.base))
        .header("accept", "text/html")
        .header("referer", "https://evil.example/phish")
        .form(&[("email", "n@example.org"), ("password", "wrong-password")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with('/') && !location.starts_with("//"),
        "{location}"
    );
    // Its own Referer brings the error back to the form.
    let res = client
        .post(format!("{}/api/auth/login", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/login", app.base))
        .form(&[("email", "n@example.org"), ("password", "wrong-password")])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/login?")
            && location.contains("__err=")
            && location.contains("__form=")
            && !location.contains("n%40example.org")
            && !location.contains("wrong-password"),
        "{location}"
    );
    // And success goes where `next` said, locally.
    let res = client
        .post(format!("{}/api/auth/login", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/login", app.base))
        .form(&[
            ("email", "n@example.org"),
            ("password", "password-123"),
            ("next", "/profile"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/profile");
    // The language switch too.
    let res = client
        .get(format!("{}/lang/ca?next=//evil.example", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/");
});

both_backends!(oversized_bodies_are_rejected, |backend| async move {
    let app = spawn_app(backend).await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let res = app
        .client()
        .post(format!("{}/api/auth/signup", app.base))
        .form(&[
            ("email", "a@example.org"),
            ("display_name", huge.as_str()),
            ("password", "long enough!"),
        ])
        .send()
        .await;
    // The server answers 413 as soon as the limit is passed; it may close the connection
    // before the client has finished sending, which the client sees as a send error.
    match res {
        Ok(res) => assert_eq!(res.status(), 413),
        Err(err) => assert!(
            err.is_request() || err.is_body() || err.is_connect(),
            "{err}"
        ),
    }
    assert_eq!(
        user::Entity::find().count(&app.state().db).await.unwrap(),
        0
    );
    // A long-but-allowed field gets a clear validation error instead.
    let long_name = "y".repeat(5000);
    let res = call(
        &app.client(),
        &app.base,
        "auth/signup",
        &[
            ("email", "a@example.org"),
            ("display_name", &long_name),
            ("password", "long enough!"),
        ],
    )
    .await;
    assert_eq!(res.text().await.unwrap(), "\"InvalidName\"");
});

both_backends!(markup_in_names_is_inert, |backend| async move {
    // SECURITY.md 2 for what exists now: a display name full of markup shows as text.
    let app = spawn_app(backend).await;
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    app.create_user("x@example.org", payload, "password-123", Role::Coordinator)
        .await;
    let client = app.client();
    login(&client, &app.base, "x@example.org", "password-123").await;
    for page in ["/", "/profile", "/admin/users"] {
        let html = client
            .get(format!("{}{page}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("<script>alert(1)"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}: name missing or not escaped"
        );
    }
});
