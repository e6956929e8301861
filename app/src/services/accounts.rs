//! Accounts: sign-up with e-mail activation, log-in, password change and reset, profile,
//! roles. Nothing here tells a caller whether an e-mail address has an account: sign-up,
//! log-in and reset answer the same way, after the same amount of hashing, either way.

use super::{clock::now, db, events, sessions, throttle, tokens};
use crate::domain::account::{DisplayName, Email, NewPassword, TokenPurpose};
use crate::domain::event::Event;
use crate::domain::ids::UserId;
use crate::domain::role::Role;
use crate::domain::text::fill;
use crate::entities::{email_token, user};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::web::state::AppState;
use leptos_i18n::Locale as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::str::FromStr;

fn locale_of(code: &str) -> Locale {
    Locale::from_str(code).unwrap_or_default()
}

async fn new_email_token(
    db: &impl ConnectionTrait,
    state: &AppState,
    user_id: UserId,
    purpose: TokenPurpose,
) -> Result<String, AppError> {
    let secret = tokens::new_secret();
    let t = now();
    email_token::ActiveModel {
        token_hash: Set(tokens::hash_secret(&secret)),
        user_id: Set(user_id),
        purpose: Set(purpose),
        created_at: Set(t),
        expires_at: Set(t + state.config.email_token_secs),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// E-mails an activation link for `secret` in the account's language. The address is not
/// verified yet, so the message carries nothing the requester chose (not even a name).
/// After activating, the link leads on to `next` (a local path: where the person was going
/// when they signed up, e.g. the amendment they had started), when there is one.
fn send_activation(
    state: &AppState,
    to: &str,
    locale: Locale,
    origin: &str,
    secret: &str,
    next: &str,
) {
    let next = crate::domain::redirect::next_param(next);
    let link = if next == "/" {
        format!("{origin}/account/activate?token={secret}")
    } else {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("token", secret)
            .append_pair("next", &next)
            .finish();
        format!("{origin}/account/activate?{query}")
    };
    let subject = crate::i18n::td_string!(locale, mail_activate_subject).to_string();
    let body = fill(
        crate::i18n::td_string!(locale, mail_activate_body),
        &[("link", &link)],
    );
    state.mailer.send_later(to, subject, body);
}

/// Counts one mail to `to` requested by `client` against the shared limits (per address and
/// per client address); `Throttled` beyond them, whether or not the address has an account.
async fn mail_allowed(state: &AppState, to: &Email, client: &str) -> Result<(), AppError> {
    use super::rate_limit::{hit, MAIL_PER_ADDRESS, MAIL_PER_CLIENT};
    let db = &state.db;
    let per_client = super::rate_limit::Limit {
        limit: state.config.mail_per_client,
        ..MAIL_PER_CLIENT
    };
    hit(db, &format!("mail-from:{client}"), per_client).await?;
    hit(db, &format!("mail-to:{}", to.as_str()), MAIL_PER_ADDRESS).await
}

/// Ends every outstanding one-time link of an account (after one was used, or the
/// password changed): older reset or activation links stop working.
async fn end_tokens(db: &impl ConnectionTrait, user_id: UserId) -> Result<(), AppError> {
    email_token::Entity::update_many()
        .col_expr(
            email_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(email_token::Column::UserId.eq(user_id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a one-time token used and returns its user, or `TokenInvalid`.
async fn consume_token(
    db: &impl ConnectionTrait,
    secret: &str,
    purpose: TokenPurpose,
) -> Result<user::Model, AppError> {
    let hash = tokens::hash_secret(secret.trim());
    let mut select = email_token::Entity::find_by_id(hash);
    if db::supports_row_locks(db) {
        select = select.lock_exclusive();
    }
    let token = select.one(db).await?.ok_or(AppError::TokenInvalid)?;
    if token.purpose != purpose || token.used_at.is_some() || token.expires_at <= now() {
        return Err(AppError::TokenInvalid);
    }
    let user_id = token.user_id;
    // This link and every other outstanding one of the account end here.
    end_tokens(db, user_id).await?;
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::TokenInvalid)
}

/// Where a sign-up came from: the language to write to, the site's public origin (for
/// links), the client's address (for the mail limits) and where to go once activated.
#[derive(Clone, Copy, Debug)]
pub struct SignupRequest<'a> {
    pub locale: Locale,
    pub origin: &'a str,
    pub client: &'a str,
    pub next: &'a str,
}

/// Sign-up. Always answers `Ok(())` for a well-formed request: a new address gets an
/// activation link; an address that already has an account, activated or not, gets a note
/// pointing to the password reset, and the account is not touched (a second sign-up must
/// never change its password or name: the owner's own activation link would then activate
/// the intruder's password). Mail is rate-limited per address and per client `client`.
pub async fn signup(
    state: &AppState,
    email: &str,
    display_name: &str,
    password: &str,
    from: &SignupRequest<'_>,
) -> Result<(), AppError> {
    let SignupRequest {
        locale,
        origin,
        client,
        next,
    } = *from;
    let email = Email::parse(email)?;
    let name = DisplayName::parse(display_name)?;
    let password = NewPassword::parse(password)?;
    mail_allowed(state, &email, client).await?;
    // Hash before looking anything up, so both paths cost the same.
    let hash = state.hasher.hash(password.expose()).await?;

    let txn = db::write_txn(&state.db).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    let outcome = match existing {
        Some(found) => Err(locale_of(&found.locale)),
        None => {
            let created = user::ActiveModel {
                email: Set(email.as_str().to_string()),
                display_name: Set(name.as_str().to_string()),
                password_hash: Set(hash),
                role: Set(Role::Resident),
                locale: Set(locale.as_str().to_string()),
                email_verified_at: Set(None),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            events::record(
                &txn,
                Some(created.id),
                Event::UserSignup,
                &format!("user:{}", created.id),
                serde_json::json!({}),
            )
            .await?;
            Ok(new_email_token(&txn, state, created.id, TokenPurpose::Activate).await?)
        }
    };
    txn.commit().await?;

    match outcome {
        Ok(secret) => send_activation(state, email.as_str(), locale, origin, &secret, next),
        Err(owner_locale) => {
            let link = format!("{origin}/password/forgot");
            let subject = crate::i18n::td_string!(owner_locale, mail_taken_subject).to_string();
            let body = fill(
                crate::i18n::td_string!(owner_locale, mail_taken_body),
                &[("link", &link)],
            );
            state.mailer.send_later(email.as_str(), subject, body);
        }
    }
    Ok(())
}

/// Activates an account from its e-mailed link and logs its owner in.
pub async fn activate(state: &AppState, secret: &str) -> Result<(user::Model, String), AppError> {
    let txn = db::write_txn(&state.db).await?;
    let found = consume_token(&txn, secret, TokenPurpose::Activate).await?;
    let mut active: user::ActiveModel = found.clone().into();
    if found.email_verified_at.is_none() {
        active.email_verified_at = Set(Some(now()));
    }
    let activated = active.update(&txn).await?;
    events::record(
        &txn,
        Some(activated.id),
        Event::UserActivate,
        &format!("user:{}", activated.id),
        serde_json::json!({}),
    )
    .await?;
    let session = sessions::create(&txn, &state.config, activated.id).await?;
    txn.commit().await?;
    Ok((activated, session))
}

/// Log-in. Every failure is `InvalidCredentials`, after one argon2 verification, except a
/// throttled address (`Throttled`, same for known and unknown addresses) and an account
/// whose password was right but which is not activated yet (`NotActivated`; a new
/// activation link is mailed when `origin` is known and the mail limits allow).
///
/// The attempt is counted against the per-account throttle before the password is
/// verified, atomically, so parallel guesses are bounded exactly like sequential ones;
/// a right password takes its own attempt back.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    origin: Option<&str>,
    client: &str,
    next: &str,
) -> Result<(user::Model, String), AppError> {
    let Ok(email) = Email::parse_login(email) else {
        state.hasher.verify_dummy(password).await?;
        return Err(AppError::InvalidCredentials);
    };
    throttle::begin_attempt(&state.db, email.as_str(), &state.config.throttle).await?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?;
    let verified = match &found {
        Some(u) => state.hasher.verify(password, &u.password_hash).await?,
        None => {
            state.hasher.verify_dummy(password).await?;
            false
        }
    };
    let Some(found) = found.filter(|_| verified) else {
        return Err(AppError::InvalidCredentials);
    };
    throttle::succeeded(&state.db, email.as_str()).await?;
    if found.email_verified_at.is_none() {
        if let Some(origin) = origin {
            if mail_allowed(state, &email, client).await.is_ok() {
                let secret =
                    new_email_token(&state.db, state, found.id, TokenPurpose::Activate).await?;
                send_activation(
                    state,
                    &found.email,
                    locale_of(&found.locale),
                    origin,
                    &secret,
                    next,
                );
            }
        }
        return Err(AppError::NotActivated);
    }
    let session = sessions::create(&state.db, &state.config, found.id).await?;
    Ok((found, session))
}

/// Changes the password of a logged-in user and ends their other sessions.
#[tracing::instrument(skip_all, fields(me = %me.id))]
pub async fn change_password(
    state: &AppState,
    me: &user::Model,
    current_session: &str,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let new = NewPassword::parse_confirmed(new, confirm)?;
    if !state.hasher.verify(current, &me.password_hash).await? {
        return Err(AppError::WrongCurrentPassword);
    }
    let hash = state.hasher.hash(new.expose()).await?;
    let txn = db::write_txn(&state.db).await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(user::Column::Id.eq(me.id))
        .exec(&txn)
        .await?;
    sessions::delete_all_for_user(&txn, me.id, Some(current_session)).await?;
    end_tokens(&txn, me.id).await?;
    events::record(
        &txn,
        Some(me.id),
        Event::UserPasswordChange,
        &format!("user:{}", me.id),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sends a reset link if the address has an account; answers the same either way, in the
/// same time (the mail leaves after the answer). Rate-limited per address and per client.
pub async fn request_reset(
    state: &AppState,
    email: &str,
    origin: &str,
    client: &str,
) -> Result<(), AppError> {
    let email = Email::parse(email)?;
    mail_allowed(state, &email, client).await?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?;
    let Some(found) = found else {
        return Ok(());
    };
    let secret = new_email_token(&state.db, state, found.id, TokenPurpose::Reset).await?;
    let locale = locale_of(&found.locale);
    let link = format!("{origin}/password/reset?token={secret}");
    let subject = crate::i18n::td_string!(locale, mail_reset_subject).to_string();
    let minutes = (state.config.email_token_secs / 60).to_string();
    // No display name: for an account not activated yet it was chosen by whoever signed up.
    let body = fill(
        crate::i18n::td_string!(locale, mail_reset_body),
        &[("link", &link), ("minutes", &minutes)],
    );
    state.mailer.send_later(&found.email, subject, body);
    Ok(())
}

/// Sets a new password from a reset link; ends every session of the account.
pub async fn reset_password(
    state: &AppState,
    secret: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let new = NewPassword::parse_confirmed(new, confirm)?;
    let hash = state.hasher.hash(new.expose()).await?;
    let txn = db::write_txn(&state.db).await?;
    let found = consume_token(&txn, secret, TokenPurpose::Reset).await?;
    set_password_in(&txn, found, hash, serde_json::json!({})).await?;
    txn.commit().await?;
    Ok(())
}

/// Gives `found` the password hashed as `hash` after a one-time token proved who they are:
/// their address counts as verified, every session of theirs ends, their log-in throttle
/// is cleared, and the event log says so (`detail`).
async fn set_password_in(
    txn: &impl ConnectionTrait,
    found: user::Model,
    hash: String,
    detail: serde_json::Value,
) -> Result<user::Model, AppError> {
    let mut active: user::ActiveModel = found.clone().into();
    active.password_hash = Set(hash);
    if found.email_verified_at.is_none() {
        // The link proved the address is theirs.
        active.email_verified_at = Set(Some(now()));
    }
    let updated = active.update(txn).await?;
    sessions::delete_all_for_user(txn, found.id, None).await?;
    throttle::clear(txn, &found.email).await?;
    events::record(
        txn,
        Some(found.id),
        Event::UserPasswordReset,
        &format!("user:{}", found.id),
        detail,
    )
    .await?;
    Ok(updated)
}

#[tracing::instrument(skip_all, fields(me = %me.id))]
pub async fn update_profile(
    state: &AppState,
    me: &user::Model,
    display_name: &str,
) -> Result<(), AppError> {
    let name = DisplayName::parse(display_name)?;
    user::Entity::update_many()
        .col_expr(
            user::Column::DisplayName,
            sea_orm::sea_query::Expr::value(name.as_str()),
        )
        .filter(user::Column::Id.eq(me.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Creates an activated account (command line and demo data).
pub async fn create_user(
    state: &AppState,
    email: &str,
    display_name: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, AppError> {
    let email = Email::parse(email)?;
    let name = DisplayName::parse(display_name)?;
    let password = NewPassword::parse(password)?;
    let hash = state.hasher.hash(password.expose()).await?;
    let txn = db::write_txn(&state.db).await?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(AppError::EmailTaken);
    }
    let t = now();
    let created = user::ActiveModel {
        email: Set(email.as_str().to_string()),
        display_name: Set(name.as_str().to_string()),
        password_hash: Set(hash),
        role: Set(role),
        locale: Set(Locale::default().as_str().to_string()),
        email_verified_at: Set(Some(t)),
        created_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        None,
        Event::UserCreate,
        &format!("user:{}", created.id),
        serde_json::json!({"role": role.as_str()}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

pub fn role_of(u: &user::Model) -> Role {
    u.role
}

/// Accounts a page of the "People and roles" list shows.
pub const USERS_PER_PAGE: u64 = 50;
/// The longest search people can type (a name or an e-mail address is shorter).
pub const USER_SEARCH_MAX: usize = 200;

/// One page of the accounts, for coordinators: those whose name or e-mail address contains
/// `search` (any case), of `role` if given, in the order they were created; with how many
/// match in all. Both filters use indexes' columns only through one counted query and one
/// page query, so the list costs the same with 100,000 accounts.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn list_users(
    state: &AppState,
    actor: &user::Model,
    search: &str,
    role: Option<Role>,
    page: u64,
) -> Result<(Vec<user::Model>, crate::views::PageInfo), AppError> {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    use sea_orm::{Condition, PaginatorTrait};
    if !role_of(actor).can_manage_users() {
        return Err(AppError::Forbidden);
    }
    let search = search.trim();
    if search.chars().count() > USER_SEARCH_MAX {
        return Err(AppError::BadRequest);
    }
    let mut cond = Condition::all();
    if !search.is_empty() {
        // LIKE's own wildcards are taken as the letters they are not: left out.
        let needle = format!("%{}%", search.to_lowercase().replace(['%', '_', '\\'], ""));
        cond = cond.add(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(user::Column::Email))).like(needle.as_str()))
                .add(
                    Expr::expr(Func::lower(Expr::col(user::Column::DisplayName)))
                        .like(needle.as_str()),
                ),
        );
    }
    if let Some(role) = role {
        cond = cond.add(user::Column::Role.eq(role));
    }
    let total = user::Entity::find()
        .filter(cond.clone())
        .count(&state.db)
        .await?;
    let (info, offset) = crate::views::PageInfo::of(total, page, USERS_PER_PAGE);
    let rows = user::Entity::find()
        .filter(cond)
        .order_by_asc(user::Column::Id)
        .offset(offset)
        .limit(USERS_PER_PAGE)
        .all(&state.db)
        .await?;
    Ok((rows, info))
}

/// Changes a role. Coordinators only; the platform always keeps one coordinator.
#[tracing::instrument(skip_all, fields(actor = %actor.id, user_id = %user_id))]
pub async fn set_role(
    state: &AppState,
    actor: &user::Model,
    user_id: UserId,
    role: Role,
) -> Result<(), AppError> {
    if !role_of(actor).can_manage_users() {
        return Err(AppError::Forbidden);
    }
    let txn = db::write_txn(&state.db).await?;
    // Every coordinator's row is locked, in id order, before anything is decided (SQLite
    // takes the whole write lock at BEGIN): two coordinators demoting each other at once
    // run one after the other, and the second finds it no longer is one.
    let mut coordinators_query = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Coordinator.as_str()))
        .order_by_asc(user::Column::Id);
    if db::supports_row_locks(&txn) {
        coordinators_query = coordinators_query.lock_exclusive();
    }
    let coordinators = coordinators_query.all(&txn).await?;
    if !coordinators.iter().any(|c| c.id == actor.id) {
        return Err(AppError::Forbidden);
    }
    let target = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let old = role_of(&target);
    if old == role {
        return Ok(());
    }
    if old == Role::Coordinator && coordinators.len() <= 1 {
        return Err(AppError::LastCoordinator);
    }
    let mut active: user::ActiveModel = target.into();
    active.role = Set(role);
    active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::UserRoleChange,
        &format!("user:{user_id}"),
        serde_json::json!({"from": old.as_str(), "to": role.as_str()}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An account made at a meeting for a present resident without an e-mail address, and
/// what to print for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperAccount {
    pub user: user::Model,
    /// What they log in with (`p-XXXXXXXX`).
    pub login: String,
    /// The one-time code that lets them set their password (`XXXX-XXXX-XXXX-XXXX`),
    /// shown once: only its hash is kept.
    pub code: String,
    pub expires_at: i64,
}

/// A facilitator of the meeting's assembly (or a coordinator), once it started, makes an
/// account for a present resident without an e-mail address: activated (the facilitator
/// saw them), recorded present at the meeting, with a printed login name and a one-time
/// code ([`claim_paper`]) valid for [`PAPER_CODE_SECS`]. The event log has the meeting.
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id))]
pub async fn paper_account(
    state: &AppState,
    actor: &user::Model,
    meeting_id: crate::domain::ids::MeetingId,
    display_name: &str,
) -> Result<PaperAccount, AppError> {
    use crate::domain::account::{paper_login, PAPER_CODE_SECS};
    use rand::RngCore;
    let name = DisplayName::parse(display_name)?;
    // Nobody knows this password: the code sets the real one.
    let mut unusable = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut unusable);
    let hash = state
        .hasher
        .hash(
            &unusable
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
        )
        .await?;
    let txn = db::write_txn(&state.db).await?;
    let m = super::meetings::held_meeting(&txn, actor, meeting_id).await?;
    let mut login = String::new();
    for _ in 0..8 {
        let mut bytes = [0u8; 5];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let candidate = paper_login(bytes);
        let email = Email::parse_login(&candidate)?;
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .count(&txn)
            .await?;
        if taken == 0 {
            login = candidate;
            break;
        }
    }
    if login.is_empty() {
        return Err(AppError::Internal);
    }
    let t = now();
    let created = user::ActiveModel {
        email: Set(Email::parse_login(&login)?.as_str().to_string()),
        display_name: Set(name.as_str().to_string()),
        password_hash: Set(hash),
        role: Set(Role::Resident),
        locale: Set(actor.locale.clone()),
        email_verified_at: Set(Some(t)),
        created_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::entities::meeting_registration::ActiveModel {
        meeting_id: Set(m.id),
        user_id: Set(created.id),
        registered_at: Set(t),
        attended: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut random = [0u8; 10];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let code = crate::domain::poll::receipt_code(random);
    let expires_at = t + PAPER_CODE_SECS;
    email_token::ActiveModel {
        token_hash: Set(tokens::hash_secret(
            &crate::domain::poll::normalize_receipt(&code),
        )),
        user_id: Set(created.id),
        purpose: Set(TokenPurpose::Paper),
        created_at: Set(t),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::UserPaperAccount,
        &format!("user:{}", created.id),
        serde_json::json!({"meeting": m.id, "assembly": m.assembly_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(PaperAccount {
        user: created,
        login,
        code,
        expires_at,
    })
}

/// Sets the password of an account made at a meeting from its printed login name and
/// one-time code, and logs its owner in. Guesses count against the login's throttle, like
/// log-ins; the code works once; every failure is `TokenInvalid`.
pub async fn claim_paper(
    state: &AppState,
    login: &str,
    code: &str,
    new: &str,
    confirm: &str,
) -> Result<(user::Model, String), AppError> {
    let new = NewPassword::parse_confirmed(new, confirm)?;
    let email = Email::parse_login(login).map_err(|_| AppError::TokenInvalid)?;
    if !crate::domain::account::is_paper_address(email.as_str()) {
        return Err(AppError::TokenInvalid);
    }
    throttle::begin_attempt(&state.db, email.as_str(), &state.config.throttle).await?;
    let hash = state.hasher.hash(new.expose()).await?;
    let txn = db::write_txn(&state.db).await?;
    let normalized = crate::domain::poll::normalize_receipt(code);
    // Only this account's code: a code of another account is no better than a wrong one.
    let token = email_token::Entity::find_by_id(tokens::hash_secret(&normalized))
        .one(&txn)
        .await?;
    let owner = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    match (&token, &owner) {
        (Some(t), Some(u)) if t.user_id == u.id => {}
        _ => return Err(AppError::TokenInvalid),
    }
    let found = consume_token(&txn, &normalized, TokenPurpose::Paper).await?;
    let claimed = set_password_in(&txn, found, hash, serde_json::json!({"paper": true})).await?;
    let session = sessions::create(&txn, &state.config, claimed.id).await?;
    txn.commit().await?;
    Ok((claimed, session))
}
