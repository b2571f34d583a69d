//! Finding an account's row in the list by the "Issuer (name)" people see. A row's accessible
//! name is the whole sentence a screen reader says ("Amazon, shop1, code 123 456, 18 seconds
//! left"; in Chinese with "，"), so a row is the button whose name starts with the issuer and
//! name followed by the rest of the sentence.

use egui_kittest::kittest::AccessKitNode;

/// Matches the row of the account labelled `label` ("Issuer (name)", or "Issuer" alone), for
/// `get_by`, `query_by` and `query_all_by`.
pub fn row(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + 'static {
    let (issuer, name) = match label.strip_suffix(')').and_then(|l| l.split_once(" (")) {
        Some((issuer, name)) => (issuer.to_owned(), name.to_owned()),
        None => (label.to_owned(), String::new()),
    };
    let starts = if name.is_empty() {
        vec![format!("{issuer}, "), format!("{issuer}，")]
    } else {
        vec![format!("{issuer}, {name}, "), format!("{issuer}，{name}，")]
    };
    move |node| {
        node.role() == egui::Role::Button
            && node
                .label()
                .is_some_and(|spoken| starts.iter().any(|s| spoken.starts_with(s.as_str())))
    }
}
