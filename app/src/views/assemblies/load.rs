use crate::domain::amendment::AmendmentStatus;
use crate::domain::assembly::{AgendaRef, AssemblyKind, OutcomeKind};
use crate::domain::ids::{AmendmentId, AssemblyId, MeetingId, ProgramId, SectionId};
use crate::domain::policy::{self, MeetingAction, MeetingFacts};
use crate::entities::{
    amendment, assembly, assembly_member, meeting, meeting_agenda, meeting_outcome,
    meeting_registration, program, section, user,
};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::amendments::{self};
use crate::services::assemblies::require_facilitator;
use crate::services::assemblies::subject;
use crate::services::clock::now;
use crate::services::lookup;
use crate::services::lookup::amendment_visible;
use crate::services::lookup::assembly_by_id;
use crate::services::lookup::assembly_by_slug;
use crate::services::lookup::display_names;
use crate::services::lookup::facilitates;
use crate::services::lookup::meeting_by_id;
use crate::services::meetings::meeting_subject;
use crate::views::amendments::AmendmentLink;
use crate::views::assemblies::MeetingLink;
use crate::views::assemblies::*;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};

fn kind_of(a: &assembly::Model) -> AssemblyKind {
    a.kind
}

/// Member counts of `ids`.
async fn member_counts(
    db: &impl ConnectionTrait,
    ids: &[AssemblyId],
) -> Result<HashMap<AssemblyId, u64>, AppError> {
    let rows: Vec<(AssemblyId, i64)> = assembly_member::Entity::find()
        .select_only()
        .column(assembly_member::Column::AssemblyId)
        .column_as(assembly_member::Column::Id.count(), "n")
        .filter(assembly_member::Column::AssemblyId.is_in(ids.to_vec()))
        .group_by(assembly_member::Column::AssemblyId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(a, n)| (a, n as u64)).collect())
}

/// One page of the assemblies, territorial first, by name; each with its counts, its
/// facilitators and its next meeting.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    page: u64,
) -> Result<AssemblyList, AppError> {
    let total = assembly::Entity::find().count(db).await?;
    let (pages, offset) = crate::views::PageInfo::of(total, page, ASSEMBLIES_PER_PAGE);
    // "territorial" sorts before "thematic".
    let all = assembly::Entity::find()
        .order_by_asc(assembly::Column::Kind)
        .order_by_asc(assembly::Column::Name)
        .order_by_asc(assembly::Column::Id)
        .offset(offset)
        .limit(ASSEMBLIES_PER_PAGE)
        .all(db)
        .await?;
    let ids: Vec<AssemblyId> = all.iter().map(|a| a.id).collect();
    let members = member_counts(db, &ids).await?;
    let facilitator_rows = assembly_member::Entity::find()
        .filter(assembly_member::Column::Facilitator.eq(true))
        .filter(assembly_member::Column::AssemblyId.is_in(ids.clone()))
        .all(db)
        .await?;
    let names = display_names(db, facilitator_rows.iter().map(|r| r.user_id)).await?;
    let mut facilitators: HashMap<AssemblyId, Vec<String>> = HashMap::new();
    for r in &facilitator_rows {
        if let Some(n) = names.get(&r.user_id) {
            facilitators
                .entry(r.assembly_id)
                .or_default()
                .push(n.clone());
        }
    }
    // The next meeting of each: the earliest start among those not over, then those
    // meetings (a handful of rows whatever the calendar holds).
    let t = now();
    let soonest: Vec<(AssemblyId, i64)> = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::AssemblyId)
        .column_as(meeting::Column::StartsAt.min(), "starts")
        .filter(meeting::Column::EndsAt.gte(t))
        .filter(meeting::Column::AssemblyId.is_in(ids.clone()))
        .group_by(meeting::Column::AssemblyId)
        .into_tuple()
        .all(db)
        .await?;
    let mut next: HashMap<AssemblyId, MeetingLink> = HashMap::new();
    if !soonest.is_empty() {
        for m in meeting::Entity::find()
            .filter(meeting::Column::EndsAt.gte(t))
            .filter(
                meeting::Column::AssemblyId
                    .is_in(soonest.iter().map(|(a, _)| *a).collect::<Vec<_>>()),
            )
            .filter(
                meeting::Column::StartsAt
                    .is_in(soonest.iter().map(|(_, s)| *s).collect::<Vec<_>>()),
            )
            .order_by_asc(meeting::Column::StartsAt)
            .order_by_asc(meeting::Column::Id)
            .all(db)
            .await?
        {
            let first = soonest
                .iter()
                .any(|(a, s)| *a == m.assembly_id && *s == m.starts_at);
            if first {
                next.entry(m.assembly_id).or_insert(MeetingLink {
                    id: m.id,
                    title: m.title,
                    starts_at: m.starts_at,
                });
            }
        }
    }
    let amendment_rows: Vec<(Option<AssemblyId>, i64)> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::AssemblyId)
        .column_as(amendment::Column::Id.count(), "n")
        .filter(amendment::Column::AssemblyId.is_in(ids.clone()))
        .group_by(amendment::Column::AssemblyId)
        .into_tuple()
        .all(db)
        .await?;
    let produced: HashMap<AssemblyId, u64> = amendment_rows
        .into_iter()
        .filter_map(|(a, n)| a.map(|a| (a, n as u64)))
        .collect();
    let joined: HashSet<AssemblyId> = match viewer {
        Some(v) => assembly_member::Entity::find()
            .filter(assembly_member::Column::UserId.eq(v.id))
            .filter(assembly_member::Column::AssemblyId.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.assembly_id)
            .collect(),
        None => HashSet::new(),
    };
    let assemblies = all
        .into_iter()
        .map(|a| AssemblyCard {
            id: a.id,
            kind: kind_of(&a),
            members: members.get(&a.id).copied().unwrap_or(0),
            facilitators: facilitators.remove(&a.id).unwrap_or_default(),
            next_meeting: next.remove(&a.id),
            amendments: produced.get(&a.id).copied().unwrap_or(0),
            joined: joined.contains(&a.id),
            slug: a.slug,
            name: a.name,
        })
        .collect();
    Ok(AssemblyList { assemblies, pages })
}

async fn registration_counts(
    db: &impl ConnectionTrait,
    meeting_ids: &[MeetingId],
) -> Result<HashMap<MeetingId, u64>, AppError> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(MeetingId, i64)> = meeting_registration::Entity::find()
        .select_only()
        .column(meeting_registration::Column::MeetingId)
        .column_as(meeting_registration::Column::Id.count(), "n")
        .filter(meeting_registration::Column::MeetingId.is_in(meeting_ids.to_vec()))
        .group_by(meeting_registration::Column::MeetingId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(m, n)| (m, n as u64)).collect())
}

/// One assembly's page.
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    slug: &str,
    asked: AssemblyPages,
) -> Result<AssemblyDetail, AppError> {
    let a = assembly_by_slug(db, slug).await?;
    let rows = assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(a.id))
        .filter(assembly_member::Column::Facilitator.eq(true))
        .all(db)
        .await?;
    let names = display_names(db, rows.iter().map(|r| r.user_id)).await?;
    let mut facilitators: Vec<crate::views::Link<crate::domain::ids::UserId>> = rows
        .iter()
        .filter_map(|r| {
            names
                .get(&r.user_id)
                .map(|n| crate::views::Link::new(r.user_id, n.clone()))
        })
        .collect();
    facilitators.sort_by(|x, y| x.title.cmp(&y.title));
    let members = assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(a.id))
        .count(db)
        .await?;
    let joined = match viewer {
        Some(v) => {
            assembly_member::Entity::find()
                .filter(assembly_member::Column::AssemblyId.eq(a.id))
                .filter(assembly_member::Column::UserId.eq(v.id))
                .count(db)
                .await?
                > 0
        }
        None => false,
    };
    let can_facilitate = match viewer {
        Some(v) => facilitates(db, v, a.id).await?,
        None => false,
    };
    // Each list a page at a time: meetings to come (soonest first), meetings held
    // (latest first), amendments adopted (newest first).
    let t = now();
    let of_assembly = || meeting::Entity::find().filter(meeting::Column::AssemblyId.eq(a.id));
    let upcoming_total = of_assembly()
        .filter(meeting::Column::EndsAt.gte(t))
        .count(db)
        .await?;
    let (upcoming_pages, offset) =
        crate::views::PageInfo::of(upcoming_total, asked.upcoming, MEETINGS_PER_PAGE);
    let upcoming = of_assembly()
        .filter(meeting::Column::EndsAt.gte(t))
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Id)
        .offset(offset)
        .limit(MEETINGS_PER_PAGE)
        .all(db)
        .await?;
    let past_total = of_assembly()
        .filter(meeting::Column::EndsAt.lt(t))
        .count(db)
        .await?;
    let (past_pages, offset) =
        crate::views::PageInfo::of(past_total, asked.past, MEETINGS_PER_PAGE);
    let past = of_assembly()
        .filter(meeting::Column::EndsAt.lt(t))
        .order_by_desc(meeting::Column::StartsAt)
        .order_by_desc(meeting::Column::Id)
        .offset(offset)
        .limit(MEETINGS_PER_PAGE)
        .all(db)
        .await?;
    let ids: Vec<MeetingId> = upcoming.iter().chain(&past).map(|m| m.id).collect();
    let counts = registration_counts(db, &ids).await?;
    let card = |m: meeting::Model| MeetingCard {
        id: m.id,
        registered: counts.get(&m.id).copied().unwrap_or(0),
        online: !m.online_url.is_empty(),
        recorded: m.recorded_at.is_some(),
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place,
        capacity: m.capacity,
    };
    let upcoming: Vec<MeetingCard> = upcoming.into_iter().map(card).collect();
    let past: Vec<MeetingCard> = past.into_iter().map(card).collect();
    // Public amendments, and the viewer's own drafts.
    let visible = {
        let mut c = sea_orm::Condition::any()
            .add(amendment::Column::Status.ne(AmendmentStatus::Draft.as_str()));
        if let Some(v) = viewer {
            c = c.add(amendment::Column::AuthorId.eq(v.id));
        }
        c
    };
    let adopted_q = || {
        amendment::Entity::find()
            .filter(amendment::Column::AssemblyId.eq(a.id))
            .filter(visible.clone())
    };
    let amendment_total = adopted_q().count(db).await?;
    let (amendment_pages, offset) = crate::views::PageInfo::of(
        amendment_total,
        asked.amendments,
        ASSEMBLY_AMENDMENTS_PER_PAGE,
    );
    let adopted = adopted_q()
        .order_by_desc(amendment::Column::Id)
        .offset(offset)
        .limit(ASSEMBLY_AMENDMENTS_PER_PAGE)
        .all(db)
        .await?;
    let section_titles =
        crate::services::lookup::section_titles(db, adopted.iter().map(|x| x.section_id)).await?;
    let amendments = adopted
        .into_iter()
        .filter(|x| amendment_visible(x, viewer))
        .map(|x| AssemblyAmendment {
            id: x.id,
            status: x.status,
            section_title: section_titles
                .get(&x.section_id)
                .cloned()
                .unwrap_or_default(),
            section_id: x.section_id,
            created_at: x.created_at,
            title: x.title,
        })
        .collect();
    Ok(AssemblyDetail {
        id: a.id,
        kind: kind_of(&a),
        description_html: crate::services::derived::markdown(&a.description)
            .await
            .as_ref()
            .clone(),
        description: a.description,
        facilitators,
        members,
        viewer: viewer.is_some(),
        joined,
        can_facilitate,
        can_manage: viewer.is_some_and(|v| role_of(v).can_manage_programs()),
        upcoming,
        upcoming_pages,
        past,
        past_pages,
        amendments,
        amendment_pages,
        slug: a.slug,
        name: a.name,
    })
}

/// A meeting's page.
pub async fn meeting_page(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    id: MeetingId,
    attendee_page: u64,
) -> Result<MeetingDetail, AppError> {
    let m = meeting_by_id(db, id).await?;
    let a = assembly_by_id(db, m.assembly_id).await?;
    let can_facilitate = match viewer {
        Some(v) => facilitates(db, v, a.id).await?,
        None => false,
    };
    // Counts from the database; the names only for the page of the roll shown.
    let of_meeting = || {
        meeting_registration::Entity::find()
            .filter(meeting_registration::Column::MeetingId.eq(m.id))
    };
    let registered = of_meeting().count(db).await?;
    let attended = of_meeting()
        .filter(meeting_registration::Column::Attended.eq(true))
        .count(db)
        .await?;
    let me_registered = match viewer {
        Some(v) => {
            of_meeting()
                .filter(meeting_registration::Column::UserId.eq(v.id))
                .count(db)
                .await?
                > 0
        }
        None => false,
    };
    let facts = MeetingFacts {
        started: m.starts_at <= now(),
        facilitator: can_facilitate,
        registered: me_registered,
        full: m
            .capacity
            .is_some_and(|cap| registered >= cap.max(0) as u64),
    };
    let may = |action| policy::meeting(viewer.is_some(), &facts, action).is_ok();
    let (attendee_pages, offset) =
        crate::views::PageInfo::of(registered, attendee_page, ATTENDEES_PER_PAGE);
    let attendees = if can_facilitate {
        let rows = of_meeting()
            .order_by_asc(meeting_registration::Column::Id)
            .offset(offset)
            .limit(ATTENDEES_PER_PAGE)
            .all(db)
            .await?;
        let names = display_names(db, rows.iter().map(|r| r.user_id)).await?;
        rows.iter()
            .map(|r| Attendee {
                user_id: r.user_id,
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                attended: r.attended,
            })
            .collect()
    } else {
        Vec::new()
    };
    let agenda = agenda_of(db, m.id).await?;
    let outcomes = outcomes_of(db, m.id, viewer).await?;
    let choices = if can_facilitate {
        agenda_choices(db).await?
    } else {
        Vec::new()
    };
    Ok(MeetingDetail {
        id: m.id,
        assembly_id: a.id,
        assembly_slug: a.slug,
        assembly_name: a.name,
        started: facts.started,
        can_register: may(MeetingAction::Register),
        can_unregister: may(MeetingAction::Unregister),
        can_edit: may(MeetingAction::Edit),
        can_record: may(MeetingAction::Record),
        can_remove: may(MeetingAction::RemoveRoomVote),
        registered,
        viewer: viewer.is_some(),
        me_registered,
        can_facilitate,
        agenda,
        attendees,
        attendee_pages,
        attended,
        guests: m.guests,
        recorded_at: m.recorded_at,
        minutes_html: crate::services::derived::markdown(&m.minutes)
            .await
            .as_ref()
            .clone(),
        minutes: if can_facilitate {
            m.minutes
        } else {
            String::new()
        },
        outcomes,
        choices,
        description_html: crate::services::derived::markdown(&m.description)
            .await
            .as_ref()
            .clone(),
        description: m.description,
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place,
        online_url: m.online_url,
        capacity: m.capacity,
    })
}

async fn agenda_of(
    db: &impl ConnectionTrait,
    meeting_id: MeetingId,
) -> Result<Vec<AgendaItemView>, AppError> {
    let rows = meeting_agenda::Entity::find()
        .filter(meeting_agenda::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_agenda::Column::Position)
        .all(db)
        .await?;
    let amendment_ids: Vec<AmendmentId> = rows.iter().filter_map(|r| r.amendment_id).collect();
    let amendments: HashMap<AmendmentId, amendment::Model> = if amendment_ids.is_empty() {
        HashMap::new()
    } else {
        amendment::Entity::find()
            .filter(amendment::Column::Id.is_in(amendment_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let supports = amendments::support_counts(db, &amendment_ids).await?;
    let section_ids: Vec<SectionId> = rows
        .iter()
        .filter_map(|r| {
            r.section_id.or_else(|| {
                r.amendment_id
                    .and_then(|a| amendments.get(&a).map(|a| a.section_id))
            })
        })
        .collect();
    let sections: HashMap<SectionId, section::Model> = if section_ids.is_empty() {
        HashMap::new()
    } else {
        section::Entity::find()
            .filter(section::Column::Id.is_in(section_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect()
    };
    let program_ids: Vec<ProgramId> = sections.values().map(|s| s.program_id).collect();
    let programs: HashMap<ProgramId, String> = program::Entity::find()
        .filter(program::Column::Id.is_in(program_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.slug))
        .collect();
    let mut out = Vec::new();
    for r in rows {
        let amendment = r.amendment_id.and_then(|id| amendments.get(&id));
        let Some(section_id) = r.section_id.or(amendment.map(|a| a.section_id)) else {
            continue;
        };
        let Some(s) = sections.get(&section_id) else {
            continue;
        };
        out.push(AgendaItemView {
            reference: match amendment {
                Some(a) => AgendaRef::Amendment(a.id).value(),
                None => AgendaRef::Section(s.id).value(),
            },
            section_id: s.id,
            section_title: s.title.clone(),
            program_slug: programs.get(&s.program_id).cloned().unwrap_or_default(),
            amendment: amendment.map(|a| AmendmentLink {
                id: a.id,
                title: a.title.clone(),
                status: a.status,
            }),
            online_supports: amendment
                .and_then(|a| supports.get(&a.id).copied())
                .unwrap_or(0),
        });
    }
    Ok(out)
}

async fn outcomes_of(
    db: &impl ConnectionTrait,
    meeting_id: MeetingId,
    viewer: Option<&user::Model>,
) -> Result<Vec<OutcomeView>, AppError> {
    let rows = meeting_outcome::Entity::find()
        .filter(meeting_outcome::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_outcome::Column::Position)
        .order_by_asc(meeting_outcome::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<AmendmentId> = rows.iter().filter_map(|r| r.amendment_id).collect();
    let found: HashMap<AmendmentId, amendment::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        amendment::Entity::find()
            .filter(amendment::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .filter(|a| amendment_visible(a, viewer))
            .map(|a| (a.id, a))
            .collect()
    };
    let supports = amendments::support_counts(db, &ids).await?;
    let titles =
        crate::services::lookup::section_titles(db, found.values().map(|a| a.section_id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = r.kind;
            let a = r.amendment_id.and_then(|id| found.get(&id));
            if r.amendment_id.is_some() && a.is_none() {
                return None;
            }
            Some(OutcomeView {
                id: r.id,
                kind,
                amendment: a.map(|a| AmendmentLink {
                    id: a.id,
                    title: a.title.clone(),
                    status: a.status,
                }),
                section: a.map(|a| {
                    crate::views::Link::new(
                        a.section_id,
                        titles.get(&a.section_id).cloned().unwrap_or_default(),
                    )
                }),
                online_supports: a.and_then(|a| supports.get(&a.id).copied()).unwrap_or(0),
                text: r.text,
                votes_for: r.votes_for,
                votes_against: r.votes_against,
                votes_abstain: r.votes_abstain,
            })
        })
        .collect())
}

/// Sections of published programs and their open published amendments, for the agenda
/// and in-room vote forms (at most a few thousand entries).
async fn agenda_choices(db: &impl ConnectionTrait) -> Result<Vec<AgendaChoice>, AppError> {
    let programs: Vec<program::Model> = program::Entity::find()
        .filter(program::Column::PublishedAt.is_not_null())
        .order_by_asc(program::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for p in programs {
        let sections = section::Entity::find()
            .filter(section::Column::ProgramId.eq(p.id))
            .order_by_asc(section::Column::Position)
            .all(db)
            .await?;
        let open = amendment::Entity::find()
            .filter(amendment::Column::ProgramId.eq(p.id))
            .filter(amendment::Column::Status.is_in([
                AmendmentStatus::Published.as_str(),
                AmendmentStatus::InVote.as_str(),
                AmendmentStatus::Conflicted.as_str(),
            ]))
            .order_by_asc(amendment::Column::Id)
            .limit(2000)
            .all(db)
            .await?;
        let mut by_section: HashMap<SectionId, Vec<amendment::Model>> = HashMap::new();
        for a in open {
            by_section.entry(a.section_id).or_default().push(a);
        }
        for s in sections {
            out.push(AgendaChoice {
                reference: AgendaRef::Section(s.id).value(),
                label: format!("{} · {}", p.title, s.title),
            });
            for a in by_section.remove(&s.id).unwrap_or_default() {
                if a.published_at.is_none() {
                    continue;
                }
                out.push(AgendaChoice {
                    reference: AgendaRef::Amendment(a.id).value(),
                    label: format!("{} · #{} {}", s.title, a.id, a.title),
                });
            }
        }
    }
    Ok(out)
}

/// The printable pack: the meeting, then each section on the agenda with its current text
/// and the word diffs of the amendments under discussion (those on the agenda, or all the
/// section's open amendments when only the section is listed).
pub async fn pack(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    id: MeetingId,
) -> Result<MeetingPack, AppError> {
    let meeting = meeting_page(db, viewer, id, 1).await?;
    let mut order: Vec<SectionId> = Vec::new();
    let mut chosen: HashMap<SectionId, Vec<AmendmentId>> = HashMap::new();
    let mut whole: HashSet<SectionId> = HashSet::new();
    for item in &meeting.agenda {
        if !order.contains(&item.section_id) {
            order.push(item.section_id);
        }
        match &item.amendment {
            Some(a) => chosen.entry(item.section_id).or_default().push(a.id),
            None => {
                whole.insert(item.section_id);
            }
        }
    }
    let assemblies = assemblies_by_id(db).await?;
    let mut sections = Vec::new();
    for sid in order {
        let Some(s) = section::Entity::find_by_id(sid).one(db).await? else {
            continue;
        };
        let text = lookup::revision_text(db, s.id, s.head_number).await?;
        let mut query = amendment::Entity::find().filter(amendment::Column::SectionId.eq(s.id));
        query = if whole.contains(&s.id) {
            query.filter(amendment::Column::Status.is_in([
                AmendmentStatus::Published.as_str(),
                AmendmentStatus::InVote.as_str(),
                AmendmentStatus::Conflicted.as_str(),
            ]))
        } else {
            query.filter(amendment::Column::Id.is_in(chosen.remove(&s.id).unwrap_or_default()))
        };
        let found: Vec<amendment::Model> = query
            .order_by_asc(amendment::Column::Id)
            .limit(200)
            .all(db)
            .await?
            .into_iter()
            .filter(|a| a.published_at.is_some() && amendment_visible(a, viewer))
            .collect();
        let ids: Vec<AmendmentId> = found.iter().map(|a| a.id).collect();
        let supports = amendments::support_counts(db, &ids).await?;
        let authors = display_names(db, found.iter().map(|a| a.author_id)).await?;
        let mut items = Vec::new();
        for a in found {
            let base = if a.base_number == s.head_number {
                text.clone()
            } else {
                lookup::revision_text(db, s.id, a.base_number).await?
            };
            items.push(PackAmendment {
                id: a.id,
                author: a
                    .assembly_id
                    .and_then(|x| assemblies.get(&x).map(|a| a.name.clone()))
                    .or_else(|| authors.get(&a.author_id).cloned())
                    .unwrap_or_default(),
                supports: supports.get(&a.id).copied().unwrap_or(0),
                diff: crate::services::derived::diff(&base, &a.text)
                    .await?
                    .as_ref()
                    .clone(),
                title: a.title,
            });
        }
        sections.push(PackSection {
            section_id: s.id,
            title: s.title,
            revision: s.head_number,
            body: crate::services::derived::markdown(&text)
                .await
                .as_ref()
                .clone(),
            amendments: items,
        });
    }
    Ok(MeetingPack { meeting, sections })
}

/// The in-room counts recorded on an amendment: (assembly name, meeting id, meeting start,
/// for, against, abstentions), newest first.
pub async fn room_votes_on(
    db: &impl ConnectionTrait,
    amendment_id: AmendmentId,
) -> Result<Vec<RoomVoteView>, AppError> {
    let rows = meeting_outcome::Entity::find()
        .filter(meeting_outcome::Column::AmendmentId.eq(amendment_id))
        .filter(meeting_outcome::Column::Kind.eq(OutcomeKind::RoomVote.as_str()))
        .order_by_desc(meeting_outcome::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let meetings: HashMap<MeetingId, meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(rows.iter().map(|r| r.meeting_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let assemblies = assemblies_by_id(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let m = meetings.get(&r.meeting_id)?;
            let a = assemblies.get(&m.assembly_id)?;
            Some(RoomVoteView {
                assembly: a.name.clone(),
                assembly_slug: a.slug.clone(),
                meeting_id: m.id,
                meeting_title: m.title.clone(),
                held_at: m.starts_at,
                votes_for: r.votes_for,
                votes_against: r.votes_against,
                votes_abstain: r.votes_abstain,
            })
        })
        .collect())
}

/// Every assembly by id (a few dozen rows).
async fn assemblies_by_id(
    db: &impl ConnectionTrait,
) -> Result<HashMap<AssemblyId, assembly::Model>, AppError> {
    Ok(assembly::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

/// The name and address of the assembly that adopted an amendment, if any.
pub async fn author_assembly(
    db: &impl ConnectionTrait,
    a: &amendment::Model,
) -> Result<Option<(String, String)>, AppError> {
    Ok(match a.assembly_id {
        Some(id) => assembly::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|x| (x.slug, x.name)),
        None => None,
    })
}

/// Every event subject that belongs to an assembly (for the audit page's filter): the
/// assembly, its meetings and the amendments it adopted.
pub async fn subjects_of(
    db: &impl ConnectionTrait,
    slug_or_name: &str,
) -> Result<Vec<String>, AppError> {
    let needle = slug_or_name.trim().to_lowercase();
    let found = assembly::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .find(|a| a.slug == needle || a.name.to_lowercase() == needle);
    let Some(a) = found else {
        return Ok(Vec::new());
    };
    let mut out = vec![subject(a.id)];
    let meetings: Vec<MeetingId> = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::Id)
        .filter(meeting::Column::AssemblyId.eq(a.id))
        .into_tuple()
        .all(db)
        .await?;
    out.extend(meetings.into_iter().map(meeting_subject));
    let adopted: Vec<i32> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::Id)
        .filter(amendment::Column::AssemblyId.eq(a.id))
        .into_tuple()
        .all(db)
        .await?;
    out.extend(adopted.into_iter().map(|id| format!("amendment:{id}")));
    Ok(out)
}

/// What the form scheduling a meeting needs (the assembly's facilitators, coordinators).
pub async fn new_meeting_form(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    slug: &str,
) -> Result<MeetingFormData, AppError> {
    let a = assembly_by_slug(db, slug).await?;
    require_facilitator(db, actor, a.id).await?;
    Ok(MeetingFormData {
        assembly_id: a.id,
        assembly_slug: a.slug,
        assembly_name: a.name,
        choices: agenda_choices(db).await?,
        now: now(),
    })
}
