//! Votes as the rules see them: what a vote is (kind, method, seats, tie rule, who may
//! vote, when), what a ballot is (a weak order over the options' positions) and the ballot
//! log's hash chain. Pure: the services store, this decides.
//!
//! A ballot names options by their position (1-based, as in BLT files): `2>1=3` ranks
//! option 2 first and options 1 and 3 equal second; options left out are unranked, below
//! every ranked one and equal among themselves.

use super::tally::{Cand, Method, TiePolicy};

pub mod shape;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// At most this many options in one vote.
pub const MAX_OPTIONS: usize = 60;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5_000;
/// Longest option label (a measure's wording).
pub const LABEL_MAX: usize = 300;
/// Longest name of an option in the published ballot files.
pub const NAME_MAX: usize = 60;
/// The tally name of the "keep the current text" option.
/// Below this many ballots a closed vote publishes nothing about them (results, files,
/// voters): with one voter the "anonymous" file is that named person's ballot.
pub const MIN_VOTERS_DEFAULT: usize = 5;
/// The smallest minimum a facilitator may set (with two voters each knows the other's).
pub const MIN_VOTERS_FLOOR: usize = 3;
pub const MIN_VOTERS_MAX: usize = 100_000;

/// How the ballot count is shown while a vote is open: rounded down to a multiple of this,
/// so watching the counter does not tell when each ballot arrived or which were re-casts.
pub const LIVE_COUNT_STEP: u64 = 10;

/// The ballot count shown while a vote is open (see [`LIVE_COUNT_STEP`]).
pub fn coarse_count(n: u64) -> u64 {
    n - n % LIVE_COUNT_STEP
}

pub const KEEP_CURRENT: &str = "Keep the current text";

/// The name, in the published files and results, of the online ballots together with
/// those of rooms with fewer paper ballots than the vote's minimum of voters (counted with
/// them so that nobody's ballot in a small room can be told apart).
pub const SMALL_ROOMS: &str = "online and rooms under the minimum";

/// The methods a vote can use: ranked ballots, approval, score and yes/no/abstain.
pub const METHODS: [Method; 11] = [
    Method::Schulze,
    Method::RankedPairs,
    Method::Irv,
    Method::Borda,
    Method::Copeland,
    Method::Minimax,
    Method::StvScottish,
    Method::StvMeek,
    Method::Approval,
    Method::Score,
    Method::YesNo,
];

/// Whether a method fills several seats (the `seats` best options).
pub fn multi_seat(method: Method) -> bool {
    matches!(
        method,
        Method::StvScottish | Method::StvMeek | Method::Approval | Method::Score
    )
}

crate::domain::stored::stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum PollKind {
        /// Competing amendments to one passage, plus "keep the current text".
        Amendments,
        /// A list of measures to put in order (priorities, or the top k with STV).
        Measures,
    }
}

impl PollKind {
    pub const ALL: [PollKind; 2] = [PollKind::Amendments, PollKind::Measures];

    pub fn as_str(self) -> &'static str {
        match self {
            PollKind::Amendments => "amendments",
            PollKind::Measures => "measures",
        }
    }
    pub fn parse(s: &str) -> Result<Self, PollError> {
        match s {
            "amendments" => Ok(PollKind::Amendments),
            "measures" => Ok(PollKind::Measures),
            _ => Err(PollError::BadSetting),
        }
    }
}

crate::domain::stored::stored_enum! {
    /// How a tie the method cannot break is decided; recorded with the result.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum TieRule {
        /// Reported as a tie; nothing is applied until people decide.
        None,
        /// The options' order on the ballot, first most favoured.
        Order,
        /// A lot drawn from the ballot log's head hash at the close: nobody knows it in
        /// advance, everybody can draw it again.
        Lot,
    }
}

impl TieRule {
    pub const ALL: [TieRule; 3] = [TieRule::None, TieRule::Order, TieRule::Lot];
    pub fn as_str(self) -> &'static str {
        match self {
            TieRule::None => "none",
            TieRule::Order => "order",
            TieRule::Lot => "lot",
        }
    }
    pub fn parse(s: &str) -> Result<Self, PollError> {
        TieRule::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(PollError::BadSetting)
    }
    /// The tally's tie policy for a vote of `n` options whose log ends at `head_hash`, with
    /// the lot secret `secret` (revealed after the close).
    pub fn policy(self, n: usize, head_hash: &str, secret: &str) -> TiePolicy {
        match self {
            TieRule::None => TiePolicy::None,
            TieRule::Order => TiePolicy::Order {
                order: (0..n).collect(),
            },
            TieRule::Lot => TiePolicy::Lot {
                seed: lot_seed(head_hash, secret),
            },
        }
    }
}

/// The lot's seed: the first 16 hex digits of SHA-256(final log head, ":", secret), as a
/// number. The secret is drawn when the vote opens and only its SHA-256 ([`lot_commitment`])
/// is published then; it is revealed after the close. So no voter (who moves the head but
/// does not know the secret) and no facilitator (who chooses when to close but cannot
/// change the secret) can know or steer the seed before the close, and anyone can redraw
/// it afterwards from the published head and secret.
pub fn lot_seed(head_hash: &str, secret: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{head_hash}:{secret}").as_bytes());
    u64::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ])
}

/// The order one voter sees a vote's options in (indexes into the published order): a
/// shuffle seeded by SHA-256 of the vote, the voter and the vote's lot secret, so it
/// differs from voter to voter, stays the same for one voter, and nobody can work out
/// another voter's order while the vote is open (the secret is revealed at the close).
/// The published order stays the one "ballot order" ties use.
pub fn ballot_order(n: usize, poll_id: i32, user_id: i32, secret: &str) -> Vec<usize> {
    let seed = lot_seed(&format!("ballot order {poll_id} {user_id}"), secret);
    super::tally::tie::lot_order(n, seed)
}

/// The public commitment to a lot secret: its SHA-256, hex.
pub fn lot_commitment(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

crate::domain::stored::stored_enum! {
    /// Who may vote.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Eligibility {
        /// Every resident with an activated account.
        Residents,
        /// Residents whose account existed when the vote opened (no accounts made to vote).
        RegisteredBefore,
        /// Members of the vote's assemblies (a district vote).
        Assemblies,
        /// The people on an imported roll (a census or membership list) who verified
        /// themselves on it.
        Roll,
    }
}

impl Eligibility {
    pub const ALL: [Eligibility; 4] = [
        Eligibility::Residents,
        Eligibility::RegisteredBefore,
        Eligibility::Assemblies,
        Eligibility::Roll,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Eligibility::Residents => "residents",
            Eligibility::RegisteredBefore => "registered-before",
            Eligibility::Assemblies => "assemblies",
            Eligibility::Roll => "roll",
        }
    }
    pub fn parse(s: &str) -> Result<Self, PollError> {
        Eligibility::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or(PollError::BadSetting)
    }
    /// Whether an account created at `created_at`, in the vote's group or not (`member`: a
    /// member of one of its assemblies, or verified on its roll), may vote in a vote
    /// opening at `opens_at`.
    pub fn admits(self, created_at: i64, opens_at: i64, member: bool) -> bool {
        match self {
            Eligibility::Residents => true,
            Eligibility::RegisteredBefore => created_at < opens_at,
            Eligibility::Assemblies | Eligibility::Roll => member,
        }
    }
}

/// Where a vote is in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Scheduled,
    Open,
    Closed,
}

impl Phase {
    /// Ballots are taken from `opens_at` (inclusive) until `closes_at` (exclusive).
    pub fn at(opens_at: i64, closes_at: i64, now: i64) -> Phase {
        if now < opens_at {
            Phase::Scheduled
        } else if now < closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }
}

/// Why a vote's settings or a ballot are refused, or a vote cannot do what was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PollError {
    #[error("rank at least one option")]
    EmptyRanking,
    #[error("the ranking cannot be read")]
    Malformed,
    #[error("there is no option {0}")]
    UnknownOption(usize),
    #[error("option {0} is ranked twice")]
    DuplicateOption(usize),
    #[error("option {0} was withdrawn")]
    WithdrawnOption(usize),
    #[error("rank {0} is out of range")]
    RankOutOfRange(usize),
    #[error("a vote needs between 2 and {MAX_OPTIONS} options")]
    OptionCount,
    #[error("an option is empty, too long or repeated")]
    BadOption,
    #[error("the number of seats must be at least 1 and below the number of options")]
    Seats,
    #[error("a single-winner method fills one seat")]
    SingleSeat,
    #[error("the vote must close after it opens")]
    Times,
    #[error("unknown setting")]
    BadSetting,
    #[error("the title is empty or too long")]
    Title,
    #[error("the description is too long")]
    Description,
    #[error("the vote is not open yet")]
    NotOpenYet,
    #[error("the vote is closed")]
    Closed,
    #[error("the vote is still open")]
    StillOpen,
    #[error("you are not on the voters' list of this vote")]
    NotEligible,
    #[error("the result is a tie; it cannot be applied")]
    Tied,
    #[error("the result was already applied")]
    AlreadyApplied,
    #[error("this vote's result is not applied to the text")]
    NothingToApply,
    #[error("these amendments cannot be put to a vote")]
    BadAmendments,
    #[error("this passage is being voted on; nothing that changes it can be accepted until the vote is applied")]
    PassageInVote,
    #[error("too many ballots from you in a short time; try again in a minute")]
    TooManyCasts,
    #[error("too few people voted: the results are withheld to keep ballots secret")]
    TooFewVoters,
    #[error("the minimum number of voters is out of range")]
    MinVoters,
    #[error("choose the assemblies whose members may vote")]
    Assemblies,
    #[error("mark at least one option")]
    EmptyBallot,
    #[error("approve at most {0} options")]
    TooManyApproved(usize),
    #[error("a score is out of range")]
    ScoreOutOfRange,
    #[error("the questions cannot be read: start each with a line `# Title` (optionally `# Title [method N]`), then its options one per line")]
    Blocks,
    #[error("the most options a voter may approve must be between 1 and the number of options")]
    Choose,
    #[error("you were present at a meeting whose paper ballots were counted in this vote: your ballot is the room's")]
    VotedInRoom,
    #[error("more paper ballots than people present who have not voted online")]
    RoomFull,
    #[error("record the meeting's attendance before entering its paper ballots")]
    NoAttendance,
    #[error("this meeting's assembly does not vote in this vote")]
    RoomNotInVote,
}

impl PollError {
    /// The HTTP status: bad input 400, not allowed 403, not now 409.
    pub fn status(self) -> u16 {
        use PollError::*;
        match self {
            NotEligible | VotedInRoom | RoomNotInVote => 403,
            NotOpenYet | Closed | StillOpen | Tied | AlreadyApplied | NothingToApply
            | PassageInVote | TooFewVoters => 409,
            TooManyCasts => 429,
            _ => 400,
        }
    }
}

/// A ballot: groups of option positions (1-based), best first; equals share a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking(pub Vec<Vec<usize>>);

impl Ranking {
    /// Reads `2>1=3` for a vote of `n` options of which `withdrawn[i]` (position i+1) were
    /// withdrawn. Everything is checked: unknown, repeated and withdrawn options, empty
    /// groups, stray characters.
    pub fn parse(text: &str, withdrawn: &[bool]) -> Result<Ranking, PollError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PollError::EmptyRanking);
        }
        if text.len() > 8 * withdrawn.len() + 8 {
            return Err(PollError::Malformed);
        }
        let mut groups = Vec::new();
        for group in text.split('>') {
            let mut g = Vec::new();
            for item in group.split('=') {
                let item = item.trim();
                if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(PollError::Malformed);
                }
                let position: usize = item.parse().map_err(|_| PollError::Malformed)?;
                g.push(position);
            }
            groups.push(g);
        }
        Ranking::check(groups, withdrawn)
    }

    /// Reads numbered choices: `(position, rank)` pairs as a form sends them, the rank
    /// text empty for an unranked option. Equal numbers rank equal; gaps are closed
    /// (1, 3 reads as 1, 2). A rank above the number of options is refused.
    pub fn from_ranks<'a>(
        pairs: impl IntoIterator<Item = (usize, &'a str)>,
        withdrawn: &[bool],
    ) -> Result<Ranking, PollError> {
        let mut ranked: Vec<(usize, usize)> = Vec::new();
        for (position, rank) in pairs {
            let rank = rank.trim();
            if rank.is_empty() {
                continue;
            }
            if !rank.bytes().all(|b| b.is_ascii_digit()) || rank.len() > 6 {
                return Err(PollError::Malformed);
            }
            let r: usize = rank.parse().map_err(|_| PollError::Malformed)?;
            if r == 0 || r > withdrawn.len() {
                return Err(PollError::RankOutOfRange(r));
            }
            ranked.push((r, position));
        }
        ranked.sort_unstable();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut last = None;
        for (r, position) in ranked {
            match groups.last_mut() {
                Some(g) if last == Some(r) => g.push(position),
                _ => groups.push(vec![position]),
            }
            last = Some(r);
        }
        Ranking::check(groups, withdrawn)
    }

    fn check(mut groups: Vec<Vec<usize>>, withdrawn: &[bool]) -> Result<Ranking, PollError> {
        let mut seen = vec![false; withdrawn.len()];
        for g in &mut groups {
            for &p in g.iter() {
                if p == 0 || p > withdrawn.len() {
                    return Err(PollError::UnknownOption(p));
                }
                if seen[p - 1] {
                    return Err(PollError::DuplicateOption(p));
                }
                if withdrawn[p - 1] {
                    return Err(PollError::WithdrawnOption(p));
                }
                seen[p - 1] = true;
            }
            g.sort_unstable();
        }
        if groups.is_empty() {
            return Err(PollError::EmptyRanking);
        }
        Ok(Ranking(groups))
    }

    /// The rank (1-based group number) of each position, `None` when unranked.
    pub fn rank_of(&self, position: usize) -> Option<usize> {
        self.0.iter().position(|g| g.contains(&position)).map(|i| {
            // Ranks as a voter numbers them: options after a group of k equals come k on.
            self.0[..i].iter().map(Vec::len).sum::<usize>() + 1
        })
    }

    /// The ranking over the tally's option indexes (0-based).
    pub fn to_tally(&self) -> Vec<Vec<Cand>> {
        self.0
            .iter()
            .map(|g| g.iter().map(|p| p - 1).collect())
            .collect()
    }
}

impl fmt::Display for Ranking {
    /// The canonical text: groups by `>`, equals by `=` in position order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<String> = self
            .0
            .iter()
            .map(|g| g.iter().map(usize::to_string).collect::<Vec<_>>().join("="))
            .collect();
        f.write_str(&groups.join(">"))
    }
}

/// Checks a vote's settings: method, seats and the number of options.
pub fn check_settings(method: Method, seats: usize, options: usize) -> Result<(), PollError> {
    if !METHODS.contains(&method) {
        return Err(PollError::BadSetting);
    }
    if !(2..=MAX_OPTIONS).contains(&options) {
        return Err(PollError::OptionCount);
    }
    if !multi_seat(method) && seats != 1 {
        return Err(PollError::SingleSeat);
    }
    if seats == 0 || seats >= options {
        return Err(PollError::Seats);
    }
    Ok(())
}

/// An option's name in the published ballot files, made from its label: the characters
/// those formats use (`, > = : # "`) and line breaks become spaces, runs of spaces one,
/// at most [`NAME_MAX`] characters; a repeated name gets ` (2)`, ` (3)`, ...
pub fn tally_names(labels: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels {
        let cleaned: String = label
            .chars()
            .map(|c| {
                if matches!(c, ',' | '>' | '=' | ':' | '#' | '"') || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let mut base: String = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        base = base
            .chars()
            .take(NAME_MAX)
            .collect::<String>()
            .trim()
            .to_string();
        if base.is_empty() {
            base = format!("Option {}", names.len() + 1);
        }
        let mut name = base.clone();
        let mut k = 2;
        while names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            name = format!("{base} ({k})");
            k += 1;
        }
        names.push(name);
    }
    names
}

/// The log's first `prev_hash` for a vote: the hash of its number, so no two votes' chains
/// start alike.
pub fn genesis(poll_id: i32) -> String {
    hex(Sha256::digest(format!("redacta ballot log v1 poll {poll_id}").as_bytes()).as_slice())
}

/// The hash of one log entry, chained to the one before:
/// SHA-256 of `prev_hash \n seq \n receipt_hash \n ranking \n replaces` (empty when none).
pub fn entry_hash(
    prev_hash: &str,
    seq: i32,
    receipt_hash: &str,
    ranking: &str,
    replaces: Option<&str>,
) -> String {
    let text = format!(
        "{prev_hash}\n{seq}\n{receipt_hash}\n{ranking}\n{}",
        replaces.unwrap_or("")
    );
    hex(Sha256::digest(text.as_bytes()).as_slice())
}

/// Paper ballots from a meeting's room, as one log entry stands for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub meeting: i32,
    /// How many identical paper ballots (at least 1).
    pub weight: u32,
}

/// The hash of a log entry of paper ballots from a room: as [`entry_hash`] (never
/// replacing anything), followed by `\nroom MEETING xWEIGHT`, so the meeting and the number
/// of ballots are under the chain too.
pub fn room_entry_hash(
    prev_hash: &str,
    seq: i32,
    receipt_hash: &str,
    ranking: &str,
    room: Room,
) -> String {
    let text = format!(
        "{prev_hash}\n{seq}\n{receipt_hash}\n{ranking}\n\nroom {} x{}",
        room.meeting, room.weight
    );
    hex(Sha256::digest(text.as_bytes()).as_slice())
}

/// The receipt hash of a room entry: derived from the vote and the entry's place, so it is
/// unique and nobody holds a code for it (paper ballots are never linked to a person).
pub fn room_receipt_hash(poll_id: i32, seq: i32) -> String {
    hex(
        Sha256::digest(format!("redacta room entry poll {poll_id} seq {seq}").as_bytes())
            .as_slice(),
    )
}

/// The SHA-256 of a receipt code (as the voter types it: case, spaces and dashes ignored).
pub fn receipt_hash(code: &str) -> String {
    hex(Sha256::digest(normalize_receipt(code).as_bytes()).as_slice())
}

/// A receipt code without its dashes and spaces, in capitals.
pub fn normalize_receipt(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Crockford's base-32 alphabet: no I, L, O, U to misread.
const RECEIPT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt code from 10 random bytes (80 bits): `XXXX-XXXX-XXXX-XXXX`.
pub fn receipt_code(random: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let index = ((bits >> (75 - 5 * i)) & 31) as usize;
        out.push(RECEIPT_ALPHABET[index] as char);
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One entry of a ballot log as `verify_chain` reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub seq: i32,
    pub receipt_hash: String,
    pub ranking: String,
    pub replaces: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// Paper ballots from a room (`None`: a ballot cast online).
    pub room: Option<Room>,
}

/// What a checked log holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    pub head: String,
    /// The online ballots that count: (receipt hash, ballot text), by receipt hash.
    pub current: Vec<(String, String)>,
    /// The rooms' entries in log order.
    pub rooms: Vec<(Room, String)>,
}

/// What is wrong with a ballot log: the entry and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("entry {seq}: {problem}")]
pub struct ChainError {
    pub seq: i32,
    pub problem: String,
}

/// Checks a vote's log, entries in order: numbered 1, 2, ... without gaps, each linked to
/// the one before, each hash recomputed, each `replaces` naming an earlier ballot that was
/// still current; a room's entry with its derived receipt, at least one ballot and
/// replacing nothing. Returns the head hash, the current online ballots (the ones that
/// count, sorted by receipt hash) and the rooms' entries.
pub fn verify_chain(poll_id: i32, entries: &[LogEntry]) -> Result<Chain, ChainError> {
    let mut prev = genesis(poll_id);
    let mut current: std::collections::BTreeMap<String, String> = Default::default();
    let mut rooms = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let fail = |problem: &str| ChainError {
            seq: e.seq,
            problem: problem.to_string(),
        };
        if usize::try_from(e.seq).ok() != Some(i + 1) {
            return Err(fail("out of sequence (an entry is missing or repeated)"));
        }
        if e.prev_hash != prev {
            return Err(fail("does not link to the entry before"));
        }
        let expected = match e.room {
            Some(room) => room_entry_hash(&e.prev_hash, e.seq, &e.receipt_hash, &e.ranking, room),
            None => entry_hash(
                &e.prev_hash,
                e.seq,
                &e.receipt_hash,
                &e.ranking,
                e.replaces.as_deref(),
            ),
        };
        if e.hash != expected {
            return Err(fail("its hash does not match its content"));
        }
        if let Some(room) = e.room {
            if e.replaces.is_some()
                || room.weight == 0
                || e.receipt_hash != room_receipt_hash(poll_id, e.seq)
            {
                return Err(fail("a room's entry that is not one"));
            }
            rooms.push((room, e.ranking.clone()));
            prev = e.hash.clone();
            continue;
        }
        if let Some(old) = &e.replaces {
            if current.remove(old).is_none() {
                return Err(fail("replaces a ballot that is not current"));
            }
        }
        if current
            .insert(e.receipt_hash.clone(), e.ranking.clone())
            .is_some()
        {
            return Err(fail("repeats a receipt"));
        }
        prev = e.hash.clone();
    }
    Ok(Chain {
        head: prev,
        current: current.into_iter().collect(),
        rooms,
    })
}

#[cfg(test)]
mod tests;
