#!/usr/bin/env bash
# The winget (ManifestVersion 1.9.0, multi-file: version, defaultLocale en-US, locale zh-CN,
# installer) and Scoop manifests of one release, written by scripts/package-windows.sh into
#   OUT_DIR/winget/  (copy to manifests/o/OTPDesk/OTPDesk/VERSION/ of microsoft/winget-pkgs)
#   OUT_DIR/scoop/otp-desk.json  (for a bucket)
# from the environment: OTP_DESK_PACKAGE_VERSION, OTP_DESK_PACKAGE_OWNER, and the URL and
# SHA-256 of each file (SETUP_URL/SETUP_SHA, MSI_URL/MSI_SHA, ZIP_URL/ZIP_SHA).
set -euo pipefail
out_dir=$1
version=$OTP_DESK_PACKAGE_VERSION
owner=$OTP_DESK_PACKAGE_OWNER
id=OTPDesk.OTPDesk
home="https://github.com/$owner/otp-desk"
schema="https://aka.ms/winget-manifest"
upper() { tr '[:lower:]' '[:upper:]'; }
mkdir -p "$out_dir/winget" "$out_dir/scoop"

cat >"$out_dir/winget/$id.yaml" <<YAML
# yaml-language-server: \$schema=$schema.version.1.9.0.schema.json
PackageIdentifier: $id
PackageVersion: $version
DefaultLocale: en-US
ManifestType: version
ManifestVersion: 1.9.0
YAML

cat >"$out_dir/winget/$id.installer.yaml" <<YAML
# yaml-language-server: \$schema=$schema.installer.1.9.0.schema.json
PackageIdentifier: $id
PackageVersion: $version
MinimumOSVersion: 10.0.17763.0
Installers:
- Architecture: x64
  InstallerType: nsis
  Scope: user
  InstallerUrl: $SETUP_URL
  InstallerSha256: $(echo "$SETUP_SHA" | upper)
  UpgradeBehavior: install
- Architecture: x64
  InstallerType: msi
  Scope: machine
  InstallerUrl: $MSI_URL
  InstallerSha256: $(echo "$MSI_SHA" | upper)
  UpgradeBehavior: install
  AppsAndFeaturesEntries:
  - UpgradeCode: '{6F0C9A37-5B0E-4C55-9A0D-2D2F8F3C1E41}'
- Architecture: x64
  InstallerType: zip
  NestedInstallerType: portable
  NestedInstallerFiles:
  - RelativeFilePath: otp-desk.exe
    PortableCommandAlias: otp-desk
  InstallerUrl: $ZIP_URL
  InstallerSha256: $(echo "$ZIP_SHA" | upper)
ManifestType: installer
ManifestVersion: 1.9.0
YAML

cat >"$out_dir/winget/$id.locale.en-US.yaml" <<YAML
# yaml-language-server: \$schema=$schema.defaultLocale.1.9.0.schema.json
PackageIdentifier: $id
PackageVersion: $version
PackageLocale: en-US
Publisher: OTP Desk contributors
PublisherUrl: $home
PackageName: OTP Desk
PackageUrl: $home
License: MIT OR Apache-2.0
LicenseUrl: $home/blob/v$version/README.md
ShortDescription: A desk authenticator with live TOTP, HOTP and Steam codes; click an account to copy its code.
Description: OTP Desk lists two-step verification accounts with live codes. Secrets stay in Windows Credential Manager; accounts can be imported from QR codes and from other authenticator apps' backups.
Moniker: otp-desk
Tags:
- 2fa
- authenticator
- otp
- totp
ReleaseNotesUrl: $home/releases/tag/v$version
ManifestType: defaultLocale
ManifestVersion: 1.9.0
YAML

cat >"$out_dir/winget/$id.locale.zh-CN.yaml" <<YAML
# yaml-language-server: \$schema=$schema.locale.1.9.0.schema.json
PackageIdentifier: $id
PackageVersion: $version
PackageLocale: zh-CN
Publisher: OTP Desk contributors
PackageName: OTP Desk
License: MIT OR Apache-2.0
ShortDescription: 桌面验证器：实时显示 TOTP、HOTP 和 Steam 验证码，点击账户即可复制验证码。
Description: OTP Desk 列出两步验证账户及其实时验证码。密钥保存在 Windows 凭据管理器中；可从二维码和其他验证器应用的备份导入账户。
Tags:
- 两步验证
- 验证器
- otp
ReleaseNotesUrl: $home/releases/tag/v$version
ManifestType: locale
ManifestVersion: 1.9.0
YAML

# Scoop: the portable zip. Accounts live in %APPDATA%\otp-desk and Credential Manager, outside
# Scoop's folders, so nothing needs "persist" and an update or uninstall keeps them.
cat >"$out_dir/scoop/otp-desk.json" <<JSON
{
    "version": "$version",
    "description": "A desk authenticator with live TOTP, HOTP and Steam codes; click an account to copy its code.",
    "homepage": "$home",
    "license": "MIT|Apache-2.0",
    "notes": "Accounts are kept in %APPDATA%\\\\otp-desk and Windows Credential Manager; uninstalling keeps them.",
    "architecture": {
        "64bit": {
            "url": "$ZIP_URL",
            "hash": "$ZIP_SHA"
        }
    },
    "bin": "otp-desk.exe",
    "shortcuts": [
        [
            "otp-desk.exe",
            "OTP Desk"
        ]
    ],
    "checkver": "github",
    "autoupdate": {
        "architecture": {
            "64bit": {
                "url": "$home/releases/download/v\$version/otp-desk-\$version-windows-x64-portable.zip"
            }
        }
    }
}
JSON
