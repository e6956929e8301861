#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(
    an_assembly_meets_and_its_outcome_enters_the_pipeline,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (_, sid) = published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
        let coordinator = logged_in(&app, "co@example.org", Role::Coordinator).await;
        let fa = logged_in(&app, "fa@example.org", Role::Facilitator).await;
        let resident = logged_in(&app, "resident@example.org", Role::Resident).await;
        let second = logged_in(&app, "second@example.org", Role::Resident).await;

        // Only coordinators create assemblies; bad input is refused with nothing stored.
        let create = |client: &reqwest::Client, name: &str, kind: &str| {
            let (client, base, name, kind) = (
                client.clone(),
                base.clone(),
                name.to_string(),
                kind.to_string(),
            );
            async move {
                call(
                    &client,
                    &base,
                    "assemblies/create",
                    &[
                        ("name", &name),
                        ("kind", &kind),
                        ("description", "El barri de **Gràcia**."),
                    ],
                )
                .await
            }
        };
        refused(
            create(&resident, "Gràcia", "territorial").await,
            403,
            "Forbidden",
        )
        .await;
        refused(create(&coordinator, " ", "territorial").await, 400, "Name").await;
        refused(create(&coordinator, "Gràcia", "secret").await, 400, "Kind").await;
        assert_eq!(assembly::Entity::find().count(db).await.unwrap(), 0);
        let slug = ok(create(&coordinator, "Gràcia", "territorial").await).await;
        assert_eq!(slug, "gracia");
        refused(
            create(&coordinator, "gràcia", "thematic").await,
            409,
            "NameTaken",
        )
        .await;
        ok(create(&coordinator, "Habitatge", "thematic").await).await;
        let a = assembly::Entity::find()
            .filter(assembly::Column::Slug.eq("gracia"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let other = assembly::Entity::find()
            .filter(assembly::Column::Slug.eq("habitatge"))
            .one(db)
            .await
            .unwrap()
            .unwrap();

        // Facilitators are named per assembly.
        ok(call(
            &coordinator,
            &base,
            "assemblies/facilitator",
            &[
                ("id", &a.id.to_string()),
                ("email", "fa@example.org"),
                ("on", "true"),
            ],
        )
        .await)
        .await;
        refused(
            call(
                &fa,
                &base,
                "assemblies/facilitator",
                &[
                    ("id", &other.id.to_string()),
                    ("email", "fa@example.org"),
                    ("on", "true"),
                ],
            )
            .await,
            403,
            "Forbidden",
        )
        .await;
        refused(
            call(
                &coordinator,
                &base,
                "assemblies/facilitator",
                &[
                    ("id", &a.id.to_string()),
                    ("email", "nobody@example.org"),
                    ("on", "true"),
                ],
            )
            .await,
            404,
            "NotFound",
        )
        .await;

        // Residents join (twice is once) and leave.
        for _ in 0..2 {
            ok(call(
                &resident,
                &base,
                "assemblies/join",
                &[("id", &a.id.to_string()), ("join", "true")],
            )
            .await)
            .await;
        }
        let page = ok(call(&resident, &base, "assemblies/get", &[("slug", "gracia")]).await).await;
        assert_eq!(page["members"], 2, "{page}");
        assert_eq!(page["joined"], true);
        assert_eq!(page["can_facilitate"], false);
        assert!(page["description_html"]
            .as_str()
            .unwrap()
            .contains("<strong>Gràcia</strong>"));
        assert_eq!(page["facilitators"][0]["title"], "fa@example.org");

        // Scheduling: bad meetings are refused and nothing is stored.
        let agenda_amendment = amendments::create(
            db,
            &app::entities::user::Entity::find()
                .filter(app::entities::user::Column::Email.eq("second@example.org"))
                .one(db)
                .await
                .unwrap()
                .unwrap(),
            app::domain::ids::SectionId(sid),
            amendments::Proposal {
                title: "Més",
                text: "Construir 900 habitatges públics cada any.",
                justification: "",
                base_number: 1,
                passage: None,
            },
        )
        .await
        .unwrap();
        let second_user = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("second@example.org"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        amendments::publish(db, &second_user, agenda_amendment.id)
            .await
            .unwrap();
        let meeting_fields = |title: &str,
                              starts: String,
                              ends: String,
                              place: &str,
                              link: &str,
                              capacity: &str,
                              agenda: Vec<String>| {
            let mut f: Vec<(String, String)> = vec![
                ("assembly_id".into(), a.id.to_string()),
                ("title".into(), title.into()),
                ("starts_at".into(), starts),
                ("ends_at".into(), ends),
                ("place".into(), place.into()),
                ("online_url".into(), link.into()),
                ("capacity".into(), capacity.into()),
            ];
            for item in agenda {
                f.push(("agenda[]".into(), item));
            }
            f
        };
        let save = |client: &reqwest::Client, fields: Vec<(String, String)>| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let pairs: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                call(&client, &base, "meetings/save", &pairs).await
            }
        };
        let agenda = vec![format!("s{sid}"), format!("a{}", agenda_amendment.id)];
        for (fields, needle) in [
            (
                meeting_fields("Plenari", at(86_400), at(90_000), "", "", "", vec![]),
                "NoPlace",
            ),
            (
                meeting_fields(
                    "Plenari",
                    at(86_400),
                    at(90_000),
                    "",
                    "javascript:alert(1)",
                    "",
                    vec![],
                ),
                "Link",
            ),
            (
                meeting_fields("Plenari", at(90_000), at(86_400), "Casal", "", "", vec![]),
                "MeetingTimes",
            ),
            (
                meeting_fields(
                    "Plenari",
                    "demà".into(),
                    at(86_400),
                    "Casal",
                    "",
                    "",
                    vec![],
                ),
                "MeetingTimes",
            ),
            (
                meeting_fields("Plenari", at(86_400), at(90_000), "Casal", "", "0", vec![]),
                "Capacity",
            ),
            (
                meeting_fields(
                    "Plenari",
                    at(86_400),
                    at(90_000),
                    "Casal",
                    "",
                    "",
                    vec!["s999999".into()],
                ),
                "AgendaItem",
            ),
            (
                meeting_fields(
                    "Plenari",
                    at(86_400),
                    at(90_000),
                    "Casal",
                    "",
                    "",
                    vec!["x'; DROP TABLE meetings; --".into()],
                ),
                "AgendaItem",
            ),
            (
                meeting_fields(" ", at(86_400), at(90_000), "Casal", "", "", vec![]),
                "MeetingTitle",
            ),
        ] {
            refused(save(&fa, fields).await, 400, needle).await;
        }
        refused(
            save(
                &resident,
                meeting_fields("Plenari", at(86_400), at(90_000), "Casal", "", "", vec![]),
            )
            .await,
            403,
            "Forbidden",
        )
        .await;
        assert_eq!(meeting::Entity::find().count(db).await.unwrap(), 0);

        // A future meeting with a capacity of one.
        let future: i64 = ok(save(
            &fa,
            meeting_fields(
                "Plenari de tardor",
                at(86_400),
                at(93_600),
                "Casal de Gràcia",
                "https://meet.example.org/gracia",
                "1",
                agenda.clone(),
            ),
        )
        .await)
        .await
        .as_i64()
        .unwrap();
        let m = ok(call(
            &resident,
            &base,
            "meetings/get",
            &[("id", &future.to_string())],
        )
        .await)
        .await;
        assert_eq!(m["agenda"].as_array().unwrap().len(), 2, "{m}");
        assert_eq!(m["agenda"][1]["amendment"]["id"], agenda_amendment.id.get());
        assert_eq!(m["can_facilitate"], false);
        assert!(
            m["choices"].as_array().unwrap().is_empty(),
            "residents get no facilitator data"
        );
        ok(call(
            &resident,
            &base,
            "meetings/register",
            &[("id", &future.to_string()), ("register", "true")],
        )
        .await)
        .await;
        ok(call(
            &resident,
            &base,
            "meetings/register",
            &[("id", &future.to_string()), ("register", "true")],
        )
        .await)
        .await;
        refused(
            call(
                &second,
                &base,
                "meetings/register",
                &[("id", &future.to_string()), ("register", "true")],
            )
            .await,
            409,
            "Full",
        )
        .await;
        refused(
            call(
                &fa,
                &base,
                "meetings/record",
                &[("id", &future.to_string()), ("guests", "2")],
            )
            .await,
            409,
            "NotHeld",
        )
        .await;
        ok(call(
            &resident,
            &base,
            "meetings/register",
            &[("id", &future.to_string()), ("register", "false")],
        )
        .await)
        .await;
        ok(call(
            &second,
            &base,
            "meetings/register",
            &[("id", &future.to_string()), ("register", "true")],
        )
        .await)
        .await;
        assert_eq!(
            meeting_registration::Entity::find()
                .count(db)
                .await
                .unwrap(),
            1
        );

        // The pack: the agenda's section with its text, and the amendment's diff.
        let pack = ok(call(
            &app.client(),
            &base,
            "meetings/pack",
            &[("id", &future.to_string())],
        )
        .await)
        .await;
        assert_eq!(pack["sections"].as_array().unwrap().len(), 1, "{pack}");
        // Rendered, as residents read it.
        let body = pack["sections"][0]["body"].as_str().unwrap();
        assert!(
            body.contains("500 habitatges") && body.starts_with('<'),
            "{body}"
        );
        let diff = serde_json::to_string(&pack["sections"][0]["amendments"][0]["diff"]).unwrap();
        assert!(
            diff.contains("Deleted") && diff.contains("500") && diff.contains("900"),
            "{diff}"
        );

        // A meeting that started an hour ago.
        let held: i64 = ok(save(
            &fa,
            meeting_fields(
                "Assemblea oberta",
                at(-3600),
                at(3600),
                "Plaça del Sol",
                "",
                "",
                vec![format!("s{sid}")],
            ),
        )
        .await)
        .await
        .as_i64()
        .unwrap();
        let held_s = held.to_string();
        refused(
            call(
                &resident,
                &base,
                "meetings/register",
                &[("id", &held_s), ("register", "true")],
            )
            .await,
            409,
            "Started",
        )
        .await;
        // Attendance of someone not registered is ignored; guests are counted.
        let fa_id = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("fa@example.org"))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id;
        refused(
            call(
                &fa,
                &base,
                "meetings/record",
                &[("id", &held_s), ("guests", "-4")],
            )
            .await,
            400,
            "Count",
        )
        .await;
        ok(call(
            &fa,
            &base,
            "meetings/record",
            &[
                ("id", &held_s),
                ("attended[]", &fa_id.to_string()),
                ("guests", "41"),
                (
                    "minutes",
                    "# Acta\n\n<script>alert(1)</script>Acord unànime.",
                ),
            ],
        )
        .await)
        .await;
        let page = ok(call(&app.client(), &base, "meetings/get", &[("id", &held_s)]).await).await;
        assert_eq!(page["guests"], 41);
        assert_eq!(page["attended"], 0);
        let minutes = page["minutes_html"].as_str().unwrap();
        assert!(
            minutes.contains("Acord unànime") && !minutes.contains("<script"),
            "{minutes}"
        );
        assert_eq!(
            page["minutes"], "",
            "the Markdown source is for facilitators"
        );

        // Adopted in the room: the assembly's amendment, published, in the ordinary pipeline.
        let head_text = lookup::revision_text(db, app::domain::ids::SectionId(sid), 1)
            .await
            .unwrap();
        let adopted: i64 = ok(call(
            &fa,
            &base,
            "meetings/adopt",
            &[
                ("id", &held_s),
                ("section_id", &sid.to_string()),
                ("base_number", "1"),
                ("title", "Habitatge per a joves"),
                (
                    "text",
                    &format!("{head_text}\nReservar-ne la meitat per a joves."),
                ),
                ("justification", "Aprovada per 41 veïnes."),
            ],
        )
        .await)
        .await
        .as_i64()
        .unwrap();
        let row = amendment::Entity::find_by_id(app::domain::ids::AmendmentId(adopted as i32))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.assembly_id, Some(a.id));
        assert_eq!(
            row.status,
            app::domain::amendment::AmendmentStatus::Published
        );
        let amendment_page = ok(call(
            &resident,
            &base,
            "amendments/get",
            &[("id", &adopted.to_string())],
        )
        .await)
        .await;
        assert_eq!(amendment_page["assembly"][1], "Gràcia", "{amendment_page}");
        let assembly_page =
            ok(call(&resident, &base, "assemblies/get", &[("slug", "gracia")]).await).await;
        assert_eq!(assembly_page["amendments"][0]["id"], adopted);
        assert_eq!(
            assembly_page["past"].as_array().unwrap().len(),
            0,
            "still running"
        );
        assert_eq!(assembly_page["upcoming"].as_array().unwrap().len(), 2);
        // Residents support it online like any amendment; a facilitator accepts it and the
        // section moves, rebasing the other open amendment.
        ok(call(
            &resident,
            &base,
            "amendments/support",
            &[("id", &adopted.to_string())],
        )
        .await)
        .await;
        ok(call(
            &fa,
            &base,
            "amendments/accept",
            &[("id", &adopted.to_string())],
        )
        .await)
        .await;
        let section = ok(call(
            &resident,
            &base,
            "sections/get",
            &[("id", &sid.to_string())],
        )
        .await)
        .await;
        assert!(section["source"]
            .as_str()
            .unwrap()
            .contains("meitat per a joves"));
        assert_eq!(section["section"]["head"], 2);

        // In-room votes: shown beside online supports, never added to them.
        let supports_before = support::Entity::find().count(db).await.unwrap();
        for (fields, needle) in [
            (vec![("votes_for", "-1")], "Count"),
            (vec![("votes_for", "")], "NoVotes"),
            (vec![("votes_for", "9999999")], "Count"),
        ] {
            let mut f = vec![("id", held_s.as_str()), ("amendment_id", "0")];
            let aid = agenda_amendment.id.to_string();
            f[1].1 = &aid;
            f.extend(fields);
            refused(
                call(&fa, &base, "meetings/room-vote", &f).await,
                400,
                needle,
            )
            .await;
        }
        refused(
            call(
                &fa,
                &base,
                "meetings/room-vote",
                &[
                    ("id", &held_s),
                    ("amendment_id", "999999"),
                    ("votes_for", "3"),
                ],
            )
            .await,
            400,
            "WrongAmendment",
        )
        .await;
        ok(call(
            &fa,
            &base,
            "meetings/room-vote",
            &[
                ("id", &held_s),
                ("amendment_id", &agenda_amendment.id.to_string()),
                ("votes_for", "23"),
                ("votes_against", "4"),
                ("votes_abstain", "2"),
            ],
        )
        .await)
        .await;
        assert_eq!(
            support::Entity::find().count(db).await.unwrap(),
            supports_before
        );
        let rival = ok(call(
            &resident,
            &base,
            "amendments/get",
            &[("id", &agenda_amendment.id.to_string())],
        )
        .await)
        .await;
        assert_eq!(rival["supports"], 0);
        assert_eq!(rival["room_votes"][0]["votes_for"], 23, "{rival}");
        assert_eq!(rival["room_votes"][0]["assembly"], "Gràcia");

        // Priorities replace each other; a typing mistake can be removed.
        refused(
            call(
                &fa,
                &base,
                "meetings/priorities",
                &[("id", &held_s), ("priorities", "\n\n")],
            )
            .await,
            400,
            "Priorities",
        )
        .await;
        ok(call(
            &fa,
            &base,
            "meetings/priorities",
            &[("id", &held_s), ("priorities", "1. Habitatge\n2. Escoles")],
        )
        .await)
        .await;
        ok(call(
            &fa,
            &base,
            "meetings/priorities",
            &[
                ("id", &held_s),
                ("priorities", "- Habitatge\n- Mobilitat\n- Escoles"),
            ],
        )
        .await)
        .await;
        let page = ok(call(&app.client(), &base, "meetings/get", &[("id", &held_s)]).await).await;
        let outcomes = page["outcomes"].as_array().unwrap();
        let priorities: Vec<&str> = outcomes
            .iter()
            .filter(|o| o["kind"] == "Priority")
            .map(|o| o["text"].as_str().unwrap())
            .collect();
        assert_eq!(priorities, ["Habitatge", "Mobilitat", "Escoles"]);
        assert_eq!(
            outcomes.iter().filter(|o| o["kind"] == "Adopted").count(),
            1
        );
        let vote_outcome =
            outcomes.iter().find(|o| o["kind"] == "RoomVote").unwrap()["id"].to_string();
        let adopted_outcome =
            outcomes.iter().find(|o| o["kind"] == "Adopted").unwrap()["id"].to_string();
        refused(
            call(
                &resident,
                &base,
                "meetings/remove-outcome",
                &[("id", &vote_outcome)],
            )
            .await,
            403,
            "Forbidden",
        )
        .await;
        refused(
            call(
                &fa,
                &base,
                "meetings/remove-outcome",
                &[("id", &adopted_outcome)],
            )
            .await,
            409,
            "WrongState",
        )
        .await;
        ok(call(
            &fa,
            &base,
            "meetings/remove-outcome",
            &[("id", &vote_outcome)],
        )
        .await)
        .await;
        assert_eq!(meeting_outcome::Entity::find().count(db).await.unwrap(), 4);

        // The audit page filtered by assembly shows its events and no others.
        let audit = ok(call(
            &coordinator,
            &base,
            "admin/audit",
            &[("assembly", "gracia")],
        )
        .await)
        .await;
        let kinds: Vec<&str> = audit["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        for k in [
            "assembly.create",
            "assembly.facilitator.add",
            "assembly.join",
            "meeting.create",
            "meeting.record",
            "meeting.adopt",
            "meeting.room_vote",
            "meeting.priorities",
            "meeting.outcome.remove",
            "amendment.accept",
        ] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
        // Only this assembly's own subjects: itself, its two meetings, the amendment it adopted
        // (never the other assembly, the program or the rival amendment).
        let own = [
            format!("assembly:{}", a.id),
            format!("meeting:{future}"),
            format!("meeting:{held}"),
            format!("amendment:{adopted}"),
        ];
        for row in audit["rows"].as_array().unwrap() {
            let subject = row["subject"].as_str().unwrap();
            assert!(
                own.iter().any(|o| o == subject),
                "{subject} is not Gràcia's"
            );
        }
        let habitatge = ok(call(
            &coordinator,
            &base,
            "admin/audit",
            &[("assembly", "habitatge")],
        )
        .await)
        .await;
        assert_eq!(habitatge["total"], 1, "{habitatge}");
    }
);
