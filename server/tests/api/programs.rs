#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Programs as Markdown: import, export, re-import of a draft, refusals that store nothing.

use crate::both_backends;
use crate::helpers::*;
use app::entities::{program, revision, section};
use app::services::program_files;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use std::process::Command;

const PROGRAM: &str = "Un programa escrit entre totes.\n\n# Habitatge\n\nEl dret a l'habitatge.\n\n## Parc públic\n\n### Mesura 1\n\nConstruir **8.000** habitatges.\n\n## Desnonaments\n\nCap desnonament sense alternativa.\n\n# Mobilitat\n\nMés bus, més bici.\n";

both_backends!(
    import_then_export_gives_the_same_program,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let imported = program_files::import(db, None, "Programa Barcelona 2027", PROGRAM)
            .await
            .unwrap();
        assert_eq!(imported.slug, "programa-barcelona-2027");
        assert_eq!(section::Entity::find().count(db).await.unwrap(), 5);
        assert_eq!(revision::Entity::find().count(db).await.unwrap(), 5);

        let exported = program_files::export_markdown(db, &imported).await.unwrap();
        let expected =
            app::domain::program_md::render(&app::domain::program_md::parse(PROGRAM).unwrap());
        assert_eq!(exported, expected);

        // Import of the export, under another title: the same structure and text.
        let again = program_files::import(db, None, "Còpia", &exported)
            .await
            .unwrap();
        assert_eq!(
            program_files::export_markdown(db, &again).await.unwrap(),
            exported
        );
    }
);

both_backends!(
    reimporting_a_draft_replaces_it_until_published,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let first = program_files::import(db, None, "Draft", PROGRAM)
            .await
            .unwrap();
        let corrected = PROGRAM.replace("Més bus, més bici.", "Més bus, més bici, més voreres.");
        let second = program_files::import(db, None, "Draft", &corrected)
            .await
            .unwrap();
        assert_eq!(first.id, second.id, "same program");
        assert_eq!(
            section::Entity::find().count(db).await.unwrap(),
            5,
            "sections replaced, not added"
        );
        assert!(program_files::export_markdown(db, &second)
            .await
            .unwrap()
            .contains("més voreres"));

        let mut published: program::ActiveModel = second.into();
        published.published_at = Set(Some(1));
        published.update(db).await.unwrap();
        let refused = program_files::import(db, None, "Draft", PROGRAM).await;
        assert!(matches!(
            refused,
            Err(program_files::ImportFailure::Published(_))
        ));
        assert_eq!(section::Entity::find().count(db).await.unwrap(), 5);
    }
);

both_backends!(bad_files_store_nothing, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let err = program_files::import(db, None, "Bad", "# Fine\n\ntext\n\n#   \n")
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "line 5: a heading has no title");
    assert!(program_files::import(db, None, "No headings", "just text")
        .await
        .is_err());
    assert!(program_files::import(db, None, "   ", PROGRAM)
        .await
        .is_err());
    assert_eq!(program::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(section::Entity::find().count(db).await.unwrap(), 0);
});

both_backends!(cli_import_and_export, |backend| async move {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let file = dir.path().join("program.md");
    std::fs::write(&file, PROGRAM).unwrap();
    let bin = env!("CARGO_BIN_EXE_redacta");
    let out = Command::new(bin)
        .args([
            "import",
            file.to_str().unwrap(),
            "--title",
            "Programa de Sants",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "programa-de-sants"
    );

    let out = Command::new(bin)
        .args([
            "export",
            "programa-de-sants",
            "--format",
            "md",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = String::from_utf8(out.stdout).unwrap();
    assert!(exported.starts_with("Un programa escrit entre totes.\n\n# Habitatge\n"));

    let out = Command::new(bin)
        .args([
            "export",
            "programa-de-sants",
            "--format",
            "html",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<strong>8.000</strong>") && html.contains("@media print"));
    assert!(!html.contains("<script"));

    let missing = Command::new(bin)
        .args(["export", "nope", "--database-url", &url])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no program at /programs/nope"));

    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, "no headings here").unwrap();
    let out = Command::new(bin)
        .args([
            "import",
            bad.to_str().unwrap(),
            "--title",
            "X",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no heading"));
});

both_backends!(
    program_page_shows_contents_and_sanitized_sections,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = &app.state().db;
        let hostile = format!("{PROGRAM}\n# Trap &lt;b&gt;\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2)) <img src=x onerror=alert(3)>\n");
        let imported = program_files::import(db, None, "Programa amb trampes", &hostile)
            .await
            .unwrap();
        let mut published: program::ActiveModel = imported.clone().into();
        published.published_at = Set(Some(1));
        published.update(db).await.unwrap();
        let html = app
            .client()
            .get(format!("{}/programs/{}", app.base, imported.slug))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("<strong>8.000</strong>"),
            "Markdown is rendered"
        );
        assert!(
            html.contains("Mesura 1") && html.contains("href=\"#s-"),
            "table of contents"
        );
        assert!(html.contains("Trap &lt;b&gt;"), "titles are text");
        for bad in [
            "<script>alert(1)",
            "javascript:alert(2)",
            "onerror=alert(3)",
        ] {
            assert!(!html.contains(bad), "{bad} leaked into the page");
        }
    }
);

both_backends!(demo_program_has_sections, |backend| async move {
    let app = spawn_app(backend).await;
    assert!(server::dev::demo::seed_if_empty(app.state()).await.unwrap());
    let html = app
        .client()
        .get(format!(
            "{}/programs/programa-municipal-barcelona-2027",
            app.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("8.000 habitatges públics") && html.contains("Superilles"));
    assert!(
        html.contains("3 open amendments · 0 comments"),
        "counted in the contents"
    );
    // The demo amendments: two compete for the same figure.
    let section: serde_json::Value = call(&app.client(), &app.base, "sections/get", &[("id", "3")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(section["amendments"].as_array().unwrap().len(), 3);
    assert_eq!(section["groups"][0]["members"].as_array().unwrap().len(), 2);
});

both_backends!(coordinators_upload_programs, |backend| async move {
    use app::domain::role::Role;
    let app = spawn_app(backend).await;
    let upload = |client: reqwest::Client, title: &'static str, file: &'static str| {
        let base = app.base.clone();
        async move {
            let form = reqwest::multipart::Form::new().text("title", title).part(
                "file",
                reqwest::multipart::Part::text(file).file_name("program.md"),
            );
            let res = client
                .post(format!("{base}/programs/import"))
                .multipart(form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303);
            res.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let pw = "a long enough password";
    app.create_user("co@example.org", "Co", pw, Role::Coordinator)
        .await;
    app.create_user("re@example.org", "Re", pw, Role::Resident)
        .await;
    let co = app.client();
    login(&co, &app.base, "co@example.org", pw).await;
    let resident = app.client();
    login(&resident, &app.base, "re@example.org", pw).await;

    let location = upload(resident, "Programa", PROGRAM).await;
    assert!(location.starts_with("/programs/new?error="), "{location}");
    assert!(location.contains("Forbidden"));
    let location = upload(app.client(), "Programa", PROGRAM).await;
    assert!(location.contains("LoginRequired"));
    // A bad file: the error names the line; the title is kept for the form.
    let location = upload(co.clone(), "Programa", "# Fine\n\ntext\n\n#   \n").await;
    assert!(
        location.contains("EmptyTitle") && location.contains("line"),
        "{location}"
    );
    assert!(location.contains("title=Programa"));
    assert_eq!(
        program::Entity::find()
            .count(&app.state().db)
            .await
            .unwrap(),
        0
    );

    let location = upload(co.clone(), "Programa 2027", PROGRAM).await;
    assert_eq!(location, "/programs/programa-2027?done=imported");
    assert_eq!(
        section::Entity::find()
            .count(&app.state().db)
            .await
            .unwrap(),
        5
    );
    // Not published yet: coordinators only.
    let res = app
        .client()
        .get(format!("{}/programs/programa-2027/export/md", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
});
