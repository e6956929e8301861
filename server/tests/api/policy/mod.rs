#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Issue 13: one permission policy (`app::domain::policy`) decides both what an operation
//! allows and which buttons a page shows. This walks generated states of an amendment —
//! every status, every phase, base current or behind the section — and every kind of person
//! (resident or facilitator, author or not), and asserts for every action of the amendment
//! page: the page offers it exactly when the real operation, called right after, succeeds.
//!
//! The vote page is walked the same way: every program phase, a vote scheduled, open or
//! closed, either eligibility rule, every role; casting and closing are offered exactly when
//! they succeed.
//!
//! States the platform never makes are left out: a conflicted amendment is always behind its
//! section (it is conflicted with a newer text), and a draft is never in a vote.

use crate::both_backends;
use crate::helpers::*;
use app::domain::amendment::{Action, AmendmentStatus};
use app::domain::ids::AmendmentId;
use app::domain::phase::{Phase, Schedule};
use app::domain::policy::PollAction;
use app::domain::poll::{Eligibility, Phase as PollPhase};
use app::domain::role::Role;
use app::entities::{amendment, poll, revision, section, user};
use app::services::{amendments, clock, phases, polls};
use app::views::amendments::AmendmentRights;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

const PROGRAM: &str = "# Habitatge\n\nConstruir 500 habitatges públics cada any.\n";
const BASE: &str = "Construir 500 habitatges públics cada any.";
const HEAD: &str = "Construir 600 habitatges públics cada any.";
const PROPOSED: &str = "Construir 800 habitatges públics cada any.";

static NEXT_POSITION: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(1000);

/// A section of its own (so an accept moves nothing else) with one amendment in `status`,
/// written on the section's current text or on the one before.
async fn state(
    db: &DatabaseConnection,
    program_id: app::domain::ids::ProgramId,
    author: app::domain::ids::UserId,
    status: AmendmentStatus,
    behind: bool,
) -> AmendmentId {
    let t = clock::now();
    let sec = section::ActiveModel {
        program_id: Set(program_id),
        parent_id: Set(None),
        position: Set(NEXT_POSITION.fetch_add(1, std::sync::atomic::Ordering::SeqCst)),
        level: Set(1),
        title: Set("Generada".into()),
        head_number: Set(if behind { 2 } else { 1 }),
        created_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for (number, text) in [(1, BASE), (2, HEAD)]
        .into_iter()
        .take(if behind { 2 } else { 1 })
    {
        revision::ActiveModel {
            section_id: Set(sec.id),
            number: Set(number),
            text: Set(text.into()),
            author_id: Set(None),
            amendment_id: Set(None),
            created_at: Set(t),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let conflicted = status == AmendmentStatus::Conflicted;
    amendment::ActiveModel {
        program_id: Set(program_id),
        section_id: Set(sec.id),
        author_id: Set(author),
        title: Set("Vuit-cents".into()),
        text: Set(PROPOSED.into()),
        justification: Set(String::new()),
        status: Set(status),
        base_number: Set(1),
        version: Set(if status == AmendmentStatus::Draft {
            0
        } else {
            1
        }),
        conflict_head: Set(conflicted.then_some(2)),
        created_at: Set(t),
        updated_at: Set(t),
        published_at: Set((status != AmendmentStatus::Draft).then_some(t)),
        decided_at: Set(None),
        decided_by: Set(None),
        assembly_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn shown(r: &AmendmentRights, action: Action) -> bool {
    match action {
        Action::Edit => r.can_edit,
        Action::Publish => r.can_publish,
        Action::Withdraw => r.can_withdraw,
        Action::Support => r.can_support,
        Action::Accept => r.can_accept,
        Action::Reject => r.can_reject,
        Action::Resolve => r.can_resolve,
    }
}

async fn run(
    db: &DatabaseConnection,
    who: &user::Model,
    id: AmendmentId,
    action: Action,
) -> Result<(), app::error::AppError> {
    let head = amendment::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .map(|a| a.section_id)
        .unwrap();
    let head = section::Entity::find_by_id(head)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .head_number;
    match action {
        Action::Edit => amendments::edit(
            db,
            who,
            id,
            amendments::Proposal {
                title: "Nou-cents",
                text: "Construir 900 habitatges públics cada any.",
                justification: "",
                base_number: head,
                passage: None,
            },
        )
        .await
        .map(|_| ()),
        Action::Publish => amendments::publish(db, who, id).await.map(|_| ()),
        Action::Withdraw => amendments::withdraw(db, who, id, "Ja no cal.")
            .await
            .map(|_| ()),
        Action::Support => amendments::support(db, who, id).await,
        Action::Accept => amendments::accept(db, who, id).await.map(|_| ()),
        Action::Reject => amendments::reject(db, who, id, "no", None)
            .await
            .map(|_| ()),
        Action::Resolve => amendments::resolve(db, who, id, head, &[amendments::Resolution::Mine])
            .await
            .map(|_| ()),
    }
}

both_backends!(
    amendment_buttons_are_shown_exactly_when_they_work,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = app.state().db.clone();
        let (program, _) = published_program(&db, "Programa", PROGRAM, None).await;
        let people = accounts(&app, &db, "p", &[Role::Resident, Role::Facilitator]).await;
        let actions = Action::ALL;
        let mut checked = 0;
        let mut offered = 0;
        for phase in Phase::ALL {
            let t = clock::now();
            phases::write(&db, program.id, &Schedule(vec![(phase, t - 60)]))
                .await
                .unwrap();
            for status in AmendmentStatus::ALL {
                for behind in [false, true] {
                    if status == AmendmentStatus::Conflicted && !behind {
                        continue;
                    }
                    for who in &people {
                        for author_is_viewer in [true, false] {
                            let author = if author_is_viewer {
                                who.id
                            } else {
                                people.iter().find(|p| p.id != who.id).unwrap().id
                            };
                            if status == AmendmentStatus::Draft && !author_is_viewer {
                                // A draft is its author's only: others cannot even see it.
                                continue;
                            }
                            // A refused operation changes nothing, so the state is made
                            // anew only after one that succeeded.
                            let mut id = state(&db, program.id, author, status, behind).await;
                            for action in actions {
                                let page =
                                    app::views::amendments::amendment_page(&db, id, Some(who))
                                        .await
                                        .unwrap();
                                let show = shown(&page.rights, action);
                                let result = run(&db, who, id, action).await;
                                assert_eq!(
                                    show,
                                    result.is_ok(),
                                    "{action:?} on a {status:?} amendment (base behind: {behind}) \
                                     in phase {phase:?}, seen by a {:?} who is{} its author: \
                                     shown {show}, operation {result:?}",
                                    who.role,
                                    if author_is_viewer { "" } else { " not" }
                                );
                                checked += 1;
                                offered += usize::from(show);
                                if result.is_ok() {
                                    id = state(&db, program.id, author, status, behind).await;
                                }
                            }
                        }
                    }
                }
            }
        }
        // Every generated state was checked, and some of them offer each action.
        assert!(checked > 1_000, "{checked}");
        assert!(offered > 50, "{offered}");
    }
);

/// A vote on measures in `program` whose times put it in `when` now, with `eligibility`.
/// Made while the program votes (opening a vote needs it), then moved into the state.
async fn vote_state(
    db: &DatabaseConnection,
    program: &app::entities::program::Model,
    maker: &user::Model,
    when: PollPhase,
    eligibility: Eligibility,
) -> app::domain::ids::PollId {
    let t = clock::now();
    phases::write(db, program.id, &Schedule(vec![(Phase::Voting, t - 60)]))
        .await
        .unwrap();
    let created = polls::create(db, maker, measures_vote(&program.slug, t))
        .await
        .unwrap();
    let (opens_at, closes_at) = match when {
        PollPhase::Scheduled => (t + 3600, t + 7200),
        PollPhase::Open => (t - 3600, t + 3600),
        PollPhase::Closed => (t - 7200, t - 3600),
    };
    let mut moved: poll::ActiveModel = created.into();
    moved.opens_at = Set(opens_at);
    moved.closes_at = Set(closes_at);
    moved.eligibility = Set(eligibility);
    moved.update(db).await.unwrap().id
}

both_backends!(
    vote_page_actions_are_shown_exactly_when_they_work,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = app.state().db.clone();
        let (program, _) = published_program(&db, "Programa", PROGRAM, None).await;
        let people = one_per_role(&app, &db, "v").await;
        let maker = people[1].clone();
        let mut checked = 0;
        let mut offered = 0;
        for phase in Phase::ALL {
            for when in [PollPhase::Scheduled, PollPhase::Open, PollPhase::Closed] {
                // Accounts made before the vote opened, or after (the "registered before"
                // rule then refuses them).
                for eligibility in Eligibility::ALL {
                    let mut id = vote_state(&db, &program, &maker, when, eligibility).await;
                    let program_id = program.id;
                    let set_phase = |p: Phase| {
                        let db = db.clone();
                        async move {
                            phases::write(&db, program_id, &Schedule(vec![(p, clock::now() - 60)]))
                                .await
                                .unwrap()
                        }
                    };
                    set_phase(phase).await;
                    // Logged out: the page never offers an action.
                    let page = app::views::votes::page(&db, id, None, None).await.unwrap();
                    assert!(page.block.is_some() && !page.can_close);
                    for who in &people {
                        for action in [PollAction::Cast, PollAction::Close] {
                            let page = app::views::votes::page(&db, id, Some(who), None)
                                .await
                                .unwrap();
                            let show = match action {
                                PollAction::Cast => page.block.is_none(),
                                _ => page.can_close,
                            };
                            let result = match action {
                                PollAction::Cast => {
                                    polls::cast(&db, who, id, "1>2").await.map(|_| ())
                                }
                                _ => polls::close(&db, who, id).await.map(|_| ()),
                            };
                            assert_eq!(
                                show,
                                result.is_ok(),
                                "{action:?} on a {when:?} vote ({eligibility:?}) in phase \
                                 {phase:?}, seen by a {:?}: shown {show}, operation {result:?}, \
                                 block {:?}",
                                who.role,
                                page.block
                            );
                            checked += 1;
                            offered += usize::from(show);
                            if result.is_ok() {
                                id = vote_state(&db, &program, &maker, when, eligibility).await;
                                set_phase(phase).await;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked >= 180, "{checked}");
        assert!(offered > 20, "{offered}");
    }
);

mod apply;
mod meetings;
mod sections;

/// One account per role (resident, facilitator, coordinator), emails starting with `prefix`.
async fn one_per_role(app: &TestApp, db: &DatabaseConnection, prefix: &str) -> Vec<user::Model> {
    accounts(app, db, prefix, &Role::ALL).await
}

/// One account for each of `roles`, emails starting with `prefix`.
async fn accounts(
    app: &TestApp,
    db: &DatabaseConnection,
    prefix: &str,
    roles: &[Role],
) -> Vec<user::Model> {
    let mut people = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        let id = app
            .create_user(
                &format!("{prefix}{i}@example.org"),
                &format!("{prefix} {i}"),
                "a long enough password",
                *role,
            )
            .await;
        people.push(user::Entity::find_by_id(id).one(db).await.unwrap().unwrap());
    }
    people
}
