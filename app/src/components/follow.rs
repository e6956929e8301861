//! Follow / unfollow a section or an amendment (then its new comments are notified).

use crate::api::notifications::{is_following, SetFollow};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn FollowButton(kind: &'static str, #[prop(into)] id: i32, logged_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetFollow>::new();
    let following = Resource::new(|| (), move |_| is_following(kind.to_string(), id));
    view! {
        {logged_in.then(|| view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let now = following.await.unwrap_or(false);
                    view! {
                        <ActionForm action=set attr:class="inline-form follow-form">
                            <input type="hidden" name="kind" value=kind/>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="follow" value=if now { "false" } else { "true" }/>
                            <button type="submit" class="small secondary" aria-pressed=if now { "true" } else { "false" }>
                                {if now { t_string!(i18n, follow_stop) } else { t_string!(i18n, follow_start) }}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        })}
    }
}
