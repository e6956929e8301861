#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Votes over HTTP: opening a vote on competing amendments, casting and replacing ballots,
//! receipts and the hash-chained log, results and ballot files only after the close, the
//! exported ballots reproducing the count, applying the result, and SECURITY 15, 17 and 18
//! (parallel identical ballots, ballots racing the close, malformed rankings).

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::domain::tally::{self, parse};
use app::entities::{amendment, ballot, ballot_log, poll, poll_option, section};
use app::services::clock;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;
use sha2::{Digest, Sha256};

mod ballots;
mod forms;
mod rolls;
mod rooms;

const PROGRAM: &str = "# Habitatge\n\nConstruir 500 habitatges públics cada any. Cap desnonament sense alternativa.\n\n# Mobilitat\n\nMés bus, més bici.\n";

struct World {
    app: TestApp,
    program_id: app::domain::ids::ProgramId,
    section_id: i32,
    slug: String,
    facilitator: reqwest::Client,
    voters: Vec<reqwest::Client>,
}

async fn world(backend: Backend, residents: usize) -> World {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let (imported, section_id) =
        published_program(db, "Programa", PROGRAM, Some(Phase::Amendments)).await;
    let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
    let mut voters = Vec::new();
    for i in 0..residents {
        voters.push(logged_in(&app, &format!("r{i}@example.org"), Role::Resident).await);
    }
    World {
        program_id: imported.id,
        app,
        section_id,
        slug: imported.slug,
        facilitator,
        voters,
    }
}

impl World {
    fn base(&self) -> &str {
        &self.app.base
    }

    fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.app.state().db
    }

    /// Writes and publishes an amendment replacing `from` by `to` in the current text.
    async fn propose(&self, client: &reqwest::Client, title: &str, from: &str, to: &str) -> i32 {
        let s = section::Entity::find_by_id(app::domain::ids::SectionId(self.section_id))
            .one(self.db())
            .await
            .unwrap()
            .unwrap();
        let text = app::services::lookup::revision_text(self.db(), s.id, s.head_number)
            .await
            .unwrap();
        let res = call(
            client,
            self.base(),
            "amendments/create",
            &[
                ("section_id", &self.section_id.to_string()),
                ("base_number", &s.head_number.to_string()),
                ("title", title),
                ("text", &text.replacen(from, to, 1)),
                ("justification", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let id: i32 = res.json().await.unwrap();
        let res = call(
            client,
            self.base(),
            "amendments/publish",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(res.status(), 200);
        id
    }

    async fn open_vote(
        &self,
        client: &reqwest::Client,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let closes = app::domain::time::datetime_value(clock::now() + 3600);
        let mut all: Vec<(&str, &str)> = vec![
            ("program", &self.slug),
            ("title", "Quants habitatges?"),
            ("description", "Tria **una** xifra."),
            ("method", "schulze"),
            ("tie", "none"),
            ("eligibility", "residents"),
            ("closes_at", &closes),
            ("min_voters", "3"),
        ];
        for (k, v) in fields {
            all.retain(|(key, _)| key != k);
            all.push((k, v));
        }
        call(client, self.base(), "votes/create", &all).await
    }

    async fn vote_on(&self, amendments: &[i32]) -> i32 {
        start_phase(self.db(), self.program_id, Phase::Voting).await;
        let ids: Vec<String> = amendments.iter().map(i32::to_string).collect();
        let res = self
            .open_vote(
                &self.facilitator,
                &[("kind", "amendments"), ("amendments", &ids.join(","))],
            )
            .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        res.json().await.unwrap()
    }

    async fn cast(&self, client: &reqwest::Client, id: i32, ranking: &str) -> (u16, Value) {
        let res = call(
            client,
            self.base(),
            "votes/cast",
            &[("id", &id.to_string()), ("ranking", ranking)],
        )
        .await;
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, client: &reqwest::Client, endpoint: &str, id: i32) -> (u16, Value) {
        let res = call(client, self.base(), endpoint, &[("id", &id.to_string())]).await;
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Opens a vote on measures with `fields` (as the facilitator), has voter k cast
    /// `rankings[k]`, and closes it.
    async fn decided(&self, fields: &[(&str, &str)], rankings: &[&str]) -> i32 {
        let mut all = vec![("kind", "measures")];
        all.extend_from_slice(fields);
        let res = self.open_vote(&self.facilitator, &all).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let id: i32 = res.json().await.unwrap();
        for (voter, ranking) in self.voters.iter().zip(rankings) {
            assert_eq!(self.cast(voter, id, ranking).await.0, 200);
        }
        self.close(id).await;
        id
    }

    async fn close(&self, id: i32) {
        let (status, _) = self.get(&self.facilitator, "votes/close", id).await;
        assert_eq!(status, 200);
    }

    async fn ballots(&self, id: i32) -> u64 {
        ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(id))
            .count(self.db())
            .await
            .unwrap()
    }

    async fn log_len(&self, id: i32) -> u64 {
        ballot_log::Entity::find()
            .filter(ballot_log::Column::PollId.eq(id))
            .count(self.db())
            .await
            .unwrap()
    }

    async fn status_of(&self, id: i32) -> String {
        amendment::Entity::find_by_id(app::domain::ids::AmendmentId(id))
            .one(self.db())
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str()
            .to_string()
    }

    async fn download(&self, id: i32, format: &str) -> (u16, String) {
        let res = self
            .app
            .client()
            .get(format!("{}/votes/{id}/ballots/{format}", self.base()))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }
}

/// Runs the command a results page prints (`redacta tally ...`) on the published file
/// `file` holding `text`, in a shell, and checks it prints the page's JSON byte for byte.
fn recount_matches(results: &Value, file: &str, text: &str) {
    let dir = std::env::temp_dir().join(format!("redacta-recount-{}-{file}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), text).unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_redacta"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(results["command"].as_str().unwrap())
        .current_dir(&dir)
        .env("PATH", path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{}\n", results["json"].as_str().unwrap())
    );
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

both_backends!(a_vote_from_opening_to_applied, |backend| async move {
    let w = world(backend, 3).await;
    let a = w
        .propose(&w.voters[0], "800 habitatges", "500", "800")
        .await;
    let b = w
        .propose(&w.voters[1], "1000 habitatges", "500", "1000")
        .await;

    let c = w
        .propose(&w.voters[2], "Més bici", "Construir", "Edificar")
        .await;
    // No vote while the program takes amendments.
    let ids = format!("{a},{b}");
    let res = w
        .open_vote(
            &w.facilitator,
            &[("kind", "amendments"), ("amendments", &ids)],
        )
        .await;
    assert_eq!(res.status(), 403);
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    // Residents cannot open votes; amendments that do not compete cannot share one.
    let res = w
        .open_vote(
            &w.voters[2],
            &[("kind", "amendments"), ("amendments", &ids)],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = w
        .open_vote(
            &w.facilitator,
            &[("kind", "amendments"), ("amendments", &format!("{a},{c}"))],
        )
        .await;
    assert_eq!(res.status(), 400);
    // Bad settings are refused with the reason.
    for bad in [
        vec![("method", "yes-no")],
        vec![("method", "condorcet")],
        vec![("method", "schulze"), ("seats", "2")],
        vec![("closes_at", "2020-01-01T00:00")],
        vec![("closes_at", "tomorrow")],
        vec![("tie", "coin")],
        vec![("title", "")],
    ] {
        let mut fields = vec![("kind", "amendments"), ("amendments", ids.as_str())];
        fields.extend(bad.iter().copied());
        let res = w.open_vote(&w.facilitator, &fields).await;
        assert_eq!(res.status(), 400, "{bad:?}");
    }
    assert_eq!(
        poll::Entity::find().count(w.db()).await.unwrap(),
        0,
        "nothing stored by refused votes"
    );

    let id = w.vote_on(&[a, b]).await;
    assert_eq!(w.status_of(a).await, "in_vote");
    assert_eq!(w.status_of(b).await, "in_vote");
    // Frozen: no edit, no withdrawal while in the vote.
    let res = call(
        &w.voters[0],
        w.base(),
        "amendments/withdraw",
        &[("id", &a.to_string()), ("reason", "Ja no cal.")],
    )
    .await;
    assert_eq!(res.status(), 403);

    let anonymous = w.app.client();
    let (status, page) = w.get(&anonymous, "votes/get", id).await;
    assert_eq!(status, 200);
    assert_eq!(page["block"], "LoginRequired");
    let options = page["options"].as_array().unwrap();
    assert_eq!(options.len(), 3);
    assert_eq!(options[0]["keep_current"], true);
    assert_eq!(options[1]["amendment_id"], a);
    assert_eq!(options[2]["amendment_id"], b);
    // The log's head and length move with every cast: published only at the close.
    assert_eq!(page["head_hash"], Value::Null);
    assert_eq!(page["entries"], Value::Null);
    let genesis = app::domain::poll::genesis(id);

    // Results and ballot files are hidden while the vote is open.
    assert_eq!(w.get(&anonymous, "votes/results", id).await.0, 409);
    assert_eq!(w.get(&w.facilitator, "votes/results", id).await.0, 409);
    assert_eq!(w.get(&anonymous, "votes/voters", id).await.0, 409);
    assert_eq!(w.download(id, "blt").await.0, 409);
    assert_eq!(w.cast(&anonymous, id, "2").await.0, 401);

    let (status, receipt0) = w.cast(&w.voters[0], id, "2>1").await;
    assert_eq!(status, 200);
    assert_eq!(w.cast(&w.voters[1], id, "3>2>1").await.0, 200);
    let (_, first) = w.cast(&w.voters[2], id, "2=3>1").await;
    let (_, second) = w.cast(&w.voters[2], id, "2").await;
    assert_ne!(first, second);
    assert_eq!(w.ballots(id).await, 3, "a revote replaces the ballot");
    // The list counts ballots (not log entries) and names the section.
    let res = call(&w.app.client(), w.base(), "votes/list", &[]).await;
    let list: Value = res.json().await.unwrap();
    let listed = list["votes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap();
    // While open the count is coarse (steps of 10): 3 ballots show as 0 ("fewer than 10").
    assert_eq!(listed["ballots"], 0);
    assert_eq!(listed["ballots_coarse"], true);
    assert_eq!(listed["section"]["id"], w.section_id);
    assert_eq!(listed["section"]["title"], "Habitatge");
    assert_eq!(listed["phase"], "open");
    assert_eq!(w.log_len(id).await, 4, "the log keeps every entry");

    // The voter sees their ballot, and the receipt their browser holds (the database keeps
    // only its hash); the count is coarse.
    let (_, page) = w.get(&w.voters[2], "votes/get", id).await;
    assert_eq!(page["my_ballot"]["receipt"], second);
    assert_eq!(page["my_ballot"]["text"], "2");
    assert_eq!(page["summary"]["ballots"], 0);
    // Receipts are found in the log, replaced ones say so; unknown ones find nothing.
    let lookup = |code: String| {
        let w = &w;
        async move {
            let res = call(
                &w.app.client(),
                w.base(),
                "votes/receipt",
                &[("id", &id.to_string()), ("code", &code)],
            )
            .await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let found = lookup(first.as_str().unwrap().to_lowercase()).await;
    assert_eq!(found["entry"]["replaced"], true);
    assert_eq!(found["entry"]["text"], "2=3>1");
    let found = lookup(receipt0.as_str().unwrap().to_string()).await;
    assert_eq!(found["entry"]["replaced"], false);
    assert_eq!(
        lookup("AAAA-BBBB-CCCC-DDDD".into()).await["entry"],
        Value::Null
    );
    assert_eq!(
        app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
            .await
            .unwrap()
            .entries,
        4
    );

    // Not applicable before the close; the close is for facilitators.
    assert_eq!(w.get(&w.facilitator, "votes/apply", id).await.0, 409);
    assert_eq!(w.get(&w.voters[0], "votes/close", id).await.0, 403);
    w.close(id).await;
    assert_eq!(w.get(&w.facilitator, "votes/close", id).await.0, 409);
    // Closed: the exact count, the log's length and head are published; a receipt now
    // confirms only that its ballot is in the log.
    let (_, page) = w.get(&anonymous, "votes/get", id).await;
    assert_eq!(page["entries"], 4);
    assert_ne!(page["head_hash"], genesis.as_str());
    assert_eq!(page["summary"]["ballots"], 3);
    assert_eq!(page["summary"]["ballots_coarse"], false);
    for code in [&first, &receipt0] {
        let found = lookup(code.as_str().unwrap().to_string()).await;
        assert_eq!(
            found["entry"],
            serde_json::json!({"ballot": null, "text": null, "replaced": null}),
            "after the close a receipt proves inclusion only"
        );
    }
    // Nothing is taken after the close.
    let (status, err) = w.cast(&w.voters[1], id, "1").await;
    assert_eq!(status, 409);
    assert_eq!(err, serde_json::json!({"Poll": "Closed"}));
    assert_eq!(w.log_len(id).await, 4);

    // Results: A beats keeping the text 3-0 and B 2-1.
    let (status, results) = w.get(&anonymous, "votes/results", id).await;
    assert_eq!(status, 200);
    let r = &results["blocks"][0]["result"];
    assert_eq!(r["winners"], serde_json::json!([1]));
    assert_eq!(r["ballots"], 3);
    assert_eq!(r["pairwise"][1][0], 3);
    assert_eq!(r["pairwise"][1][2], 2);
    assert_eq!(r["pairwise"][2][1], 1);
    assert_eq!(results["apply"], Value::Null, "only facilitators apply");
    assert!(results["eligible"].as_u64().unwrap() >= 3);

    // The ballot files: anonymous, their hashes as published, and they reproduce the count.
    let in_app: Value = serde_json::from_str(results["json"].as_str().unwrap()).unwrap();
    for (format, file) in [("blt", 0), ("txt", 1)] {
        let (status, text) = w.download(id, format).await;
        assert_eq!(status, 200);
        assert_eq!(results["files"][file]["sha256"], sha256(&text));
        assert!(!text.contains("example.org"));
        let e = parse::parse_any(&text).unwrap();
        let again = tally::count(
            &e,
            tally::Method::Schulze,
            &tally::Options {
                tie: tally::TiePolicy::None,
                irv: Default::default(),
                threshold: None,
            },
        )
        .unwrap();
        assert_eq!(again.to_json(&e), in_app, "{format}");
    }
    assert_eq!(
        results["command"],
        format!("redacta tally --method schulze --format json vote-{id}.blt")
    );
    let (_, voters) = w.get(&anonymous, "votes/voters", id).await;
    assert_eq!(voters["names"].as_array().unwrap().len(), 3);

    // Applying: residents cannot; the facilitator accepts A and rejects B, once.
    assert_eq!(w.get(&w.voters[0], "votes/apply", id).await.0, 403);
    let (_, results) = w.get(&w.facilitator, "votes/results", id).await;
    assert_eq!(results["apply"], serde_json::json!({"Winner": 1}));
    let (status, accepted) = w.get(&w.facilitator, "votes/apply", id).await;
    assert_eq!(status, 200);
    assert_eq!(accepted, a);
    assert_eq!(w.status_of(a).await, "accepted");
    assert_eq!(w.status_of(b).await, "rejected");
    // The decision says the vote made it, with a link, on both amendments' pages.
    for x in [a, b] {
        let html = page_as(&w.voters[0], &format!("{}/amendments/{x}", w.base())).await;
        assert!(
            html.contains("decided by the vote") && html.contains(&format!("href=\"/votes/{id}\"")),
            "{html}"
        );
    }
    let head =
        app::services::lookup::revision_text(w.db(), app::domain::ids::SectionId(w.section_id), 2)
            .await
            .unwrap();
    assert!(head.contains("800 habitatges"));
    assert_eq!(w.get(&w.facilitator, "votes/apply", id).await.0, 409);
    assert_eq!(
        app::views::votes::verify_log(w.db(), app::domain::ids::PollId(id))
            .await
            .unwrap()
            .ballots,
        3
    );
});

both_backends!(
    keeping_the_text_rejects_the_amendments,
    |backend| async move {
        let w = world(backend, 4).await;
        let a = w.propose(&w.voters[0], "800", "500", "800").await;
        let id = w.vote_on(&[a]).await;
        for (voter, ranking) in w.voters.iter().zip(["2>1", "1", "2>1", "1"]) {
            assert_eq!(w.cast(voter, id, ranking).await.0, 200);
        }
        w.close(id).await;
        // A 2-2 tie with no tie rule: reported, and nothing can be applied.
        let (_, results) = w.get(&w.facilitator, "votes/results", id).await;
        assert_eq!(results["apply"], "Tied");
        assert_eq!(w.get(&w.facilitator, "votes/apply", id).await.0, 409);
        assert_eq!(w.status_of(a).await, "in_vote");

        // Another vote where keeping the text wins.
        let w = world(backend, 3).await;
        let a = w.propose(&w.voters[0], "800", "500", "800").await;
        let id = w.vote_on(&[a]).await;
        for (voter, ranking) in w.voters.iter().zip(["1>2", "1", "2"]) {
            assert_eq!(w.cast(voter, id, ranking).await.0, 200);
        }
        w.close(id).await;
        let (status, accepted) = w.get(&w.facilitator, "votes/apply", id).await;
        assert_eq!(status, 200);
        assert_eq!(accepted, Value::Null);
        assert_eq!(w.status_of(a).await, "rejected");
        let s = section::Entity::find_by_id(app::domain::ids::SectionId(w.section_id))
            .one(w.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.head_number, 1, "the text is kept");
    }
);

both_backends!(measures_with_stv_and_eligibility, |backend| async move {
    let w = world(backend, 3).await;
    // The residents registered a while ago.
    app::entities::user::Entity::update_many()
        .col_expr(
            app::entities::user::Column::CreatedAt,
            sea_orm::sea_query::Expr::value(clock::now() - 100),
        )
        .exec(w.db())
        .await
        .unwrap();
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    let closes = app::domain::time::datetime_value(clock::now() + 3600);
    let opens_later = app::domain::time::datetime_value(clock::now() + 1800);
    let res = w
        .open_vote(
            &w.facilitator,
            &[
                ("kind", "measures"),
                (
                    "measures",
                    "Habitatge públic\nMés bus\n\nCarril bici\nEscoles bressol",
                ),
                ("method", "stv-meek"),
                ("seats", "2"),
                ("tie", "lot"),
                ("eligibility", "registered-before"),
                ("closes_at", &closes),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let id: i32 = res.json().await.unwrap();
    let (_, page) = w.get(&w.voters[0], "votes/get", id).await;
    assert_eq!(page["options"].as_array().unwrap().len(), 4);
    assert_eq!(page["block"], Value::Null);
    // An account made after the vote opened is not on this vote's list.
    let late = logged_in(&w.app, "late@example.org", Role::Resident).await;
    let mut u: app::entities::user::ActiveModel = app::entities::user::Entity::find()
        .filter(app::entities::user::Column::Email.eq("late@example.org"))
        .one(w.db())
        .await
        .unwrap()
        .unwrap()
        .into();
    u.created_at = Set(clock::now() + 10);
    u.update(w.db()).await.unwrap();
    assert_eq!(w.cast(&late, id, "1").await.0, 403);
    assert_eq!(
        w.get(&late, "votes/get", id).await.1["block"],
        "NotEligible"
    );
    for (voter, ranking) in w.voters.iter().zip(["1>2>3", "1>3", "2>1=4"]) {
        assert_eq!(w.cast(voter, id, ranking).await.0, 200);
    }
    w.close(id).await;
    let (_, results) = w.get(&w.voters[0], "votes/results", id).await;
    assert_eq!(
        results["blocks"][0]["result"]["winners"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(results["command"]
        .as_str()
        .unwrap()
        .contains("--method stv-meek --seats 2 --tie-seed "));
    assert_eq!(w.get(&w.facilitator, "votes/apply", id).await.0, 409);

    // A vote that opens later takes no ballots yet.
    let res = w
        .open_vote(
            &w.facilitator,
            &[
                ("kind", "measures"),
                ("measures", "A\nB"),
                ("opens_at", &opens_later),
            ],
        )
        .await;
    let later: i32 = res.json().await.unwrap();
    let (status, err) = w.cast(&w.voters[0], later, "1").await;
    assert_eq!(
        (status, err),
        (409, serde_json::json!({"Poll": "NotOpenYet"}))
    );
    // Repeated or empty measures are refused.
    let res = w
        .open_vote(
            &w.facilitator,
            &[("kind", "measures"), ("measures", "A\na")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let res = w
        .open_vote(
            &w.facilitator,
            &[("kind", "measures"), ("measures", "Only one")],
        )
        .await;
    assert_eq!(res.status(), 400);
});

// SECURITY 15: 50 parallel identical ballots from one voter -> one ballot row, counted once.

// SECURITY 17: ballots racing the close are counted only if committed before it.

// SECURITY 18: a malformed ranking -> 400, nothing stored.

both_backends!(
    a_tie_the_rule_decides_is_said_not_hidden,
    |backend| async move {
        let w = world(backend, 6).await;
        start_phase(w.db(), w.program_id, Phase::Voting).await;
        // Schulze between two measures, half the voters each way: a tie the lot decides.
        let id = w
            .decided(
                &[("measures", "Habitatge públic\nMés bus"), ("tie", "lot")],
                &["1", "2", "1>2", "2>1", "1", "2"],
            )
            .await;
        let (_, results) = w.get(&w.voters[0], "votes/results", id).await;
        let r = &results["blocks"][0]["result"];
        assert_eq!(r["winners"].as_array().unwrap().len(), 1);
        let broken = r["ties_broken"].as_array().unwrap();
        assert_eq!(broken.len(), 1, "{r}");
        assert_eq!(broken[0]["among"], serde_json::json!([0, 1]));
        assert_eq!(broken[0]["purpose"], "ranking");
        assert_eq!(r["first_preferences"], serde_json::json!([3, 3]));
        // The re-count's JSON says it too, as `redacta tally` prints it.
        let json: Value = serde_json::from_str(results["json"].as_str().unwrap()).unwrap();
        assert_eq!(json["ties_broken"][0]["for"], "ranking");
        let winner = ["Habitatge públic", "Més bus"][r["winners"][0].as_u64().unwrap() as usize];
        assert_eq!(json["ties_broken"][0]["chosen"], winner);

        // The page: never a plain "Winner", the tie and the rule that decided it, the way to
        // draw the lot again; a chart of first preferences, titled so, not of pairwise wins.
        let html = page_as(&w.voters[0], &format!("{}/votes/{id}/results", w.base())).await;
        assert!(
            html.contains(&format!("Winner, by the tie rule: {winner}")),
            "{html}"
        );
        assert!(!html.contains("Winner: "));
        assert!(html.contains("Decided by the tie rule, not by the votes:"));
        assert!(html.contains("Habitatge públic and Més bus were tied; the lot put"));
        assert!(html.contains("href=\"#lot\""));
        assert!(html.contains(">First preferences</h3>"));
        assert!(!html.contains("Votes per option"));
    }
);

both_backends!(
    a_tie_that_changes_nothing_needs_no_rule,
    |backend| async move {
        let w = world(backend, 7).await;
        start_phase(w.db(), w.program_id, Phase::Voting).await;
        // IRV with no tie rule: B and C tie for the fewest first preferences, and whichever
        // goes, its votes elect A. No tie to report, none to draw.
        let id = w
            .decided(
                &[("measures", "A\nB\nC"), ("method", "irv"), ("tie", "none")],
                &["1", "1", "1", "2>1", "2>1", "3>1", "3>1"],
            )
            .await;
        let (_, results) = w.get(&w.voters[0], "votes/results", id).await;
        let r = &results["blocks"][0]["result"];
        assert_eq!(r["winners"], serde_json::json!([0]), "{r}");
        assert_eq!(r["tied"], serde_json::json!([]));
        assert_eq!(r["ties_broken"][0]["moot"], true);
        assert_eq!(r["ties_broken"][0]["among"], serde_json::json!([1, 2]));
        let json: Value = serde_json::from_str(results["json"].as_str().unwrap()).unwrap();
        assert_eq!(json["ties_broken"][0]["affects_result"], false);
        let html = page_as(&w.voters[0], &format!("{}/votes/{id}/results", w.base())).await;
        assert!(html.contains("Winner: A"), "{html}");
        assert!(html.contains("B and C were tied for the fewest votes; excluding any of them gives the same result, so B was excluded without a tie rule."));
        assert!(!html.contains("Decided by the tie rule, not by the votes:"));
    }
);

both_backends!(
    each_voter_sees_the_options_in_an_order_of_their_own,
    |backend| async move {
        let w = world(backend, 5).await;
        start_phase(w.db(), w.program_id, Phase::Voting).await;
        let res = w
            .open_vote(
                &w.facilitator,
                &[
                    ("kind", "measures"),
                    ("measures", "M1\nM2\nM3\nM4\nM5\nM6\nM7\nM8"),
                    ("tie", "order"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let id: i32 = res.json().await.unwrap();
        // The order of the ballot's selects, by option position.
        let order = |html: &str| -> Vec<String> {
            html.split("<select id=\"rank-")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().to_string())
                .collect()
        };
        let url = format!("{}/votes/{id}", w.base());
        let mut seen = Vec::new();
        for voter in &w.voters {
            let html = page_as(voter, &url).await;
            let mine = order(&html);
            assert_eq!(mine.len(), 8, "{html}");
            assert!(
                html.contains("every voter&#x27;s is shuffled")
                    || html.contains("every voter's is shuffled")
            );
            // Stable for one voter.
            assert_eq!(order(&page_as(voter, &url).await), mine);
            let mut sorted = mine.clone();
            sorted.sort_by_key(|p| p.parse::<usize>().unwrap());
            assert_eq!(sorted, (1..=8).map(|p| p.to_string()).collect::<Vec<_>>());
            seen.push(mine);
        }
        // Different between voters (five shuffles of eight options all equal: 1 in 40,320^4).
        assert!(seen.windows(2).any(|w| w[0] != w[1]), "{seen:?}");
        // A ballot from a shuffled form counts by position, as published.
        assert_eq!(w.cast(&w.voters[0], id, "3>1").await.0, 200);
    }
);

both_backends!(
    a_district_vote_is_for_its_assemblies_members,
    |backend| async move {
        let w = world(backend, 3).await;
        start_phase(w.db(), w.program_id, Phase::Voting).await;
        let t = clock::now();
        let db = w.db();
        let author = app::entities::user::Entity::find()
            .filter(app::entities::user::Column::Email.eq("fa@example.org"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let assembly =
            |slug: &'static str, name: &'static str| app::entities::assembly::ActiveModel {
                slug: Set(slug.into()),
                name: Set(name.into()),
                kind: Set(app::domain::assembly::AssemblyKind::Territorial),
                description: Set(String::new()),
                created_at: Set(t),
                created_by: Set(author.id),
                ..Default::default()
            };
        let sants = assembly("sants", "Sants").insert(db).await.unwrap();
        let gracia = assembly("gracia", "Gràcia").insert(db).await.unwrap();
        // r0 is in Sants, r1 in Gràcia, r2 in neither.
        for (email, assembly_id) in [("r0@example.org", sants.id), ("r1@example.org", gracia.id)] {
            let user = app::entities::user::Entity::find()
                .filter(app::entities::user::Column::Email.eq(email))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            app::entities::assembly_member::ActiveModel {
                assembly_id: Set(assembly_id),
                user_id: Set(user.id),
                facilitator: Set(false),
                joined_at: Set(t),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        // Choosing no assembly (or one that does not exist) is refused, nothing created.
        let fields = [
            ("kind", "measures"),
            ("measures", "A\nB"),
            ("eligibility", "assemblies"),
        ];
        let res = w.open_vote(&w.facilitator, &fields).await;
        assert_eq!(res.status(), 400);
        let res = w
            .open_vote(
                &w.facilitator,
                &[fields.as_slice(), &[("assemblies[9999]", "on")]].concat(),
            )
            .await;
        assert_eq!(res.status(), 400);
        assert_eq!(poll::Entity::find().count(db).await.unwrap(), 0);
        let key = format!("assemblies[{}]", sants.id);
        let res = w
            .open_vote(
                &w.facilitator,
                &[fields.as_slice(), &[(key.as_str(), "on")]].concat(),
            )
            .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let id: i32 = res.json().await.unwrap();
        // The member votes; the others are told they are not on this vote's list.
        assert_eq!(w.cast(&w.voters[0], id, "1").await.0, 200);
        let (status, body) = w.cast(&w.voters[1], id, "2").await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(w.cast(&w.voters[2], id, "2").await.0, 403);
        let html = page_as(&w.voters[2], &format!("{}/votes/{id}", w.base())).await;
        assert!(html.contains("Members of Sants"), "{html}");
        assert!(html.contains("You are not on this vote"), "{html}");
        assert!(!html.contains("rank-1"));
        let html = page_as(&w.voters[0], &format!("{}/votes/{id}", w.base())).await;
        assert!(html.contains("rank-1"));
        // The form offers the assemblies to choose from.
        let html = page_as(
            &w.facilitator,
            &format!("{}/votes/new?program={}", w.base(), w.slug),
        )
        .await;
        assert!(
            html.contains(&format!("name=\"assemblies[{}]\"", gracia.id)),
            "{html}"
        );
    }
);

both_backends!(stv_rounds_read_in_hundredths, |backend| async move {
    let w = world(backend, 5).await;
    start_phase(w.db(), w.program_id, Phase::Voting).await;
    let id = w
        .decided(
            &[
                ("measures", "A\nB\nC\nD"),
                ("method", "stv-meek"),
                ("seats", "2"),
                ("tie", "lot"),
            ],
            &["1>2", "1>3", "1>4", "2>3", "3>2"],
        )
        .await;
    let html = page_as(&w.voters[0], &format!("{}/votes/{id}/results", w.base())).await;
    // Meek counts to 9 decimals: the table shows hundredths, the exact figure on pointing.
    let cells: Vec<&str> = html
        .split("<td title=\"")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert!(!cells.is_empty(), "{html}");
    for cell in cells {
        let (exact, shown) = cell.split_once("\" class=\"num\">").unwrap();
        assert_eq!(shown, app::domain::tally::result::readable(exact), "{cell}");
        let decimals = shown.split_once('.').map_or(0, |(_, d)| d.len());
        assert!(decimals <= 2, "{cell}");
    }
    assert!(html.contains(">Votes per option, first and last round</h3>"));
});

// The home page and the program page say first what is open now: an open vote is named
// with its closing time and a button to vote, not hidden behind "amendments closed".
both_backends!(
    open_votes_come_first_where_programs_are_shown,
    |backend| async move {
        let w = world(backend, 1).await;
        let a = w
            .propose(&w.voters[0], "800 habitatges", "500", "800")
            .await;
        let b = w
            .propose(&w.voters[0], "1000 habitatges", "500", "1000")
            .await;
        // Amendments phase, no vote: the card says amendments are open and how to take part.
        let home = page_as(&w.voters[0], &format!("{}/", w.base())).await;
        assert!(home.contains("Amendments are open"), "{home}");
        assert!(home.contains("Read it and propose changes"), "{home}");
        let id = w.vote_on(&[a, b]).await;
        let res = call(&w.voters[0], w.base(), "programs/list", &[]).await;
        let list: Value = res.json().await.unwrap();
        assert_eq!(list[0]["open_vote_count"], 1, "{list}");
        assert_eq!(list[0]["open_votes"][0]["id"], id, "{list}");
        assert_eq!(list[0]["open_votes"][0]["title"], "Quants habitatges?");
        for url in [
            format!("{}/", w.base()),
            format!("{}/programs/{}", w.base(), w.slug),
        ] {
            let page = page_as(&w.voters[0], &url).await;
            assert!(page.contains("Vote open until"), "{url}: {page}");
            assert!(page.contains(&format!("href=\"/votes/{id}\"")), "{url}");
            assert!(!page.contains("Amendments closed"), "{url}");
        }
        // Once it closes, it is no longer offered.
        w.close(id).await;
        let res = call(&w.voters[0], w.base(), "programs/list", &[]).await;
        let list: Value = res.json().await.unwrap();
        assert_eq!(list[0]["open_vote_count"], 0, "{list}");
        let home = page_as(&w.voters[0], &format!("{}/", w.base())).await;
        assert!(home.contains("no vote is open right now"), "{home}");
    }
);
