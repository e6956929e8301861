#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The request log (issue 13, crates.io's docs/LOGGING.md): one line per request with its
//! method, matched route, status, latency, account and request id; the id is answered in
//! `x-request-id`; a server function's failure is logged inside the request's span.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().unwrap())
            .lines()
            .map(str::to_string)
            .collect()
    }
}

both_backends!(
    every_request_is_logged_once_with_its_route_status_account_and_id,
    |backend| async move {
        // Each test runs in its own process under nextest: this subscriber sees only it.
        let captured = Captured::default();
        let writer = captured.clone();
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_env_filter("info,sqlx=warn,sea_orm=warn")
            .with_writer(move || writer.clone())
            .try_init();
        let app = spawn_app(backend).await;
        let db = app.state().db.clone();
        let (_, section) = published_program(&db, "Programa", "# Un\n\nText.\n", None).await;
        let client = logged_in(&app, "log@example.org", Role::Resident).await;
        let user_id = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("log@example.org"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let res = client
            .get(format!("{}/sections/{section}?secret=do-not-log", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
        let again = client
            .get(format!("{}/sections/{section}", app.base))
            .send()
            .await
            .unwrap();
        assert_ne!(again.headers()["x-request-id"].to_str().unwrap(), id);
        // A server function refusing: logged with its status, the account unknown.
        let anonymous = app.client();
        let refused = call(&anonymous, &app.base, "auth/change-password", &[]).await;
        let refused_id = refused.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(refused.status().is_client_error());

        let lines = captured.lines();
        let of = |rid: &str| -> Vec<String> {
            lines
                .iter()
                .filter(|l| l.contains(&format!("request_id={rid}")) && l.contains(" request "))
                .cloned()
                .collect()
        };
        let page = of(&id);
        assert_eq!(page.len(), 1, "one line per request: {lines:#?}");
        let line = &page[0];
        for needle in [
            "method=GET",
            "route=/sections/{id}",
            "status=200",
            "latency_ms=",
            &format!("user_id={user_id}"),
        ] {
            assert!(line.contains(needle), "{needle} missing in {line}");
        }
        assert!(
            !lines.iter().any(|l| l.contains("do-not-log")),
            "the query string was logged"
        );
        let refused_line = of(&refused_id);
        assert_eq!(refused_line.len(), 1, "{lines:#?}");
        // Server functions are logged by their own path (it carries no query string).
        assert!(
            refused_line[0].contains("route=/api/auth/change-password"),
            "{}",
            refused_line[0]
        );
        assert!(!refused_line[0].contains("user_id="), "{}", refused_line[0]);
    }
);
