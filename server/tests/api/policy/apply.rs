//! The results page of a vote on amendments: "Apply the result" is offered exactly when
//! applying succeeds, for every program phase and role, with a winner, a tie, or fewer
//! ballots than the vote's minimum (a tie is said on the page, never offered).

use super::{one_per_role, state, PROGRAM};
use crate::both_backends;
use crate::helpers::*;
use app::domain::amendment::AmendmentStatus;
use app::domain::phase::{Phase, Schedule};
use app::entities::{amendment, poll, program, user};
use app::services::{clock, phases, polls};
use app::views::votes::Apply;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

#[derive(Clone, Copy, Debug)]
enum Count {
    Winner,
    Tied,
    TooFew,
}

async fn set_phase(db: &DatabaseConnection, program: app::domain::ids::ProgramId, phase: Phase) {
    phases::write(db, program, &Schedule(vec![(phase, clock::now() - 60)]))
        .await
        .unwrap();
}

/// A closed vote on two amendments competing for a section's only passage, counted as
/// `count` says, made and voted while the program voted; the program is left in `phase`.
async fn closed_vote(
    db: &DatabaseConnection,
    program: &program::Model,
    maker: &user::Model,
    voters: &[user::Model],
    count: Count,
    phase: Phase,
) -> app::domain::ids::PollId {
    let a = state(
        db,
        program.id,
        voters[0].id,
        AmendmentStatus::Published,
        false,
    )
    .await;
    let first = amendment::Entity::find_by_id(a)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut rival: amendment::ActiveModel = first.clone().into();
    rival.id = sea_orm::ActiveValue::NotSet;
    rival.text = Set("Construir 900 habitatges públics cada any.".into());
    rival.title = Set("Nou-cents".into());
    let b = rival.insert(db).await.unwrap().id;
    set_phase(db, program.id, Phase::Voting).await;
    let t = clock::now();
    let created = polls::create(
        db,
        maker,
        polls::NewPoll {
            program_slug: &program.slug,
            kind: "amendments",
            title: "Habitatge",
            description: "",
            amendments: &[a, b],
            measures: "",
            method: "schulze",
            seats: 1,
            choose: None,
            tie: "none",
            eligibility: "residents",
            assemblies: &[],
            roll: None,
            opens_at: t - 1,
            closes_at: t + 3600,
            min_voters: 3,
        },
    )
    .await
    .unwrap();
    // Options: 1 keeps the current text, 2 and 3 are the amendments.
    let ballots: &[&str] = match count {
        Count::Winner => &["2>3>1", "2>1>3", "3>2>1"],
        Count::Tied => &["2>3>1", "2>3>1", "3>2>1", "3>2>1"],
        Count::TooFew => &["2>3>1", "2>3>1"],
    };
    for (voter, ranking) in voters.iter().zip(ballots) {
        polls::cast(db, voter, created.id, ranking).await.unwrap();
    }
    let id = created.id;
    let mut closed: poll::ActiveModel = created.into();
    closed.opens_at = Set(t - 7200);
    closed.closes_at = Set(t - 60);
    closed.update(db).await.unwrap();
    set_phase(db, program.id, phase).await;
    id
}

both_backends!(apply_is_shown_exactly_when_it_works, |backend| async move {
    let app = spawn_app(backend).await;
    let db = app.state().db.clone();
    let (program, _) = published_program(&db, "Programa", PROGRAM, None).await;
    let people = one_per_role(&app, &db, "p").await;
    let mut voters = Vec::new();
    for i in 0..4 {
        let id = app
            .create_user(
                &format!("voter{i}@example.org"),
                "Voter",
                "a long enough password",
                app::domain::role::Role::Resident,
            )
            .await;
        voters.push(
            user::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let maker = people[1].clone();
    let mut checked = 0;
    let mut offered = 0;
    let mut ties_said = 0;
    for count in [Count::Winner, Count::Tied, Count::TooFew] {
        for phase in Phase::ALL {
            let mut id = closed_vote(&db, &program, &maker, &voters, count, phase).await;
            // Results of a vote with too few ballots are not shown at all (the vote failed).
            if let Ok(page) = app::views::votes::results(&db, id, None).await {
                assert_eq!(page.apply, None, "offered to a logged-out visitor");
            }
            for who in &people {
                let apply = app::views::votes::results(&db, id, Some(who))
                    .await
                    .ok()
                    .and_then(|page| page.apply);
                let show = matches!(apply, Some(Apply::Winner(_)));
                ties_said += usize::from(apply == Some(Apply::Tied));
                let result = polls::apply(&db, who, id).await;
                assert_eq!(
                    show,
                    result.is_ok(),
                    "apply a {count:?} vote in phase {phase:?} as a {:?}: shown {show}, \
                         operation {result:?}",
                    who.role
                );
                checked += 1;
                offered += usize::from(show);
                if result.is_ok() {
                    id = closed_vote(&db, &program, &maker, &voters, count, phase).await;
                }
            }
        }
    }
    assert_eq!(checked, 3 * Phase::ALL.len() * 3);
    assert!(offered >= 4, "{offered}");
    assert!(ties_said >= 2, "{ties_said}");
});
