#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

both_backends!(
    a_facilitator_has_no_power_in_another_assembly,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let (_, sid) = published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
        let coordinator = logged_in(&app, "co@example.org", Role::Coordinator).await;
        let fa = logged_in(&app, "fa@example.org", Role::Facilitator).await;
        let fb = logged_in(&app, "fb@example.org", Role::Facilitator).await;
        for (name, email) in [
            ("Sants", "fa@example.org"),
            ("Nou Barris", "fb@example.org"),
        ] {
            ok(call(
                &coordinator,
                &base,
                "assemblies/create",
                &[("name", name), ("kind", "territorial")],
            )
            .await)
            .await;
            let a = assembly::Entity::find()
                .filter(assembly::Column::Name.eq(name))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            ok(call(
                &coordinator,
                &base,
                "assemblies/facilitator",
                &[("id", &a.id.to_string()), ("email", email), ("on", "true")],
            )
            .await)
            .await;
        }
        let sants = assembly::Entity::find()
            .filter(assembly::Column::Name.eq("Sants"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let fields = |starts: String, ends: String| {
            vec![
                ("assembly_id".to_string(), sants.id.to_string()),
                ("title".to_string(), "Plenari".to_string()),
                ("starts_at".to_string(), starts),
                ("ends_at".to_string(), ends),
                ("place".to_string(), "Cotxeres".to_string()),
            ]
        };
        let save = |client: &reqwest::Client, f: Vec<(String, String)>| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let pairs: Vec<(&str, &str)> =
                    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                call(&client, &base, "meetings/save", &pairs).await
            }
        };
        refused(
            save(&fb, fields(at(-600), at(3000))).await,
            403,
            "Forbidden",
        )
        .await;
        let held = ok(save(&fa, fields(at(-600), at(3000))).await)
            .await
            .to_string();
        let head = lookup::revision_text(db, app::domain::ids::SectionId(sid), 1)
            .await
            .unwrap();
        let attempts: Vec<(&str, Vec<(&str, String)>)> = vec![
            (
                "meetings/record",
                vec![("id", held.clone()), ("guests", "3".into())],
            ),
            (
                "meetings/priorities",
                vec![("id", held.clone()), ("priorities", "A".into())],
            ),
            (
                "meetings/adopt",
                vec![
                    ("id", held.clone()),
                    ("section_id", sid.to_string()),
                    ("base_number", "1".into()),
                    ("title", "T".into()),
                    ("text", format!("{head}\nX.")),
                ],
            ),
            ("meetings/new-form", vec![("assembly", sants.slug.clone())]),
            (
                "assemblies/update",
                vec![
                    ("id", sants.id.to_string()),
                    ("name", "Sants-Montjuïc".into()),
                    ("kind", "territorial".into()),
                ],
            ),
        ];
        for (endpoint, f) in &attempts {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            refused(call(&fb, &base, endpoint, &pairs).await, 403, "Forbidden").await;
        }
        // Editing a meeting cannot move it to another assembly either.
        let mut moved = fields(at(-600), at(3000));
        moved[0].1 = assembly::Entity::find()
            .filter(assembly::Column::Name.eq("Nou Barris"))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        moved.push(("id".into(), held.clone()));
        refused(save(&fb, moved).await, 403, "Forbidden").await;
        assert_eq!(amendment::Entity::find().count(db).await.unwrap(), 0);
        assert_eq!(meeting_outcome::Entity::find().count(db).await.unwrap(), 0);

        // The same facilitator can act in Sants until a coordinator removes them: the very next
        // request is refused, with the same session.
        ok(call(
            &fa,
            &base,
            "meetings/priorities",
            &[("id", &held), ("priorities", "Habitatge")],
        )
        .await)
        .await;
        ok(call(
            &coordinator,
            &base,
            "assemblies/facilitator",
            &[
                ("id", &sants.id.to_string()),
                ("email", "fa@example.org"),
                ("on", "false"),
            ],
        )
        .await)
        .await;
        refused(
            call(
                &fa,
                &base,
                "meetings/priorities",
                &[("id", &held), ("priorities", "Mobilitat")],
            )
            .await,
            403,
            "Forbidden",
        )
        .await;
        let page = ok(call(&fa, &base, "assemblies/get", &[("slug", &sants.slug)]).await).await;
        assert_eq!(page["can_facilitate"], false);
        assert_eq!(page["joined"], true, "a removed facilitator stays a member");
        // Coordinators act in every assembly.
        ok(call(
            &coordinator,
            &base,
            "meetings/priorities",
            &[("id", &held), ("priorities", "Mobilitat")],
        )
        .await)
        .await;
    }
);

both_backends!(
    racing_registrations_never_exceed_the_capacity,
    |backend| async move {
        let (app, coordinator, a) = coordinator_and_assembly(backend).await;
        let db = &app.state().db;
        let base = app.base.clone();
        let id: i64 = ok(call(
            &coordinator,
            &base,
            "meetings/save",
            &[
                ("assembly_id", &a.id.to_string()),
                ("title", "Plenari"),
                ("starts_at", &at(86_400)),
                ("ends_at", &at(90_000)),
                ("place", "Casal"),
                ("capacity", "3"),
            ],
        )
        .await)
        .await
        .as_i64()
        .unwrap();
        let mut clients = Vec::new();
        for i in 0..12 {
            clients.push(logged_in(&app, &format!("r{i}@example.org"), Role::Resident).await);
        }
        let tasks: Vec<_> = clients
            .into_iter()
            .map(|c| {
                let (base, id_s) = (base.clone(), id.to_string());
                tokio::spawn(async move {
                    call(
                        &c,
                        &base,
                        "meetings/register",
                        &[("id", id_s.as_str()), ("register", "true")],
                    )
                    .await
                    .status()
                    .as_u16()
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        let okays = statuses.iter().filter(|s| **s == 200).count();
        let full = statuses.iter().filter(|s| **s == 409).count();
        assert_eq!((okays, full), (3, 9));
        assert_eq!(
            meeting_registration::Entity::find()
                .count(db)
                .await
                .unwrap(),
            3
        );
    }
);

// Times people type and read are in the platform's time zone, across daylight saving:
// 19:00 in January is 18:00 UTC, in July 17:00 UTC; the pages say "19:00 CET" and
// "19:00 CEST", and the form gives the time back as it was typed, day first in Catalan.
both_backends!(times_are_in_the_platform_time_zone, |backend| async move {
    app::domain::time::set_zone("Europe/Madrid").unwrap();
    let (app, coordinator, a) = coordinator_and_assembly(backend).await;
    let db = &app.state().db;
    let base = app.base.clone();
    let mut ids = Vec::new();
    for (starts, ends) in [
        ("18/01/2027 19:00", "18/01/2027 21:00"),
        ("2027-07-01 19:00", "2027-07-01T21:00"),
    ] {
        let id = ok(call(
            &coordinator,
            &base,
            "meetings/save",
            &[
                ("assembly_id", &a.id.to_string()),
                ("title", "Plenari"),
                ("starts_at", starts),
                ("ends_at", ends),
                ("place", "Casal"),
            ],
        )
        .await)
        .await
        .as_i64()
        .unwrap();
        ids.push(id);
    }
    let stored = |id: i64| async move {
        app::entities::meeting::Entity::find_by_id(app::domain::ids::MeetingId(
            i32::try_from(id).unwrap(),
        ))
        .one(db)
        .await
        .unwrap()
        .unwrap()
    };
    let winter = stored(ids[0]).await;
    assert_eq!(winter.starts_at, 1_800_295_200, "2027-01-18 18:00 UTC");
    let summer = stored(ids[1]).await;
    assert_eq!(
        summer.starts_at % 86_400,
        17 * 3600,
        "19:00 CEST is 17:00 UTC"
    );
    assert_eq!(summer.ends_at - summer.starts_at, 2 * 3600);
    let page = page_as(&coordinator, &format!("{base}/meetings/{}", ids[0])).await;
    // (The year shows while 2027 is not the current year.)
    assert!(
        page.contains("18/01/2027 19:00 CET") || page.contains("18/01 19:00 CET"),
        "{page}"
    );
    let page = page_as(&coordinator, &format!("{base}/meetings/{}", ids[1])).await;
    assert!(
        page.contains("01/07/2027 19:00 CEST") || page.contains("01/07 19:00 CEST"),
        "{page}"
    );
    // The edit form in Catalan: day first, as typed; the hint names the zone.
    coordinator
        .get(format!("{base}/lang/ca?next=/"))
        .send()
        .await
        .unwrap();
    let form = page_as(&coordinator, &format!("{base}/meetings/{}/edit", ids[0])).await;
    assert!(form.contains("value=\"18/01/2027 19:00\""), "{form}");
    assert!(form.contains("Europe/Madrid"), "{form}");
    // Month first is never guessed: 01/18/2027 is refused (the form says how to write it).
    let res = call(
        &coordinator,
        &base,
        "meetings/save",
        &[
            ("assembly_id", &a.id.to_string()),
            ("title", "X"),
            ("starts_at", "01/18/2027 19:00"),
            ("ends_at", "01/18/2027 21:00"),
            ("place", "Casal"),
        ],
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(res.text().await.unwrap(), r#"{"Assembly":"MeetingTimes"}"#);
});

/// A fresh server with a logged-in coordinator and the assembly "Horta" they created.
async fn coordinator_and_assembly(backend: Backend) -> (TestApp, reqwest::Client, assembly::Model) {
    let app = spawn_app(backend).await;
    let coordinator = logged_in(&app, "co@example.org", Role::Coordinator).await;
    ok(call(
        &coordinator,
        &app.base,
        "assemblies/create",
        &[("name", "Horta"), ("kind", "territorial")],
    )
    .await)
    .await;
    let a = assembly::Entity::find()
        .one(&app.state().db)
        .await
        .unwrap()
        .unwrap();
    (app, coordinator, a)
}

// A meeting as a calendar file: one event, exact UTC times (19:00 CET is 18:00 UTC), the
// place, a link back; the page offers it; an unknown meeting is 404, not the page.
both_backends!(a_meeting_goes_into_any_calendar, |backend| async move {
    app::domain::time::set_zone("Europe/Madrid").unwrap();
    let (app, coordinator, a) = coordinator_and_assembly(backend).await;
    let base = app.base.clone();
    let id = ok(call(
        &coordinator,
        &base,
        "meetings/save",
        &[
            ("assembly_id", &a.id.to_string()),
            ("title", "Plenari, habitatge"),
            ("starts_at", "18/01/2027 19:00"),
            ("ends_at", "18/01/2027 21:00"),
            ("place", "Casal de Gràcia"),
            ("description", "Portar propostes."),
        ],
    )
    .await)
    .await
    .as_i64()
    .unwrap();
    let res = app
        .client()
        .get(format!("{base}/meetings/{id}.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(ics.contains("DTSTART:20270118T180000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20270118T200000Z\r\n"), "{ics}");
    assert!(
        ics.contains("SUMMARY:Plenari\\, habitatge · Horta"),
        "{ics}"
    );
    assert!(ics.contains("LOCATION:Casal de Gràcia"), "{ics}");
    assert!(ics.contains("X-WR-TIMEZONE:Europe/Madrid"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    let page = page_as(&app.client(), &format!("{base}/meetings/{id}")).await;
    assert!(
        page.contains(&format!("href=\"/meetings/{id}.ics\"")),
        "{page}"
    );
    let missing = app
        .client()
        .get(format!("{base}/meetings/99999.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // The assembly's feed has it too; an unknown assembly is 404.
    let feed = page_as(
        &app.client(),
        &format!("{base}/assemblies/{}/meetings.ics", a.slug),
    )
    .await;
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 1, "{feed}");
    assert!(feed.contains(&format!("UID:meeting-{id}@")), "{feed}");
    let page = page_as(&app.client(), &format!("{base}/assemblies/{}", a.slug)).await;
    assert!(
        page.contains(&format!("href=\"/assemblies/{}/meetings.ics\"", a.slug)),
        "{page}"
    );
    let none = app
        .client()
        .get(format!("{base}/assemblies/nobody/meetings.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 404);
});
