//! Votes open to a roll (issue 18): a coordinator imports a census list through the upload
//! form (kept only as keyed hashes), people verify themselves once (loosely typed, rate
//! limited, never twice, never someone else's entry), only they may vote, the roll is the
//! electorate, a coordinator frees a wrongly claimed entry, a roll in use cannot be deleted,
//! and a server with another key says so instead of refusing everyone.

use super::*;
use app::entities::{roll, roll_entry};

const LIST: &str = "\u{feff}# dni,naixement\n\
12345678Z,1990-03-07\n\
X1234567L;07/03/1985\n\
\"Y7654321G\"\t1.12.2001\n\
12345678Z,1999-01-01\n\
sense separador\n\
44444444A,31/02/1990\n\
\n\
55555555K,2000-02-29";

async fn import(client: &reqwest::Client, base: &str, name: &str, list: &str) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("name", name.to_string())
        .text("factor", "birth-date")
        .text("factor_label", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
        )
        .text("list", list.to_string());
    upload(client, base, form).await
}

/// Posts `form` to the upload route: the status, and where the answer sends the browser.
async fn upload(
    client: &reqwest::Client,
    base: &str,
    form: reqwest::multipart::Form,
) -> (u16, String) {
    let res = client
        .post(format!("{base}/rolls/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location)
}

fn query_of(location: &str) -> std::collections::HashMap<String, String> {
    let q = location.split_once('?').map(|(_, q)| q).unwrap_or_default();
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

async fn verify(
    w: &World,
    client: &reqwest::Client,
    roll: i32,
    identifier: &str,
    factor: &str,
) -> (u16, String) {
    let res = call(
        client,
        w.base(),
        "rolls/verify",
        &[
            ("id", &roll.to_string()),
            ("identifier", identifier),
            ("factor", factor),
        ],
    )
    .await;
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

both_backends!(a_vote_open_to_a_roll, |backend| async move {
    let w = world(backend, 4).await;
    let coordinator = logged_in(&w.app, "co@example.org", Role::Coordinator).await;
    // The upload: the byte-order mark, a comment, three separators, quotes, a repeated
    // identifier (the first line stands), a line without separator, an impossible date and
    // a leap day are each read as they should be.
    let (status, location) = import(&coordinator, w.base(), "Padró de Gràcia", LIST).await;
    assert_eq!(status, 303);
    let q = query_of(&location);
    assert!(location.starts_with("/admin/rolls?"), "{location}");
    assert_eq!(q["added"], "4", "{location}");
    assert_eq!(q["duplicates"], "1", "{location}");
    assert_eq!(q["bad"], "2", "{location}");
    assert_eq!(q["bad_lines"], "6,7", "{location}");
    assert_eq!(q["lines"], "9", "{location}");
    let roll_id: i32 = q["imported"].parse().unwrap();
    // Nothing of the list is stored as it was typed: only 128-bit keyed hashes.
    let entries = roll_entry::Entity::find().all(w.db()).await.unwrap();
    assert_eq!(entries.len(), 4);
    for e in &entries {
        assert_eq!(e.id_hash.len(), 32);
        assert_eq!(e.factor_hash.len(), 32);
        for plain in ["12345678", "X1234567", "1990", "07/03", "Y7654321"] {
            assert!(!e.id_hash.contains(plain) && !e.factor_hash.contains(plain));
        }
    }
    let r = roll::Entity::find_by_id(app::domain::ids::RollId(roll_id))
        .one(w.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((r.entries, r.verified), (4, 0));
    assert!(r.ready_at.is_some());
    // The rolls page reports it; a list with nothing readable leaves no roll behind.
    let html = page_as(&coordinator, &format!("{}{location}", w.base())).await;
    assert!(
        html.contains("Roll imported: 4 entries from 9 lines"),
        "{html}"
    );
    assert!(html.contains("Padró de Gràcia"));
    let (_, location) = import(&coordinator, w.base(), "Buit", "# res\nnomés text\n").await;
    assert!(location.contains("Empty"), "{location}");
    assert_eq!(roll::Entity::find().count(w.db()).await.unwrap(), 1);

    // A vote open to it (the form offers the roll); without a roll, or an unknown one, refused.
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    let html = page_as(
        &w.facilitator,
        &format!("{}/votes/new?program={}", w.base(), w.slug),
    )
    .await;
    assert!(
        html.contains(&format!(
            "<option value=\"{roll_id}\">Padró de Gràcia</option>"
        )),
        "{html}"
    );
    let fields = [
        ("kind", "measures"),
        ("measures", "A\nB"),
        ("eligibility", "roll"),
    ];
    for roll in ["", "9999", "x"] {
        let res = w
            .open_vote(
                &w.facilitator,
                &[fields.as_slice(), &[("roll", roll)]].concat(),
            )
            .await;
        let status = res.status().as_u16();
        assert_eq!(status, 400, "{roll}: {:?}", res.text().await);
    }
    assert_eq!(poll::Entity::find().count(w.db()).await.unwrap(), 0);
    let roll_field = roll_id.to_string();
    let res = w
        .open_vote(
            &w.facilitator,
            &[fields.as_slice(), &[("roll", roll_field.as_str())]].concat(),
        )
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let id: i32 = res.json().await.unwrap();

    // Not verified: refused, and the page says where to verify.
    assert_eq!(w.cast(&w.voters[0], id, "1").await.0, 403);
    let html = page_as(&w.voters[0], &format!("{}/votes/{id}", w.base())).await;
    assert!(
        html.contains(&format!("/rolls/{roll_id}?next=/votes/{id}")),
        "{html}"
    );
    assert!(html.contains("Padró de Gràcia"));

    // A wrong second factor and an unknown identifier look alike; unreadable input is said so.
    let (status, body) = verify(&w, &w.voters[0], roll_id, "12345678Z", "1990-03-08").await;
    assert_eq!(status, 400);
    assert!(body.contains("NoMatch"), "{body}");
    let (status, body) = verify(&w, &w.voters[0], roll_id, "00000000T", "1990-03-07").await;
    assert_eq!((status, body.contains("NoMatch")), (400, true), "{body}");
    let (status, body) = verify(&w, &w.voters[0], roll_id, "12345678Z", "ahir").await;
    assert_eq!((status, body.contains("Unreadable")), (400, true), "{body}");
    // Typed loosely (dots, dash, small letter; the date day first): verified.
    let (status, body) = verify(&w, &w.voters[0], roll_id, "12.345.678-z", "7/3/1990").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = verify(&w, &w.voters[0], roll_id, "X1234567L", "1985-03-07").await;
    assert_eq!(
        (status, body.contains("AlreadyVerified")),
        (409, true),
        "{body}"
    );
    // Someone else with the same facts is told the entry is taken (to tell the coordinators).
    let (status, body) = verify(&w, &w.voters[1], roll_id, "12345678Z", "1990-03-07").await;
    assert_eq!((status, body.contains("Taken")), (409, true), "{body}");
    // Five attempts a day per account and roll: the sixth is refused even when right.
    for _ in 0..3 {
        assert_eq!(
            verify(&w, &w.voters[1], roll_id, "X1234567L", "1985-03-08")
                .await
                .0,
            400
        );
    }
    let (status, _) = verify(&w, &w.voters[1], roll_id, "X1234567L", "1985-03-07").await;
    assert_eq!(status, 200, "the fifth attempt is still counted");
    let (status, body) = verify(&w, &w.voters[2], roll_id, "Y7654321G", "2001-12-01").await;
    assert_eq!(status, 200, "{body}");
    // Ten attempts a day per identifier, from any accounts together.
    let guessers: Vec<reqwest::Client> = {
        let mut v = Vec::new();
        for i in 0..3 {
            v.push(logged_in(&w.app, &format!("g{i}@example.org"), Role::Resident).await);
        }
        v
    };
    let mut statuses = Vec::new();
    for (i, g) in guessers.iter().enumerate() {
        for day in 1..=4 {
            let date = format!("2000-0{}-0{day}", i + 1);
            statuses.push(verify(&w, g, roll_id, "55555555K", &date).await.0);
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 400).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
    let (status, _) = verify(&w, &w.voters[3], roll_id, "55555555K", "2000-02-29").await;
    assert_eq!(
        status, 429,
        "the identifier's attempts are used up for the day"
    );

    // The verified vote; the roll is the electorate.
    assert_eq!(w.cast(&w.voters[0], id, "1").await.0, 200);
    assert_eq!(w.cast(&w.voters[1], id, "2").await.0, 200);
    assert_eq!(w.cast(&w.voters[2], id, "1").await.0, 200);
    assert_eq!(w.cast(&w.voters[3], id, "1").await.0, 403);
    let r = roll::Entity::find_by_id(app::domain::ids::RollId(roll_id))
        .one(w.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.verified, 3);
    let html = page_as(&w.voters[0], &format!("{}/rolls/{roll_id}", w.base())).await;
    assert!(
        html.contains("You are verified on this roll since"),
        "{html}"
    );

    // A coordinator frees an entry; someone else can then verify on it. Residents cannot.
    let free = |client: &reqwest::Client, ident: &str| {
        let ident = ident.to_string();
        let client = client.clone();
        let base = w.base().to_string();
        async move {
            call(
                &client,
                &base,
                "rolls/release",
                &[("id", &roll_id.to_string()), ("identifier", &ident)],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(free(&w.voters[0], "12345678Z").await, 403);
    assert_eq!(free(&coordinator, "00000000T").await, 400);
    assert_eq!(free(&coordinator, "12345678z").await, 200);
    let extra = logged_in(&w.app, "extra@example.org", Role::Resident).await;
    assert_eq!(
        verify(&w, &extra, roll_id, "12345678Z", "07.03.1990")
            .await
            .0,
        200
    );

    // A vote uses the roll: it cannot be deleted.
    let res = call(
        &coordinator,
        w.base(),
        "rolls/delete",
        &[("id", &roll_id.to_string())],
    )
    .await;
    assert_eq!(res.status(), 409);
    // Another app server with another key tells people, rather than refusing them all.
    let mut config = test_config(&w.app.database_url, &w.app.outbox);
    config.roll_key = Some(app::services::rolls::RollKey::generate());
    let other = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let other_base = format!("http://{}", other.addr);
    let g = client_for(&other_base);
    login(&g, &other_base, "r3@example.org", "a long enough password").await;
    let res = call(
        &g,
        &other_base,
        "rolls/verify",
        &[
            ("id", &roll_id.to_string()),
            ("identifier", "44444444A"),
            ("factor", "1990-01-01"),
        ],
    )
    .await;
    assert_eq!(res.status(), 503);
    assert!(res.text().await.unwrap().contains("KeyChanged"));

    // Results: the electorate is the roll's 4 entries; 3 ballots.
    w.close(id).await;
    let (_, results) = w.get(&w.voters[0], "votes/results", id).await;
    assert_eq!(results["eligible"], 4, "{results}");

    // An unused roll goes with its entries.
    let (_, location) = import(
        &coordinator,
        w.base(),
        "Socis",
        "A1,2000-01-01\nA2,2000-01-02\n",
    )
    .await;
    let second: i32 = query_of(&location)["imported"].parse().unwrap();
    let res = call(
        &coordinator,
        w.base(),
        "rolls/delete",
        &[("id", &second.to_string())],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        roll_entry::Entity::find()
            .filter(roll_entry::Column::RollId.eq(second))
            .count(w.db())
            .await
            .unwrap(),
        0
    );
    assert_eq!(roll::Entity::find().count(w.db()).await.unwrap(), 1);
});

both_backends!(
    a_roll_larger_than_the_general_body_limit_uploads,
    |backend| async move {
        let app = spawn_app(backend).await;
        let coordinator = logged_in(&app, "co@example.org", Role::Coordinator).await;
        // 120,000 lines, about 2.5 MB: past the 1 MiB every other form may send.
        let mut list = String::new();
        for i in 0..120_000u32 {
            list.push_str(&format!(
                "{:08}Z,{:02}/{:02}/19{:02}\n",
                i,
                1 + i % 28,
                1 + i % 12,
                i % 100
            ));
        }
        assert!(list.len() > 2_000_000);
        let form = reqwest::multipart::Form::new()
            .text("name", "Padró gran")
            .text("factor", "birth-date")
            .part(
                "file",
                reqwest::multipart::Part::bytes(list.into_bytes()).file_name("padro.csv"),
            );
        let (status, location) = upload(&coordinator, &app.base, form).await;
        assert_eq!(status, 303, "{location}");
        let q = query_of(&location);
        assert_eq!(
            q.get("added").map(String::as_str),
            Some("120000"),
            "{location}"
        );
        assert_eq!(q["bad"], "0", "{location}");
    }
);

#[test]
fn the_roll_key_file_is_made_once_kept_private_and_never_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/db.sqlite?mode=rwc", dir.path().display());
    let (key, note) = server::rolls::resolve_key(None, &url).unwrap();
    let path = dir.path().join("db.sqlite.roll-key");
    assert!(note.unwrap().contains("db.sqlite.roll-key"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.trim().len(), 64);
    assert!(text.trim().bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (again, note) = server::rolls::resolve_key(None, &url).unwrap();
    assert!(note.is_none());
    assert_eq!(key.unwrap().check(), again.unwrap().check());
    // A file given by name is used wherever the database is; PostgreSQL has none by default.
    let named = dir.path().join("shared.key");
    let (k1, _) =
        server::rolls::resolve_key(Some(&named), "postgres://u:p@db.example.org/redacta").unwrap();
    let (k2, _) = server::rolls::resolve_key(Some(&named), &url).unwrap();
    assert_eq!(k1.unwrap().check(), k2.unwrap().check());
    let (none, note) =
        server::rolls::resolve_key(None, "postgres://u:p@db.example.org/redacta").unwrap();
    assert!(none.is_none() && note.is_none());
    // A damaged key file is an error, never silently replaced by a new key.
    std::fs::write(&path, "not a key\n").unwrap();
    assert!(server::rolls::resolve_key(None, &url).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key\n");
}

both_backends!(import_roll_from_the_command_line, |backend| async move {
    let app = spawn_app(backend).await;
    app.create_user(
        "co@example.org",
        "Coordinació",
        "a long enough password",
        Role::Coordinator,
    )
    .await;
    app.create_user(
        "res@example.org",
        "Veïna",
        "a long enough password",
        Role::Resident,
    )
    .await;
    let db = &app.state().db;
    let key = app.state().config.roll_key.clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("socis.csv");
    std::fs::write(&file, "M-1;Sants\nM-2;Gràcia\nM-1;Sants\nM-3\n").unwrap();
    let import =
        |by: &'static str, file: std::path::PathBuf, factor: &'static str, label: &'static str| {
            let key = key.clone();
            async move {
                server::rolls::import_file(db, key.as_ref(), by, "Socis 2027", factor, label, &file)
                    .await
            }
        };
    // Only a coordinator's account; a text factor needs its name; a missing file leaves no roll.
    assert!(import("res@example.org", file.clone(), "text", "Barri")
        .await
        .is_err());
    assert!(import("nobody@example.org", file.clone(), "text", "Barri")
        .await
        .is_err());
    assert!(import("co@example.org", file.clone(), "text", "")
        .await
        .is_err());
    assert!(import(
        "co@example.org",
        dir.path().join("none.csv"),
        "text",
        "Barri"
    )
    .await
    .is_err());
    assert_eq!(roll::Entity::find().count(db).await.unwrap(), 0);
    let (r, report) = import("co@example.org", file.clone(), "text", "Barri")
        .await
        .unwrap();
    assert_eq!(
        (
            report.lines,
            report.added,
            report.duplicates,
            report.bad,
            report.bad_lines
        ),
        (4, 2, 1, 1, vec![4])
    );
    assert_eq!((r.entries, r.factor_label.as_str()), (2, "Barri"));
    assert!(r.ready_at.is_some());
});
