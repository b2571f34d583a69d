//! Every case in tests/data/google-migration/cases.json decodes to exactly the expected
//! accounts and batch fields: URIs as given, the QR screenshot through its `decoded_qr_text`
//! (QR decoding is tested in the qr module), and text files line by line. The text files are
//! third-party (scito's examples, `$OTP_DESK_VECTORS` or ../shared): without them the one case
//! that needs a file is skipped and said so, every other case still runs.
//!
//! Names: `src/migration.rs` strips a matching "Issuer:" prefix, so `Entry::name` must equal
//! `name_without_issuer_prefix` when the case gives one and `name` otherwise; the full stored
//! name must still be `issuer:` + `Entry::name`.

use otp_desk::migration::{self, Batch};
use otp_desk::otp::{Entry, OtpKind};
use serde_json::Value;

const CASE_COUNT: usize = 13;
const ACCOUNT_COUNT: usize = 44;

#[path = "../src/test_vectors.rs"]
mod test_vectors;

fn cases() -> Vec<Value> {
    let json: Value =
        serde_json::from_str(&test_vectors::own("google-migration/cases.json")).unwrap();
    json["cases"].as_array().unwrap().clone()
}

/// A third-party input file, or `None` when the set is absent.
fn read_vector(file: &str) -> Option<String> {
    let path = test_vectors::third_party(&format!("vectors/google-migration/{file}"))?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The URIs of a "text-lines" file: one per line, `#` comments and blank lines skipped.
fn uri_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::new(), |hex, b| hex + &format!("{b:02x}"))
}

fn assert_entry(id: &str, got: &Entry, want: &Value) {
    let issuer = want["issuer"].as_str().unwrap();
    let stored_name = want["name"].as_str().unwrap();
    assert_eq!(got.issuer, issuer, "{id}: issuer");
    match want["name_without_issuer_prefix"].as_str() {
        Some(short) => {
            assert_eq!(got.name, short, "{id}: name without prefix");
            assert_eq!(
                format!("{issuer}:{}", got.name),
                stored_name,
                "{id}: stored name"
            );
        }
        None => assert_eq!(got.name, stored_name, "{id}: name"),
    }
    assert_eq!(
        got.secret.to_base32(),
        want["secret"].as_str().unwrap(),
        "{id}: secret"
    );
    assert_eq!(
        hex(got.secret.as_bytes()),
        want["secret_hex"].as_str().unwrap(),
        "{id}: hex"
    );
    assert_eq!(
        got.params.algorithm().as_str(),
        want["algo"].as_str().unwrap(),
        "{id}: algo"
    );
    assert_eq!(
        Some(u64::from(got.params.digits().get())),
        want["digits"].as_u64(),
        "{id}"
    );
    let kind = got.params.kind();
    assert_eq!(kind.name(), want["type"].as_str().unwrap(), "{id}: type");
    match kind {
        OtpKind::Hotp { counter } => assert_eq!(Some(counter), want["counter"].as_u64(), "{id}"),
        _ => assert_eq!(
            kind.period_secs().map(u64::from),
            want["period"].as_u64(),
            "{id}"
        ),
    }
}

fn assert_batch_fields(id: &str, got: &Batch, want: &Value) {
    let field = |name: &str| want[name].as_i64().map(|v| i32::try_from(v).unwrap());
    let fields = (got.version, got.batch_size, got.batch_index, got.batch_id);
    let expected = (
        field("version"),
        field("batch_size"),
        field("batch_index"),
        field("batch_id"),
    );
    assert_eq!(
        fields, expected,
        "{id}: version, batch_size, batch_index, batch_id"
    );
}

/// Decodes every URI of a case; returns the batches in input order, or `None` when the case
/// needs a third-party file that is absent.
fn decode_case(case: &Value) -> Option<Vec<Batch>> {
    let id = case["id"].as_str().unwrap();
    let input = &case["input"];
    let uris: Vec<String> = match (input["kind"].as_str(), input["uri"].as_str()) {
        (Some("qr-image"), _) => vec![input["decoded_qr_text"].as_str().unwrap().to_owned()],
        (Some("text-lines"), _) => {
            let text = read_vector(input["file"].as_str().unwrap())?;
            uri_lines(&text).into_iter().map(str::to_owned).collect()
        }
        (None, Some(uri)) => {
            if let Some(file) = input["file"].as_str()
                && let Some(text) = read_vector(file)
            {
                assert_eq!(text.trim(), uri, "{id}: the file holds the same URI");
            }
            vec![uri.to_owned()]
        }
        other => panic!("{id}: unknown input {other:?}"),
    };
    assert!(!uris.is_empty(), "{id}: no input");
    let decoded = uris.iter().map(|uri| {
        assert!(migration::is_migration_uri(uri), "{id}: {uri}");
        migration::decode(uri).unwrap_or_else(|e| panic!("{id}: {e}"))
    });
    Some(decoded.collect())
}

/// The case and account counts when every case runs, less those of cases skipped for a
/// missing third-party file (only the text-file case needs one).
fn expected_counts(skipped: &[&Value]) -> (usize, usize) {
    let skipped_accounts: u64 = skipped
        .iter()
        .map(|c| c["entry_count"].as_u64().unwrap())
        .sum();
    (
        CASE_COUNT - skipped.len(),
        ACCOUNT_COUNT - usize::try_from(skipped_accounts).unwrap(),
    )
}

#[test]
fn every_case_decodes_to_the_expected_accounts() {
    let (mut cases_checked, mut accounts_checked, mut codes_checked) = (0, 0, 0);
    let cases = cases();
    let mut skipped = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        assert_eq!(
            case["expect"].as_str(),
            Some("ok"),
            "{id}: only 'ok' cases are known"
        );
        let Some(batches) = decode_case(case) else {
            skipped.push(case);
            continue;
        };
        if case["batch"].is_object() {
            assert_eq!(batches.len(), 1, "{id}");
            assert_batch_fields(id, &batches[0], &case["batch"]);
        }
        assert!(
            batches.iter().all(|b| b.errors.is_empty()),
            "{id}: {batches:?}"
        );
        let entries: Vec<&Entry> = batches.iter().flat_map(|b| &b.entries).collect();
        let expected = case["entries"].as_array().unwrap();
        assert_eq!(
            Some(entries.len() as u64),
            case["entry_count"].as_u64(),
            "{id}: count"
        );
        assert_eq!(entries.len(), expected.len(), "{id}: count");
        for (got, want) in entries.iter().zip(expected) {
            assert_entry(id, got, want);
            accounts_checked += 1;
        }
        for code in case["expected_codes"].as_array().into_iter().flatten() {
            let at = code["unix_time"].as_u64().unwrap();
            assert_eq!(
                entries[0].code_at(at),
                code["code"].as_str().unwrap(),
                "{id} at {at}"
            );
            codes_checked += 1;
        }
        cases_checked += 1;
    }
    assert!(skipped.len() <= 1, "only the text-file case needs a file");
    assert_eq!((cases_checked, accounts_checked), expected_counts(&skipped));
    assert!(codes_checked >= 1, "the 528064 code of dim13 was checked");
}

#[test]
fn three_part_export_shares_one_batch_id() {
    let parts: Vec<Batch> = cases()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("jc-batch-"))
        .flat_map(|c| decode_case(c).expect("inline URIs"))
        .collect();
    assert_eq!(parts.len(), 3);
    let indices: Vec<_> = parts
        .iter()
        .map(|b| (b.batch_index, b.batch_size))
        .collect();
    assert_eq!(
        indices,
        [(Some(0), Some(3)), (Some(1), Some(3)), (Some(2), Some(3))]
    );
    assert!(
        parts
            .iter()
            .all(|b| b.batch_id.is_some() && b.batch_id == parts[0].batch_id)
    );
    assert_eq!(parts.iter().map(|b| b.entries.len()).sum::<usize>(), 22);
}

#[test]
fn every_case_survives_its_own_round_trip() {
    let mut accounts = 0;
    let cases = cases();
    let mut skipped = Vec::new();
    for case in &cases {
        let Some(batches) = decode_case(case) else {
            skipped.push(case);
            continue;
        };
        let entries: Vec<Entry> = batches.into_iter().flat_map(|b| b.entries).collect();
        let uris = migration::encode(&entries, 4);
        assert_eq!(uris.len(), entries.len().div_ceil(4));
        let again: Vec<Entry> = uris
            .iter()
            .flat_map(|u| migration::decode(u).unwrap().entries)
            .collect();
        assert_eq!(again, entries, "{}", case["id"]);
        accounts += again.len();
    }
    assert_eq!(accounts, expected_counts(&skipped).1);
}

#[test]
fn a_plus_read_as_a_space_is_still_understood() {
    // The URI of scito's test_plus_problem_export.txt, as cases.json holds it.
    let cases = cases();
    let case = cases
        .iter()
        .find(|c| c["id"] == "scito-plus-problem")
        .unwrap();
    let uri = case["input"]["uri"].as_str().unwrap();
    assert!(
        uri.contains('+') && uri.contains('/'),
        "the vector has raw '+' and '/'"
    );
    let mangled = migration::decode(&uri.replace('+', " ")).unwrap();
    assert_eq!(mangled, migration::decode(uri).unwrap());
    assert_eq!(mangled.entries.len(), 4);
}
