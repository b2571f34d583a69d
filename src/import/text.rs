//! Plain text: one `otpauth://` or `otpauth-migration://` URI a line; blank lines and `#`
//! comments are skipped (the format of Google-export dumps and "plain text" exports). A line
//! that is not a URI is reported by its number only: it may be a bare key.

use super::budget::{Budget, Cancel};
use super::{Found, ImportReport};
use crate::{migration, uri};

/// How lines that are not URIs are counted past the listing cap.
const NOT_A_URI: &str = "lines that are not URIs";

/// Lines between two looks at the cancel flag.
const LINES_PER_CHECK: usize = 4096;

/// Reads every line of `text`; `file` names the sources ("file:line").
pub fn from_text(text: &str, file: &str) -> ImportReport {
    let mut report = read_lines(text, file, &Budget::new(&Cancel::new()));
    report.close(file);
    report
}

/// [`from_text`] within `budget` (stops early when cancelled); the caller closes the report.
pub(super) fn read_lines(text: &str, file: &str, budget: &Budget) -> ImportReport {
    let mut report = ImportReport::default();
    for (number, line) in text.lines().enumerate() {
        if number % LINES_PER_CHECK == 0 && !budget.go_on() {
            break;
        }
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        add_uri_line(&mut report, line, &format!("{file}:{}", number + 1));
    }
    report
}

/// One URI of either kind (also a decoded QR text); anything else is reported as not an
/// authenticator code.
pub fn from_uri_line(text: &str, source: &str) -> ImportReport {
    let mut report = ImportReport::default();
    add_uri_line(&mut report, text, source);
    report
}

fn add_uri_line(report: &mut ImportReport, text: &str, source: &str) {
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
        report.problem_of_kind(
            source,
            "not an authenticator code: the line is not an otpauth:// or otpauth-migration:// \
             URI (not shown, as it may hold a key)",
            NOT_A_URI,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::MAX_LISTED_PROBLEMS;

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

    #[test]
    fn a_line_that_may_be_a_key_is_never_echoed() {
        let report = from_text("JBSWY3DPEHPK3PXP\n", "keys.txt");
        assert_eq!(report.problems.len(), 1);
        assert!(!report.problems[0].message.contains("JBSWY"));
        assert_eq!(report.problems[0].source, "keys.txt:1");
    }

    #[test]
    fn junk_lines_past_the_cap_are_counted_in_one_line() {
        let mut text = "junk line\n".repeat(200_000);
        text.push_str("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n");
        let report = from_text(&text, "junk.txt");
        assert_eq!(report.found.len(), 1);
        assert_eq!(report.problems.len(), MAX_LISTED_PROBLEMS + 1);
        assert_eq!(report.problem_count(), 200_000);
        let last = report.problems.last().unwrap();
        assert_eq!(
            (last.source.as_str(), last.message.as_str()),
            ("junk.txt", "… and 199,900 more lines that are not URIs")
        );
    }

    #[test]
    fn a_cancelled_read_stops() {
        let cancel = Cancel::new();
        cancel.cancel();
        let budget = Budget::new(&cancel);
        let report = read_lines(
            &"otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n".repeat(10),
            "x",
            &budget,
        );
        assert!(report.found.is_empty());
    }
}
