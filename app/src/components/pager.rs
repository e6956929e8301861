//! Page links under a paged list: first, last and the pages around the current one.

use crate::views::PageInfo;
use leptos::prelude::*;

/// Links to the pages of a list (nothing when it fits on one); `href` gives a page's
/// address, `label` names the navigation for screen readers.
pub fn pager(info: PageInfo, label: String, href: impl Fn(u64) -> String) -> impl IntoView {
    (info.pages > 1).then(|| {
        view! {
            <nav class="pages" aria-label=label>
                {crate::components::thread::page_numbers(info.page, info.pages).into_iter().map(|n| match n {
                    Some(n) => view! {
                        <a href=href(n) aria-current=(n == info.page).then_some("page")>{n.to_string()}</a>" "
                    }.into_any(),
                    None => view! { <span aria-hidden="true">"… "</span> }.into_any(),
                }).collect_view()}
            </nav>
        }
    })
}
