//! Schema history of Redacta, applied at start-up (`redacta serve`, `redacta migrate`) and in
//! every test. Migrations are append-only: never edit one that has landed, add a new one.
//! Every migration runs inside a transaction on every backend (`use_transaction`), so a
//! failing migration leaves the database as it was.

pub use sea_orm_migration::prelude::*;

mod shapes;

mod m20261124_000001_accounts;
mod m20261124_000002_programs_and_events;
mod m20261124_000003_sections_and_revisions;
mod m20261124_000004_amendments;
mod m20261124_000005_comments;
mod m20261124_000006_follows_and_notifications;
mod m20261124_000007_conversation_index;
mod m20261124_000008_polls;
mod m20261124_000009_program_phases;
mod m20261124_000010_assemblies;
mod m20261124_000011_comment_counts_index;
mod m20261201_000012_rate_limits;
mod m20261201_000013_vote_lot_secret;
mod m20261203_000014_ballot_secrecy;
mod m20261203_000015_search;
mod m20261204_000016_form_safety;
mod m20261204_000017_public_decisions;
mod m20261204_000018_hearing_what_changed;
mod m20261204_000019_synthesis;
mod m20261204_000020_vote_assemblies;
mod m20261204_000021_ballot_blocks;
mod m20261204_000022_room_ballots;
mod m20261205_000023_rolls;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_accounts::Migration),
            Box::new(m20261124_000002_programs_and_events::Migration),
            Box::new(m20261124_000003_sections_and_revisions::Migration),
            Box::new(m20261124_000004_amendments::Migration),
            Box::new(m20261124_000005_comments::Migration),
            Box::new(m20261124_000006_follows_and_notifications::Migration),
            Box::new(m20261124_000007_conversation_index::Migration),
            Box::new(m20261124_000008_polls::Migration),
            Box::new(m20261124_000009_program_phases::Migration),
            Box::new(m20261124_000010_assemblies::Migration),
            Box::new(m20261124_000011_comment_counts_index::Migration),
            Box::new(m20261201_000012_rate_limits::Migration),
            Box::new(m20261201_000013_vote_lot_secret::Migration),
            Box::new(m20261203_000014_ballot_secrecy::Migration),
            Box::new(m20261203_000015_search::Migration),
            Box::new(m20261204_000016_form_safety::Migration),
            Box::new(m20261204_000017_public_decisions::Migration),
            Box::new(m20261204_000018_hearing_what_changed::Migration),
            Box::new(m20261204_000019_synthesis::Migration),
            Box::new(m20261204_000020_vote_assemblies::Migration),
            Box::new(m20261204_000021_ballot_blocks::Migration),
            Box::new(m20261204_000022_room_ballots::Migration),
            Box::new(m20261205_000023_rolls::Migration),
        ]
    }
}
