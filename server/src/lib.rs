//! The `redacta` server: configuration, the axum router with its security layers, and the
//! command-line subcommands. `main.rs` only parses arguments and calls in here, so the
//! integration tests boot exactly the server that ships.

pub mod cli;
pub mod dev;
pub mod executor;
pub mod files;
pub mod live;
pub mod page_cache;
pub mod request_log;
pub mod rolls;
pub mod router;
pub mod security;
pub mod site;
pub mod tally;

pub use router::{build_router, start, Running};
