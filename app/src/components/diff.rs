//! Word-level diffs as people read them: inline (deleted words struck through, inserted
//! words underlined, each announced as such to screen readers, never by colour alone) and
//! side by side (the old text with its deletions, the new one with its insertions).

use crate::domain::text::{without_markers, Segment, SegmentKind};
use crate::i18n::*;
use leptos::prelude::*;

/// One segment as people read it: its words without Markdown's markers (a change of
/// formatting alone shows nothing).
pub(crate) fn segment_view(segment: Segment, deleted: String, inserted: String) -> AnyView {
    let text = without_markers(&segment.text);
    if text.is_empty() {
        return ().into_any();
    }
    let segment = Segment { text, ..segment };
    match segment.kind {
        SegmentKind::Equal => view! { <span>{segment.text}</span> }.into_any(),
        SegmentKind::Deleted => view! {
            <del><span class="visually-hidden">{format!("[{deleted}: ")}</span>{segment.text}<span class="visually-hidden">"]"</span></del>
        }
        .into_any(),
        SegmentKind::Inserted => view! {
            <ins><span class="visually-hidden">{format!("[{inserted}: ")}</span>{segment.text}<span class="visually-hidden">"]"</span></ins>
        }
        .into_any(),
    }
}

/// The inline diff: one text with deletions and insertions marked.
#[component]
pub fn InlineDiff(#[prop(into)] segments: Signal<Vec<Segment>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="diff inline-diff">
            {move || {
                let deleted = t_string!(i18n, diff_deleted).to_string();
                let inserted = t_string!(i18n, diff_inserted).to_string();
                segments
                    .get()
                    .into_iter()
                    .map(|s| segment_view(s, deleted.clone(), inserted.clone()))
                    .collect_view()
            }}
        </div>
    }
}

/// Before and after, side by side (stacked on narrow screens).
#[component]
pub fn SideBySideDiff(
    segments: Vec<Segment>,
    #[prop(into)] before: String,
    #[prop(into)] after: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let deleted = t_string!(i18n, diff_deleted).to_string();
    let inserted = t_string!(i18n, diff_inserted).to_string();
    let old: Vec<Segment> = segments
        .iter()
        .filter(|s| s.kind != SegmentKind::Inserted)
        .cloned()
        .collect();
    let new: Vec<Segment> = segments
        .into_iter()
        .filter(|s| s.kind != SegmentKind::Deleted)
        .collect();
    let (d1, i1) = (deleted.clone(), inserted.clone());
    view! {
        <div class="side-by-side">
            <section class="diff-column">
                <h3>{before}</h3>
                <div class="diff">{old.into_iter().map(|s| segment_view(s, d1.clone(), i1.clone())).collect_view()}</div>
            </section>
            <section class="diff-column">
                <h3>{after}</h3>
                <div class="diff">{new.into_iter().map(|s| segment_view(s, deleted.clone(), inserted.clone())).collect_view()}</div>
            </section>
        </div>
    }
}
