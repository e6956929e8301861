//! `redacta tally`: counts a ballot file (BLT or the line format) and prints the result as
//! JSON (stable shape) or as a readable transcript. A file of several blocks (questions) is
//! counted block by block; a file whose ballots come from several sources (online, rooms)
//! is counted together and, apart, per source.

use anyhow::{anyhow, bail, Context};
use app::domain::tally::cardinal::Threshold;
use app::domain::tally::irv::{IrvOptions, Overvote};
use app::domain::tally::{parse, report, Election, Method, Options, TiePolicy};
use clap::Args;

#[derive(Args, Debug, Clone)]
pub struct TallyArgs {
    /// schulze, ranked-pairs, irv, stv-scottish, stv-meek, borda, copeland, minimax, condorcet,
    /// approval, score or yes-no (default: each block's own `# method:` line).
    #[arg(long)]
    pub method: Option<String>,
    /// yes-no: the qualified majority, p/q (yes at least p/q of yes and no); default:
    /// more yes than no, or the block's own `# threshold:` line.
    #[arg(long)]
    pub threshold: Option<String>,
    /// Seats to fill (default: the file's own, else 1).
    #[arg(long)]
    pub seats: Option<usize>,
    /// Ties: options from most to least favoured (an option listed earlier beats one listed
    /// later), comma-separated names.
    #[arg(long, conflicts_with_all = ["tie_seed", "tie_lookback", "tie_ballot_order"])]
    pub tie_order: Option<String>,
    /// Ties: the options' order in the file (in each block), first most favoured — a
    /// vote's "ballot order" rule, the order published before it opened.
    #[arg(long, conflicts_with_all = ["tie_seed", "tie_lookback"])]
    pub tie_ballot_order: bool,
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
    if args.tie_ballot_order {
        return Ok(TiePolicy::Order {
            order: (0..e.candidates.len()).collect(),
        });
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
    let method: Option<Method> = args
        .method
        .as_deref()
        .map(|m| m.parse().map_err(|e: String| anyhow!(e)))
        .transpose()?;
    let threshold: Option<Threshold> = args
        .threshold
        .as_deref()
        .map(|t| t.parse().map_err(|e: String| anyhow!(e)))
        .transpose()?;
    let overvote: Overvote = args.overvote.parse().map_err(|e: String| anyhow!(e))?;
    if !matches!(args.format.as_str(), "json" | "text") {
        bail!("unknown format {:?}: use json or text", args.format);
    }
    // Read as a stream: a city's file is never held in memory beside its ballots.
    let read = if args.file == "-" {
        parse::read_any_blocks(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.file)
            .with_context(|| format!("cannot read {}", args.file))?;
        parse::read_any_blocks(std::io::BufReader::with_capacity(1 << 16, file))
    };
    let blocks = read.map_err(|e| anyhow!("{}: {e}", args.file))?;
    let several = blocks.len() > 1;
    let mut json_blocks = Vec::new();
    let mut text = String::new();
    for mut block in blocks {
        let label = block.name.clone().unwrap_or_default();
        let within = |e: anyhow::Error| {
            if several {
                anyhow!("block {label:?}: {e}")
            } else {
                e
            }
        };
        let Some(method) = method.or(block.method) else {
            return Err(within(anyhow!(
                "no method: give --method, or a `# method:` line in the file"
            )));
        };
        let election = &mut block.election;
        if let Some(seats) = args.seats {
            election.seats = seats;
        }
        let opts = Options {
            tie: tie_policy(&args, election).map_err(within)?,
            irv: IrvOptions {
                batch: args.irv_batch,
                overvote,
            },
            threshold: threshold.or(block.threshold),
        };
        let (_, mut json, transcript) =
            report(election, method, &opts).map_err(|e| within(anyhow!("{e}")))?;
        if several {
            text.push_str(&format!("\n=== Block: {label} ===\n"));
            json["block"] = serde_json::json!(label);
        }
        text.push_str(&transcript);
        json_blocks.push(json);
    }
    if args.format == "json" {
        let out = if several {
            serde_json::json!({ "blocks": json_blocks })
        } else {
            json_blocks.remove(0)
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{text}");
    }
    Ok(())
}
