//! Battle.net Authenticator's preferences XML. `AUTHENTICATOR_DEVICE_SECRET` and
//! `AUTHENTICATOR_SERIAL` are hex, XOR-masked with a fixed 56-byte key (a public constant
//! of the app, see `../shared/vectors/aegis/README.md`); the unmasked secret is the hex of the
//! HMAC key and the serial ("US-1234-…") names the account. Codes: TOTP SHA1, 8 digits, 30 s.

use super::convert::{self, Fields};
use super::{ImportError, ImportReport, Input, prefs};

const FORMAT: &str = "Battle.net";
const PREFIX: &str = "com.blizzard.messenger.";
const MASK_HEX: &str = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a";

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let prefs = prefs::read(input.bytes).map_err(|e| ImportError::damaged(FORMAT, e))?;
    let field = |name: &str| {
        prefs::find(&prefs, &format!("{PREFIX}{name}"))
            .ok_or_else(|| ImportError::damaged(FORMAT, format!("{name} is missing")))
    };
    let serial = unmask(field("AUTHENTICATOR_SERIAL")?, "serial")
        .map_err(|e| ImportError::damaged(FORMAT, e))?;
    let mut report = ImportReport::default();
    let converted = unmask(field("AUTHENTICATOR_DEVICE_SECRET")?, "secret")
        .and_then(|hex| convert::hex(&hex, "secret"))
        .and_then(convert::secret_bytes)
        .and_then(|secret| {
            let fields = Fields {
                digits: Some(8),
                ..Fields::default()
            };
            convert::entry("Battle.net", &serial, secret, &fields)
        });
    report.push(input.source(0, "Battle.net", &serial), converted, None);
    Ok(report)
}

/// Hex → bytes XOR the mask → ASCII text.
fn unmask(hex: &str, field: &str) -> Result<String, String> {
    let masked = convert::hex(hex, field)?;
    let mask = convert::hex(MASK_HEX, "mask")?;
    if masked.len() > mask.len() {
        return Err(format!("{field}: longer than the Battle.net mask"));
    }
    let plain: Vec<u8> = masked.iter().zip(&mask).map(|(a, b)| a ^ b).collect();
    String::from_utf8(plain)
        .ok()
        .filter(|s| s.is_ascii())
        .ok_or_else(|| format!("{field}: not text once unmasked"))
}
