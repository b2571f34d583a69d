//! Which format a file is, decided from its content alone (file names lie: every app calls
//! its export "backup.json"). Magic bytes first (images, SQLite, Java serialization), then the
//! keys of JSON objects, the preference names of Android XML files, and the first line of text.
//! A damaged JSON file is still classified by the key names it contains, so the error can
//! name the app. Pure; must not depend on the vault or the UI.

use serde_json::Value;

use super::authenticator_plus::ACCOUNTS_FILE;
use super::{FormatId, ImportError};

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const JAVA_SERIALIZATION_MAGIC: &[u8] = &[0xac, 0xed, 0x00, 0x05];

/// The format of `bytes`, or `None` when nothing matches.
pub fn detect(bytes: &[u8]) -> Option<FormatId> {
    let body = trim_start(bytes);
    if looks_like_image(bytes) {
        return Some(FormatId::QrImage);
    }
    if bytes.starts_with(SQLITE_MAGIC) {
        return sqlite_app(bytes);
    }
    if bytes.starts_with(b"AUTHENTICATORPRO") || bytes.starts_with(b"AuthenticatorPro") {
        return Some(FormatId::StratumJson);
    }
    if bytes.starts_with(JAVA_SERIALIZATION_MAGIC) {
        return Some(FormatId::FreeOtp2);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        // File names in a ZIP's headers are never encrypted: Authenticator Plus keeps its
        // accounts in "Accounts.txt", in an archive locked with the backup password.
        return contains(bytes, ACCOUNTS_FILE).then_some(FormatId::AuthenticatorPlus);
    }
    match body.first() {
        Some(b'{' | b'[') => {
            if let Some(format) = json_app(body) {
                return Some(format);
            }
        }
        Some(b'<') => return xml_app(body),
        _ => {}
    }
    match std::str::from_utf8(body) {
        Ok(text) if !text.contains('\0') => text_app(text),
        // andOTP's encrypted backups have no magic at all: binary that is nothing else is one.
        _ => Some(FormatId::AndOtpEncrypted),
    }
}

/// Files OTP Desk recognises but does not read, with what to do instead. ZIP archives other
/// than Authenticator Plus backups are checked before [`detect`], which would take any unknown
/// binary for an encrypted andOTP file.
pub fn refusal(bytes: &[u8]) -> Option<ImportError> {
    (bytes.starts_with(ZIP_MAGIC) && !contains(bytes, ACCOUNTS_FILE)).then_some(
        ImportError::NotReadable {
            what: "a ZIP archive",
            hint: "unpack it and import the export file inside",
        },
    )
}

/// Whether `bytes` is PNG, JPEG, GIF, BMP or WebP by its magic bytes.
pub fn looks_like_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xff, 0xd8, 0xff])
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"BM")
        || (bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The schema (table and column names) sits in plain text on the first pages.
fn sqlite_app(bytes: &[u8]) -> Option<FormatId> {
    if contains(bytes, "oath_secret_key") {
        Some(FormatId::MicrosoftAuthenticatorDb)
    } else if contains(bytes, "authenticatorcategory") || contains(bytes, "\"authenticator\"") {
        Some(FormatId::StratumDb)
    } else if contains(bytes, "original_name") || contains(bytes, "accounts") {
        Some(FormatId::GoogleAuthenticatorDb)
    } else {
        None
    }
}

/// Classifies by keys: of the parsed JSON when it parses, else of the raw text.
fn json_app(body: &[u8]) -> Option<FormatId> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let key = |name: &str| match &parsed {
        Some(Value::Object(map)) => map.contains_key(name),
        Some(Value::Array(items)) => items
            .first()
            .and_then(Value::as_object)
            .is_some_and(|o| o.contains_key(name)),
        Some(_) => false,
        None => contains(body, &format!("\"{name}\"")),
    };
    let is_array = match &parsed {
        Some(value) => value.is_array(),
        None => body.first() == Some(&b'['),
    };
    let format = if is_array {
        if key("otpGenerator") {
            FormatId::Duo
        } else if key("secret")
            || parsed
                .as_ref()
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
        {
            FormatId::AndOtp
        } else {
            return None;
        }
    } else if key("header") && (key("db") || (parsed.is_none() && key("slots"))) {
        FormatId::Aegis
    } else if (key("schemaVersion") || parsed.is_none())
        && (key("services") || key("servicesEncrypted"))
    {
        FormatId::TwoFas
    } else if key("tokenOrder") && key("tokens") {
        FormatId::FreeOtpPlusJson
    } else if key("Authenticators") {
        FormatId::StratumJson
    } else if key("shared_secret") || (key("accounts") && contains(body, "\"shared_secret\"")) {
        FormatId::Steam
    } else if key("items") && (key("encrypted") || key("folders")) {
        FormatId::BitwardenJson
    } else if key("entries") && key("version") {
        FormatId::ProtonJson
    } else {
        return None;
    };
    Some(format)
}

fn xml_app(body: &[u8]) -> Option<FormatId> {
    if contains(body, "com.authy.storage.tokens.authenticator") {
        Some(FormatId::Authy)
    } else if contains(body, "AUTHENTICATOR_DEVICE_SECRET") {
        Some(FormatId::BattleNet)
    } else if contains(body, "STATIC_TOTP_CODES_LIST") {
        Some(FormatId::TotpAuthenticatorXml)
    } else if contains(body, "name=\"tokenOrder\"") || contains(body, "&quot;secret&quot;") {
        Some(FormatId::FreeOtpXml)
    } else {
        None
    }
}

fn text_app(text: &str) -> Option<FormatId> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if first.contains("login_totp") {
        Some(FormatId::BitwardenCsv)
    } else if text.contains("otpauth://") || text.contains("otpauth-migration://") {
        Some(FormatId::UriList)
    } else if is_base64_of_aes_blocks(text) {
        Some(FormatId::TotpAuthenticatorBin)
    } else {
        None
    }
}

/// Base64 text only, decoding to whole 16-byte blocks: TOTP Authenticator's `.bin` backups.
fn is_base64_of_aes_blocks(text: &str) -> bool {
    let body: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let alphabet = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let data_len = body.iter().filter(|b| **b != b'=').count() * 3 / 4;
    body.len() >= 24 && body.iter().all(alphabet) && data_len.is_multiple_of(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides() {
        assert_eq!(
            detect(b"otpauth://totp/A?secret=AAAA"),
            Some(FormatId::UriList)
        );
        assert_eq!(
            detect(b"\xef\xbb\xbf  [{\"secret\":\"A\",\"type\":\"TOTP\"}]"),
            Some(FormatId::AndOtp)
        );
        assert_eq!(
            detect(br#"{"version":1,"header":{"slots":nu"#),
            Some(FormatId::Aegis)
        );
        assert_eq!(
            detect(b"\x00\x02\x39\x70random"),
            Some(FormatId::AndOtpEncrypted)
        );
        assert_eq!(detect(b"hello"), None);
        assert_eq!(
            detect(b"PK\x03\x04\x14\x00\x01\x00Accounts.txt"),
            Some(FormatId::AuthenticatorPlus)
        );
        assert!(refusal(b"PK\x03\x04\x14\x00\x01\x00Accounts.txt").is_none());
        assert!(refusal(b"PK\x03\x04other.json").is_some());
        assert_eq!(refusal(b"otpauth://totp/A?secret=AAAA"), None);
        assert_eq!(detect(b""), None);
    }
}
