#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `redacta seed --scale city`, at a tiny scale, on both backends: the same seed gives the
//! same data (the public export and every ballot log's head are equal), another seed gives
//! other data, every ballot log verifies, and a database that is not empty is refused.

use crate::both_backends;
use crate::helpers::*;
use app::services::db;
use server::dev::seed;

async fn seeded(backend: Backend, dir: &std::path::Path, n: u64) -> (String, Vec<String>) {
    let url = fresh_database(backend, dir).await;
    let conn = db::connect(&url).await.unwrap();
    db::migrate(&conn).await.unwrap();
    let anchor = 1_800_000_000 / 86_400 * 86_400;
    let mut steps = 0;
    let made = seed::seed_city(
        &conn,
        &seed::Scale::TINY,
        n,
        anchor,
        "not-a-real-hash",
        &mut |_, _, _| steps += 1,
    )
    .await
    .unwrap();
    assert!(steps > 10, "progress is reported");
    assert_eq!(
        made.residents,
        seed::Scale::TINY.residents + seed::Scale::TINY.assemblies + 1
    );
    assert_eq!(made.amendments, seed::Scale::TINY.amendments);
    assert_eq!(made.comments, seed::Scale::TINY.comments);
    assert_eq!(made.supports, seed::Scale::TINY.supports);
    assert_eq!(made.ballots, seed::Scale::TINY.ballots);
    let mut heads = Vec::new();
    for id in 1..=made.votes as i32 {
        let report = app::views::votes::verify_log(&conn, app::domain::ids::PollId(id))
            .await
            .unwrap();
        heads.push(format!("{report:?}"));
    }
    // A second seeding of the same database is refused.
    assert!(
        seed::seed_city(&conn, &seed::Scale::TINY, n, anchor, "x", &mut |_, _, _| ())
            .await
            .is_err()
    );
    let csv = app::views::dashboard::export_csv(
        &app::views::dashboard::export_rows(&conn).await.unwrap(),
    );
    (csv, heads)
}

both_backends!(the_city_seed_is_deterministic, |backend| async move {
    let dirs = [
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    ];
    let a = seeded(backend, dirs[0].path(), 7).await;
    let b = seeded(backend, dirs[1].path(), 7).await;
    let c = seeded(backend, dirs[2].path(), 8).await;
    assert_eq!(a, b, "same seed, same data");
    assert_ne!(a.0, c.0, "another seed, other data");
    assert_ne!(a.1, c.1);
    assert!(
        a.0.lines().count() > seed::Scale::TINY.amendments / 2,
        "{}",
        a.0
    );
});
