//! The room in the vote's log: a meeting's facilitator enters the room's paper ballots in
//! piles, bounded by the attendance (present + guests − present who voted online), each pile
//! a log entry marked with the meeting; a person counts once (present at a room whose
//! ballots are in: no online ballot after); results and files show online and each room
//! apart and together, `redacta tally` reproduces both, `verify-log` checks the room's
//! entries; a room under the minimum of voters is counted with the online ballots.

use super::*;
use app::entities::{assembly, assembly_member, meeting, meeting_registration, user};

async fn user_id(db: &sea_orm::DatabaseConnection, email: &str) -> app::domain::ids::UserId {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A meeting of `assembly` held an hour ago, its attendance recorded (when `recorded`):
/// `present` registered and present, `absent` registered only, `guests` without registering.
async fn held(
    db: &sea_orm::DatabaseConnection,
    assembly: app::domain::ids::AssemblyId,
    title: &str,
    present: &[&str],
    absent: &[&str],
    guests: i32,
    recorded: bool,
) -> app::domain::ids::MeetingId {
    let t = clock::now();
    let author = user_id(db, "fa@example.org").await;
    let m = meeting::ActiveModel {
        assembly_id: Set(assembly),
        title: Set(title.into()),
        starts_at: Set(t - 3600),
        ends_at: Set(t - 60),
        place: Set("Cotxeres".into()),
        online_url: Set(String::new()),
        description: Set(String::new()),
        capacity: Set(None),
        minutes: Set(String::new()),
        guests: Set(guests),
        recorded_at: Set(recorded.then_some(t - 30)),
        created_at: Set(t - 7200),
        created_by: Set(author),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for (emails, attended) in [(present, true), (absent, false)] {
        for email in emails {
            meeting_registration::ActiveModel {
                meeting_id: Set(m.id),
                user_id: Set(user_id(db, email).await),
                registered_at: Set(t - 7000),
                attended: Set(attended),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
    }
    m.id
}

both_backends!(paper_ballots_from_the_room, |backend| async move {
    let w = world(backend, 6).await;
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    let db = w.db();
    let t = clock::now();
    let fa = user_id(db, "fa@example.org").await;
    let sants = assembly::ActiveModel {
        slug: Set("sants".into()),
        name: Set("Sants".into()),
        kind: Set(app::domain::assembly::AssemblyKind::Territorial),
        description: Set(String::new()),
        created_at: Set(t),
        created_by: Set(fa),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    assembly_member::ActiveModel {
        assembly_id: Set(sants.id),
        user_id: Set(fa),
        facilitator: Set(true),
        joined_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    // r0, r1, r2 were there, r3 registered but stayed home; two came without registering.
    let room = held(
        db,
        sants.id,
        "Assemblea de Sants",
        &["r0@example.org", "r1@example.org", "r2@example.org"],
        &["r3@example.org"],
        2,
        true,
    )
    .await;
    let unrecorded = held(db, sants.id, "Sense acta", &[], &[], 5, false).await;
    let small = held(db, sants.id, "Petita", &[], &[], 2, true).await;
    let id = w
        .open_vote(
            &w.facilitator,
            &[
                ("kind", "measures"),
                ("measures", "A\nB\nC"),
                ("tie", "order"),
            ],
        )
        .await
        .json::<i32>()
        .await
        .unwrap();
    // r0 voted online before the room's ballots came in: that ballot stands.
    assert_eq!(w.cast(&w.voters[0], id, "1>2").await.0, 200);

    let enter = |client: &reqwest::Client,
                 meeting: app::domain::ids::MeetingId,
                 count: &str,
                 marks: &[(&str, &str)]| {
        let (client, base, count) = (client.clone(), w.base().to_string(), count.to_string());
        let mut fields: Vec<(String, String)> = vec![
            ("meeting".into(), meeting.to_string()),
            ("vote".into(), id.to_string()),
            ("count".into(), count),
        ];
        fields.extend(
            marks
                .iter()
                .map(|(k, v)| (format!("marks[{k}]"), v.to_string())),
        );
        async move {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let res = call(&client, &base, "votes/room-enter", &pairs).await;
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let two_first = [("rank_2", "1"), ("rank_1", "2")];
    // Residents cannot; a meeting without its attendance cannot; the bound is 3 present +
    // 2 guests − 1 who voted online = 4.
    assert_eq!(enter(&w.voters[4], room, "1", &two_first).await.0, 403);
    assert_eq!(
        enter(&w.facilitator, unrecorded, "1", &two_first).await,
        (400, serde_json::json!({"Poll": "NoAttendance"}))
    );
    assert_eq!(
        enter(&w.facilitator, room, "5", &two_first).await,
        (400, serde_json::json!({"Poll": "RoomFull"}))
    );
    assert_eq!(
        enter(&w.facilitator, room, "1", &[("rank_1", "x")]).await.0,
        400,
        "a malformed paper ballot is refused"
    );
    assert_eq!(enter(&w.facilitator, room, "3", &two_first).await.0, 200);
    assert_eq!(
        enter(&w.facilitator, room, "1", &[("rank_3", "1")]).await.0,
        200
    );
    assert_eq!(
        enter(&w.facilitator, room, "1", &[("rank_3", "1")]).await,
        (400, serde_json::json!({"Poll": "RoomFull"}))
    );
    assert_eq!(
        enter(&w.facilitator, small, "2", &[("rank_3", "1")])
            .await
            .0,
        200
    );

    // The attendance cannot be edited below what the room entered: 0 guests would allow
    // 3 − 1 = 2 papers where 4 are in; refused, nothing changed; 2 guests again is fine.
    let fa = app::entities::user::Entity::find()
        .filter(app::entities::user::Column::Email.eq("fa@example.org"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut present = Vec::new();
    for email in ["r0@example.org", "r1@example.org", "r2@example.org"] {
        present.push(
            app::entities::user::Entity::find()
                .filter(app::entities::user::Column::Email.eq(email))
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .id,
        );
    }
    let edit = |guests: &'static str| {
        let (fa, present) = (fa.clone(), present.clone());
        async move { app::services::meetings::record(db, &fa, room, &present, guests, "").await }
    };
    assert_eq!(
        edit("0").await,
        Err(app::error::AppError::Assembly(
            app::domain::assembly::AssemblyError::BelowRoomBallots
        ))
    );
    let m = app::entities::meeting::Entity::find_by_id(room)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.guests, 2, "nothing changed");
    edit("2").await.unwrap();

    // A person counts once: those present cannot vote online now, r0's ballot stands.
    for voter in [0, 1] {
        assert_eq!(
            w.cast(&w.voters[voter], id, "3").await,
            (403, serde_json::json!({"Poll": "VotedInRoom"}))
        );
    }
    let (_, page) = w.get(&w.voters[1], "votes/get", id).await;
    assert_eq!(page["block"], "VotedInRoom");
    for voter in [3, 4, 5] {
        assert_eq!(w.cast(&w.voters[voter], id, "1>3").await.0, 200);
    }
    // The facilitator's page: the bound in words, the piles entered.
    let html = page_as(
        &w.facilitator,
        &format!("{}/meetings/{room}/room?vote={id}", w.base()),
    )
    .await;
    assert!(
        html.contains("Paper ballots the room may still enter"),
        "{html}"
    );
    assert!(html.contains("Piles entered from this room"));
    w.close(id).await;

    // Results: 4 online + 2 from the small room (shown with the online ones), 4 from Sants.
    let (status, results) = w.get(&w.app.client(), "votes/results", id).await;
    assert_eq!(status, 200, "{results}");
    let block = &results["blocks"][0];
    assert_eq!(block["result"]["ballots"], 10);
    let sources: Vec<(String, u64)> = block["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["ballots"].as_u64().unwrap(),
            )
        })
        .collect();
    let room_name = format!("room {room}: Assemblea de Sants");
    assert_eq!(
        sources,
        [
            (app::domain::poll::SMALL_ROOMS.to_string(), 6),
            (room_name.clone(), 4)
        ]
    );
    // The room alone would choose B; together A wins (A>B 4 online... B first in the room).
    assert_eq!(block["sources"][1]["winners"], serde_json::json!([1]));

    // The files carry both; `redacta tally` reproduces the shown JSON, sources included.
    let (_, blt) = w.download(id, "blt").await;
    assert!(blt.contains(&format!("# source: {room_name}\n")), "{blt}");
    let json: Value = serde_json::from_str(results["json"].as_str().unwrap()).unwrap();
    assert_eq!(json["sources"][1]["source"], room_name.as_str());
    recount_matches(&results, &format!("vote-{id}.blt"), &blt);
    assert_eq!(
        results["command"],
        format!("redacta tally --method schulze --tie-order A,B,C --format json vote-{id}.blt")
    );

    // The log: 4 online casts and 3 piles, all checked; a pile changed afterwards is found.
    let report = app::views::votes::verify_log(db, app::domain::ids::PollId(id))
        .await
        .unwrap();
    assert_eq!(
        (report.entries, report.ballots, report.room_ballots),
        (7, 4, 6)
    );
    let pile = ballot_log::Entity::find()
        .filter(ballot_log::Column::PollId.eq(id))
        .filter(ballot_log::Column::MeetingId.eq(room))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut tampered: ballot_log::ActiveModel = pile.into();
    tampered.weight = Set(30);
    tampered.update(db).await.unwrap();
    assert!(
        app::views::votes::verify_log(db, app::domain::ids::PollId(id))
            .await
            .is_err()
    );
});
