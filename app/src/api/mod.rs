//! Server functions: public HTTP endpoints under `/api/`. Each is thin: session ->
//! service -> DTO, and each checks origin (middleware), session and permission itself.
//! They return DTOs made for the client, never entity models.

pub mod access;
pub mod admin;
pub mod amendments;
pub mod assemblies;
pub mod auth;
pub mod comments;
pub mod committees;
pub mod dashboard;
pub mod meetings;
pub mod notifications;
pub mod programs;
pub mod rolls;
pub mod search;
pub mod sections;
pub mod votes;
