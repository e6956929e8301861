//! The real server on port 0 with the `city` data set in a fresh SQLite file, for the
//! benches (included with `#[path]`: each bench is its own crate).

use app::services::{clock, config::Config};
use server::dev::seed;
use std::time::Instant;

/// Each bench reads the fields it needs.
#[allow(dead_code)]
pub struct City {
    pub running: server::Running,
    pub config: Config,
    pub seeded: seed::Seeded,
    pub base: String,
    /// Holds the database file until the bench ends.
    pub _dir: tempfile::TempDir,
}

/// Starts the server, seeds the city and prints what was seeded and how long it took.
pub async fn start() -> City {
    start_on(None).await
}

/// As [`start`], on the database at `url` (a fresh one) instead of a SQLite file.
pub async fn start_on(url: Option<String>) -> City {
    let dir = tempfile::tempdir().unwrap();
    let url = url.unwrap_or_else(|| format!("sqlite://{}/city.db?mode=rwc", dir.path().display()));
    let mut config = Config::new(url);
    config.outbox_dir = dir.path().join("outbox");
    let running = server::start(config.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let base = format!("http://{}", running.addr);
    let started = Instant::now();
    let hash = running
        .state
        .hasher
        .hash(seed::CITY_PASSWORD)
        .await
        .unwrap();
    let anchor = clock::now() / 86_400 * 86_400;
    let seeded = seed::seed_city(
        &running.state.db,
        &seed::Scale::CITY,
        1,
        anchor,
        &hash,
        &mut |_, _, _| {},
    )
    .await
    .unwrap();
    println!(
        "city seed: {} residents, {} amendments ({} on the busiest section), {} comments, \
         {} ballots in {:.1} s",
        seeded.residents,
        seeded.amendments,
        seed::Scale::CITY.busy_section,
        seeded.comments,
        seeded.ballots,
        started.elapsed().as_secs_f64()
    );
    City {
        running,
        config,
        seeded,
        base,
        _dir: dir,
    }
}
