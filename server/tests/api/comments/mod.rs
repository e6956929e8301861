#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Comment threads over HTTP: posting, replies and their depth limit, stances, votes, sort
//! orders, edits with history, deletion, reports and moderation, the posting rate, anchors
//! following their passage, and hostile bodies rendered inert.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::entities::{comment, comment_version, event, section};
use app::services::program_files;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;

mod limits;
mod notifications;
mod pages;

const PROGRAM: &str = "# Habitatge\n\nConstruir 500 habitatges públics cada any. Cap desnonament sense alternativa.\n";
const PASSWORD: &str = "a long enough password";

struct World {
    app: TestApp,
    section: i32,
    people: Vec<reqwest::Client>,
    facilitator: reqwest::Client,
}

async fn world(backend: Backend) -> World {
    world_with(backend, |_| {}).await
}

async fn world_with(
    backend: Backend,
    tweak: impl FnOnce(&mut app::services::config::Config),
) -> World {
    let app = spawn_app_with(backend, tweak).await;
    let db = &app.state().db;
    let imported = program_files::import(db, None, "Programa", PROGRAM)
        .await
        .unwrap();
    let mut p: app::entities::program::ActiveModel = imported.clone().into();
    p.published_at = Set(Some(1));
    p.update(db).await.unwrap();
    start_phase(db, imported.id, app::domain::phase::Phase::Amendments).await;
    let section = section::Entity::find().one(db).await.unwrap().unwrap().id;
    let mut people = Vec::new();
    for i in 0..4 {
        let email = format!("p{i}@example.org");
        app.create_user(&email, &format!("Person {i}"), PASSWORD, Role::Resident)
            .await;
        let client = app.client();
        login(&client, &app.base, &email, PASSWORD).await;
        people.push(client);
    }
    app.create_user("fa@example.org", "Fa", PASSWORD, Role::Facilitator)
        .await;
    let facilitator = app.client();
    login(&facilitator, &app.base, "fa@example.org", PASSWORD).await;
    World {
        app,
        section: section.get(),
        people,
        facilitator,
    }
}

impl World {
    async fn post(&self, who: usize, fields: &[(&str, &str)]) -> (u16, String) {
        let section = self.section.to_string();
        let mut all = vec![("target", "section"), ("id", section.as_str())];
        all.extend_from_slice(fields);
        let res = call(&self.people[who], &self.app.base, "comments/post", &all).await;
        (res.status().as_u16(), res.text().await.unwrap())
    }

    async fn thread(&self, client: &reqwest::Client, sort: &str) -> Value {
        let res = call(
            client,
            &self.app.base,
            "comments/thread",
            &[
                ("target", "section"),
                ("id", &self.section.to_string()),
                ("sort", sort),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    async fn act(&self, client: &reqwest::Client, endpoint: &str, fields: &[(&str, &str)]) -> u16 {
        call(client, &self.app.base, endpoint, fields)
            .await
            .status()
            .as_u16()
    }
}

both_backends!(threads_replies_votes_and_sorting, |backend| async move {
    let w = world(backend).await;
    let (status, first) = w.post(0, &[("body", "First, **bold**.")]).await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = w.post(1, &[("body", "Second.")]).await;
    // A stance belongs to amendment threads only.
    assert_eq!(w.post(2, &[("body", "x"), ("stance", "for")]).await.0, 400);
    // Replies nest up to the depth limit (4), then refuse.
    let mut parent = first.clone();
    for depth in 1..=4 {
        let (status, id) = w
            .post(
                depth % 3,
                &[("body", &format!("reply {depth}")), ("parent_id", &parent)],
            )
            .await;
        assert_eq!(status, 200, "depth {depth}: {id}");
        parent = id;
    }
    let (status, body) = w
        .post(3, &[("body", "too deep"), ("parent_id", &parent)])
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("TooDeep"));

    // Votes: one per person, changeable, never on one's own comment.
    for who in [0, 2, 3] {
        let v = if who == 3 { "-1" } else { "1" };
        assert_eq!(
            w.act(
                &w.people[who],
                "comments/vote",
                &[("id", &second), ("value", v)]
            )
            .await,
            200
        );
    }
    assert_eq!(
        w.act(
            &w.people[3],
            "comments/vote",
            &[("id", &second), ("value", "1")]
        )
        .await,
        200
    );
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/vote",
            &[("id", &second), ("value", "1")]
        )
        .await,
        403
    );
    assert_eq!(
        w.act(
            &w.people[0],
            "comments/vote",
            &[("id", &second), ("value", "7")]
        )
        .await,
        400
    );

    let best = w.thread(&w.people[0], "best").await;
    let tops: Vec<&Value> = best["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["depth"] == 0)
        .collect();
    assert_eq!(tops[0]["id"].to_string(), second, "three ups first");
    assert_eq!(tops[0]["ups"], 3);
    assert_eq!(best["comments"].as_array().unwrap().len(), 6);
    let newest = w.thread(&w.people[0], "newest").await;
    assert_eq!(newest["comments"][0]["id"].to_string(), second);
    let oldest = w.thread(&w.people[0], "oldest").await;
    assert_eq!(oldest["comments"][0]["id"].to_string(), first);
    // Replies follow their parent, depth first.
    let depths: Vec<i64> = oldest["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["depth"].as_i64().unwrap())
        .collect();
    assert_eq!(depths, vec![0, 1, 2, 3, 4, 0]);
    assert!(oldest["comments"][0]["body"]
        .as_str()
        .unwrap()
        .contains("<strong>bold</strong>"));

    // Sort and filter parameters holding anything else: 400, nothing run.
    for bad in ["created_at", "id; DROP TABLE comments", "ups desc"] {
        let res = call(
            &w.people[0],
            &w.app.base,
            "comments/thread",
            &[
                ("target", "section"),
                ("id", &w.section.to_string()),
                ("sort", bad),
            ],
        )
        .await;
        assert_eq!(res.status(), 400, "{bad}");
    }
    let res = call(
        &w.people[0],
        &w.app.base,
        "comments/thread",
        &[("target", "users"), ("id", "1")],
    )
    .await;
    assert_eq!(res.status(), 400);
});

both_backends!(edits_deletes_reports_and_moderation, |backend| async move {
    let w = world(backend).await;
    let db = &w.app.state().db;
    let (_, id) = w.post(0, &[("body", "Original text.")]).await;
    // Only the author edits; the earlier text is kept.
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/edit",
            &[("id", &id), ("body", "hijacked")]
        )
        .await,
        403
    );
    assert_eq!(
        w.act(
            &w.people[0],
            "comments/edit",
            &[("id", &id), ("body", "Edited text.")]
        )
        .await,
        200
    );
    let versions = comment_version::Entity::find().all(db).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].body, "Original text.");
    let thread = w.thread(&w.people[1], "best").await;
    assert_eq!(thread["comments"][0]["edited"], true);
    assert!(thread["comments"][0]["body"]
        .as_str()
        .unwrap()
        .contains("Edited text."));

    // Reports: once each; the third hides the comment pending review.
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/report",
            &[("id", &id), ("reason", "")]
        )
        .await,
        400
    );
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/report",
            &[("id", &id), ("reason", "insult")]
        )
        .await,
        200
    );
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/report",
            &[("id", &id), ("reason", "again")]
        )
        .await,
        409
    );
    assert_eq!(
        w.act(
            &w.people[2],
            "comments/report",
            &[("id", &id), ("reason", "spam")]
        )
        .await,
        200
    );
    let visible = w.thread(&w.people[3], "best").await;
    assert_eq!(visible["comments"][0]["hidden"], false);
    assert_eq!(
        w.act(
            &w.people[3],
            "comments/report",
            &[("id", &id), ("reason", "rude")]
        )
        .await,
        200
    );
    let to_others = w.thread(&w.people[3], "best").await;
    assert_eq!(to_others["comments"][0]["hidden"], true);
    assert_eq!(to_others["comments"][0]["body"], "");
    let to_author = w.thread(&w.people[0], "best").await;
    assert!(to_author["comments"][0]["body"]
        .as_str()
        .unwrap()
        .contains("Edited text."));

    // The queue: facilitators only, with the reasons.
    let res = call(&w.people[1], &w.app.base, "comments/queue", &[]).await;
    assert_eq!(res.status(), 403);
    let queue: Value = call(&w.facilitator, &w.app.base, "comments/queue", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue[0]["id"].to_string(), id);
    assert_eq!(queue[0]["hidden"], true);
    assert_eq!(queue[0]["reasons"].as_array().unwrap().len(), 3);

    // Residents do not moderate; a facilitator does, and the event log says who and why.
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/moderate",
            &[("id", &id), ("action", "dismiss"), ("why", "x")]
        )
        .await,
        403
    );
    assert_eq!(
        w.act(
            &w.facilitator,
            "comments/moderate",
            &[("id", &id), ("action", "dismiss"), ("why", "not an insult")]
        )
        .await,
        200
    );
    assert_eq!(
        w.thread(&w.people[3], "best").await["comments"][0]["hidden"],
        false
    );
    let logged = event::Entity::find()
        .filter(event::Column::Kind.eq("comment.dismiss"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(logged.detail.contains("not an insult"));
    assert!(logged.actor_id.is_some());

    // Deleting keeps the place in the thread, and its replies.
    let (_, reply) = w.post(1, &[("body", "A reply."), ("parent_id", &id)]).await;
    assert_eq!(
        w.act(&w.people[1], "comments/delete", &[("id", &id)]).await,
        403
    );
    assert_eq!(
        w.act(&w.people[0], "comments/delete", &[("id", &id)]).await,
        200
    );
    let thread = w.thread(&w.people[2], "oldest").await;
    assert_eq!(thread["comments"][0]["deleted"], true);
    assert_eq!(thread["comments"][0]["body"], "");
    assert_eq!(thread["comments"][1]["id"].to_string(), reply);
    let stored = comment::Entity::find_by_id(id.parse::<app::domain::ids::CommentId>().unwrap())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.body, "");
    assert_eq!(
        comment_version::Entity::find().count(db).await.unwrap(),
        0,
        "history of a deleted comment goes too"
    );
});

async fn unread(w: &World, client: &reqwest::Client) -> i64 {
    me(client, &w.app.base).await["unread"].as_i64().unwrap()
}

async fn kinds(w: &World, client: &reqwest::Client) -> Vec<String> {
    let list: Value = call(client, &w.app.base, "notifications/list", &[])
        .await
        .json()
        .await
        .unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}
