//! Ballot files.
//!
//! The line format (ABIF's ballot lines): `# candidates: A, B, C` declares the options
//! (also those on no ballot), `# seats: N` the seats, other `#` lines are comments, and
//! `N: A>B=C` stands for N identical ballots (`>` strict preference, `=` equal rank).
//! Without a `# candidates:` line, options are declared by their first appearance.
//!
//! BLT (as read by OpenSTV and Droop): a first line `options seats`; optional lines of
//! negative numbers (withdrawn options), `[nick a b c]`, `[withdrawn a b]` and
//! `[tie 3 2 1]`; ballot lines `weight o1 o2 ... 0` (options by number or nickname, `=`
//! joining equal ranks, an optional `(id)` first); a `0` line; one quoted name per option;
//! a quoted title. `#` starts a comment; whatever follows the title is ignored.
//!
//! Both are read as a stream, a line at a time ([`read_any`]), into the flat ballot store:
//! a million-line file is never held in memory twice.

use super::ballot::{Answer, Marked, MAX_OPTIONS};
use super::cardinal::Threshold;
use super::{Cand, Election, Method, TallyError};
use std::collections::HashMap;
use std::io::BufRead;

const MAX_COUNT: u64 = 1 << 40;

/// Voters counted so far, refusing a total a count could not hold exactly (more than
/// 2^64 - 1 voters).
fn add_voters(total: &mut u64, count: u64, line: usize) -> Result<(), TallyError> {
    *total = total.checked_add(count).ok_or_else(|| {
        err(
            line,
            "more voters in all than can be counted exactly (2^64 - 1 at most)",
        )
    })?;
    Ok(())
}

/// FNV-1a: names are short and chosen by whoever wrote the file, which is also who waits
/// for the count, so a fast hash is enough here (5 million lookups in a city's file).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Option names and their indexes while reading (a linear search per name made reading a
/// long `# candidates:` line quadratic).
#[derive(Default)]
struct Names(HashMap<String, Cand, std::hash::BuildHasherDefault<Fnv>>);

impl Names {
    fn get(&self, name: &str) -> Option<Cand> {
        self.0.get(name).copied()
    }
    /// Declares `name` as the next option of `e`.
    fn declare(&mut self, e: &mut Election, name: &str, line: usize) -> Result<Cand, TallyError> {
        let c = e.candidates.len();
        if c >= MAX_OPTIONS {
            return Err(err(line, format!("more than {MAX_OPTIONS} options")));
        }
        e.candidates.push(name.to_string());
        e.withdrawn.push(false);
        self.0.insert(name.to_string(), c);
        Ok(c)
    }
}

fn err(line: usize, message: impl Into<String>) -> TallyError {
    TallyError::parse(line, message)
}

/// A file's lines, one at a time in one buffer: (number, text without its line end). A
/// leading UTF-8 byte-order mark (spreadsheets and Windows editors write one) is dropped.
struct Lines<R> {
    r: R,
    buf: String,
    no: usize,
}

impl<R: BufRead> Lines<R> {
    fn new(r: R) -> Self {
        Lines {
            r,
            buf: String::new(),
            no: 0,
        }
    }

    fn next(&mut self) -> Option<Result<(usize, &str), TallyError>> {
        self.buf.clear();
        self.no += 1;
        match self.r.read_line(&mut self.buf) {
            Ok(0) => None,
            Ok(_) => {
                let mut line = self.buf.trim_end_matches(['\n', '\r']);
                if self.no == 1 {
                    line = line.strip_prefix('\u{feff}').unwrap_or(line);
                }
                Some(Ok((self.no, line)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                Some(Err(err(self.no, "not UTF-8 text")))
            }
            Err(e) => Some(Err(err(self.no, format!("cannot read: {e}")))),
        }
    }
}

/// Reads either format from text: BLT when the first meaningful line is two numbers.
pub fn parse_any(text: &str) -> Result<Election, TallyError> {
    read_any(text.as_bytes())
}

pub fn parse_lines(text: &str) -> Result<Election, TallyError> {
    read_lines(text.as_bytes())
}

pub fn parse_blt(text: &str) -> Result<Election, TallyError> {
    read_blt(text.as_bytes())
}

/// Reads either format from a stream: BLT when the first meaningful line is two numbers.
/// A file of several blocks is refused (see [`read_any_blocks`]).
pub fn read_any<R: BufRead>(r: R) -> Result<Election, TallyError> {
    one_block(read_any_blocks(r)?)
}

/// Reads either format from a stream, every block (a BLT file is one).
pub fn read_any_blocks<R: BufRead>(mut r: R) -> Result<Vec<Block>, TallyError> {
    // The lines up to the first meaningful one, kept to be read again.
    let mut head: Vec<u8> = Vec::new();
    let mut no = 0;
    let is_blt = loop {
        let start = head.len();
        no += 1;
        let read = r
            .read_until(b'\n', &mut head)
            .map_err(|e| err(no, format!("cannot read: {e}")))?;
        if read == 0 {
            break false;
        }
        let line = String::from_utf8_lossy(&head[start..]);
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        break parts.len() == 2 && parts.iter().all(|p| p.parse::<u64>().is_ok());
    };
    let whole = std::io::Read::chain(std::io::Cursor::new(head), r);
    if is_blt {
        Ok(vec![Block {
            name: None,
            method: None,
            choose: None,
            threshold: None,
            election: read_blt(whole)?,
        }])
    } else {
        read_line_blocks(whole)
    }
}

/// One question of a ballot file: its options, ballots and count settings. A file without
/// `# block:` lines is one unnamed block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub name: Option<String>,
    /// `# method: M`: how this block is counted (the command line may say otherwise).
    pub method: Option<Method>,
    /// `# choose: K`: an approval block's most options one ballot may approve.
    pub choose: Option<usize>,
    /// `# threshold: p/q`: a yes/no block's qualified majority.
    pub threshold: Option<Threshold>,
    pub election: Election,
}

/// The block being read, and what reading it needs.
struct Reading {
    block: Block,
    names: Names,
    declared: bool,
    any_ballot: bool,
    seats_line: Option<usize>,
    voters: u64,
    marked_voters: u64,
    source: u16,
}

impl Reading {
    fn new(name: Option<String>) -> Self {
        Reading {
            block: Block {
                name,
                method: None,
                choose: None,
                threshold: None,
                election: Election::new(Vec::new(), 1),
            },
            names: Names::default(),
            declared: false,
            any_ballot: false,
            seats_line: None,
            voters: 0,
            marked_voters: 0,
            source: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.block.name.is_none() && !self.declared && !self.any_ballot
    }

    fn finish(self, line: usize) -> Result<Block, TallyError> {
        let e = &self.block.election;
        if e.candidates.is_empty() {
            let what = match &self.block.name {
                Some(name) => format!("block {name:?} has no candidates and no ballots"),
                None => "no candidates and no ballots".into(),
            };
            return Err(err(line, what));
        }
        if let Some(line) = self.seats_line.filter(|_| e.seats > e.candidates.len()) {
            return Err(err(
                line,
                format!(
                    "bad number of seats {} for {} options",
                    e.seats,
                    e.candidates.len()
                ),
            ));
        }
        Ok(self.block)
    }
}

/// Reads a file in the line format with one block (a file of several is refused: read it
/// with [`read_line_blocks`]).
pub fn read_lines<R: BufRead>(r: R) -> Result<Election, TallyError> {
    one_block(read_line_blocks(r)?)
}

fn one_block(mut blocks: Vec<Block>) -> Result<Election, TallyError> {
    if blocks.len() != 1 {
        return Err(TallyError::Invalid(format!(
            "this file has {} blocks (questions): count each block, e.g. with `redacta tally`",
            blocks.len()
        )));
    }
    Ok(blocks.remove(0).election)
}

/// Reads a file in the line format, every block of it. Besides ballots and the
/// `# candidates:` and `# seats:` lines, a block may say `# block: NAME` (a new question
/// starts), `# method: M`, `# choose: K` (approval: at most K options per ballot),
/// `# threshold: p/q` (yes/no), and `# source: NAME` (the ballots that follow were cast
/// there, e.g. `# source: room Assembly 12`; `online` until then).
pub fn read_line_blocks<R: BufRead>(r: R) -> Result<Vec<Block>, TallyError> {
    let mut lines = Lines::new(r);
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur = Reading::new(None);
    let mut seen: Vec<bool> = Vec::new();
    let mut ranks: Vec<Vec<Cand>> = Vec::new();
    let mut last = 1;
    while let Some(item) = lines.next() {
        let (line, raw) = item?;
        last = line;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(comment) = l.strip_prefix('#') {
            let c = comment.trim();
            let directive = |key: &str| c.strip_prefix(key).map(str::trim);
            if let Some(name) = directive("block:") {
                if name.is_empty() {
                    return Err(err(line, "a block needs a name"));
                }
                if blocks.iter().any(|b| b.name.as_deref() == Some(name)) {
                    return Err(err(line, format!("block {name:?} appears twice")));
                }
                let done = std::mem::replace(&mut cur, Reading::new(Some(name.to_string())));
                if !done.is_empty() {
                    blocks.push(done.finish(line)?);
                }
            } else if let Some(list) = directive("candidates:") {
                if cur.declared || cur.any_ballot {
                    return Err(err(
                        line,
                        "the candidates must be declared once, before the ballots",
                    ));
                }
                for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if cur.names.get(name).is_some() {
                        return Err(err(line, format!("{name} is declared twice")));
                    }
                    cur.names.declare(&mut cur.block.election, name, line)?;
                }
                cur.declared = true;
            } else if let Some(n) = directive("seats:") {
                cur.block.election.seats = n
                    .parse()
                    .ok()
                    .filter(|&s| s > 0)
                    .ok_or_else(|| err(line, format!("bad number of seats {n:?}")))?;
                cur.seats_line = Some(line);
            } else if let Some(m) = directive("method:") {
                cur.block.method = Some(m.parse().map_err(|e: String| err(line, e))?);
            } else if let Some(k) = directive("choose:") {
                cur.block.choose = Some(
                    k.parse()
                        .ok()
                        .filter(|&k| k > 0)
                        .ok_or_else(|| err(line, format!("bad number to choose {k:?}")))?,
                );
            } else if let Some(t) = directive("threshold:") {
                cur.block.threshold = Some(t.parse().map_err(|e: String| err(line, e))?);
            } else if let Some(name) = directive("source:") {
                if name.is_empty() || name.len() > 200 {
                    return Err(err(line, "a source needs a name (at most 200 bytes)"));
                }
                cur.source =
                    source_index(&mut cur.block.election.sources, name, !cur.any_ballot, line)?;
            }
            continue;
        }
        cur.any_ballot = true;
        let (count, ranking) = l
            .split_once(':')
            .ok_or_else(|| err(line, "expected `N: A>B=C`"))?;
        let count: u64 = count
            .trim()
            .parse()
            .ok()
            .filter(|&c| c <= MAX_COUNT)
            .ok_or_else(|| err(line, format!("bad ballot count {:?}", count.trim())))?;
        let Reading {
            block,
            names,
            declared,
            marked_voters,
            source,
            ..
        } = &mut cur;
        let (declared, source) = (*declared, *source);
        let e = &mut block.election;
        // Names resolve at once (declared by their first appearance when no
        // `# candidates:` line came first).
        let mut option = |name: &str, e: &mut Election| -> Result<Cand, TallyError> {
            match names.get(name) {
                Some(c) => Ok(c),
                None if !declared => names.declare(e, name, line),
                None => Err(err(line, format!("{name} is not a declared candidate"))),
            }
        };
        // A ballot marking options one by one: `N: A:400 B:200` or `N: A:yes B:no`.
        if ranking.contains(':') {
            let mut scores: Vec<(Cand, u64)> = Vec::new();
            let mut answers: Vec<(Cand, Answer)> = Vec::new();
            // `name:mark` pairs; a name may hold spaces, a mark may not.
            let mut rest = ranking.trim();
            while !rest.is_empty() {
                let (name, after) = rest.split_once(':').ok_or_else(|| {
                    err(
                        line,
                        format!("expected `option:score` or `option:yes`, not {rest:?}"),
                    )
                })?;
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                let (mark, tail) = after.split_at(end);
                rest = tail.trim_start();
                let name = name.trim();
                if name.is_empty() || mark.is_empty() {
                    return Err(err(line, "expected `option:score` or `option:yes`"));
                }
                let c = option(name, e)?;
                if scores.iter().any(|&(x, _)| x == c) || answers.iter().any(|&(x, _)| x == c) {
                    return Err(err(line, format!("{name} is marked twice")));
                }
                match Answer::parse(mark) {
                    Some(a) => answers.push((c, a)),
                    None => scores.push((
                        c,
                        mark.parse()
                            .ok()
                            .filter(|&s| s <= MAX_COUNT)
                            .ok_or_else(|| err(line, format!("bad score {mark:?}")))?,
                    )),
                }
            }
            if !scores.is_empty() && !answers.is_empty() {
                return Err(err(line, "a ballot gives scores or answers, not both"));
            }
            add_voters(marked_voters, count, line)?;
            if answers.is_empty() {
                e.scores.push(Marked {
                    count,
                    marks: scores,
                    source,
                });
            } else {
                e.answers.push(Marked {
                    count,
                    marks: answers,
                    source,
                });
            }
            continue;
        }
        // The ranks go into reused vectors: no allocation per ballot.
        let mut used = 0;
        if !ranking.trim().is_empty() {
            for group in ranking.split('>') {
                if used == ranks.len() {
                    ranks.push(Vec::new());
                }
                ranks[used].clear();
                for name in group.split('=') {
                    let name = name.trim();
                    if name.is_empty() {
                        return Err(err(line, "an empty option name"));
                    }
                    if name.contains([',', ':']) {
                        return Err(err(line, format!("bad option name {name:?}")));
                    }
                    let c = option(name, e)?;
                    ranks[used].push(c);
                }
                used += 1;
            }
        }
        if block.method == Some(Method::Approval) {
            if used > 1 {
                return Err(err(
                    line,
                    "an approval ballot lists the options it approves with `=`, not `>`",
                ));
            }
            let approved = ranks.first().map_or(0, Vec::len) * usize::from(used > 0);
            if let Some(k) = block.choose.filter(|&k| approved > k) {
                return Err(err(
                    line,
                    format!(
                        "this ballot approves {approved} options; the block allows {k} at most"
                    ),
                ));
            }
        }
        add_voters(&mut cur.voters, count, line)?;
        let e = &mut cur.block.election;
        seen.resize(e.candidates.len(), false);
        e.add_with(count, cur.source, &mut ranks[..used], &mut seen)
            .map_err(|m| err(line, m))?;
    }
    if !cur.is_empty() || blocks.is_empty() {
        blocks.push(cur.finish(last)?);
    }
    Ok(blocks)
}

/// Splits a line into tokens: words, and quoted strings (with their quotes). A `#` outside
/// quotes ends the line.
fn tokens(line: &str, no: usize) -> Result<Vec<String>, TallyError> {
    // Most lines (ballots) have no quotes: split them directly.
    if !line.contains('"') {
        let code = line.split('#').next().unwrap_or_default();
        return Ok(code.split_whitespace().map(str::to_string).collect());
    }
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&ch) = chars.peek() {
        if ch.is_whitespace() {
            chars.next();
        } else if ch == '#' {
            break;
        } else if ch == '"' {
            chars.next();
            let mut s = String::from("\"");
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                s.push(c);
            }
            if !closed {
                return Err(err(no, "a quoted name is not closed"));
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '#' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    Ok(out)
}

/// An option named in a BLT file: by nickname, else by number (1-based).
fn resolve(name: &str, no: usize, nicks: &Names, n: usize) -> Result<Cand, TallyError> {
    if let Some(i) = nicks.get(name) {
        return Ok(i);
    }
    name.parse::<usize>()
        .ok()
        .filter(|&c| c >= 1 && c <= n)
        .map(|c| c - 1)
        .ok_or_else(|| err(no, format!("unknown option {name:?}")))
}

/// A BLT ballot line's weight, added to the voters counted so far.
fn blt_weight(text: &str, no: usize, voters: &mut u64) -> Result<u64, TallyError> {
    let weight: u64 = text
        .parse()
        .ok()
        .filter(|&w| w <= MAX_COUNT)
        .ok_or_else(|| err(no, format!("bad ballot weight {text:?}")))?;
    add_voters(voters, weight, no)?;
    Ok(weight)
}

/// Puts a BLT ballot's rank `mark` (`3`, `3=5`, or nicknames) in `ranks[used]`, reusing
/// the vector.
fn blt_rank(
    ranks: &mut Vec<Vec<Cand>>,
    used: usize,
    mark: &str,
    no: usize,
    nicks: &Names,
    n: usize,
) -> Result<(), TallyError> {
    if used == ranks.len() {
        ranks.push(Vec::new());
    }
    ranks[used].clear();
    for x in mark.split('=') {
        ranks[used].push(resolve(x, no, nicks, n)?);
    }
    Ok(())
}

pub fn read_blt<R: BufRead>(r: R) -> Result<Election, TallyError> {
    let mut lines = Lines::new(r);
    let mut voters = 0u64;
    // The next line with something on it, as tokens (names and option lines).
    fn next_tokens<R: BufRead>(
        lines: &mut Lines<R>,
    ) -> Option<Result<(usize, Vec<String>), TallyError>> {
        loop {
            let (no, line) = match lines.next()? {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            match tokens(line, no) {
                Ok(t) if t.is_empty() => continue,
                Ok(t) => return Some(Ok((no, t))),
                Err(e) => return Some(Err(e)),
            }
        }
    }
    let (no, head) = next_tokens(&mut lines).ok_or_else(|| err(1, "the file is empty"))??;
    let nums: Vec<usize> = head.iter().filter_map(|t| t.parse().ok()).collect();
    if head.len() != 2 || nums.len() != 2 {
        return Err(err(no, "expected `options seats` on the first line"));
    }
    let (n, seats) = (nums[0], nums[1]);
    if n == 0 || n > 10_000 {
        return Err(err(no, format!("bad number of options {n}")));
    }
    if seats == 0 || seats > n {
        return Err(err(
            no,
            format!("bad number of seats {seats} for {n} options"),
        ));
    }
    let mut e = Election::new((1..=n).map(|i| format!("#{i}")).collect(), seats);
    let mut nicks = Names::default();
    let mut withdrawn_nicks: Vec<(usize, String)> = Vec::new();
    let mut tie_raw: Option<(usize, Vec<String>)> = None;
    let mut seen = vec![false; n];
    let mut ranks: Vec<Vec<Cand>> = Vec::new();
    let mut source = 0u16;
    // Options, ballots, up to the `0` line.
    let mut last = no;
    loop {
        let (no, line) = lines
            .next()
            .ok_or_else(|| err(last, "the ballots do not end with a `0` line"))??;
        last = no;
        // `# source: NAME` (a comment to other programs, which count every ballot
        // together): the ballots that follow were cast there.
        if let Some(name) = line.trim().strip_prefix("# source:").map(str::trim) {
            if name.is_empty() || name.len() > 200 {
                return Err(err(no, "a source needs a name (at most 200 bytes)"));
            }
            source = source_index(&mut e.sources, name, e.ballots.is_empty(), no)?;
            continue;
        }
        // Ballot lines (the million of them) are split in place; lines with quotes or
        // options go through the tokenizer.
        let code = if line.contains('"') {
            None
        } else {
            Some(line.split('#').next().unwrap_or_default().trim())
        };
        // The common case, a plain ballot line `weight o1 o2 ... 0`, read without
        // collecting its words.
        if let Some(code) = code {
            let mut it = code.split_ascii_whitespace();
            let weight = it.next().filter(|w| w.as_bytes()[0].is_ascii_digit());
            if let Some(weight) = weight {
                let mut next = it.next();
                if weight == "0" && next.is_none() {
                    break;
                }
                let weight = blt_weight(weight, no, &mut voters)?;
                let mut used = 0;
                let mut ended = false;
                while let Some(x) = next {
                    if ended {
                        return Err(err(no, "a ballot must end with 0"));
                    }
                    if x == "0" {
                        ended = true;
                    } else {
                        blt_rank(&mut ranks, used, x, no, &nicks, n)?;
                        used += 1;
                    }
                    next = it.next();
                }
                if !ended {
                    return Err(err(no, "a ballot must end with 0"));
                }
                e.add_with(weight, source, &mut ranks[..used], &mut seen)
                    .map_err(|m| err(no, m))?;
                continue;
            }
        }
        let t: Vec<String>;
        let words: Vec<&str> = match code {
            Some(code) if !code.starts_with('[') => code.split_ascii_whitespace().collect(),
            _ => {
                t = tokens(line, no)?;
                t.iter().map(String::as_str).collect()
            }
        };
        let Some(first) = words.first() else {
            continue;
        };
        if first.starts_with('[') {
            let joined = words.join(" ");
            let rest = &joined[1..];
            let inner = rest
                .strip_suffix(']')
                .ok_or_else(|| err(no, "an option line `[...]` is not closed"))?;
            let mut parts = inner.split_whitespace();
            let kind = parts.next().unwrap_or_default();
            let args: Vec<String> = parts.map(str::to_string).collect();
            match kind {
                "nick" => {
                    if args.len() != n {
                        return Err(err(
                            no,
                            format!("[nick] names {} options, not {n}", args.len()),
                        ));
                    }
                    nicks = Names(args.into_iter().enumerate().map(|(i, a)| (a, i)).collect());
                    if nicks.0.len() != n {
                        return Err(err(no, "[nick] gives a nickname twice"));
                    }
                }
                "withdrawn" => withdrawn_nicks.extend(args.into_iter().map(|a| (no, a))),
                "tie" => tie_raw = Some((no, args)),
                "droop" | "title" | "seats" | "arithmetic" | "rule" | "precision" | "defeat" => {}
                other => return Err(err(no, format!("unknown option line [{other}]"))),
            }
            continue;
        }
        if words.len() == 1 && words[0] == "0" {
            break;
        }
        if words.iter().all(|x| x.starts_with('-')) {
            for x in &words {
                let c: usize = x[1..]
                    .parse()
                    .ok()
                    .filter(|&c| c >= 1 && c <= n)
                    .ok_or_else(|| err(no, format!("bad withdrawn option {x}")))?;
                e.withdrawn[c - 1] = true;
            }
            continue;
        }
        let mut t = words.as_slice();
        if t.first().is_some_and(|x| x.starts_with('(')) {
            t = &t[1..];
        }
        let (weight, rest) = t
            .split_first()
            .ok_or_else(|| err(no, "an empty ballot line"))?;
        let weight = blt_weight(weight, no, &mut voters)?;
        let (last_word, marks) = rest
            .split_last()
            .ok_or_else(|| err(no, "a ballot must end with 0"))?;
        if *last_word != "0" {
            return Err(err(no, "a ballot must end with 0"));
        }
        // Options lines come before the ballots, so names resolve at once.
        for (used, rank) in marks.iter().enumerate() {
            blt_rank(&mut ranks, used, rank, no, &nicks, n)?;
        }
        let used = marks.len();
        e.add_with(weight, source, &mut ranks[..used], &mut seen)
            .map_err(|m| err(no, m))?;
    }
    for (no, name) in &withdrawn_nicks {
        let c = resolve(name, *no, &nicks, n)?;
        e.withdrawn[c] = true;
    }
    if let Some((no, order)) = tie_raw {
        // Droop lists the option that loses a draw first; ours is most favoured first.
        let mut order = order
            .iter()
            .map(|x| resolve(x, no, &nicks, n))
            .collect::<Result<Vec<_>, _>>()?;
        order.reverse();
        e.tie_order = Some(order);
    }
    // Names, then the title.
    for i in 0..=n {
        let (no, t) = match next_tokens(&mut lines) {
            Some(r) => r?,
            None if i == n => break,
            None => return Err(err(last, format!("expected the name of option {}", i + 1))),
        };
        last = no;
        let joined = t.join(" ");
        let name = joined
            .strip_prefix('"')
            .map(str::to_string)
            .ok_or_else(|| err(no, "expected a quoted name"))?;
        if i < n {
            if name.trim().is_empty() || name.contains(['>', '=', ',', ':']) {
                return Err(err(no, format!("bad option name {name:?}")));
            }
            if e.candidates[..i].contains(&name) {
                return Err(err(no, format!("{name} is named twice")));
            }
            e.candidates[i] = name;
        } else {
            e.title = Some(name);
        }
    }
    Ok(e)
}

/// The index of source `name` in `sources`, added when new. Before any ballot, the first
/// `# source:` line names the first source (`online` until then), so a file may start with
/// ballots cast somewhere else.
fn source_index(
    sources: &mut Vec<String>,
    name: &str,
    before_any_ballot: bool,
    line: usize,
) -> Result<u16, TallyError> {
    if let Some(i) = sources.iter().position(|s| s == name) {
        return Ok(i as u16);
    }
    if before_any_ballot && sources.len() == 1 && sources[0] == super::ballot::ONLINE {
        sources[0] = name.to_string();
        return Ok(0);
    }
    if sources.len() >= usize::from(u16::MAX) {
        return Err(err(line, "too many sources"));
    }
    sources.push(name.to_string());
    Ok((sources.len() - 1) as u16)
}

/// The ballots as a BLT file (anonymous, identical ballots merged, sorted).
pub fn to_blt(e: &Election) -> String {
    let mut out = format!("{} {}\n", e.candidates.len(), e.seats);
    let withdrawn: Vec<String> = (0..e.candidates.len())
        .filter(|&c| e.withdrawn[c])
        .map(|c| format!("-{}", c + 1))
        .collect();
    if !withdrawn.is_empty() {
        out.push_str(&withdrawn.join(" "));
        out.push('\n');
    }
    let mut source = 0;
    if e.sources
        .first()
        .is_some_and(|s| s != super::ballot::ONLINE)
    {
        out.push_str(&format!("# source: {}\n", e.sources[0]));
    }
    for b in e.merge(false) {
        if b.source != source {
            source = b.source;
            out.push_str(&format!("# source: {}\n", e.sources[usize::from(source)]));
        }
        out.push_str(&b.count.to_string());
        for g in &b.ranks {
            let g: Vec<String> = g.iter().map(|c| (c + 1).to_string()).collect();
            out.push(' ');
            out.push_str(&g.join("="));
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for c in &e.candidates {
        out.push_str(&format!("\"{c}\"\n"));
    }
    out.push_str(&format!("\"{}\"\n", e.title.clone().unwrap_or_default()));
    out
}

/// The ballots in the line format (anonymous, merged, sorted; by source when there are
/// several; score and yes/no ballots before the ranked ones).
pub fn to_lines(e: &Election) -> String {
    let mut out = String::new();
    if let Some(t) = &e.title {
        // Under a key no reader takes as a directive, whatever the title says (a title
        // "seats: 9" or "block: X" must stay a title). One line: breaks become spaces.
        let t: String = t
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        out.push_str(&format!("# title: {t}\n"));
    }
    out.push_str(&format!("# candidates: {}\n", e.candidates.join(", ")));
    out.push_str(&format!("# seats: {}\n", e.seats));
    if e.sources
        .first()
        .is_some_and(|s| s != super::ballot::ONLINE)
    {
        out.push_str(&format!("# source: {}\n", e.sources[0]));
    }
    let mut source = 0;
    let mut at = |out: &mut String, s: u16| {
        if s != source {
            source = s;
            out.push_str(&format!("# source: {}\n", e.sources[usize::from(s)]));
        }
    };
    let mut marked: Vec<(u16, u64, String)> = e
        .scores
        .iter()
        .map(|m| {
            let marks: Vec<String> = m
                .marks
                .iter()
                .map(|(c, v)| format!("{}:{v}", e.candidates[*c]))
                .collect();
            (m.source, m.count, marks.join(" "))
        })
        .chain(e.answers.iter().map(|m| {
            let marks: Vec<String> = m
                .marks
                .iter()
                .map(|(c, a)| format!("{}:{}", e.candidates[*c], a.as_str()))
                .collect();
            (m.source, m.count, marks.join(" "))
        }))
        .collect();
    marked.sort();
    for (s, count, marks) in marked {
        at(&mut out, s);
        out.push_str(&format!("{count}: {marks}\n"));
    }
    for b in e.merge(false) {
        at(&mut out, b.source);
        let ranks: Vec<String> = b
            .ranks
            .iter()
            .map(|g| {
                g.iter()
                    .map(|&c| e.candidates[c].as_str())
                    .collect::<Vec<_>>()
                    .join("=")
            })
            .collect();
        out.push_str(&format!("{}: {}\n", b.count, ranks.join(">")));
    }
    out
}
