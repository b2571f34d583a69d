//! Secrets from standard input, one line each, in the order the command needs them: the acting
//! person's PIN first, then a new person's PIN, a password, or a key. At a terminal the line is
//! asked for on stderr and not echoed; from a pipe it is read as is. Never logged.

use std::io::{BufRead, IsTerminal};

use zeroize::Zeroizing;

/// The next line of standard input without its line ending; `what` names it in messages.
pub fn secret_line(what: &str) -> Result<Zeroizing<String>, String> {
    let line = if std::io::stdin().is_terminal() {
        Zeroizing::new(
            rpassword::prompt_password(format!("{what}: "))
                .map_err(|e| format!("Could not read {what}: {e}."))?,
        )
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("Could not read {what} from standard input: {e}."))?;
        Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned())
    };
    if line.is_empty() {
        return Err(format!(
            "{what}: standard input has no line for it (one line each, in order)."
        ));
    }
    Ok(line)
}

/// A yes/no question on stderr answered on standard input; anything but y/yes is no.
pub fn confirm(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim().to_lowercase().as_str(), "y" | "yes")
}
