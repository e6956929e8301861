use crate::domain::notice::{Delivery, NoticeKind};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// How each kind of notice reaches the caller, in `NoticeKind::ALL` order.
#[server(endpoint = "notifications/preferences")]
pub async fn notice_preferences() -> Result<Vec<(NoticeKind, Delivery)>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::notifications::preferences(&state.db, me.id).await
    })
    .await
}

/// Sets how kinds of notice reach the caller: `choices` maps a kind's name to `app`,
/// `digest` or `email` (kinds not named keep theirs); `all`, when given, sets every kind.
#[server(endpoint = "notifications/deliver")]
pub async fn set_notice_delivery(
    #[server(default)] choices: HashMap<String, String>,
    #[server(default)] all: Option<String>,
) -> Result<(), AppError> {
    use crate::services::notifications;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        if choices.len() > NoticeKind::ALL.len() {
            return Err(AppError::BadRequest);
        }
        // Every name is checked before anything changes.
        let all = all
            .filter(|a| !a.is_empty())
            .map(|a| a.parse::<Delivery>())
            .transpose()?;
        let mut parsed = Vec::new();
        for (kind, how) in &choices {
            parsed.push((kind.parse::<NoticeKind>()?, how.parse::<Delivery>()?));
        }
        let txn = crate::services::db::write_txn(&state.db).await?;
        if let Some(how) = all {
            notifications::set_delivery(&txn, me.id, None, how).await?;
        }
        for (kind, how) in parsed {
            notifications::set_delivery(&txn, me.id, Some(kind), how).await?;
        }
        txn.commit().await?;
        web::redirect_plain_form("/profile?changed=notices#notices");
        Ok(())
    })
    .await
}

/// The one-click unsubscribe link of a notice e-mail (no log-in: the token is the proof);
/// `kind` names what it stops: `digest`, or one kind of immediate mail.
#[server(endpoint = "notifications/unsubscribe")]
pub async fn unsubscribe_digest(
    token: String,
    #[server(default)] kind: String,
) -> Result<(), AppError> {
    use crate::services::digest;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if token.len() > 128 {
            return Err(AppError::TokenInvalid);
        }
        digest::unsubscribe(&state.db, &token, digest::Stop::parse(&kind)?).await
    })
    .await
}
