#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Pages read anonymously are cacheable (issue 14): a strong ETag, 304 for a matching
//! `If-None-Match`, browsers revalidate and shared caches keep it a short time; a write shows at once; a logged-in reader's
//! pages stay private; the CSP nonce of a page served from memory matches its scripts.

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::Phase;
use app::domain::role::Role;

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

both_backends!(
    anonymous_pages_are_cached_by_version,
    |backend| async move {
        let (app, _, section) =
            app_with_program(backend, "# U\n\nText original.\n", Phase::Amendments).await;
        let url = format!("{}/sections/{section}", app.base);
        let anonymous = app.client();

        let first = anonymous.get(&url).send().await.unwrap();
        assert_eq!(first.status(), 200);
        let etag = header(&first, "etag");
        assert!(
            etag.starts_with('"') && etag.len() > 4,
            "a strong ETag: {etag}"
        );
        assert!(header(&first, "cache-control").contains("public, max-age=0, s-maxage="));
        assert!(header(&first, "vary").contains("Cookie"));

        // From memory: the same tag, and the CSP nonce is the one in the page's scripts.
        let second = anonymous.get(&url).send().await.unwrap();
        assert_eq!(header(&second, "etag"), etag);
        let csp = header(&second, "content-security-policy");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
            .to_string();
        let body = second.text().await.unwrap();
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "script nonce {nonce} in the page"
        );

        let unchanged = anonymous
            .get(&url)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(unchanged.status(), 304);
        // No policy on the 304: the browser would put it on its kept copy, whose scripts
        // carry another nonce, and show the page without style or scripts (issue 15).
        assert!(
            unchanged.headers().get("content-security-policy").is_none(),
            "{:?}",
            unchanged.headers()
        );
        assert!(unchanged.text().await.unwrap().is_empty());

        // A write: the next view has it, under another tag.
        let resident = logged_in(&app, "resident@example.org", Role::Resident).await;
        let posted = call(
            &resident,
            &app.base,
            "comments/post",
            &[
                ("target", "section"),
                ("id", &section.to_string()),
                ("body", "Fresh words"),
            ],
        )
        .await;
        assert_eq!(posted.status(), 200);
        let after = anonymous
            .get(&url)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 200);
        assert_ne!(header(&after, "etag"), etag);
        assert!(after.text().await.unwrap().contains("Fresh words"));

        // Logged in: rendered for the reader, never stored.
        let mine = resident.get(&url).send().await.unwrap();
        assert_eq!(mine.status(), 200);
        assert!(header(&mine, "etag").is_empty());
        assert_eq!(header(&mine, "cache-control"), "no-store");

        // Fifty readers at once get the same page (one render; the others wait for it).
        let mut views = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let anonymous = anonymous.clone();
            let url = format!("{url}?sort=newest");
            views.spawn(async move {
                let r = anonymous.get(&url).send().await.unwrap();
                assert_eq!(r.status(), 200);
                header(&r, "etag")
            });
        }
        let tags: std::collections::BTreeSet<String> = views.join_all().await.into_iter().collect();
        assert_eq!(tags.len(), 1, "{tags:?}");
    }
);
