//! `GET /live/comments/{section|amendment}/{id}`: a server-sent event stream that says
//! `comment` (with the new comment's id) whenever a comment is posted to that thread, on any
//! app server. The page then reloads the thread through its server function, which applies
//! every visibility rule; the stream itself carries nothing but ids. Readable by whoever
//! may read the thread.

use app::error::AppError;
use app::services::comments::{self};
use app::services::live::Subscription;
use app::services::lookup::{self, Target};
use app::web;
use app::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

pub async fn comments(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, i32)>,
    headers: HeaderMap,
) -> Response {
    let opened = async {
        let me = web::user_from_headers(&state, &headers).await?;
        let target = comments::target(&kind, id)?;
        lookup::ensure_visible(&state.db, target, me.as_ref()).await?;
        Ok::<_, AppError>(target)
    }
    .await;
    let target = match opened {
        Ok(t) => t,
        Err(err) => return crate::files::error_response(&err),
    };
    let sub = match state.live.subscribe(&state.db).await {
        Ok(sub) => sub,
        Err(err) => {
            tracing::error!(error = %app::error::cause_chain(&err), "live.subscribe failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "live updates unavailable\n",
            )
                .into_response();
        }
    };
    let events = futures_util::stream::unfold((sub, target), next_event);
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response()
}

/// Waits for the next comment of `target`'s thread; the stream ends when the server stops.
async fn next_event(
    (mut sub, target): (Subscription, Target),
) -> Option<(Result<Event, Infallible>, (Subscription, Target))> {
    loop {
        if *sub.closing.borrow() {
            return None;
        }
        let got = tokio::select! {
            got = sub.comments.recv() => got,
            _ = sub.closing.changed() => return None,
        };
        let event = match got {
            Ok(c) if c.belongs_to(target) => {
                Event::default().event("comment").data(c.id.to_string())
            }
            Ok(_) => continue,
            // Too slow to keep up: some comment may be ours, so tell the page to reload.
            Err(RecvError::Lagged(_)) => Event::default().event("comment").data("0"),
            Err(RecvError::Closed) => return None,
        };
        return Some((Ok(event), (sub, target)));
    }
}
