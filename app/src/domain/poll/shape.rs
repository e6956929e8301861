//! The shape of a vote's ballot — one question or several ("blocks"), each with its own
//! form (ranked, approval, score, yes/no/abstain) and limits — and a ballot as a voter
//! marked it, in the text the ballot log keeps.
//!
//! Ballot text: the blocks in order, separated by `|` (a vote of one question has no `|`),
//! options named by their position in the vote (1-based, as in the published files):
//! - ranked: `2>1=3` (see [`Ranking`]);
//! - approval: `1,3` (the approved options);
//! - score: `1:5,3:2` (0 to [`SCORE_MAX`]; options not listed score 0);
//! - yes/no/abstain: `1:y,2:n,3:a` (options not listed are not answered).
//!
//! An empty block is a question left blank; a ballot blank everywhere is refused.

use super::{PollError, Ranking};
use crate::domain::tally::ballot::{Answer, Marked};
use crate::domain::tally::{Cand, Election, Method};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The highest score on a score ballot (the lowest is 0).
pub const SCORE_MAX: u64 = 5;
/// At most this many questions on one ballot.
pub const MAX_BLOCKS: usize = 12;
/// Longest question title.
pub const BLOCK_TITLE_MAX: usize = 120;

/// How a block's ballot is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Form {
    Ranked,
    Approval,
    Score,
    Answers,
}

impl Form {
    pub fn of(method: Method) -> Form {
        match method {
            Method::Approval => Form::Approval,
            Method::Score => Form::Score,
            Method::YesNo => Form::Answers,
            _ => Form::Ranked,
        }
    }
}

/// One question of a ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockShape {
    /// The question as voters read it; `None` for a vote of one question.
    pub title: Option<String>,
    /// Its name in the ballot file (`# block: NAME`), made from the title.
    pub name: Option<String>,
    pub method: Method,
    /// How many options it elects (yes/no: every option that passes; 1 here).
    pub seats: usize,
    /// Approval: the most options one ballot may approve (`None`: no limit).
    pub choose: Option<usize>,
    /// Its options are the positions `first .. first + len` (1-based).
    pub first: usize,
    pub len: usize,
    /// Yes/no: the qualified majority each motion needs, `[p, q]` (yes at least p/q of yes
    /// and no); `None`: more yes than no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<[u64; 2]>,
}

impl BlockShape {
    pub fn threshold(&self) -> Option<crate::domain::tally::cardinal::Threshold> {
        self.threshold
            .map(|[num, den]| crate::domain::tally::cardinal::Threshold { num, den })
    }
    pub fn form(&self) -> Form {
        Form::of(self.method)
    }
    pub fn positions(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.len
    }
    pub fn contains(&self, position: usize) -> bool {
        self.positions().contains(&position)
    }
}

/// The ballot of a vote of one question over `n` options.
pub fn single(method: Method, seats: usize, choose: Option<usize>, n: usize) -> Vec<BlockShape> {
    vec![BlockShape {
        title: None,
        name: None,
        method,
        seats,
        choose,
        first: 1,
        len: n,
        threshold: None,
    }]
}

/// What one block of a ballot says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Marks {
    Ranked(Ranking),
    /// Positions approved, ascending.
    Approved(Vec<usize>),
    /// (position, score) with scores above 0, by position.
    Scores(Vec<(usize, u64)>),
    /// (position, answer), by position.
    Answers(Vec<(usize, Answer)>),
}

/// A whole ballot: per block its marks, `None` where the voter left the question blank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot(pub Vec<Option<Marks>>);

fn answer_letter(a: Answer) -> char {
    match a {
        Answer::Yes => 'y',
        Answer::No => 'n',
        Answer::Abstain => 'a',
    }
}

fn position_of(text: &str) -> Result<usize, PollError> {
    let t = text.trim();
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PollError::Malformed);
    }
    t.parse().map_err(|_| PollError::Malformed)
}

/// Checks that `p` is an option of `block` that was not withdrawn.
fn check_position(p: usize, block: &BlockShape, withdrawn: &[bool]) -> Result<(), PollError> {
    if !block.contains(p) || p == 0 || p > withdrawn.len() {
        return Err(PollError::UnknownOption(p));
    }
    if withdrawn[p - 1] {
        return Err(PollError::WithdrawnOption(p));
    }
    Ok(())
}

/// Reads `p:v` items separated by commas, each position once, sorted by position.
fn pairs<T>(
    text: &str,
    block: &BlockShape,
    withdrawn: &[bool],
    value: impl Fn(&str) -> Result<T, PollError>,
) -> Result<Vec<(usize, T)>, PollError> {
    let mut out: Vec<(usize, T)> = Vec::new();
    for item in text.split(',') {
        let (p, v) = item.split_once(':').ok_or(PollError::Malformed)?;
        let p = position_of(p)?;
        check_position(p, block, withdrawn)?;
        if out.iter().any(|(q, _)| *q == p) {
            return Err(PollError::DuplicateOption(p));
        }
        out.push((p, value(v.trim())?));
    }
    out.sort_by_key(|(p, _)| *p);
    Ok(out)
}

fn score_of(v: &str) -> Result<u64, PollError> {
    if v.is_empty() || v.len() > 3 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PollError::Malformed);
    }
    let s: u64 = v.parse().map_err(|_| PollError::Malformed)?;
    if s > SCORE_MAX {
        return Err(PollError::ScoreOutOfRange);
    }
    Ok(s)
}

fn answer_of(v: &str) -> Result<Answer, PollError> {
    match v {
        "y" | "yes" => Ok(Answer::Yes),
        "n" | "no" => Ok(Answer::No),
        "a" | "abstain" => Ok(Answer::Abstain),
        _ => Err(PollError::Malformed),
    }
}

impl Marks {
    /// Reads one block's text (not empty).
    fn parse(text: &str, block: &BlockShape, withdrawn: &[bool]) -> Result<Marks, PollError> {
        let marks = match block.form() {
            Form::Ranked => {
                let r = Ranking::parse(text, withdrawn)?;
                if let Some(&p) = r.0.iter().flatten().find(|&&p| !block.contains(p)) {
                    return Err(PollError::UnknownOption(p));
                }
                Marks::Ranked(r)
            }
            Form::Approval => {
                let mut approved: Vec<usize> = Vec::new();
                for item in text.split(',') {
                    let p = position_of(item)?;
                    check_position(p, block, withdrawn)?;
                    if approved.contains(&p) {
                        return Err(PollError::DuplicateOption(p));
                    }
                    approved.push(p);
                }
                approved.sort_unstable();
                if let Some(k) = block.choose.filter(|&k| approved.len() > k) {
                    return Err(PollError::TooManyApproved(k));
                }
                Marks::Approved(approved)
            }
            Form::Score => Marks::Scores(
                pairs(text, block, withdrawn, score_of)?
                    .into_iter()
                    .filter(|(_, s)| *s > 0)
                    .collect(),
            ),
            Form::Answers => Marks::Answers(pairs(text, block, withdrawn, answer_of)?),
        };
        Ok(marks)
    }

    /// Whether nothing is marked (a score ballot of zeros says nothing).
    fn is_empty(&self) -> bool {
        match self {
            Marks::Ranked(r) => r.0.is_empty(),
            Marks::Approved(a) => a.is_empty(),
            Marks::Scores(s) => s.is_empty(),
            Marks::Answers(a) => a.is_empty(),
        }
    }

    /// Adds this block's marks as one ballot (`count` voters, cast at `source`) of `e`, whose
    /// options are the block's (position `first` is option 0).
    pub fn add_to(
        &self,
        e: &mut Election,
        first: usize,
        count: u64,
        source: u16,
    ) -> Result<(), String> {
        let local = |p: usize| -> Cand { p - first };
        match self {
            Marks::Ranked(r) => e.add_at(
                count,
                source,
                r.0.iter()
                    .map(|g| g.iter().map(|&p| local(p)).collect())
                    .collect(),
            ),
            Marks::Approved(a) => {
                e.add_at(count, source, vec![a.iter().map(|&p| local(p)).collect()])
            }
            Marks::Scores(s) => {
                e.scores.push(Marked {
                    count,
                    marks: s.iter().map(|&(p, v)| (local(p), v)).collect(),
                    source,
                });
                Ok(())
            }
            Marks::Answers(a) => {
                e.answers.push(Marked {
                    count,
                    marks: a.iter().map(|&(p, v)| (local(p), v)).collect(),
                    source,
                });
                Ok(())
            }
        }
    }
}

impl fmt::Display for Marks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Marks::Ranked(r) => write!(f, "{r}"),
            Marks::Approved(a) => {
                let items: Vec<String> = a.iter().map(usize::to_string).collect();
                f.write_str(&items.join(","))
            }
            Marks::Scores(s) => {
                let items: Vec<String> = s.iter().map(|(p, v)| format!("{p}:{v}")).collect();
                f.write_str(&items.join(","))
            }
            Marks::Answers(a) => {
                let items: Vec<String> = a
                    .iter()
                    .map(|(p, v)| format!("{p}:{}", answer_letter(*v)))
                    .collect();
                f.write_str(&items.join(","))
            }
        }
    }
}

impl Ballot {
    /// Reads a ballot's text for a vote of `shape` whose options `withdrawn[i]` (position
    /// i+1) were withdrawn. Everything is checked: the number of blocks, unknown, repeated,
    /// withdrawn and other blocks' options, scores out of range, approvals over the limit.
    pub fn parse(
        text: &str,
        shape: &[BlockShape],
        withdrawn: &[bool],
    ) -> Result<Ballot, PollError> {
        if text.len() > 16 * withdrawn.len() + 4 * shape.len() + 16 {
            return Err(PollError::Malformed);
        }
        let parts: Vec<&str> = if shape.len() == 1 {
            vec![text]
        } else {
            text.split('|').collect()
        };
        if parts.len() != shape.len() {
            return Err(PollError::Malformed);
        }
        let mut blocks = Vec::with_capacity(shape.len());
        for (part, block) in parts.into_iter().zip(shape) {
            let part = part.trim();
            if part.is_empty() {
                blocks.push(None);
                continue;
            }
            let marks = Marks::parse(part, block, withdrawn)?;
            blocks.push((!marks.is_empty()).then_some(marks));
        }
        let ballot = Ballot(blocks);
        ballot.check_not_blank(shape)?;
        Ok(ballot)
    }

    fn check_not_blank(&self, shape: &[BlockShape]) -> Result<(), PollError> {
        if self.0.iter().all(Option::is_none) {
            return Err(if shape.len() == 1 && shape[0].form() == Form::Ranked {
                PollError::EmptyRanking
            } else {
                PollError::EmptyBallot
            });
        }
        Ok(())
    }

    /// Reads a ballot from a form's fields, named per option position `p`: `rank_p` (a
    /// number; equal numbers rank equal), `approve_p` (checked), `score_p` (0 to
    /// [`SCORE_MAX`]) and `answer_p` (`yes`, `no` or `abstain`). `field` gives a field's
    /// value. The ballot is then read back from its text, so the same checks apply.
    pub fn from_form(
        shape: &[BlockShape],
        withdrawn: &[bool],
        field: impl Fn(&str) -> Option<String>,
    ) -> Result<Ballot, PollError> {
        let mut parts: Vec<String> = Vec::with_capacity(shape.len());
        for block in shape {
            let values: Vec<(usize, String)> = block
                .positions()
                .filter_map(|p| {
                    let name = match block.form() {
                        Form::Ranked => format!("rank_{p}"),
                        Form::Approval => format!("approve_{p}"),
                        Form::Score => format!("score_{p}"),
                        Form::Answers => format!("answer_{p}"),
                    };
                    field(&name)
                        .map(|v| (p, v.trim().to_string()))
                        .filter(|(_, v)| !v.is_empty())
                })
                .collect();
            let text = match block.form() {
                Form::Ranked => {
                    match Ranking::from_ranks(
                        values.iter().map(|(p, v)| (*p, v.as_str())),
                        withdrawn,
                    ) {
                        Ok(r) => r.to_string(),
                        Err(PollError::EmptyRanking) => String::new(),
                        Err(e) => return Err(e),
                    }
                }
                Form::Approval => values
                    .iter()
                    .map(|(p, _)| p.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                Form::Score | Form::Answers => values
                    .iter()
                    .map(|(p, v)| format!("{p}:{v}"))
                    .collect::<Vec<_>>()
                    .join(","),
            };
            parts.push(text);
        }
        Ballot::parse(&parts.join("|"), shape, withdrawn)
    }

    /// The marks of block `k`, if the voter answered it.
    pub fn block(&self, k: usize) -> Option<&Marks> {
        self.0.get(k).and_then(Option::as_ref)
    }
}

impl fmt::Display for Ballot {
    /// The canonical text the log keeps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|b| b.as_ref().map(Marks::to_string).unwrap_or_default())
            .collect();
        f.write_str(&parts.join("|"))
    }
}

/// A question as a facilitator writes it in the list of measures: a line `# Title`,
/// optionally `# Title [method]` or `# Title [method N]` (`# Title [yes-no P/Q]`: a
/// qualified majority), then its measures one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub title: Option<String>,
    pub method: Option<Method>,
    /// STV: seats; approval: choose up to N and elect N; score: elect N.
    pub number: Option<usize>,
    /// Yes/no: the qualified majority, `[p, q]`.
    pub threshold: Option<[u64; 2]>,
    pub labels: Vec<String>,
}

/// Reads the measures box: measures one per line; with lines starting `#`, questions
/// ("blocks") each followed by its measures. Without any `#` line: one question.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, PollError> {
    let mut out: Vec<Question> = Vec::new();
    let headed = text.lines().any(|l| l.trim_start().starts_with('#'));
    if !headed {
        out.push(Question {
            title: None,
            method: None,
            number: None,
            threshold: None,
            labels: Vec::new(),
        });
    }
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(head) = line.strip_prefix('#') {
            let head = head.trim();
            let (title, settings) = match head.strip_suffix(']').and_then(|h| h.rsplit_once('[')) {
                Some((title, settings)) => (title.trim(), Some(settings)),
                None => (head, None),
            };
            if title.is_empty()
                || title.chars().count() > BLOCK_TITLE_MAX
                || out.iter().any(|q| {
                    q.title.as_deref().map(str::to_lowercase) == Some(title.to_lowercase())
                })
            {
                return Err(PollError::Blocks);
            }
            let mut method = None;
            let mut number = None;
            let mut threshold = None;
            if let Some(settings) = settings {
                let mut words = settings.split_whitespace();
                method = Some(
                    words
                        .next()
                        .and_then(|m| m.parse::<Method>().ok())
                        .ok_or(PollError::Blocks)?,
                );
                if let Some(n) = words.next() {
                    if method == Some(Method::YesNo) {
                        let t: crate::domain::tally::cardinal::Threshold =
                            n.parse().map_err(|_| PollError::Blocks)?;
                        threshold = Some([t.num, t.den]);
                    } else {
                        number = Some(n.parse::<usize>().map_err(|_| PollError::Blocks)?);
                    }
                }
                if words.next().is_some() {
                    return Err(PollError::Blocks);
                }
            }
            out.push(Question {
                title: Some(title.to_string()),
                method,
                number,
                threshold,
                labels: Vec::new(),
            });
            if out.len() > MAX_BLOCKS {
                return Err(PollError::Blocks);
            }
        } else {
            match out.last_mut() {
                Some(q) => q.labels.push(line.to_string()),
                // Measures before the first question belong to none.
                None => return Err(PollError::Blocks),
            }
        }
    }
    Ok(out)
}

/// The vote-wide settings a question takes unless its `[method N]` says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Defaults {
    pub method: Method,
    pub seats: usize,
    pub choose: Option<usize>,
}

/// The ballot's shape for `questions` (their options numbered in order from position 1),
/// every block checked ([`check_block`]).
pub fn shape_of(questions: &[Question], d: Defaults) -> Result<Vec<BlockShape>, PollError> {
    let titles: Vec<String> = questions
        .iter()
        .map(|q| q.title.clone().unwrap_or_default())
        .collect();
    let names = super::tally_names(&titles);
    let mut first = 1;
    let mut out = Vec::with_capacity(questions.len());
    for (q, name) in questions.iter().zip(names) {
        let (method, seats, choose) = match (q.method, q.number) {
            (None, _) => (d.method, d.seats, d.choose),
            (Some(m), None) => (m, 1, None),
            (Some(m @ (Method::StvScottish | Method::StvMeek | Method::Score)), Some(n)) => {
                (m, n, None)
            }
            (Some(Method::Approval), Some(n)) => (Method::Approval, n, Some(n)),
            (Some(_), Some(_)) => return Err(PollError::Blocks),
        };
        let seats = if super::multi_seat(method) { seats } else { 1 };
        let choose = if method == Method::Approval {
            choose
        } else {
            None
        };
        check_block(method, seats, choose, q.labels.len())?;
        out.push(BlockShape {
            name: q.title.as_ref().map(|_| name),
            title: q.title.clone(),
            method,
            seats,
            choose,
            first,
            len: q.labels.len(),
            threshold: q.threshold,
        });
        first += q.labels.len();
    }
    Ok(out)
}

/// Checks one block's settings: a method votes use, seats below the number of options
/// (yes/no: one option or more, each its own motion), an approval limit within them.
pub fn check_block(
    method: Method,
    seats: usize,
    choose: Option<usize>,
    options: usize,
) -> Result<(), PollError> {
    if !super::METHODS.contains(&method) {
        return Err(PollError::BadSetting);
    }
    if method == Method::YesNo {
        return if options == 0 {
            Err(PollError::OptionCount)
        } else {
            Ok(())
        };
    }
    super::check_settings(method, seats, options)?;
    if choose.is_some_and(|k| k == 0 || k > options) {
        return Err(PollError::Choose);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn barcelona() -> Vec<BlockShape> {
        // Four blocks of four measures, three choices each; a motion; scores; a ranking.
        let text = "# Housing [approval 3]\na\nb\nc\nd\n# Motion [yes-no]\nm1\nm2\n# Parks [score]\np\nq\nr\n# Board [schulze]\nx\ny\nz\n";
        shape_of(
            &parse_questions(text).unwrap(),
            Defaults {
                method: Method::Schulze,
                seats: 1,
                choose: None,
            },
        )
        .unwrap()
    }

    #[test]
    fn questions_are_read_with_their_own_forms_and_limits() {
        let s = barcelona();
        assert_eq!(s.len(), 4);
        assert_eq!(
            (s[0].method, s[0].seats, s[0].choose, s[0].first, s[0].len),
            (Method::Approval, 3, Some(3), 1, 4)
        );
        assert_eq!((s[1].method, s[1].first, s[1].len), (Method::YesNo, 5, 2));
        assert_eq!((s[2].method, s[2].first), (Method::Score, 7));
        assert_eq!(
            (s[3].method, s[3].first, s[3].len),
            (Method::Schulze, 10, 3)
        );
        assert_eq!(s[0].name.as_deref(), Some("Housing"));
        // One question without headers.
        let one = parse_questions("a\nb\n").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].title, None);
        for bad in [
            "a\n# Housing\nb\nc",
            "# \na\nb",
            "# A\na\nb\n# a\nc\nd",
            "# A [nonsense]\na\nb",
            "# A [approval x]\na\nb",
            "# A [approval 2 3]\na\nb",
            "# A [yes-no 3/2]\na",
            "# A [yes-no 0/3]\na",
            "# A [yes-no 2]\na",
            "# A [approval 2/3]\na\nb",
        ] {
            assert_eq!(parse_questions(bad).err(), Some(PollError::Blocks), "{bad}");
        }
        // A qualified majority for motions: `[yes-no 2/3]`.
        let q = parse_questions("# Statutes [yes-no 2/3]\nArticle 1\nArticle 2\n").unwrap();
        let shaped = shape_of(
            &q,
            Defaults {
                method: Method::Schulze,
                seats: 1,
                choose: None,
            },
        )
        .unwrap();
        assert_eq!(shaped[0].threshold, Some([2, 3]));
        assert_eq!(
            shaped[0].threshold(),
            Some(crate::domain::tally::cardinal::Threshold { num: 2, den: 3 })
        );
        // Stored shapes without it still read (and write nothing for it).
        let old = r#"{"title":"T","name":"T","method":"yes-no","seats":1,"choose":null,"first":1,"len":1}"#;
        let read: BlockShape = serde_json::from_str(old).unwrap();
        assert_eq!(read.threshold, None);
        assert!(!serde_json::to_string(&read).unwrap().contains("threshold"));
        let d = Defaults {
            method: Method::Schulze,
            seats: 1,
            choose: None,
        };
        for (bad, why) in [
            ("# A [approval 3]\na\nb", PollError::Seats),
            ("# A [schulze 2]\na\nb\nc", PollError::Blocks),
            ("# A\na", PollError::OptionCount),
        ] {
            assert_eq!(
                shape_of(&parse_questions(bad).unwrap(), d).err(),
                Some(why),
                "{bad}"
            );
        }
        let many: String = (0..=MAX_BLOCKS)
            .map(|k| format!("# Q{k}\na\nb\n"))
            .collect();
        assert_eq!(parse_questions(&many).err(), Some(PollError::Blocks));
    }

    #[test]
    fn ballots_are_read_and_written_per_block() {
        let s = barcelona();
        let w = vec![false; 12];
        let b = Ballot::parse("3,1|5:y,6:a|7:5,9:0|11>10", &s, &w).unwrap();
        assert_eq!(b.to_string(), "1,3|5:y,6:a|7:5|11>10");
        assert_eq!(b.block(0), Some(&Marks::Approved(vec![1, 3])));
        // Blank blocks, but not all of them.
        assert_eq!(
            Ballot::parse("||7:2|", &s, &w).unwrap().to_string(),
            "||7:2|"
        );
        assert_eq!(
            Ballot::parse("|||", &s, &w).err(),
            Some(PollError::EmptyBallot)
        );
        assert_eq!(
            Ballot::parse("||7:0|", &s, &w).err(),
            Some(PollError::EmptyBallot)
        );
        for (bad, why) in [
            ("1,2,3,4|||", PollError::TooManyApproved(3)),
            ("5|||", PollError::UnknownOption(5)),
            ("|1:y||", PollError::UnknownOption(1)),
            ("||7:6|", PollError::ScoreOutOfRange),
            ("|5:maybe||", PollError::Malformed),
            ("|||1>10", PollError::UnknownOption(1)),
            ("1,1|||", PollError::DuplicateOption(1)),
            ("1||", PollError::Malformed),
            ("1|||||", PollError::Malformed),
        ] {
            assert_eq!(Ballot::parse(bad, &s, &w).err(), Some(why), "{bad}");
        }
        let mut withdrawn = w.clone();
        withdrawn[1] = true;
        assert_eq!(
            Ballot::parse("2|||", &s, &withdrawn).err(),
            Some(PollError::WithdrawnOption(2))
        );
    }

    #[test]
    fn a_single_ranked_vote_keeps_its_old_ballot_text() {
        let s = single(Method::Schulze, 1, None, 3);
        let w = vec![false; 3];
        assert_eq!(Ballot::parse("2>1=3", &s, &w).unwrap().to_string(), "2>1=3");
        assert_eq!(
            Ballot::parse("", &s, &w).err(),
            Some(PollError::EmptyRanking)
        );
    }

    #[test]
    fn forms_read_as_the_text_does() {
        let s = barcelona();
        let w = vec![false; 12];
        let fields = [
            ("approve_2", "on"),
            ("approve_4", "on"),
            ("answer_5", "no"),
            ("score_8", "3"),
            ("score_9", ""),
            ("rank_12", "1"),
            ("rank_10", "2"),
        ];
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        };
        let b = Ballot::from_form(&s, &w, get).unwrap();
        assert_eq!(b.to_string(), "2,4|5:n|8:3|12>10");
        let over = |k: &str| (k.starts_with("approve_")).then(|| "on".to_string());
        assert_eq!(
            Ballot::from_form(&s, &w, over).err(),
            Some(PollError::TooManyApproved(3))
        );
    }

    fn marks_for(block: &BlockShape) -> BoxedStrategy<Option<String>> {
        let positions: Vec<usize> = block.positions().collect();
        let n = positions.len();
        match block.form() {
            Form::Ranked => proptest::collection::vec((0..n, 0usize..2), 0..=n)
                .prop_map(move |v| {
                    let mut used = vec![false; n];
                    let mut text = String::new();
                    for (i, same) in v {
                        if std::mem::replace(&mut used[i], true) {
                            continue;
                        }
                        if !text.is_empty() {
                            text.push(if same == 0 { '=' } else { '>' });
                        }
                        text.push_str(&positions[i].to_string());
                    }
                    (!text.is_empty()).then_some(text)
                })
                .boxed(),
            Form::Approval | Form::Score | Form::Answers => {
                let form = block.form();
                proptest::collection::btree_map(0..n, 0u64..=SCORE_MAX, 0..=n.min(3))
                    .prop_map(move |m| {
                        let items: Vec<String> = m
                            .iter()
                            .map(|(&i, &v)| match form {
                                Form::Approval => positions[i].to_string(),
                                Form::Score => format!("{}:{v}", positions[i]),
                                _ => {
                                    format!("{}:{}", positions[i], ["y", "n", "a"][v as usize % 3])
                                }
                            })
                            .collect();
                        (!items.is_empty()).then(|| items.join(","))
                    })
                    .boxed()
            }
        }
    }

    proptest! {
        /// Any ballot a voter can mark reads back to itself from its canonical text, and
        /// the canonical text is a fixed point.
        #[test]
        fn canonical_text_round_trips(parts in barcelona().iter().map(marks_for).collect::<Vec<_>>()) {
            let s = barcelona();
            let w = vec![false; 12];
            let text: Vec<String> = parts.iter().map(|p| p.clone().unwrap_or_default()).collect();
            match Ballot::parse(&text.join("|"), &s, &w) {
                Ok(b) => {
                    let again = Ballot::parse(&b.to_string(), &s, &w).unwrap();
                    prop_assert_eq!(&again, &b);
                    prop_assert_eq!(again.to_string(), b.to_string());
                }
                Err(e) => prop_assert_eq!(e, PollError::EmptyBallot),
            }
        }
    }
}
