#![allow(clippy::unwrap_used, clippy::expect_used)]
//! No page grows with the city (issue 14): the assembly list, an assembly's meetings (to
//! come and held) and adopted amendments, and a meeting's attendance list each hold one
//! page; more rows than a page are reached through page links. Rows are written in bulk,
//! past the operations, as the `city` seed does.

use crate::both_backends;
use crate::helpers::*;
use app::domain::assembly::AssemblyKind;
use app::domain::ids::{MeetingId, UserId};
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::entities::{amendment, assembly, meeting, meeting_registration, user};
use app::services::clock::now;
use app::views::assemblies::{
    AssemblyPages, ASSEMBLIES_PER_PAGE, ASSEMBLY_AMENDMENTS_PER_PAGE, ATTENDEES_PER_PAGE,
    MEETINGS_PER_PAGE,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

async fn bulk<A: ActiveModelTrait + Send>(db: &sea_orm::DatabaseConnection, rows: Vec<A>)
where
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    for chunk in rows.chunks(100) {
        <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
}

both_backends!(
    assemblies_meetings_and_rolls_come_a_page_at_a_time,
    |backend| async move {
        let (app, program, section) =
            app_with_program(backend, "# U\n\nText.\n", Phase::Amendments).await;
        let db = app.state().db.clone();
        let coordinator = account(&app, "co@example.org", Role::Coordinator).await;
        let t = now();

        // More assemblies than a page.
        let extra = 3;
        bulk(
            &db,
            (0..ASSEMBLIES_PER_PAGE + extra)
                .map(|n| assembly::ActiveModel {
                    slug: Set(format!("a-{n:03}")),
                    name: Set(format!("Assemblea {n:03}")),
                    kind: Set(if n % 2 == 0 {
                        AssemblyKind::Territorial
                    } else {
                        AssemblyKind::Thematic
                    }),
                    description: Set(String::new()),
                    created_at: Set(t),
                    created_by: Set(coordinator.id),
                    ..Default::default()
                })
                .collect(),
        )
        .await;
        let first = app::views::assemblies::list(&db, None, 1).await.unwrap();
        assert_eq!(first.assemblies.len() as u64, ASSEMBLIES_PER_PAGE);
        assert_eq!(
            (first.pages.pages, first.pages.total),
            (2, ASSEMBLIES_PER_PAGE + extra)
        );
        let second = app::views::assemblies::list(&db, None, 2).await.unwrap();
        assert_eq!(second.assemblies.len() as u64, extra);
        // Territorial first across pages, every assembly once.
        let kinds: Vec<AssemblyKind> = first
            .assemblies
            .iter()
            .chain(&second.assemblies)
            .map(|c| c.kind)
            .collect();
        let turn = kinds
            .iter()
            .position(|k| *k == AssemblyKind::Thematic)
            .unwrap();
        assert!(kinds[turn..].iter().all(|k| *k == AssemblyKind::Thematic));
        let html = page_html(&app, "/assemblies").await;
        assert!(
            html.contains("href=\"/assemblies?page=2\""),
            "no link to the second page"
        );
        assert_eq!(
            html.matches("class=\"card\"").count() as u64,
            ASSEMBLIES_PER_PAGE
        );

        // One assembly with more meetings to come and held than a page, and more amendments.
        let a = assembly::Entity::find()
            .filter(assembly::Column::Slug.eq("a-000"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let meeting_at = |starts: i64, n: u64| meeting::ActiveModel {
            assembly_id: Set(a.id),
            title: Set(format!("Reunió {n}")),
            starts_at: Set(starts),
            ends_at: Set(starts + 3600),
            place: Set(String::new()),
            online_url: Set(String::new()),
            description: Set(String::new()),
            capacity: Set(None),
            minutes: Set(String::new()),
            guests: Set(0),
            recorded_at: Set(None),
            created_at: Set(t),
            created_by: Set(coordinator.id),
            ..Default::default()
        };
        let n_meetings = MEETINGS_PER_PAGE + 2;
        bulk(
            &db,
            (0..n_meetings)
                .map(|n| meeting_at(t + 86_400 * (n as i64 + 1), n))
                .collect(),
        )
        .await;
        bulk(
            &db,
            (0..n_meetings)
                .map(|n| meeting_at(t - 86_400 * (n as i64 + 1), 100 + n))
                .collect(),
        )
        .await;
        bulk(
            &db,
            (0..ASSEMBLY_AMENDMENTS_PER_PAGE + 2)
                .map(|n| amendment::ActiveModel {
                    program_id: Set(program.id),
                    section_id: Set(app::domain::ids::SectionId(section)),
                    author_id: Set(coordinator.id),
                    title: Set(format!("Esmena {n}")),
                    text: Set("Text nou.\n".into()),
                    justification: Set(String::new()),
                    status: Set(app::domain::amendment::AmendmentStatus::Published),
                    base_number: Set(1),
                    version: Set(1),
                    conflict_head: Set(None),
                    created_at: Set(t),
                    updated_at: Set(t),
                    published_at: Set(Some(t)),
                    decided_at: Set(None),
                    decided_by: Set(None),
                    assembly_id: Set(Some(a.id)),
                    ..Default::default()
                })
                .collect(),
        )
        .await;
        let pages = |upcoming, past, amendments| AssemblyPages {
            upcoming,
            past,
            amendments,
        };
        let detail = app::views::assemblies::page(&db, None, "a-000", pages(1, 1, 1))
            .await
            .unwrap();
        assert_eq!(detail.upcoming.len() as u64, MEETINGS_PER_PAGE);
        assert_eq!(detail.past.len() as u64, MEETINGS_PER_PAGE);
        assert_eq!(detail.amendments.len() as u64, ASSEMBLY_AMENDMENTS_PER_PAGE);
        assert_eq!(detail.upcoming_pages.total, n_meetings);
        assert_eq!(detail.past_pages.total, n_meetings);
        // Soonest first; latest held first.
        assert!(detail
            .upcoming
            .windows(2)
            .all(|w| w[0].starts_at <= w[1].starts_at));
        assert!(detail
            .past
            .windows(2)
            .all(|w| w[0].starts_at >= w[1].starts_at));
        assert!(
            detail.upcoming.iter().all(|m| m.ends_at >= t)
                && detail.past.iter().all(|m| m.ends_at < t)
        );
        let later = app::views::assemblies::page(&db, None, "a-000", pages(2, 2, 2))
            .await
            .unwrap();
        assert_eq!(
            (
                later.upcoming.len(),
                later.past.len(),
                later.amendments.len()
            ),
            (2, 2, 2)
        );
        // A page past the end shows the last one, not an empty list.
        let far = app::views::assemblies::page(&db, None, "a-000", pages(99, u64::MAX, 0))
            .await
            .unwrap();
        assert_eq!(
            (
                far.upcoming_pages.page,
                far.past_pages.page,
                far.amendment_pages.page
            ),
            (2, 2, 1)
        );
        let html = page_html(&app, "/assemblies/a-000").await;
        for link in [
            "/assemblies/a-000?upcoming=2#upcoming",
            "/assemblies/a-000?past=2#past",
            "/assemblies/a-000?amendments=2#produced",
        ] {
            assert!(html.contains(&format!("href=\"{link}\"")), "no link {link}");
        }

        // A meeting with more registered people than a page of its roll.
        let m: MeetingId = meeting::Entity::find()
            .filter(meeting::Column::AssemblyId.eq(a.id))
            .filter(meeting::Column::EndsAt.lt(t))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let people = ATTENDEES_PER_PAGE + 5;
        bulk(
            &db,
            (0..people)
                .map(|n| user::ActiveModel {
                    email: Set(format!("p{n}@example.org")),
                    display_name: Set(format!("Persona {n:03}")),
                    password_hash: Set("x".into()),
                    role: Set(Role::Resident),
                    locale: Set("ca".into()),
                    email_verified_at: Set(Some(t)),
                    created_at: Set(t),
                    digest_opt_in: Set(false),
                    digest_sent_at: Set(None),
                    ..Default::default()
                })
                .collect(),
        )
        .await;
        let ids: Vec<UserId> = user::Entity::find()
            .filter(user::Column::Email.like("p%@example.org"))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(ids.len() as u64, people);
        bulk(
            &db,
            ids.iter()
                .map(|u| meeting_registration::ActiveModel {
                    meeting_id: Set(m),
                    user_id: Set(*u),
                    registered_at: Set(t - 86_400 * 30),
                    attended: Set(false),
                    ..Default::default()
                })
                .collect(),
        )
        .await;
        let roll = app::views::assemblies::meeting_page(&db, Some(&coordinator), m, 1)
            .await
            .unwrap();
        assert_eq!(roll.registered, people);
        assert_eq!(roll.attendees.len() as u64, ATTENDEES_PER_PAGE);
        let rest = app::views::assemblies::meeting_page(&db, Some(&coordinator), m, 2)
            .await
            .unwrap();
        assert_eq!(rest.attendees.len(), 5);
        // Saving page 2 of the roll changes page 2 only.
        let shown: Vec<UserId> = rest.attendees.iter().map(|p| p.user_id).collect();
        let came = &shown[..2];
        app::services::meetings::record_roll(&db, &coordinator, m, came, Some(&shown), "0", "")
            .await
            .unwrap();
        let first_page_ids: Vec<UserId> = roll.attendees.iter().map(|p| p.user_id).collect();
        app::services::meetings::record_roll(
            &db,
            &coordinator,
            m,
            &first_page_ids[..3],
            Some(&first_page_ids),
            "0",
            "",
        )
        .await
        .unwrap();
        let after = app::views::assemblies::meeting_page(&db, Some(&coordinator), m, 1)
            .await
            .unwrap();
        assert_eq!(after.attended, 5, "page 1's save undid page 2's");
    }
);

both_backends!(notifications_come_a_page_at_a_time, |backend| async move {
    use app::entities::notification;
    use app::views::notifications::NOTIFICATIONS_PER_PAGE;
    let app = spawn_app(backend).await;
    let db = app.state().db.clone();
    let someone = account(&app, "someone@example.org", Role::Resident).await;
    let t = now();
    let extra = 5;
    bulk(
        &db,
        (0..NOTIFICATIONS_PER_PAGE + extra)
            .map(|n| notification::ActiveModel {
                user_id: Set(someone.id),
                kind: Set(app::domain::notice::NoticeKind::Accepted),
                link: Set(format!("/amendments/{n}")),
                detail: Set(format!("Esmena {n}")),
                actor_id: Set(None),
                created_at: Set(t + n as i64),
                read_at: Set(None),
                ..Default::default()
            })
            .collect(),
    )
    .await;
    let first = app::views::notifications::list(&db, someone.id, 1)
        .await
        .unwrap();
    assert_eq!(first.items.len() as u64, NOTIFICATIONS_PER_PAGE);
    assert_eq!(
        (first.pages.pages, first.pages.total),
        (2, NOTIFICATIONS_PER_PAGE + extra)
    );
    // Newest first.
    assert_eq!(
        first.items[0].detail,
        format!("Esmena {}", NOTIFICATIONS_PER_PAGE + extra - 1)
    );
    let second = app::views::notifications::list(&db, someone.id, 2)
        .await
        .unwrap();
    assert_eq!(second.items.len() as u64, extra);
    assert_eq!(second.items.last().unwrap().detail, "Esmena 0");
});
