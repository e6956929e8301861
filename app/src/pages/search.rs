//! `/search?q=WORDS[&program=SLUG][&kind=section|amendment|comment][&page=N]`: program text,
//! amendments and comments, ranked, with the matching words marked. A plain GET form: it
//! works without JavaScript and every result page has its own address.

use crate::api::search::search;
use crate::components::amendment::StatusBadge;
use crate::components::status::ErrorPage;
use crate::domain::search::{DocKind, MAX_RESULTS};
use crate::domain::text::placeholders::fill;
use crate::i18n::*;
use crate::views::search::{SearchHit, SearchPage};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

fn kind_label(i18n: I18nContext<Locale>, kind: DocKind) -> String {
    match kind {
        DocKind::Section => t_string!(i18n, search_kind_section),
        DocKind::Amendment => t_string!(i18n, search_kind_amendment),
        DocKind::Comment => t_string!(i18n, search_kind_comment),
    }
    .to_string()
}

/// The address of another page of the same search.
fn page_href(q: &str, program: &str, kind: &str, page: u64) -> String {
    let page = page.to_string();
    let mut pairs = vec![("q", q)];
    if !program.is_empty() {
        pairs.push(("program", program));
    }
    if !kind.is_empty() {
        pairs.push(("kind", kind));
    }
    if page != "1" {
        pairs.push(("page", &page));
    }
    format!("/search?{}", crate::domain::text::url::query_string(&pairs))
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = crate::components::forms::query_value("q");
    let program = crate::components::forms::query_value("program");
    let kind = crate::components::forms::query_value("kind");
    let page = crate::components::forms::query_value("page");
    let results = Resource::new(
        move || {
            (
                q.get(),
                program.get(),
                kind.get(),
                page.get().parse::<u64>().ok(),
            )
        },
        |(q, program, kind, page)| {
            search(
                q,
                (!program.is_empty()).then_some(program),
                (!kind.is_empty()).then_some(kind),
                page,
            )
        },
    );
    view! {
        <Title text=move || {
            let q = q.get();
            if q.trim().is_empty() { t_string!(i18n, search_title).to_string() } else { format!("{} · {}", q.trim(), t_string!(i18n, search_title)) }
        }/>
        <article class="page search-page">
            <h1>{t!(i18n, search_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(found) => view! { <SearchBody found=found q=q.get_untracked() kind=kind.get_untracked()/> }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn SearchBody(found: SearchPage, q: String, kind: String) -> impl IntoView {
    let i18n = use_i18n();
    let program_slug = found
        .program
        .as_ref()
        .map(|(s, _)| s.clone())
        .unwrap_or_default();
    let asked = !q.trim().is_empty();
    let count_text = if found.capped {
        fill(
            t_string!(i18n, search_count_many),
            &[("n", &MAX_RESULTS.to_string())],
        )
    } else if found.total == 1 {
        t_string!(i18n, search_count_one).to_string()
    } else {
        fill(
            t_string!(i18n, search_count),
            &[("n", &found.total.to_string())],
        )
    };
    let pages_nav = (found.pages > 1).then(|| {
        let (q, slug, kind) = (q.clone(), program_slug.clone(), kind.clone());
        view! {
            <nav class="pages" aria-label=t_string!(i18n, search_pages)>
                {crate::components::thread::page_numbers(found.page, found.pages).into_iter().map(|n| match n {
                    Some(n) => view! {
                        <a href=page_href(&q, &slug, &kind, n) aria-current=(n == found.page).then_some("page")>{n.to_string()}</a>" "
                    }.into_any(),
                    None => view! { <span aria-hidden="true">"… "</span> }.into_any(),
                }).collect_view()}
            </nav>
        }
    });
    view! {
        <form class="search-form" method="get" action="/search" role="search">
            <label for="search-q">{t!(i18n, search_label)}</label>
            <div class="row">
                <input id="search-q" type="search" name="q" value=q.clone() maxlength="400" enterkeyhint="search" autocomplete="off"/>
                <button type="submit">{t!(i18n, search_button)}</button>
            </div>
            <div class="row filters">
                <label>
                    {t!(i18n, search_in_program)}" "
                    <select name="program">
                        <option value="" selected=program_slug.is_empty()>{t!(i18n, search_all_programs)}</option>
                        {found.programs.iter().map(|(slug, title)| view! {
                            <option value=slug.clone() selected=*slug == program_slug>{title.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t!(i18n, search_kind)}" "
                    <select name="kind">
                        <option value="" selected=kind.is_empty()>{t!(i18n, search_kind_all)}</option>
                        {DocKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=k.as_str() == kind>{kind_label(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="hint">{t!(i18n, search_hint)}</p>
        </form>
        {if !asked {
            ().into_any()
        } else if found.terms.is_empty() {
            view! { <p class="empty" role="status">{t!(i18n, search_too_short)}</p> }.into_any()
        } else if found.hits.is_empty() {
            view! { <p class="empty" role="status">{if found.page > 1 && found.total > 0 { t_string!(i18n, search_past_end).to_string() } else { t_string!(i18n, search_none).to_string() }}</p> }.into_any()
        } else {
            view! {
                <p class="meta" role="status">{count_text}</p>
                <ol class="search-results" start=((found.page - 1) * crate::domain::search::RESULTS_PER_PAGE as u64 + 1).to_string()>
                    {found.hits.into_iter().map(|h| view! { <Hit hit=h/> }).collect_view()}
                </ol>
                {pages_nav}
            }.into_any()
        }}
    }
}

/// Text with the matching words in `<mark>`.
fn marked(pieces: Vec<crate::domain::search::Piece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|p| {
            if p.hit {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    let i18n = use_i18n();
    let place = if hit.kind == DocKind::Section || hit.section_title.is_empty() {
        hit.program_title.clone()
    } else {
        format!("{} › {}", hit.program_title, hit.section_title)
    };
    let heading = match hit.kind {
        DocKind::Comment => fill(t_string!(i18n, search_comment_on), &[("title", &hit.title)]),
        _ => hit.title.clone(),
    };
    view! {
        <li class=format!("search-hit hit-{}", hit.kind.as_str())>
            <p class="meta">
                <span class="kind">{kind_label(i18n, hit.kind)}</span>
                " · "{place}
                {hit.status.map(|s| view! { " "<StatusBadge status=s/> })}
            </p>
            <h2><a href=hit.href.clone()>{if hit.title_marked.is_empty() {
                heading.into_any()
            } else {
                marked(hit.title_marked).into_any()
            }}</a></h2>
            <p class="snippet">{marked(hit.snippet)}</p>
        </li>
    }
}
