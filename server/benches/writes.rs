//! Durable writes on the `city` data set, SQLite with `synchronous=FULL`
//! (`cargo bench -p server --bench writes`): how many ballots per second the real server
//! stores (each acknowledged only once on disk), and what an accept on the busiest section
//! (300 amendments) costs: the merge planned before the lock, the time the write lock is
//! held, and how long ballots cast meanwhile wait. Prints figures; no thresholds (those
//! belong in closing notes, not in tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/city.rs"]
mod city;

use app::domain::amendment::AmendmentStatus;
use app::domain::phase::{Phase, Schedule};
use app::entities::{amendment, section, user};
use app::services::{amendments, clock, db, phases, polls, sessions};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Clients each sending ballots one after another.
const CONCURRENCY: usize = 64;
/// Distinct voters in the rate measurement (one ballot each).
const VOTERS: usize = 4_000;

fn client_for(base: &str, cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("origin", base.parse().unwrap());
    headers.insert("cookie", cookie.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn cast(
    client: &reqwest::Client,
    base: &str,
    vote: app::domain::ids::PollId,
    ranking: &str,
) -> u16 {
    client
        .post(format!("{base}/api/votes/cast"))
        .header("accept", "application/json")
        .form(&[("id", vote.to_string().as_str()), ("ranking", ranking)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Casts one ballot for each of `cookies`, CONCURRENCY at a time, the clients spread over
/// the app servers at `bases`; prints the rate and latencies.
async fn rate(label: &str, bases: &[String], cookies: &[String], vote: app::domain::ids::PollId) {
    let queue = Arc::new(std::sync::Mutex::new(cookies.to_vec()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONCURRENCY {
        let (queue, base) = (queue.clone(), bases[c % bases.len()].clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let Some(cookie) = queue.lock().unwrap().pop() else {
                    break;
                };
                let client = client_for(&base, &cookie);
                let t = Instant::now();
                assert_eq!(cast(&client, &base, vote, "2>1>4").await, 200);
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "{label}: {} ballots by {CONCURRENCY} clients on {} app server(s) in {:.2} s = {:.0} durable ballots/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        cookies.len(),
        bases.len(),
        elapsed.as_secs_f64(),
        cookies.len() as f64 / elapsed.as_secs_f64(),
        ms(latencies[latencies.len() / 2]),
        ms(latencies[latencies.len() * 99 / 100]),
        ms(*latencies.last().unwrap())
    );
}

/// With `REDACTA_BENCH_PG_URL` (a PostgreSQL server's admin URL): the city on a fresh
/// PostgreSQL database, ballots per second with one app server, then with two.
async fn postgres_rate(admin: &str) {
    use sea_orm::ConnectionTrait;
    let name = format!("redacta_bench_{}", std::process::id());
    let admin_conn = sea_orm::Database::connect(admin).await.unwrap();
    admin_conn
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let url = match admin.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("REDACTA_BENCH_PG_URL needs a database path"),
    };
    let city::City {
        running,
        config,
        seeded,
        base,
        _dir,
    } = city::start_on(Some(url)).await;
    let conn = running.state.db.clone();
    let (vote, cookies) = open_vote(&conn, &config, &seeded, 2 * VOTERS).await;
    rate(
        "PostgreSQL, one app server",
        std::slice::from_ref(&base),
        &cookies[..VOTERS],
        vote,
    )
    .await;
    let second = server::start(config.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let bases = [base.clone(), format!("http://{}", second.addr)];
    rate(
        "PostgreSQL, two app servers",
        &bases,
        &cookies[VOTERS..],
        vote,
    )
    .await;
    drop(second);
    drop(running);
    conn.close().await.ok();
    admin_conn
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .ok();
}

/// Opens a vote on the seeded program (now in its voting phase) and logs in `voters`
/// residents: the vote and their session cookies.
async fn open_vote(
    conn: &sea_orm::DatabaseConnection,
    config: &app::services::config::Config,
    seeded: &server::dev::seed::Seeded,
    voters: usize,
) -> (app::domain::ids::PollId, Vec<String>) {
    let program = app::entities::program::Entity::find()
        .filter(app::entities::program::Column::Slug.eq(seeded.program_slug.clone()))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let t = clock::now();
    phases::write(
        conn,
        program.id,
        &Schedule(vec![
            (Phase::Voting, t - 86_400),
            (Phase::Closed, t + 30 * 86_400),
        ]),
    )
    .await
    .unwrap();
    let coordinator = user::Entity::find()
        .filter(user::Column::Email.eq("coordinator@city.redacta.test"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let vote = polls::create(
        conn,
        &coordinator,
        polls::NewPoll {
            program_slug: &program.slug,
            kind: "measures",
            title: "Bench",
            description: "",
            amendments: &[],
            measures: "A\nB\nC\nD",
            method: "schulze",
            seats: 1,
            choose: None,
            tie: "none",
            eligibility: "residents",
            assemblies: &[],
            roll: None,
            opens_at: t,
            closes_at: t + 86_400,
            min_voters: 5,
        },
    )
    .await
    .unwrap()
    .id;
    let residents: Vec<app::domain::ids::UserId> = user::Entity::find()
        .filter(user::Column::Role.eq("resident"))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut cookies = Vec::new();
    for id in residents.iter().take(voters) {
        let secret = sessions::create(conn, config, *id).await.unwrap();
        cookies.push(format!("{}={secret}", config.session_cookie_name()));
    }
    (vote, cookies)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let city::City {
        running,
        config,
        seeded,
        base,
        _dir,
    } = city::start().await;
    let conn = running.state.db.clone();
    let (vote, cookies) = open_vote(&conn, &config, &seeded, VOTERS + 200).await;
    let coordinator = user::Entity::find()
        .filter(user::Column::Email.eq("coordinator@city.redacta.test"))
        .one(&conn)
        .await
        .unwrap()
        .unwrap();

    // 1. Ballots per second: VOTERS distinct voters, CONCURRENCY at a time.
    rate(
        "casting (SQLite)",
        std::slice::from_ref(&base),
        &cookies[..VOTERS],
        vote,
    )
    .await;
    if let Ok(admin) = std::env::var("REDACTA_BENCH_PG_URL") {
        postgres_rate(&admin).await;
    }

    // 2. Accepts on the busiest section while ballots keep coming in.
    let busy = section::Entity::find_by_id(seeded.busy_section_id)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let candidates: Vec<amendment::Model> = amendment::Entity::find()
        .filter(amendment::Column::SectionId.eq(busy.id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
        .order_by_asc(amendment::Column::Id)
        .all(&conn)
        .await
        .unwrap();
    println!(
        "busiest section: {} open amendments on revision {}",
        candidates.len(),
        busy.head_number
    );
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut casters = Vec::new();
    for cookie in &cookies[VOTERS..VOTERS + 8] {
        let (stop, base, cookie) = (stop.clone(), base.clone(), cookie.clone());
        casters.push(tokio::spawn(async move {
            let client = client_for(&base, &cookie);
            let mut waits = Vec::new();
            let mut k = 0;
            // Within the per-voter limit: ten ballots, spread over the accepts.
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && k < 10 {
                let t = Instant::now();
                let status = cast(&client, &base, vote, if k % 2 == 0 { "1" } else { "3>2" }).await;
                waits.push((t.elapsed(), status));
                k += 1;
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            waits
        }));
    }
    let mut accepted = 0;
    for a in candidates.iter() {
        if accepted == 3 {
            break;
        }
        let current = amendment::Entity::find_by_id(a.id)
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        if current.status != AmendmentStatus::Published {
            continue;
        }
        let t0 = Instant::now();
        let plan = amendments::plan_accept(&conn, a.id).await.unwrap();
        let planned = t0.elapsed();
        let t1 = Instant::now();
        let txn = db::write_txn(&conn).await.unwrap();
        let got_lock = t1.elapsed();
        let t2 = Instant::now();
        let outcome = match amendments::accept_in(&txn, &coordinator, a.id, &plan, &[], None).await
        {
            Ok(o) => o,
            Err(err) => {
                println!("  amendment {} not accepted: {err}", a.id);
                continue;
            }
        };
        txn.commit().await.unwrap();
        let held = t2.elapsed();
        accepted += 1;
        println!(
            "accept #{}: merges planned outside the lock in {:.0} ms; write lock waited {:.1} ms, held {:.1} ms; {} rebased, {} now in conflict",
            a.id,
            ms(planned),
            ms(got_lock),
            ms(held),
            outcome.rebased.len(),
            outcome.conflicted.len()
        );
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut waits = Vec::new();
    for c in casters {
        waits.extend(c.await.unwrap());
    }
    let failed = waits.iter().filter(|(_, s)| *s != 200).count();
    let mut times: Vec<Duration> = waits.iter().map(|(d, _)| *d).collect();
    times.sort();
    println!(
        "ballots cast during the accepts: {} ({} not 200), wait p50 {:.1} ms, max {:.1} ms",
        times.len(),
        failed,
        ms(times[times.len() / 2]),
        ms(*times.last().unwrap())
    );
    running.stop().await;
}
