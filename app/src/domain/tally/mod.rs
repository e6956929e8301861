//! The tally engine: ballots, the counting methods and their explanations. Pure code (no
//! I/O, no floating point), compiled for the server, the command line and the browser, so
//! anyone can re-run a count from the published ballots and get the same result.
//!
//! - [`ballot`]: an election (options, withdrawn ones, seats) and its ballots, each a weak
//!   order over a subset of the options, identical ballots grouped with a count.
//! - [`parse`]: the BLT format and the line format `N: A>B=C`, errors naming the line.
//! - [`tie`]: the tie policy recorded with every result.
//! - [`pairwise`], [`condorcet`]: the pairwise matrix; Condorcet winner, Smith set, Copeland,
//!   minimax, Schulze, Ranked Pairs. [`borda`], [`irv`]: the positional and runoff methods.
//!   [`cardinal`]: approval and score. [`stv`]: Scottish STV. [`meek`]: Meek STV.
//! - [`result`]: what every method returns, and its stable JSON shape.

pub mod ballot;
pub mod borda;
pub mod cardinal;
pub mod condorcet;
pub mod explore;
pub mod irv;
pub mod meek;
pub mod pairwise;
pub mod parse;
pub mod result;
pub mod stv;
pub mod tie;

pub use ballot::{Ballot, Election};
pub use result::{BrokenTie, Round, TallyResult, TieFor};
pub use tie::TiePolicy;

use serde::{Deserialize, Serialize};

/// An option's index in [`Election::candidates`].
pub type Cand = usize;

crate::domain::stored::stored_enum! {
    /// The counting methods, by their command-line names.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Method {
        Schulze,
        RankedPairs,
        Irv,
        Borda,
        Copeland,
        Minimax,
        Condorcet,
        Approval,
        Score,
        StvScottish,
        StvMeek,
        YesNo,
    }
}

impl Method {
    pub const ALL: [Method; 12] = [
        Method::Schulze,
        Method::RankedPairs,
        Method::Irv,
        Method::Borda,
        Method::Copeland,
        Method::Minimax,
        Method::Condorcet,
        Method::Approval,
        Method::Score,
        Method::StvScottish,
        Method::StvMeek,
        Method::YesNo,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Schulze => "schulze",
            Method::RankedPairs => "ranked-pairs",
            Method::Irv => "irv",
            Method::Borda => "borda",
            Method::Copeland => "copeland",
            Method::Minimax => "minimax",
            Method::Condorcet => "condorcet",
            Method::Approval => "approval",
            Method::Score => "score",
            Method::StvScottish => "stv-scottish",
            Method::StvMeek => "stv-meek",
            Method::YesNo => "yes-no",
        }
    }

    /// The kind of ballot the method counts.
    pub fn reads(self) -> Kind {
        match self {
            Method::Score => Kind::Score,
            Method::YesNo => Kind::Answers,
            _ => Kind::Ranked,
        }
    }
}

/// The kinds of ballots a file may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Rankings `N: A>B=C` (approval ballots too: `N: A=B`).
    Ranked,
    /// Scores `N: A:5 B:3`.
    Score,
    /// Answers `N: A:yes B:no C:abstain`.
    Answers,
}

impl Kind {
    pub fn example(self) -> &'static str {
        match self {
            Kind::Ranked => "`N: A>B=C`",
            Kind::Score => "`N: A:5 B:3`",
            Kind::Answers => "`N: A:yes B:no C:abstain`",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ranked => "ranked",
            Kind::Score => "score",
            Kind::Answers => "yes/no/abstain",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
                format!("unknown method {s:?}: use one of {}", names.join(", "))
            })
    }
}

/// Options of a count beyond the ballots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub tie: TiePolicy,
    pub irv: irv::IrvOptions,
    /// Yes/no/abstain: the qualified majority, if any (else more yes than no).
    pub threshold: Option<cardinal::Threshold>,
}

/// Runs `method` on `e`.
pub fn count(e: &Election, method: Method, opts: &Options) -> Result<TallyResult, TallyError> {
    let tie = &opts.tie;
    // Ballots of another kind than the method reads (score ballots read as rankings, or
    // the reverse) would silently count nothing of what the voters marked.
    let held = [
        (Kind::Ranked, !e.ballots.is_empty()),
        (Kind::Score, !e.scores.is_empty()),
        (Kind::Answers, !e.answers.is_empty()),
    ];
    if let Some((other, _)) = held.iter().find(|(k, any)| *any && *k != method.reads()) {
        return Err(TallyError::Invalid(format!(
            "this file has {} ballots ({}), which {} does not count{}",
            other.name(),
            other.example(),
            method.as_str(),
            match other {
                Kind::Score => ": count them with the score method",
                Kind::Answers => ": count them with the yes-no method",
                Kind::Ranked => "",
            }
        )));
    }
    match method {
        Method::Schulze => condorcet::schulze(e, tie),
        Method::RankedPairs => condorcet::ranked_pairs(e, tie),
        Method::Irv => irv::irv(e, opts.irv, tie),
        Method::Borda => borda::borda(e, tie),
        Method::Copeland => condorcet::copeland(e, tie),
        Method::Minimax => condorcet::minimax(e, tie),
        Method::Condorcet => condorcet::condorcet(e, tie),
        Method::Approval => cardinal::approval(e, tie),
        Method::Score => cardinal::score(e, tie),
        Method::StvScottish => stv::scottish(e, tie),
        Method::StvMeek => meek::meek(e, tie),
        Method::YesNo => cardinal::yes_no(e, opts.threshold, tie),
    }
}

/// A block's count as `redacta tally` prints it: the result, its JSON (with `sources`,
/// each source counted apart, when the ballots were cast in several places) and the
/// transcript. The platform publishes exactly this for each question of a vote.
pub fn report(
    e: &Election,
    method: Method,
    opts: &Options,
) -> Result<(TallyResult, serde_json::Value, String), TallyError> {
    let result = count(e, method, opts)?;
    let mut json = result.to_json(e);
    let mut text = String::new();
    if e.sources.len() > 1 {
        let mut apart = Vec::new();
        for (s, name) in e.sources.iter().enumerate() {
            let only = e.source_only(u16::try_from(s).unwrap_or(u16::MAX));
            let r = count(&only, method, opts)
                .map_err(|err| TallyError::Invalid(format!("{name}: {err}")))?;
            text.push_str(&format!("\n== Source: {name} (counted apart) ==\n"));
            text.push_str(&r.to_text(&only));
            apart.push(serde_json::json!({"source": name, "result": r.to_json(&only)}));
        }
        json["sources"] = serde_json::Value::Array(apart);
        text.push_str("\n== All sources together ==\n");
    }
    text.push_str(&result.to_text(e));
    Ok((result, json, text))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TallyError {
    /// A malformed ballot file: the line (1-based) and what is wrong with it.
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl TallyError {
    pub fn parse(line: usize, message: impl Into<String>) -> Self {
        TallyError::Parse {
            line,
            message: message.into(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Random elections: up to 5 options, up to 12 distinct ballots, weak orders over
    /// subsets.
    fn election() -> impl Strategy<Value = Election> {
        (2usize..=5).prop_flat_map(|n| {
            let ballot = (
                1u64..=20,
                proptest::collection::vec((0..n, 0usize..3), 0..=n),
            );
            proptest::collection::vec(ballot, 1..12).prop_map(move |raw| {
                let mut e = Election::new((0..n).map(|i| format!("o{i}")).collect(), 1);
                for (count, marks) in raw {
                    // Each option at most once; the second number groups equal ranks.
                    let mut ranks: Vec<Vec<Cand>> = Vec::new();
                    let mut used = vec![false; n];
                    for (c, same) in marks {
                        if std::mem::replace(&mut used[c], true) {
                            continue;
                        }
                        match ranks.last_mut() {
                            Some(last) if same == 0 => last.push(c),
                            _ => ranks.push(vec![c]),
                        }
                    }
                    e.add(count, ranks).unwrap();
                }
                e
            })
        })
    }

    type Method = fn(&Election, &TiePolicy) -> Result<TallyResult, TallyError>;
    const CONDORCET: [Method; 4] = [
        condorcet::schulze,
        condorcet::ranked_pairs,
        condorcet::copeland,
        condorcet::minimax,
    ];

    fn irv_default(e: &Election, t: &TiePolicy) -> Result<TallyResult, TallyError> {
        irv::irv(e, irv::IrvOptions::default(), t)
    }

    fn sorted(v: &[Cand]) -> Vec<Cand> {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    }

    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut out = Vec::new();
        for p in permutations(n - 1) {
            for at in 0..=p.len() {
                let mut q = p.clone();
                q.insert(at, n - 1);
                out.push(q);
            }
        }
        out
    }

    /// Ranked Pairs by brute force: every order of the defeats that keeps stronger ones
    /// first, each locked greedily; (options every order elects, options some order elects
    /// or leaves tied and others do not).
    fn ranked_pairs_brute_force(e: &Election) -> (Vec<Cand>, Vec<Cand>) {
        let n = e.candidates.len();
        let d = pairwise::matrix(n, &e.grouped());
        let active = e.active();
        let mut defeats: Vec<((u64, std::cmp::Reverse<u64>), Cand, Cand)> = Vec::new();
        for &i in &active {
            for &j in &active {
                if i != j && d[i][j] > d[j][i] {
                    defeats.push(((d[i][j], std::cmp::Reverse(d[j][i])), i, j));
                }
            }
        }
        defeats.sort_by_key(|d| std::cmp::Reverse(d.0));
        // Every order: the product of the orders of each batch of equal strength.
        let mut orders: Vec<Vec<(Cand, Cand)>> = vec![Vec::new()];
        let mut i = 0;
        while i < defeats.len() {
            let end = (i..defeats.len())
                .find(|&k| defeats[k].0 != defeats[i].0)
                .unwrap_or(defeats.len());
            let batch = &defeats[i..end];
            orders = orders
                .iter()
                .flat_map(|o| {
                    permutations(batch.len()).into_iter().map(move |p| {
                        let mut o = o.clone();
                        o.extend(p.iter().map(|&k| (batch[k].1, batch[k].2)));
                        o
                    })
                })
                .collect();
            i = end;
        }
        let mut outcomes: Vec<(Vec<Cand>, Vec<Cand>)> = Vec::new();
        for order in orders {
            let mut edge = vec![vec![false; n]; n];
            let reach = |edge: &Vec<Vec<bool>>, a: Cand, b: Cand| {
                let mut seen = vec![false; n];
                let mut stack = vec![a];
                while let Some(x) = stack.pop() {
                    if x == b {
                        return true;
                    }
                    if !std::mem::replace(&mut seen[x], true) {
                        stack.extend((0..n).filter(|&y| edge[x][y]));
                    }
                }
                false
            };
            for &(a, b) in &order {
                if !reach(&edge, b, a) {
                    edge[a][b] = true;
                }
            }
            let groups = condorcet::layers(&active, |a, b| a != b && reach(&edge, a, b));
            let (w, _, t, _) = condorcet::settle(groups, e.seats, &TiePolicy::None, n);
            outcomes.push((sorted(&w), sorted(&t)));
        }
        // Every order agreeing is the plain result; otherwise the same split as the count.
        let first = &outcomes[0];
        if outcomes.iter().all(|o| o == first) {
            return first.clone();
        }
        condorcet::split_outcomes(&active, &outcomes)
    }

    proptest! {
        #[test]
        fn condorcet_methods_elect_the_condorcet_winner(e in election()) {
            let d = pairwise::matrix(e.candidates.len(), &e.grouped());
            if let Some(w) = pairwise::condorcet_winner(&d, &e.active()) {
                for method in CONDORCET {
                    let r = method(&e, &TiePolicy::None).unwrap();
                    prop_assert_eq!(&r.winners, &vec![w], "{}", r.method);
                }
                prop_assert_eq!(condorcet::condorcet(&e, &TiePolicy::None).unwrap().winners, vec![w]);
            }
        }

        #[test]
        fn results_do_not_depend_on_ballot_order(e in election(), seed in any::<u64>()) {
            let mut shuffled = e.clone();
            let order = tie::lot_order(shuffled.ballots.len(), seed);
            shuffled.ballots = e.ballots.reordered(&order);
            let methods: [Method; 9] = [
                condorcet::schulze, condorcet::ranked_pairs, condorcet::copeland,
                condorcet::minimax, condorcet::condorcet, borda::borda, irv_default,
                stv::scottish, meek::meek,
            ];
            for method in methods {
                let a = method(&e, &TiePolicy::LookBack).unwrap();
                let b = method(&shuffled, &TiePolicy::LookBack).unwrap();
                prop_assert_eq!(a, b);
            }
        }

        #[test]
        fn exported_ballots_count_the_same(e in election()) {
            for text in [parse::to_blt(&e), parse::to_lines(&e)] {
                let back = parse::parse_any(&text).unwrap();
                prop_assert_eq!(back.merge(true), e.merge(true));
                prop_assert_eq!(
                    condorcet::schulze(&back, &TiePolicy::None).unwrap().ranking,
                    condorcet::schulze(&e, &TiePolicy::None).unwrap().ranking
                );
            }
        }

        #[test]
        fn open_ties_are_reported_only_when_they_matter(e in election()) {
            // Every explicit tie order elects what an open-tie count elects for sure, and
            // nothing outside its winners and contenders; with no contenders, exactly its
            // winners.
            let n = e.candidates.len();
            let orders = permutations(n);
            for method in [irv_default as Method, stv::scottish, meek::meek] {
                let open = method(&e, &TiePolicy::None).unwrap();
                for order in &orders {
                    let r = method(&e, &TiePolicy::Order { order: order.clone() }).unwrap();
                    prop_assert!(r.tied.is_empty());
                    for w in &open.winners {
                        prop_assert!(r.winners.contains(w), "{}: {:?} vs {:?}", r.method, open.winners, r.winners);
                    }
                    for w in &r.winners {
                        prop_assert!(open.winners.contains(w) || open.tied.contains(w));
                    }
                    if open.tied.is_empty() {
                        prop_assert_eq!(sorted(&open.winners), sorted(&r.winners));
                    }
                }
            }
        }

        #[test]
        fn ranked_pairs_ties_match_every_order_of_equal_defeats(e in election()) {
            prop_assume!(e.candidates.len() <= 4);
            let expected = ranked_pairs_brute_force(&e);
            let r = condorcet::ranked_pairs(&e, &TiePolicy::None).unwrap();
            prop_assert_eq!((sorted(&r.winners), sorted(&r.tied)), expected);
        }

        #[test]
        fn a_strict_tie_policy_always_decides(e in election(), seed in any::<u64>()) {
            let lot = TiePolicy::Lot { seed };
            for method in [condorcet::schulze, borda::borda, irv_default] {
                let r = method(&e, &lot).unwrap();
                prop_assert!(r.tied.is_empty());
                prop_assert_eq!(r.winners.len(), 1);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod parse_errors {
    use super::parse::{parse_blt, parse_lines};
    use super::TallyError;

    fn line_of(r: Result<super::Election, TallyError>) -> usize {
        match r {
            Err(TallyError::Parse { line, .. }) => line,
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    /// A `# source:` line before any ballot names the first source; later ones add
    /// sources; both formats write a first source that is not `online` and read it back.
    #[test]
    fn a_first_source_line_names_the_first_source() {
        let e = parse_lines(
            "# candidates: A, B\n# source: online and small rooms\n2: A\n# source: room 3\n1: B\n",
        )
        .unwrap();
        assert_eq!(e.sources, ["online and small rooms", "room 3"]);
        assert_eq!(e.source_only(0).total(), 2);
        for text in [super::parse::to_lines(&e), super::parse::to_blt(&e)] {
            let back = super::parse::parse_any(&text).unwrap();
            assert_eq!(back.sources, e.sources, "{text}");
            assert_eq!(back.source_only(1).total(), 1);
        }
        // After a ballot, a new name is a new source: the earlier ballots stay online.
        let later = parse_lines("# candidates: A, B\n1: A\n# source: room 3\n1: B\n").unwrap();
        assert_eq!(later.sources, ["online", "room 3"]);
        let blt = parse_blt("2 1\n# source: room 9\n1 1 0\n0\n\"A\"\n\"B\"\n\"t\"\n").unwrap();
        assert_eq!(blt.sources, ["room 9"]);
    }

    /// A title that reads like a directive stays a title in the line format.
    #[test]
    fn a_title_is_never_read_as_a_directive() {
        for title in [
            "seats: 1",
            "block: X",
            "candidates: Z",
            "method: score",
            "source: room",
        ] {
            let mut e = parse_lines("# candidates: A, B\n# seats: 1\n2: A>B\n1: B\n").unwrap();
            e.title = Some(title.to_string());
            let blocks =
                super::parse::read_line_blocks(super::parse::to_lines(&e).as_bytes()).unwrap();
            assert_eq!(blocks.len(), 1, "{title}");
            assert_eq!(blocks[0].name, None, "{title}");
            assert_eq!(blocks[0].method, None, "{title}");
            assert_eq!(blocks[0].election.candidates, ["A", "B"], "{title}");
            assert_eq!(blocks[0].election.sources, ["online"], "{title}");
        }
    }

    #[test]
    fn malformed_files_name_the_line() {
        assert_eq!(
            line_of(parse_lines("# candidates: A, B\n3: A>B\nx: A\n")),
            3
        );
        assert_eq!(line_of(parse_lines("# candidates: A, B\n3: A>C\n")), 2);
        assert_eq!(line_of(parse_lines("2: A>B>A\n")), 1);
        assert_eq!(line_of(parse_lines("# seats: zero\n")), 1);
        assert_eq!(line_of(parse_lines("1 A B\n")), 1);
        assert_eq!(
            line_of(parse_blt("2 1\n1 1 3 0\n0\n\"A\"\n\"B\"\n\"t\"\n")),
            2
        );
        assert_eq!(
            line_of(parse_blt("2 1\n1 1 2\n0\n\"A\"\n\"B\"\n\"t\"\n")),
            2
        );
        assert_eq!(line_of(parse_blt("2 1\n1 1 0\n0\n\"A\"\nB\n\"t\"\n")), 5);
        assert_eq!(line_of(parse_blt("2 1\n1 1 0\n0\n\"A\"\n")), 4);
        assert_eq!(line_of(parse_blt("2 3\n0\n")), 1);
        assert_eq!(line_of(parse_blt("2 1\n[bogus x]\n0\n")), 2);
        assert_eq!(line_of(parse_blt("2 1\n1 1 0\n")), 2);
    }

    #[test]
    fn comments_quotes_and_ids_are_read() {
        let e = parse_blt(
            "# a comment\n3 1 # options and seats\n(b1) 2 1=2 3 0\n1 3 0\n0\n\"Ann # not a comment\"\n\"Bo\"\n\"Cy\"\n\"Title\"\nanything after the title\n",
        )
        .unwrap();
        assert_eq!(e.candidates, ["Ann # not a comment", "Bo", "Cy"]);
        assert_eq!(
            e.ballots.get(0).to_ballot().ranks,
            vec![vec![0, 1], vec![2]]
        );
        assert_eq!(e.total(), 3);
    }
}
