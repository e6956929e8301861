//! Synthesis by consent (issue 17): merging amendments with their authors' consent and
//! their supporters' confirmation, near-duplicates shown while writing and grouped for
//! facilitators, and committees deciding on their chapters only.

#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::both_backends;
use crate::helpers::*;
use crate::notices::{amend, kinds_of, model, person, stage};
use app::domain::ids::{AmendmentId, SectionId};
use app::domain::role::Role;
use app::entities::{amendment, event, support};
use app::services::{clock, reminders};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;

async fn json(client: &reqwest::Client, base: &str, endpoint: &str, f: &[(&str, &str)]) -> Value {
    let res = call(client, base, endpoint, f).await;
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 200, "{endpoint}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn in_two_days() -> String {
    app::domain::time::datetime_value(clock::now() + 2 * 86_400)
}

async fn events_of(db: &sea_orm::DatabaseConnection, kind: &str) -> u64 {
    event::Entity::find()
        .filter(event::Column::Kind.eq(kind))
        .count(db)
        .await
        .unwrap()
}

both_backends!(
    a_merge_by_consent_from_draft_to_publication,
    |backend| async move {
        let (app, _program, section, text) = stage(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (alice, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (bob, bob_id) = person(&app, "bob@example.org", Role::Resident).await;
        let (_, carol_id) = person(&app, "carol@example.org", Role::Resident).await;
        let (dana, dana_id) = person(&app, "dana@example.org", Role::Resident).await;
        let (erin, erin_id) = person(&app, "erin@example.org", Role::Resident).await;
        let (fac, _) = person(&app, "fac@example.org", Role::Facilitator).await;
        let anonymous = app.client();
        // Alice changes the number, Bob the end of the sentence (separate passages), Carol
        // the number too (the same passage as Alice, differently).
        let a = amend(db, alice_id, section, "800", &text.replace("500", "800")).await;
        let b = amend(
            db,
            bob_id,
            section,
            "Assequible",
            &text.replace("cada any.", "cada any, de lloguer assequible."),
        )
        .await;
        let c = amend(db, carol_id, section, "1000", &text.replace("500", "1.000")).await;
        for (who, what) in [(&dana, a), (&erin, b)] {
            let res = call(
                who,
                &base,
                "amendments/support",
                &[("id", &what.to_string())],
            )
            .await;
            assert_eq!(res.status(), 200);
        }

        // The draft of separate passages takes both changes; of one passage, both wordings.
        let sid = section.to_string();
        let clean = json(
            &fac,
            &base,
            "amendments/merge-draft",
            &[("id", &sid), ("ids", &format!("{a},{b}"))],
        )
        .await;
        let merged_text = text
            .replace("500", "800")
            .replace("cada any.", "cada any, de lloguer assequible.");
        assert_eq!(clean["combined"]["text"], merged_text.as_str());
        assert_eq!(clean["combined"]["overlaps"], serde_json::json!([]));
        let overlapping = json(
            &fac,
            &base,
            "amendments/merge-draft",
            &[("id", &sid), ("ids", &format!("{a},{c}"))],
        )
        .await;
        let overlaps = overlapping["combined"]["overlaps"].as_array().unwrap();
        assert_eq!(overlaps.len(), 1);
        assert_eq!(overlaps[0]["base"], "500");
        assert_eq!(
            overlaps[0]["wordings"],
            serde_json::json!([[[0], "800"], [[1], "1.000"]])
        );
        assert!(overlapping["combined"]["text"]
            .as_str()
            .unwrap()
            .contains("800 1.000"));
        // One amendment alone is no merge; residents do not merge.
        let one = json(
            &fac,
            &base,
            "amendments/merge-draft",
            &[("id", &sid), ("ids", &a.to_string())],
        )
        .await;
        assert!(one["problem"].to_string().contains("MergeTooFew"), "{one}");
        let res = call(
            &alice,
            &base,
            "amendments/merge-draft",
            &[("id", &sid), ("ids", &format!("{a},{b}"))],
        )
        .await;
        assert_eq!(res.status(), 403);

        // Proposing: a deadline too soon is refused and nothing is made.
        let propose = |deadline: String| {
            let (fac, base, sid) = (fac.clone(), base.clone(), sid.clone());
            let text = merged_text.clone();
            async move {
                call(
                    &fac,
                    &base,
                    "amendments/merge",
                    &[
                        ("section_id", sid.as_str()),
                        ("ids", &format!("{a},{b}")),
                        ("title", "Habitatge assequible"),
                        ("text", &text),
                        ("deadline", &deadline),
                    ],
                )
                .await
            }
        };
        let soon = app::domain::time::datetime_value(clock::now() + 60);
        let res = propose(soon).await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("MergeDeadline"));
        let res = propose(in_two_days()).await;
        assert_eq!(res.status(), 200);
        let merged: AmendmentId = res.json().await.unwrap();
        let m = merged.to_string();

        // Each source's author is told; anyone can read the proposal; its text is frozen.
        assert!(kinds_of(db, alice_id)
            .await
            .contains(&"merge_proposed".into()));
        assert!(kinds_of(db, bob_id)
            .await
            .contains(&"merge_proposed".into()));
        let seen = json(&anonymous, &base, "amendments/get", &[("id", &m)]).await;
        assert_eq!(seen["status"], "draft");
        assert_eq!(seen["merge"]["pending"], true);
        assert_eq!(seen["merge"]["sources"].as_array().unwrap().len(), 2);
        assert_eq!(seen["rights"]["can_edit"], false);
        assert_eq!(seen["rights"]["can_publish"], false);
        let res = call(&fac, &base, "amendments/publish", &[("id", &m)]).await;
        assert_eq!(res.status(), 409);
        // Alice sees the word diff from her text to the merged one.
        let hers = json(&alice, &base, "amendments/get", &[("id", &m)]).await;
        let diff = hers["merge"]["sources"][0]["to_merged"].to_string();
        assert!(diff.contains("lloguer assequible"), "{diff}");
        assert_eq!(hers["merge"]["sources"][1]["to_merged"], Value::Null);
        // The source's page points to the proposal.
        let source_page = json(
            &anonymous,
            &base,
            "amendments/get",
            &[("id", &a.to_string())],
        )
        .await;
        assert_eq!(source_page["merge_proposals"][0]["id"], merged.get());

        // Only a source's author answers for it.
        let answer = |client: &reqwest::Client, source: AmendmentId, what: &str| {
            let (client, base, m, what) =
                (client.clone(), base.clone(), m.clone(), what.to_string());
            async move {
                call(
                    &client,
                    &base,
                    "amendments/merge-answer",
                    &[
                        ("id", m.as_str()),
                        ("source", &source.to_string()),
                        ("answer", &what),
                    ],
                )
                .await
                .status()
            }
        };
        assert_eq!(answer(&bob, a, "consent").await, 403);
        assert_eq!(answer(&alice, a, "consent").await, 200);
        let still = json(&anonymous, &base, "amendments/get", &[("id", &m)]).await;
        assert_eq!(still["status"], "draft");
        // Bob keeps his: the last answer publishes the merge.
        assert_eq!(answer(&bob, b, "keep").await, 200);
        let published = json(&anonymous, &base, "amendments/get", &[("id", &m)]).await;
        assert_eq!(published["status"], "published");
        assert_eq!(published["merge"]["pending"], false);
        // Answers are closed now.
        assert_eq!(answer(&alice, a, "keep").await, 409);

        // Alice's is closed as merged into it; Bob's stays open.
        let closed = json(
            &anonymous,
            &base,
            "amendments/get",
            &[("id", &a.to_string())],
        )
        .await;
        assert_eq!(closed["status"], "withdrawn");
        assert_eq!(closed["decision"]["kind"], "merged");
        assert_eq!(closed["decision"]["covered_by"]["id"], merged.get());
        let kept = json(
            &anonymous,
            &base,
            "amendments/get",
            &[("id", &b.to_string())],
        )
        .await;
        assert_eq!(kept["status"], "published");

        // Dana (supporter of Alice's) is told and sees the diff from what she supported;
        // her support has not moved. Erin (Bob's, kept) is not told.
        assert!(kinds_of(db, dana_id).await.contains(&"merged".into()));
        assert!(!kinds_of(db, erin_id).await.contains(&"merged".into()));
        let hers = json(&dana, &base, "amendments/get", &[("id", &m)]).await;
        assert_eq!(hers["merge"]["supported"][0]["id"], a.get());
        assert!(hers["merge"]["supported"][1]
            .to_string()
            .contains("lloguer assequible"));
        assert_eq!(hers["supports"], 0);
        assert_eq!(hers["merge"]["unconfirmed"], 1);
        let on_source = support::Entity::find()
            .filter(support::Column::UserId.eq(dana_id))
            .all(db)
            .await
            .unwrap();
        assert_eq!(on_source.len(), 1);
        assert_eq!(on_source[0].amendment_id, a);
        // One click confirms.
        let res = call(&dana, &base, "amendments/support", &[("id", &m)]).await;
        assert_eq!(res.status(), 200);
        let after = json(&dana, &base, "amendments/get", &[("id", &m)]).await;
        assert_eq!(after["supports"], 1);
        assert_eq!(after["merge"]["unconfirmed"], 0);
        assert_eq!(after["merge"]["supported"], Value::Null);

        // In the event log, and credited in the provenance once accepted.
        assert_eq!(events_of(db, "amendment.merge.propose").await, 1);
        assert_eq!(events_of(db, "amendment.merge.answer").await, 2);
        assert_eq!(events_of(db, "amendment.merge.publish").await, 1);
        let res = call(&fac, &base, "amendments/accept", &[("id", &m)]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let provenance = json(&anonymous, &base, "sections/provenance", &[("id", &sid)]).await;
        let credited = provenance["passages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["amendment"]["id"] == merged.get())
            .map(|p| p["credited"].clone())
            .unwrap();
        assert_eq!(
            credited,
            serde_json::json!(["alice@example.org", "bob@example.org"])
        );
        let page = page_as(&anonymous, &format!("{base}/sections/{sid}/provenance")).await;
        assert!(
            page.contains("alice@example.org, bob@example.org"),
            "{page}"
        );
        let _ = model(db, alice_id).await;
    }
);

both_backends!(
    a_merge_is_published_at_its_deadline_once,
    |backend| async move {
        let (app, _program, section, text) = stage(backend).await;
        let db = &app.state().db;
        let (_, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (_, bob_id) = person(&app, "bob@example.org", Role::Resident).await;
        let (_, fac_id) = person(&app, "fac@example.org", Role::Facilitator).await;
        let a = amend(db, alice_id, section, "800", &text.replace("500", "800")).await;
        let b = amend(
            db,
            bob_id,
            section,
            "Any",
            &text.replace("cada any", "l'any"),
        )
        .await;
        let merged = app::services::amendments::propose_merge(
            db,
            &model(db, fac_id).await,
            SectionId(section),
            &[a, b],
            app::services::amendments::MergeProposal {
                title: "Tot",
                text: &text.replace("500", "800").replace("cada any", "l'any"),
                justification: "",
                deadline: clock::now() + 7200,
            },
        )
        .await
        .unwrap();
        // Before the deadline nothing happens.
        reminders::run_due(db).await.unwrap();
        let found = amendment::Entity::find_by_id(merged.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.status.as_str(), "draft");
        // The deadline passes: five workers at once publish it once; nobody answered, so
        // both sources stay open.
        let mut active: amendment::ActiveModel = found.into();
        active.merge_deadline = Set(Some(clock::now() - 1));
        active.update(db).await.unwrap();
        let runs: Vec<_> = (0..5).map(|_| reminders::run_due(db)).collect();
        for r in futures_util::future::join_all(runs).await {
            r.unwrap();
        }
        let found = amendment::Entity::find_by_id(merged.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.status.as_str(), "published");
        assert_eq!(events_of(db, "amendment.merge.publish").await, 1);
        for source in [a, b] {
            let s = amendment::Entity::find_by_id(source)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(s.status.as_str(), "published");
        }
    }
);

both_backends!(
    near_duplicates_show_while_writing_and_cluster_for_facilitators,
    |backend| async move {
        let (app, _program, section, text) = stage(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (_, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (bob, bob_id) = person(&app, "bob@example.org", Role::Resident).await;
        let (fac, _) = person(&app, "fac@example.org", Role::Facilitator).await;
        let wording = |s: &str| text.replace("cada any.", s);
        let a = amend(
            db,
            alice_id,
            section,
            "Lloguer",
            &wording("cada any, de lloguer assequible per a joves."),
        )
        .await;
        let unrelated = amend(db, alice_id, section, "Més", &text.replace("500", "900")).await;
        // Bob writes nearly the same change: shown while he writes (the editor asks) and on
        // his draft, before he publishes.
        let mine = wording("cada any, de lloguer assequible per al jovent.");
        let sid = section.to_string();
        let found = json(
            &bob,
            &base,
            "amendments/similar",
            &[("section_id", &sid), ("base_number", "1"), ("text", &mine)],
        )
        .await;
        let ids: Vec<i64> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![i64::from(a.get())]);
        let draft = app::services::amendments::create(
            db,
            &model(db, bob_id).await,
            SectionId(section),
            app::services::amendments::Proposal {
                title: "Jovent",
                text: &mine,
                justification: "",
                base_number: 1,
                passage: None,
            },
        )
        .await
        .unwrap();
        let page = json(
            &bob,
            &base,
            "amendments/get",
            &[("id", &draft.id.to_string())],
        )
        .await;
        assert_eq!(page["similar"][0]["id"], a.get());
        assert_eq!(page["similar"].as_array().unwrap().len(), 1);
        // Published, the facilitator's merge page groups the two (not the unrelated one).
        app::services::amendments::publish(db, &model(db, bob_id).await, draft.id)
            .await
            .unwrap();
        let merge = json(
            &fac,
            &base,
            "amendments/merge-draft",
            &[("id", &sid), ("ids", "")],
        )
        .await;
        assert_eq!(
            merge["clusters"],
            serde_json::json!([[a.get(), draft.id.get()]])
        );
        assert!(!merge["clusters"]
            .to_string()
            .contains(&unrelated.to_string()));
        let html = page_as(&fac, &format!("{base}/sections/{sid}/merge")).await;
        assert!(html.contains(&format!("/sections/{sid}/merge?ids={},{}", a, draft.id)));
    }
);

both_backends!(
    committees_decide_on_their_chapters_only,
    |backend| async move {
        let (app, program, section, text) = stage(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (_, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (coordinator, co_id) = person(&app, "co@example.org", Role::Coordinator).await;
        let (inside, inside_id) = person(&app, "in@example.org", Role::Facilitator).await;
        let (outside, _) = person(&app, "out@example.org", Role::Facilitator).await;
        let (resident, resident_id) = person(&app, "res@example.org", Role::Resident).await;
        // Mobilitat, the second chapter, has no committee.
        let second = app::entities::section::Entity::find()
            .filter(app::entities::section::Column::ProgramId.eq(program.id))
            .filter(app::entities::section::Column::Position.eq(1))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let second_text = app::services::lookup::revision_text(db, second.id, 1)
            .await
            .unwrap();
        // A coordinator gives Habitatge to a committee of one facilitator. A resident cannot
        // be a member; a facilitator cannot set committees up.
        let set = |client: &reqwest::Client, member: String| {
            let (client, base, slug) = (client.clone(), base.clone(), program.slug.clone());
            async move {
                call(
                    &client,
                    &base,
                    "committees/set",
                    &[
                        ("program", slug.as_str()),
                        ("name", "Habitatge"),
                        (&format!("sections[{section}]"), "on"),
                        (&format!("members[{member}]"), "on"),
                    ],
                )
                .await
                .status()
            }
        };
        assert_eq!(set(&inside, inside_id.to_string()).await, 403);
        assert_eq!(set(&coordinator, resident_id.to_string()).await, 400);
        assert_eq!(set(&coordinator, inside_id.to_string()).await, 200);
        let listed = json(
            &resident,
            &base,
            "committees/list",
            &[("slug", program.slug.as_str())],
        )
        .await;
        assert_eq!(
            listed["committees"][0]["members"],
            serde_json::json!(["in@example.org"])
        );
        assert_eq!(listed["can_edit"], false);

        let a = amend(db, alice_id, section, "800", &text.replace("500", "800")).await;
        let a2 = amend(db, alice_id, section, "900", &text.replace("500", "900")).await;
        let m = amend(
            db,
            alice_id,
            second.id.get(),
            "Més",
            &format!("{second_text} I tramvia."),
        )
        .await;
        // The page offers the decision exactly to those who may take it.
        let rights = |client: &reqwest::Client, id: AmendmentId| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                json(&client, &base, "amendments/get", &[("id", &id.to_string())]).await["rights"]
                    ["can_accept"]
                    .clone()
            }
        };
        assert_eq!(rights(&outside, a).await, false);
        assert_eq!(rights(&inside, a).await, true);
        assert_eq!(rights(&coordinator, a).await, true);
        assert_eq!(rights(&outside, m).await, true);
        // Outside the committee: refused on its chapter, free elsewhere.
        let reject = |client: &reqwest::Client, id: AmendmentId| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                call(
                    &client,
                    &base,
                    "amendments/reject",
                    &[
                        ("id", id.to_string().as_str()),
                        ("reason", "Fora de l'abast."),
                    ],
                )
                .await
                .status()
            }
        };
        assert_eq!(reject(&outside, a).await, 403);
        assert_eq!(reject(&inside, a).await, 200);
        assert_eq!(reject(&outside, m).await, 200);
        assert_eq!(reject(&coordinator, a2).await, 200);
        // Merging is the committee's too.
        let res = call(
            &outside,
            &base,
            "amendments/merge-draft",
            &[("id", &section.to_string()), ("ids", "")],
        )
        .await;
        assert_eq!(res.status(), 403);
        let sec = json(
            &outside,
            &base,
            "sections/get",
            &[("id", &section.to_string())],
        )
        .await;
        assert_eq!(sec["can_merge"], false);
        let sec = json(
            &inside,
            &base,
            "sections/get",
            &[("id", &section.to_string())],
        )
        .await;
        assert_eq!(sec["can_merge"], true);

        // Its queue: what waits for its decision, oldest first; counted on the dashboard.
        let b = amend(db, alice_id, section, "A", &text.replace("500", "600")).await;
        let c = amend(db, alice_id, section, "B", &text.replace("500", "700")).await;
        let committee = listed["committees"][0]["id"].to_string();
        let queue = json(
            &inside,
            &base,
            "dashboard/queue",
            &[("committee", &committee)],
        )
        .await;
        let ids: Vec<i64> = queue["decide"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![i64::from(b.get()), i64::from(c.get())]);
        assert_eq!(queue["committees"][0]["waiting"], 2);
        let dash = json(&coordinator, &base, "dashboard/get", &[]).await;
        assert_eq!(dash["committees"][0]["waiting"], 2);
        // A facilitator outside it does not find them in their own queue.
        let theirs = json(&outside, &base, "dashboard/queue", &[]).await;
        let listed = theirs["decide"].to_string();
        assert!(!listed.contains(&format!("\"id\":{b}")), "{listed}");
        let all = json(&coordinator, &base, "dashboard/queue", &[]).await;
        assert!(all["decide"].to_string().contains(&format!("\"id\":{b}")));

        // An assembly's facilitators can be the committee instead.
        let assembly = app::services::assemblies::create(
            db,
            &model(db, co_id).await,
            "Barri",
            "territorial",
            "",
        )
        .await
        .unwrap();
        app::services::assemblies::set_facilitator(
            db,
            &model(db, co_id).await,
            assembly.id,
            "out@example.org",
            true,
        )
        .await
        .unwrap();
        let res = call(
            &coordinator,
            &base,
            "committees/set",
            &[
                ("program", program.slug.as_str()),
                ("id", &committee),
                ("name", "Habitatge"),
                (&format!("sections[{section}]"), "on"),
                ("assembly", &assembly.id.to_string()),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        assert_eq!(rights(&outside, b).await, true);
        assert_eq!(rights(&inside, b).await, false);
    }
);
