//! Demo content for a newcomer's first run (`redacta serve --demo`): a small program and
//! one account per role, with a password everyone knows. Only created on an empty database
//! and only on that explicit request; a plain `redacta serve` never creates an account.

use app::domain::phase::{Phase, Schedule};
use app::domain::role::Role;
use app::entities::{program, user};
use app::error::AppError;
use app::services::lookup;
use app::services::meetings;
use app::services::{accounts, clock::now, program_files};
use app::web::state::AppState;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

pub const DEMO_PASSWORD: &str = "redacta-demo";
pub const DEMO_TITLE: &str = "Programa municipal Barcelona 2027";
const DEMO_PROGRAM: &str = include_str!("demo_program.md");
const PRIORITIES_TITLE: &str = "Prioritats del primer any";
const PRIORITIES: &str = "Quines mesures ha de començar el nou govern municipal?\n\n\
    # Prioritats\n\nEl primer pressupost pot finançar dues de les cinc mesures en votació.\n";
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    (
        "coordinator@demo.redacta.test",
        "Clara Coordinadora",
        Role::Coordinator,
    ),
    (
        "facilitator@demo.redacta.test",
        "Ferran Facilitador",
        Role::Facilitator,
    ),
    ("resident@demo.redacta.test", "Rita Veïna", Role::Resident),
];

/// Seeds when the database has no account and no program. Returns whether it seeded.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, AppError> {
    let users = user::Entity::find().count(&state.db).await?;
    let programs = program::Entity::find().count(&state.db).await?;
    if users > 0 || programs > 0 {
        return Ok(false);
    }
    let mut people = Vec::new();
    for (email, name, role) in DEMO_ACCOUNTS {
        people.push(accounts::create_user(state, email, name, DEMO_PASSWORD, role).await?);
    }
    let coordinator = people.first().map(|u| u.id);
    let imported = program_files::import(&state.db, coordinator, DEMO_TITLE, DEMO_PROGRAM)
        .await
        .map_err(|e| {
            tracing::error!(error = %app::error::cause_chain(&e), "demo program import failed");
            AppError::Internal
        })?;
    let mut active: program::ActiveModel = imported.into();
    active.summary = Set(
        "A demo program written together by residents, district assemblies and \
        thematic assemblies: housing and mobility. Read it, propose amendments, and vote on the \
        ones that compete."
            .to_string(),
    );
    active.published_at = Set(Some(now()));
    let program = active.update(&state.db).await?;
    let t = now();
    let day = 86_400;
    app::services::phases::write(
        &state.db,
        program.id,
        &Schedule(vec![
            (Phase::Amendments, t - 7 * day),
            (Phase::Deliberation, t + 14 * day),
            (Phase::Voting, t + 21 * day),
            (Phase::Closed, t + 35 * day),
        ]),
    )
    .await?;
    if let [clara, ferran, rita] = people.as_slice() {
        demo_amendments(state, &program, clara, ferran, rita).await?;
        demo_vote(state, &program, clara, ferran).await?;
        demo_assemblies(state, &program, clara, ferran, rita).await?;
    }
    Ok(true)
}

/// An open vote on the priorities of the first year, with two ballots already cast, so a
/// newcomer can rank, review, cast and check a receipt.
async fn demo_vote(
    state: &AppState,
    program: &program::Model,
    clara: &user::Model,
    ferran: &user::Model,
) -> Result<(), AppError> {
    use app::services::polls::{self, NewPoll};
    let t = now();
    // The priorities are voted in a small program of their own, already in its voting
    // phase, while the main program still takes amendments.
    let budget = program_files::import(&state.db, Some(clara.id), PRIORITIES_TITLE, PRIORITIES)
        .await
        .map_err(|e| {
            tracing::error!(error = %app::error::cause_chain(&e), "demo priorities import failed");
            AppError::Internal
        })?;
    let mut active: program::ActiveModel = budget.into();
    active.summary = Set(format!(
        "What the first year's budget pays for first. Read together with \"{}\".",
        program.title
    ));
    active.published_at = Set(Some(t));
    let budget = active.update(&state.db).await?;
    app::services::phases::write(
        &state.db,
        budget.id,
        &Schedule(vec![
            (Phase::Voting, t - 86_400),
            (Phase::Closed, t + 30 * 86_400),
        ]),
    )
    .await?;
    let created = polls::create(
        &state.db,
        ferran,
        NewPoll {
            program_slug: &budget.slug,
            kind: "measures",
            title: "Priorities for the first year",
            description: "Which measures should the new council start with? Rank them; \
                the two chosen by STV go into the first year's budget.",
            amendments: &[],
            measures: "8,000 public homes\nNo eviction without an alternative\n\
                Superblocks in every district\nA bus in every neighbourhood\n\
                Tenants' unions at the housing table",
            method: "stv-meek",
            seats: 2,
            choose: None,
            tie: "lot",
            eligibility: "residents",
            assemblies: &[],
            roll: None,
            opens_at: t,
            closes_at: t + 29 * 86_400,
            min_voters: app::domain::poll::MIN_VOTERS_DEFAULT,
        },
    )
    .await?;
    polls::cast(&state.db, clara, created.id, "1>2>5").await?;
    polls::cast(&state.db, ferran, created.id, "4>1=3").await?;
    // One ballot of several questions, each its own form, as Barcelona chose its first
    // priorities ("3 priority measures from each block").
    let blocks = polls::create(
        &state.db,
        ferran,
        NewPoll {
            program_slug: &budget.slug,
            kind: "measures",
            title: "The first year, block by block",
            description: "Choose up to two priorities in each block, say yes or no to the \
                motion, and score the parks plan. You may leave a question blank.",
            amendments: &[],
            measures: "# Housing [approval 2]\nBuy empty flats for public rent\n\
                A tenants' office in every district\nCooperative housing on public land\n\
                # Mobility [approval 2]\nFree buses for under-16s\nSafe routes to every school\n\
                Night buses every 20 minutes\n\
                # Motion [yes-no]\nPublish every council contract online\n\
                # Parks plan [score]\nA park within 5 minutes of every home\nShade in every playground",
            method: "approval",
            seats: 1,
            choose: None,
            tie: "lot",
            eligibility: "residents",
            assemblies: &[],
            roll: None,
            opens_at: t,
            closes_at: t + 29 * 86_400,
            min_voters: app::domain::poll::MIN_VOTERS_DEFAULT,
        },
    )
    .await?;
    polls::cast(&state.db, clara, blocks.id, "1,3|5|7:y|8:4").await?;
    demo_roll(state, &budget, clara, ferran).await
}

/// The demo roll: the members' list of the Gràcia assembly (made-up identifiers; the first
/// two are told on start so a newcomer can verify), and a vote open only to it.
pub const DEMO_ROLL: &str = "# Gràcia members (demo): identifier, birth date\n\
    12345678Z,07/03/1990\nX1234567L,15/06/1985\n87654321X,01/01/1970\n\
    11111111H,29/02/1996\n22222222J,12/10/1959\n33333333P,30/04/2003\n";
/// The demo roll's entries told on start (one per browser-test project).
pub const DEMO_ROLL_PEOPLE: [(&str, &str); 2] =
    [("12345678Z", "07/03/1990"), ("X1234567L", "15/06/1985")];

async fn demo_roll(
    state: &AppState,
    budget: &program::Model,
    clara: &user::Model,
    ferran: &user::Model,
) -> Result<(), AppError> {
    use app::services::polls::{self, NewPoll};
    // No roll key (PostgreSQL without a key file): the demo goes without its roll.
    if state.config.roll_key.is_none() {
        return Ok(());
    }
    let mut import = app::services::rolls::Importer::begin(
        &state.db,
        state.config.roll_key.as_ref(),
        clara,
        "Gràcia members' list",
        "birth-date",
        "",
    )
    .await?;
    import.feed(&state.db, DEMO_ROLL.as_bytes()).await?;
    let (roll, _) = import.finish(&state.db).await?;
    let t = now();
    polls::create(
        &state.db,
        ferran,
        NewPoll {
            program_slug: &budget.slug,
            kind: "measures",
            title: "Which square gets the new fountain?",
            description: "Open to the members on the Gràcia assembly's list: verify yourself \
                on it once with your identifier and birth date, then rank the squares.",
            amendments: &[],
            measures: "Plaça del Sol\nPlaça de la Virreina\nPlaça de la Revolució",
            method: "schulze",
            seats: 1,
            choose: None,
            tie: "lot",
            eligibility: "roll",
            assemblies: &[],
            roll: Some(roll.id),
            opens_at: t,
            closes_at: t + 29 * 86_400,
            min_voters: app::domain::poll::MIN_VOTERS_DEFAULT,
        },
    )
    .await?;
    Ok(())
}

/// A few amendments on the first measure: two competing for the same figure, one on
/// another passage, with a support, so the section page shows what Redacta does.
async fn demo_amendments(
    state: &AppState,
    program: &program::Model,
    clara: &user::Model,
    ferran: &user::Model,
    rita: &user::Model,
) -> Result<(), AppError> {
    use app::entities::section;
    use app::services::amendments::{self, Proposal};
    use sea_orm::{ColumnTrait, QueryFilter};
    let Some(measure) = section::Entity::find()
        .filter(section::Column::ProgramId.eq(program.id))
        .filter(section::Column::Level.eq(3))
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let text = lookup::revision_text(&state.db, measure.id, measure.head_number).await?;
    let proposals = [
        (
            rita,
            "10.000 habitatges",
            text.replacen("**8,000**", "**10,000**", 1),
            "The waiting list for public housing already has more than 8,000 families.",
        ),
        (
            ferran,
            "9.000 habitatges, amb el mateix pressupost",
            text.replacen("**8,000**", "**9,000**", 1),
            "The district assembly of Sants proposed a figure the budget can carry.",
        ),
        (
            rita,
            "Amb les cooperatives i els sindicats de llogateres",
            text.replacen(
                "with cooperatives",
                "with housing cooperatives and tenants' unions",
                1,
            ),
            "",
        ),
    ];
    let mut first = None;
    for (author, title, proposed, why) in proposals {
        let created = amendments::create(
            &state.db,
            author,
            measure.id,
            Proposal {
                title,
                text: &proposed,
                justification: why,
                base_number: measure.head_number,
                passage: None,
            },
        )
        .await?;
        amendments::publish(&state.db, author, created.id).await?;
        first.get_or_insert(created.id);
    }
    if let Some(id) = first {
        amendments::support(&state.db, clara, id).await?;
        amendments::support(&state.db, ferran, id).await?;
    }
    Ok(())
}

/// Two assemblies: Gràcia (territorial, facilitated by Ferran, Rita a member) with a meeting
/// held last week — attendance, minutes, an in-room count and priorities recorded — and one
/// next week with an agenda; and a thematic assembly on housing.
async fn demo_assemblies(
    state: &AppState,
    program: &program::Model,
    clara: &user::Model,
    ferran: &user::Model,
    rita: &user::Model,
) -> Result<(), AppError> {
    use app::domain::time::datetime_value;
    use app::entities::{amendment, section};
    use app::services::assemblies::{self};
    use app::services::meetings::MeetingInput;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let db = &state.db;
    let gracia = assemblies::create(
        db,
        clara,
        "Gràcia",
        "territorial",
        "The open assembly of the Gràcia district. We meet every two weeks at the \
        Casal de Barri and online; anyone who lives or works in Gràcia is welcome.",
    )
    .await?;
    assemblies::create(
        db,
        clara,
        "Habitatge",
        "thematic",
        "The housing axis of the program: public housing, rents, evictions.",
    )
    .await?;
    assemblies::set_facilitator(db, clara, gracia.id, &ferran.email, true).await?;
    assemblies::set_membership(db, rita, gracia.id, true).await?;
    let measure = section::Entity::find()
        .filter(section::Column::ProgramId.eq(program.id))
        .filter(section::Column::Level.eq(3))
        .one(db)
        .await?;
    let first_amendment = amendment::Entity::find()
        .filter(amendment::Column::ProgramId.eq(program.id))
        .order_by_asc(amendment::Column::Id)
        .one(db)
        .await?;
    let mut agenda = Vec::new();
    if let Some(m) = &measure {
        agenda.push(format!("s{}", m.id));
    }
    if let Some(a) = &first_amendment {
        agenda.push(format!("a{}", a.id));
    }
    let day = 86_400;
    let today = now() / day * day;
    let held = meetings::create_meeting(
        db,
        ferran,
        gracia.id,
        MeetingInput {
            title: "Assemblea oberta d'habitatge",
            starts_at: &datetime_value(today - 7 * day + 18 * 3600),
            ends_at: &datetime_value(today - 7 * day + 20 * 3600),
            place: "Casal de Barri de Gràcia, carrer de la Providència 42",
            online_url: "",
            description: "How many public homes should the program promise?",
            capacity: "",
            agenda: &agenda,
        },
    )
    .await?;
    meetings::set_registration_at(db, rita, held.id).await?;
    meetings::record(
        db,
        ferran,
        held.id,
        &[rita.id],
        "37",
        "38 people attended. The room discussed the number of public homes \
        and voted on the 10,000 homes amendment.\n\n- Next meeting: mobility.",
    )
    .await?;
    if let Some(a) = &first_amendment {
        meetings::room_vote(db, ferran, held.id, a.id, ("29", "6", "3")).await?;
    }
    meetings::set_priorities(
        db,
        ferran,
        held.id,
        "Public housing on every vacant municipal plot\nRent index enforced by the city\nA housing office in every district",
    )
    .await?;
    meetings::create_meeting(
        db,
        ferran,
        gracia.id,
        MeetingInput {
            title: "Assemblea de mobilitat",
            starts_at: &datetime_value(today + 7 * day + 18 * 3600),
            ends_at: &datetime_value(today + 7 * day + 20 * 3600),
            place: "Casal de Barri de Gràcia",
            online_url: "https://meet.example.org/gracia",
            description: "Buses, bike lanes and superblocks.",
            capacity: "80",
            agenda: &agenda,
        },
    )
    .await?;
    Ok(())
}
