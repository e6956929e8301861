#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_database_file_is_noticed_not_replaced() {
    // Issue 12: deleting (or replacing) the SQLite file under a running server must not lose
    // acknowledged writes silently: health says so, writes are refused with a clear 503.
    let app = spawn_app(Backend::Sqlite).await;
    let db = &app.state().db;
    let (_, section_id) = published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let resident = logged_in(&app, "r@example.org", Role::Resident).await;
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), 200);
    let file = app::services::db::sqlite_file(&app.database_url).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let mut status = 200;
    for _ in 0..50 {
        status = reqwest::get(format!("{}/healthz", app.base))
            .await
            .unwrap()
            .status()
            .as_u16();
        if status == 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 503, "health reports the lost database");
    let res = call(
        &resident,
        &app.base,
        "comments/post",
        &[
            ("target", "section"),
            ("id", &section_id.to_string()),
            ("body", "lost?"),
        ],
    )
    .await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.text().await.unwrap(), "\"StorageUnavailable\"");

    // And `redacta serve` never creates an empty database where one is configured.
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}?mode=rwc", dir.path().join("gone.db").display());
    let cli = server::cli::Cli::try_parse_from([
        "redacta",
        "serve",
        "--database-url",
        &missing,
        "--addr",
        "127.0.0.1:0",
    ])
    .unwrap();
    let err = server::cli::run(cli).await.unwrap_err().to_string();
    assert!(err.contains("--create-database"), "{err}");
    assert!(!dir.path().join("gone.db").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_beyond_the_cap_get_a_clear_503() {
    // Issue 12 (memory): past the cap on requests in progress, an immediate 503 with
    // Retry-After, never an unbounded queue; /healthz always answers.
    let app = spawn_app_with(Backend::Sqlite, |c| c.max_concurrent_requests = 2).await;
    let mut tasks = Vec::new();
    for _ in 0..60 {
        let url = format!("{}/login", app.base);
        tasks.push(tokio::spawn(async move {
            let res = reqwest::get(&url).await.unwrap();
            let retry = res.headers().get("retry-after").is_some();
            (res.status().as_u16(), retry)
        }));
    }
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), 200);
    let mut shed = 0;
    for t in tasks {
        let (status, retry) = t.await.unwrap();
        assert!(status == 200 || (status == 503 && retry), "{status}");
        shed += usize::from(status == 503);
    }
    assert!(
        shed > 0,
        "60 parallel requests against a cap of 2 were all served"
    );
}
