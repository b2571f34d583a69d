//! "Share until 18:00": the end of a share typed the way people say it, read in the desk's own
//! time zone (`jiff` knows it on every platform), and shown back the same way.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, Zoned};

/// Reads `text` relative to `now` (unix seconds) in `tz`:
/// `18:00` (today, or tomorrow when that has passed), `2026-12-24 18:00`, `2026-12-24`
/// (the end of that day), `8h` / `90m` / `2d` (from now), or `@1790000000` (unix seconds).
pub fn parse_until_in(text: &str, now: u64, tz: &TimeZone) -> Result<u64, String> {
    let text = text.trim();
    let wrong =
        || format!("until: '{text}' is not a time; write 18:00, 2026-12-24 18:00, 8h or 2d.");
    let now_ts =
        Timestamp::from_second(i64::try_from(now).map_err(|_| wrong())?).map_err(|_| wrong())?;
    let here = now_ts.to_zoned(tz.clone());
    let at: Timestamp = if let Some(unix) = text.strip_prefix('@') {
        Timestamp::from_second(unix.parse().map_err(|_| wrong())?).map_err(|_| wrong())?
    } else if let Some(span) = relative(text) {
        here.checked_add(span).map_err(|_| wrong())?.timestamp()
    } else if !text.contains(':')
        && let Ok(date) = text.parse::<Date>()
    {
        let next_day = date.tomorrow().map_err(|_| wrong())?;
        next_day
            .to_zoned(tz.clone())
            .map_err(|_| wrong())?
            .timestamp()
    } else if let Ok(civil) = text.parse::<jiff::civil::DateTime>() {
        // Before the plain time: jiff reads a time out of a whole date and time too.
        civil.to_zoned(tz.clone()).map_err(|_| wrong())?.timestamp()
    } else {
        let time: Time = text.parse().map_err(|_| wrong())?;
        let today = here.date().to_zoned(tz.clone()).map_err(|_| wrong())?;
        let mut at = today.with().time(time).build().map_err(|_| wrong())?;
        if at.timestamp() <= now_ts {
            at = at.checked_add(Span::new().days(1)).map_err(|_| wrong())?;
        }
        at.timestamp()
    };
    let secs = u64::try_from(at.as_second()).map_err(|_| wrong())?;
    if secs <= now {
        return Err(format!("until: {text} has already passed."));
    }
    Ok(secs)
}

/// [`parse_until_in`] in the system's time zone.
pub fn parse_until(text: &str, now: u64) -> Result<u64, String> {
    parse_until_in(text, now, &TimeZone::system())
}

fn relative(text: &str) -> Option<Span> {
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = number.parse().ok().filter(|&n| n > 0 && n <= 24 * 366)?;
    match unit.trim() {
        "m" | "min" => Some(Span::new().minutes(n)),
        "h" => Some(Span::new().hours(n)),
        "d" => Some(Span::new().days(n.min(366))),
        _ => None,
    }
}

/// `18:00` when `until` is within a day of `now`, else `2026-12-24 18:00`, in `tz`.
pub fn show_until_in(until: u64, now: u64, tz: &TimeZone) -> String {
    let Some(at) = i64::try_from(until)
        .ok()
        .and_then(|s| Timestamp::from_second(s).ok())
    else {
        return until.to_string();
    };
    let zoned: Zoned = at.to_zoned(tz.clone());
    if until.saturating_sub(now) < 86_400 {
        zoned.strftime("%H:%M").to_string()
    } else {
        zoned.strftime("%Y-%m-%d %H:%M").to_string()
    }
}

/// `2026-12-02 09:30:05` in the system's time zone (the audit log).
pub fn show_time(unix: u64) -> String {
    i64::try_from(unix)
        .ok()
        .and_then(|s| Timestamp::from_second(s).ok())
        .map(|at| {
            at.to_zoned(TimeZone::system())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| unix.to_string())
}

pub fn show_until(until: u64, now: u64) -> String {
    show_until_in(until, now, &TimeZone::system())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::fixed(jiff::tz::offset(8))
    }

    // 2026-12-02 09:30 in UTC+8.
    const NOW: u64 = 1_796_175_000;

    #[test]
    fn a_clock_time_is_today_or_tomorrow_in_the_desks_zone() {
        let tz = shanghai();
        assert_eq!(show_until_in(NOW, NOW, &tz), "09:30");
        let six = parse_until_in("18:00", NOW, &tz).unwrap();
        assert_eq!(six - NOW, 8 * 3600 + 30 * 60);
        assert_eq!(show_until_in(six, NOW, &tz), "18:00");
        let eight = parse_until_in("08:00", NOW, &tz).unwrap();
        assert_eq!(eight - NOW, 22 * 3600 + 30 * 60, "tomorrow morning");
    }

    #[test]
    fn dates_spans_and_unix_times_are_read() {
        let tz = shanghai();
        assert_eq!(parse_until_in("8h", NOW, &tz).unwrap(), NOW + 8 * 3600);
        assert_eq!(parse_until_in("90m", NOW, &tz).unwrap(), NOW + 5400);
        assert_eq!(parse_until_in("2d", NOW, &tz).unwrap(), NOW + 2 * 86_400);
        assert_eq!(
            parse_until_in("@1796200000", NOW, &tz).unwrap(),
            1_796_200_000
        );
        let eve = parse_until_in("2026-12-24 18:00", NOW, &tz).unwrap();
        assert_eq!(show_until_in(eve, NOW, &tz), "2026-12-24 18:00");
        let day = parse_until_in("2026-12-24", NOW, &tz).unwrap();
        assert_eq!(show_until_in(day, NOW, &tz), "2026-12-25 00:00");
    }

    #[test]
    fn nonsense_and_the_past_are_refused_naming_the_field() {
        let tz = shanghai();
        for bad in ["teatime", "25:00", "0h", "2020-01-01 10:00", "@1"] {
            let error = parse_until_in(bad, NOW, &tz).unwrap_err();
            assert!(error.starts_with("until:"), "{bad}: {error}");
        }
    }
}
