//! Eligibility rolls at city size (`cargo bench -p server --bench rolls`): importing a
//! census as large as Barcelona's (1,700,000 lines; `REDACTA_BENCH_ROLL_LINES` to change)
//! with `redacta import-roll`'s code, while another task keeps writing (how long its writes
//! wait: the import must not hold the database); the same list uploaded through the
//! rolls page's form; and what one verification costs. On SQLite, and on PostgreSQL too
//! when `REDACTA_BENCH_PG_URL` names a server. Prints figures; no thresholds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::domain::role::Role;
use app::services::{config::Config, rate_limit, rolls};
use sea_orm::ConnectionTrait;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

const LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// A census line: a Spanish ID number with its check letter, and a birth date.
fn line(i: u64) -> String {
    let n = 10_000_000 + i * 7;
    let letter = LETTERS[(n % 23) as usize] as char;
    let (y, m, d) = (1930 + i % 80, 1 + (i / 80) % 12, 1 + (i / 960) % 28);
    format!("{n:08}{letter},{d:02}/{m:02}/{y}\n")
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn run(label: &str, url: String, file: &std::path::Path, lines: u64) {
    let mut config = Config::new(url);
    let dir = tempfile::tempdir().unwrap();
    config.outbox_dir = dir.path().join("outbox");
    config.roll_key = Some(rolls::RollKey::generate());
    let running = server::start(config.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let state = running.state.clone();
    let db = state.db.clone();
    let coordinator = app::services::accounts::create_user(
        &state,
        "co@bench.test",
        "Coordinació",
        "a long enough password",
        Role::Coordinator,
    )
    .await
    .unwrap();

    // 1. The command-line import, with small writes going on beside it.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        tokio::spawn(async move {
            let mut waits = Vec::new();
            let mut k = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                rate_limit::hit(
                    &db,
                    &format!("bench-{k}"),
                    rate_limit::Limit {
                        limit: 10,
                        window_secs: 60,
                    },
                )
                .await
                .unwrap();
                waits.push(t.elapsed());
                k += 1;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            waits
        })
    };
    let before = peak_mib();
    let started = Instant::now();
    let (roll, report) = server::rolls::import_file(
        &db,
        config.roll_key.as_ref(),
        "co@bench.test",
        "Padró",
        "birth-date",
        "",
        file,
    )
    .await
    .unwrap();
    let secs = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut waits = writer.await.unwrap();
    waits.sort();
    assert_eq!(report.added, lines);
    println!(
        "{label}: import-roll of {lines} lines: {secs:.1} s ({:.0} lines/s), peak memory {before:.0} -> {:.0} MiB; \
         {} small writes meanwhile waited p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        lines as f64 / secs,
        peak_mib(),
        waits.len(),
        percentile(&waits, 0.5),
        percentile(&waits, 0.99),
        percentile(&waits, 1.0),
    );

    // 2. The same list through the rolls page's upload form.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("http://{}", running.addr);
    let res = client
        .post(format!("{base}/api/auth/login"))
        .header("origin", &base)
        .form(&[
            ("email", "co@bench.test"),
            ("password", "a long enough password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = tokio::fs::read(file).await.unwrap();
    let size = body.len();
    let form = reqwest::multipart::Form::new()
        .text("name", "Padró (pujat)")
        .text("factor", "birth-date")
        .part(
            "file",
            reqwest::multipart::Part::bytes(body).file_name("padro.csv"),
        );
    let before = peak_mib();
    let started = Instant::now();
    let res = client
        .post(format!("{base}/rolls/import"))
        .header("origin", &base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !location.contains(&format!("added={lines}")) {
        panic!(
            "{status} {location} {}",
            res.text().await.unwrap_or_default()
        );
    }
    println!(
        "{label}: upload of {:.1} MB through /rolls/import: {secs:.1} s, peak memory {before:.0} -> {:.0} MiB \
         (the bench's own copy of the file included)",
        size as f64 / 1e6,
        peak_mib()
    );

    // 3. Verifications: the right facts for 200 accounts, one after another.
    let mut times = Vec::new();
    for i in 0..200u64 {
        use sea_orm::ActiveModelTrait;
        let mut u: app::entities::user::ActiveModel =
            app::entities::user::ActiveModel::from(coordinator.clone()).reset_all();
        u.id = sea_orm::NotSet;
        u.email = sea_orm::Set(format!("v{i}@bench.test"));
        u.display_name = sea_orm::Set(format!("V{i}"));
        u.role = sea_orm::Set(Role::Resident);
        let u = u.insert(&db).await.unwrap();
        let l = line(i * 7919 % lines);
        let (id, date) = l.trim_end().split_once(',').unwrap();
        let t = Instant::now();
        rolls::verify(
            &db,
            config.roll_key.as_ref(),
            &u,
            roll.id,
            &format!("client-{i}"),
            id,
            date,
        )
        .await
        .unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{label}: verifying on a roll of {lines}: p50 {:.2} ms, p99 {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
    if let Some(path) = app::services::db::sqlite_file(&config.database_url) {
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "{label}: database file with two rolls of {lines}: {:.0} MB",
            bytes as f64 / 1e6
        );
    } else {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT pg_total_relation_size('roll_entries') AS n",
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        println!(
            "{label}: roll_entries with two rolls of {lines}: {:.0} MB",
            n as f64 / 1e6
        );
    }
    running.stop().await;
}

#[tokio::main]
async fn main() {
    let lines: u64 = std::env::var("REDACTA_BENCH_ROLL_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_700_000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("padro.csv");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for i in 0..lines {
            out.write_all(line(i).as_bytes()).unwrap();
        }
    }
    println!(
        "census file: {lines} lines, {:.1} MB",
        std::fs::metadata(&file).unwrap().len() as f64 / 1e6
    );
    run(
        "SQLite",
        format!("sqlite://{}/rolls.db?mode=rwc", dir.path().display()),
        &file,
        lines,
    )
    .await;
    if let Ok(admin) = std::env::var("REDACTA_BENCH_PG_URL") {
        let name = format!("redacta_bench_rolls_{}", std::process::id());
        let admin_conn = sea_orm::Database::connect(&admin).await.unwrap();
        admin_conn
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let url = match admin.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("REDACTA_BENCH_PG_URL needs a database path"),
        };
        run("PostgreSQL", url, &file, lines).await;
        admin_conn
            .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .unwrap();
    }
}
