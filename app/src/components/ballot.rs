//! The ballot: rank the options of a vote. Without JavaScript, a numbered select per option
//! (equal numbers rank equal, "not ranked" leaves it out); with JavaScript, an ordered list
//! to arrange with buttons or by drag and drop, each option tied to the one above or not.
//! Both send the same GET form (`rank_<position>=<rank>`) to the review step, where the
//! server-side rules read it (`Ranking::from_ranks`) before anything is cast.

use crate::domain::ids::PollId;
use crate::domain::poll::Ranking;
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::votes::OptionView;
use leptos::prelude::*;

/// The text voters read for an option ("keep the current text" in their language).
pub fn option_label(i18n: leptos_i18n::I18nContext<Locale>, o: &OptionView) -> String {
    if o.keep_current {
        t_string!(i18n, vote_keep_current).to_string()
    } else {
        o.label.clone()
    }
}

/// One ranked entry of the JavaScript ranker: an option and whether it ranks equal to
/// the entry above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    position: usize,
    tied: bool,
}

/// The ranker's list as groups, best first.
fn groups_of(entries: &[Entry]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if e.tied && i > 0 => g.push(e.position),
            _ => groups.push(vec![e.position]),
        }
    }
    groups
}

fn entries_of(ranking: &Ranking) -> Vec<Entry> {
    ranking
        .0
        .iter()
        .flat_map(|g| {
            g.iter().enumerate().map(|(i, &position)| Entry {
                position,
                tied: i > 0,
            })
        })
        .collect()
}

#[component]
pub fn BallotForm(
    poll_id: PollId,
    options: Vec<OptionView>,
    initial: Option<Ranking>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Server render and first client render show the selects; once hydrated, the ranker.
    let js = RwSignal::new(false);
    Effect::new(move |_| js.set(true));
    let options = StoredValue::new(options);
    let entries = RwSignal::new(initial.as_ref().map(entries_of).unwrap_or_default());
    let initial = StoredValue::new(initial);
    let n = options.with_value(|o| o.len());
    view! {
        <form class="ballot" method="get" action=format!("/votes/{poll_id}/review")>
            {move || if js.get() {
                view! { <Ranker options=options entries=entries/> }.into_any()
            } else {
                view! {
                    <p class="hint" id="ballot-hint">{t!(i18n, ballot_hint_selects)}</p>
                    <ol class="ballot-options">
                        {options.get_value().into_iter().map(|o| {
                            let select_id = format!("rank-{}", o.position);
                            let current = initial.with_value(|r| r.as_ref().and_then(|r| r.rank_of(o.position)));
                            let label = option_label(i18n, &o);
                            view! {
                                <li class="ballot-option">
                                    <label for=select_id.clone()>{label}</label>
                                    {o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{t!(i18n, vote_read_amendment)}</a> })}
                                    {if o.withdrawn {
                                        view! { <span class="badge">{t!(i18n, vote_withdrawn)}</span> }.into_any()
                                    } else {
                                        view! {
                                            <select id=select_id name=format!("rank_{}", o.position) aria-describedby="ballot-hint">
                                                <option value="" selected=current.is_none()>{t!(i18n, ballot_not_ranked)}</option>
                                                {(1..=n).map(|k| view! {
                                                    <option value=k.to_string() selected=current == Some(k)>{k.to_string()}</option>
                                                }).collect_view()}
                                            </select>
                                        }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <button type="submit">{t!(i18n, ballot_review)}</button>
        </form>
    }
}

/// The JavaScript ranker: the ranked list (move up / down, equal to the one above, remove,
/// drag and drop) and the options not ranked yet (add). Hidden inputs carry the ranks.
#[component]
fn Ranker(options: StoredValue<Vec<OptionView>>, entries: RwSignal<Vec<Entry>>) -> impl IntoView {
    let i18n = use_i18n();
    let announce = RwSignal::new(String::new());
    let dragged = RwSignal::new(None::<usize>);
    let label_of = move |position: usize| {
        options.with_value(|os| {
            os.iter()
                .find(|o| o.position == position)
                .map(|o| option_label(i18n, o))
                .unwrap_or_default()
        })
    };
    let say = move |key: &str, position: usize| {
        let groups = groups_of(&entries.get_untracked());
        let rank = groups
            .iter()
            .position(|g| g.contains(&position))
            .map(|k| k + 1);
        let text = match (key, rank) {
            ("removed", _) => fill(
                t_string!(i18n, ranker_removed),
                &[("option", &label_of(position))],
            ),
            (_, Some(r)) => fill(
                t_string!(i18n, ranker_now_rank),
                &[("option", &label_of(position)), ("rank", &r.to_string())],
            ),
            _ => String::new(),
        };
        announce.set(text);
    };
    let move_to = move |from: usize, to: usize| {
        entries.update(|es| {
            if from < es.len() && to < es.len() && from != to {
                let e = es.remove(from);
                es.insert(to, e);
                if let Some(first) = es.first_mut() {
                    first.tied = false;
                }
            }
        });
    };
    view! {
        <p class="hint" id="ranker-hint">{t!(i18n, ballot_hint_ranker)}</p>
        <p class="visually-hidden" aria-live="polite">{move || announce.get()}</p>
        <h3>{t!(i18n, ranker_your_ranking)}</h3>
        {move || entries.with(Vec::is_empty).then(|| view! { <p class="empty">{t!(i18n, ranker_empty)}</p> })}
        <ol class="ranker" aria-describedby="ranker-hint">
            {move || {
                let list = entries.get();
                let groups = groups_of(&list);
                let count = list.len();
                list.into_iter().enumerate().map(|(i, e)| {
                    let rank = groups.iter().position(|g| g.contains(&e.position)).map_or(0, |k| k + 1);
                    let label = label_of(e.position);
                    let (up_label, down_label, tie_label, remove_label) = (
                        fill(t_string!(i18n, ranker_up), &[("option", &label)]),
                        fill(t_string!(i18n, ranker_down), &[("option", &label)]),
                        fill(if e.tied { t_string!(i18n, ranker_untie) } else { t_string!(i18n, ranker_tie) }, &[("option", &label)]),
                        fill(t_string!(i18n, ranker_remove), &[("option", &label)]),
                    );
                    let position = e.position;
                    view! {
                        <li class="ranked" class:tied=e.tied draggable="true"
                            on:dragstart=move |_| dragged.set(Some(i))
                            on:dragover=move |ev| ev.prevent_default()
                            on:drop=move |ev| {
                                ev.prevent_default();
                                if let Some(from) = dragged.get_untracked() {
                                    move_to(from, i);
                                    say("moved", position_at(entries, i));
                                }
                                dragged.set(None);
                            }>
                            <span class="rank" aria-hidden="true">{if e.tied { "=".to_string() } else { rank.to_string() }}</span>
                            <span class="ranked-label">{label.clone()}</span>
                            <input type="hidden" name=format!("rank_{position}") value=rank.to_string()/>
                            <span class="ranker-buttons">
                                <button type="button" class="small secondary" aria-label=up_label disabled=i == 0
                                    on:click=move |_| { move_to(i, i - 1); say("moved", position); }>"↑"</button>
                                <button type="button" class="small secondary" aria-label=down_label disabled=i + 1 == count
                                    on:click=move |_| { move_to(i, i + 1); say("moved", position); }>"↓"</button>
                                {(i > 0).then(|| view! {
                                    <button type="button" class="small secondary" aria-pressed=if e.tied { "true" } else { "false" } aria-label=tie_label
                                        on:click=move |_| {
                                            entries.update(|es| if let Some(x) = es.get_mut(i) { x.tied = !x.tied; });
                                            say("moved", position);
                                        }>"="</button>
                                })}
                                <button type="button" class="small secondary" aria-label=remove_label
                                    on:click=move |_| {
                                        entries.update(|es| {
                                            es.retain(|x| x.position != position);
                                            if let Some(first) = es.first_mut() { first.tied = false; }
                                        });
                                        say("removed", position);
                                    }>"×"</button>
                            </span>
                        </li>
                    }
                }).collect_view()
            }}
        </ol>
        <h3>{t!(i18n, ranker_unranked)}</h3>
        <ul class="unranked">
            {move || {
                let ranked: Vec<usize> = entries.with(|es| es.iter().map(|e| e.position).collect());
                options.get_value().into_iter()
                    .filter(|o| !o.withdrawn && !ranked.contains(&o.position))
                    .map(|o| {
                        let label = option_label(i18n, &o);
                        let add_label = fill(t_string!(i18n, ranker_add), &[("option", &label)]);
                        let position = o.position;
                        view! {
                            <li>
                                <span>{label}</span>
                                {o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{t!(i18n, vote_read_amendment)}</a> })}
                                " "
                                <button type="button" class="small" aria-label=add_label
                                    on:click=move |_| {
                                        entries.update(|es| es.push(Entry { position, tied: false }));
                                        say("moved", position);
                                    }>{t!(i18n, ranker_add_short)}</button>
                            </li>
                        }
                    }).collect_view()
            }}
        </ul>
    }
}

fn position_at(entries: RwSignal<Vec<Entry>>, i: usize) -> usize {
    entries.with_untracked(|es| es.get(i).map_or(0, |e| e.position))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_ranker_list_is_the_ranking() {
        let r = Ranking(vec![vec![2], vec![1, 3], vec![4]]);
        let entries = entries_of(&r);
        assert_eq!(entries.len(), 4);
        assert!(entries[2].tied);
        assert_eq!(groups_of(&entries), r.0);
        // A first entry marked tied still starts the first group.
        let odd = [
            Entry {
                position: 1,
                tied: true,
            },
            Entry {
                position: 2,
                tied: true,
            },
        ];
        assert_eq!(groups_of(&odd), vec![vec![1, 2]]);
    }
}

/// A ranking in words: "1. A", "2. B = C"; unranked options listed after.
#[component]
pub fn RankingList(ranking: Ranking, options: Vec<OptionView>) -> impl IntoView {
    let i18n = use_i18n();
    let label = |p: usize| {
        options
            .iter()
            .find(|o| o.position == p)
            .map(|o| option_label(i18n, o))
            .unwrap_or_default()
    };
    let unranked: Vec<String> = options
        .iter()
        .filter(|o| !o.withdrawn && ranking.rank_of(o.position).is_none())
        .map(|o| option_label(i18n, o))
        .collect();
    view! {
        <ol class="ranking">
            {ranking.0.iter().map(|g| {
                let rank = ranking.rank_of(g[0]).unwrap_or(0);
                let names: Vec<String> = g.iter().map(|&p| label(p)).collect();
                let equal = (g.len() > 1).then(|| view! { <span class="hint">{format!(" ({})", t_string!(i18n, ranking_equal))}</span> });
                view! { <li value=rank.to_string()>{names.join(" = ")}{equal}</li> }
            }).collect_view()}
        </ol>
        {(!unranked.is_empty()).then(|| view! {
            <p class="hint">{fill(t_string!(i18n, ranking_unranked), &[("options", &unranked.join(", "))])}</p>
        })}
    }
}
