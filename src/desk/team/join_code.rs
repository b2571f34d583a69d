//! The one-time join code an admin shows and a new desk's person types: 10 characters of
//! Crockford base32 from the OS's CSPRNG (50 bits), shown as `ABCDE-FGHJK`. Typing is forgiving:
//! case, dashes and spaces do not matter, `O` reads as `0`, `I` and `L` as `1`. What the code
//! protects and why it is short is in [`super::join`].

use zeroize::Zeroizing;

use super::join::JoinError;
use super::secret::{KeyError, random_bytes};

pub const CODE_LEN: usize = 10;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A one-time join code; zeroized when dropped, never printed by `Debug`.
pub struct JoinCode(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinCode(..)")
    }
}

impl JoinCode {
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn generate() -> Result<Self, KeyError> {
        let mut random = Zeroizing::new([0u8; CODE_LEN]);
        random_bytes(random.as_mut())?;
        // 256 is a multiple of 32: every character is uniform.
        let code = random
            .iter()
            .map(|b| ALPHABET[usize::from(b & 31)])
            .collect();
        Ok(Self(Zeroizing::new(code)))
    }

    /// What a person typed.
    pub fn parse(typed: &str) -> Result<Self, JoinError> {
        let mut code = Zeroizing::new(Vec::with_capacity(CODE_LEN));
        for c in typed.bytes().filter(|c| !matches!(c, b'-' | b' ')) {
            let c = match c.to_ascii_uppercase() {
                b'O' => b'0',
                b'I' | b'L' => b'1',
                c => c,
            };
            if !ALPHABET.contains(&c) || code.len() == CODE_LEN {
                return Err(JoinError::BadCode);
            }
            code.push(c);
        }
        if code.len() != CODE_LEN {
            return Err(JoinError::BadCode);
        }
        Ok(Self(code))
    }

    /// `ABCDE-FGHJK`, to show on the admin's screen.
    pub fn grouped(&self) -> Zeroizing<String> {
        let (a, b) = self.0.split_at(CODE_LEN / 2);
        Zeroizing::new(format!("{}-{}", ascii(a), ascii(b)))
    }
}

fn ascii(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_short_and_forgiving_to_type() {
        let code = JoinCode::generate().unwrap();
        let shown = code.grouped();
        assert_eq!(shown.len(), CODE_LEN + 1);
        assert_eq!(shown.as_bytes()[5], b'-');
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(JoinCode::parse(&typed).unwrap().bytes(), code.bytes());
        assert_ne!(JoinCode::generate().unwrap().bytes(), code.bytes());
        let forgiving = JoinCode::parse("oil23-45678").unwrap();
        assert_eq!(forgiving.bytes(), b"0112345678");
        for bad in [
            "",
            "ABCDE-FGHJ",
            "ABCDE-FGHJKM",
            "ABCDE-FGHJU",
            "ABCDE_FGHJK",
        ] {
            assert_eq!(
                JoinCode::parse(bad).unwrap_err(),
                JoinError::BadCode,
                "{bad}"
            );
        }
        assert_eq!(format!("{code:?}"), "JoinCode(..)");
    }
}
