; The Windows installer of OTP Desk (NSIS 3, Unicode): a per-user install that needs no
; administrator, into %LOCALAPPDATA%\Programs\OTP Desk, with a Start menu shortcut and an entry
; in "Apps & features". English and 简体中文. The uninstaller removes the program only: the
; accounts (%APPDATA%\otp-desk) and the keys in Credential Manager stay, so a reinstall finds
; them, and the uninstaller says so. Built by scripts/cross-package-windows.sh (which
; scripts/package-windows.sh calls beside the MSI and the portable zip):
;   makensis -DVERSION=0.1.0 -DEXE=path\to\otp-desk.exe -DOUTFILE=otp-desk-setup.exe otp-desk.nsi
; Silent install and uninstall (used by tests/wine_window.rs and tests/wine_packages.rs):
; setup.exe /S, uninstall.exe /S. Installing a newer setup over an older one replaces the program
; in place and keeps the accounts.
; -DFAST compresses with zlib instead of LZMA (the tests' build).
; -DSIGN=path/to/scripts/windows-sign.sh Authenticode-signs the uninstaller as makensis writes it
; into the setup (!uninstfinalize), then the setup itself (!finalize).
; (cargo-packager's NSIS target downloads two plugins from the network at build time, which
; this machine and CI cannot reach; this script needs only the stock NSIS of Debian.)

; A 64-bit installer: otp-desk.exe is x86_64 only, and Wine without its 32-bit half (wine32)
; cannot run NSIS's usual x86 stub.
Target amd64-unicode
!ifdef FAST
  SetCompressor zlib ; the test build: seconds instead of a minute
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef EXE
  !error "pass -DEXE=path to otp-desk.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "otp-desk-${VERSION}-setup.exe"
!endif

!ifdef SIGN
  !uninstfinalize 'bash "${SIGN}" "%1"' = 0
  !finalize 'bash "${SIGN}" "%1"' = 0
!endif

!define PRODUCT "OTP Desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\OTP Desk"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!define MUI_ICON "..\..\assets\icons\otp-desk.ico"
!define MUI_UNICON "..\..\assets\icons\otp-desk.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\otp-desk.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepsAccounts)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString KeepsAccounts ${LANG_ENGLISH} "OTP Desk will be removed from this PC. Your accounts are kept: their list in %APPDATA%\otp-desk and their keys in Windows Credential Manager. Installing OTP Desk again (or its portable copy) finds them."
LangString KeepsAccounts ${LANG_SIMPCHINESE} "将从此电脑移除 OTP Desk。您的账户会保留：账户列表在 %APPDATA%\otp-desk，密钥在 Windows 凭据管理器中。重新安装 OTP Desk（或使用其便携版）即可找回。"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "OTP Desk"
  SetOutPath "$INSTDIR"
  File "/oname=otp-desk.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\otp-desk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "OTP Desk contributors"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\otp-desk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  DetailPrint "$(KeepsAccounts)"
  Delete "$INSTDIR\otp-desk.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
