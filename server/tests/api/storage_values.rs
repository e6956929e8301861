#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Status and kind columns are read as enums (issue 13): a stored value that no variant has
//! (a hand edit, a bad migration) makes reading the row an error, logged, and the page a
//! plain failure — never a silent fallback to some status, least of all a public one.

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::entities::{amendment, user};
use app::services::amendments;
use sea_orm::{ConnectionTrait, EntityTrait};

both_backends!(
    an_unknown_stored_value_is_an_error_never_a_fallback,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = app.state().db.clone();
        let (_, section) = published_program(
            &db,
            "Programa",
            "# U\n\nText original.\n",
            Some(Phase::Amendments),
        )
        .await;
        let id = app
            .create_user(
                "author@example.org",
                "Author",
                "a long enough password",
                Role::Resident,
            )
            .await;
        let author = user::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let draft = amendments::create(
            &db,
            &author,
            app::domain::ids::SectionId(section),
            amendments::Proposal {
                title: "Canvi",
                text: "Text canviat.",
                justification: "",
                base_number: 1,
                passage: None,
            },
        )
        .await
        .unwrap();
        // Before: a draft, which only its author sees.
        let page = app::views::sections::page(&db, app::domain::ids::SectionId(section), None)
            .await
            .unwrap();
        assert!(page.amendments.is_empty());

        db.execute_unprepared(&format!(
            "UPDATE amendments SET status = 'publicat' WHERE id = {}",
            draft.id
        ))
        .await
        .unwrap();
        let read = amendment::Entity::find_by_id(draft.id).one(&db).await;
        let err = read.expect_err("an unknown status was read as some status");
        assert!(err.to_string().contains("publicat"), "{err}");
        let page =
            app::views::sections::page(&db, app::domain::ids::SectionId(section), None).await;
        assert!(
            matches!(page, Err(app::error::AppError::Internal)),
            "the section page must fail, not show or hide the row: {page:?}"
        );

        db.execute_unprepared(&format!("UPDATE users SET role = 'admin' WHERE id = {id}"))
            .await
            .unwrap();
        assert!(user::Entity::find_by_id(id).one(&db).await.is_err());
    }
);
