//! A facilitator or coordinator opens a vote: on the competing amendments of one passage
//! (chosen on the section page; "keep the current text" is added), or on a list of measures.
//! Method, seats, tie rule, who votes, and when. A plain form, with or without JavaScript.

use crate::api::votes::{new_vote_form, CreateVote};
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, FormError};
use crate::components::forms::{time_value, TimeHint};
use crate::components::labels::{eligibility_text, method_help, method_name, tie_text};
use crate::components::status::ErrorPage;
use crate::domain::poll::{Eligibility, TieRule, METHODS, TITLE_MAX};
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::votes::NewPollForm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewVotePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("program").unwrap_or_default(),
                    q.get("section")
                        .and_then(|s| s.parse::<crate::domain::ids::SectionId>().ok()),
                    q.get("amendments").unwrap_or_default(),
                )
            })
        },
        |(program, section, amendments)| new_vote_form(program, section, amendments),
    );
    view! {
        <Title text=t_string!(i18n, vote_new_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => view! { <NewVoteForm form=f/> }.into_any(),
                    Err(crate::error::AppError::LoginRequired) => view! {
                        <leptos_router::components::Redirect path="/login?next=/votes"/>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewVoteForm(form: NewPollForm) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateVote>::new();
    let kept = crate::components::forms::kept_value;
    let on_amendments = form.section.is_some();
    let chosen: Vec<crate::views::votes::Candidate> = form
        .amendments
        .iter()
        .filter(|c| c.chosen)
        .cloned()
        .collect();
    let ids: Vec<String> = chosen.iter().map(|c| c.id.to_string()).collect();
    let default_close = time_value(i18n, form.now + 7 * 86_400);
    let title = {
        let t = kept("title");
        if t.is_empty() {
            form.section
                .as_ref()
                .map(|s| s.title.clone())
                .unwrap_or_default()
        } else {
            t
        }
    };
    view! {
        <section class="page narrow">
            <h1>{t!(i18n, vote_new_title)}</h1>
            <p>
                <a href=format!("/programs/{}", form.program_slug)>{form.program_title.clone()}</a>
                {form.section.clone().map(|crate::views::Link { id, title: t }| view! { " › "<a href=format!("/sections/{id}")>{t}</a> })}
            </p>
            <FormError error=error_of(create.value())/>
            <ActionForm action=create attr:class="stack">
                <crate::components::forms::FormKey/>
                <input type="hidden" name="program" value=form.program_slug.clone()/>
                {if on_amendments {
                    view! {
                        <input type="hidden" name="kind" value="amendments"/>
                        <input type="hidden" name="amendments" value=ids.join(",")/>
                        <p>{t!(i18n, vote_new_on_amendments)}</p>
                        <ul>
                            <li>{t!(i18n, vote_keep_current)}</li>
                            {chosen.iter().map(|c| view! { <li><a href=format!("/amendments/{}", c.id)>{c.title.clone()}</a></li> }).collect_view()}
                        </ul>
                    }.into_any()
                } else {
                    view! {
                        <input type="hidden" name="kind" value="measures"/>
                        <label for="vote-measures">{t!(i18n, vote_new_measures)}</label>
                        <p class="hint" id="vote-measures-hint">{t!(i18n, vote_new_measures_hint)}</p>
                        <p class="hint" id="vote-blocks-hint">{t!(i18n, vote_new_blocks_hint)}</p>
                        <textarea id="vote-measures" name="measures" rows="8" required aria-describedby="vote-measures-hint vote-blocks-hint">{textarea_text(kept("measures"))}</textarea>
                    }.into_any()
                }}
                <label for="vote-title">{t!(i18n, field_vote_title)}</label>
                <input id="vote-title" type="text" name="title" required maxlength=TITLE_MAX value=title/>
                <label for="vote-description">{t!(i18n, field_vote_description)}</label>
                <textarea id="vote-description" name="description" rows="4">{textarea_text(kept("description"))}</textarea>
                <label for="vote-method">{t!(i18n, vote_method)}</label>
                <select id="vote-method" name="method" aria-describedby="vote-method-hint">
                    {METHODS.into_iter().map(|m| view! {
                        <option value=m.as_str() selected=m == crate::domain::tally::Method::Schulze>{method_name(i18n, m)}</option>
                    }).collect_view()}
                </select>
                <ul class="hint" id="vote-method-hint">
                    <li>{method_help(i18n, crate::domain::tally::Method::Schulze)}</li>
                    <li>{method_help(i18n, crate::domain::tally::Method::Irv)}</li>
                    <li>{method_help(i18n, crate::domain::tally::Method::Borda)}</li>
                    <li>{method_help(i18n, crate::domain::tally::Method::StvMeek)}</li>
                    <li>{method_help(i18n, crate::domain::tally::Method::Approval)}</li>
                    <li>{method_help(i18n, crate::domain::tally::Method::Score)}</li>
                    <li>{method_help(i18n, crate::domain::tally::Method::YesNo)}</li>
                </ul>
                <label for="vote-seats">{t!(i18n, vote_seats)}</label>
                <p class="hint" id="vote-seats-hint">{t!(i18n, vote_seats_hint)}</p>
                <input id="vote-seats" type="number" name="seats" min="1" max="59" value="1" aria-describedby="vote-seats-hint"/>
                <label for="vote-choose">{t!(i18n, vote_choose)}</label>
                <p class="hint" id="vote-choose-hint">{t!(i18n, vote_choose_hint)}</p>
                <input id="vote-choose" type="number" name="choose" min="1" max="60" aria-describedby="vote-choose-hint"/>
                <label for="vote-tie">{t!(i18n, vote_tie_rule)}</label>
                <select id="vote-tie" name="tie">
                    {TieRule::ALL.into_iter().map(|t| view! { <option value=t.as_str() selected=t == TieRule::Lot>{tie_text(i18n, t)}</option> }).collect_view()}
                </select>
                <label for="vote-eligibility">{t!(i18n, vote_who)}</label>
                <select id="vote-eligibility" name="eligibility">
                    {Eligibility::ALL.into_iter().map(|e| view! { <option value=e.as_str()>{eligibility_text(i18n, e)}</option> }).collect_view()}
                </select>
                {(!form.assemblies.is_empty()).then(|| view! {
                    <fieldset class="choices">
                        <legend>{t!(i18n, vote_assemblies_legend)}</legend>
                        <p class="hint">{t!(i18n, vote_assemblies_hint)}</p>
                        {form.assemblies.iter().map(|a| {
                            let id = format!("vote-assembly-{}", a.id);
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone() name=format!("assemblies[{}]", a.id)/>
                                    <label for=id>{a.title.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                {(!form.rolls.is_empty()).then(|| view! {
                    <label for="vote-roll">{t!(i18n, vote_roll)}</label>
                    <p class="hint" id="vote-roll-hint">{t!(i18n, vote_roll_hint)}</p>
                    <select id="vote-roll" name="roll" aria-describedby="vote-roll-hint">
                        <option value="">{t!(i18n, vote_roll_none)}</option>
                        {form.rolls.iter().map(|r| view! { <option value=r.id.to_string()>{r.title.clone()}</option> }).collect_view()}
                    </select>
                })}
                <label for="vote-min-voters">{t!(i18n, vote_min_voters)}</label>
                <p class="hint" id="vote-min-voters-hint">{fill(t_string!(i18n, vote_min_voters_hint), &[("n", &crate::domain::poll::MIN_VOTERS_FLOOR.to_string())])}</p>
                <input id="vote-min-voters" type="number" name="min_voters" min=crate::domain::poll::MIN_VOTERS_FLOOR max=crate::domain::poll::MIN_VOTERS_MAX value=crate::domain::poll::MIN_VOTERS_DEFAULT aria-describedby="vote-min-voters-hint"/>
                <label for="vote-opens">{t!(i18n, vote_opens_field)}</label>
                <p class="hint" id="vote-opens-hint">{t!(i18n, vote_opens_hint)}</p>
                <input id="vote-opens" type="text" name="opens_at" autocomplete="off" aria-describedby="vote-opens-hint vote-times-hint"/>
                <label for="vote-closes">{t!(i18n, vote_closes_field)}</label>
                <input id="vote-closes" type="text" name="closes_at" required autocomplete="off" aria-describedby="vote-times-hint" value=default_close/>
                <TimeHint id="vote-times-hint"/>
                <button type="submit">{t!(i18n, vote_new_submit)}</button>
            </ActionForm>
        </section>
    }
}
