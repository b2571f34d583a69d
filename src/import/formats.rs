//! The list of formats OTP Desk reads: one source for the import dialog (names, whether a
//! password may be asked for) and for dispatching to the format's module.

use super::{ImportError, ImportReport, Input};

/// Every format [`super::detect`] can recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatId {
    /// otpauth:// and otpauth-migration:// URIs, one a line (also Ente Auth's plain export).
    UriList,
    /// An image with QR codes of such URIs.
    QrImage,
    Aegis,
    TwoFas,
    AndOtp,
    AndOtpEncrypted,
    /// Authenticator Plus' backup: `Accounts.txt` in a password-locked ZIP.
    AuthenticatorPlus,
    BitwardenJson,
    BitwardenCsv,
    /// FreeOTP 1.x and FreeOTP+ `tokens.xml` (`shared_prefs`).
    FreeOtpXml,
    FreeOtpPlusJson,
    FreeOtp2,
    Authy,
    BattleNet,
    Duo,
    GoogleAuthenticatorDb,
    MicrosoftAuthenticatorDb,
    Steam,
    StratumJson,
    StratumDb,
    TotpAuthenticatorXml,
    /// TOTP Authenticator's encrypted `.bin` backup (base64 of AES-CBC).
    TotpAuthenticatorBin,
    ProtonJson,
}

/// One entry of [`FORMATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub id: FormatId,
    /// The app and file, as the user knows them.
    pub name: &'static str,
    /// Whether files of this format may be password-protected (the dialog then asks).
    pub encrypted: bool,
}

const fn format(id: FormatId, name: &'static str, encrypted: bool) -> Format {
    Format {
        id,
        name,
        encrypted,
    }
}

/// Everything OTP Desk imports, in the order the import dialog lists it.
pub const FORMATS: &[Format] = &[
    format(
        FormatId::Aegis,
        "Aegis vault (plain or encrypted .json)",
        true,
    ),
    format(
        FormatId::TwoFas,
        "2FAS backup (.2fas, plain or encrypted)",
        true,
    ),
    format(FormatId::AndOtp, "andOTP backup (plain .json)", false),
    format(
        FormatId::AndOtpEncrypted,
        "andOTP backup (encrypted .bin)",
        true,
    ),
    format(
        FormatId::AuthenticatorPlus,
        "Authenticator Plus backup (.zip with Accounts.txt)",
        true,
    ),
    format(FormatId::BitwardenJson, "Bitwarden export (.json)", false),
    format(FormatId::BitwardenCsv, "Bitwarden export (.csv)", false),
    format(
        FormatId::FreeOtpXml,
        "FreeOTP 1.x / FreeOTP+ tokens.xml",
        false,
    ),
    format(FormatId::FreeOtpPlusJson, "FreeOTP+ export (.json)", false),
    format(
        FormatId::FreeOtp2,
        "FreeOTP 2.x backup (externalBackup.xml)",
        true,
    ),
    format(
        FormatId::Authy,
        "Authy com.authy.storage.tokens.authenticator.xml (plain or encrypted)",
        true,
    ),
    format(
        FormatId::BattleNet,
        "Battle.net Authenticator shared_prefs XML",
        false,
    ),
    format(FormatId::Duo, "Duo Mobile accounts.json", false),
    format(
        FormatId::GoogleAuthenticatorDb,
        "Google Authenticator database",
        false,
    ),
    format(
        FormatId::MicrosoftAuthenticatorDb,
        "Microsoft Authenticator database (PhoneFactor)",
        false,
    ),
    format(FormatId::Steam, "Steam maFile (.maFile / .json)", false),
    format(
        FormatId::StratumJson,
        "Stratum / Authenticator Pro backup (plain or encrypted)",
        true,
    ),
    format(
        FormatId::StratumDb,
        "Stratum / Authenticator Pro database (authenticator.db3)",
        false,
    ),
    format(
        FormatId::TotpAuthenticatorXml,
        "TOTP Authenticator shared_prefs XML",
        false,
    ),
    format(
        FormatId::TotpAuthenticatorBin,
        "TOTP Authenticator encrypted backup (.bin)",
        true,
    ),
    format(
        FormatId::ProtonJson,
        "Proton Authenticator export (.json)",
        false,
    ),
    format(
        FormatId::UriList,
        "Text list of otpauth:// URIs (also Ente Auth plain export, Google migration links)",
        false,
    ),
    format(
        FormatId::QrImage,
        "Image of QR codes (otpauth:// or Google Authenticator export)",
        false,
    ),
];

impl FormatId {
    /// The format's entry in [`FORMATS`].
    pub fn format(self) -> &'static Format {
        // Proven invariant: every FormatId has exactly one entry (unit test below).
        FORMATS.iter().find(|f| f.id == self).unwrap_or(&FORMATS[0])
    }
}

/// Hands the input to the module of `format`.
pub(super) fn read(format: FormatId, input: &Input) -> Result<ImportReport, ImportError> {
    use super::*;
    match format {
        FormatId::UriList => {
            let text = std::str::from_utf8(input.bytes).map_err(|_| ImportError::Unrecognised)?;
            Ok(text::read_lines(text, input.file, input.budget))
        }
        FormatId::QrImage => from_image(input),
        FormatId::Aegis => aegis::read(input),
        FormatId::TwoFas => twofas::read(input),
        FormatId::AndOtp => andotp::read_plain(input),
        FormatId::AndOtpEncrypted => andotp::read_encrypted(input),
        FormatId::AuthenticatorPlus => authenticator_plus::read(input),
        FormatId::BitwardenJson => bitwarden::read_json(input),
        FormatId::BitwardenCsv => bitwarden::read_csv(input),
        FormatId::FreeOtpXml => freeotp::read_xml(input),
        FormatId::FreeOtpPlusJson => freeotp::read_plus_json(input),
        FormatId::FreeOtp2 => freeotp2::read(input),
        FormatId::Authy => authy::read(input),
        FormatId::BattleNet => battle_net::read(input),
        FormatId::Duo => duo::read(input),
        FormatId::GoogleAuthenticatorDb => sqlite::read_google(input),
        FormatId::MicrosoftAuthenticatorDb => sqlite::read_microsoft(input),
        FormatId::Steam => steam::read(input),
        FormatId::StratumJson => stratum::read_json(input),
        FormatId::StratumDb => stratum::read_db(input),
        FormatId::TotpAuthenticatorXml => totp_authenticator::read(input),
        FormatId::TotpAuthenticatorBin => totp_authenticator::read_bin(input),
        FormatId::ProtonJson => proton::read(input),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_listed_once() {
        for f in FORMATS {
            assert_eq!(
                FORMATS.iter().filter(|g| g.id == f.id).count(),
                1,
                "{:?}",
                f.id
            );
            assert_eq!(f.id.format(), f);
        }
        assert_eq!(FORMATS.len(), 23);
    }
}
