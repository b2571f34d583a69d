//! Plain text: one `otpauth://` or `otpauth-migration://` URI a line; blank lines and `#`
//! comments are skipped (the format of Google-export dumps and "plain text" exports).

use super::{Found, ImportReport};
use crate::{migration, uri};

/// Reads every line of `text`; `file` names the sources ("file:line").
pub fn from_text(text: &str, file: &str) -> ImportReport {
    let mut report = ImportReport::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        report.merge(from_uri_line(line, &format!("{file}:{}", number + 1)));
    }
    report
}

/// One URI of either kind (also a decoded QR text); anything else is reported as not an
/// authenticator code.
pub fn from_uri_line(text: &str, source: &str) -> ImportReport {
    let mut report = ImportReport::default();
    if migration::is_migration_uri(text) {
        match migration::decode(text) {
            Ok(batch) => {
                for entry in batch.entries {
                    report.found.push(Found::new(source, entry));
                }
                for problem in batch.errors {
                    report.problem(
                        format!("{source} ({})", problem.label),
                        problem.error.to_string(),
                    );
                }
            }
            Err(error) => report.problem(source, error.to_string()),
        }
    } else if uri::is_otpauth_uri(text) {
        match uri::parse(text) {
            Ok(entry) => report.found.push(Found::new(source, entry)),
            Err(error) => report.problem(source, error.to_string()),
        }
    } else {
        let shown: String = text.chars().take(40).collect();
        report.problem(
            source,
            format!("not an authenticator code (otpauth:// or otpauth-migration://): '{shown}'"),
        );
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_survive_bad_ones() {
        let text = "# my accounts\n\notpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\notpauth://totp/B:b?secret=0000\nhttps://example.com\notpauth://hotp/C:c?secret=GEZDGNBV&counter=3\n";
        let report = from_text(text, "list.txt");
        let sources: Vec<_> = report.found.iter().map(|f| f.source.as_str()).collect();
        assert_eq!(sources, ["list.txt:3", "list.txt:6"]);
        assert_eq!(report.problems.len(), 2);
        assert_eq!(report.problems[0].source, "list.txt:4");
        assert!(report.problems[0].message.starts_with("secret:"));
        assert!(
            report.problems[1]
                .message
                .starts_with("not an authenticator code")
        );
    }
}
