//! The section page: "Propose an amendment" and "Put to a vote" are offered exactly when
//! writing an amendment and opening a vote succeed, for every program phase, a published
//! program or a draft one (which only coordinators see), logged out and every role.

use super::{one_per_role, PROGRAM};
use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::{Phase, Schedule};
use app::domain::policy::SectionAction;
use app::entities::program;
use app::services::{amendments, clock, phases, polls};
use sea_orm::{ActiveModelTrait, Set};

both_backends!(
    section_page_actions_are_shown_exactly_when_they_work,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = app.state().db.clone();
        let (program, section_id) = published_program(&db, "Programa", PROGRAM, None).await;
        let people = one_per_role(&app, &db, "s").await;
        let mut checked = 0;
        let mut offered = 0;
        for published in [true, false] {
            let mut p: program::ActiveModel = program.clone().into();
            p.published_at = Set(published.then_some(1));
            p.update(&db).await.unwrap();
            for phase in Phase::ALL {
                phases::write(&db, program.id, &Schedule(vec![(phase, clock::now() - 60)]))
                    .await
                    .unwrap();
                // Logged out: nothing is offered (a published program's page shows a log-in
                // link instead of the editor's button).
                if let Ok(page) =
                    app::views::sections::page(&db, app::domain::ids::SectionId(section_id), None)
                        .await
                {
                    assert!(!page.can_amend && !page.can_open_votes);
                }
                for who in &people {
                    for action in SectionAction::ALL {
                        // A page the person cannot see offers nothing.
                        let page = app::views::sections::page(
                            &db,
                            app::domain::ids::SectionId(section_id),
                            Some(who),
                        )
                        .await;
                        let show = page.as_ref().is_ok_and(|page| match action {
                            SectionAction::Amend => page.can_amend,
                            SectionAction::OpenVote => page.can_open_votes,
                        });
                        let result = match action {
                            SectionAction::Amend => amendments::create(
                                &db,
                                who,
                                app::domain::ids::SectionId(section_id),
                                amendments::Proposal {
                                    title: "Sis-cents",
                                    text: "Construir 600 habitatges públics cada any.",
                                    justification: "",
                                    base_number: 1,
                                    passage: None,
                                },
                            )
                            .await
                            .map(|_| ()),
                            SectionAction::OpenVote => {
                                let t = clock::now();
                                polls::create(&db, who, measures_vote(&program.slug, t))
                                    .await
                                    .map(|_| ())
                            }
                        };
                        assert_eq!(
                            show,
                            result.is_ok(),
                            "{action:?} on a section of a {} program in phase {phase:?}, seen \
                             by a {:?}: shown {show}, operation {result:?}",
                            if published { "published" } else { "draft" },
                            who.role
                        );
                        checked += 1;
                        offered += usize::from(show);
                    }
                }
            }
        }
        assert_eq!(checked, 2 * Phase::ALL.len() * 3 * 2);
        assert!(offered >= 4, "{offered}");
    }
);
