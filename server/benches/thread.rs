//! How long the first page of a thread takes to render, for a 50-comment thread, a
//! 5,000-comment thread (1,000 conversations of five) and a single 5,000-comment conversation (`cargo bench -p server --bench thread`): the real server on a
//! temporary SQLite database, the section page requested over HTTP. Prints figures; no
//! thresholds (those belong in the closing notes, not in tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::entities::{comment, program, section, user};
use app::services::{config::Config, program_files};
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};
use std::time::{Duration, Instant};

const PROGRAM: &str = "# Small\n\nA section with fifty comments.\n\n# Big\n\nA section with five thousand comments.\n\n# Deep\n\nOne conversation of five thousand comments.\n";

async fn seed(
    db: &sea_orm::DatabaseConnection,
    section_id: app::domain::ids::SectionId,
    program_id: app::domain::ids::ProgramId,
    author: app::domain::ids::UserId,
    n: usize,
    every: usize,
) {
    let txn = db.begin().await.unwrap();
    let mut root: Option<app::domain::ids::CommentId> = None;
    for i in 0..n {
        // Every `every`-th comment is a top-level one; the others reply to the last of those.
        let reply = i % every != 0;
        let body = format!(
            "Comment number {i}, with **some** Markdown and a [link](https://example.org)."
        );
        let created = comment::ActiveModel {
            program_id: Set(program_id),
            section_id: Set(section_id),
            amendment_id: Set(None),
            parent_id: Set(if reply { root } else { None }),
            root_id: Set(if reply { root } else { None }),
            depth: Set(if reply { 1 } else { 0 }),
            author_id: Set(author),
            stance: Set(None),
            body_html: Set(app::services::markdown::render(&body).as_str().to_string()),
            body: Set(body),
            anchor_revision: Set(None),
            anchor_start: Set(None),
            anchor_end: Set(None),
            anchor_quote: Set(None),
            anchor_prefix: Set(None),
            anchor_suffix: Set(None),
            ups: Set((i % 7) as i32),
            downs: Set((i % 3) as i32),
            reports: Set(0),
            hidden: Set(false),
            deleted: Set(false),
            edited_at: Set(None),
            created_at: Set(1_800_000_000 + i as i64),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        if !reply {
            root = Some(created.id);
        }
    }
    txn.commit().await.unwrap();
}

fn summary(label: &str, mut times: Vec<Duration>, bytes: usize, shown: usize) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<34} median {:>7.2} ms   p90 {:>7.2} ms   min {:>7.2} ms   page {:>7} bytes, {:>3} comments",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[0]),
        bytes,
        shown
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
    let mut config = Config::new(url);
    config.outbox_dir = dir.path().join("outbox");
    let running = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let db = running.state.db.clone();
    let imported = program_files::import(&db, None, "Bench", PROGRAM)
        .await
        .unwrap();
    let mut p: program::ActiveModel = imported.clone().into();
    p.published_at = Set(Some(1));
    p.update(&db).await.unwrap();
    let author = app::services::accounts::create_user(
        &running.state,
        "bench@example.org",
        "Bench",
        "a long enough password",
        app::domain::role::Role::Resident,
    )
    .await
    .unwrap();
    let sections = section::Entity::find().all(&db).await.unwrap();
    let started = Instant::now();
    seed(&db, sections[0].id, imported.id, author.id, 50, 5).await;
    seed(&db, sections[1].id, imported.id, author.id, 5_000, 5).await;
    seed(&db, sections[2].id, imported.id, author.id, 5_000, 5_000).await;
    println!(
        "seeded 10,050 comments in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let _ = user::Entity::find().all(&db).await.unwrap();

    let client = reqwest::Client::new();
    let base = format!("http://{}", running.addr);
    for (label, id) in [
        ("first page, 50-comment thread", sections[0].id),
        ("first page, 5,000-comment thread", sections[1].id),
        ("first page, one 5,000-comment talk", sections[2].id),
    ] {
        let url = format!("{base}/sections/{id}");
        // Warm up.
        for _ in 0..3 {
            client.get(&url).send().await.unwrap().text().await.unwrap();
        }
        let mut times = Vec::new();
        let mut bytes = 0;
        let mut shown = 0;
        for _ in 0..30 {
            let t = Instant::now();
            let html = client.get(&url).send().await.unwrap().text().await.unwrap();
            times.push(t.elapsed());
            bytes = html.len();
            shown = html.matches("<li id=\"comment-").count();
        }
        summary(label, times, bytes, shown);
    }
    running.stop().await;
}
