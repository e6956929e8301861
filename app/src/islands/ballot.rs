//! The ballot: rank the options of a vote. Without JavaScript, a numbered select per option
//! (equal numbers rank equal, "not ranked" leaves it out); with JavaScript, an ordered list
//! to arrange with buttons or by drag and drop, each option tied to the one above or not.
//! Both send the same GET form (`rank_<position>=<rank>`) to the review step, where the
//! server-side rules read it (`Ranking::from_ranks`) before anything is cast. The form and
//! its selects are server HTML (`components::ballot::BallotForm`); this island replaces the
//! selects with the ranker, starting from whatever was chosen in them before the page
//! became interactive.

use super::{labels, take, Start};
use crate::domain::ids::AmendmentId;
use crate::domain::poll::Ranking;
use crate::domain::text::fill;
use leptos::prelude::*;

/// An option as the ballot shows it (its label already in the reader's language).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct BallotOption {
    pub position: usize,
    pub label: String,
    pub amendment_id: Option<AmendmentId>,
    pub withdrawn: bool,
}

labels! {
    /// The ballot's words (`{option}` and `{rank}` are filled in).
    pub struct BallotLabels {
        pub hint_ranker, pub read_amendment, pub your_ranking, pub empty, pub unranked, pub up, pub down, pub tie,
        pub untie, pub remove, pub add, pub add_short, pub now_rank, pub removed,
    }
}

/// What the ranker starts from: the options (the ranking comes from the selects).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct BallotStart {
    pub options: Vec<BallotOption>,
    pub labels: BallotLabels,
}

impl Start for BallotStart {
    const ELEMENT: &'static str = "ballot-start";
    #[cfg(feature = "hydrate")]
    fn read(json: &super::Json) -> Option<Self> {
        let int = |j: &super::Json| j.int().and_then(|n| usize::try_from(n).ok());
        let options = json
            .get("options")
            .list()?
            .iter()
            .map(|o| {
                let amendment = o.get("amendment_id");
                Some(BallotOption {
                    position: int(&o.get("position"))?,
                    label: o.get("label").str()?,
                    amendment_id: if amendment.is_null() {
                        None
                    } else {
                        Some(AmendmentId(i32::try_from(amendment.int()?).ok()?))
                    },
                    withdrawn: o.get("withdrawn").bool()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            options,
            labels: BallotLabels::read(&json.get("labels"))?,
        })
    }
}

/// One ranked entry of the ranker: an option and whether it ranks equal to the one above.
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

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
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

/// The id of the server's selects, which the ranker replaces.
pub const BALLOT_SELECTS: &str = "ballot-selects";

/// Reads the selects (what the reader may have chosen before the ranker appeared), then
/// hides and disables them: from now on the ranker's hidden fields carry the ranks.
#[cfg(feature = "hydrate")]
fn take_over_selects(options: &[BallotOption]) -> Option<Ranking> {
    use wasm_bindgen::JsCast;
    let selects_box = super::element(BALLOT_SELECTS)?;
    let selects = selects_box.query_selector_all("select").ok()?;
    let mut pairs = Vec::new();
    for i in 0..selects.length() {
        let Some(select) = selects
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            continue;
        };
        if let Some(position) = select
            .name()
            .strip_prefix("rank_")
            .and_then(|p| p.parse::<usize>().ok())
        {
            pairs.push((position, select.value()));
        }
        select.set_disabled(true);
    }
    let _ = selects_box.set_attribute("hidden", "");
    let withdrawn: Vec<bool> = options.iter().map(|o| o.withdrawn).collect();
    Ranking::from_ranks(pairs.iter().map(|(p, r)| (*p, r.as_str())), &withdrawn).ok()
}

#[island]
pub fn Ballot() -> impl IntoView {
    take::<BallotStart>().map(ballot)
}

fn ballot(BallotStart { options, labels }: BallotStart) -> impl IntoView {
    // Nothing on the server (the selects are the form there); the ranker once interactive.
    let js = RwSignal::new(false);
    let entries = RwSignal::new(Vec::new());
    let options = StoredValue::new(options);
    let labels = StoredValue::new(labels);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(chosen) = options.with_value(|o| take_over_selects(o)) {
            entries.set(entries_of(&chosen));
        }
        js.set(true);
    });
    move || {
        js.get()
            .then(|| view! { <Ranker options=options entries=entries labels=labels/> })
    }
}

/// The ranker: the ranked list (move up / down, equal to the one above, remove, drag and
/// drop) and the options not ranked yet (add). Hidden inputs carry the ranks.
#[component]
fn Ranker(
    options: StoredValue<Vec<BallotOption>>,
    entries: RwSignal<Vec<Entry>>,
    labels: StoredValue<BallotLabels>,
) -> impl IntoView {
    let announce = RwSignal::new(String::new());
    let dragged = RwSignal::new(None::<usize>);
    let l = move |f: fn(&BallotLabels) -> &String| labels.with_value(|l| f(l).clone());
    let label_of = move |position: usize| {
        options.with_value(|os| {
            os.iter()
                .find(|o| o.position == position)
                .map(|o| o.label.clone())
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
            ("removed", _) => fill(&l(|l| &l.removed), &[("option", &label_of(position))]),
            (_, Some(r)) => fill(
                &l(|l| &l.now_rank),
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
        <p class="hint" id="ranker-hint">{l(|l| &l.hint_ranker)}</p>
        <p class="visually-hidden" aria-live="polite">{move || announce.get()}</p>
        <h3>{l(|l| &l.your_ranking)}</h3>
        {move || entries.with(Vec::is_empty).then(|| view! { <p class="empty">{l(|l| &l.empty)}</p> })}
        <ol class="ranker" aria-describedby="ranker-hint">
            {move || {
                let list = entries.get();
                let groups = groups_of(&list);
                let count = list.len();
                list.into_iter().enumerate().map(|(i, e)| {
                    let rank = groups.iter().position(|g| g.contains(&e.position)).map_or(0, |k| k + 1);
                    let label = label_of(e.position);
                    let named = |f: fn(&BallotLabels) -> &String| fill(&l(f), &[("option", &label)]);
                    let (up_label, down_label, tie_label, remove_label) = (
                        named(|l| &l.up),
                        named(|l| &l.down),
                        if e.tied { named(|l| &l.untie) } else { named(|l| &l.tie) },
                        named(|l| &l.remove),
                    );
                    let position = e.position;
                    view! {
                        <li class="ranked" class:tied=e.tied draggable="true" data-position=position
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
                                <button type="button" class="small secondary up" aria-label=up_label disabled=i == 0
                                    on:click=move |_| { move_to(i, i - 1); say("moved", position); refocus(position, "up"); }>"↑"</button>
                                <button type="button" class="small secondary down" aria-label=down_label disabled=i + 1 == count
                                    on:click=move |_| { move_to(i, i + 1); say("moved", position); refocus(position, "down"); }>"↓"</button>
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
        <h3>{l(|l| &l.unranked)}</h3>
        <ul class="unranked">
            {move || {
                let ranked: Vec<usize> = entries.with(|es| es.iter().map(|e| e.position).collect());
                options.get_value().into_iter()
                    .filter(|o| !o.withdrawn && !ranked.contains(&o.position))
                    .map(|o| {
                        let add_label = fill(&l(|l| &l.add), &[("option", &o.label)]);
                        let position = o.position;
                        view! {
                            <li>
                                <span>{o.label.clone()}</span>
                                {o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{l(|l| &l.read_amendment)}</a> })}
                                " "
                                <button type="button" class="small" aria-label=add_label
                                    on:click=move |_| {
                                        entries.update(|es| es.push(Entry { position, tied: false }));
                                        say("moved", position);
                                    }>{l(|l| &l.add_short)}</button>
                            </li>
                        }
                    }).collect_view()
            }}
        </ul>
    }
}

/// After ↑ or ↓ the list is drawn again: focus follows the option that moved (its same
/// button, or its other one when it reached the top or the bottom), not the place it left.
fn refocus(position: usize, button: &'static str) {
    #[cfg(feature = "hydrate")]
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            let item = format!("ol.ranker li[data-position=\"{position}\"]");
            let doc = document();
            let found = doc
                .query_selector(&format!("{item} button.{button}:not([disabled])"))
                .ok()
                .flatten()
                .or_else(|| {
                    doc.query_selector(&format!("{item} button:not([disabled])"))
                        .ok()
                        .flatten()
                });
            if let Some(b) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = b.focus();
            }
        },
        std::time::Duration::ZERO,
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (position, button);
}

fn position_at(entries: RwSignal<Vec<Entry>>, i: usize) -> usize {
    entries.with_untracked(|es| es.get(i).map_or(0, |e| e.position))
}

#[cfg(test)]
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
