//! The meeting page: registering, cancelling, editing, recording what the room did and
//! removing a recorded in-room vote are offered exactly when the operation succeeds (and, for
//! registration, changes something), for a meeting before or after its start, with the
//! person registered or not, places left or not, seen by a resident, a facilitator of another
//! assembly, a coordinator and the assembly's own facilitator.

use super::one_per_role;
use crate::both_backends;
use crate::helpers::*;
use app::domain::assembly::OutcomeKind;
use app::domain::policy::MeetingAction;
use app::domain::role::Role;
use app::domain::time::datetime_value;
use app::entities::{meeting, meeting_outcome, meeting_registration, user};
use app::services::{assemblies, clock, meetings};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

fn input(starts_at: &str, ends_at: &str) -> meetings::MeetingInput<'static> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    meetings::MeetingInput {
        title: "Plenari",
        starts_at: leak(starts_at),
        ends_at: leak(ends_at),
        place: "Casal",
        online_url: "",
        description: "",
        capacity: "",
        agenda: &[],
    }
}

struct State {
    started: bool,
    registered: bool,
    full: bool,
}

/// A meeting of `assembly` in `state` as `who` sees it, with one in-room vote recorded.
async fn meeting_in(
    db: &DatabaseConnection,
    coordinator: &user::Model,
    filler: &user::Model,
    assembly: app::domain::ids::AssemblyId,
    who: &user::Model,
    s: &State,
) -> app::domain::ids::MeetingId {
    let t = clock::now();
    let created = meetings::create_meeting(
        db,
        coordinator,
        assembly,
        input(&datetime_value(t + 86_400), &datetime_value(t + 90_000)),
    )
    .await
    .unwrap();
    if s.registered {
        meetings::set_registration_at(db, who, created.id)
            .await
            .unwrap();
    }
    if s.full && !s.registered {
        meetings::set_registration_at(db, filler, created.id)
            .await
            .unwrap();
    }
    meeting_outcome::ActiveModel {
        meeting_id: Set(created.id),
        kind: Set(OutcomeKind::RoomVote),
        position: Set(0),
        amendment_id: Set(None),
        text: Set(String::new()),
        votes_for: Set(3),
        votes_against: Set(1),
        votes_abstain: Set(0),
        created_at: Set(t),
        created_by: Set(coordinator.id),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let id = created.id;
    let mut m: meeting::ActiveModel = created.into();
    m.capacity = Set(s.full.then_some(1));
    if s.started {
        m.starts_at = Set(t - 60);
        m.ends_at = Set(t + 3600);
    }
    m.update(db).await.unwrap();
    id
}

async fn is_registered(
    db: &DatabaseConnection,
    meeting: app::domain::ids::MeetingId,
    who: &user::Model,
) -> bool {
    meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(meeting))
        .filter(meeting_registration::Column::UserId.eq(who.id))
        .count(db)
        .await
        .unwrap()
        > 0
}

both_backends!(
    meeting_page_actions_are_shown_exactly_when_they_work,
    |backend| async move {
        let app = spawn_app(backend).await;
        let db = app.state().db.clone();
        let mut people = one_per_role(&app, &db, "m").await;
        let coordinator = people[2].clone();
        let assembly = assemblies::create(&db, &coordinator, "Sant Martí", "territorial", "")
            .await
            .unwrap()
            .id;
        // A resident who facilitates this assembly (the facilitator above does not).
        let own = app
            .create_user(
                "own@example.org",
                "Own",
                "a long enough password",
                Role::Resident,
            )
            .await;
        assemblies::set_facilitator(&db, &coordinator, assembly, "own@example.org", true)
            .await
            .unwrap();
        people.push(
            user::Entity::find_by_id(own)
                .one(&db)
                .await
                .unwrap()
                .unwrap(),
        );
        let filler_id = app
            .create_user(
                "filler@example.org",
                "Filler",
                "a long enough password",
                Role::Resident,
            )
            .await;
        let filler = user::Entity::find_by_id(filler_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut checked = 0;
        let mut offered = 0;
        for started in [false, true] {
            for registered in [false, true] {
                for full in [false, true] {
                    let s = State {
                        started,
                        registered,
                        full,
                    };
                    // Logged out: nothing is offered.
                    let id = meeting_in(&db, &coordinator, &filler, assembly, &filler, &s).await;
                    let page = app::views::assemblies::meeting_page(&db, None, id, 1)
                        .await
                        .unwrap();
                    assert!(
                        !(page.can_register
                            || page.can_unregister
                            || page.can_edit
                            || page.can_record
                            || page.can_remove)
                    );
                    for who in &people {
                        for action in MeetingAction::ALL {
                            let id =
                                meeting_in(&db, &coordinator, &filler, assembly, who, &s).await;
                            let page = app::views::assemblies::meeting_page(&db, Some(who), id, 1)
                                .await
                                .unwrap();
                            let show = match action {
                                MeetingAction::Register => page.can_register,
                                MeetingAction::Unregister => page.can_unregister,
                                MeetingAction::Edit => page.can_edit,
                                MeetingAction::Record => page.can_record,
                                MeetingAction::RemoveRoomVote => page.can_remove,
                            };
                            let result = match action {
                                MeetingAction::Register | MeetingAction::Unregister => {
                                    let register = action == MeetingAction::Register;
                                    let done =
                                        meetings::set_registration(&db, who, id, register).await;
                                    // Offered means it succeeds and changes something.
                                    let changed = is_registered(&db, id, who).await == register
                                        && registered != register;
                                    done.and_then(|()| {
                                        changed
                                            .then_some(())
                                            .ok_or(app::error::AppError::WrongState)
                                    })
                                }
                                MeetingAction::Edit => {
                                    let m = meeting::Entity::find_by_id(id)
                                        .one(&db)
                                        .await
                                        .unwrap()
                                        .unwrap();
                                    meetings::update_meeting(
                                        &db,
                                        who,
                                        id,
                                        input(
                                            &datetime_value(m.starts_at),
                                            &datetime_value(m.ends_at),
                                        ),
                                    )
                                    .await
                                    .map(|_| ())
                                }
                                MeetingAction::Record => {
                                    meetings::record(&db, who, id, &[], "2", "Acta").await
                                }
                                MeetingAction::RemoveRoomVote => {
                                    let outcome = meeting_outcome::Entity::find()
                                        .filter(meeting_outcome::Column::MeetingId.eq(id))
                                        .one(&db)
                                        .await
                                        .unwrap()
                                        .unwrap();
                                    meetings::remove_outcome(&db, who, outcome.id)
                                        .await
                                        .map(|_| ())
                                }
                            };
                            assert_eq!(
                                show,
                                result.is_ok(),
                                "{action:?} on a meeting (started {started}, registered \
                                 {registered}, full {full}) seen by {}: shown {show}, operation \
                                 {result:?}",
                                who.email
                            );
                            checked += 1;
                            offered += usize::from(show);
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 8 * 4 * MeetingAction::ALL.len());
        assert!(offered >= 30, "{offered}");
    }
);
