//! `otpauth://` Key URIs ↔ [`Entry`]: lenient in what it reads, exact in what it writes.
//!
//! Spec: Google's [Key Uri Format](https://github.com/google/google-authenticator/wiki/Key-Uri-Format),
//! extended with Steam (`otpauth://steam/`, `encoder=steam`, Bitwarden's `steam://KEY`).
//!
//! Where real parsers disagree, OTP Desk chooses one behaviour and applies it everywhere:
//! - **issuer conflict** (label prefix ≠ `issuer=`): accepted, the `issuer` parameter wins, as in
//!   Google Authenticator, Aegis and KeePassXC — a code is more useful than a refusal;
//! - **label separator**: a literal `:` in the raw label splits issuer from name; only when there
//!   is none does an encoded `%3A` split (so `Text%3A%20More:Secret` keeps "Text: More" whole and
//!   `a%3Ab` becomes issuer "a", name "b", like the ABNF, totp-rs and Ente);
//! - **duplicate parameters**: the last one wins (pyotp);
//! - **hotp without counter**: counter 0 (pyotp);
//! - **short secrets** (8 to 80 bits): accepted, real services use them;
//! - **digits**: 6 to 10 accepted, 3 refused (RFC 4226 asks for at least 6);
//! - **period**: any whole number of seconds from 1, 90000 included; 0 refused;
//! - **raw spaces and `#` in the label**: taken literally (Ente); a `#` after the query starts a
//!   fragment, which is ignored ([RFC 3986 §3.5](https://www.rfc-editor.org/rfc/rfc3986#section-3.5));
//! - **spaces inside the secret**: removed, as on enrollment pages.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::otp::{Algorithm, Digits, Entry, OtpKind, OtpParams, ParamError, Secret, SecretError};

/// Why a URI was refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    #[error("scheme: expected a URI starting with otpauth:// (got '{0}')")]
    Scheme(String),
    #[error("secret: the URI has no secret= parameter")]
    MissingSecret,
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Param(#[from] ParamError),
}

/// What [`parse`] accepts: `otpauth://` and `steam://`, in any case, surrounded by whitespace.
pub fn is_otpauth_uri(text: &str) -> bool {
    let t = text.trim_start();
    starts_with_ignore_case(t, "otpauth://") || starts_with_ignore_case(t, "steam://")
}

/// Parses an `otpauth://TYPE/LABEL?PARAMS` (or `steam://SECRET`) URI.
pub fn parse(text: &str) -> Result<Entry, UriError> {
    let text = text.trim();
    if starts_with_ignore_case(text, "steam://") {
        let secret = Secret::parse_base32(decode(&text["steam://".len()..]).trim_end_matches('/'))?;
        return Ok(Entry {
            issuer: "Steam".into(),
            name: "Steam account".into(),
            params: OtpParams::steam(),
            secret,
        });
    }
    if !starts_with_ignore_case(text, "otpauth://") {
        return Err(UriError::Scheme(shown_scheme(text)));
    }
    let rest = &text["otpauth://".len()..];
    let (head, query) = rest.split_once('?').unwrap_or((rest, ""));
    let query = query
        .split_once('#')
        .map_or(query, |(query, _fragment)| query);
    let (type_text, raw_label) = head.split_once('/').unwrap_or((head, ""));
    let query = Query::parse(query);

    let (label_issuer, name) = split_label(raw_label);
    let issuer = query.get("issuer").map(decode_form).unwrap_or(label_issuer);
    let params = parse_params(type_text, &query)?;
    let secret_text = query.get("secret").ok_or(UriError::MissingSecret)?;
    let secret = Secret::parse_base32(&decode(secret_text))?;
    Ok(Entry {
        issuer: issuer.trim().to_owned(),
        name,
        params,
        secret,
    })
}

fn parse_params(type_text: &str, query: &Query<'_>) -> Result<OtpParams, UriError> {
    let kind_name = type_text.to_ascii_lowercase();
    let is_steam = kind_name == "steam"
        || query
            .get("encoder")
            .is_some_and(|e| e.eq_ignore_ascii_case("steam"));
    if is_steam {
        return Ok(OtpParams::steam());
    }
    let kind = match kind_name.as_str() {
        "totp" => OtpKind::Totp {
            period_secs: parse_period(query.get("period"))?,
        },
        "hotp" => OtpKind::Hotp {
            counter: parse_counter(query.get("counter"))?,
        },
        _ => return Err(ParamError::Type(decode(type_text)).into()),
    };
    let algorithm = match query.get("algorithm") {
        Some(text) => decode(text).parse()?,
        None => Algorithm::Sha1,
    };
    let digits = match query.get("digits") {
        Some(text) => decode(text).parse()?,
        None => Digits::SIX,
    };
    Ok(OtpParams::new(kind, algorithm, digits)?)
}

fn parse_period(text: Option<&str>) -> Result<u32, ParamError> {
    let Some(text) = text else {
        return Ok(OtpKind::DEFAULT_PERIOD_SECS);
    };
    match decode(text).trim().parse::<u32>() {
        Ok(secs) if secs >= 1 => Ok(secs),
        _ => Err(ParamError::Period(decode(text))),
    }
}

fn parse_counter(text: Option<&str>) -> Result<u64, ParamError> {
    let Some(text) = text else { return Ok(0) };
    decode(text)
        .trim()
        .parse()
        .map_err(|_| ParamError::Counter(decode(text)))
}

/// The scheme of `text` for an error message, only when it looks like one ("https"): text
/// without a scheme may be a bare key, which is never echoed.
fn shown_scheme(text: &str) -> String {
    match text.split_once("://") {
        Some((scheme, _))
            if (1..=20).contains(&scheme.len())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) =>
        {
            scheme.to_owned()
        }
        _ => "text that is not a URI".to_owned(),
    }
}

/// Splits a raw (still percent-encoded) label into issuer prefix and account name.
fn split_label(raw: &str) -> (String, String) {
    let (issuer, name) = match raw.split_once(':') {
        Some((issuer, name)) => (decode(issuer), decode(name)),
        None => {
            let whole = decode(raw);
            match whole.split_once(':') {
                Some((issuer, name)) => (issuer.to_owned(), name.to_owned()),
                None => (String::new(), whole),
            }
        }
    };
    (issuer.trim().to_owned(), name.trim_start().to_owned())
}

/// The query string; duplicate keys resolve to the last value (pyotp's rule).
struct Query<'a>(Vec<(String, &'a str)>);

impl<'a> Query<'a> {
    fn parse(query: &'a str) -> Self {
        let pairs = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k).to_ascii_lowercase(), v)
            })
            .collect();
        Self(pairs)
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

/// Percent-decoding that never fails: invalid UTF-8 becomes U+FFFD.
fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Query values also use form encoding, where `+` is a space (`issuer=Air+Canada`).
fn decode_form(text: &str) -> String {
    decode(&text.replace('+', " "))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Characters written as-is: RFC 3986 "unreserved".
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, KEEP).to_string()
}

/// Writes the canonical URI: the label `Issuer:name`, then `secret`, `issuer` and every
/// parameter explicitly, so other apps need no defaults. Steam is written as `otpauth://steam/`
/// (what Aegis reads and writes).
pub fn to_uri(entry: &Entry) -> String {
    let p = &entry.params;
    let label = match (entry.issuer.is_empty(), entry.name.contains(':')) {
        // A leading ':' keeps a name such as "a:b" whole (see the label rule above).
        (true, true) => format!(":{}", encode(&entry.name)),
        (true, false) => encode(&entry.name),
        (false, _) => format!("{}:{}", encode(&entry.issuer), encode(&entry.name)),
    };
    let mut uri = format!(
        "otpauth://{}/{label}?secret={}",
        p.kind().name(),
        entry.secret.to_base32()
    );
    if !entry.issuer.is_empty() {
        uri.push_str(&format!("&issuer={}", encode(&entry.issuer)));
    }
    uri.push_str(&format!(
        "&algorithm={}&digits={}",
        p.algorithm(),
        p.digits().get()
    ));
    match p.kind() {
        OtpKind::Totp { period_secs } => uri.push_str(&format!("&period={period_secs}")),
        OtpKind::Hotp { counter } => uri.push_str(&format!("&counter={counter}")),
        OtpKind::Steam => uri.push_str("&period=30"),
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uri: &str) -> Entry {
        parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
    }

    #[test]
    fn label_rules() {
        let e = entry(
            "otpauth://totp/Text%3A%20More%20Text:Secret?secret=GEZDGNBV&issuer=Text%3A%20More%20Text",
        );
        assert_eq!(
            (e.issuer.as_str(), e.name.as_str()),
            ("Text: More Text", "Secret")
        );
        let e = entry("otpauth://totp/a%3Ab?secret=GEZDGNBV");
        assert_eq!((e.issuer.as_str(), e.name.as_str()), ("a", "b"));
        let e = entry("otpauth://totp/GitHub:test?issuer=Gitlab&secret=GEZDGNBV");
        assert_eq!(e.issuer, "Gitlab");
        let e = entry("otpauth://totp?secret=GEZDGNBV");
        assert_eq!((e.issuer.as_str(), e.name.as_str()), ("", ""));
    }

    #[test]
    fn a_fragment_after_the_query_is_ignored() {
        let e = entry(
            "otpauth://totp/Shop:me?secret=JBSWY3DPEHPK3PXP&issuer=Shop&period=60#from-a-web-page",
        );
        assert_eq!(e.issuer, "Shop");
        assert_eq!(e.params.kind().period_secs(), Some(60));
        let e = entry("otpauth://totp/Shop:me?secret=JBSWY3DPEHPK3PXP#issuer=Other");
        assert_eq!(e.issuer, "Shop", "nothing after # is a parameter");
        // Before the query, a raw '#' is part of the label (Ente's reading).
        let e = entry("otpauth://totp/Shop:me#1?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(e.name, "me#1");
    }

    #[test]
    fn a_bare_key_is_never_echoed_as_a_scheme() {
        let error = parse("JBSWY3DPEHPK3PXP").unwrap_err().to_string();
        assert!(!error.contains("JBSWY"), "{error}");
        let error = parse("https://example.com").unwrap_err().to_string();
        assert!(error.contains("'https'"), "{error}");
    }

    #[test]
    fn amazon_style_secret_in_a_uri() {
        let e = entry(
            "OTPAUTH://TOTP/Amazon:shop1%40example.com?secret=abcd%20efgh%20ijkl%20mnop%20qrst%20uvwx%20yz23%204567%20abcd%20efgh%20ijkl%20mnop%20qrsq&issuer=Amazon",
        );
        assert_eq!(e.secret.bits(), 256);
        assert_eq!(e.name, "shop1@example.com");
    }

    #[test]
    fn errors_name_the_field() {
        for (uri, field) in [
            ("http://hello.com", "scheme:"),
            ("otpauth://totp", "secret:"),
            ("otpauth://derp?secret=GEZDGNBV", "type:"),
            ("otpauth://totp?secret=GEZDGNBV&digits=-1", "digits:"),
            ("otpauth://totp?secret=GEZDGNBV&algorithm=MD5", "algorithm:"),
            ("otpauth://totp?secret=GEZDGNBV&period=0", "period:"),
            ("otpauth://hotp?secret=GEZDGNBV&counter=x", "counter:"),
            ("otpauth://totp?secret=", "secret:"),
        ] {
            let message = parse(uri).unwrap_err().to_string();
            assert!(message.starts_with(field), "{uri}: {message}");
        }
    }

    #[test]
    fn written_uris_read_back_identically() {
        for uri in [
            "otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=JBSWY3DPEHPK3PXP&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A&algorithm=SHA1&digits=6&period=30",
            "otpauth://hotp/Air%20Canada:Benjamin?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Air%20Canada&algorithm=SHA256&digits=7&counter=5000000000",
            "otpauth://steam/Steam:me?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam&algorithm=SHA1&digits=5&period=30",
            "otpauth://totp/b%20c?secret=GEZDGNBV&algorithm=SHA512&digits=10&period=90000",
        ] {
            let e = entry(uri);
            assert_eq!(to_uri(&e), uri);
            assert_eq!(entry(&to_uri(&e)), e);
        }
    }
}
