//! [`CodeTable`]: the codes of a time-based account over a span of time, computed by someone
//! who holds its key, so that a person who may use the codes never holds the key (a desk
//! member's share). Pure: the span is given, nothing reads the clock.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::{OtpKind, OtpParams, Secret, code_at};

/// At most this many codes in one table (a hostile file must not make the app allocate
/// without bound): 60 days of 30-second codes, 30 of 15-second ones.
pub const MAX_CODES: u64 = 172_800;

const HEADER: &str = "otp-desk-codes 1";

/// The codes of consecutive time steps, all of one width.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeTable {
    period_secs: u32,
    first_step: u64,
    width: usize,
    codes: String,
}

impl CodeTable {
    /// The codes of `params`/`secret` for every time step that overlaps `[from, until)`.
    /// `None` for HOTP (its codes follow a counter, not the clock), for a secret that is
    /// itself a table, for an empty span, and beyond [`MAX_CODES`].
    pub fn build(params: &OtpParams, secret: &Secret, from: u64, until: u64) -> Option<Self> {
        let period_secs = params.kind().period_secs()?;
        if matches!(params.kind(), OtpKind::Hotp { .. }) || !secret.is_key() || until <= from {
            return None;
        }
        let period = u64::from(period_secs);
        let first_step = from / period;
        let steps = until.div_ceil(period) - first_step;
        if steps > MAX_CODES {
            return None;
        }
        let mut codes = String::new();
        let mut width = 0;
        for step in first_step..first_step + steps {
            let mut code = Zeroizing::new(code_at(params, secret, step * period));
            if width == 0 {
                width = code.len();
                codes.reserve(width * usize::try_from(steps).unwrap_or(0));
            }
            if code.len() != width || width == 0 {
                codes.zeroize();
                return None;
            }
            codes.push_str(&code);
            code.zeroize();
        }
        Some(Self {
            period_secs,
            first_step,
            width,
            codes,
        })
    }

    /// The code at `unix_secs`, if the table covers it.
    pub fn code_at(&self, unix_secs: u64) -> Option<&str> {
        let step = unix_secs / u64::from(self.period_secs);
        let index = usize::try_from(step.checked_sub(self.first_step)?).ok()?;
        self.codes
            .get(index.checked_mul(self.width)?..(index + 1).checked_mul(self.width)?)
    }

    /// Whether the table has the code of `unix_secs`.
    pub fn covers(&self, unix_secs: u64) -> bool {
        self.code_at(unix_secs).is_some()
    }

    /// The first second the table has no code for.
    pub fn ends_unix_secs(&self) -> u64 {
        let steps = (self.codes.len() / self.width.max(1)) as u64;
        (self.first_step + steps) * u64::from(self.period_secs)
    }

    /// The first second the table has a code for.
    pub fn starts_unix_secs(&self) -> u64 {
        self.first_step * u64::from(self.period_secs)
    }

    /// The table as bytes, to be sealed (never written in the clear).
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.codes.len() + 48));
        out.extend_from_slice(
            format!(
                "{HEADER} {} {} {}\n",
                self.period_secs, self.first_step, self.width
            )
            .as_bytes(),
        );
        out.extend_from_slice(self.codes.as_bytes());
        out
    }

    /// Reads [`CodeTable::to_bytes`] back; `None` for anything else (never panics, never
    /// allocates more than the input).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&bytes[..newline]).ok()?;
        let mut fields = header.strip_prefix(HEADER)?.split_ascii_whitespace();
        let period_secs: u32 = fields.next()?.parse().ok()?;
        let first_step: u64 = fields.next()?.parse().ok()?;
        let width: usize = fields.next()?.parse().ok()?;
        let body = &bytes[newline + 1..];
        let steps = body.len() / width.max(1);
        let valid = fields.next().is_none()
            && period_secs > 0
            && (1..=10).contains(&width)
            && !body.is_empty()
            && body.len().is_multiple_of(width)
            && (steps as u64) <= MAX_CODES
            && first_step
                .checked_add(steps as u64)?
                .checked_mul(u64::from(period_secs))
                .is_some()
            && body.iter().all(u8::is_ascii_alphanumeric);
        valid.then(|| Self {
            period_secs,
            first_step,
            width,
            // Checked above: ASCII only.
            codes: String::from_utf8_lossy(body).into_owned(),
        })
    }
}

impl Zeroize for CodeTable {
    fn zeroize(&mut self) {
        self.codes.zeroize();
    }
}

impl Drop for CodeTable {
    fn drop(&mut self) {
        self.codes.zeroize();
    }
}

impl fmt::Debug for CodeTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CodeTable({}..{}, ..)",
            self.starts_unix_secs(),
            self.ends_unix_secs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::{Algorithm, Digits};

    fn key() -> Secret {
        Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap()
    }

    #[test]
    fn the_table_gives_the_codes_the_key_gives_inside_its_span_and_none_outside() {
        let params = OtpParams::totp_default();
        let from = 1_765_000_000;
        let table = CodeTable::build(&params, &key(), from, from + 3600).unwrap();
        for at in (from..from + 3600).step_by(7) {
            assert_eq!(
                table.code_at(at),
                Some(code_at(&params, &key(), at).as_str())
            );
        }
        assert_eq!(table.starts_unix_secs(), from - from % 30);
        assert_eq!(table.ends_unix_secs(), (from + 3600).div_ceil(30) * 30);
        assert!(!table.covers(table.starts_unix_secs() - 1));
        assert!(!table.covers(table.ends_unix_secs()));
    }

    #[test]
    fn steam_and_eight_digit_codes_and_their_round_trip() {
        let eight = OtpParams::new(
            OtpKind::Totp { period_secs: 60 },
            Algorithm::Sha256,
            Digits::new(8).unwrap(),
        )
        .unwrap();
        for params in [OtpParams::steam(), eight] {
            let table = CodeTable::build(&params, &key(), 1000, 5000).unwrap();
            let back = CodeTable::from_bytes(&table.to_bytes()).unwrap();
            assert_eq!(back, table);
            assert_eq!(
                back.code_at(4321),
                Some(code_at(&params, &key(), 4321).as_str())
            );
        }
    }

    #[test]
    fn hotp_a_table_of_a_table_and_oversized_spans_give_none() {
        let hotp = OtpParams::new(
            OtpKind::Hotp { counter: 3 },
            Algorithm::Sha1,
            Digits::new(6).unwrap(),
        )
        .unwrap();
        assert!(CodeTable::build(&hotp, &key(), 0, 100).is_none());
        let params = OtpParams::totp_default();
        let table = CodeTable::build(&params, &key(), 0, 100).unwrap();
        assert!(CodeTable::build(&params, &Secret::codes(table), 0, 100).is_none());
        assert!(CodeTable::build(&params, &key(), 0, 30 * (MAX_CODES + 1)).is_none());
        assert!(CodeTable::build(&params, &key(), 100, 100).is_none());
    }

    #[test]
    fn garbage_never_reads_as_a_table() {
        for bad in [
            &b""[..],
            b"otp-desk-codes 1 30 0 6\n",
            b"otp-desk-codes 1 30 0 6\n12345",
            b"otp-desk-codes 1 0 0 6\n123456",
            b"otp-desk-codes 1 30 0 0\n123456",
            b"otp-desk-codes 1 30 0 6\n12345\n",
            b"otp-desk-codes 1 30 18446744073709551615 6\n123456",
            b"otp-desk-codes 1 30 0 6 7\n123456",
            b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        ] {
            assert!(CodeTable::from_bytes(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn debug_shows_the_span_not_the_codes() {
        let table = CodeTable::build(&OtpParams::totp_default(), &key(), 0, 60).unwrap();
        let shown = format!("{table:?}");
        assert_eq!(shown, "CodeTable(0..60, ..)");
    }
}
