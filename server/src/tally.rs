//! `redacta tally`: counts a ballot file (BLT or the line format) with one method and prints
//! the result as JSON (stable shape) or as a readable transcript.

use anyhow::{anyhow, bail, Context};
use app::domain::tally::irv::{IrvOptions, Overvote};
use app::domain::tally::{count, parse, Election, Method, Options, TiePolicy};
use clap::Args;

#[derive(Args, Debug, Clone)]
pub struct TallyArgs {
    /// schulze, ranked-pairs, irv, stv-scottish, stv-meek, borda, copeland, minimax, condorcet,
    /// approval or score.
    #[arg(long)]
    pub method: String,
    /// Seats to fill (default: the file's own, else 1).
    #[arg(long)]
    pub seats: Option<usize>,
    /// Ties: options from most to least favoured (an option listed earlier beats one listed
    /// later), comma-separated names.
    #[arg(long, conflicts_with_all = ["tie_seed", "tie_lookback"])]
    pub tie_order: Option<String>,
    /// Ties: a lot drawn from this seed (recorded in the result; anyone can redraw it).
    #[arg(long, conflicts_with = "tie_lookback")]
    pub tie_seed: Option<u64>,
    /// Ties in round-based methods: the option with fewer votes in the latest earlier round
    /// where they differ loses.
    #[arg(long)]
    pub tie_lookback: bool,
    /// IRV: exclude together every last option that could not win anyway.
    #[arg(long)]
    pub irv_batch: bool,
    /// IRV: exhaust, skip or exhaust-if-multiple (the default).
    #[arg(long, default_value = "exhaust-if-multiple")]
    pub overvote: String,
    /// json (default) or text.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// The ballot file (`-` for standard input).
    pub file: String,
}

fn tie_policy(args: &TallyArgs, e: &Election) -> anyhow::Result<TiePolicy> {
    if let Some(list) = &args.tie_order {
        let order = list
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| {
                e.index_of(n)
                    .ok_or_else(|| anyhow!("--tie-order: {n:?} is not an option of this election"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        return Ok(TiePolicy::Order { order });
    }
    if let Some(seed) = args.tie_seed {
        return Ok(TiePolicy::Lot { seed });
    }
    if args.tie_lookback {
        return Ok(TiePolicy::LookBack);
    }
    Ok(match &e.tie_order {
        Some(order) => TiePolicy::Order {
            order: order.clone(),
        },
        None => TiePolicy::None,
    })
}

pub fn run(args: TallyArgs) -> anyhow::Result<()> {
    let method: Method = args.method.parse().map_err(|e: String| anyhow!(e))?;
    let overvote: Overvote = args.overvote.parse().map_err(|e: String| anyhow!(e))?;
    if !matches!(args.format.as_str(), "json" | "text") {
        bail!("unknown format {:?}: use json or text", args.format);
    }
    let text = if args.file == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file))?
    };
    let mut election = parse::parse_any(&text).map_err(|e| anyhow!("{}: {e}", args.file))?;
    if let Some(seats) = args.seats {
        election.seats = seats;
    }
    let opts = Options {
        tie: tie_policy(&args, &election)?,
        irv: IrvOptions {
            batch: args.irv_batch,
            overvote,
        },
    };
    let result = count(&election, method, &opts).map_err(|e| anyhow!("{e}"))?;
    if args.format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&result.to_json(&election))?
        );
    } else {
        print!("{}", result.to_text(&election));
    }
    Ok(())
}
