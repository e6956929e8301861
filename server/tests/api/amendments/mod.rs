#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Amendments over HTTP: the lifecycle, supports and versions, rebase and conflicts when a
//! section moves, really concurrent accepts, and every refusal leaving the data unchanged.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::entities::{amendment, revision, section, support};
use app::services::program_files;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;

const PROGRAM: &str = "# Habitatge\n\nConstruir 500 habitatges públics cada any. Cap desnonament sense alternativa.\n\n# Mobilitat\n\nMés bus, més bici.\n";
const PASSWORD: &str = "a long enough password";

struct World {
    app: TestApp,
    section_id: i32,
    slug: String,
    alice: reqwest::Client,
    bob: reqwest::Client,
    facilitator: reqwest::Client,
}

async fn world(backend: Backend) -> World {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let imported = program_files::import(db, None, "Programa", PROGRAM)
        .await
        .unwrap();
    let mut p: app::entities::program::ActiveModel = imported.clone().into();
    p.published_at = Set(Some(1));
    p.update(db).await.unwrap();
    start_phase(db, imported.id, app::domain::phase::Phase::Amendments).await;
    let section_id = section::Entity::find()
        .filter(section::Column::ProgramId.eq(imported.id))
        .filter(section::Column::Position.eq(0))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut clients = Vec::new();
    for (email, role) in [
        ("alice@example.org", Role::Resident),
        ("bob@example.org", Role::Resident),
        ("fa@example.org", Role::Facilitator),
    ] {
        app.create_user(email, email, PASSWORD, role).await;
        let client = app.client();
        assert_eq!(
            login(&client, &app.base, email, PASSWORD).await.status(),
            200
        );
        clients.push(client);
    }
    let facilitator = clients.pop().unwrap();
    let bob = clients.pop().unwrap();
    let alice = clients.pop().unwrap();
    World {
        app,
        section_id: section_id.get(),
        slug: imported.slug,
        alice,
        bob,
        facilitator,
    }
}

impl World {
    /// Three published amendments on revision 1: "800 homes" (Alice) and "1000 homes"
    /// (Bob) change the same words, "No evictions" (Bob) another passage. (homes,
    /// evictions, rival).
    async fn three_proposals(&self) -> (i32, i32, i32) {
        let homes = self.propose(&self.alice, "800 homes", "500", "800").await;
        let evictions = self
            .propose(
                &self.bob,
                "No evictions",
                "Cap desnonament",
                "Cap desnonament mai",
            )
            .await;
        let rival = self.propose(&self.bob, "1000 homes", "500", "1000").await;
        (homes, evictions, rival)
    }

    fn base(&self) -> &str {
        &self.app.base
    }

    async fn head(&self) -> (i32, String) {
        let db = &self.app.state().db;
        let s = section::Entity::find_by_id(app::domain::ids::SectionId(self.section_id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let r = revision::Entity::find()
            .filter(revision::Column::SectionId.eq(s.id))
            .filter(revision::Column::Number.eq(s.head_number))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        (s.head_number, r.text)
    }

    /// Writes and publishes an amendment replacing `from` by `to` in the current text.
    async fn propose(&self, client: &reqwest::Client, title: &str, from: &str, to: &str) -> i32 {
        let (head, text) = self.head().await;
        assert!(text.contains(from), "{from:?} not in {text:?}");
        let id = self
            .create(client, head, title, &text.replacen(from, to, 1))
            .await;
        let res = call(
            client,
            self.base(),
            "amendments/publish",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        id
    }

    async fn create(&self, client: &reqwest::Client, base: i32, title: &str, text: &str) -> i32 {
        let res = call(
            client,
            self.base(),
            "amendments/create",
            &[
                ("section_id", &self.section_id.to_string()),
                ("base_number", &base.to_string()),
                ("title", title),
                ("text", text),
                ("justification", "Because **more** homes."),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        res.json::<i32>().await.unwrap()
    }

    async fn page(&self, client: &reqwest::Client, id: i32) -> (u16, Value) {
        let res = call(
            client,
            self.base(),
            "amendments/get",
            &[("id", &id.to_string())],
        )
        .await;
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn act(&self, client: &reqwest::Client, action: &str, id: i32) -> u16 {
        call(
            client,
            self.base(),
            &format!("amendments/{action}"),
            &[("id", &id.to_string())],
        )
        .await
        .status()
        .as_u16()
    }

    async fn amendment(&self, id: i32) -> amendment::Model {
        amendment::Entity::find_by_id(app::domain::ids::AmendmentId(id))
            .one(&self.app.state().db)
            .await
            .unwrap()
            .unwrap()
    }
}

both_backends!(an_amendment_from_draft_to_accepted, |backend| async move {
    let w = world(backend).await;
    let (head, text) = w.head().await;
    let proposed = text.replace("500", "800");
    let id = w.create(&w.alice, head, "Més habitatge", &proposed).await;

    // A draft is its author's only.
    assert_eq!(w.page(&w.bob, id).await.0, 404);
    assert_eq!(w.page(&w.app.client(), id).await.0, 404);
    let (status, page) = w.page(&w.alice, id).await;
    assert_eq!(status, 200);
    assert_eq!(page["status"], "draft");
    assert!(page["rights"]["can_publish"].as_bool().unwrap());
    // The author sees the word-level diff before publishing.
    let segments = page["segments"].as_array().unwrap();
    assert!(segments
        .iter()
        .any(|s| s["kind"] == "Deleted" && s["text"] == "500"));
    assert!(segments
        .iter()
        .any(|s| s["kind"] == "Inserted" && s["text"] == "800"));
    assert!(page["justification"]
        .as_str()
        .unwrap()
        .contains("<strong>more</strong>"));

    assert_eq!(w.act(&w.alice, "publish", id).await, 200);
    assert_eq!(w.page(&w.app.client(), id).await.0, 200);

    // Support: once each, withdrawable, never one's own.
    assert_eq!(w.act(&w.bob, "support", id).await, 200);
    assert_eq!(w.act(&w.bob, "support", id).await, 200);
    assert_eq!(w.act(&w.alice, "support", id).await, 409);
    assert_eq!(w.page(&w.bob, id).await.1["supports"], 1);
    assert_eq!(w.act(&w.bob, "unsupport", id).await, 200);
    assert_eq!(w.page(&w.bob, id).await.1["supports"], 0);
    assert_eq!(w.act(&w.bob, "support", id).await, 200);

    // An edit after publication is a new version; the supporter sees what changed.
    let res = call(
        &w.alice,
        w.base(),
        "amendments/edit",
        &[
            ("id", &id.to_string()),
            ("base_number", &head.to_string()),
            ("title", "Més habitatge"),
            ("text", &text.replace("500", "900")),
            ("justification", "Because."),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let page = w.page(&w.bob, id).await.1;
    assert_eq!(page["version"], 2);
    assert_eq!(page["rights"]["supported_version"], 1);
    let changed = page["changed_since_support"].as_array().unwrap();
    assert!(changed
        .iter()
        .any(|s| s["kind"] == "Inserted" && s["text"] == "900"));

    // Residents cannot accept; the facilitator can.
    assert_eq!(w.act(&w.bob, "accept", id).await, 403);
    assert_eq!(w.head().await.0, 1);
    assert_eq!(w.act(&w.facilitator, "accept", id).await, 200);
    let (head, text) = w.head().await;
    assert_eq!(head, 2);
    assert!(text.contains("Construir 900 habitatges"));
    assert_eq!(
        w.amendment(id).await.status,
        app::domain::amendment::AmendmentStatus::Accepted
    );
    // Accepting twice is refused and changes nothing.
    assert_eq!(w.act(&w.facilitator, "accept", id).await, 409);
    assert_eq!(w.head().await.0, 2);

    // History, comparison and provenance show the change and who made it.
    let res = call(
        &w.app.client(),
        w.base(),
        "sections/compare",
        &[
            ("id", &w.section_id.to_string()),
            ("from", "1"),
            ("to", "2"),
        ],
    )
    .await;
    let compare: Value = res.json().await.unwrap();
    assert!(compare["segments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["kind"] == "Inserted" && s["text"] == "900"));
    let res = call(
        &w.app.client(),
        w.base(),
        "sections/provenance",
        &[("id", &w.section_id.to_string())],
    )
    .await;
    let blame: Value = res.json().await.unwrap();
    let passages = blame["passages"].as_array().unwrap();
    let from_amendment = passages
        .iter()
        .find(|p| p["text"].as_str().unwrap().contains("900"))
        .unwrap();
    assert_eq!(from_amendment["revision"], 2);
    assert_eq!(from_amendment["amendment"]["id"], id);
    assert_eq!(from_amendment["author"], "alice@example.org");

    // The program page counts open amendments per section: none left here.
    let res = call(
        &w.app.client(),
        w.base(),
        "programs/get",
        &[("slug", &w.slug)],
    )
    .await;
    let program: Value = res.json().await.unwrap();
    assert_eq!(program["sections"][0]["open_amendments"], 0);
    assert_eq!(program["sections"][0]["revision"], 2);
});

both_backends!(
    accepting_rebases_the_others_or_flags_conflicts,
    |backend| async move {
        let w = world(backend).await;
        let (homes, evictions, rival) = w.three_proposals().await;
        assert_eq!(w.act(&w.alice, "support", evictions).await, 200);

        // The two amendments to "500" compete; the third is on its own.
        let res = call(
            &w.app.client(),
            w.base(),
            "sections/get",
            &[("id", &w.section_id.to_string())],
        )
        .await;
        let section: Value = res.json().await.unwrap();
        let groups = section["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 1);
        let members: Vec<i64> = groups[0]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        assert_eq!(members, vec![homes as i64, rival as i64]);
        assert_eq!(groups[0]["passage"], "500");

        assert_eq!(w.act(&w.facilitator, "accept", homes).await, 200);

        // The separate change was rebased: it targets r2, keeps its supports, records the move.
        let rebased = w.amendment(evictions).await;
        assert_eq!(
            rebased.status,
            app::domain::amendment::AmendmentStatus::Published
        );
        assert_eq!(rebased.base_number, 2);
        assert!(rebased.text.contains("Construir 800") && rebased.text.contains("mai"));
        let page = w.page(&w.alice, evictions).await.1;
        assert_eq!(page["supports"], 1);
        let last = page["versions"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "rebase");
        assert_eq!(last["previous_base"], 1);
        assert_eq!(last["base_number"], 2);
        // A rebase is not an edit: the supporter is not told the proposal changed.
        assert!(page["changed_since_support"].is_null());

        // The rival is conflicted, its text kept, both sides shown to its author.
        let conflicted = w.amendment(rival).await;
        assert_eq!(
            conflicted.status,
            app::domain::amendment::AmendmentStatus::Conflicted
        );
        assert_eq!(conflicted.base_number, 1);
        assert!(conflicted.text.contains("1000"));
        let page = w.page(&w.bob, rival).await.1;
        assert!(page["rights"]["can_resolve"].as_bool().unwrap());
        let (head, chunks) = (page["conflict"][0].clone(), page["conflict"][1].clone());
        assert_eq!(head, 2);
        let conflict = chunks
            .as_array()
            .unwrap()
            .iter()
            .find_map(|c| c.get("Conflict"))
            .unwrap()
            .clone();
        assert_eq!(conflict["ours"], "800");
        assert_eq!(conflict["theirs"], "1000");
        assert_eq!(w.act(&w.facilitator, "accept", rival).await, 409);
        // Only the author resolves.
        let resolve = |client: &reqwest::Client, choice: &str| {
            let client = client.clone();
            let base = w.base().to_string();
            let choice = choice.to_string();
            let id = rival.to_string();
            async move {
                call(
                    &client,
                    &base,
                    "amendments/resolve",
                    &[
                        ("id", id.as_str()),
                        ("head", "2"),
                        ("choices[0]", choice.as_str()),
                        ("customs[0]", "1200"),
                    ],
                )
                .await
                .status()
                .as_u16()
            }
        };
        assert_eq!(resolve(&w.alice, "mine").await, 403);
        assert_eq!(resolve(&w.bob, "nonsense").await, 400);
        assert_eq!(resolve(&w.bob, "custom").await, 200);
        let resolved = w.amendment(rival).await;
        assert_eq!(
            resolved.status,
            app::domain::amendment::AmendmentStatus::Published
        );
        assert_eq!(resolved.base_number, 2);
        assert!(resolved.text.contains("Construir 1200"));

        // The non-overlapping one is accepted without conflict; the resolved one is rebased.
        assert_eq!(w.act(&w.facilitator, "accept", evictions).await, 200);
        let (head, text) = w.head().await;
        assert_eq!(head, 3);
        assert!(text.contains("Construir 800") && text.contains("Cap desnonament mai"));
        assert_eq!(w.amendment(rival).await.base_number, 3);
        assert_eq!(w.act(&w.facilitator, "accept", rival).await, 200);
        let (head, text) = w.head().await;
        assert_eq!(head, 4);
        assert!(text.contains("Construir 1200") && text.contains("Cap desnonament mai"));
    }
);

both_backends!(concurrent_accepts_lose_nothing, |backend| async move {
    let w = world(backend).await;
    let homes = w.propose(&w.alice, "homes", "500", "800").await;
    let evictions = w
        .propose(
            &w.bob,
            "evictions",
            "sense alternativa",
            "sense alternativa digna",
        )
        .await;
    let second = w.app.client();
    assert_eq!(
        login(&second, w.base(), "fa@example.org", PASSWORD)
            .await
            .status(),
        200
    );
    // Two facilitators accept at the same moment: both land, one after the other.
    let (a, b) = tokio::join!(
        w.act(&w.facilitator, "accept", homes),
        w.act(&second, "accept", evictions)
    );
    assert_eq!((a, b), (200, 200));
    let (head, text) = w.head().await;
    assert_eq!(head, 3);
    assert!(text.contains("Construir 800") && text.contains("alternativa digna"));

    // Overlapping ones at once: one lands, the other is flagged, its text kept.
    let x = w.propose(&w.alice, "x", "800", "850").await;
    let y = w.propose(&w.bob, "y", "800", "875").await;
    let (a, b) = tokio::join!(
        w.act(&w.facilitator, "accept", x),
        w.act(&second, "accept", y)
    );
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let (head, text) = w.head().await;
    assert_eq!(head, 4);
    let (winner, loser) = if text.contains("850") { (x, y) } else { (y, x) };
    assert_eq!(
        w.amendment(winner).await.status,
        app::domain::amendment::AmendmentStatus::Accepted
    );
    let flagged = w.amendment(loser).await;
    assert_eq!(
        flagged.status,
        app::domain::amendment::AmendmentStatus::Conflicted
    );
    // The loser keeps its own wording, on its old base, for its author to resolve.
    let own = if loser == x { "850" } else { "875" };
    assert!(flagged.text.contains(own), "{}", flagged.text);
    assert_eq!(flagged.base_number, 3);
    let revisions = revision::Entity::find()
        .filter(revision::Column::SectionId.eq(w.section_id))
        .count(&w.app.state().db)
        .await
        .unwrap();
    assert_eq!(revisions, 4);
});

both_backends!(refusals_change_nothing, |backend| async move {
    let w = world(backend).await;
    let db = &w.app.state().db;
    let (head, text) = w.head().await;
    let head_s = head.to_string();
    let section_s = w.section_id.to_string();
    let create = |client: reqwest::Client, title: String, text: String, just: String| {
        let base = w.base().to_string();
        let (head_s, section_s) = (head_s.clone(), section_s.clone());
        async move {
            let res = call(
                &client,
                &base,
                "amendments/create",
                &[
                    ("section_id", section_s.as_str()),
                    ("base_number", head_s.as_str()),
                    ("title", title.as_str()),
                    ("text", text.as_str()),
                    ("justification", just.as_str()),
                ],
            )
            .await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap())
        }
    };
    let changed = text.replace("500", "600");
    // Anonymous: log in first.
    let (status, _) = create(w.app.client(), "t".into(), changed.clone(), String::new()).await;
    assert_eq!(status, 401);
    // Bad input: a clear error naming the problem.
    for (title, body, just, expected) in [
        ("", changed.clone(), String::new(), "TitleEmpty"),
        ("t", text.clone(), String::new(), "Unchanged"),
        (
            "t",
            format!("{changed}\n\n# New chapter"),
            String::new(),
            "HasHeading",
        ),
        ("t", "x".repeat(200_001), String::new(), "TextTooLong"),
        (
            "t",
            changed.clone(),
            "j".repeat(5_001),
            "JustificationTooLong",
        ),
    ] {
        let (status, body) = create(w.alice.clone(), title.into(), body, just).await;
        assert_eq!(status, 400, "{expected}");
        assert!(body.contains(expected), "{body}");
    }
    // A base revision that does not exist.
    let res = call(
        &w.alice,
        w.base(),
        "amendments/create",
        &[
            ("section_id", &section_s),
            ("base_number", "7"),
            ("title", "t"),
            ("text", &changed),
            ("justification", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(amendment::Entity::find().count(db).await.unwrap(), 0);

    // Someone else's amendment: no edit, no publish, no withdraw, no resolve.
    let id = w.create(&w.alice, head, "mine", &changed).await;
    // Bob tries to rewrite it.
    let bob_edits = || async {
        call(
            &w.bob,
            w.base(),
            "amendments/edit",
            &[
                ("id", &id.to_string()),
                ("base_number", &head_s),
                ("title", "stolen"),
                ("text", &text.replace("500", "1")),
                ("justification", ""),
            ],
        )
        .await
    };
    let res = bob_edits().await;
    // A draft is invisible to others: 404, nothing leaked.
    assert_eq!(res.status(), 404);
    assert_eq!(w.act(&w.alice, "publish", id).await, 200);
    let res = bob_edits().await;
    assert_eq!(res.status(), 403);
    assert_eq!(w.act(&w.bob, "withdraw", id).await, 403);
    assert_eq!(w.act(&w.bob, "reject", id).await, 400, "reason missing");
    let res = call(
        &w.bob,
        w.base(),
        "amendments/reject",
        &[("id", &id.to_string()), ("reason", "no")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let kept = w.amendment(id).await;
    assert_eq!(
        (kept.title.as_str(), kept.status.as_str()),
        ("mine", "published")
    );
    assert!(kept.text.contains("600"));

    // Closing to amendments moves the program to deliberation: no new amendment, no
    // publication; supports and decisions still run.
    let res = call(
        &w.facilitator,
        w.base(),
        "programs/set-state",
        &[
            ("slug", &w.slug),
            ("publish", "true"),
            ("amendments_open", "false"),
        ],
    )
    .await;
    assert_eq!(res.status(), 403, "facilitators do not run programs");
    let coordinator = w.app.client();
    w.app
        .create_user("co@example.org", "Co", PASSWORD, Role::Coordinator)
        .await;
    login(&coordinator, w.base(), "co@example.org", PASSWORD).await;
    let res = call(
        &coordinator,
        w.base(),
        "programs/set-state",
        &[
            ("slug", &w.slug),
            ("publish", "true"),
            ("amendments_open", "false"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let (status, _) = create(w.bob.clone(), "late".into(), changed.clone(), String::new()).await;
    assert_eq!(status, 403);
    assert_eq!(support::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(amendment::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(w.act(&w.facilitator, "reject", id).await, 400);
    let res = call(
        &w.facilitator,
        w.base(),
        "amendments/reject",
        &[("id", &id.to_string()), ("reason", "Out of scope")],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        w.amendment(id).await.status,
        app::domain::amendment::AmendmentStatus::Rejected
    );
});

both_backends!(
    unpublished_programs_are_for_coordinators,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        program_files::import(db, None, "Esborrany", PROGRAM)
            .await
            .unwrap();
        let anon = app.client();
        let res = call(&anon, &app.base, "programs/get", &[("slug", "esborrany")]).await;
        assert_eq!(res.status(), 404);
        let list: Value = call(&anon, &app.base, "programs/list", &[])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 0);
        let first_section = section::Entity::find().one(db).await.unwrap().unwrap().id;
        let res = call(
            &anon,
            &app.base,
            "sections/get",
            &[("id", &first_section.to_string())],
        )
        .await;
        assert_eq!(res.status(), 404);
        let res = anon
            .get(format!("{}/programs/esborrany/export/md", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);

        app.create_user("co@example.org", "Co", PASSWORD, Role::Coordinator)
            .await;
        let co = app.client();
        login(&co, &app.base, "co@example.org", PASSWORD).await;
        let res = call(&co, &app.base, "programs/get", &[("slug", "esborrany")]).await;
        assert_eq!(res.status(), 200);
        let page: Value = res.json().await.unwrap();
        assert_eq!(page["summary"]["published"], false);
        assert_eq!(page["can_manage"], true);
        let res = co
            .get(format!("{}/programs/esborrany/export/md", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().starts_with("# Habitatge"));

        // Publishing makes it public; it cannot be unpublished.
        let res = call(
            &co,
            &app.base,
            "programs/set-state",
            &[
                ("slug", "esborrany"),
                ("publish", "true"),
                ("amendments_open", "true"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let res = call(&anon, &app.base, "programs/get", &[("slug", "esborrany")]).await;
        assert_eq!(res.status(), 200);
        let res = call(
            &co,
            &app.base,
            "programs/set-state",
            &[
                ("slug", "esborrany"),
                ("publish", "false"),
                ("amendments_open", "true"),
            ],
        )
        .await;
        assert_eq!(res.status(), 409);

        // The print-ready page: sanitized, the program's text, no script.
        let res = anon
            .get(format!("{}/programs/esborrany/export/html", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let html = res.text().await.unwrap();
        assert!(html.contains("<h2 id=\"s-") && html.contains("Més bus, més bici."));
        assert!(!html.contains("<script"));
    }
);

mod hostile;

both_backends!(
    after_accept_each_other_amendment_is_accounted_for,
    |backend| async move {
        let w = world(backend).await;
        let (homes, evictions, rival) = w.three_proposals().await;
        // The facilitator's plain form (JavaScript off) comes back to the amendment.
        let res = w
            .facilitator
            .post(format!("{}/api/amendments/accept", w.base()))
            .header("accept", "text/html")
            .header("referer", format!("{}/amendments/{homes}", w.base()))
            .form(&[("id", homes.to_string()), ("confirmed", "1".to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&format!("/amendments/{homes}?done=accepted&__form=")));
        let html = page_as(&w.facilitator, &format!("{}{location}", w.base())).await;
        // Not "the others were rebased": what happened to each.
        assert!(
            html.contains("Accepted: its text is now version 2 of the section."),
            "{html}"
        );
        assert!(html.contains(
            "1 other amendment was carried over to the new text (its change still applies):"
        ));
        assert!(html.contains(&format!(
            "<a href=\"/amendments/{evictions}\">#{evictions}</a>"
        )));
        assert!(html.contains("1 other amendment now conflicts with the new text; its author has been told to resolve it:"));
        assert!(html.contains(&format!("<a href=\"/amendments/{rival}\">#{rival}</a>")));
        assert!(!html.contains("rebased onto it"));
        // The JSON answer carries the same lists.
        let again = w.propose(&w.alice, "600 homes", "800", "600").await;
        let res = call(
            &w.facilitator,
            w.base(),
            "amendments/accept",
            &[("id", &again.to_string())],
        )
        .await;
        assert_eq!(res.status(), 200);
        let done: Value = res.json().await.unwrap();
        assert_eq!(done["revision"], 3);
        assert_eq!(done["rebased"], serde_json::json!([evictions]));
    }
);

// Every decision is public on the amendment's page, in its history and in the open data,
// with who decided (name and role) and why; a reason is required except for a plain
// acceptance, and a rejection without one changes nothing.
both_backends!(decisions_are_public_and_reasoned, |backend| async move {
    let w = world(backend).await;
    let (homes, evictions, rival) = w.three_proposals().await;
    let page = |id: i32| {
        let (client, url) = (w.alice.clone(), format!("{}/amendments/{id}", w.base()));
        async move { page_as(&client, &url).await }
    };
    let reject = |id: i32, fields: Vec<(&'static str, String)>| {
        let (f, base) = (w.facilitator.clone(), w.base().to_string());
        async move {
            let mut all: Vec<(&str, String)> = vec![("id", id.to_string())];
            all.extend(fields);
            let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = call(&f, &base, "amendments/reject", &pairs).await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // No reason: refused, nothing changed.
    let (status, body) = reject(rival, vec![("reason", "   ".into())]).await;
    assert_eq!(
        (status, body.as_str()),
        (400, r#"{"Amendment":"ReasonRequired"}"#)
    );
    assert_eq!(
        w.amendment(rival).await.status,
        app::domain::amendment::AmendmentStatus::Published
    );
    // Covered by an amendment of another program's section: refused.
    let (status, body) = reject(
        rival,
        vec![
            ("reason", "Same as #1".into()),
            ("covered_number", "9999".into()),
        ],
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (400, r#"{"Amendment":"CoverElsewhere"}"#)
    );
    // Covered by the other amendment on the same words: public, linked, reasoned.
    let (status, _) = reject(
        rival,
        vec![
            (
                "reason",
                "Both ask for more homes; “800 homes” came first.".into(),
            ),
            ("covered_number", homes.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let html = page(rival).await;
    assert!(
        html.contains("Not needed: another amendment already proposes this"),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"/amendments/{homes}\"")),
        "{html}"
    );
    assert!(html.contains("(Facilitator)"), "{html}");
    assert!(
        html.contains("Both ask for more homes; “800 homes” came first."),
        "{html}"
    );
    assert!(
        html.contains("decision: not needed, already proposed"),
        "{html}"
    );
    // A plain rejection with its reason; the author withdraws another with theirs.
    let (status, _) = reject(
        evictions,
        vec![("reason", "The city cannot legislate this.".into())],
    )
    .await;
    assert_eq!(status, 200);
    let html = page(evictions).await;
    assert!(
        html.contains("<h2 id=\"decision-heading\">Rejected</h2>"),
        "{html}"
    );
    assert!(html.contains("The city cannot legislate this."), "{html}");
    assert!(html.contains("decision: Rejected"), "{html}");
    let res = call(
        &w.alice,
        w.base(),
        "amendments/withdraw",
        &[
            ("id", &homes.to_string()),
            ("reason", "I will write a better one."),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let html = page(homes).await;
    assert!(
        html.contains("Withdrawn by its author") && html.contains("I will write a better one."),
        "{html}"
    );
    // The open data carries each decision, its reason and the base revision.
    let csv = page_as(&w.alice, &format!("{}/export/amendments.csv", w.base())).await;
    let line = csv
        .lines()
        .find(|l| l.starts_with(&format!("{rival},")))
        .unwrap();
    assert!(
        line.contains(",covered,")
            && line.contains("came first")
            && line.contains(&format!(",{homes},1,\"")),
        "{line}"
    );
    let json = public_json(&w.alice, w.base()).await;
    let row = json["amendments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == evictions)
        .unwrap()
        .clone();
    assert_eq!(row["decision"], "rejected");
    assert_eq!(row["decision_reason"], "The city cannot legislate this.");
    assert_eq!(row["base_revision"], 1);
});

// An amendment that an accepted one made redundant (its change is already in the new text)
// is closed as covered by it, with the link, and the accept says so; its supporters hear.
both_backends!(a_redundant_amendment_is_superseded, |backend| async move {
    let w = world(backend).await;
    let first = w.propose(&w.alice, "800 homes", "500", "800").await;
    let same = w.propose(&w.bob, "800 homes too", "500", "800").await;
    let other = w
        .propose(
            &w.bob,
            "No evictions",
            "Cap desnonament",
            "Cap desnonament mai",
        )
        .await;
    assert_eq!(w.act(&w.alice, "support", same).await, 200);
    let res = call(
        &w.facilitator,
        w.base(),
        "amendments/accept",
        &[("id", &first.to_string())],
    )
    .await;
    assert_eq!(res.status(), 200);
    let done: Value = res.json().await.unwrap();
    assert_eq!(done["superseded"], serde_json::json!([same]), "{done}");
    assert_eq!(done["rebased"], serde_json::json!([other]), "{done}");
    let closed = w.amendment(same).await;
    assert_eq!(
        closed.status,
        app::domain::amendment::AmendmentStatus::Rejected
    );
    assert_eq!(
        closed.decision_kind,
        Some(app::domain::amendment::DecisionKind::Covered)
    );
    assert_eq!(
        closed.covered_by,
        Some(app::domain::ids::AmendmentId(first))
    );
    let html = page_as(&w.bob, &format!("{}/amendments/{same}", w.base())).await;
    assert!(
        html.contains("Closed automatically when that amendment was accepted"),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"/amendments/{first}\"")),
        "{html}"
    );
    // Its supporter (Alice) was told.
    let notices = page_as(&w.alice, &format!("{}/notifications", w.base())).await;
    assert!(notices.contains("800 homes too"), "{notices}");
});
