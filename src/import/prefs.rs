//! Android `SharedPreferences` files (`shared_prefs/*.xml`): `<map>` with `<string name="..">text</string>`
//! and `<int|long|boolean name=".." value=".."/>` children. Several apps keep their accounts
//! in one (Authy, Battle.net, FreeOTP 1.x, FreeOTP+, TOTP Authenticator). Read with quick-xml;
//! see <https://developer.android.com/reference/android/content/SharedPreferences>.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One preference: its name and its value as text (the `value` attribute or the element text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pref {
    pub name: String,
    pub value: String,
}

/// All preferences in document order. Any XML error is reported as one sentence.
pub fn read(bytes: &[u8]) -> Result<Vec<Pref>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the XML is not UTF-8".to_owned())?;
    let mut reader = Reader::from_str(text);
    let mut prefs = Vec::new();
    let mut open: Option<Pref> = None;
    let mut saw_map = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "the XML is damaged near byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(start) => {
                saw_map |= start.name().as_ref() == b"map";
                if start.name().as_ref() != b"map" {
                    open = Some(Pref {
                        name: attribute(&start, b"name")?.unwrap_or_default(),
                        value: String::new(),
                    });
                }
            }
            Event::Empty(start) => {
                let name = attribute(&start, b"name")?.unwrap_or_default();
                let value = attribute(&start, b"value")?.unwrap_or_default();
                prefs.push(Pref { name, value });
            }
            Event::Text(t) => {
                if let Some(pref) = open.as_mut() {
                    pref.value.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::CData(t) => {
                if let Some(pref) = open.as_mut() {
                    pref.value.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(pref) = open.as_mut() {
                    pref.value.push(resolve(&r)?);
                }
            }
            Event::End(end) => {
                if end.name().as_ref() != b"map"
                    && let Some(pref) = open.take()
                {
                    prefs.push(pref);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_map {
        return Err("not an Android preferences file (no <map> element)".to_owned());
    }
    Ok(prefs)
}

/// The value of the preference called `name`, if any.
pub fn find<'a>(prefs: &'a [Pref], name: &str) -> Option<&'a str> {
    prefs
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.value.as_str())
}

fn resolve(reference: &quick_xml::events::BytesRef<'_>) -> Result<char, String> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Ok(c);
    }
    let name = reference.decode().map_err(|e| e.to_string())?;
    match name.as_ref() {
        "quot" => Ok('"'),
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "apos" => Ok('\''),
        other => Err(format!("the XML uses an unknown entity '&{other};'")),
    }
}

fn attribute(start: &BytesStart<'_>, key: &[u8]) -> Result<Option<String>, String> {
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("the XML has a damaged attribute: {e}"))?;
        if attr.key.as_ref() == key {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("the XML has a damaged attribute: {e}"))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_values_with_entities() {
        let xml = br#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map><int name="n" value="3" /><string name="s">[{&quot;a&quot;:&#49;}]</string></map>"#;
        let prefs = read(xml).unwrap();
        assert_eq!(find(&prefs, "n"), Some("3"));
        assert_eq!(find(&prefs, "s"), Some(r#"[{"a":1}]"#));
        assert!(read(b"<map><string name=\"x\">&bogus;</string></map>").is_err());
        assert!(read(b"{}").is_err());
    }
}
