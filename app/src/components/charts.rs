//! Charts drawn as SVG in the page itself (rendered on the server, no script, no library):
//! horizontal bars, and the pairwise matrix as a heat-map table. Each chart has a text
//! equivalent beside it (a table), so nothing is only visual. The numbers drawn are the
//! count's decimal texts; floating point is used for drawing only, never for counting.

use leptos::prelude::*;

/// One bar group: a label and one value per series (`None`: not in that series).
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub values: Vec<Option<String>>,
}

const ROW: f64 = 22.0;
const LABEL_W: f64 = 180.0;
const CHART_W: f64 = 640.0;

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Horizontal bars, one band per row, one bar per series (e.g. the first and the last
/// round of a count). `title` names the chart for screen readers.
#[component]
pub fn BarChart(title: String, series: Vec<String>, rows: Vec<BarRow>) -> impl IntoView {
    let parse = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<f64>().ok());
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().filter_map(parse))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let k = series.len().max(1);
    let band = ROW * k as f64 + 8.0;
    let legend_h = if k > 1 { 24.0 } else { 0.0 };
    let height = legend_h + band * rows.len() as f64 + 4.0;
    let bar_w = CHART_W - LABEL_W - 70.0;
    let legend = (k > 1).then(|| {
        series
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let x = LABEL_W + 150.0 * s as f64;
                view! {
                    <rect x=x y="4" width="12" height="12" class=format!("bar series-{}", s % 4)/>
                    <text x=x + 16.0 y="14" class="chart-text">{name.clone()}</text>
                }
            })
            .collect_view()
    });
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y0 = legend_h + band * i as f64;
            let label = shorten(&row.label, 26);
            let values = row
                .values
                .iter()
                .enumerate()
                .map(|(s, v)| {
                    let y = y0 + ROW * s as f64;
                    let w = parse(v).map_or(0.0, |x| x / max * bar_w);
                    let text = v.clone().unwrap_or_else(|| "–".to_string());
                    view! {
                        <rect x=LABEL_W y=y + 3.0 width=format!("{w:.1}") height=ROW - 6.0 class=format!("bar series-{}", s % 4)/>
                        <text x=LABEL_W + w + 4.0 y=y + ROW - 7.0 class="chart-text">{text}</text>
                    }
                })
                .collect_view();
            view! {
                <text x="0" y=y0 + ROW - 7.0 class="chart-text">{label}</text>
                {values}
            }
        })
        .collect_view();
    view! {
        <svg class="chart" role="img" aria-label=title viewBox=format!("0 0 {CHART_W} {height:.0}")
            width="100%" preserveAspectRatio="xMinYMin meet">
            {legend}
            {bars}
        </svg>
    }
}

/// The heat level (0 to 10) of `n` voters out of `total`.
pub fn heat_level(n: u64, total: u64) -> u64 {
    (n * 10 + total / 2).checked_div(total).unwrap_or(0)
}

/// The pairwise matrix as a table: row option against column option, each cell the voters
/// preferring the row, shaded by share (a class per tenth) and marked when the row wins.
#[component]
pub fn HeatMap(
    caption: String,
    labels: Vec<String>,
    matrix: Vec<Vec<u64>>,
    total: u64,
    corner: String,
) -> impl IntoView {
    let short: Vec<String> = labels.iter().map(|l| shorten(l, 18)).collect();
    view! {
        <div class="table-scroll">
            <table class="heatmap">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{corner}</th>
                        {short.iter().zip(&labels).map(|(s, full)| view! { <th scope="col" title=full.clone()>{s.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {matrix.iter().enumerate().map(|(i, row)| view! {
                        <tr>
                            <th scope="row" title=labels[i].clone()>{short[i].clone()}</th>
                            {row.iter().enumerate().map(|(j, &n)| {
                                if i == j {
                                    view! { <td class="diagonal">"—"</td> }.into_any()
                                } else {
                                    let wins = n > matrix[j][i];
                                    view! {
                                        <td class=format!("heat-{}", heat_level(n, total)) class:wins=wins>
                                            {n.to_string()}{wins.then_some(" ✓")}
                                        </td>
                                    }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_levels_round_to_tenths() {
        assert_eq!(heat_level(0, 0), 0);
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(5, 10), 5);
        assert_eq!(heat_level(10, 10), 10);
        assert_eq!(heat_level(2, 3), 7);
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}

/// Vertical columns over time (one per label, e.g. one per week), each with its value on
/// top. `title` names the chart for screen readers; a table beside it carries the numbers.
#[component]
pub fn ColumnChart(title: String, labels: Vec<String>, values: Vec<i64>) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 150.0;
    const BOTTOM: f64 = 18.0;
    const TOP: f64 = 16.0;
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = values.len().max(1) as f64;
    let slot = W / n;
    let columns = values
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(i, (v, label))| {
            let h = *v as f64 / max * (H - BOTTOM - TOP);
            let x = slot * i as f64;
            let y = H - BOTTOM - h;
            view! {
                <rect x=format!("{:.1}", x + 2.0) y=format!("{y:.1}") width=format!("{:.1}", slot - 4.0) height=format!("{h:.1}") class="bar series-0"/>
                <text x=format!("{:.1}", x + slot / 2.0) y=format!("{:.1}", y - 3.0) class="chart-text small" text-anchor="middle">{v.to_string()}</text>
                {(i % 2 == 0).then(|| view! {
                    <text x=format!("{:.1}", x + slot / 2.0) y=H - 4.0 class="chart-text small" text-anchor="middle">{label.clone()}</text>
                })}
            }
        })
        .collect_view();
    view! {
        <svg class="chart column-chart" role="img" aria-label=title viewBox=format!("0 0 {W} {H}")
            width="100%" preserveAspectRatio="xMinYMin meet">
            <line x1="0" x2=W y1=H - BOTTOM y2=H - BOTTOM class="axis"/>
            {columns}
        </svg>
    }
}
