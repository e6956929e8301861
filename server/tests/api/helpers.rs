#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use app::domain::throttle::ThrottlePolicy;
use app::services::config::Config;
use reqwest::header::{HeaderMap, HeaderValue};
use sea_orm::{ConnectionTrait, Database};
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates `<name>_sqlite` and `<name>_postgres` tests from one async body taking a Backend.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::helpers::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if $crate::helpers::postgres_admin_url().await.is_some() {
                    ($body)($crate::helpers::Backend::Postgres).await;
                }
            }
        }
    };
}

/// The PostgreSQL server to create test databases on, or None (then the test is skipped,
/// unless CI=true, where PostgreSQL is mandatory and its absence fails the test).
pub async fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("REDACTA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".to_string());
    let reachable =
        tokio::time::timeout(Duration::from_secs(5), Database::connect(url.clone())).await;
    match reachable {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            Some(url)
        }
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true: PostgreSQL tests are mandatory but {url} is not reachable")
        }
        _ => {
            eprintln!("SKIPPED: PostgreSQL not reachable at {url} (set REDACTA_TEST_PG_URL)");
            None
        }
    }
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database(backend: Backend, dir: &Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
        Backend::Postgres => {
            let admin = postgres_admin_url().await.expect("postgres reachable");
            let name = format!(
                "redacta_test_{}_{}",
                std::process::id(),
                rand::random::<u32>()
            );
            let conn = Database::connect(admin.clone()).await.unwrap();
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            conn.close().await.unwrap();
            let base = admin.rsplit_once('/').unwrap().0;
            format!("{base}/{name}")
        }
    }
}

pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub base: String,
    pub outbox: PathBuf,
    pub database_url: String,
    pub running: Option<server::Running>,
    _dir: tempfile::TempDir,
}

pub fn test_config(database_url: &str, outbox: &Path) -> Config {
    let mut config = Config::new(database_url.to_string());
    // The address the test server gets (port 0 stands for it): mail links point there.
    config.public_origin = Some("http://127.0.0.1:0".to_string());
    config.outbox_dir = outbox.to_path_buf();
    config.throttle = ThrottlePolicy {
        free_failures: 5,
        base_secs: 2,
        max_secs: 60,
    };
    config.hashing_concurrency = 2;
    // One key per database, so a second app server on it shares the key (as a shared key
    // file would give it).
    config.roll_key = Some(app::services::rolls::RollKey::from_bytes(
        sha2::Sha256::digest(database_url.as_bytes()).into(),
    ));
    config
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(backend, dir.path()).await;
    let outbox = dir.path().join("outbox");
    let mut config = test_config(&database_url, &outbox);
    tweak(&mut config);
    let running = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let addr = running.addr;
    TestApp {
        addr,
        base: format!("http://{addr}"),
        outbox,
        database_url,
        running: Some(running),
        _dir: dir,
    }
}

impl TestApp {
    /// A second app server on the same database (stateless servers share sessions).
    pub async fn second_server(&self) -> server::Running {
        let config = test_config(&self.database_url, &self.outbox);
        server::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap()
    }

    pub fn state(&self) -> &app::web::state::AppState {
        &self.running.as_ref().unwrap().state
    }

    /// A browser-like client: keeps cookies, sends this site's Origin on every request.
    pub fn client(&self) -> reqwest::Client {
        client_for(&self.base)
    }

    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        password: &str,
        role: app::domain::role::Role,
    ) -> app::domain::ids::UserId {
        app::services::accounts::create_user(self.state(), email, name, password, role)
            .await
            .unwrap()
            .id
    }

    /// Waits until the mail queued so far has left (mail is sent after the answer).
    pub async fn mail_sent(&self) {
        self.state().mailer.idle(Duration::from_secs(10)).await;
    }

    /// The last e-mail sent to `to`, with quoted-printable soft breaks undone.
    pub async fn last_mail_to(&self, to: &str) -> String {
        self.mail_sent().await;
        for _ in 0..50 {
            if let Ok(entries) = std::fs::read_dir(&self.outbox) {
                let mut mails: Vec<_> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter_map(|p| std::fs::read_to_string(&p).ok().map(|c| (p, c)))
                    .map(|(p, c)| (p, c.replace("=\r\n", "").replace("=3D", "=")))
                    .filter(|(_, c)| c.contains(&format!("To: {to}")))
                    .collect();
                mails.sort_by(|a, b| a.0.cmp(&b.0));
                if let Some((_, content)) = mails.pop() {
                    return content;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no e-mail to {to} in {}", self.outbox.display());
    }

    pub async fn mail_count(&self) -> usize {
        self.mail_sent().await;
        std::fs::read_dir(&self.outbox)
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

pub fn client_for(base: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_str(base).unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The first link in an e-mail that starts with `prefix`.
pub fn link_in(mail: &str, prefix: &str) -> String {
    let start = mail
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} link in:\n{mail}"));
    mail[start..].split_whitespace().next().unwrap().to_string()
}

pub fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_string()
}

/// A fresh server with one published program (`markdown`) in `phase`: the server, the
/// program and the id of its first section.
pub async fn app_with_program(
    backend: Backend,
    markdown: &str,
    phase: app::domain::phase::Phase,
) -> (TestApp, app::entities::program::Model, i32) {
    let app = spawn_app(backend).await;
    let (program, section) =
        published_program(&app.state().db, "Programa", markdown, Some(phase)).await;
    (app, program, section)
}

/// A page's HTML as an anonymous reader gets it.
pub async fn page_html(app: &TestApp, path: &str) -> String {
    app.client()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A page's HTML as `client` gets it (`url` absolute).
pub async fn page_as(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// A new account with `role` (password "a long enough password"), as its row.
pub async fn account(
    app: &TestApp,
    email: &str,
    role: app::domain::role::Role,
) -> app::entities::user::Model {
    use sea_orm::EntityTrait;
    let id = app
        .create_user(email, email, "a long enough password", role)
        .await;
    app::entities::user::Entity::find_by_id(id)
        .one(&app.state().db)
        .await
        .unwrap()
        .unwrap()
}

/// Calls a server function with form fields, as the hydrated app does.
pub async fn call(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(format!("{base}/api/{endpoint}"))
        .header("accept", "application/json")
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Logs in through the server function, as the log-in form does.
pub async fn login(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    call(
        client,
        base,
        "auth/login",
        &[("email", email), ("password", password)],
    )
    .await
}

pub async fn me(client: &reqwest::Client, base: &str) -> serde_json::Value {
    let res = call(client, base, "auth/me", &[]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Signs up and activates an account through the web flow; returns a logged-in client.
pub async fn signed_up(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.client();
    let res = call(
        &client,
        &app.base,
        "auth/signup",
        &[
            ("email", email),
            ("display_name", "Test Person"),
            ("password", password),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let mail = app.last_mail_to(email).await;
    let link = link_in(&mail, &format!("{}/account/activate?token=", app.base));
    let res = call(
        &client,
        &app.base,
        "auth/activate",
        &[("token", &token_of(&link))],
    )
    .await;
    assert_eq!(res.status(), 200);
    client
}

pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("redacta_session="))
        .map(str::to_string)
}

/// Starts `phase` of a program now, as a coordinator's "start the phase now" does.
pub async fn start_phase(
    db: &sea_orm::DatabaseConnection,
    program_id: app::domain::ids::ProgramId,
    phase: app::domain::phase::Phase,
) {
    use app::services::{clock, phases};
    let s = phases::schedule(db, program_id).await.unwrap();
    phases::write(db, program_id, &s.starting(phase, clock::now()))
        .await
        .unwrap();
}

/// A new account with `role` (password "a long enough password"), logged in on a client
/// of its own.
pub async fn logged_in(
    app: &TestApp,
    email: &str,
    role: app::domain::role::Role,
) -> reqwest::Client {
    let password = "a long enough password";
    app.create_user(email, email, password, role).await;
    let client = app.client();
    assert_eq!(
        login(&client, &app.base, email, password).await.status(),
        200
    );
    client
}

/// Imports `markdown` as a program, publishes it, starts `phase` (if any) and returns the
/// program with the id of its first section.
pub async fn published_program(
    db: &sea_orm::DatabaseConnection,
    title: &str,
    markdown: &str,
    phase: Option<app::domain::phase::Phase>,
) -> (app::entities::program::Model, i32) {
    use app::entities::{program, section};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let imported = app::services::program_files::import(db, None, title, markdown)
        .await
        .unwrap();
    let mut p: program::ActiveModel = imported.into();
    p.published_at = Set(Some(1));
    let published = p.update(db).await.unwrap();
    if let Some(phase) = phase {
        start_phase(db, published.id, phase).await;
    }
    let first = section::Entity::find()
        .filter(section::Column::ProgramId.eq(published.id))
        .filter(section::Column::Position.eq(0))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
        .get();
    (published, first)
}

/// A vote ranking two measures ("A", "B") of the program at `program_slug`, Schulze, open from
/// `t` for an hour, any resident may vote, at least 3 ballots.
pub fn measures_vote(program_slug: &str, t: i64) -> app::services::polls::NewPoll<'_> {
    app::services::polls::NewPoll {
        program_slug,
        kind: "measures",
        title: "Prioritats",
        description: "",
        amendments: &[],
        measures: "A\nB",
        method: "schulze",
        seats: 1,
        choose: None,
        tie: "none",
        eligibility: "residents",
        assemblies: &[],
        roll: None,
        opens_at: t,
        closes_at: t + 3600,
        min_voters: 3,
    }
}

/// A published amendment by `author` on revision 1 of `section`, replacing its text.
pub async fn published_amendment(
    db: &sea_orm::DatabaseConnection,
    author: &app::entities::user::Model,
    section: app::domain::ids::SectionId,
    title: &str,
    text: &str,
) -> app::domain::ids::AmendmentId {
    use app::services::amendments;
    let draft = amendments::create(
        db,
        author,
        section,
        amendments::Proposal {
            title,
            text,
            justification: "",
            base_number: 1,
            passage: None,
        },
    )
    .await
    .unwrap();
    amendments::publish(db, author, draft.id).await.unwrap();
    draft.id
}

/// The platform's open data, `GET /export/public.json`, as `client` reads it.
pub async fn public_json(client: &reqwest::Client, base: &str) -> serde_json::Value {
    client
        .get(format!("{base}/export/public.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
