use crate::error::AppError;
use crate::views::admin::AuditEntries;
use leptos::prelude::*;

/// The event log for coordinators, newest first, filtered by person (part of an e-mail or
/// display name), kind of action (`amendment` or `amendment.accept`) and subject
/// (`amendment:12`), and assembly (its address: the assembly, its meetings and the
/// amendments it adopted).
#[server(endpoint = "admin/audit")]
pub async fn audit_log(
    #[server(default)] person: String,
    #[server(default)] kind: String,
    #[server(default)] subject: String,
    #[server(default)] assembly: String,
    #[server(default)] page: u64,
) -> Result<AuditEntries, AppError> {
    use crate::views::admin::AuditFilter;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::admin::page(
            &state.db,
            &me,
            AuditFilter {
                person: &person,
                kind: &kind,
                subject: &subject,
                assembly: &assembly,
                page,
            },
        )
        .await
    })
    .await
}
