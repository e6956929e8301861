//! Integration tests: the real `redacta` server on port 0 with a fresh database, driven over
//! HTTP like a browser would. Every test runs on SQLite and on PostgreSQL (mandatory when
//! CI=true, skipped with a message when no server is reachable otherwise).

mod helpers;

mod accounts;
mod amendments;
mod assemblies;
mod audit;
mod authorization;
mod bounded;
mod comments;
mod dashboard;
mod forms;
mod hardening;
mod live;
mod logging;
mod notices;
mod page_cache;
mod paper_accounts;
mod phases;
mod policy;
mod programs;
mod search;
mod section_list;
mod security;
mod seed;
mod server;
mod ssr_load;
mod storage_values;
mod synthesis;
mod tally;
mod votes;
