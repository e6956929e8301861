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

use super::{Cand, Election, TallyError};
use std::collections::HashMap;

const MAX_COUNT: u64 = 1 << 40;

/// The text without a leading UTF-8 byte-order mark (spreadsheets and Windows editors
/// write one).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

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

/// Option names and their indexes while reading (a linear search per name made reading a
/// long `# candidates:` line quadratic).
#[derive(Default)]
struct Names(HashMap<String, Cand>);

impl Names {
    fn get(&self, name: &str) -> Option<Cand> {
        self.0.get(name).copied()
    }
    /// Declares `name` as the next option of `e`.
    fn declare(&mut self, e: &mut Election, name: &str) -> Cand {
        let c = e.candidates.len();
        e.candidates.push(name.to_string());
        e.withdrawn.push(false);
        self.0.insert(name.to_string(), c);
        c
    }
}

/// A score line as read: its number, the voter count, and each named option's score.
type ScoreLine = (usize, u64, Vec<(String, u64)>);

fn err(line: usize, message: impl Into<String>) -> TallyError {
    TallyError::parse(line, message)
}

/// Reads either format: BLT when the first meaningful line is two numbers.
pub fn parse_any(text: &str) -> Result<Election, TallyError> {
    let text = without_bom(text);
    let first = text
        .lines()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    let is_blt = first.is_some_and(|l| {
        let parts: Vec<&str> = l.split_whitespace().collect();
        parts.len() == 2 && parts.iter().all(|p| p.parse::<u64>().is_ok())
    });
    if is_blt {
        parse_blt(text)
    } else {
        parse_lines(text)
    }
}

pub fn parse_lines(text: &str) -> Result<Election, TallyError> {
    let text = without_bom(text);
    let mut e = Election::new(Vec::new(), 1);
    let mut names = Names::default();
    let mut seats_line = None;
    let mut voters = 0u64;
    let mut scored_voters = 0u64;
    let mut declared = false;
    let mut pending: Vec<(usize, u64, Vec<Vec<String>>)> = Vec::new();
    let mut scored: Vec<ScoreLine> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(comment) = l.strip_prefix('#') {
            let c = comment.trim();
            if let Some(list) = c.strip_prefix("candidates:") {
                if declared || !pending.is_empty() {
                    return Err(err(
                        line,
                        "the candidates must be declared once, before the ballots",
                    ));
                }
                for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if names.get(name).is_some() {
                        return Err(err(line, format!("{name} is declared twice")));
                    }
                    names.declare(&mut e, name);
                }
                declared = true;
            } else if let Some(n) = c.strip_prefix("seats:") {
                e.seats = n
                    .trim()
                    .parse()
                    .ok()
                    .filter(|&s| s > 0)
                    .ok_or_else(|| err(line, format!("bad number of seats {:?}", n.trim())))?;
                seats_line = Some(line);
            }
            continue;
        }
        let (count, ranking) = l
            .split_once(':')
            .ok_or_else(|| err(line, "expected `N: A>B=C`"))?;
        let count: u64 = count
            .trim()
            .parse()
            .ok()
            .filter(|&c| c <= MAX_COUNT)
            .ok_or_else(|| err(line, format!("bad ballot count {:?}", count.trim())))?;
        // A score ballot: `N: A:400 B:200`.
        if ranking.contains(':') {
            let mut marks = Vec::new();
            for part in ranking.split_whitespace() {
                let (name, score) = part
                    .rsplit_once(':')
                    .ok_or_else(|| err(line, format!("expected `option:score`, not {part:?}")))?;
                let score: u64 = score
                    .parse()
                    .ok()
                    .filter(|&s| s <= MAX_COUNT)
                    .ok_or_else(|| err(line, format!("bad score {score:?}")))?;
                marks.push((name.to_string(), score));
            }
            add_voters(&mut scored_voters, count, line)?;
            scored.push((line, count, marks));
            continue;
        }
        let ranks: Vec<Vec<String>> = if ranking.trim().is_empty() {
            Vec::new()
        } else {
            ranking
                .split('>')
                .map(|g| g.split('=').map(|n| n.trim().to_string()).collect())
                .collect()
        };
        for name in ranks.iter().flatten() {
            if name.is_empty() {
                return Err(err(line, "an empty option name"));
            }
            if name.contains([',', ':']) {
                return Err(err(line, format!("bad option name {name:?}")));
            }
        }
        add_voters(&mut voters, count, line)?;
        pending.push((line, count, ranks));
    }
    for (line, count, ranks) in pending {
        let mut idx = Vec::with_capacity(ranks.len());
        for group in ranks {
            let mut g = Vec::with_capacity(group.len());
            for name in group {
                let c = match names.get(&name) {
                    Some(c) => c,
                    None if !declared => names.declare(&mut e, &name),
                    None => return Err(err(line, format!("{name} is not a declared candidate"))),
                };
                g.push(c);
            }
            idx.push(g);
        }
        e.add(count, idx).map_err(|m| err(line, m))?;
    }
    for (line, count, marks) in scored {
        let mut ballot = Vec::with_capacity(marks.len());
        for (name, score) in marks {
            let c = match names.get(&name) {
                Some(c) => c,
                None if !declared => names.declare(&mut e, &name),
                None => return Err(err(line, format!("{name} is not a declared candidate"))),
            };
            if ballot.iter().any(|&(x, _)| x == c) {
                return Err(err(line, format!("{name} is scored twice")));
            }
            ballot.push((c, score));
        }
        e.scores.push((count, ballot));
    }
    if e.candidates.is_empty() {
        return Err(err(1, "no candidates and no ballots"));
    }
    if let Some(line) = seats_line.filter(|_| e.seats > e.candidates.len()) {
        return Err(err(
            line,
            format!(
                "bad number of seats {} for {} options",
                e.seats,
                e.candidates.len()
            ),
        ));
    }
    e.compact();
    Ok(e)
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

pub fn parse_blt(text: &str) -> Result<Election, TallyError> {
    let text = without_bom(text);
    let mut voters = 0u64;
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| tokens(l, i + 1).map(|t| (i + 1, t)))
        .filter(|r| !matches!(r, Ok((_, t)) if t.is_empty()));
    let (no, head) = lines.next().ok_or_else(|| err(1, "the file is empty"))??;
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
    // Options, ballots, up to the `0` line.
    let mut seen = no;
    loop {
        let (no, t) = lines
            .next()
            .ok_or_else(|| err(seen, "the ballots do not end with a `0` line"))??;
        seen = no;
        if t[0].starts_with('[') {
            let joined = t.join(" ");
            let rest = &joined[1..];
            let inner = rest
                .strip_suffix(']')
                .ok_or_else(|| err(no, "an option line `[...]` is not closed"))?;
            let mut words = inner.split_whitespace();
            let kind = words.next().unwrap_or_default();
            let args: Vec<String> = words.map(str::to_string).collect();
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
        if t.len() == 1 && t[0] == "0" {
            break;
        }
        if t.iter().all(|x| x.starts_with('-')) {
            for x in &t {
                let c: usize = x[1..]
                    .parse()
                    .ok()
                    .filter(|&c| c >= 1 && c <= n)
                    .ok_or_else(|| err(no, format!("bad withdrawn option {x}")))?;
                e.withdrawn[c - 1] = true;
            }
            continue;
        }
        let mut t = t.as_slice();
        if t.first().is_some_and(|x| x.starts_with('(')) {
            t = &t[1..];
        }
        let (weight, rest) = t
            .split_first()
            .ok_or_else(|| err(no, "an empty ballot line"))?;
        let weight: u64 = weight
            .parse()
            .ok()
            .filter(|&w| w <= MAX_COUNT)
            .ok_or_else(|| err(no, format!("bad ballot weight {weight:?}")))?;
        add_voters(&mut voters, weight, no)?;
        let (last, ranks) = rest
            .split_last()
            .ok_or_else(|| err(no, "a ballot must end with 0"))?;
        if last != "0" {
            return Err(err(no, "a ballot must end with 0"));
        }
        // Options lines come before the ballots, so names resolve at once.
        let mut groups = Vec::with_capacity(ranks.len());
        for r in ranks {
            let mut g = Vec::with_capacity(1);
            for x in r.split('=') {
                g.push(resolve(x, no, &nicks, n)?);
            }
            groups.push(g);
        }
        e.add(weight, groups).map_err(|m| err(no, m))?;
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
    let mut last = no;
    for i in 0..=n {
        let (no, t) = match lines.next() {
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
    e.compact();
    Ok(e)
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
    for b in e.merge(false) {
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

/// The ballots in the line format (anonymous, merged, sorted).
pub fn to_lines(e: &Election) -> String {
    let mut out = String::new();
    if let Some(t) = &e.title {
        out.push_str(&format!("# {t}\n"));
    }
    out.push_str(&format!("# candidates: {}\n", e.candidates.join(", ")));
    out.push_str(&format!("# seats: {}\n", e.seats));
    for b in e.merge(false) {
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
