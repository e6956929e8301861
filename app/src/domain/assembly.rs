//! Open assemblies and their meetings: kinds, outcomes, and the validated values a
//! facilitator or coordinator submits. Pure rules, no I/O.

use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const MEETING_TITLE_MAX: usize = 160;
pub const PLACE_MAX: usize = 200;
pub const LINK_MAX: usize = 500;
pub const MINUTES_MAX: usize = 100_000;
pub const CAPACITY_MAX: i32 = 100_000;
/// The largest count a facilitator may enter for one side of an in-room vote, or as the
/// number of guests.
pub const COUNT_MAX: i32 = 100_000;
pub const PRIORITIES_MAX: usize = 30;
pub const PRIORITY_MAX: usize = 300;
pub const AGENDA_MAX: usize = 40;
/// The longest a meeting may last.
pub const MEETING_MAX_SECS: i64 = 24 * 3600;

crate::domain::stored::stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum AssemblyKind {
        /// A district or neighbourhood.
        Territorial,
        /// An axis of the program, such as housing or mobility.
        Thematic,
    }
}

impl AssemblyKind {
    pub const ALL: [AssemblyKind; 2] = [AssemblyKind::Territorial, AssemblyKind::Thematic];

    pub fn as_str(self) -> &'static str {
        match self {
            AssemblyKind::Territorial => "territorial",
            AssemblyKind::Thematic => "thematic",
        }
    }

    pub fn parse(s: &str) -> Option<AssemblyKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

crate::domain::stored::stored_enum! {
    /// What a meeting decided.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum OutcomeKind {
        /// An amendment adopted in the room; it became an ordinary amendment of the assembly.
        Adopted,
        /// The room's count on an existing amendment (never mixed into online supports or ballots).
        RoomVote,
        /// A priority the room ranked.
        Priority,
    }
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 3] = [
        OutcomeKind::Adopted,
        OutcomeKind::RoomVote,
        OutcomeKind::Priority,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Adopted => "adopted",
            OutcomeKind::RoomVote => "room_vote",
            OutcomeKind::Priority => "priority",
        }
    }

    pub fn parse(s: &str) -> Option<OutcomeKind> {
        OutcomeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AssemblyError {
    #[error("the name is empty or too long")]
    Name,
    #[error("an assembly with this name already exists")]
    NameTaken,
    #[error("the description is too long")]
    Description,
    #[error("the kind must be territorial or thematic")]
    Kind,
    #[error("the meeting's title is empty or too long")]
    MeetingTitle,
    #[error("the meeting must end after it starts, on the same day or the next")]
    MeetingTimes,
    #[error("give a place, an online link, or both")]
    NoPlace,
    #[error("the place is too long")]
    Place,
    #[error("the online link must be a full http:// or https:// address")]
    Link,
    #[error("the capacity must be a whole number between 1 and {CAPACITY_MAX}")]
    Capacity,
    #[error("the minutes are too long")]
    Minutes,
    #[error("counts must be whole numbers between 0 and {COUNT_MAX}")]
    Count,
    #[error("an in-room vote needs at least one vote")]
    NoVotes,
    #[error("list between 1 and {PRIORITIES_MAX} priorities of at most {PRIORITY_MAX} characters")]
    Priorities,
    #[error("the agenda can hold up to {AGENDA_MAX} items")]
    AgendaTooLong,
    #[error("an agenda item is not a section or amendment of a published program")]
    AgendaItem,
    #[error("the meeting is full")]
    Full,
    #[error("the meeting has already started")]
    Started,
    #[error("the meeting has not taken place yet")]
    NotHeld,
    #[error(
        "more paper ballots from this room were entered in a vote than this attendance allows"
    )]
    BelowRoomBallots,
    #[error("an amendment of another program or section")]
    WrongAmendment,
}

impl AssemblyError {
    pub fn status(self) -> u16 {
        match self {
            AssemblyError::NameTaken
            | AssemblyError::Full
            | AssemblyError::Started
            | AssemblyError::NotHeld
            | AssemblyError::BelowRoomBallots => 409,
            _ => 400,
        }
    }
}

fn bounded(text: &str, max: usize, err: AssemblyError) -> Result<String, AssemblyError> {
    let t = text.trim();
    if t.chars().count() > max {
        Err(err)
    } else {
        Ok(t.to_string())
    }
}

fn required(text: &str, max: usize, err: AssemblyError) -> Result<String, AssemblyError> {
    let t = one_line(text, max, err)?;
    if t.is_empty() {
        Err(err)
    } else {
        Ok(t)
    }
}

/// A one-line field (name, title, place): bounded, and no control character.
fn one_line(text: &str, max: usize, err: AssemblyError) -> Result<String, AssemblyError> {
    let t = bounded(text, max, err)?;
    if crate::domain::text::is_single_line(&t) {
        Ok(t)
    } else {
        Err(err)
    }
}

/// A new or changed assembly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssemblyForm {
    pub name: String,
    pub kind: AssemblyKind,
    pub description: String,
}

impl AssemblyForm {
    pub fn parse(name: &str, kind: &str, description: &str) -> Result<Self, AssemblyError> {
        Ok(AssemblyForm {
            name: required(name, NAME_MAX, AssemblyError::Name)?,
            kind: AssemblyKind::parse(kind).ok_or(AssemblyError::Kind)?,
            description: bounded(description, DESCRIPTION_MAX, AssemblyError::Description)?,
        })
    }
}

/// A meeting as scheduled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingForm {
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub online_url: String,
    pub description: String,
    pub capacity: Option<i32>,
}

/// A link participants may follow: http or https, a host, no spaces or quotes.
pub fn valid_link(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && url.len() <= LINK_MAX
                && !url
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
        }
        None => false,
    }
}

impl MeetingForm {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        title: &str,
        starts_at: Option<i64>,
        ends_at: Option<i64>,
        place: &str,
        online_url: &str,
        description: &str,
        capacity: &str,
    ) -> Result<Self, AssemblyError> {
        let title = required(title, MEETING_TITLE_MAX, AssemblyError::MeetingTitle)?;
        let (starts_at, ends_at) = match (starts_at, ends_at) {
            (Some(s), Some(e)) if e > s && e - s <= MEETING_MAX_SECS => (s, e),
            _ => return Err(AssemblyError::MeetingTimes),
        };
        let place = one_line(place, PLACE_MAX, AssemblyError::Place)?;
        let online_url = online_url.trim().to_string();
        if !online_url.is_empty() && !valid_link(&online_url) {
            return Err(AssemblyError::Link);
        }
        if place.is_empty() && online_url.is_empty() {
            return Err(AssemblyError::NoPlace);
        }
        let capacity = match capacity.trim() {
            "" => None,
            c => match c.parse::<i32>() {
                Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Some(n),
                _ => return Err(AssemblyError::Capacity),
            },
        };
        Ok(MeetingForm {
            title,
            starts_at,
            ends_at,
            place,
            online_url,
            description: bounded(description, DESCRIPTION_MAX, AssemblyError::Description)?,
            capacity,
        })
    }
}

/// A count typed by a facilitator (empty means 0).
pub fn parse_count(text: &str) -> Result<i32, AssemblyError> {
    match text.trim() {
        "" => Ok(0),
        t => match t.parse::<i32>() {
            Ok(n) if (0..=COUNT_MAX).contains(&n) => Ok(n),
            _ => Err(AssemblyError::Count),
        },
    }
}

/// The three counts of an in-room vote: for, against, abstentions.
pub fn parse_room_vote(
    votes_for: &str,
    against: &str,
    abstain: &str,
) -> Result<(i32, i32, i32), AssemblyError> {
    let counts = (
        parse_count(votes_for)?,
        parse_count(against)?,
        parse_count(abstain)?,
    );
    if counts.0 + counts.1 + counts.2 == 0 {
        return Err(AssemblyError::NoVotes);
    }
    Ok(counts)
}

/// Priorities, one per line, most important first; blank lines and list markers ("1.",
/// "-", "*") are dropped.
pub fn parse_priorities(text: &str) -> Result<Vec<String>, AssemblyError> {
    let items: Vec<String> = text
        .lines()
        .map(|l| {
            let l = l.trim();
            let l = l.trim_start_matches(['-', '*', '•']).trim_start();
            let digits = l.len() - l.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rest = &l[digits..];
            if digits > 0 && (rest.starts_with('.') || rest.starts_with(')')) {
                rest[1..].trim().to_string()
            } else {
                l.to_string()
            }
        })
        .filter(|l| !l.is_empty())
        .collect();
    if items.is_empty()
        || items.len() > PRIORITIES_MAX
        || items.iter().any(|i| i.chars().count() > PRIORITY_MAX)
    {
        return Err(AssemblyError::Priorities);
    }
    Ok(items)
}

/// Minutes as the facilitator wrote them (Markdown).
pub fn parse_minutes(text: &str) -> Result<String, AssemblyError> {
    bounded(text, MINUTES_MAX, AssemblyError::Minutes)
}

/// An agenda item as a form sends it: `s12` (section 12) or `a34` (amendment 34).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgendaRef {
    Section(crate::domain::ids::SectionId),
    Amendment(crate::domain::ids::AmendmentId),
}

impl AgendaRef {
    pub fn parse(s: &str) -> Option<AgendaRef> {
        let s = s.trim();
        let (kind, id) = s.split_at_checked(1)?;
        let id: i32 = id.parse().ok().filter(|n| *n > 0)?;
        match kind {
            "s" => Some(AgendaRef::Section(crate::domain::ids::SectionId(id))),
            "a" => Some(AgendaRef::Amendment(crate::domain::ids::AmendmentId(id))),
            _ => None,
        }
    }

    pub fn value(self) -> String {
        match self {
            AgendaRef::Section(id) => format!("s{id}"),
            AgendaRef::Amendment(id) => format!("a{id}"),
        }
    }
}

/// The agenda from the chosen items (duplicates dropped, order kept).
pub fn parse_agenda(items: &[String]) -> Result<Vec<AgendaRef>, AssemblyError> {
    let mut out: Vec<AgendaRef> = Vec::new();
    for i in items.iter().filter(|i| !i.trim().is_empty()) {
        let r = AgendaRef::parse(i).ok_or(AssemblyError::AgendaItem)?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    if out.len() > AGENDA_MAX {
        return Err(AssemblyError::AgendaTooLong);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kinds_round_trip() {
        for k in AssemblyKind::ALL {
            assert_eq!(AssemblyKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(AssemblyKind::parse("secret"), None);
        for k in [
            OutcomeKind::Adopted,
            OutcomeKind::RoomVote,
            OutcomeKind::Priority,
        ] {
            assert_eq!(OutcomeKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn assembly_forms() {
        let f = AssemblyForm::parse("  Gràcia ", "territorial", "Barri").unwrap();
        assert_eq!(f.name, "Gràcia");
        assert_eq!(
            AssemblyForm::parse(" ", "territorial", ""),
            Err(AssemblyError::Name)
        );
        assert_eq!(
            AssemblyForm::parse(&"x".repeat(NAME_MAX + 1), "thematic", ""),
            Err(AssemblyError::Name)
        );
        assert_eq!(
            AssemblyForm::parse("Habitatge", "other", ""),
            Err(AssemblyError::Kind)
        );
    }

    #[test]
    fn meeting_forms() {
        let ok = |place: &str, link: &str| {
            MeetingForm::parse("Plenari", Some(1000), Some(4600), place, link, "", "")
        };
        assert!(ok("Casal de Gràcia", "").is_ok());
        assert!(ok("", "https://meet.example.org/gracia").is_ok());
        assert_eq!(ok("", ""), Err(AssemblyError::NoPlace));
        assert_eq!(ok("", "javascript:alert(1)"), Err(AssemblyError::Link));
        assert_eq!(ok("", "https://"), Err(AssemblyError::Link));
        assert_eq!(ok("", "https://a.org/\"onload"), Err(AssemblyError::Link));
        let times = |s, e| MeetingForm::parse("P", s, e, "Casal", "", "", "");
        assert_eq!(times(Some(10), Some(10)), Err(AssemblyError::MeetingTimes));
        assert_eq!(times(None, Some(10)), Err(AssemblyError::MeetingTimes));
        assert_eq!(
            times(Some(0), Some(MEETING_MAX_SECS + 1)),
            Err(AssemblyError::MeetingTimes)
        );
        let cap = |c| MeetingForm::parse("P", Some(0), Some(60), "Casal", "", "", c);
        assert_eq!(cap("40").unwrap().capacity, Some(40));
        assert_eq!(cap("").unwrap().capacity, None);
        for bad in ["0", "-3", "many", "100001"] {
            assert_eq!(cap(bad), Err(AssemblyError::Capacity), "{bad}");
        }
    }

    #[test]
    fn room_votes_and_counts() {
        assert_eq!(parse_room_vote("23", "4", ""), Ok((23, 4, 0)));
        assert_eq!(parse_room_vote("", "", "0"), Err(AssemblyError::NoVotes));
        assert_eq!(parse_room_vote("-1", "4", ""), Err(AssemblyError::Count));
        assert_eq!(parse_room_vote("1e3", "4", ""), Err(AssemblyError::Count));
        assert_eq!(parse_count("100001"), Err(AssemblyError::Count));
    }

    #[test]
    fn priorities_drop_markers_and_blank_lines() {
        assert_eq!(
            parse_priorities("1. Habitatge\n\n2) Mobilitat\n- Escoles\n* 3 línies de bus").unwrap(),
            vec!["Habitatge", "Mobilitat", "Escoles", "3 línies de bus"]
        );
        assert_eq!(parse_priorities("\n \n"), Err(AssemblyError::Priorities));
        let many = (0..=PRIORITIES_MAX)
            .map(|i| format!("P{i}\n"))
            .collect::<String>();
        assert_eq!(parse_priorities(&many), Err(AssemblyError::Priorities));
    }

    #[test]
    fn agenda_items() {
        let items: Vec<String> = ["s3", "a7", "s3", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            parse_agenda(&items).unwrap(),
            vec![
                AgendaRef::Section(crate::domain::ids::SectionId(3)),
                AgendaRef::Amendment(crate::domain::ids::AmendmentId(7))
            ]
        );
        for bad in ["x3", "s", "s0", "s-1", "a1; drop table", "é1"] {
            assert_eq!(
                parse_agenda(&[bad.to_string()]),
                Err(AssemblyError::AgendaItem),
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn agenda_refs_round_trip(id in 1i32..i32::MAX, section in any::<bool>()) {
            let r = if section { AgendaRef::Section(crate::domain::ids::SectionId(id)) } else { AgendaRef::Amendment(crate::domain::ids::AmendmentId(id)) };
            prop_assert_eq!(AgendaRef::parse(&r.value()), Some(r));
        }

        #[test]
        fn priorities_never_panic_and_stay_bounded(text in ".{0,400}") {
            if let Ok(items) = parse_priorities(&text) {
                prop_assert!(!items.is_empty() && items.len() <= PRIORITIES_MAX);
                prop_assert!(items.iter().all(|i| !i.is_empty()));
            }
        }
    }
}
