//! The log as CSV for a spreadsheet, with user text kept from being read as a formula and its
//! control characters made visible.

use super::{AuditRecord, visible};

/// The records as CSV with a header row, for a spreadsheet. A cell that a spreadsheet would
/// take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`: names are typed by people and must not run as formulas. Names, accounts and
/// notes show their control characters as signs ([`visible`]); the exact text is in the JSON
/// lines. `count` and `dropped_through` are empty unless the record has them. With `desks` (a
/// team's log: each record's computer, in the same order) a last column names the computer.
pub fn to_csv(records: &[AuditRecord], desks: Option<&[&str]>) -> String {
    const HEADER: [&str; 11] = [
        "seq",
        "time",
        "person",
        "account",
        "action",
        "via",
        "detail",
        "prev",
        "hash",
        "count",
        "dropped_through",
    ];
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail, so the results below carry no error worth handling.
    let header = HEADER.iter().chain(desks.map(|_| &"computer"));
    let _ = writer.write_record(header);
    for (index, r) in records.iter().enumerate() {
        let cells = [
            r.seq.to_string(),
            r.time.to_string(),
            visible(&r.person),
            r.account.as_deref().map(visible).unwrap_or_default(),
            r.action.as_str().to_owned(),
            r.via.as_str().to_owned(),
            r.detail.as_deref().map(visible).unwrap_or_default(),
            r.prev.clone(),
            r.hash.clone(),
            r.count.map(|n| n.to_string()).unwrap_or_default(),
            r.dropped_through.map(|n| n.to_string()).unwrap_or_default(),
        ];
        let desk = desks.map(|d| visible(d.get(index).copied().unwrap_or_default()));
        let _ = writer.write_record(cells.into_iter().chain(desk).map(neutralise));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}
