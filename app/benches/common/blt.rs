//! The benchmark's ballot file: a city-sized ranked vote as a BLT file, the way a voting
//! system exports it. `voters` ballot lines (weight 1, nearly every one distinct: each
//! voter ranks a random number of options, 1 to all, in a random order drawn around a
//! common preference), options named by a `[nick ...]` line, then quoted names and a
//! title. Deterministic (SplitMix64 from a fixed seed), so every run reads the same file.

pub const NICKS: [&str; 10] = [
    "ada", "bru", "cai", "dan", "eva", "fil", "gus", "hua", "ivo", "joe",
];

fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One voter's ranking (option indexes): each option's appeal is a common preference plus
/// noise; the voter ranks a random number of the most appealing.
pub fn voter(state: &mut u64, options: usize) -> Vec<usize> {
    let mut keyed: Vec<(u64, usize)> = (0..options)
        .map(|c| ((c as u64) * 2 + next(state) % 32, c))
        .collect();
    keyed.sort_unstable();
    let len = 1 + (next(state) % options as u64) as usize;
    keyed.iter().take(len).map(|&(_, c)| c).collect()
}

/// The file's text.
pub fn blt(voters: usize, seats: usize) -> String {
    let options = NICKS.len();
    let mut out = format!("{options} {seats}\n[nick {}]\n", NICKS.join(" "));
    out.reserve(voters * 24);
    let mut state = 2026u64;
    for _ in 0..voters {
        out.push('1');
        for c in voter(&mut state, options) {
            out.push(' ');
            out.push_str(NICKS[c]);
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for nick in NICKS {
        let mut name = nick.to_string();
        name[..1].make_ascii_uppercase();
        out.push_str(&format!("\"{name}\"\n"));
    }
    out.push_str("\"A city-sized vote\"\n");
    out
}
