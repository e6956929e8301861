#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Issue 12, panics under load: ordinary pages rendered by many clients at once on the
//! multi-threaded runtime, a third of them giving up mid-response (as browsers and load
//! balancers do), must not make the server panic. Before the fix, leptos_meta called the
//! page titles' closures outside the request's owner: 4 % of requests at 4 connections,
//! 41 % at 128, each dropping its connection. Any panic anywhere in the process fails this.

use crate::helpers::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

static PANICS: AtomicUsize = AtomicUsize::new(0);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_and_cancelled_renders_never_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    let app = spawn_app(Backend::Sqlite).await;
    let pages = [
        "/login",
        "/signup",
        "/password/forgot",
        "/profile",
        "/notifications",
        "/programs/new",
        "/no-such-page",
        "/",
        "/votes",
        "/assemblies",
    ];
    let mut tasks = Vec::new();
    for i in 0..640 {
        let url = format!("{}{}", app.base, pages[i % pages.len()]);
        let give_up = match i % 3 {
            0 => Some(Duration::from_millis((i % 17) as u64)),
            _ => None,
        };
        tasks.push(tokio::spawn(async move {
            let mut builder = reqwest::Client::builder();
            if let Some(after) = give_up {
                builder = builder.timeout(after);
            }
            let client = builder.build().unwrap();
            let lang = ["en", "ca", "es"][i % 3];
            match client
                .get(&url)
                .header("accept-language", lang)
                .send()
                .await
            {
                Ok(res) => {
                    let status = res.status().as_u16();
                    let body = res.text().await;
                    (status, body.is_ok() || give_up.is_some())
                }
                // A request given up on purpose; anything else is a dropped connection.
                Err(err) => (0, give_up.is_some() && err.is_timeout()),
            }
        }));
        if tasks.len() >= 64 {
            for t in tasks.drain(..) {
                let (status, fine) = t.await.unwrap();
                assert!(fine, "a connection was dropped (status {status})");
            }
        }
    }
    for t in tasks {
        let (status, fine) = t.await.unwrap();
        assert!(fine, "a connection was dropped (status {status})");
    }
    // Work left behind by cancelled renders (spawned effects) runs after the answers.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "the server panicked while rendering"
    );
}
