#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A section's amendments are listed a page at a time (issue 14): open ones by default,
//! decided and withdrawn ones behind a filter, shuffled per visitor unless another order is
//! asked for; the page never grows with the number of amendments.

use crate::both_backends;
use crate::helpers::*;
use app::domain::ids::SectionId;
use app::domain::listing::{Order, Show, AMENDMENTS_PER_PAGE};
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::services::amendments;
use app::views::sections::{page_listing, ListQuery};
use std::collections::BTreeSet;

both_backends!(
    a_busy_section_lists_one_page_at_a_time,
    |backend| async move {
        let (app, _, section) =
            app_with_program(backend, "# U\n\nText original.\n", Phase::Amendments).await;
        let db = app.state().db.clone();
        let section = SectionId(section);
        let author = account(&app, "author@example.org", Role::Resident).await;
        let total = AMENDMENTS_PER_PAGE * 2 + 5;
        let mut withdrawn = BTreeSet::new();
        for n in 0..total {
            let draft_id = published_amendment(
                &db,
                &author,
                section,
                &format!("Canvi {n}"),
                &format!("Text canviat {n}."),
            )
            .await;
            if n % 9 == 0 {
                amendments::withdraw(&db, &author, draft_id, "Ja no cal.")
                    .await
                    .unwrap();
                withdrawn.insert(draft_id.0);
            }
        }
        let open = total - withdrawn.len();
        let list = |show, order, page| ListQuery {
            show,
            order,
            page,
            ..Default::default()
        };

        // Open ones by default, one page; every open amendment on exactly one page.
        let first = page_listing(&db, section, None, ListQuery::default())
            .await
            .unwrap();
        assert_eq!(first.amendments.len(), AMENDMENTS_PER_PAGE);
        assert_eq!(first.open_count as usize, open);
        // They all change the one passage: one competing group, a few named, all counted.
        assert_eq!(first.groups.len(), 1);
        assert_eq!(
            first.groups[0].members.len(),
            app::views::sections::GROUP_MEMBERS_SHOWN
        );
        assert_eq!(first.groups[0].member_ids.len(), open);
        assert_eq!(first.closed_count as usize, withdrawn.len());
        assert_eq!(
            first.list_pages as usize,
            open.div_ceil(AMENDMENTS_PER_PAGE)
        );
        let mut seen = BTreeSet::new();
        for p in 1..=first.list_pages {
            let page = page_listing(&db, section, None, list(Show::Open, Order::Shuffled, p))
                .await
                .unwrap();
            assert!(page.amendments.len() <= AMENDMENTS_PER_PAGE);
            for a in page.amendments {
                assert!(seen.insert(a.id.0), "listed twice");
                assert!(
                    !withdrawn.contains(&a.id.0),
                    "a withdrawn one among the open"
                );
            }
        }
        assert_eq!(seen.len(), open);

        // Shuffled, not in the order of writing; the same order on every reload.
        let ids = |p: &app::views::sections::SectionDetail| {
            p.amendments.iter().map(|a| a.id.0).collect::<Vec<_>>()
        };
        let again = page_listing(&db, section, None, ListQuery::default())
            .await
            .unwrap();
        assert_eq!(ids(&first), ids(&again));
        let newest = page_listing(&db, section, None, list(Show::Open, Order::Newest, 1))
            .await
            .unwrap();
        assert_ne!(ids(&first), ids(&newest));
        assert!(ids(&newest).windows(2).all(|w| w[0] > w[1]), "newest first");

        // Withdrawn ones behind the filter; all of them under "all".
        let closed = page_listing(&db, section, None, list(Show::Closed, Order::Newest, 1))
            .await
            .unwrap();
        let closed_ids: BTreeSet<i32> = closed.amendments.iter().map(|a| a.id.0).collect();
        assert_eq!(closed_ids, withdrawn);
        let all = page_listing(&db, section, None, list(Show::All, Order::Changed, 99))
            .await
            .unwrap();
        assert_eq!(
            all.list.page, all.list_pages,
            "past the end reads as the last page"
        );

        // The page as a browser gets it: one page of cards, and links to the others.
        let html = page_html(&app, &format!("/sections/{}", section.0)).await;
        let list_html = html
            .split("class=\"amendment-list\"")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .unwrap();
        assert_eq!(
            list_html.matches("<li class=\"card\"").count(),
            AMENDMENTS_PER_PAGE
        );
        assert!(html.contains("apage=2"), "a link to the next page");
        let second = page_html(
            &app,
            &format!("/sections/{}?show=closed&order=newest", section.0),
        )
        .await;
        for id in &withdrawn {
            assert!(second.contains(&format!("href=\"/amendments/{id}\"")));
        }
    }
);

both_backends!(
    a_diff_shows_words_not_markdown_markers,
    |backend| async move {
        let (app, _, section) = app_with_program(
            backend,
            "# U\n\nUn parc de **500** habitatges.\n",
            Phase::Amendments,
        )
        .await;
        let db = app.state().db.clone();
        let author = account(&app, "author@example.org", Role::Resident).await;
        let draft_id = published_amendment(
            &db,
            &author,
            SectionId(section),
            "Més habitatges",
            "Un parc de **800** habitatges *públics*.",
        )
        .await;
        let html = page_html(&app, &format!("/amendments/{}", draft_id)).await;
        let diff = html
            .split("class=\"diff inline-diff\"")
            .nth(1)
            .and_then(|rest| rest.split("</div>").next())
            .unwrap();
        assert!(diff.contains("800") && diff.contains("públics"), "{diff}");
        assert!(
            !diff.contains("**") && !diff.contains('*'),
            "markers shown: {diff}"
        );
    }
);

both_backends!(the_vote_list_is_paged, |backend| async move {
    use app::views::votes::VOTES_PER_PAGE;
    let (app, program, _) = app_with_program(
        backend,
        "# U

Text.
",
        Phase::Voting,
    )
    .await;
    let db = app.state().db.clone();
    let coordinator = account(&app, "coord@example.org", Role::Coordinator).await;
    let t = app::services::clock::now();
    let total = VOTES_PER_PAGE + 3;
    for n in 0..total {
        // The first few are still to open: open ones are listed first.
        let opens = if n < 3 { t + 3600 } else { t - 10 };
        app::services::polls::create(&db, &coordinator, measures_vote(&program.slug, opens))
            .await
            .unwrap();
    }
    let first = app::views::votes::list(&db, None, 1).await.unwrap();
    assert_eq!(first.votes.len(), VOTES_PER_PAGE);
    assert_eq!(first.pages, 2);
    assert!(first
        .votes
        .iter()
        .all(|v| v.phase == app::domain::poll::Phase::Open));
    let second = app::views::votes::list(&db, None, 2).await.unwrap();
    assert_eq!(second.votes.len(), 3);
    assert!(second
        .votes
        .iter()
        .all(|v| v.phase == app::domain::poll::Phase::Scheduled));
    let html = page_html(&app, "/votes").await;
    assert_eq!(html.matches("href=\"/votes/").count(), VOTES_PER_PAGE);
    assert!(html.contains("href=\"/votes?page=2\""));
});

both_backends!(the_list_filters_by_whose_amendments, |backend| async move {
    use app::domain::listing::Who;
    let (app, _, section) =
        app_with_program(backend, "# U\n\nText original.\n", Phase::Amendments).await;
    let db = app.state().db.clone();
    let section = SectionId(section);
    let anna = account(&app, "anna@example.org", Role::Resident).await;
    let bernat = account(&app, "bernat@example.org", Role::Resident).await;
    let by = |n: usize| if n.is_multiple_of(3) { &anna } else { &bernat };
    let mut ids = Vec::new();
    for n in 0..9 {
        let author = by(n);
        let draft_id = published_amendment(
            &db,
            author,
            section,
            &format!("Canvi {n}"),
            &format!("Text canviat {n}."),
        )
        .await;
        ids.push(draft_id);
    }
    // Anna supports two of Bernat's.
    amendments::support(&db, &anna, ids[1]).await.unwrap();
    amendments::support(&db, &anna, ids[2]).await.unwrap();
    let listed = |who, viewer: Option<&app::entities::user::Model>| {
        let db = db.clone();
        let viewer = viewer.cloned();
        async move {
            let q = ListQuery {
                who,
                ..Default::default()
            };
            let page = page_listing(&db, section, viewer.as_ref(), q)
                .await
                .unwrap();
            let mut ids: Vec<i32> = page.amendments.iter().map(|a| a.id.0).collect();
            ids.sort();
            (ids, page.open_count)
        }
    };
    let anna_ids: Vec<i32> = vec![ids[0].0, ids[3].0, ids[6].0];
    assert_eq!(listed(Who::Everyone, None).await.1, 9);
    assert_eq!(listed(Who::Mine, Some(&anna)).await, (anna_ids.clone(), 3));
    assert_eq!(listed(Who::Author(anna.id.0), None).await.0, anna_ids);
    assert_eq!(
        listed(Who::Supported, Some(&anna)).await.0,
        vec![ids[1].0, ids[2].0]
    );
    // "Mine" and "I support" mean nothing without an account: nothing listed.
    assert_eq!(listed(Who::Mine, None).await.1, 0);
    assert_eq!(listed(Who::Supported, None).await.1, 0);
    assert_eq!(listed(Who::Assembly(999), None).await.1, 0);
    // The page links keep the filter.
    let html = page_html(&app, &format!("/sections/{section}?who=author-{}", anna.id)).await;
    assert!(
        html.contains(&format!("who=author-{}&amp;apage=1", anna.id))
            || html.contains(&format!("who=author-{}&apage=1", anna.id)),
        "filter not kept in links"
    );
    assert_eq!(html.matches("class=\"card\"").count(), 3);
});

both_backends!(
    a_program_lists_its_amendments_by_chapter,
    |backend| async move {
        use app::domain::listing::{Show, Who};
        let (app, program, first) = app_with_program(
            backend,
            "# Habitatge\n\nText u.\n\n## Lloguer\n\nText dos.\n\n# Mobilitat\n\nText tres.\n",
            Phase::Amendments,
        )
        .await;
        let db = app.state().db.clone();
        let author = account(&app, "author@example.org", Role::Resident).await;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let sections: Vec<SectionId> = app::entities::section::Entity::find()
            .filter(app::entities::section::Column::ProgramId.eq(program.id))
            .order_by_asc(app::entities::section::Column::Position)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(sections[0], SectionId(first));
        let texts = [
            "Text u canviat.\n",
            "Text dos canviat.\n",
            "Text tres canviat.\n",
        ];
        for (n, (s, text)) in sections.iter().zip(texts).enumerate() {
            for k in 0..2 {
                published_amendment(&db, &author, *s, &format!("Canvi {n}.{k}"), text).await;
            }
        }
        let list = |section| {
            let db = db.clone();
            let slug = program.slug.clone();
            async move {
                app::views::programs::amendments(&db, &slug, None, section, ListQuery::default())
                    .await
                    .unwrap()
            }
        };
        assert_eq!(list(None).await.open_count, 6);
        // A chapter takes its subsections with it; a section alone is itself.
        assert_eq!(list(Some(sections[0])).await.open_count, 4);
        assert_eq!(list(Some(sections[1])).await.open_count, 2);
        let mobility = list(Some(sections[2])).await;
        assert_eq!(mobility.open_count, 2);
        assert!(mobility
            .amendments
            .iter()
            .all(|(a, title)| a.section_id == sections[2] && title == "Mobilitat"));
        // Another program's section is not found; filters combine.
        assert!(app::views::programs::amendments(
            &db,
            &program.slug,
            None,
            Some(SectionId(9999)),
            ListQuery::default()
        )
        .await
        .is_err());
        let mine = app::views::programs::amendments(
            &db,
            &program.slug,
            Some(&author),
            None,
            ListQuery {
                who: Who::Mine,
                show: Show::Closed,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!((mine.open_count, mine.amendments.len()), (6, 0));
        let html = page_html(
            &app,
            &format!(
                "/programs/{}/amendments?section={}",
                program.slug, sections[2]
            ),
        )
        .await;
        assert_eq!(html.matches("class=\"card\"").count(), 2);
        assert!(html.contains("Chapter or section"));
    }
);
