#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Accounts for people without e-mail (issue 18): a facilitator at a held meeting makes an
//! account for a present resident and gets a printed login name and one-time code; with
//! them the person sets a password (no e-mail), is logged in, and logs in again later; the
//! code works once, only for its own account, and guesses are throttled; the event log has
//! the meeting; nothing is ever mailed to the reserved address.

use crate::both_backends;
use crate::helpers::*;
use app::domain::role::Role;
use app::entities::event::Column as EventColumn;
use app::entities::{event, meeting_registration, user};
use app::services::{clock, meetings};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

both_backends!(an_account_from_a_printed_code, |backend| async move {
    let app = spawn_app(backend).await;
    let db = &app.state().db;
    let base = app.base.clone();
    let coordinator = logged_in(&app, "co@example.org", Role::Coordinator).await;
    let resident = logged_in(&app, "r@example.org", Role::Resident).await;
    let co = user::Entity::find()
        .filter(user::Column::Email.eq("co@example.org"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let gracia = app::services::assemblies::create(db, &co, "Gràcia", "territorial", "")
        .await
        .unwrap();
    let t = clock::now();
    let held = meetings::create_meeting(
        db,
        &co,
        gracia.id,
        meetings::MeetingInput {
            title: "Assemblea",
            starts_at: &app::domain::time::datetime_value(t - 3600),
            ends_at: &app::domain::time::datetime_value(t + 3600),
            place: "Casal",
            online_url: "",
            description: "",
            capacity: "",
            agenda: &[],
        },
    )
    .await
    .unwrap();
    let make = |client: &reqwest::Client, name: &str| {
        let (client, base, name, id) = (
            client.clone(),
            base.clone(),
            name.to_string(),
            held.id.to_string(),
        );
        async move {
            call(
                &client,
                &base,
                "meetings/paper-account",
                &[("id", &id), ("display_name", &name)],
            )
            .await
        }
    };
    // Residents cannot; the coordinator (or the assembly's facilitators) can.
    assert_eq!(make(&resident, "Joana").await.status(), 403);
    let res = make(&coordinator, "Joana Puig").await;
    assert_eq!(res.status(), 200);
    let slip: Value = res.json().await.unwrap();
    let login = slip["login"].as_str().unwrap().to_string();
    let code = slip["code"].as_str().unwrap().to_string();
    assert!(login.starts_with("p-") && login.len() == 10, "{login}");
    assert_eq!(code.len(), 19);
    let made = user::Entity::find()
        .filter(user::Column::DisplayName.eq("Joana Puig"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        made.email_verified_at.is_some(),
        "activated: the facilitator saw them"
    );
    assert!(!made.email.contains(&code.replace('-', "")));
    // Present at the meeting; the event log names the meeting.
    let present = meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(held.id))
        .filter(meeting_registration::Column::UserId.eq(made.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(present.attended);
    let logged = event::Entity::find()
        .filter(EventColumn::Kind.eq(app::domain::event::Event::UserPaperAccount.as_str()))
        .order_by_desc(EventColumn::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(logged.subject, format!("user:{}", made.id));
    assert!(
        logged.detail.contains(&format!("\"meeting\":{}", held.id)),
        "{}",
        logged.detail
    );
    // The facilitator's page shows the slip again (this browser, 15 minutes).
    let html = page_as(
        &coordinator,
        &format!("{base}/meetings/{}/accounts", held.id),
    )
    .await;
    assert!(html.contains(&code), "{html}");
    assert!(
        page_as(&resident, &format!("{base}/meetings/{}/accounts", held.id))
            .await
            .find(&code)
            .is_none()
    );

    // Another account's code, a wrong code, a mismatched password: refused.
    let other: Value = make(&coordinator, "Pere").await.json().await.unwrap();
    let claim = |login: &str, code: &str, pw: &str| {
        let (base, login, code, pw) = (
            base.clone(),
            login.to_string(),
            code.to_string(),
            pw.to_string(),
        );
        async move {
            let client = client_for(&base);
            let res = call(
                &client,
                &base,
                "auth/claim",
                &[
                    ("login", &login),
                    ("code", &code),
                    ("new_password", &pw),
                    ("confirm_password", &pw),
                ],
            )
            .await;
            (res.status().as_u16(), client)
        }
    };
    assert_ne!(
        claim(
            &login,
            other["code"].as_str().unwrap(),
            "una contrasenya llarga"
        )
        .await
        .0,
        200
    );
    assert_ne!(
        claim(&login, "AAAA-BBBB-CCCC-DDDD", "una contrasenya llarga")
            .await
            .0,
        200
    );
    assert_ne!(claim(&login, &code, "curta").await.0, 200);
    // The right code, typed loosely: the password is set and the person is logged in.
    let loose = code.to_lowercase().replace('-', " ");
    let (status, client) = claim(&login.to_lowercase(), &loose, "una contrasenya llarga").await;
    assert_eq!(status, 200);
    let me: Value = call(&client, &base, "auth/me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["display_name"], "Joana Puig", "{me}");
    // Once only.
    assert_ne!(claim(&login, &code, "una altra contrasenya").await.0, 200);
    // Later: the login name and the password.
    let later = app.client();
    assert_eq!(
        login_as(&later, &base, &login, "una contrasenya llarga").await,
        200
    );
    // Nothing is mailed to the reserved address (a reset request sends nothing).
    let mails = || std::fs::read_dir(&app.outbox).map_or(0, |d| d.count());
    let before = mails();
    call(
        &app.client(),
        &base,
        "auth/request-reset",
        &[("email", &made.email)],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mails(), before);
});

async fn login_as(client: &reqwest::Client, base: &str, login: &str, password: &str) -> u16 {
    crate::helpers::login(client, base, login, password)
        .await
        .status()
        .as_u16()
}
