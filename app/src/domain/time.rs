//! Times as people type and read them, in the platform's time zone (storage is always Unix
//! seconds, UTC). The zone is set at start (`REDACTA_TIME_ZONE`, an IANA name such as
//! `Europe/Madrid`; UTC when unset), or by coordinators in the app (stored, and picked up by
//! every app server within a minute), and applied on the server, which renders every page; the
//! browser's islands show no times. Daylight-saving changes follow the IANA rules: a wall
//! time that does not exist (the hour skipped in spring) is read as the same time after the
//! change, one that happens twice (the hour repeated in autumn) as its first occurrence.
//! Civil dates by Howard Hinnant's algorithms.

#[cfg(feature = "ssr")]
mod zone {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::RwLock;

    /// The zone, and how many times it was set (the page cache keys on it: a page rendered
    /// in one zone is never served after a change to another).
    static ZONE: RwLock<Option<(String, jiff::tz::TimeZone)>> = RwLock::new(None);
    static GENERATION: AtomicU64 = AtomicU64::new(0);

    pub fn check(name: &str) -> Result<jiff::tz::TimeZone, String> {
        jiff::tz::TimeZone::get(name.trim())
            .map_err(|_| format!("unknown time zone {name:?} (an IANA name, e.g. Europe/Madrid)"))
    }

    pub fn set(name: &str) -> Result<(), String> {
        let tz = check(name)?;
        let mut zone = ZONE.write().unwrap_or_else(|e| e.into_inner());
        if zone.as_ref().is_some_and(|(n, _)| n == name.trim()) {
            return Ok(());
        }
        *zone = Some((name.trim().to_string(), tz));
        GENERATION.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    pub fn generation() -> u64 {
        GENERATION.load(Ordering::SeqCst)
    }

    fn get() -> (String, jiff::tz::TimeZone) {
        ZONE.read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .unwrap_or_else(|| ("UTC".to_string(), jiff::tz::TimeZone::UTC))
    }

    pub fn name() -> String {
        get().0
    }

    /// Seconds east of UTC at `utc`, and the zone's abbreviation then.
    pub fn offset_at(utc: i64) -> (i64, String) {
        offset_in(&get().1, utc)
    }

    pub fn offset_in(tz: &jiff::tz::TimeZone, utc: i64) -> (i64, String) {
        let Ok(ts) = jiff::Timestamp::from_second(utc) else {
            return (0, "UTC".into());
        };
        let info = tz.to_offset_info(ts);
        (
            i64::from(info.offset().seconds()),
            info.abbreviation().to_string(),
        )
    }

    /// The UTC time of a wall-clock time in the zone.
    pub fn to_utc(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
        to_utc_in(&get().1, y, mo, d, h, mi, s)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn to_utc_in(
        tz: &jiff::tz::TimeZone,
        y: i64,
        mo: i64,
        d: i64,
        h: i64,
        mi: i64,
        s: i64,
    ) -> Option<i64> {
        let dt = jiff::civil::DateTime::new(
            i16::try_from(y).ok()?,
            i8::try_from(mo).ok()?,
            i8::try_from(d).ok()?,
            i8::try_from(h).ok()?,
            i8::try_from(mi).ok()?,
            i8::try_from(s).ok()?,
            0,
        )
        .ok()?;
        let ts = tz.to_ambiguous_timestamp(dt).compatible().ok()?;
        Some(ts.as_second())
    }
}

#[cfg(not(feature = "ssr"))]
mod zone {
    pub fn set(name: &str) -> Result<(), String> {
        Err(format!("time zones are set on the server ({name})"))
    }
    pub fn name() -> String {
        "UTC".into()
    }
    pub fn offset_at(_utc: i64) -> (i64, String) {
        (0, "UTC".into())
    }
    pub fn to_utc(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
        Some(super::days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
    }
}

/// Sets the platform's time zone (once, at start): an IANA name.
pub fn set_zone(name: &str) -> Result<(), String> {
    zone::set(name)
}

/// Whether `name` is a time zone this server knows (an IANA name).
#[cfg(feature = "ssr")]
pub fn valid_zone(name: &str) -> bool {
    zone::check(name).is_ok()
}

/// Changes each time the zone is set to another (for caches of rendered pages).
#[cfg(feature = "ssr")]
pub fn zone_generation() -> u64 {
    zone::generation()
}

/// The platform's time zone, as its IANA name.
pub fn zone_name() -> String {
    zone::name()
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
#[cfg_attr(feature = "ssr", allow(dead_code))]
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day, hour, minute) of a count of seconds since 1970 (no zone applied).
fn civil(seconds: i64) -> (i64, i64, i64, i64, i64) {
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
    (year, month, day, secs / 3600, secs % 3600 / 60)
}

/// Reads a date and time as people type them, in the platform's time zone: `YYYY-MM-DD`
/// or day first `DD/MM/YYYY` (also with `.` or `-`; never month first), then `HH:MM`
/// (optionally `:SS`), separated by `T`, a space or a comma. Unix seconds, or `None` for
/// anything else or a date that does not exist.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text.find(['T', ' ', ','])?;
    let (date, time) = (
        &text[..split],
        text[split + 1..].trim_start_matches([' ', ',']).trim(),
    );
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (year, month, day) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 && parts[0].len() <= 2 {
        (parts[2], parts[1], parts[0])
    } else {
        return None;
    };
    let year: i64 = year.parse().ok()?;
    let month: i64 = month.parse().ok()?;
    let day: i64 = day.parse().ok()?;
    let mut t = time.split(':');
    let hour: i64 = t.next()?.parse().ok()?;
    let minute: i64 = t.next()?.parse().ok()?;
    let second: i64 = match t.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if t.next().is_some() {
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
    zone::to_utc(year, month, day, hour, minute, second)
}

/// A time as a form field's value in the platform's zone, to the minute: `YYYY-MM-DD HH:MM`,
/// or `DD/MM/YYYY HH:MM` when `day_first` (the Catalan and Spanish way).
pub fn input_value(seconds: i64, day_first: bool) -> String {
    let (offset, _) = zone::offset_at(seconds);
    let (y, mo, d, h, mi) = civil(seconds + offset);
    if day_first {
        format!("{d:02}/{mo:02}/{y:04} {h:02}:{mi:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
    }
}

/// A time in the platform's zone as `YYYY-MM-DDTHH:MM` (what scripts and tests type).
pub fn datetime_value(seconds: i64) -> String {
    input_value(seconds, false).replacen(' ', "T", 1)
}

/// A time in ISO 8601, UTC, to the second (`2026-12-04T05:32:05Z`): for files and data.
pub fn iso8601(seconds: i64) -> String {
    let (y, mo, d, h, mi) = civil(seconds);
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{:02}Z",
        seconds.rem_euclid(60)
    )
}

/// A time as people read it: `YYYY-MM-DD HH:MM` in the platform's zone, with the zone's
/// abbreviation then (`2026-12-18 19:00 CET`, `2027-07-01 19:00 CEST`).
pub fn format_time(seconds: i64) -> String {
    format_time_at(seconds, now())
}

/// [`format_time`] as read at `now`: day first as people type it, the year only when it is
/// not `now`'s year (in the zone): `18/12 19:00 CET`, `03/01/2025 09:30 CET`.
pub fn format_time_at(seconds: i64, now: i64) -> String {
    let (offset, abbreviation) = zone::offset_at(seconds);
    let (y, mo, d, h, mi) = civil(seconds + offset);
    let (this_year, ..) = civil(now + zone::offset_at(now).0);
    if y == this_year {
        format!("{d:02}/{mo:02} {h:02}:{mi:02} {abbreviation}")
    } else {
        format!("{d:02}/{mo:02}/{y:04} {h:02}:{mi:02} {abbreviation}")
    }
}

/// Now, in Unix seconds (in the browser, which shows no times, never a year's start).
fn now() -> i64 {
    #[cfg(feature = "ssr")]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        i64::MIN / 4
    }
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
            "26-11-24 10:00",
            "2026/11 10:00",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_formatted_in_utc_by_default() {
        assert_eq!(format_time(0), "01/01/1970 00:00 UTC");
        assert_eq!(format_time(951_782_400), "29/02/2000 00:00 UTC");
        // The year only when it is not this year's.
        let nov_2026 = 1_795_521_600;
        assert_eq!(format_time_at(nov_2026, nov_2026), "24/11 12:00 UTC");
        assert_eq!(
            format_time_at(nov_2026, nov_2026 + 60 * 86_400),
            "24/11/2026 12:00 UTC"
        );
        assert_eq!(input_value(1_795_521_600, true), "24/11/2026 12:00");
        assert_eq!(iso8601(1_795_521_605), "2026-11-24T12:00:05Z");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        // Day first, never month first.
        assert_eq!(parse_datetime("24/11/2026 12:00"), Some(1_795_521_600));
        assert_eq!(parse_datetime("24.11.2026, 12:00"), Some(1_795_521_600));
        assert_eq!(parse_datetime("11/24/2026 12:00"), None);
    }

    /// Europe/Madrid across both daylight-saving changes of 2027 (28 March: 02:00 CET
    /// becomes 03:00 CEST; 31 October: 03:00 CEST becomes 02:00 CET).
    #[cfg(feature = "ssr")]
    #[test]
    fn madrid_time_across_daylight_saving() {
        let tz = jiff::tz::TimeZone::get("Europe/Madrid").unwrap();
        let at = |y, mo, d, h, mi| zone::to_utc_in(&tz, y, mo, d, h, mi, 0).unwrap();
        let shown = |utc| {
            let (offset, abbreviation) = zone::offset_in(&tz, utc);
            let (y, mo, d, h, mi) = civil(utc + offset);
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} {abbreviation}")
        };
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(at(2026, 12, 18, 19, 0), 1_797_616_800);
        assert_eq!(shown(1_797_616_800), "2026-12-18 19:00 CET");
        let summer = at(2027, 7, 1, 19, 0);
        assert_eq!(shown(summer), "2027-07-01 19:00 CEST");
        assert_eq!(summer % 86_400, 17 * 3600);
        // The hour skipped in spring: 02:30 does not exist, read as 03:30 CEST.
        let skipped = at(2027, 3, 28, 2, 30);
        assert_eq!(shown(skipped), "2027-03-28 03:30 CEST");
        assert_eq!(at(2027, 3, 28, 3, 0) - at(2027, 3, 28, 1, 0), 3600);
        // The hour repeated in autumn: 02:30 happens twice, read as the first (CEST).
        let twice = at(2027, 10, 31, 2, 30);
        assert_eq!(shown(twice), "2027-10-31 02:30 CEST");
        assert_eq!(shown(twice + 3600), "2027-10-31 02:30 CET");
        // A day across the change is 25 hours long in wall time.
        assert_eq!(at(2027, 11, 1, 0, 0) - at(2027, 10, 31, 0, 0), 25 * 3600);
    }

    proptest! {
        #[test]
        fn form_times_round_trip(minutes in 0i64..(200 * 525_600)) {
            let t = minutes * 60;
            prop_assert_eq!(parse_datetime(&datetime_value(t)), Some(t));
        }
    }
}
