//! Follow / unfollow a section, an amendment, a program, an assembly or a vote (then what
//! happens there reaches the follower as notices). Shown only to people logged in.

use crate::api::notifications::{is_following, SetFollow};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn FollowButton(kind: &'static str, #[prop(into)] id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetFollow>::new();
    let following = Resource::new(
        move || set.version().get(),
        move |_| is_following(kind.to_string(), id),
    );
    let back = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                    following.await.ok().flatten().map(|now| view! {
                        <ActionForm action=set attr:class="inline-form follow-form">
                            <input type="hidden" name="kind" value=kind/>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="back" value=back/>
                            <input type="hidden" name="follow" value=if now { "false" } else { "true" }/>
                            <button type="submit" class="small secondary" aria-pressed=if now { "true" } else { "false" }>
                                {if now { t_string!(i18n, follow_stop) } else { t_string!(i18n, follow_start) }}
                            </button>
                        </ActionForm>
                    })
                })
            }}
        </Suspense>
    }
}
