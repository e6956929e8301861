#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Live updates: a page listening to a thread's event stream hears about a new comment
//! whichever app server it was posted through; streams are refused for what the reader
//! cannot see, and end when the server stops.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::entities::{program, section};
use app::services::program_files;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::time::Duration;

/// Reads the stream until it names `id` as a new comment (the time limit only turns a
/// hang into a failure).
async fn hear(stream: &mut reqwest::Response, id: &str) -> String {
    let wanted = format!("event: comment\ndata: {id}\n");
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains(&wanted) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(found, Ok(true), "waited for comment {id}, heard: {seen:?}");
    seen
}

both_backends!(new_comments_reach_every_server, |backend| async move {
    let app = spawn_app_with(backend, |c| {
        c.live_poll = Duration::from_millis(100);
    })
    .await;
    let db = &app.state().db;
    let imported = program_files::import(db, None, "Live", "# One\n\nFirst.\n\n# Two\n\nSecond.\n")
        .await
        .unwrap();
    let sections: Vec<i32> = section::Entity::find()
        .filter(section::Column::ProgramId.eq(imported.id))
        .order_by_asc(section::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id.get())
        .collect();
    app.create_user(
        "w@example.org",
        "Writer",
        "a long enough password",
        Role::Resident,
    )
    .await;
    let writer = app.client();
    login(
        &writer,
        &app.base,
        "w@example.org",
        "a long enough password",
    )
    .await;

    // Unpublished: no stream. Unknown kinds and sections: refused.
    let anon = reqwest::Client::new();
    let url = |base: &str, kind: &str, id: i32| format!("{base}/live/comments/{kind}/{id}");
    let res = anon
        .get(url(&app.base, "section", sections[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        anon.get(url(&app.base, "users", 1))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        anon.get(url(&app.base, "section", 999_999))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let mut published: program::ActiveModel = imported.clone().into();
    published.published_at = Set(Some(1));
    published.update(db).await.unwrap();

    // A reader on this server and one on a second server, both anonymous.
    let other = app.second_server().await;
    let other_base = format!("http://{}", other.addr);
    let mut here = anon
        .get(url(&app.base, "section", sections[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(here.status(), 200);
    assert!(here.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut there = anon
        .get(url(&other_base, "section", sections[0]))
        .send()
        .await
        .unwrap();
    let mut elsewhere = anon
        .get(url(&other_base, "section", sections[1]))
        .send()
        .await
        .unwrap();
    assert_eq!(there.status(), 200);

    // Both hear the comment on their section; the reader of the other section does not
    // (it hears the next comment on its own section, and only that one).
    let posted = call(
        &writer,
        &app.base,
        "comments/post",
        &[
            ("target", "section"),
            ("id", &sections[0].to_string()),
            ("body", "Hello, live."),
        ],
    )
    .await;
    assert_eq!(posted.status(), 200);
    let first = posted.text().await.unwrap();
    hear(&mut here, &first).await;
    hear(&mut there, &first).await;
    let posted = call(
        &writer,
        &app.base,
        "comments/post",
        &[
            ("target", "section"),
            ("id", &sections[1].to_string()),
            ("body", "Elsewhere."),
        ],
    )
    .await;
    let second = posted.text().await.unwrap();
    let heard = hear(&mut elsewhere, &second).await;
    assert!(!heard.contains(&format!("data: {first}\n")), "{heard}");

    // Stopping a server ends its open streams instead of waiting for them.
    tokio::time::timeout(Duration::from_secs(20), other.stop())
        .await
        .expect("the server stops with streams open");
    let rest = tokio::time::timeout(Duration::from_secs(20), async {
        while let Ok(Some(_)) = there.chunk().await {}
    })
    .await;
    assert!(rest.is_ok(), "the stream ended with the server");
});
