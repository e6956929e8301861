//! Hearing what changed (issue 16): every kind of notice reaches the right people once, with
//! its program and section; supporters see what changed since they supported and re-confirm;
//! counts show how many back the current version; timed notices go out once even when
//! several app servers ask at the same moment.

#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::both_backends;
use crate::helpers::*;
use app::domain::ids::{AssemblyId, SectionId, UserId};
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::entities::{meeting, notification, user};
use app::services::{clock, reminders};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;

pub(crate) const PROGRAM: &str =
    "# Habitatge\n\nConstruir 500 habitatges públics cada any.\n\n# Mobilitat\n\nMés bus de barri.\n";

pub(crate) async fn kinds_of(db: &sea_orm::DatabaseConnection, who: UserId) -> Vec<String> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(who))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.as_str().to_string())
        .collect()
}

pub(crate) async fn person(app: &TestApp, email: &str, role: Role) -> (reqwest::Client, UserId) {
    let client = logged_in(app, email, role).await;
    let id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.state().db)
        .await
        .unwrap()
        .unwrap()
        .id;
    (client, id)
}

pub(crate) async fn model(db: &sea_orm::DatabaseConnection, id: UserId) -> user::Model {
    user::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

/// A fresh server with a published program in its amendments phase: the program, its first
/// section and that section's text.
pub(crate) async fn stage(
    backend: Backend,
) -> (TestApp, app::entities::program::Model, i32, String) {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (program, section) =
        published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let text = app::services::lookup::revision_text(db, SectionId(section), 1)
        .await
        .unwrap();
    (app, program, section, text)
}

/// A published amendment by `who` to revision 1 of `section`, whose text is `text`.
pub(crate) async fn amend(
    db: &sea_orm::DatabaseConnection,
    who: UserId,
    section: i32,
    title: &str,
    text: &str,
) -> app::domain::ids::AmendmentId {
    published_amendment(db, &model(db, who).await, SectionId(section), title, text).await
}

/// A meeting "Plenari" of `assembly`, scheduled by `by`, from `starts` to `ends` (as typed).
async fn plenari(
    db: &sea_orm::DatabaseConnection,
    by: &user::Model,
    assembly: AssemblyId,
    (starts, ends): (&str, &str),
    place: &str,
) -> meeting::Model {
    app::services::meetings::create_meeting(
        db,
        by,
        assembly,
        app::services::meetings::MeetingInput {
            title: "Plenari",
            starts_at: starts,
            ends_at: ends,
            place,
            online_url: "",
            description: "",
            capacity: "",
            agenda: &[],
        },
    )
    .await
    .unwrap()
}

async fn amendment_json(client: &reqwest::Client, base: &str, id: &str) -> Value {
    let res = call(client, base, "amendments/get", &[("id", id)]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

both_backends!(
    supporters_hear_of_edits_and_reconfirm,
    |backend| async move {
        let (app, program, section, text) = stage(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (alice, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (carol, carol_id) = person(&app, "carol@example.org", Role::Resident).await;
        let (dan, dan_id) = person(&app, "dan@example.org", Role::Resident).await;
        let (eve, eve_id) = person(&app, "eve@example.org", Role::Resident).await;
        let (frank, frank_id) = person(&app, "frank@example.org", Role::Resident).await;
        let section_s = section.to_string();
        // Frank follows the section, Eve the whole program.
        for (who, kind, id) in [
            (&frank, "section", section_s.clone()),
            (&eve, "program", program.id.to_string()),
        ] {
            let res = call(
                who,
                &base,
                "follows/set",
                &[("kind", kind), ("id", &id), ("follow", "true")],
            )
            .await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
        }
        let res = call(
            &alice,
            &base,
            "amendments/create",
            &[
                ("section_id", section_s.as_str()),
                ("base_number", "1"),
                ("title", "Més habitatge"),
                ("text", &text.replace("500", "800")),
                ("justification", ""),
            ],
        )
        .await;
        let id: i32 = res.json().await.unwrap();
        let id = id.to_string();
        assert_eq!(
            call(&alice, &base, "amendments/publish", &[("id", &id)])
                .await
                .status(),
            200
        );
        // A new amendment reaches the followers of its section and of its program.
        assert_eq!(kinds_of(db, frank_id).await, ["new_amendment"]);
        assert_eq!(kinds_of(db, eve_id).await, ["new_amendment"]);
        assert!(kinds_of(db, alice_id).await.is_empty());
        let told = notification::Entity::find()
            .filter(notification::Column::UserId.eq(frank_id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(told.program_id, Some(program.id));
        assert_eq!(told.section_id, Some(SectionId(section)));
        assert_eq!(told.actor_id, Some(alice_id));

        // Carol supports; Dan comments.
        assert_eq!(
            call(&carol, &base, "amendments/support", &[("id", &id)])
                .await
                .status(),
            200
        );
        let res = call(
            &dan,
            &base,
            "comments/post",
            &[
                ("target", "amendment"),
                ("id", &id),
                ("body", "Massa poc."),
                ("stance", "against"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let page = amendment_json(&carol, &base, &id).await;
        assert_eq!(
            (page["supports"].as_i64(), page["earlier_supports"].as_i64()),
            (Some(1), Some(0))
        );

        // Alice changes her wording: Carol backs an earlier version now, and hears of it.
        let res = call(
            &alice,
            &base,
            "amendments/edit",
            &[
                ("id", id.as_str()),
                ("base_number", "1"),
                ("title", "Més habitatge"),
                ("text", &text.replace("500", "900")),
                ("justification", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        assert_eq!(kinds_of(db, carol_id).await, ["edited"]);
        assert!(!kinds_of(db, dan_id).await.contains(&"edited".to_string()));
        let anonymous = amendment_json(&app.client(), &base, &id).await;
        assert_eq!(anonymous["supports"], 0);
        assert_eq!(anonymous["earlier_supports"], 1);
        let page = page_as(&carol, &format!("{base}/amendments/{id}")).await;
        assert!(page.contains("Changed since you supported it"), "{page}");
        assert!(page.contains("Support this version"));
        assert!(page.contains("0 supports of this version"));
        assert!(page.contains("(1 more for an earlier version, not re-confirmed)"));
        // The notice links to what changed.
        let edited = notification::Entity::find()
            .filter(notification::Column::UserId.eq(carol_id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(edited.link, format!("/amendments/{id}#changed-heading"));
        // One click re-confirms.
        assert_eq!(
            call(&carol, &base, "amendments/support", &[("id", &id)])
                .await
                .status(),
            200
        );
        let page = amendment_json(&carol, &base, &id).await;
        assert_eq!(
            (page["supports"].as_i64(), page["earlier_supports"].as_i64()),
            (Some(1), Some(0))
        );
        assert_eq!(page["changed_since_support"], Value::Null);
        let html = page_as(&carol, &format!("{base}/amendments/{id}")).await;
        assert!(!html.contains("Support this version"));
        assert!(html.contains("1 support of this version"));

        // Withdrawing tells its supporter and those who commented.
        let res = call(
            &alice,
            &base,
            "amendments/withdraw",
            &[("id", &id), ("reason", "Ja no cal."), ("confirmed", "1")],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        assert!(kinds_of(db, carol_id)
            .await
            .contains(&"decided".to_string()));
        assert!(kinds_of(db, dan_id).await.contains(&"decided".to_string()));
        assert!(!kinds_of(db, alice_id)
            .await
            .contains(&"decided".to_string()));
    }
);

both_backends!(decisions_reach_commenters, |backend| async move {
    let (app, _, section, text) = stage(backend).await;
    let db = &app.state().db;
    let base = app.base.clone();
    let (_, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
    let (dan, dan_id) = person(&app, "dan@example.org", Role::Resident).await;
    let (fa, _) = person(&app, "fa@example.org", Role::Facilitator).await;
    let a = amend(db, alice_id, section, "800", &text.replace("500", "800")).await;
    let b = amend(
        db,
        alice_id,
        section,
        "Bus",
        &text.replace("cada any", "cada any, de lloguer"),
    )
    .await;
    for target in [a, b] {
        let res = call(
            &dan,
            &base,
            "comments/post",
            &[
                ("target", "amendment"),
                ("id", &target.to_string()),
                ("body", "D'acord."),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    let res = call(
        &fa,
        &base,
        "amendments/reject",
        &[
            ("id", &b.to_string()),
            ("reason", "Fora de l'abast."),
            ("confirmed", "1"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let res = call(
        &fa,
        &base,
        "amendments/accept",
        &[("id", &a.to_string()), ("confirmed", "1")],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let dan_kinds = kinds_of(db, dan_id).await;
    assert!(dan_kinds.contains(&"accepted".to_string()), "{dan_kinds:?}");
    assert!(dan_kinds.contains(&"rejected".to_string()), "{dan_kinds:?}");
    let alice_kinds = kinds_of(db, alice_id).await;
    assert!(
        alice_kinds.contains(&"accepted".to_string())
            && alice_kinds.contains(&"rejected".to_string())
    );
});

both_backends!(timed_notices_go_out_once, |backend| async move {
    let (app, program, section, text) = stage(backend).await;
    let db = &app.state().db;
    let base = app.base.clone();
    let (_, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
    let (bob, bob_id) = person(&app, "bob@example.org", Role::Resident).await;
    let (carol, carol_id) = person(&app, "carol@example.org", Role::Resident).await;
    let (_, dave_id) = person(&app, "dave@example.org", Role::Resident).await;
    let (_, fa_id) = person(&app, "fa@example.org", Role::Coordinator).await;
    let fa = model(db, fa_id).await;
    let alice = model(db, alice_id).await;
    amend(db, alice_id, section, "800", &text.replace("500", "800")).await;
    let res = call(
        &bob,
        &base,
        "comments/post",
        &[
            ("target", "section"),
            ("id", &section.to_string()),
            ("body", "Hi."),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    // The Amendments phase started a moment ago: those taking part hear of it.
    assert_eq!(reminders::run_due(db).await.unwrap(), 1);
    assert_eq!(kinds_of(db, alice_id).await, ["phase"]);
    let before = notification::Entity::find().count(db).await.unwrap();

    // A phase starts: those taking part hear of it, once, whoever else asks at once.
    start_phase(db, program.id, Phase::Voting).await;
    let runs = futures_util::future::join_all((0..5).map(|_| reminders::run_due(db))).await;
    assert_eq!(runs.into_iter().map(|r| r.unwrap()).sum::<usize>(), 1);
    for who in [alice_id, bob_id] {
        assert_eq!(
            kinds_of(db, who)
                .await
                .iter()
                .filter(|k| *k == "phase")
                .count(),
            2
        );
    }
    assert!(kinds_of(db, dave_id).await.is_empty());
    assert_eq!(
        notification::Entity::find().count(db).await.unwrap(),
        before + 2
    );

    // A vote opens and closes within the hour: all hear it opened; who voted already is not
    // reminded that it closes; a follower of the vote hears both.
    let poll = app::services::polls::create(db, &fa, measures_vote(&program.slug, clock::now()))
        .await
        .unwrap();
    let res = call(
        &carol,
        &base,
        "follows/set",
        &[
            ("kind", "vote"),
            ("id", &poll.id.to_string()),
            ("follow", "true"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    app::services::polls::cast(db, &alice, poll.id, "1>2")
        .await
        .unwrap();
    let runs = futures_util::future::join_all((0..5).map(|_| reminders::run_due(db))).await;
    assert_eq!(runs.into_iter().map(|r| r.unwrap()).sum::<usize>(), 2);
    let count = |v: Vec<String>, k: &str| v.iter().filter(|x| *x == k).count();
    assert_eq!(count(kinds_of(db, alice_id).await, "vote_open"), 1);
    assert_eq!(count(kinds_of(db, alice_id).await, "vote_closing"), 0);
    assert_eq!(count(kinds_of(db, bob_id).await, "vote_closing"), 1);
    assert_eq!(count(kinds_of(db, carol_id).await, "vote_open"), 1);
    assert_eq!(count(kinds_of(db, carol_id).await, "vote_closing"), 1);
    assert!(kinds_of(db, dave_id).await.is_empty());
    assert_eq!(reminders::run_due(db).await.unwrap(), 0);
    // Closing reminders are mailed at once by default, with the closing time in the zone.
    let mailed = app::services::digest::mail_due(db, &app.state().mailer, &base)
        .await
        .unwrap();
    assert_eq!(mailed, 2, "Bob and Carol");
    let mail = app.last_mail_to("bob@example.org").await;
    assert!(
        mail.contains("A vote you have not voted in closes within 24 hours"),
        "{mail}"
    );
    assert!(mail.contains("UTC"), "{mail}");

    // A meeting scheduled in an assembly: its members and followers hear of it; those
    // registered are reminded the day before, once.
    let gracia = app::services::assemblies::create(db, &fa, "Gràcia", "territorial", "")
        .await
        .unwrap();
    let bob_model = model(db, bob_id).await;
    app::services::assemblies::set_membership(db, &bob_model, gracia.id, true)
        .await
        .unwrap();
    let res = call(
        &carol,
        &base,
        "follows/set",
        &[
            ("kind", "assembly"),
            ("id", &gracia.id.to_string()),
            ("follow", "true"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let starts = app::domain::time::datetime_value(clock::now() + 3 * 86_400);
    let ends = app::domain::time::datetime_value(clock::now() + 3 * 86_400 + 7200);
    let m = plenari(
        db,
        &fa,
        AssemblyId(gracia.id.get()),
        (&starts, &ends),
        "Casal de barri",
    )
    .await;
    assert_eq!(count(kinds_of(db, bob_id).await, "meeting"), 1);
    assert_eq!(count(kinds_of(db, carol_id).await, "meeting"), 1);
    assert_eq!(count(kinds_of(db, dave_id).await, "meeting"), 0);
    app::services::meetings::set_registration(db, &bob_model, m.id, true)
        .await
        .unwrap();
    assert_eq!(
        reminders::run_due(db).await.unwrap(),
        0,
        "not yet: three days ahead"
    );
    let mut sooner: meeting::ActiveModel = m.into();
    sooner.starts_at = Set(clock::now() + 3 * 3600);
    sooner.ends_at = Set(clock::now() + 5 * 3600);
    sooner.update(db).await.unwrap();
    let runs = futures_util::future::join_all((0..5).map(|_| reminders::run_due(db))).await;
    assert_eq!(runs.into_iter().map(|r| r.unwrap()).sum::<usize>(), 1);
    assert_eq!(count(kinds_of(db, bob_id).await, "meeting_reminder"), 1);
    assert_eq!(count(kinds_of(db, carol_id).await, "meeting_reminder"), 0);
    app::services::digest::mail_due(db, &app.state().mailer, &base)
        .await
        .unwrap();
    let mail = app.last_mail_to("bob@example.org").await;
    assert!(
        mail.contains("A meeting you registered for is tomorrow"),
        "{mail}"
    );
    assert!(mail.contains("Plenari"), "{mail}");
    assert!(mail.contains("Casal de barri"), "{mail}");
});

// Every kind of decision is public on the amendment's page, in the section's history and in
// the open data, with the sections' revision histories, public comments and meetings.
both_backends!(
    decision_kinds_in_page_history_and_export,
    |backend| async move {
        let (app, program, section, text) = stage(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (alice, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (fa, fa_id) = person(&app, "fa@example.org", Role::Facilitator).await;
        let (_, coordinator_id) = person(&app, "co@example.org", Role::Coordinator).await;
        let alice_model = model(db, alice_id).await;
        let head = text.clone();
        let a = amend(db, alice_id, section, "800", &head.replace("500", "800")).await;
        let a_s = a.to_string();

        // Accepting with changes needs a reason and a wording of its own.
        let accept_changed = |text: String, reason: &'static str| {
            let (fa, base, a_s) = (fa.clone(), base.clone(), a_s.clone());
            async move {
                let res = call(
                    &fa,
                    &base,
                    "amendments/accept-changed",
                    &[
                        ("id", a_s.as_str()),
                        ("text", text.as_str()),
                        ("reason", reason),
                    ],
                )
                .await;
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let (status, body) = accept_changed(head.replace("500", "700"), " ").await;
        assert_eq!(
            (status, body.as_str()),
            (400, r#"{"Amendment":"ReasonRequired"}"#)
        );
        let (status, body) =
            accept_changed(head.replace("500", "700"), "The budget allows 700.").await;
        assert_eq!(status, 200, "{body}");
        let html = page_as(&alice, &format!("{base}/amendments/{a}")).await;
        assert!(
            html.contains("<h2 id=\"decision-heading\">Accepted with changes</h2>"),
            "{html}"
        );
        assert!(
            html.contains("The final wording, compared with the author"),
            "{html}"
        );
        assert!(html.contains("The budget allows 700."));
        assert!(html.contains("final wording, as accepted"));
        let json = amendment_json(&alice, &base, &a_s).await;
        assert_eq!(json["decision"]["kind"], "accepted_changes");
        let segments = json["decision"]["final_changes"].to_string();
        assert!(
            segments.contains("800") && segments.contains("700"),
            "{segments}"
        );
        let now_text = app::services::lookup::revision_text(db, SectionId(section), 2)
            .await
            .unwrap();
        assert!(now_text.contains("Construir 700 habitatges"), "{now_text}");
        assert!(kinds_of(db, alice_id)
            .await
            .contains(&"accepted".to_string()));

        // Sent to a vote: recorded with who sent it and the vote, its people told.
        let on_head = |who: user::Model, title: &'static str, text: String| async move {
            use app::services::amendments;
            let draft = amendments::create(
                db,
                &who,
                SectionId(section),
                amendments::Proposal {
                    title,
                    text: &text,
                    justification: "",
                    base_number: 2,
                    passage: None,
                },
            )
            .await
            .unwrap();
            amendments::publish(db, &who, draft.id).await.unwrap();
            draft.id
        };
        let c = on_head(alice_model.clone(), "900", now_text.replace("700", "900")).await;
        let d = on_head(
            model(db, coordinator_id).await,
            "1000",
            now_text.replace("700", "1000"),
        )
        .await;
        start_phase(db, program.id, Phase::Voting).await;
        let closes = app::domain::time::datetime_value(clock::now() + 3600);
        let ids = format!("{c},{d}");
        let res = call(
            &fa,
            &base,
            "votes/create",
            &[
                ("program", program.slug.as_str()),
                ("title", "Quants habitatges?"),
                ("description", ""),
                ("method", "schulze"),
                ("tie", "none"),
                ("eligibility", "residents"),
                ("closes_at", closes.as_str()),
                ("min_voters", "3"),
                ("kind", "amendments"),
                ("amendments", ids.as_str()),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let poll: i32 = res.json().await.unwrap();
        let html = page_as(&alice, &format!("{base}/amendments/{c}")).await;
        assert!(
            html.contains("<h2 id=\"decision-heading\">Sent to a vote</h2>"),
            "{html}"
        );
        assert!(
            html.contains("sent by fa@example.org (Facilitator) to the vote"),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"/votes/{poll}\"")));
        assert!(kinds_of(db, alice_id)
            .await
            .contains(&"decided".to_string()));
        let _ = fa_id;

        // The section's history lists the decisions.
        let history = page_as(&alice, &format!("{base}/sections/{section}/history")).await;
        assert!(history.contains("Decisions on its amendments"), "{history}");
        assert!(
            history.contains("Accepted with changes") && history.contains("The budget allows 700.")
        );
        assert!(history.contains("Sent to a vote"));

        // The open data: revision histories, public comments only, meetings with their record.
        let (_, bob_id) = person(&app, "bob@example.org", Role::Resident).await;
        let bob = model(db, bob_id).await;
        let res = call(
            &alice,
            &base,
            "comments/post",
            &[
                ("target", "section"),
                ("id", &section.to_string()),
                ("body", "Bona idea."),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let gracia = app::services::assemblies::create(
            db,
            &model(db, coordinator_id).await,
            "Gràcia",
            "territorial",
            "",
        )
        .await
        .unwrap();
        let starts = app::domain::time::datetime_value(clock::now() + 86_400);
        let ends = app::domain::time::datetime_value(clock::now() + 90_000);
        let m = plenari(
            db,
            &model(db, coordinator_id).await,
            AssemblyId(gracia.id.get()),
            (&starts, &ends),
            "Casal",
        )
        .await;
        app::services::meetings::set_registration(db, &bob, m.id, true)
            .await
            .unwrap();
        let mut held: meeting::ActiveModel = m.clone().into();
        held.starts_at = Set(clock::now() - 7200);
        held.ends_at = Set(clock::now() - 3600);
        held.update(db).await.unwrap();
        app::services::meetings::record_roll(
            db,
            &model(db, coordinator_id).await,
            m.id,
            &[bob_id],
            None,
            "3",
            "We agreed on **more homes**.",
        )
        .await
        .unwrap();
        let json = public_json(&alice, &base).await;
        let sec = json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == section)
            .unwrap();
        assert_eq!(sec["revisions"].as_array().unwrap().len(), 2);
        assert!(sec["revisions"][1]["text"]
            .as_str()
            .unwrap()
            .contains("700"));
        assert_eq!(sec["revisions"][1]["amendment"], a.get());
        let row = json["amendments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == a.get())
            .unwrap();
        assert_eq!(row["decision"], "accepted_changes");
        assert_eq!(row["decision_reason"], "The budget allows 700.");
        assert!(row["text"].as_str().unwrap().contains("700"));
        assert!(row["decided_at"].is_number());
        let comments = json["comments"].to_string();
        assert!(comments.contains("Bona idea."), "{comments}");
        let meeting = &json["meetings"][0];
        assert_eq!(meeting["title"], "Plenari");
        assert_eq!(meeting["minutes"], "We agreed on **more homes**.");
        assert_eq!(meeting["attendance"]["registered"], 1);
        assert_eq!(meeting["attendance"]["present"], 1);
        assert_eq!(meeting["attendance"]["guests"], 3);
    }
);

// Coordinators set the platform's time zone in the app: every time is shown in it from then
// on (cached pages too), it is stored for every app server, and it is in the audit log.
both_backends!(coordinators_set_the_time_zone, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let base = app.base.clone();
    let (coordinator, coordinator_id) = person(&app, "co@example.org", Role::Coordinator).await;
    let (resident, _) = person(&app, "r@example.org", Role::Resident).await;
    let gracia = app::services::assemblies::create(
        db,
        &model(db, coordinator_id).await,
        "Gràcia",
        "territorial",
        "",
    )
    .await
    .unwrap();
    // 18 January 2027, 18:00 UTC.
    let m = plenari(
        db,
        &model(db, coordinator_id).await,
        AssemblyId(gracia.id.get()),
        ("2027-01-18 18:00", "2027-01-18 20:00"),
        "Casal",
    )
    .await;
    let anonymous = app.client();
    let page = page_as(&anonymous, &format!("{base}/meetings/{}", m.id)).await;
    assert!(page.contains("18:00 UTC"), "{page}");

    let set = |client: reqwest::Client, zone: &'static str| {
        let base = base.clone();
        async move {
            let res = call(&client, &base, "admin/set-time-zone", &[("zone", zone)]).await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    assert_eq!(set(resident.clone(), "Europe/Madrid").await.0, 403);
    let (status, body) = set(coordinator.clone(), "Europe/Barcelona").await;
    assert_eq!((status, body.as_str()), (400, r#""UnknownTimeZone""#));
    assert_eq!(app::domain::time::zone_name(), "UTC");
    let (status, body) = set(coordinator.clone(), "Europe/Madrid").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app::domain::time::zone_name(), "Europe/Madrid");
    // The same page, even as cached for anonymous readers, now reads in Madrid's time.
    let page = page_as(&anonymous, &format!("{base}/meetings/{}", m.id)).await;
    assert!(page.contains("19:00 CET"), "{page}");
    let stored = app::entities::setting::Entity::find_by_id("time_zone".to_string())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.value, "Europe/Madrid");
    assert_eq!(stored.updated_by, Some(coordinator_id));
    // Another app server applies the stored zone (at start and every minute).
    app::domain::time::set_zone("UTC").unwrap();
    app::services::settings::apply_stored(db).await.unwrap();
    assert_eq!(app::domain::time::zone_name(), "Europe/Madrid");
    let audit = page_as(&coordinator, &format!("{base}/admin/audit?kind=settings")).await;
    assert!(
        audit.contains("changed the platform&#x27;s time zone")
            || audit.contains("changed the platform's time zone"),
        "{audit}"
    );
    let settings = page_as(&coordinator, &format!("{base}/admin/settings")).await;
    assert!(settings.contains("value=\"Europe/Madrid\""), "{settings}");
});

// The optional recommendation step: a proposed decision with its reason, public, its author
// and supporters told, for comment before the decision is made.
both_backends!(
    a_recommendation_comes_before_the_decision,
    |backend| async move {
        let (app, _, section, text) = stage(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (alice, alice_id) = person(&app, "alice@example.org", Role::Resident).await;
        let (carol, carol_id) = person(&app, "carol@example.org", Role::Resident).await;
        let (fa, _) = person(&app, "fa@example.org", Role::Facilitator).await;
        let head = text.clone();
        let a = amend(db, alice_id, section, "800", &head.replace("500", "800")).await;
        let a_s = a.to_string();
        assert_eq!(
            call(&carol, &base, "amendments/support", &[("id", &a_s)])
                .await
                .status(),
            200
        );
        let recommend = |who: reqwest::Client, kind: &'static str, reason: &'static str| {
            let (base, a_s) = (base.clone(), a_s.clone());
            async move {
                let res = call(
                    &who,
                    &base,
                    "amendments/recommend",
                    &[("id", a_s.as_str()), ("kind", kind), ("reason", reason)],
                )
                .await;
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        assert_eq!(recommend(carol.clone(), "rejected", "No.").await.0, 403);
        assert_eq!(
            recommend(fa.clone(), "rejected", " ").await,
            (400, r#"{"Amendment":"ReasonRequired"}"#.to_string())
        );
        assert_eq!(recommend(fa.clone(), "withdrawn", "Why not.").await.0, 400);
        let (status, body) = recommend(
            fa.clone(),
            "rejected",
            "It would cost twice the housing budget.",
        )
        .await;
        assert_eq!(status, 200, "{body}");
        for who in [alice_id, carol_id] {
            assert!(kinds_of(db, who).await.contains(&"recommended".to_string()));
        }
        let html = page_as(&alice, &format!("{base}/amendments/{a}")).await;
        assert!(html.contains("Recommended decision: Rejected"), "{html}");
        assert!(html.contains("It would cost twice the housing budget."));
        assert!(html.contains("recommended by fa@example.org (Facilitator)"));
        // Still open: supported, commented, then decided as usual (the recommendation goes).
        let res = call(
            &carol,
            &base,
            "comments/post",
            &[
                ("target", "amendment"),
                ("id", &a_s),
                ("body", "Then make it 600."),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let res = call(
            &fa,
            &base,
            "amendments/accept",
            &[("id", &a_s), ("confirmed", "1")],
        )
        .await;
        assert_eq!(res.status(), 200);
        let html = page_as(&alice, &format!("{base}/amendments/{a}")).await;
        assert!(!html.contains("Recommended decision"), "{html}");
        assert!(html.contains("<h2 id=\"decision-heading\">Accepted</h2>"));
    }
);
