//! The section page: "Propose an amendment", "Put to a vote", "Merge amendments" and the
//! moderation buttons of its thread are offered exactly when writing an amendment, opening a
//! vote, opening the merge page and moderating succeed, for every program phase, a
//! published program or a draft one (which only coordinators see), logged out and every
//! role.

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
        let policy = app.state().config.comments;
        // A comment to moderate (posted while the program takes comments).
        phases::write(
            &db,
            program.id,
            &Schedule(vec![(Phase::Amendments, clock::now() - 60)]),
        )
        .await
        .unwrap();
        let comment = app::services::comments::post(
            &db,
            &policy,
            &people[0],
            app::services::lookup::Target::Section(app::domain::ids::SectionId(section_id)),
            None,
            None,
            "Un comentari.",
            None,
        )
        .await
        .unwrap();
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
                        let thread = app::views::comments::thread(
                            &db,
                            &policy,
                            Some(who),
                            app::services::lookup::Target::Section(app::domain::ids::SectionId(
                                section_id,
                            )),
                            app::domain::comment::Sort::Newest,
                            1,
                            None,
                        )
                        .await;
                        let show = page.as_ref().is_ok_and(|page| match action {
                            SectionAction::Amend => page.can_amend,
                            SectionAction::OpenVote => page.can_open_votes,
                            SectionAction::Merge => page.can_merge,
                            SectionAction::Moderate => {
                                thread.as_ref().is_ok_and(|t| t.can_moderate)
                            }
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
                            // The merge page answers what proposing a merge asks first.
                            SectionAction::Merge => app::views::amendments::merge_draft(
                                &db,
                                app::domain::ids::SectionId(section_id),
                                &[],
                                Some(who),
                            )
                            .await
                            .map(|_| ()),
                            SectionAction::Moderate => {
                                app::services::comments::moderate(
                                    &db,
                                    who,
                                    comment.id,
                                    app::services::comments::Moderation::Dismiss,
                                    "",
                                )
                                .await
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
        assert_eq!(checked, 2 * Phase::ALL.len() * 3 * SectionAction::ALL.len());
        assert!(offered >= 4, "{offered}");
    }
);
