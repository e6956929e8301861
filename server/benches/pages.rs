//! What a resident's phone downloads, and how many page views per second the server answers,
//! on the `city` data set (`cargo bench -p server --bench pages`; build the site first, e.g.
//! with `bash .ci/start` or `cargo leptos build --release`). For the program page, the
//! busiest section, an amendment on it, a vote and the vote list, as an anonymous visitor:
//! the first load in gzip bytes (the page's HTML plus the CSS, JS and wasm every page loads),
//! then 64 connections for 5 seconds: page views per second and the 50th/99th percentile
//! latency. Prints figures; no thresholds (those belong in closing notes, not in tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/city.rs"]
mod city;

use app::domain::amendment::AmendmentStatus;
use app::entities::{amendment, poll};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;
const LOAD_SECONDS: u64 = 5;

/// The body as sent over the wire (gzip when the server compresses it) and its status.
async fn wire_bytes(client: &reqwest::Client, url: &str) -> (u16, usize) {
    let res = client
        .get(url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.bytes().await.unwrap().len())
}

async fn load(base: &str, path: &str) -> (f64, f64, f64, usize) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .unwrap();
    let url = format!("{base}{path}");
    let until = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut failed = 0;
            while Instant::now() < until {
                let t = Instant::now();
                match client
                    .get(&url)
                    .header("accept-encoding", "gzip")
                    .send()
                    .await
                {
                    Ok(res) if res.status().is_success() => {
                        let _ = res.bytes().await;
                        times.push(t.elapsed());
                    }
                    _ => failed += 1,
                }
            }
            (times, failed)
        }));
    }
    let mut all = Vec::new();
    let mut failed = 0;
    for t in tasks {
        let (times, f) = t.await.unwrap();
        all.extend(times);
        failed += f;
    }
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    };
    (
        all.len() as f64 / LOAD_SECONDS as f64,
        pct(0.5),
        pct(0.99),
        failed,
    )
}

#[tokio::main]
async fn main() {
    let city::City {
        running,
        seeded,
        base,
        _dir,
        ..
    } = city::start().await;
    let conn = running.state.db.clone();
    let amendment = amendment::Entity::find()
        .filter(amendment::Column::SectionId.eq(seeded.busy_section_id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
        .order_by_asc(amendment::Column::Id)
        .one(&conn)
        .await
        .unwrap()
        .expect("the busiest section has published amendments");
    let vote = poll::Entity::find()
        .order_by_asc(poll::Column::Id)
        .one(&conn)
        .await
        .unwrap()
        .expect("the city has votes");
    let pages = [
        ("program", format!("/programs/{}", seeded.program_slug)),
        (
            "busiest section",
            format!("/sections/{}", seeded.busy_section_id),
        ),
        ("amendment", format!("/amendments/{}", amendment.id)),
        ("vote", format!("/votes/{}", vote.id)),
        ("vote list", "/votes".to_string()),
    ];

    let client = reqwest::Client::new();
    let name = server::site::OUTPUT_NAME;
    let mut assets = 0;
    println!("\nassets every page loads (gzip bytes on the wire):");
    for file in [
        format!("/pkg/{name}.css"),
        format!("/pkg/{name}.js"),
        format!("/pkg/{name}.wasm"),
    ] {
        let (status, bytes) = wire_bytes(&client, &format!("{base}{file}")).await;
        assert_eq!(status, 200, "{file}: build the site first");
        println!("  {file:<24} {:>8.1} KB", bytes as f64 / 1024.0);
        assets += bytes;
    }

    println!(
        "\n{:<16} {:>10} {:>12} {:>10} {:>9} {:>9} {:>7}",
        "page", "HTML KB", "first load", "views/s", "p50 ms", "p99 ms", "failed"
    );
    for (label, path) in &pages {
        let (status, html) = wire_bytes(&client, &format!("{base}{path}")).await;
        assert_eq!(status, 200, "{path}");
        let (rate, p50, p99, failed) = load(&base, path).await;
        println!(
            "{label:<16} {:>10.1} {:>9.1} KB {rate:>10.0} {p50:>9.1} {p99:>9.1} {failed:>7}",
            html as f64 / 1024.0,
            (html + assets) as f64 / 1024.0,
        );
    }
    println!("\n(first load: the page's HTML plus the assets above; goal in issue 14: ≤ 150 KB)");
}
