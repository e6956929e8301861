//! The printable meeting pack: when and where, the agenda, then each section under
//! discussion with its current text and the word diffs of the amendments, one section per
//! printed page.

use crate::api::meetings::get_meeting_pack;
use crate::components::agenda::{when_where, AgendaList};
use crate::components::diff::InlineDiff;
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::domain::text::fill;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MeetingPackPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let pack = Resource::new(move || id.get(), get_meeting_pack);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match pack.await {
                    Ok(p) => {
                        let m = p.meeting.clone();
                        view! {
                            <Title text=fill(t_string!(i18n, meeting_pack_title), &[("title", &m.title)])/>
                            <article class="page meeting-pack">
                                <p class="no-print"><a href=format!("/meetings/{}", m.id)>{t!(i18n, meeting_back)}</a>
                                    " · "{t!(i18n, meeting_pack_print_hint)}</p>
                                <header>
                                    <p class="meta">{m.assembly_name.clone()}</p>
                                    <h1>{m.title.clone()}</h1>
                                    <p>{when_where(&m)}</p>
                                    {(!m.online_url.is_empty()).then(|| view! { <p>{m.online_url.clone()}</p> })}
                                </header>
                                <section>
                                    <h2>{t!(i18n, meeting_agenda)}</h2>
                                    {if m.agenda.is_empty() {
                                        view! { <p class="empty">{t!(i18n, meeting_agenda_empty)}</p> }.into_any()
                                    } else {
                                        view! { <AgendaList page=m.clone()/> }.into_any()
                                    }}
                                </section>
                                {p.sections.into_iter().map(|s| view! {
                                    <section class="pack-section">
                                        <h2>{s.title.clone()}</h2>
                                        <p class="meta">{fill(t_string!(i18n, meeting_pack_revision), &[("n", &s.revision.to_string())])}</p>
                                        <h3>{t!(i18n, meeting_pack_current_text)}</h3>
                                        <div class="prose pack-text" inner_html=s.body.as_str().to_string()></div>
                                        {if s.amendments.is_empty() {
                                            view! { <p class="empty">{t!(i18n, meeting_pack_no_amendments)}</p> }.into_any()
                                        } else {
                                            s.amendments.into_iter().map(|a| view! {
                                                <section class="pack-amendment">
                                                    <h3>{format!("#{} {}", a.id, a.title)}</h3>
                                                    <p class="meta">{a.author.clone()}" · "{crate::domain::text::count_text(&a.supports.to_string(), t_string!(i18n, meeting_online_supports_one), t_string!(i18n, meeting_online_supports))}</p>
                                                    <InlineDiff segments=Signal::stored(a.diff)/>
                                                </section>
                                            }).collect_view().into_any()
                                        }}
                                    </section>
                                }).collect_view()}
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
