//! One value of every error variant the window words (test data for `words_tests`): each
//! carries English where the core would, so a test sees that none of it reaches the screen.

use std::io;
use std::path::PathBuf;

use super::errors::{self, pin_too_short};
use super::errors_import;
use super::message::Message;
use crate::applock::LockError;
use crate::desk::DeskError;
use crate::desk::crypto::CryptoError;
use crate::export::ExportError;
use crate::import::ImportError;
use crate::migration::MigrationError;
use crate::otp::{ParamError, SecretError};
use crate::platform::autostart::AutostartError;
use crate::platform::capture::CaptureError;
use crate::qr::QrError;
use crate::store::StoreError;
use crate::store::audit_log::AuditError;
use crate::store::metadata::MetadataError;
use crate::uri::UriError;
use crate::vault::{RestoreError, VaultError};

fn io_error(kind: io::ErrorKind) -> io::Error {
    io::Error::new(kind, "Permission denied (os error 13)")
}

fn path() -> PathBuf {
    PathBuf::from("/资料/账户")
}

pub fn every_error() -> Vec<(String, Message)> {
    let e = "English sentence from the core".to_owned();
    let mut all: Vec<(String, Message)> = Vec::new();
    let mut add = |what: String, m: Message| all.push((what, m));
    let stores = || {
        vec![
            StoreError::Unavailable { hint: e.clone() },
            StoreError::Locked { hint: e.clone() },
            StoreError::Failed(e.clone()),
            StoreError::Refused(e.clone()),
        ]
    };
    for kind in [
        io::ErrorKind::NotFound,
        io::ErrorKind::PermissionDenied,
        io::ErrorKind::StorageFull,
        io::ErrorKind::AlreadyExists,
        io::ErrorKind::InvalidData,
        io::ErrorKind::Other,
    ] {
        add(format!("{kind:?}"), errors::io(&io_error(kind)));
    }
    let metas = || {
        vec![
            MetadataError::Read {
                path: path(),
                source: io_error(io::ErrorKind::Other),
            },
            MetadataError::Corrupt {
                path: path(),
                reason: e.clone(),
            },
            MetadataError::Newer {
                path: path(),
                found: 9,
            },
            MetadataError::Write {
                path: path(),
                source: io_error(io::ErrorKind::Other),
            },
        ]
    };
    let mut vaults: Vec<VaultError> = stores().into_iter().map(VaultError::Store).collect();
    vaults.extend(metas().into_iter().map(VaultError::Metadata));
    vaults.push(VaultError::UnknownAccount("x".into()));
    vaults.push(VaultError::NoDataDir);
    vaults.push(VaultError::CreateDir {
        path: path(),
        source: io_error(io::ErrorKind::Other),
    });
    for v in &vaults {
        add(format!("{v:?}"), errors::vault(v));
    }
    let mut desks: Vec<DeskError> = stores().into_iter().map(DeskError::Store).collect();
    desks.extend([
        DeskError::UnknownPerson("李娜".into()),
        DeskError::WrongPin("李娜".into()),
        DeskError::Wait {
            name: "李娜".into(),
            secs: 8,
        },
        DeskError::NotAdmin,
        DeskError::LeftTeam("李娜".into()),
        DeskError::ResetElsewhere("李娜".into()),
        DeskError::Corrupt {
            path: path(),
            reason: e.clone(),
        },
        DeskError::Io {
            path: path(),
            source: io_error(io::ErrorKind::Other),
        },
        DeskError::Crypto(CryptoError::Authentication),
        DeskError::Crypto(CryptoError::Damaged),
        DeskError::Crypto(CryptoError::NoRandom),
        DeskError::Crypto(CryptoError::Kdf(e.clone())),
        DeskError::Tampered(e.clone()),
        DeskError::RolledBack {
            found: 12,
            expected: 15,
        },
    ]);
    // Every sentence `DeskError::Invalid` carries today, and one it may carry tomorrow.
    for text in [
        "This desk already has people; ask an admin to add you.",
        "name: '王芳' already works at this desk; choose another name.",
        "name: '王芳' already works at this desk.",
        "The desk needs at least one admin; make someone else an admin first.",
        "You cannot remove yourself; ask another admin.",
        "李娜 no longer works at this desk.",
        "The desk needs at least one admin.",
        "name: give a name of 1 to 60 characters.",
        "PIN: use at least 6 characters (digits or a password).",
        "Something new.",
    ] {
        desks.push(DeskError::Invalid(text.into()));
    }
    for d in &desks {
        add(format!("{d:?}"), errors::desk(d));
    }
    for t in team_errors(&e) {
        add(format!("{t:?}"), errors::team(&t));
    }
    add("pin".into(), pin_too_short());
    add(
        "until".into(),
        errors::until("明天", "until: 'x' is not a time"),
    );
    add(
        "until passed".into(),
        errors::until("9:00", "until: 9:00 has already passed."),
    );
    for l in [
        LockError::TooShort(8),
        LockError::Mismatch,
        LockError::Hash(e.clone()),
        LockError::Random(e.clone()),
    ] {
        add(format!("{l:?}"), errors::lock(&l));
    }
    for x in [
        ExportError::EmptyPassword,
        ExportError::Random(e.clone()),
        ExportError::Qr(e.clone()),
        ExportError::Image(e.clone()),
        ExportError::NothingRepresentable,
    ] {
        add(format!("{x:?}"), errors::export(&x));
    }
    for r in [
        RestoreError::NoBackup(path()),
        RestoreError::MoveAside {
            path: path(),
            source: io_error(io::ErrorKind::Other),
        },
        RestoreError::Copy(io_error(io::ErrorKind::Other)),
    ] {
        add(format!("{r:?}"), errors::restore(&r));
    }
    for a in [
        AuditError::Io {
            path: path(),
            source: io_error(io::ErrorKind::Other),
        },
        AuditError::TooLong { len: 1 },
        AuditError::SeqOverflow,
    ] {
        add(format!("{a:?}"), errors::audit(&a));
    }
    for a in [
        AutostartError::NoHome,
        AutostartError::Write {
            path: path(),
            source: io_error(io::ErrorKind::Other),
        },
        AutostartError::Remove {
            path: path(),
            source: io_error(io::ErrorKind::Other),
        },
        AutostartError::Registry(e.clone()),
    ] {
        add(format!("{a:?}"), errors::autostart(&a));
    }
    add("internal".into(), errors::internal());
    add("clipboard".into(), errors::clipboard());
    all.extend(import_errors(&e));
    all
}

fn import_errors(e: &str) -> Vec<(String, Message)> {
    let mut all = Vec::new();
    let mut add = |what: String, m: Message| all.push((what, m));
    for i in [
        ImportError::PasswordNeeded { format: "Aegis" },
        ImportError::WrongPassword { format: "Aegis" },
        ImportError::Unrecognised,
        ImportError::Damaged {
            format: "Aegis",
            detail: e.into(),
        },
        ImportError::Unsupported {
            format: "Aegis",
            detail: e.into(),
        },
        ImportError::Image(e.into()),
        ImportError::TooCostly { detail: e.into() },
        ImportError::Cancelled,
        ImportError::NotReadable {
            what: "a ZIP archive",
            hint: "unpack it",
        },
        ImportError::NotReadable {
            what: "an Authenticator Plus backup",
            hint: "unzip it",
        },
    ] {
        add(format!("{i:?}"), errors_import::import(&i));
    }
    let name = || "截图.png".to_owned();
    for q in [
        QrError::NotAnImage { name: name() },
        QrError::Damaged { name: name() },
        QrError::TooLarge {
            name: name(),
            width: 1,
            height: 1,
        },
        QrError::Empty { name: name() },
        QrError::Io {
            name: name(),
            source: io_error(io::ErrorKind::NotFound),
        },
        QrError::PixelBufferMismatch {
            width: 1,
            height: 1,
            len: 1,
        },
    ] {
        add(format!("{q:?}"), errors_import::qr(&q, "截图"));
    }
    for c in [
        CaptureError::NotPermitted(e.into()),
        CaptureError::Unavailable(e.into()),
        CaptureError::Failed(e.into()),
    ] {
        add(format!("{c:?}"), errors_import::capture(&c));
    }
    let secrets = || {
        vec![
            SecretError::Empty,
            SecretError::BadCharacter('1'),
            SecretError::BadLength(3),
        ]
    };
    let params = || {
        vec![
            ParamError::Algorithm("MD9".into()),
            ParamError::Digits("4".into()),
            ParamError::Period("0".into()),
            ParamError::Counter("-1".into()),
            ParamError::Type("9".into()),
        ]
    };
    let mut uris = vec![UriError::Scheme(e.into()), UriError::MissingSecret];
    uris.extend(secrets().into_iter().map(UriError::Secret));
    uris.extend(params().into_iter().map(UriError::Param));
    for u in &uris {
        add(format!("{u:?}"), errors_import::uri(u));
    }
    let mut migrations = vec![
        MigrationError::Scheme,
        MigrationError::MissingData,
        MigrationError::Base64,
        MigrationError::Protobuf(e.into()),
        MigrationError::NoAccounts,
        MigrationError::Md5,
        MigrationError::Algorithm(7),
        MigrationError::Digits(7),
        MigrationError::Type(7),
        MigrationError::Counter(-1),
    ];
    migrations.extend(secrets().into_iter().map(MigrationError::Secret));
    migrations.extend(params().into_iter().map(MigrationError::Params));
    for m in &migrations {
        add(format!("{m:?}"), errors_import::migration(m));
    }
    all
}

/// Every way setting the team folder up can fail.
fn team_errors(e: &str) -> Vec<crate::desk::team::setup::SetupError> {
    use crate::desk::team::join::JoinError as J;
    use crate::desk::team::setup::SetupError as S;
    let mut all = vec![
        S::NotAdmin,
        S::AlreadyInTeam,
        S::NoTeam,
        S::BadName,
        S::FolderTaken(path()),
        S::NoFolder(path()),
        S::Io {
            path: path(),
            source: io_error(io::ErrorKind::PermissionDenied),
        },
        S::SlotMissing(e.to_owned()),
        S::Team(e.to_owned()),
        S::Expired,
        S::NoInvite,
        S::NotConfirmed,
        S::NoKeys,
        S::Cancelled,
        S::HasPeople,
        S::OldSlots("李娜、王芳".into()),
        S::HasAccounts(3),
        S::NoSuchPerson("李娜".into()),
        S::Desk(DeskError::WrongPin("李娜".into())),
        S::NoSuchDesk("前台电脑".into()),
        S::SameName("前台电脑".into()),
        S::RevokeSelf,
        S::AlreadyRevoked("前台电脑".into()),
        S::Vault(e.to_owned()),
    ];
    for join in [
        J::BadCode,
        J::NotArrivedYet,
        J::OtherInvite,
        J::Expired,
        J::Spent,
        J::WrongCode,
        J::NameTooLong,
        J::NoRandom,
    ] {
        all.push(S::Join(join));
    }
    all
}
