use crate::domain::ids::PollId;
use crate::error::AppError;
use crate::views::votes::ReceiptView;
use leptos::prelude::*;

/// Finds a receipt code in a vote's ballot log: its place in the chain, the ranking it
/// recorded and whether a later ballot replaced it.
#[server(endpoint = "votes/receipt")]
pub async fn lookup_receipt(id: PollId, code: String) -> Result<ReceiptView, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::votes::lookup_receipt(&state.db, id, &code, me.as_ref()).await
    })
    .await
}
