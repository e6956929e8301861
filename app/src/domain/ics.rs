//! Calendar files (RFC 5545): a meeting people add to their own calendar. Times are
//! written in UTC (`…Z`), which every calendar shows in its reader's zone, exactly, across
//! daylight-saving changes; the platform's zone is named as the calendar's default
//! (`X-WR-TIMEZONE`) for the apps that use it.

/// One event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalEvent {
    /// Unique and stable (`meeting-12@host`): a calendar updates the event it already has.
    pub uid: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: Option<String>,
}

/// A calendar with `events`, made at `stamp`.
pub fn calendar(name: &str, zone: &str, events: &[CalEvent], stamp: i64) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Redacta//Redacta//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", text(name)),
        format!("X-WR-TIMEZONE:{}", text(zone)),
    ];
    for e in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", text(&e.uid)));
        lines.push(format!("DTSTAMP:{}", utc(stamp)));
        lines.push(format!("DTSTART:{}", utc(e.starts_at)));
        lines.push(format!("DTEND:{}", utc(e.ends_at)));
        lines.push(format!("SUMMARY:{}", text(&e.summary)));
        if !e.location.trim().is_empty() {
            lines.push(format!("LOCATION:{}", text(&e.location)));
        }
        let mut description = e.description.trim().to_string();
        if let Some(url) = &e.url {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(url);
            lines.push(format!("URL:{}", text(url)));
        }
        if !description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&description)));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// `YYYYMMDDTHHMMSSZ`.
fn utc(seconds: i64) -> String {
    crate::domain::time::iso8601(seconds).replace(['-', ':'], "")
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in crate::domain::amendment::normalize_newlines(value).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a character), with CRLF endings.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_as_a_calendar_file() {
        let e = CalEvent {
            uid: "meeting-7@redacta.example".into(),
            starts_at: 1_797_616_800,
            ends_at: 1_797_624_000,
            summary: "Plenari, habitatge; tots".into(),
            location: "Casal de Gràcia".into(),
            description: "Ordre del dia:\n1. Mesura 1".into(),
            url: Some("https://redacta.example/meetings/7".into()),
        };
        let ics = calendar("Gràcia", "Europe/Madrid", &[e], 1_797_000_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261218T180000Z\r\n"), "{ics}");
        assert!(ics.contains("\r\nDTEND:20261218T200000Z\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Plenari\\, habitatge\\; tots\r\n"));
        assert!(ics.contains("X-WR-TIMEZONE:Europe/Madrid"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        // Every line at most 75 octets; unfolding gives the description back.
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(
            "DESCRIPTION:Ordre del dia:\\n1. Mesura 1\\n\\nhttps://redacta.example/meetings/7"
        ));
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "à".repeat(100)), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75);
        }
        assert_eq!(
            out.replace("\r\n ", "").trim_end(),
            format!("SUMMARY:{}", "à".repeat(100))
        );
    }
}
