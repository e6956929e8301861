use crate::error::AppError;
use leptos::prelude::*;

/// Sign-up (public). Answers the same whether or not the address already has an account;
/// the e-mail sent tells the owner what to do.
#[server(endpoint = "auth/signup")]
pub async fn signup(
    email: String,
    display_name: String,
    password: String,
    /// Where to go once the account is activated (a local path; the activation link
    /// carries it).
    #[server(default)]
    next: String,
) -> Result<(), AppError> {
    use crate::services::accounts;
    use crate::web;
    let keep = [
        ("email", email.as_str()),
        ("display_name", display_name.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let (origin, client) = (web::mail_origin(&state)?, web::client_address(&state));
        let from = accounts::SignupRequest {
            locale: web::request_locale(),
            origin: &origin,
            client: &client,
            next: &next,
        };
        accounts::signup(&state, &email, &display_name, &password, &from).await?;
        web::redirect_plain_form("/signup?sent=1");
        Ok(())
    })
    .await
}
