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
        section,
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
    let stored = comment::Entity::find_by_id(id.parse::<i32>().unwrap())
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

both_backends!(
    posting_is_rate_limited_and_bodies_capped,
    |backend| async move {
        let w = world_with(backend, |c| c.comments.rate_count = 3).await;
        for i in 0..3 {
            assert_eq!(w.post(0, &[("body", &format!("n{i}"))]).await.0, 200);
        }
        let (status, body) = w.post(0, &[("body", "one too many")]).await;
        assert_eq!(status, 429);
        assert!(body.contains("Throttled"));
        // Someone else is not slowed down.
        assert_eq!(w.post(1, &[("body", "mine")]).await.0, 200);
        assert_eq!(w.post(1, &[("body", &"a".repeat(10_001))]).await.0, 400);
        assert_eq!(w.post(1, &[("body", "   ")]).await.0, 400);
        // 100,000 nested quotes: refused by the size cap, at once.
        assert_eq!(w.post(1, &[("body", &">".repeat(100_000))]).await.0, 400);
        let nested = ">".repeat(9_000);
        assert_eq!(
            w.post(1, &[("body", &nested)]).await.0,
            200,
            "deep quotes within the cap render"
        );
        // Anonymous: log in first.
        let res = call(
            &w.app.client(),
            &w.app.base,
            "comments/post",
            &[
                ("target", "section"),
                ("id", &w.section.to_string()),
                ("body", "hi"),
            ],
        )
        .await;
        assert_eq!(res.status(), 401);
    }
);

both_backends!(anchors_follow_their_passage, |backend| async move {
    let w = world(backend).await;
    let start = PROGRAM.find("Cap desnonament").unwrap() - "# Habitatge\n\n".len();
    let end = start + "Cap desnonament sense alternativa".len();
    let (status, _) = w
        .post(
            0,
            &[
                ("body", "About evictions."),
                ("anchor_revision", "1"),
                ("anchor_start", &start.to_string()),
                ("anchor_end", &end.to_string()),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let homes = PROGRAM.find("500").unwrap() - "# Habitatge\n\n".len();
    w.post(
        1,
        &[
            ("body", "About the figure."),
            ("anchor_revision", "1"),
            ("anchor_start", &homes.to_string()),
            ("anchor_end", &(homes + 3).to_string()),
        ],
    )
    .await;
    // Offsets outside the text, or cutting a character: refused.
    assert_eq!(
        w.post(
            2,
            &[
                ("body", "x"),
                ("anchor_revision", "1"),
                ("anchor_start", "5"),
                ("anchor_end", "99999")
            ]
        )
        .await
        .0,
        400
    );

    // An amendment changes the figure; accepted, the section moves to r2.
    let head = app::services::lookup::revision_text(&w.app.state().db, w.section, 1)
        .await
        .unwrap();
    let res = call(
        &w.people[3],
        &w.app.base,
        "amendments/create",
        &[
            ("section_id", &w.section.to_string()),
            ("base_number", "1"),
            ("title", "800"),
            (
                "text",
                &format!("Com a mínim: {}", head.replace("500", "800")),
            ),
            ("justification", ""),
        ],
    )
    .await;
    let amendment: i32 = res.json().await.unwrap();
    let id = amendment.to_string();
    assert_eq!(
        w.act(&w.people[3], "amendments/publish", &[("id", &id)])
            .await,
        200
    );
    assert_eq!(
        w.act(&w.facilitator, "amendments/accept", &[("id", &id)])
            .await,
        200
    );

    let thread = w.thread(&w.people[0], "oldest").await;
    let evictions = &thread["comments"][0]["anchor"];
    assert_eq!(evictions["state"], "intact");
    assert_eq!(evictions["current"], "Cap desnonament sense alternativa");
    let figure = &thread["comments"][1]["anchor"];
    assert_eq!(figure["state"], "changed");
    assert_eq!(figure["quote"], "500");
    assert_eq!(figure["current"], "800");
});

both_backends!(hostile_comments_render_inert, |backend| async move {
    let w = world(backend).await;
    let payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)> [x](javascript:alert(4)) [y](JaVaScRiPt:alert(5)) [z](data:text/html,hi) <iframe src=//evil.example></iframe>";
    assert_eq!(w.post(0, &[("body", payload)]).await.0, 200);
    let html = w
        .app
        .client()
        .get(format!("{}/sections/{}", w.app.base, w.section))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .to_lowercase();
    assert!(
        html.contains("class=\"comment"),
        "the thread is on the page"
    );
    for bad in [
        "<script>alert",
        "<img src=x onerror",
        "<svg",
        "<iframe",
        "onerror=\"",
        "onload=\"",
        "href=\"javascript:",
        "href=\"data:",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
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
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

both_backends!(follows_and_notifications, |backend| async move {
    let w = world(backend).await;
    let base = &w.app.base;
    let (alice, bob, carol, dave) = (&w.people[0], &w.people[1], &w.people[2], &w.people[3]);
    let section = w.section.to_string();

    // Carol follows the section; Dave's comment there reaches her, not him.
    assert_eq!(
        w.act(
            carol,
            "follows/set",
            &[("kind", "section"), ("id", &section), ("follow", "true")]
        )
        .await,
        200
    );
    let (_, dave_comment) = w.post(3, &[("body", "Dave speaks.")]).await;
    assert_eq!(kinds(&w, carol).await, vec!["comment"]);
    assert_eq!(unread(&w, dave).await, 0);
    // A reply reaches the parent's author once (as a reply, not also as a follower).
    assert_eq!(
        w.act(
            dave,
            "follows/set",
            &[("kind", "section"), ("id", &section), ("follow", "true")]
        )
        .await,
        200
    );
    w.post(
        2,
        &[("body", "Carol answers."), ("parent_id", &dave_comment)],
    )
    .await;
    assert_eq!(kinds(&w, dave).await, vec!["reply"]);

    // Alice writes an amendment (and follows it); Bob supports and comments on it.
    let head = app::services::lookup::revision_text(&w.app.state().db, w.section, 1)
        .await
        .unwrap();
    let create = |client: reqwest::Client, title: &'static str, text: String| {
        let base = base.clone();
        let section = section.clone();
        async move {
            let res = call(
                &client,
                &base,
                "amendments/create",
                &[
                    ("section_id", section.as_str()),
                    ("base_number", "1"),
                    ("title", title),
                    ("text", text.as_str()),
                    ("justification", ""),
                ],
            )
            .await;
            let id: i32 = res.json().await.unwrap();
            let id = id.to_string();
            assert_eq!(
                call(&client, &base, "amendments/publish", &[("id", id.as_str())])
                    .await
                    .status(),
                200
            );
            id
        }
    };
    let a = create(alice.clone(), "800", head.replace("500", "800")).await;
    let b = create(dave.clone(), "900", head.replace("500", "900")).await;
    assert_eq!(w.act(bob, "amendments/support", &[("id", &a)]).await, 200);
    assert_eq!(w.act(carol, "amendments/support", &[("id", &b)]).await, 200);
    let res = call(
        bob,
        base,
        "comments/post",
        &[
            ("target", "amendment"),
            ("id", &a),
            ("body", "Good idea."),
            ("stance", "for"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(kinds(&w, alice).await, vec!["comment"]);

    // Accepting tells the author and supporters; the rival's author and supporters hear
    // about the conflict.
    assert_eq!(
        w.act(&w.facilitator, "amendments/accept", &[("id", &a)])
            .await,
        200
    );
    assert_eq!(kinds(&w, alice).await[0], "accepted");
    assert_eq!(kinds(&w, bob).await, vec!["accepted"]);
    assert!(kinds(&w, dave).await.contains(&"conflicted".to_string()));
    assert!(kinds(&w, carol).await.contains(&"conflicted".to_string()));

    assert_eq!(unread(&w, alice).await, 2);
    assert_eq!(w.act(alice, "notifications/read-all", &[]).await, 200);
    assert_eq!(unread(&w, alice).await, 0);

    // Following what one cannot see: 404; an unknown kind: 400; anonymous: 401.
    let res = call(
        alice,
        base,
        "amendments/create",
        &[
            ("section_id", section.as_str()),
            ("base_number", "2"),
            ("title", "draft"),
            ("text", "A different text."),
            ("justification", ""),
        ],
    )
    .await;
    let draft: i32 = res.json().await.unwrap();
    assert_eq!(
        w.act(
            bob,
            "follows/set",
            &[
                ("kind", "amendment"),
                ("id", &draft.to_string()),
                ("follow", "true")
            ]
        )
        .await,
        404
    );
    assert_eq!(
        w.act(
            bob,
            "follows/set",
            &[("kind", "users"), ("id", "1"), ("follow", "true")]
        )
        .await,
        400
    );
    assert_eq!(
        w.act(
            &w.app.client(),
            "follows/set",
            &[("kind", "section"), ("id", &section), ("follow", "true")]
        )
        .await,
        401
    );
});

both_backends!(
    daily_digest_with_one_click_unsubscribe,
    |backend| async move {
        let w = world(backend).await;
        let state = w.app.state();
        let alice = &w.people[0];
        assert_eq!(
            w.act(alice, "notifications/digest", &[("on", "true")])
                .await,
            200
        );
        let (_, first) = w.post(0, &[("body", "Alice asks.")]).await;
        w.post(1, &[("body", "Bob answers."), ("parent_id", &first)])
            .await;
        w.post(0, &[("body", "Alice answers Bob."), ("parent_id", &first)])
            .await;

        // Only Alice opted in; Bob's reply notification stays in the app.
        let sent = app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        assert_eq!(sent, 1);
        let mail = w.app.last_mail_to("p0@example.org").await;
        assert!(mail.contains("Person 1 replied to you"), "{mail}");
        assert!(mail.contains("/sections/"));
        // Not twice in a day, even with several servers asking.
        let again = app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        assert_eq!(again, 0);

        // The one-click link, without logging in.
        // The body's link (the headers carry it too, in angle brackets).
        let body = &mail[mail.find("\r\n\r\n").unwrap_or(0)..];
        let link = link_in(body, &format!("{}/unsubscribe?token=", w.app.base));
        let page = w.app.client().get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("you will not get the daily digest"));
        let opted = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("p0@example.org"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!opted.digest_opt_in);
        let bad = w
            .app
            .client()
            .get(format!("{}/unsubscribe?token=forged", w.app.base))
            .send()
            .await
            .unwrap();
        assert!(bad
            .text()
            .await
            .unwrap()
            .contains("This link is invalid, expired or already used."));

        // Mail programs' own button (RFC 8058): the link is in the headers, and they POST
        // to it from their servers, without a browser's origin headers.
        assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert_eq!(
            w.act(alice, "notifications/digest", &[("on", "true")])
                .await,
            200
        );
        let mut again: app::entities::user::ActiveModel = opted.into();
        again.digest_sent_at = sea_orm::Set(None);
        again.update(&state.db).await.unwrap();
        w.post(1, &[("body", "Bob again."), ("parent_id", &first)])
            .await;
        app::services::digest::send_due(&state.db, &state.mailer, &w.app.base)
            .await
            .unwrap();
        let mail = w.app.last_mail_to("p0@example.org").await;
        let header = mail
            .lines()
            .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
            .expect("a List-Unsubscribe header");
        let link = header.trim_end().trim_end_matches('>').to_string();
        assert!(link.starts_with(&format!("{}/unsubscribe?token=", w.app.base)));
        let provider = reqwest::Client::new();
        let forged = provider
            .post(format!("{}/unsubscribe?token=forged", w.app.base))
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 400);
        let res = provider
            .post(&link)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let opted = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("p0@example.org"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!opted.digest_opt_in);
        // Only that path takes foreign POSTs.
        let res = provider
            .post(format!("{}/api/notifications/digest", w.app.base))
            .header("origin", "https://evil.example")
            .form(&[("on", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
);

both_backends!(long_threads_show_bounded_pages, |backend| async move {
    let w = world_with(backend, |c| {
        c.comments.rate_count = 1000;
        c.comments.page_size = 2;
        c.comments.replies_shown = 3;
        c.comments.conversation_page_size = 2;
    })
    .await;
    let (_, a) = w.post(0, &[("body", "Root A")]).await;
    let (_, b) = w.post(1, &[("body", "Root B")]).await;
    let (_, _c) = w.post(2, &[("body", "Root C")]).await;
    // Root A: five replies, the second one nested under the first.
    let (_, r1) = w.post(1, &[("body", "A.1"), ("parent_id", &a)]).await;
    w.post(2, &[("body", "A.1.1"), ("parent_id", &r1)]).await;
    for n in 2..=4 {
        w.post(3, &[("body", &format!("A.{n}")), ("parent_id", &a)])
            .await;
    }
    w.post(0, &[("body", "B.1"), ("parent_id", &b)]).await;

    let page = w.thread(&w.people[0], "oldest").await;
    assert_eq!(page["count"], 9, "every comment counted");
    assert_eq!(page["total"], 3);
    assert_eq!(page["pages"], 2);
    let shown: Vec<(String, i64, i64)> = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["body"].as_str().unwrap().trim().to_string(),
                c["depth"].as_i64().unwrap(),
                c["more_replies"].as_i64().unwrap(),
            )
        })
        .collect();
    let bodies: Vec<&str> = shown.iter().map(|(b, _, _)| b.as_str()).collect();
    assert_eq!(
        bodies,
        vec![
            "<p>Root A</p>",
            "<p>A.1</p>",
            "<p>A.1.1</p>",
            "<p>A.2</p>",
            "<p>Root B</p>",
            "<p>B.1</p>"
        ]
    );
    assert_eq!(shown[0].2, 2, "A.3 and A.4 left for the conversation page");
    assert_eq!(shown[4].2, 0);

    // The conversation on its own, two replies a page; a reply whose parent is on an
    // earlier page still follows the top-level comment.
    let conversation = |page: &'static str| {
        let a = a.clone();
        let w = &w;
        async move {
            let res = call(
                &w.people[0],
                &w.app.base,
                "comments/thread",
                &[
                    ("target", "section"),
                    ("id", &w.section.to_string()),
                    ("conversation", &a),
                    ("page", page),
                ],
            )
            .await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let first = conversation("1").await;
    assert_eq!(first["conversation"].to_string(), a);
    assert_eq!(first["total"], 5);
    assert_eq!(first["pages"], 3);
    let last = conversation("3").await;
    let bodies: Vec<String> = last["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap().trim().to_string())
        .collect();
    assert_eq!(bodies, vec!["<p>Root A</p>", "<p>A.4</p>"]);

    // A reply, or another thread's comment, is not a conversation: 404.
    for bad in [r1.as_str(), "999999"] {
        let res = call(
            &w.people[0],
            &w.app.base,
            "comments/thread",
            &[
                ("target", "section"),
                ("id", &w.section.to_string()),
                ("conversation", bad),
            ],
        )
        .await;
        assert_eq!(res.status(), 404, "{bad}");
    }

    // The page links to the rest, and the link works without JavaScript.
    let html = w
        .app
        .client()
        .get(format!("{}/sections/{}?sort=oldest", w.app.base, w.section))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = format!("/sections/{}?conversation={a}#comment-{a}", w.section);
    assert!(html.contains(&link), "{html}");
    assert!(html.contains("Show the whole conversation (2 more replies)"));
    let html = w
        .app
        .client()
        .get(format!(
            "{}/sections/{}?conversation={a}",
            w.app.base, w.section
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("A.1.1") && html.contains("One conversation"));
    assert!(!html.contains("Root B"));

    // Without JavaScript, a post lands where the new comment is shown: a reply on the page
    // of its conversation that holds it, a top-level comment first among the newest; a
    // vote goes back to the page it was cast on.
    let section_page = format!("{}/sections/{}?sort=oldest&cpage=2", w.app.base, w.section);
    let plain = |endpoint: &'static str, fields: Vec<(&'static str, String)>| {
        let w = &w;
        let referer = section_page.clone();
        async move {
            let res = w.people[1]
                .post(format!("{}/api/{endpoint}", w.app.base))
                .header("accept", "text/html")
                .header("origin", &w.app.base)
                .header("referer", referer)
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 302, "{endpoint}");
            res.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let section = w.section.to_string();
    let to = plain(
        "comments/post",
        vec![
            ("target", "section".into()),
            ("id", section.clone()),
            ("body", "A.5".into()),
            ("parent_id", a.clone()),
        ],
    )
    .await;
    let reply = comment::Entity::find()
        .filter(comment::Column::Body.eq("A.5"))
        .one(&w.app.state().db)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        to,
        format!("/sections/{section}?conversation={a}&cpage=3#comment-{reply}")
    );
    let to = plain(
        "comments/post",
        vec![
            ("target", "section".into()),
            ("id", section.clone()),
            ("body", "Root D".into()),
        ],
    )
    .await;
    assert!(
        to.starts_with(&format!("/sections/{section}?sort=newest#comment-")),
        "{to}"
    );
    let to = plain(
        "comments/vote",
        vec![("id", a.clone()), ("value", "1".into())],
    )
    .await;
    assert_eq!(
        to,
        format!("/sections/{section}?sort=oldest&cpage=2#comment-{a}")
    );
    // Where a just-posted comment is, for the page that posted it with JavaScript.
    let res = call(
        &w.people[0],
        &w.app.base,
        "comments/locate",
        &[("id", &reply.to_string())],
    )
    .await;
    assert_eq!(
        res.json::<String>().await.unwrap(),
        format!("/sections/{section}?conversation={a}&cpage=3#comment-{reply}")
    );
});

both_backends!(hostile_display_names_render_inert, |backend| async move {
    // SECURITY.md 1 and 2: markup as display names, on every page that shows a name.
    let w = world_with(backend, |c| c.comments.report_threshold = 1).await;
    let names = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<svg onload=alert(3)>",
        "[x](javascript:alert(4)) **bold**",
        "\"><b onmouseover=alert(5)>x</b>",
    ];
    let mut hostile = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let email = format!("h{i}@example.org");
        w.app
            .create_user(&email, name, PASSWORD, Role::Resident)
            .await;
        let client = w.app.client();
        login(&client, &w.app.base, &email, PASSWORD).await;
        hostile.push(client);
    }
    let section = w.section.to_string();
    // An amendment by one, supported by another, commented on by a third, accepted.
    let res = call(
        &hostile[0],
        &w.app.base,
        "amendments/create",
        &[
            ("section_id", section.as_str()),
            ("base_number", "1"),
            ("title", "More homes"),
            (
                "text",
                &PROGRAM
                    .trim_start_matches("# Habitatge\n\n")
                    .replace("500", "800"),
            ),
            ("justification", "Because."),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let amendment = res.json::<i32>().await.unwrap().to_string();
    assert_eq!(
        w.act(&hostile[0], "amendments/publish", &[("id", &amendment)])
            .await,
        200
    );
    assert_eq!(
        w.act(&hostile[1], "amendments/support", &[("id", &amendment)])
            .await,
        200
    );
    assert_eq!(
        w.act(
            &hostile[4],
            "comments/post",
            &[
                ("target", "amendment"),
                ("id", &amendment),
                ("body", "For it."),
                ("stance", "for")
            ]
        )
        .await,
        200
    );
    // A section comment by one, a reply to a resident by another (a notification), and a
    // report that puts the first in the moderation queue.
    let (_, question) = w.post(0, &[("body", "A question.")]).await;
    let res = call(
        &hostile[2],
        &w.app.base,
        "comments/post",
        &[("target", "section"), ("id", &section), ("body", "Noise.")],
    )
    .await;
    let noise = res.text().await.unwrap();
    assert_eq!(
        w.act(
            &hostile[3],
            "comments/post",
            &[
                ("target", "section"),
                ("id", &section),
                ("body", "An answer."),
                ("parent_id", &question)
            ]
        )
        .await,
        200
    );
    assert_eq!(
        w.act(
            &w.people[1],
            "comments/report",
            &[("id", &noise), ("reason", "noise")]
        )
        .await,
        200
    );
    assert_eq!(
        w.act(&w.facilitator, "amendments/accept", &[("id", &amendment)])
            .await,
        200
    );

    let pages: [(&reqwest::Client, String, &[usize]); 5] = [
        (&w.people[0], format!("/sections/{section}"), &[2, 3]),
        (&w.people[0], format!("/amendments/{amendment}"), &[0, 4]),
        (
            &w.people[0],
            format!("/sections/{section}/provenance"),
            &[0],
        ),
        (&w.people[0], "/notifications".to_string(), &[3]),
        (&w.facilitator, "/moderation".to_string(), &[2]),
    ];
    for (client, path, shown) in pages {
        let html = client
            .get(format!("{}{path}", w.app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lower = html.to_lowercase();
        for bad in [
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<b onmouseover",
            "onerror=\"",
            "onload=\"",
            "onmouseover=\"",
            "href=\"javascript:",
            "<strong>bold",
        ] {
            assert!(!lower.contains(bad), "{bad} in {path}");
        }
        for &i in shown {
            let escaped = names[i]
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let quoted = escaped.replace('"', "&quot;");
            assert!(
                html.contains(&escaped) || html.contains(&quoted),
                "{path} should show the name {:?} as text",
                names[i]
            );
        }
    }
});
