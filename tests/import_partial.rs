//! A file with some bad entries imports the good ones and lists the bad, naming the entry and
//! the field; a damaged file names what is wrong.

use otp_desk::import::{self, ImportError};

#[path = "../src/test_vectors.rs"]
mod test_vectors;

/// One of Aegis' test files (third-party), or `None` when they are absent (the test passes).
fn vector(name: &str) -> Option<String> {
    let path = test_vectors::third_party(&format!("vectors/aegis/{name}"))?;
    Some(std::fs::read_to_string(path).unwrap())
}

#[test]
fn aegis_with_a_bad_secret_and_an_unknown_type_keeps_the_other_five() {
    let Some(text) = vector("aegis_plain.json") else {
        return;
    };
    let text = text
        .replacen(
            "4SJHB4GSD43FZBAI7C2HLRJGPQ",
            "4SJHB4GSD43FZBAI7C2HLRJGP!",
            1,
        )
        .replacen("\"type\": \"hotp\"", "\"type\": \"yandex\"", 1);
    let report = import::import_bytes(text.as_bytes(), "aegis.json", None).unwrap();
    assert_eq!(report.found.len(), 5);
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.starts_with("secret:") && p.source.contains("Deno (Mason)"))
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.starts_with("type:"))
    );
}

#[test]
fn andotp_with_bad_digits_keeps_the_rest() {
    let Some(text) = vector("andotp_plain.json") else {
        return;
    };
    let text = text.replacen("\"digits\":7", "\"digits\":4", 1);
    let report = import::import_bytes(text.as_bytes(), "andotp.json", None).unwrap();
    assert_eq!((report.found.len(), report.problems.len()), (6, 1));
    assert!(
        report.problems[0].message.starts_with("digits:"),
        "{:?}",
        report.problems
    );
}

#[test]
fn bitwarden_csv_with_a_broken_uri_keeps_the_rest() {
    let Some(text) = vector("bitwarden.csv") else {
        return;
    };
    let text = text.replacen("secret=5OM4WOOGPLQEF6UGN3CPEOOLWU", "secret=0000", 1);
    let report = import::import_bytes(text.as_bytes(), "bw.csv", None).unwrap();
    assert_eq!((report.found.len(), report.problems.len()), (3, 1));
    assert_eq!(report.problems[0].source, "bw.csv:3");
}

#[test]
fn a_damaged_file_names_the_app_and_the_problem() {
    let Some(text) = vector("2fas_authenticator_plain_v3.2fas") else {
        return;
    };
    let error =
        import::import_bytes(&text.as_bytes()[..text.len() / 2], "x.2fas", None).unwrap_err();
    assert!(
        matches!(error, ImportError::Damaged { format: "2FAS", .. }),
        "{error}"
    );
    assert!(error.to_string().starts_with("2FAS file is damaged"));
}

#[test]
fn detection_ignores_the_file_name() {
    let Some(text) = vector("stratum_plain.json") else {
        return;
    };
    let report = import::import_bytes(text.as_bytes(), "photo.png", None).unwrap();
    assert_eq!(report.found.len(), 7);
}
