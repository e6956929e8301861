//! Times as people type and read them: `<input type="datetime-local">` values and the
//! `YYYY-MM-DD HH:MM UTC` the pages show, the same text on the server and in the browser (no
//! local time zone, so hydration always matches). Civil dates by Howard Hinnant's algorithms.

/// Reads `YYYY-MM-DDTHH:MM` (optionally `:SS`; a space instead of `T`) as a UTC time, in
/// Unix seconds: the value of an `<input type="datetime-local">`.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let hour: i64 = t.next()?.parse().ok()?;
    let minute: i64 = t.next()?.parse().ok()?;
    let second: i64 = match t.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if !(1970..=9999).contains(&year)
        || !(1..=days_in_month).contains(&day)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..60).contains(&second)
    {
        return None;
    }
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// A Unix time as the value of an `<input type="datetime-local">` (UTC, to the minute).
pub fn datetime_value(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// A Unix time as `YYYY-MM-DD HH:MM UTC`.
pub fn format_utc(seconds: i64) -> String {
    format!("{} UTC", datetime_value(seconds).replacen('T', " ", 1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_and_writes_form_times() {
        assert_eq!(parse_datetime("1970-01-01T00:00"), Some(0));
        assert_eq!(parse_datetime("2026-11-24T16:30"), Some(1_795_537_800));
        assert_eq!(parse_datetime("2024-02-29 12:00:30"), Some(1_709_208_030));
        assert_eq!(datetime_value(1_795_537_800), "2026-11-24T16:30");
        for bad in [
            "",
            "2026-13-01T00:00",
            "2025-02-29T10:00",
            "2026-11-24",
            "2026-11-24T25:00",
            "2026-11-24T10:00:00:00",
            "x-y-zTa:b",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_formatted_in_utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_795_521_600), "2026-11-24 12:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
    }

    proptest! {
        #[test]
        fn form_times_round_trip(minutes in 0i64..(200 * 525_600)) {
            let t = minutes * 60;
            prop_assert_eq!(parse_datetime(&datetime_value(t)), Some(t));
        }
    }
}
