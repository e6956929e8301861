#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Forms that lose nothing (issue 15): a create form sent twice creates once; what a failed
//! plain form post typed comes back on the form from the server, never in the URL; a newcomer
//! is asked to log in before writing an amendment and comes back to it through log-in,
//! sign-up and activation.

use crate::both_backends;
use crate::helpers::*;
use app::domain::phase::Phase;
use app::domain::role::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const PROGRAM: &str = "# Habitatge\n\nConstruirem 8.000 pisos públics de lloguer.\n";
const KEY: &str = "k3y-0f-0ne-rendered-form";

async fn comments_in(app: &TestApp, section: i32) -> u64 {
    use app::entities::comment;
    comment::Entity::find()
        .filter(comment::Column::SectionId.eq(section))
        .count(&app.state().db)
        .await
        .unwrap()
}

fn comment_form<'a>(section: &'a str, body: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("target", "section"),
        ("id", section),
        ("body", body),
        ("form_key", key),
    ]
}

both_backends!(a_comment_form_sent_twice_posts_once, |backend| async move {
    let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
    let client = logged_in(&app, "veina@example.org", Role::Resident).await;
    let id = section.to_string();
    let form = comment_form(&id, "Calen més pisos.", KEY);
    let first = call(&client, &app.base, "comments/post", &form).await;
    assert_eq!(first.status(), 200);
    let first: i32 = first.json().await.unwrap();
    // The second tap, the resent post: the same comment back, nothing new.
    let again = call(&client, &app.base, "comments/post", &form).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<i32>().await.unwrap(), first);
    assert_eq!(comments_in(&app, section).await, 1);

    // 20 parallel submits of one new form: one comment, and all 20 are told its id.
    let key = "another-rendered-form-key";
    let form = comment_form(&id, "Una sola vegada.", key);
    let ids = same_form_in_parallel(&client, &app.base, "comments/post", &form, 20).await;
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(comments_in(&app, section).await, 2);

    // Another form (another key), or a client that sends none: new comments.
    let other = comment_form(&id, "Una sola vegada.", "a-third-rendered-form-key");
    assert_eq!(
        call(&client, &app.base, "comments/post", &other)
            .await
            .status(),
        200
    );
    let keyless = [
        ("target", "section"),
        ("id", id.as_str()),
        ("body", "Sense clau."),
    ];
    assert_eq!(
        call(&client, &app.base, "comments/post", &keyless)
            .await
            .status(),
        200
    );
    assert_eq!(comments_in(&app, section).await, 4);

    // A key is one person's: another resident's form with the same key posts its own.
    let neighbour = logged_in(&app, "veí@example.org", Role::Resident).await;
    let theirs = call(
        &neighbour,
        &app.base,
        "comments/post",
        &comment_form(&id, "Jo també.", KEY),
    )
    .await;
    assert_eq!(theirs.status(), 200);
    assert_ne!(theirs.json::<i32>().await.unwrap(), first);
    assert_eq!(comments_in(&app, section).await, 5);

    // A malformed key, or one used for another kind of form, is refused.
    for bad in ["short", "has spaces in it, see", &"x".repeat(65)] {
        let res = call(
            &client,
            &app.base,
            "comments/post",
            &comment_form(&id, "Mal.", bad),
        )
        .await;
        assert_eq!(res.status(), 400, "{bad}");
    }
    let amendment = call(
        &client,
        &app.base,
        "amendments/create",
        &[
            ("section_id", id.as_str()),
            ("base_number", "1"),
            ("title", "Més pisos"),
            ("text", "Construirem 10.000 pisos públics de lloguer."),
            ("justification", ""),
            ("form_key", KEY),
        ],
    )
    .await;
    assert_eq!(amendment.status(), 400);
    assert_eq!(comments_in(&app, section).await, 5);
});

both_backends!(
    an_amendment_form_sent_twice_writes_one_draft,
    |backend| async move {
        use app::entities::amendment;
        let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let client = logged_in(&app, "autora@example.org", Role::Resident).await;
        let id = section.to_string();
        let form = [
            ("section_id", id.as_str()),
            ("base_number", "1"),
            ("title", "Més pisos"),
            ("text", "Construirem 10.000 pisos públics de lloguer."),
            ("justification", "Cal més habitatge."),
            ("form_key", KEY),
        ];
        let ids = same_form_in_parallel(&client, &app.base, "amendments/create", &form, 10).await;
        assert_eq!(ids.len(), 1, "{ids:?}");
        let drafts = amendment::Entity::find()
            .filter(amendment::Column::SectionId.eq(section))
            .count(&app.state().db)
            .await
            .unwrap();
        assert_eq!(drafts, 1);
    }
);

/// A plain form post (JavaScript off) from `referer`.
async fn plain_post(
    client: &reqwest::Client,
    app: &TestApp,
    endpoint: &str,
    referer: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(format!("{}/api/{endpoint}", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}{referer}", app.base))
        .form(fields)
        .send()
        .await
        .unwrap()
}

both_backends!(
    what_a_failed_form_typed_comes_back_from_the_server,
    |backend| async move {
        let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let client = logged_in(&app, "autora@example.org", Role::Resident).await;
        let id = section.to_string();
        let editor = format!("/sections/{section}/amend");
        let long_text = format!(
            "Construirem 10.000 pisos públics. {}",
            "Paraula ".repeat(1500)
        );
        // No title: refused, back to the editor.
        let res = plain_post(
            &client,
            &app,
            "amendments/create",
            &editor,
            &[
                ("section_id", id.as_str()),
                ("base_number", "1"),
                ("title", ""),
                ("text", long_text.as_str()),
                ("justification", "Perquè sí"),
                ("form_key", KEY),
            ],
        )
        .await;
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&format!("{editor}?")), "{location}");
        assert!(location.contains("__form="), "{location}");
        assert!(location.contains("__err="), "{location}");
        // The text is not in the address (it is 12 KB; the address stays short).
        assert!(!location.contains("Construirem") && !location.contains("Paraula"));
        assert!(location.len() < 600, "{}", location.len());
        let page = client
            .get(format!("{}{location}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.headers()["cache-control"], "private, no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains("Paraula Paraula"), "the text comes back");
        assert!(html.contains("Perquè sí"), "the justification comes back");
        // Nobody else reads it with the address.
        let other = logged_in(&app, "altra@example.org", Role::Resident).await;
        let html = page_as(&other, &format!("{}{location}", app.base)).await;
        assert!(!html.contains("Paraula Paraula"));
        // A made-up token shows the empty form.
        let made_up = format!("{editor}?__form=AAAAAAAAAAAAAAAAAAAAAA");
        let html = page_as(&client, &format!("{}{made_up}", app.base)).await;
        assert!(!html.contains("Paraula Paraula"));

        // Logged out meanwhile (the session ended): "log in to do this", with the way to log in
        // and come back to the form with the text.
        let anonymous = app.client();
        let res = plain_post(
            &anonymous,
            &app,
            "amendments/create",
            &editor,
            &[
                ("section_id", id.as_str()),
                ("base_number", "1"),
                ("title", "Més pisos"),
                ("text", "Construirem 12.000 pisos públics de lloguer."),
                ("justification", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.contains("__form=") && !location.contains("12.000"),
            "{location}"
        );
        let html = page_as(&anonymous, &format!("{}{location}", app.base)).await;
        let token = location
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .find(|p| p.starts_with("__form="))
            .unwrap()
            .to_string();
        let back = format!("{editor}?{token}");
        let next = back.replace('?', "%3F").replace('=', "%3D");
        assert!(
            html.contains(&format!("/login?next={next}")),
            "a way back:\n{html}"
        );
        app.create_user(
            "nova@example.org",
            "Nova",
            "a long enough password",
            Role::Resident,
        )
        .await;
        let res = call(
            &anonymous,
            &app.base,
            "auth/login",
            &[
                ("email", "nova@example.org"),
                ("password", "a long enough password"),
                ("next", back.as_str()),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<String>().await.unwrap(), back);
        let html = page_as(&anonymous, &format!("{}{back}", app.base)).await;
        assert!(
            html.contains("Construirem 12.000 pisos"),
            "the draft survived the log-in"
        );
    }
);

both_backends!(
    a_newcomer_is_asked_to_log_in_first_and_comes_back,
    |backend| async move {
        let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
        let editor = format!("/sections/{section}/amend");
        let html = page_html(&app, &editor).await;
        // No editor for someone who could not save it: log in or sign up, then back here.
        assert!(
            !html.contains("name=\"text\""),
            "no editor for anonymous visitors"
        );
        let next = editor.clone();
        assert!(
            html.contains(&format!("href=\"/login?next={next}\"")),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"/signup?next={next}\"")));
        // The header's log-in link comes back too.
        let html = page_html(&app, &format!("/sections/{section}")).await;
        assert!(html.contains(&format!("href=\"/login?next=/sections/{section}\"")));

        // Sign-up carries the address through the activation e-mail.
        let client = app.client();
        let res = call(
            &client,
            &app.base,
            "auth/signup",
            &[
                ("email", "nouvingut@example.org"),
                ("display_name", "Nouvingut"),
                ("password", "a long enough password"),
                ("next", editor.as_str()),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let mail = app.last_mail_to("nouvingut@example.org").await;
        let link = link_in(&mail, &format!("{}/account/activate?token=", app.base));
        let query = link.split_once('?').unwrap().1;
        let fields: Vec<(String, String)> = url_pairs(query);
        let token = &fields.iter().find(|(k, _)| k == "token").unwrap().1;
        let carried = &fields.iter().find(|(k, _)| k == "next").unwrap().1;
        assert_eq!(carried, &editor);
        // The activation page passes it on; activating lands on the editor, logged in.
        let html = page_html(&app, &format!("/account/activate?{query}")).await;
        assert!(html.contains(&format!("name=\"next\" value=\"{editor}\"")));
        let res = call(
            &client,
            &app.base,
            "auth/activate",
            &[("token", token.as_str()), ("next", carried.as_str())],
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<String>().await.unwrap(), editor);
        let html = page_as(&client, &format!("{}{editor}", app.base)).await;
        assert!(html.contains("name=\"text\""), "the editor, now");

        // A foreign address in `next` never survives.
        let res = call(
            &app.client(),
            &app.base,
            "auth/activate",
            &[("token", "x"), ("next", "https://evil.example/")],
        )
        .await;
        assert_ne!(res.status(), 200);
    }
);

/// A program taking amendments with one published amendment ("Més pisos") by an author.
async fn with_one_amendment(
    backend: Backend,
) -> (
    TestApp,
    app::entities::user::Model,
    i32,
    app::domain::ids::AmendmentId,
) {
    let (app, _, section) = app_with_program(backend, PROGRAM, Phase::Amendments).await;
    let author = account(&app, "autora@example.org", Role::Resident).await;
    let id = published_amendment(
        &app.state().db,
        &author,
        app::domain::ids::SectionId(section),
        "Més pisos",
        "Construirem 10.000 pisos públics de lloguer.",
    )
    .await;
    (app, author, section, id)
}

/// Sends one form `n` times at once; every answer must be 200 with an id: the distinct ids.
async fn same_form_in_parallel(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    form: &[(&str, &str)],
    n: usize,
) -> Vec<i32> {
    let answers =
        futures_util::future::join_all((0..n).map(|_| call(client, base, endpoint, form))).await;
    let mut ids = Vec::new();
    for res in answers {
        assert_eq!(res.status(), 200);
        ids.push(res.json::<i32>().await.unwrap());
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

both_backends!(
    irreversible_actions_ask_first_without_javascript,
    |backend| async move {
        use app::domain::amendment::AmendmentStatus;
        use app::entities::amendment;
        let (app, author, section, id) = with_one_amendment(backend).await;
        let db = app.state().db.clone();
        let second = published_amendment(
            &db,
            &author,
            app::domain::ids::SectionId(section),
            "Més pisos encara",
            "Construirem 12.000 pisos públics de lloguer.",
        )
        .await;
        let facilitator = logged_in(&app, "fa@example.org", Role::Facilitator).await;
        let page = format!("/amendments/{id}");
        // Every irreversible form is marked for the dialog.
        let html = page_as(&facilitator, &format!("{}/amendments/{id}", app.base)).await;
        assert!(html.contains("data-confirm=\"Accept this amendment?\""));
        assert!(html.contains("data-confirm=\"Reject this amendment?\""));
        assert!(html.contains("id=\"confirm-dialog\""));
        // A plain form post of Accept: nothing happens yet, the confirmation page answers.
        let res = plain_post(
            &facilitator,
            &app,
            "amendments/accept",
            &page,
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/confirm?__form="), "{location}");
        let status = |db: sea_orm::DatabaseConnection| async move {
            amendment::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .status
        };
        assert_eq!(status(db.clone()).await, AmendmentStatus::Published);
        let html = page_as(&facilitator, &format!("{}{location}", app.base)).await;
        assert!(html.contains("<h1>Accept this amendment?</h1>"), "{html}");
        assert!(html.contains("This cannot be undone."));
        assert!(html.contains("action=\"/api/amendments/accept\""));
        assert!(html.contains(&format!("name=\"id\" value=\"{id}\"")));
        assert!(html.contains("name=\"confirmed\" value=\"1\""));
        assert!(html.contains(&format!("href=\"{page}\"")), "the way back");
        // Someone else cannot read another's confirmation.
        let other = logged_in(&app, "altre@example.org", Role::Facilitator).await;
        let theirs = page_as(&other, &format!("{}{location}", app.base)).await;
        assert!(theirs.contains("This confirmation has expired or was already used."));
        // "Yes": the same form with `confirmed` does it.
        let id_text = id.to_string();
        let yes = [("id", id_text.as_str()), ("confirmed", "1")];
        let confirmed_accept =
            || plain_post(&facilitator, &app, "amendments/accept", &location, &yes);
        let res = confirmed_accept().await;
        assert_eq!(res.status(), 302);
        assert!(res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&format!("{page}?done=accepted")));
        assert_eq!(status(db.clone()).await, AmendmentStatus::Accepted);

        // A confirmed action that fails (the same "Yes" again: it is accepted already)
        // comes back to its confirmation page with the error.
        let res = confirmed_accept().await;
        let back = res.headers()["location"].to_str().unwrap().to_string();
        assert!(
            back.starts_with("/confirm?") && back.contains("__form=") && back.contains("__err="),
            "{back}"
        );
        let html = page_as(&facilitator, &format!("{}{back}", app.base)).await;
        assert!(html.contains("role=\"alert\""), "{html}");

        // API clients (JSON) are not asked; every irreversible form is marked for the dialog.

        let res = call(
            &facilitator,
            &app.base,
            "amendments/reject",
            &[("id", &second.to_string()), ("reason", "Duplicada")],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
);

both_backends!(counts_read_right_in_three_languages, |backend| async move {
    let (app, _author, _section, id) = with_one_amendment(backend).await;
    let fan = logged_in(&app, "fan@example.org", Role::Resident).await;
    let res = call(
        &fan,
        &app.base,
        "amendments/support",
        &[("id", &id.to_string())],
    )
    .await;
    assert_eq!(res.status(), 200);
    for (lang, one, wrong) in [
        ("en", "1 support", "1 supports"),
        ("ca", "1 suport", "1 suports"),
        ("es", "1 apoyo", "1 apoyos"),
    ] {
        let html = app
            .client()
            .get(format!("{}/amendments/{id}", app.base))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(one), "{lang}: {one}");
        assert!(!html.contains(wrong), "{lang}: {wrong}");
    }
});
