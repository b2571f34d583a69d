//! Export → import gives back the same accounts for every export format: the encrypted Aegis
//! backup (with groups and pins), the plain Aegis vault, the otpauth:// list, and Google
//! migration QR codes (PNG → `qr::decode_file` → migration decode).

use otp_desk::export::{self, Item};
use otp_desk::import::{self, ImportError};
use otp_desk::otp::Entry;

/// The canonical Aegis vectors (TOTP/HOTP with every algorithm, 6–8 digits, Steam) plus a
/// Chinese label, in groups, some pinned.
fn items() -> Vec<Item> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/aegis/canonical_accounts.txt"
    ))
    .unwrap();
    let mut entries: Vec<Entry> = import::from_text(&text, "canonical_accounts.txt")
        .found
        .into_iter()
        .map(|f| f.entry)
        .collect();
    entries.push(otp_desk::uri::parse("otpauth://totp/%E4%BA%9A%E9%A9%AC%E9%80%8A:%E5%BA%97%E9%93%BA1?secret=JBSWY3DPEHPK3PXP&issuer=%E4%BA%9A%E9%A9%AC%E9%80%8A").unwrap());
    assert_eq!(entries.len(), 8);
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| Item {
            entry,
            group: ["", "Shop", "Work"][i % 3].to_owned(),
            pinned: i % 4 == 1,
        })
        .collect()
}

/// Many plain TOTP accounts, so that migration QR codes need more than one part.
fn many_items(count: usize) -> Vec<Item> {
    (0..count)
        .map(|i| {
            let uri = format!("otpauth://totp/Shop{i}:user{i}%40example.com?secret=JBSWY3DPEHPK3PX{}&issuer=Shop{i}", (b'A' + (i % 26) as u8) as char);
            Item { entry: otp_desk::uri::parse(&uri).unwrap(), group: String::new(), pinned: false }
        })
        .collect()
}

fn imported_items(bytes: &[u8], password: Option<&str>) -> Vec<Item> {
    let report = import::import_bytes(bytes, "export", password).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
        .found
        .into_iter()
        .map(|f| Item {
            entry: f.entry,
            group: f.group.unwrap_or_default(),
            pinned: f.pinned,
        })
        .collect()
}

#[test]
fn encrypted_aegis_backup_round_trips_every_field() {
    let items = items();
    let json = export::aegis::encrypted_json(&items, "correct horse 电池").unwrap();
    assert!(
        !json.contains("JBSWY3DPEHPK3PXP") && !json.contains("Shop"),
        "secrets or names in the clear"
    );
    assert_eq!(
        imported_items(json.as_bytes(), Some("correct horse 电池")),
        items
    );

    let wrong =
        import::import_bytes(json.as_bytes(), "backup.json", Some("correct horse")).unwrap_err();
    assert!(matches!(wrong, ImportError::WrongPassword { .. }));
    let none = import::import_bytes(json.as_bytes(), "backup.json", None).unwrap_err();
    assert!(matches!(none, ImportError::PasswordNeeded { .. }));
    assert!(export::aegis::encrypted_json(&items, "").is_err());
}

#[test]
fn encrypted_backup_has_aegis_parameters() {
    let json = export::aegis::encrypted_json(&items(), "pw").unwrap();
    let vault: serde_json::Value = serde_json::from_str(&json).unwrap();
    let slot = &vault["header"]["slots"][0];
    assert_eq!(
        (
            slot["type"].as_u64(),
            slot["n"].as_u64(),
            slot["r"].as_u64(),
            slot["p"].as_u64()
        ),
        (Some(1), Some(32768), Some(8), Some(1))
    );
    assert_eq!(slot["salt"].as_str().unwrap().len(), 64);
    assert_eq!(
        vault["header"]["params"]["nonce"].as_str().unwrap().len(),
        24
    );
    assert_eq!(vault["header"]["params"]["tag"].as_str().unwrap().len(), 32);
    assert!(vault["db"].is_string());
}

#[test]
fn plain_aegis_round_trips_every_field() {
    let items = items();
    let json = export::aegis::plain_json(&items).unwrap();
    assert_eq!(imported_items(json.as_bytes(), None), items);
}

#[test]
fn otpauth_list_round_trips_the_accounts() {
    let items = items();
    let text = export::otpauth_list(&items);
    assert_eq!(text.lines().count(), items.len());
    let back = imported_items(text.as_bytes(), None);
    let entries = |v: &[Item]| v.iter().map(|i| i.entry.clone()).collect::<Vec<_>>();
    assert_eq!(entries(&back), entries(&items));
}

#[test]
fn migration_qr_codes_round_trip_through_png_and_the_qr_reader() {
    let mut items = items();
    items.extend(many_items(14));
    let (pngs, skipped) = export::migration_qr_pngs(&items).unwrap();
    // Steam, 7 digits and periods other than 30 s do not fit Google's format.
    let fitting: Vec<Entry> = items
        .iter()
        .filter(|i| otp_desk::migration::representable(&i.entry))
        .map(|i| i.entry.clone())
        .collect();
    assert_eq!(skipped.len() + fitting.len(), items.len());
    assert_eq!(
        pngs.len(),
        fitting
            .len()
            .div_ceil(otp_desk::migration::GOOGLE_ACCOUNTS_PER_QR)
    );
    assert!(pngs.len() >= 2);
    let dir = tempfile::tempdir().unwrap();
    let mut back = Vec::new();
    for (i, png) in pngs.iter().enumerate() {
        let path = dir.path().join(format!("part-{i}.png"));
        std::fs::write(&path, png).unwrap();
        let texts = otp_desk::qr::decode_file(&path).unwrap();
        assert_eq!(texts.len(), 1, "one code per image");
        let batch = otp_desk::migration::decode(&texts[0]).unwrap();
        assert_eq!(batch.batch_index, Some(i32::try_from(i).unwrap()));
        back.extend(batch.entries);
        // The importer reads the same image through content detection.
        let report = import::import_bytes(png, "part.png", None).unwrap();
        assert!(report.problems.is_empty());
    }
    assert_eq!(back, fitting);
}

#[test]
fn export_formats_are_listed_with_their_cli_names() {
    let ids: Vec<&str> = export::ExportFormat::ALL.iter().map(|f| f.id()).collect();
    assert_eq!(ids, ["aegis-encrypted", "aegis", "otpauth", "migration-qr"]);
    assert!(
        export::ExportFormat::ALL
            .iter()
            .filter(|f| f.encrypted())
            .count()
            == 1
    );
}
