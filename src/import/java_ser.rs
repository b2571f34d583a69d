//! Just enough of the Java Object Serialization Stream Protocol
//! (<https://docs.oracle.com/en/java/javase/21/docs/specs/serialization/protocol.html>) to read a
//! serialized `java.util.HashMap<String, String>`, the container of FreeOTP 2.x backups. The
//! class descriptor is read generically (Android versions write one or two fields); every length
//! is checked, so damaged input gives an error, never a panic.
//!
//! A back-reference (`TC_REFERENCE`) repeats an earlier string in 5 bytes, so a small file could
//! ask for gigabytes of copies: the text produced is capped at [`MAX_TEXT_BYTES`] and the map at
//! [`MAX_PAIRS`] entries, before any password is asked.

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_BLOCKDATALONG: u8 = 0x7a;
const TC_LONGSTRING: u8 = 0x7c;
const BASE_HANDLE: u32 = 0x7e_0000;

/// All the strings of one map, back-references included (a backup of 1,000 accounts is ~2 MiB).
pub const MAX_TEXT_BYTES: usize = 16 << 20;
/// Entries of one map (two per account, plus the master key).
pub const MAX_PAIRS: u32 = 100_000;

/// The string pairs of the map, in stream order. Errors name the byte offset.
pub fn read_string_map(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut s = Stream {
        bytes,
        at: 0,
        handles: Vec::new(),
        text_bytes: 0,
    };
    if s.take(4)? != MAGIC {
        return Err("not a Java serialization stream".into());
    }
    s.expect(TC_OBJECT)?;
    let fields = s.class_desc()?;
    s.handles.push(None); // the map object itself
    for typecode in fields {
        let size = match typecode {
            b'B' | b'Z' => 1,
            b'C' | b'S' => 2,
            b'I' | b'F' => 4,
            b'J' | b'D' => 8,
            other => {
                return Err(format!(
                    "unexpected field type '{}' in the map's class",
                    other as char
                ));
            }
        };
        s.take(size)?;
    }
    let block = s.block()?;
    let size = block
        .get(4..8)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    if size > MAX_PAIRS {
        return Err(format!(
            "the map claims {size} entries, more than the {MAX_PAIRS} OTP Desk reads"
        ));
    }
    let mut pairs = Vec::new();
    for _ in 0..size {
        let key = s.string()?;
        let value = s.string()?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

struct Stream<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Handle table: strings keep their text, everything else `None`.
    handles: Vec<Option<String>>,
    /// Bytes of text produced so far, copies through back-references included.
    text_bytes: usize,
}

impl<'a> Stream<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| format!("the stream ends early (byte {})", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn expect(&mut self, tag: u8) -> Result<(), String> {
        let at = self.at;
        match self.byte()? {
            found if found == tag => Ok(()),
            found => Err(format!(
                "unexpected byte {found:#04x} at {at} (wanted {tag:#04x})"
            )),
        }
    }

    fn utf(&mut self, len: usize) -> Result<String, String> {
        let raw = self.take(len)?;
        modified_utf8(raw)
            .ok_or_else(|| format!("a string before byte {} is not valid UTF-8", self.at))
    }

    /// A class descriptor; returns the primitive-or-object type codes of its fields.
    fn class_desc(&mut self) -> Result<Vec<u8>, String> {
        self.expect(TC_CLASSDESC)?;
        let len = usize::from(self.u16()?);
        let name = self.utf(len)?;
        if name != "java.util.HashMap" {
            return Err(format!(
                "the stream holds a {name}, not a java.util.HashMap"
            ));
        }
        self.take(8 + 1)?; // serialVersionUID, flags
        self.handles.push(None);
        let count = self.u16()?;
        let mut fields = Vec::new();
        for _ in 0..count {
            let typecode = self.byte()?;
            let len = usize::from(self.u16()?);
            self.take(len)?;
            if typecode == b'L' || typecode == b'[' {
                self.string()?;
            }
            fields.push(typecode);
        }
        self.expect(TC_ENDBLOCKDATA)?; // no class annotation
        self.expect(TC_NULL)?; // AbstractMap is not serializable: no superclass descriptor
        Ok(fields)
    }

    fn block(&mut self) -> Result<&'a [u8], String> {
        let len = match self.byte()? {
            TC_BLOCKDATA => usize::from(self.byte()?),
            TC_BLOCKDATALONG => {
                usize::try_from(self.u32()?).map_err(|_| "block too long".to_owned())?
            }
            other => {
                return Err(format!(
                    "unexpected byte {other:#04x} where the map's size was expected"
                ));
            }
        };
        self.take(len)
    }

    /// A string, its size charged to [`MAX_TEXT_BYTES`].
    fn string(&mut self) -> Result<String, String> {
        let text = self.string_uncharged()?;
        self.text_bytes = self.text_bytes.saturating_add(text.len());
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(format!(
                "its strings, with their back-references, add up to more than {} MiB",
                MAX_TEXT_BYTES >> 20
            ));
        }
        Ok(text)
    }

    fn string_uncharged(&mut self) -> Result<String, String> {
        match self.byte()? {
            TC_STRING => {
                let len = usize::from(self.u16()?);
                let text = self.utf(len)?;
                self.handles.push(Some(text.clone()));
                Ok(text)
            }
            TC_LONGSTRING => {
                let b = self.take(8)?;
                let len = usize::try_from(u64::from_be_bytes([
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                ]))
                .map_err(|_| "string too long".to_owned())?;
                let text = self.utf(len)?;
                self.handles.push(Some(text.clone()));
                Ok(text)
            }
            TC_REFERENCE => {
                let handle = self.u32()?;
                let earlier = handle
                    .checked_sub(BASE_HANDLE)
                    .and_then(|i| self.handles.get(usize::try_from(i).ok()?))
                    .and_then(Option::as_ref)
                    .ok_or_else(|| format!("a reference to an unknown string ({handle:#x})"))?;
                // Checked before the copy is made.
                if self.text_bytes.saturating_add(earlier.len()) > MAX_TEXT_BYTES {
                    return Err(format!(
                        "its back-references ask for more than {} MiB of text",
                        MAX_TEXT_BYTES >> 20
                    ));
                }
                Ok(earlier.clone())
            }
            TC_NULL => Ok(String::new()),
            other => Err(format!(
                "unexpected byte {other:#04x} at {} where a string was expected",
                self.at - 1
            )),
        }
    }
}

/// Java's modified UTF-8: NUL as `C0 80` and characters beyond the BMP as two 3-byte surrogates.
fn modified_utf8(raw: &[u8]) -> Option<String> {
    if let Ok(text) = std::str::from_utf8(raw) {
        return Some(text.to_owned());
    }
    let mut units = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        let (unit, width) = match b {
            0x01..=0x7f => (u16::from(b), 1),
            0xc0..=0xdf => (
                u16::from(b & 0x1f) << 6 | u16::from(*raw.get(i + 1)? & 0x3f),
                2,
            ),
            0xe0..=0xef => (
                u16::from(b & 0x0f) << 12
                    | u16::from(*raw.get(i + 1)? & 0x3f) << 6
                    | u16::from(*raw.get(i + 2)? & 0x3f),
                3,
            ),
            _ => return None,
        };
        units.push(unit);
        i += width;
    }
    String::from_utf16(&units).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_utf8_nul_and_surrogates() {
        assert_eq!(modified_utf8(&[0x61, 0xc0, 0x80]).unwrap(), "a\0");
        // U+1F600 as a surrogate pair in CESU-8 form.
        assert_eq!(
            modified_utf8(&[0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]).unwrap(),
            "😀"
        );
        assert!(modified_utf8(&[0xe0, 0x80]).is_none());
    }

    #[test]
    fn refuses_other_streams() {
        assert!(read_string_map(b"\xac\xed\x00\x05\x73").is_err());
        assert!(read_string_map(b"nope").is_err());
    }
}
