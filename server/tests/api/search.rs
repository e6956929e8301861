#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `/search` (issue 14): program text, amendments and comments through the database's own
//! full-text engine (SQLite FTS5, PostgreSQL tsvector), kept up by the writes, showing only
//! what anyone may read, one bounded page at a time.

use crate::both_backends;
use crate::helpers::*;
use app::domain::comment::CommentPolicy;
use app::domain::ids::SectionId;
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::domain::search::{DocKind, Query, MAX_RESULTS, RESULTS_PER_PAGE};
use app::services::search::{self as index, Scope};
use app::services::{amendments, comments, lookup};
use app::views::search::find;

const PROGRAM: &str = "# Habitatge\n\nConstruirem 8.000 pisos públics de lloguer.\n\n# Mobilitat\n\nMés carrils bici a tots els barris.\n";

fn proposal<'a>(title: &'a str, text: &'a str, justification: &'a str) -> amendments::Proposal<'a> {
    amendments::Proposal {
        title,
        text,
        justification,
        base_number: 1,
        passage: None,
    }
}

fn open_policy(app: &TestApp) -> CommentPolicy {
    CommentPolicy {
        rate_count: 1_000_000,
        ..app.state().config.comments
    }
}

fn titles(page: &app::views::search::SearchPage) -> Vec<String> {
    page.hits.iter().map(|h| h.title.clone()).collect()
}

both_backends!(
    finds_program_text_amendments_and_comments_whatever_the_accents,
    |backend| async move {
        let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let db = app.state().db.clone();
        let author = account(&app, "autora@example.org", Role::Resident).await;
        let a = amendments::create(
            &db,
            &author,
            SectionId(section),
            proposal(
                "Lloguer assequible per a famílies joves",
                "Construirem 10.000 pisos públics de lloguer social.",
                "La demanda de vivienda asequible crece cada año.",
            ),
        )
        .await
        .unwrap();
        amendments::publish(&db, &author, a.id).await.unwrap();
        comments::post(
            &db,
            &open_policy(&app),
            &author,
            lookup::Target::Section(SectionId(section)),
            None,
            None,
            "We need more public housing near the **train** stations.",
            None,
        )
        .await
        .unwrap();

        // Catalan without accents and in capitals finds the accented words.
        let found = find(&db, "PUBLICS", None, None, 1).await.unwrap();
        assert_eq!(found.total, 2, "{:?}", titles(&found));
        assert!(found
            .hits
            .iter()
            .any(|h| h.kind == DocKind::Section && h.title == "Habitatge"));
        let hit = found
            .hits
            .iter()
            .find(|h| h.kind == DocKind::Amendment)
            .unwrap();
        assert_eq!(hit.href, format!("/amendments/{}", a.id));
        let marked: Vec<&str> = hit
            .snippet
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["públics"]);
        // Spanish in the justification; a prefix finds the longer word.
        let found = find(&db, "asequi", None, None, 1).await.unwrap();
        assert_eq!(
            titles(&found),
            vec!["Lloguer assequible per a famílies joves"]
        );
        // English in a comment: titled by what it is on, no Markdown markers shown.
        let found = find(&db, "housing train", None, None, 1).await.unwrap();
        assert_eq!(found.hits.len(), 1);
        assert_eq!(found.hits[0].kind, DocKind::Comment);
        assert!(found.hits[0].href.contains("#comment-"));
        let shown = app::domain::search::snippet_text(&found.hits[0].snippet);
        assert!(!shown.contains("**"), "{shown}");
        // Every word must match.
        assert_eq!(
            find(&db, "housing bicicleta", None, None, 1)
                .await
                .unwrap()
                .total,
            0
        );
        // A word in a title ranks above the same word in a body.
        let found = find(&db, "lloguer", None, None, 1).await.unwrap();
        assert_eq!(
            found.hits[0].kind,
            DocKind::Amendment,
            "{:?}",
            titles(&found)
        );
        // Limits: to one kind, to one program.
        let found = find(&db, "publics", None, Some(DocKind::Section), 1)
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        let found = find(&db, "publics", Some("programa"), None, 1)
            .await
            .unwrap();
        assert_eq!(found.total, 2);
        assert!(find(&db, "publics", Some("no-such-program"), None, 1)
            .await
            .is_err());
    }
);

both_backends!(
    the_index_follows_every_write_and_shows_only_what_anyone_may_read,
    |backend| async move {
        let (app, program, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let db = app.state().db.clone();
        let section = SectionId(section);
        let author = account(&app, "autora@example.org", Role::Resident).await;
        let facilitator = account(&app, "fac@example.org", Role::Facilitator).await;
        let count = |q: &'static str| {
            let db = db.clone();
            async move { find(&db, q, None, None, 1).await.unwrap().total }
        };

        // A draft is nobody's search result; published, it is.
        let a = amendments::create(
            &db,
            &author,
            section,
            proposal(
                "Tramvia",
                "Construirem 8.000 pisos públics i un tramvia.",
                "",
            ),
        )
        .await
        .unwrap();
        assert_eq!(count("tramvia").await, 0);
        amendments::publish(&db, &author, a.id).await.unwrap();
        assert_eq!(count("tramvia").await, 1);
        // An edit replaces the words.
        amendments::edit(
            &db,
            &author,
            a.id,
            proposal(
                "Funicular",
                "Construirem 8.000 pisos públics i un funicular.",
                "",
            ),
        )
        .await
        .unwrap();
        assert_eq!(count("tramvia").await, 0);
        assert_eq!(count("funicular").await, 1);
        // Accepting it moves the section's text: the program text now says "funicular".
        amendments::accept(&db, &facilitator, a.id).await.unwrap();
        let found = find(&db, "funicular", None, Some(DocKind::Section), 1)
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        assert_eq!(found.hits[0].href, format!("/sections/{section}"));

        // Comments: hidden by moderation, gone; shown again, back; deleted, gone for good.
        let c = comments::post(
            &db,
            &open_policy(&app),
            &author,
            lookup::Target::Section(section),
            None,
            None,
            "Un comentari sobre el zeppelin.",
            None,
        )
        .await
        .unwrap();
        assert_eq!(count("zeppelin").await, 1);
        comments::moderate(&db, &facilitator, c.id, comments::Moderation::Hide, "prova")
            .await
            .unwrap();
        assert_eq!(count("zeppelin").await, 0);
        comments::moderate(
            &db,
            &facilitator,
            c.id,
            comments::Moderation::Unhide,
            "prova",
        )
        .await
        .unwrap();
        assert_eq!(count("zeppelin").await, 1);
        comments::edit(&db, &author, c.id, "Un comentari sobre el dirigible.")
            .await
            .unwrap();
        assert_eq!((count("zeppelin").await, count("dirigible").await), (0, 1));
        comments::delete(&db, &author, c.id).await.unwrap();
        assert_eq!(count("dirigible").await, 0);

        // A draft program's text is nobody's result; a re-import replaces its rows.
        app::services::program_files::import(
            &db,
            None,
            "Esborrany",
            "# Secret\n\nUn globus aerostàtic.\n",
        )
        .await
        .unwrap();
        assert_eq!(count("aerostatic").await, 0);
        app::services::program_files::import(
            &db,
            None,
            "Esborrany",
            "# Secret\n\nUn submarí groc.\n",
        )
        .await
        .unwrap();
        use sea_orm::ConnectionTrait;
        let rows = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM search_docs WHERE fbody LIKE '%aerostatic%'".to_string(),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(rows, 0, "the replaced draft's text is still indexed");
        let _ = program;
    }
);

both_backends!(
    results_come_a_page_at_a_time_and_a_huge_match_is_capped,
    |backend| async move {
        let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let db = app.state().db.clone();
        let author = account(&app, "autora@example.org", Role::Resident).await;
        let extra = 5;
        for n in 0..RESULTS_PER_PAGE + extra {
            comments::post(
                &db,
                &open_policy(&app),
                &author,
                lookup::Target::Section(SectionId(section)),
                None,
                None,
                &format!("Proposta de parc número {n}."),
                None,
            )
            .await
            .unwrap();
        }
        let first = find(&db, "parc", None, None, 1).await.unwrap();
        assert_eq!(first.hits.len(), RESULTS_PER_PAGE);
        assert_eq!(
            (first.total, first.pages, first.capped),
            (RESULTS_PER_PAGE + extra, 2, false)
        );
        // A lost index is rebuilt with every comment in it.
        {
            use sea_orm::ConnectionTrait;
            db.execute_unprepared("DELETE FROM search_docs")
                .await
                .unwrap();
            app::services::db::migrate(&db).await.unwrap();
            let rebuilt = find(&db, "parc", None, None, 1).await.unwrap();
            assert_eq!(rebuilt.total, RESULTS_PER_PAGE + extra);
        }
        let second = find(&db, "parc", None, None, 2).await.unwrap();
        assert_eq!(second.hits.len(), extra);
        let mut all: Vec<String> = first
            .hits
            .iter()
            .chain(&second.hits)
            .map(|h| h.href.clone())
            .collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), RESULTS_PER_PAGE + extra, "a result on two pages");
        // Past the last page, and past the cap, nothing (and no error).
        assert!(find(&db, "parc", None, None, 3)
            .await
            .unwrap()
            .hits
            .is_empty());
        let far = (MAX_RESULTS / RESULTS_PER_PAGE) as u64 + 5;
        assert!(find(&db, "parc", None, None, far)
            .await
            .unwrap()
            .hits
            .is_empty());
        assert!(find(&db, "parc", None, None, u64::MAX)
            .await
            .unwrap()
            .hits
            .is_empty());

        // The engine reads every query safely, however hostile.
        for q in [
            "\"",
            "parc\" OR \"x",
            "NEAR(parc",
            "parc*",
            "-parc",
            "'); DROP TABLE comments; --",
            "a",
            "",
            &"parc ".repeat(5000),
            "😀 parc",
        ] {
            let found = find(&db, q, None, None, 1).await.unwrap();
            assert!(found.hits.len() <= RESULTS_PER_PAGE, "{q}");
        }
        assert_eq!(
            find(&db, "😀 parc", None, None, 1).await.unwrap().total,
            RESULTS_PER_PAGE + extra
        );
    }
);

both_backends!(
    the_search_page_works_without_javascript_and_rebuilds_a_lost_index,
    |backend| async move {
        let (app, _, _) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let db = app.state().db.clone();
        let html = page_html(&app, "/search?q=carrils+bici&kind=section").await;
        assert!(html.contains("<mark>carrils</mark>"), "{html}");
        assert!(html.contains("<mark>bici</mark>"));
        assert!(html.contains("href=\"/sections/"));
        assert!(html.contains("role=\"search\""));
        let empty = page_html(&app, "/search").await;
        assert!(empty.contains("name=\"q\""));
        let hostile = app
            .client()
            .get(format!(
                "{}/search?q=%22%20OR%20*&page=99999999999",
                app.base
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(hostile.status(), 200);

        // An index emptied (a database from before search) is rebuilt at start-up.
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("DELETE FROM search_docs")
            .await
            .unwrap();
        assert_eq!(find(&db, "bici", None, None, 1).await.unwrap().total, 0);
        app::services::db::migrate(&db).await.unwrap();
        assert_eq!(find(&db, "bici", None, None, 1).await.unwrap().total, 1);
        let q = Query::parse("bici");
        let direct = index::search(&db, &q, &Scope::default(), 1).await.unwrap();
        assert_eq!(direct.hits.len(), 1);
    }
);
