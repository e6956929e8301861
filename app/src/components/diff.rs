//! Word-level diffs as people read them: inline (deleted words struck through, inserted
//! words underlined, each announced as such to screen readers, never by colour alone) and
//! side by side (the old text with its deletions, the new one with its insertions).

use crate::domain::text::{styled, Reader, Segment, SegmentKind, Styled};
use crate::i18n::*;
use leptos::prelude::*;

/// Words with their formatting (bold, emphasis, code, a link's words, a heading), never
/// Markdown's markers. A link's address is not followed from here.
pub fn styled_view(parts: Vec<Styled>) -> AnyView {
    parts
        .into_iter()
        .map(|p| {
            let s = p.style;
            let mut v = view! { {p.text} }.into_any();
            if s.code {
                v = view! { <code>{v}</code> }.into_any();
            }
            if s.em {
                v = view! { <em>{v}</em> }.into_any();
            }
            if s.strong || s.heading {
                v = view! { <strong>{v}</strong> }.into_any();
            }
            if s.link {
                v = view! { <span class="link-words">{v}</span> }.into_any();
            }
            v
        })
        .collect_view()
        .into_any()
}

/// A Markdown passage as people read it: formatted, without markers.
#[component]
pub fn Formatted(#[prop(into)] text: String) -> impl IntoView {
    styled_view(styled(&text))
}

/// One segment of a diff as people read it: its words formatted as the text around them
/// says (the reader carries formatting from one segment into the next), without Markdown's
/// markers (a change of formatting alone shows nothing).
pub(crate) fn segment_view(
    reader: &mut Reader,
    segment: Segment,
    deleted: &str,
    inserted: &str,
) -> AnyView {
    let parts = reader.styled(&segment.text);
    if parts.is_empty() {
        return ().into_any();
    }
    let words = styled_view(parts);
    match segment.kind {
        SegmentKind::Equal => view! { <span>{words}</span> }.into_any(),
        SegmentKind::Deleted => view! {
            <del><span class="visually-hidden">{format!("[{deleted}: ")}</span>{words}<span class="visually-hidden">"]"</span></del>
        }
        .into_any(),
        SegmentKind::Inserted => view! {
            <ins><span class="visually-hidden">{format!("[{inserted}: ")}</span>{words}<span class="visually-hidden">"]"</span></ins>
        }
        .into_any(),
    }
}

/// A diff's segments in order, read as one text.
pub(crate) fn segments_view(segments: Vec<Segment>, deleted: &str, inserted: &str) -> AnyView {
    let mut reader = Reader::new();
    segments
        .into_iter()
        .map(|s| segment_view(&mut reader, s, deleted, inserted))
        .collect_view()
        .into_any()
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
                segments_view(segments.get(), &deleted, &inserted)
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
    view! {
        <div class="side-by-side">
            <section class="diff-column">
                <h3>{before}</h3>
                <div class="diff">{segments_view(old, &deleted, &inserted)}</div>
            </section>
            <section class="diff-column">
                <h3>{after}</h3>
                <div class="diff">{segments_view(new, &deleted, &inserted)}</div>
            </section>
        </div>
    }
}
