//! `redacta tally` as a whole command on a city-sized ballot file (`cargo bench -p server
//! --bench tally`): 1,000,000 ballot lines over 10 options named by a `[nick ...]` line,
//! random truncated rankings, nearly every ballot distinct (see app/benches/common/blt.rs).
//! For every method: CPU seconds (user + system) and the most memory the process held, as
//! a multiple of the file's size, beside the goals (single-winner methods 0.5 s at most,
//! Meek no slower than stv-rs on the same file, memory at most 3 times the file). When
//! `stv-rs` is on the PATH (or named by STV_RS), it counts the same file with
//! `--arithmetic fixed9 meek` for comparison. Prints figures; no thresholds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../app/benches/common/blt.rs"]
mod blt;

use std::process::{Command, Stdio};
use std::time::Instant;

const VOTERS: usize = 1_000_000;

/// Runs a command to its end: (CPU seconds, wall seconds, most resident memory in bytes).
// The child is reaped by wait4 (which also reports its usage), not Child::wait.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (f64, f64, u64) {
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 fills `usage` for our own child, which nothing else waits for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(waited, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = secs(usage.ru_utime) + secs(usage.ru_stime);
    (cpu, wall, usage.ru_maxrss as u64 * 1024)
}

fn main() {
    let path = std::env::temp_dir().join("redacta-bench-1m.blt");
    let text = blt::blt(VOTERS, 1);
    std::fs::write(&path, &text).unwrap();
    let size = text.len() as u64;
    drop(text);
    let file = path.to_str().unwrap();
    println!(
        "{VOTERS} ballots, {} options, file {:.1} MB ({file})",
        blt::NICKS.len(),
        size as f64 / 1e6
    );
    println!(
        "{:<28} {:>8} {:>8} {:>9} {:>7}  goal",
        "command", "CPU s", "wall s", "memory", "x file"
    );
    let redacta = env!("CARGO_BIN_EXE_redacta");
    let mut meek_cpu = None;
    let single = [
        "schulze",
        "ranked-pairs",
        "irv",
        "borda",
        "copeland",
        "minimax",
        "condorcet",
        "approval",
    ];
    let mut runs: Vec<(String, Vec<&str>)> = single
        .iter()
        .map(|m| (format!("redacta tally {m}"), vec!["--method", m]))
        .collect();
    runs.push((
        "redacta tally stv-scottish 4".into(),
        vec!["--method", "stv-scottish", "--seats", "4"],
    ));
    runs.push((
        "redacta tally stv-meek 4".into(),
        vec!["--method", "stv-meek", "--seats", "4"],
    ));
    for (label, args) in &runs {
        let (cpu, wall, rss) = measure(Command::new(redacta).arg("tally").args(args).arg(file));
        let ratio = rss as f64 / size as f64;
        let goal = if label.contains("stv-meek") {
            meek_cpu = Some(cpu);
            "<= stv-rs".to_string()
        } else if label.contains("stv-scottish") {
            String::new()
        } else {
            format!("<= 0.5 s {}", if cpu <= 0.5 { "met" } else { "MISSED" })
        };
        let memory_goal = if ratio <= 3.0 { "" } else { ", memory MISSED" };
        println!(
            "{label:<28} {cpu:>8.2} {wall:>8.2} {:>6.0} MB {ratio:>7.2}  {goal}{memory_goal}",
            rss as f64 / 1e6
        );
    }
    let stv_rs = std::env::var("STV_RS").unwrap_or_else(|_| "stv-rs".into());
    let found = Command::new(&stv_rs)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        println!("stv-rs not found (cargo install stv-rs, or set STV_RS): no comparison");
        return;
    }
    let four = std::env::temp_dir().join("redacta-bench-1m-4-seats.blt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&four, text.replacen(" 1\n", " 4\n", 1)).unwrap();
    let (cpu, wall, rss) = measure(
        Command::new(&stv_rs)
            .args(["--arithmetic", "fixed9", "--input"])
            .arg(&four)
            .arg("meek"),
    );
    println!(
        "{:<28} {cpu:>8.2} {wall:>8.2} {:>6.0} MB {:>7.2}",
        "stv-rs fixed9 meek 4",
        rss as f64 / 1e6,
        rss as f64 / size as f64
    );
    if let Some(meek) = meek_cpu {
        println!(
            "Meek: redacta {meek:.2} s, stv-rs {cpu:.2} s of CPU: goal {}",
            if meek <= cpu { "met" } else { "MISSED" }
        );
    }
}
