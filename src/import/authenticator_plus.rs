//! Authenticator Plus backups (Mobisystems' "Authenticator Plus" for Android): a ZIP archive
//! locked with the backup password by traditional PKWARE encryption (ZipCrypto, APPNOTE.TXT
//! §6.1), holding `Accounts.txt`, one `otpauth://` URI a line. The archive is read by the `zip`
//! crate; the lines by the URI-list reader, so each bad line is one problem.
//!
//! ZipCrypto checks a password against one byte of its header, so about 1 wrong password in
//! 256 passes that check; the entry's CRC-32 (checked by `zip` at the end of the read) and the
//! UTF-8 of the text then catch it, and both say "wrong password" rather than "damaged".
//! Pure: bytes in, report out.

use std::io::{Cursor, Read};

use super::{ImportError, ImportReport, Input, text};

const FORMAT: &str = "Authenticator Plus";
pub(super) const ACCOUNTS_FILE: &str = "Accounts.txt";
/// More than any real list of accounts (a few hundred bytes each); a larger entry is refused
/// before it is inflated, and the read stops here whatever the header claims.
const MAX_ACCOUNTS_BYTES: u64 = 4 << 20;

pub(super) fn read(input: &Input) -> Result<ImportReport, ImportError> {
    let damaged = |detail: String| ImportError::damaged(FORMAT, detail);
    let mut archive = zip::ZipArchive::new(Cursor::new(input.bytes)).map_err(|e| {
        damaged(format!(
            "the archive holding {ACCOUNTS_FILE} cannot be read: {e}"
        ))
    })?;
    let index = (0..archive.len())
        .find(|&i| {
            archive.name_for_index(i).is_some_and(|name| {
                name.is_ok_and(|name| {
                    let base = name.rsplit(['/', '\\']).next().unwrap_or(&name);
                    base.eq_ignore_ascii_case(ACCOUNTS_FILE)
                })
            })
        })
        .ok_or_else(|| damaged(format!("the archive has no {ACCOUNTS_FILE}")))?;
    let entry = archive
        .by_index_data(index)
        .map_err(|e| damaged(format!("{ACCOUNTS_FILE}: {e}")))?;
    let encrypted = entry.encrypted();
    if entry.size() > MAX_ACCOUNTS_BYTES {
        return Err(damaged(format!(
            "{ACCOUNTS_FILE} is larger than {} MiB",
            MAX_ACCOUNTS_BYTES >> 20
        )));
    }
    let password = if encrypted {
        input.password(FORMAT)?
    } else {
        ""
    };
    let wrong = || ImportError::WrongPassword { format: FORMAT };
    let file = match archive.by_index_decrypt(index, password.as_bytes()) {
        Ok(file) => file,
        Err(zip::result::ZipError::InvalidPassword) => return Err(wrong()),
        Err(e) => return Err(damaged(format!("{ACCOUNTS_FILE}: {e}"))),
    };
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    let read = file.take(MAX_ACCOUNTS_BYTES).read_to_end(&mut bytes);
    let text = match (read, std::str::from_utf8(&bytes)) {
        (Ok(_), Ok(text)) => text,
        // A password that passed the one-byte check but was wrong: garbage or a bad CRC.
        _ if encrypted => return Err(wrong()),
        (Err(e), _) => return Err(damaged(format!("{ACCOUNTS_FILE}: {e}"))),
        (Ok(_), Err(_)) => return Err(damaged(format!("{ACCOUNTS_FILE} is not UTF-8 text"))),
    };
    let source = format!("{}/{ACCOUNTS_FILE}", input.file);
    Ok(text::read_lines(text, &source, input.budget))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Accounts.txt` with two accounts, zipped by Info-ZIP's `zip -P test` (ZipCrypto,
    /// deflated), as in tests/data/authenticator-plus/README.md.
    const BACKUP: &[u8] = include_bytes!("../../tests/data/authenticator-plus/backup.zip");

    #[test]
    fn opens_with_the_password_and_reads_every_line() {
        let report = read(&Input::for_test(BACKUP, "backup.zip", Some("test"))).unwrap();
        let names: Vec<_> = report
            .found
            .iter()
            .map(|f| format!("{}|{}", f.entry.issuer, f.entry.name))
            .collect();
        assert_eq!(names, ["Deno|Mason", "Issuu|James"]);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.found[0].source, "backup.zip/Accounts.txt:1");
    }

    #[test]
    fn asks_for_the_password_and_refuses_a_wrong_one() {
        let none = read(&Input::for_test(BACKUP, "backup.zip", None)).unwrap_err();
        assert_eq!(none, ImportError::PasswordNeeded { format: FORMAT });
        // Enough wrong passwords that some pass ZipCrypto's one-byte check (1 in 256).
        for n in 0..600 {
            let password = format!("wrong{n}");
            let error = read(&Input::for_test(BACKUP, "backup.zip", Some(&password))).unwrap_err();
            assert_eq!(
                error,
                ImportError::WrongPassword { format: FORMAT },
                "{password}"
            );
        }
    }

    #[test]
    fn garbage_is_damaged_and_names_the_accounts_file() {
        for bytes in [&b"PK\x03\x04Accounts.txt"[..], &BACKUP[..BACKUP.len() / 2]] {
            let error = read(&Input::for_test(bytes, "x.zip", Some("test"))).unwrap_err();
            assert!(matches!(error, ImportError::Damaged { .. }), "{error}");
            assert!(error.to_string().contains(ACCOUNTS_FILE), "{error}");
        }
    }
}
