#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Assemblies and meetings over HTTP, on both backends: coordinators create assemblies and
//! name facilitators; a facilitator schedules a meeting with an agenda, residents register
//! (up to the capacity, not after the start); after it started the facilitator records
//! attendance and minutes, an amendment adopted in the room (which enters the ordinary
//! pipeline as the assembly's amendment), an in-room count (beside, never added to, the
//! online supports) and priorities. A facilitator of another assembly can do none of it,
//! and losing the facilitator flag takes effect on the next request.

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::entities::{amendment, assembly, meeting, meeting_outcome, meeting_registration, support};
use app::services::{amendments, clock, lookup};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

mod pipeline;
mod powers;

const PROGRAM: &str =
    "# Habitatge\n\nConstruir 500 habitatges públics cada any.\n\n# Mobilitat\n\nMés bus de barri.\n";

fn at(offset: i64) -> String {
    app::domain::time::datetime_value(clock::now() + offset)
}

async fn ok(res: reqwest::Response) -> Value {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

async fn refused(res: reqwest::Response, status: u16, needle: &str) {
    let got = res.status().as_u16();
    let body = res.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    assert!(body.contains(needle), "{needle} not in {body}");
}
