#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The server as operators see it: health, pages and their statuses, headers, migrations,
//! the command line.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use std::io::Write;
use std::process::{Command, Stdio};

both_backends!(healthz_reports_the_database, |backend| async move {
    let mut app = spawn_app(backend).await;
    let res = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    app.state().db.clone().close().await.unwrap();
    let res = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(res.status(), 503);
    app.running.take().unwrap().stop().await;
});

both_backends!(
    pages_have_statuses_headers_and_languages,
    |backend| async move {
        let app = spawn_app(backend).await;
        let client = app.client();
        let home = client.get(&app.base).send().await.unwrap();
        assert_eq!(home.status(), 200);
        let csp = home.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"),
            "{csp}"
        );
        assert_eq!(home.headers()["x-content-type-options"], "nosniff");
        assert_eq!(home.headers()["referrer-policy"], "same-origin");
        let html = home.text().await.unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "the hydration script carries the CSP nonce"
        );

        let missing = client
            .get(format!("{}/no/such/page", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        assert!(missing.text().await.unwrap().contains("Page not found"));
        assert_eq!(
            client
                .get(format!("{}/programs/nope", app.base))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        // A resident on the coordinators' page: 403.
        app.create_user("r@example.org", "R", "password-123", Role::Resident)
            .await;
        login(&client, &app.base, "r@example.org", "password-123").await;
        assert_eq!(
            client
                .get(format!("{}/admin/users", app.base))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        // Anonymous: sent to log in.
        let anon = app
            .client()
            .get(format!("{}/profile", app.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(anon.status(), 302);
        assert!(anon.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login"));

        // Accept-Language and the switch.
        let ca = app
            .client()
            .get(&app.base)
            .header("accept-language", "ca-ES,ca;q=0.9")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(ca.contains("lang=\"ca\"") && ca.contains("Inicia la sessió"));
        let switch = app.client();
        switch
            .get(format!("{}/lang/es?next=/", app.base))
            .send()
            .await
            .unwrap();
        let es = switch
            .get(&app.base)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(es.contains("lang=\"es\"") && es.contains("Iniciar sesión"));
        assert_eq!(
            app.client()
                .get(format!("{}/favicon.ico", app.base))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
);

both_backends!(migrations_are_idempotent, |backend| async move {
    let app = spawn_app(backend).await;
    let conn = app::services::db::connect(&app.database_url).await.unwrap();
    app::services::db::migrate(&conn).await.unwrap();
    app::services::db::migrate(&conn).await.unwrap();
});

both_backends!(cli_migrate_and_create_user, |backend| async move {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let bin = env!("CARGO_BIN_EXE_redacta");
    let out = Command::new(bin)
        .args(["migrate", "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let create = |password: &str| {
        let mut child = Command::new(bin)
            .args([
                "create-user",
                "--database-url",
                &url,
                "--email",
                "boss@example.org",
                "--name",
                "Boss",
                "--role",
                "coordinator",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = create("a long passphrase");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = create("a long passphrase");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bad_role = Command::new(bin)
        .args([
            "create-user",
            "--database-url",
            &url,
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "admin",
        ])
        .output()
        .unwrap();
    assert!(!bad_role.status.success());

    // The account works on a server over that database.
    let outbox = dir.path().join("outbox");
    let running = server::start(test_config(&url, &outbox), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let base = format!("http://{}", running.addr);
    let client = client_for(&base);
    let res = login(&client, &base, "boss@example.org", "a long passphrase").await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&client, &base).await["role"], "coordinator");
    running.stop().await;
});

both_backends!(plain_serve_creates_no_account, |backend| async move {
    let app = spawn_app(backend).await;
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        app::entities::user::Entity::find()
            .count(&app.state().db)
            .await
            .unwrap(),
        0
    );
    assert!(server::dev::demo::seed_if_empty(app.state()).await.unwrap());
    assert_eq!(
        app::entities::user::Entity::find()
            .count(&app.state().db)
            .await
            .unwrap(),
        3
    );
    assert!(
        !server::dev::demo::seed_if_empty(app.state()).await.unwrap(),
        "never seeds twice"
    );
});

both_backends!(
    plain_html_forms_carry_their_hidden_values,
    |backend| async move {
        // Without JavaScript the browser posts exactly what the server rendered.
        let app = spawn_app(backend).await;
        let client = app.client();
        let login = client
            .get(format!("{}/login?next=/profile", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(login.contains(r#"name="next" value="/profile""#), "{login}");
        assert!(
            login.contains(r#"action="/api/auth/login""#) && login.contains(r#"method="post""#)
        );
        let activate = client
            .get(format!("{}/account/activate?token=abc123", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            activate.contains(r#"name="token" value="abc123""#),
            "{activate}"
        );

        // The whole no-JS activation: a form post answered by a redirect with the session cookie.
        call(
            &client,
            &app.base,
            "auth/signup",
            &[
                ("email", "f@example.org"),
                ("display_name", "F"),
                ("password", "long enough!"),
            ],
        )
        .await;
        let token = token_of(&link_in(
            &app.last_mail_to("f@example.org").await,
            "http://",
        ));
        let res = client
            .post(format!("{}/api/auth/activate", app.base))
            .header("accept", "text/html")
            .header(
                "referer",
                format!("{}/account/activate?token={token}", app.base),
            )
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/?welcome=1");
        assert!(session_cookie(&res).is_some());
        let home = client
            .get(format!("{}/?welcome=1", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            home.contains("Your account is active") && home.contains(">F</a>"),
            "{home}"
        );
    }
);
