; cratedb-odbc.nsi: the Windows installer, cratedb-odbc-setup.exe (NSIS 3).
;
; Built by `make installer` in a Windows build (Makefile.am), which passes
;   -DVERSION=   the package version (configure.ac's AC_INIT)
;   -DDLL=       the built cratedbodbc.dll
;   -DSRCDIR=    the source tree (README, LICENSE, win/cratedb.tdc)
;   -DOUTFILE=   where to write the installer
;
; It copies the driver, README, licence and the Tableau customization into
; the installation directory, registers the driver with the ODBC installer
; (SQLInstallDriverExW in odbccp32.dll, through the System plug-in) under
; the name the Linux package registers, "CrateDB", and writes an uninstaller
; that unregisters it (SQLRemoveDriverW) and removes the files.
;
; Silent use (README "Windows"):
;   cratedb-odbc-setup.exe /S [/D=C:\path\to\dir]     (/D= last, no quotes)
;   "<dir>\uninstall.exe" /S
; A failed registration aborts with exit code 2 and says why (in the log
; window, or as a message box unless silent).

; 64-bit: the installer runs as a 64-bit process, so the registry keys the
; ODBC installer writes land in the 64-bit view (HKLM\Software\ODBC\
; ODBCINST.INI), where the 64-bit ODBC Data Source Administrator and the
; 64-bit Excel, Power BI Desktop and Tableau Desktop look for drivers; a
; 32-bit installer would be redirected to WOW6432Node, where only 32-bit
; applications look, and cratedbodbc.dll is a 64-bit DLL.
Target amd64-unicode
; ODBCINST.INI under HKLM and Program Files need an administrator
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION | DLL | SRCDIR | OUTFILE
  !error "pass -DVERSION= -DDLL= -DSRCDIR= -DOUTFILE= (make installer does)"
!endif

!define DRIVER_NAME "CrateDB"             ; as debian/odbcinst.ini.in and scripts/install.sh
!define DRIVER_FILE "cratedbodbc.dll"     ; the driver and its setup (ConfigDSN) in one DLL
!define PRODUCT "CrateDB ODBC"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define ODBC_INSTALL_COMPLETE 2           ; odbcinst.h

!include "LogicLib.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
ShowInstDetails show
ShowUninstDetails show

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

; ------------------------------------------------------------ ODBC installer calls

; The ODBC installer's last error as "<code>: <message>" in $R9.
!macro ODBC_INSTALLER_ERROR
  System::Call 'odbccp32::SQLInstallerErrorW(h 1, *i .r0, w .r1, h ${NSIS_MAX_STRLEN}, *h .r2) h .r3'
  StrCpy $R9 "$0: $1"
!macroend

; Registers the driver in $INSTDIR: SQLInstallDriverExW takes the driver's
; name and its keyword=value pairs as one NUL-separated list that ends in
; two NULs. NSIS strings cannot hold a NUL, so the list is laid out as a
; structure of fixed-size wide strings, each one character longer than its
; text (the System plug-in zero-fills them), the last one two longer.
; The driver's directory is lpszPathIn and Driver and Setup give the file
; name, which the ODBC installer puts the directory in front of. Not every
; one does: Wine 10's keeps a name that names a file as it is, and the
; working directory here is $INSTDIR (SetOutPath), where the DLL now is;
; Wine 8's puts the directory in front of a full path too. So afterwards
; Driver and Setup are checked, and set to the DLL's full path if the
; ODBC installer stored anything else.
Function RegisterDriver
  StrLen $1 "${DRIVER_NAME}"
  IntOp $1 $1 + 1
  StrLen $2 "Driver=${DRIVER_FILE}"
  IntOp $2 $2 + 1
  StrLen $3 "Setup=${DRIVER_FILE}"
  IntOp $3 $3 + 2
  System::Call '*(&w$1 "${DRIVER_NAME}", &w$2 "Driver=${DRIVER_FILE}", &w$3 "Setup=${DRIVER_FILE}") p .r4'
  System::Call 'odbccp32::SQLInstallDriverExW(p r4, w "$INSTDIR", w .r5, h ${NSIS_MAX_STRLEN}, *h .r6, h ${ODBC_INSTALL_COMPLETE}, *i .r7) i .r8'
  System::Free $4
  ${If} $8 = 0
    !insertmacro ODBC_INSTALLER_ERROR
    DetailPrint "SQLInstallDriverEx failed: $R9"
    MessageBox MB_OK|MB_ICONSTOP "The ODBC driver ${DRIVER_NAME} could not be registered (SQLInstallDriverEx: $R9)." /SD IDOK
    SetErrorLevel 2
    Abort "The ODBC driver ${DRIVER_NAME} could not be registered."
  ${EndIf}
  Push "Driver"
  Call FullDriverPath
  Push "Setup"
  Call FullDriverPath
  DetailPrint "Registered the ODBC driver ${DRIVER_NAME} ($INSTDIR\${DRIVER_FILE}, usage count $7)"
FunctionEnd

; Sets the registration's value named on the stack (Driver or Setup) to the
; DLL's full path unless it is that already (see RegisterDriver).
Function FullDriverPath
  Exch $0
  Push $1
  ReadRegStr $1 HKLM "Software\ODBC\ODBCINST.INI\${DRIVER_NAME}" "$0"
  ${If} $1 != "$INSTDIR\${DRIVER_FILE}"
    DetailPrint "The ODBC installer stored $0=$1; setting it to $INSTDIR\${DRIVER_FILE}"
    WriteRegStr HKLM "Software\ODBC\ODBCINST.INI\${DRIVER_NAME}" "$0" "$INSTDIR\${DRIVER_FILE}"
  ${EndIf}
  Pop $1
  Pop $0
FunctionEnd

; Unregisters the driver. Each SQLInstallDriverEx adds one to the driver's
; usage count (an install over an earlier one, a repair) and SQLRemoveDriver
; takes one away, deleting the entry at zero: the files go with this
; uninstaller, so it removes until the entry is gone. DSNs that use the
; driver stay (fRemoveDSN FALSE): they are the user's.
Function un.UnregisterDriver
  ${For} $9 1 64
    System::Call 'odbccp32::SQLRemoveDriverW(w "${DRIVER_NAME}", i 0, *i .r7) i .r8'
    ${If} $8 = 0
      !insertmacro ODBC_INSTALLER_ERROR
      DetailPrint "SQLRemoveDriver: $R9"
      ${Break}
    ${EndIf}
    DetailPrint "Unregistered the ODBC driver ${DRIVER_NAME} (usage count now $7)"
    ${IfThen} $7 = 0 ${|} ${Break} ${|}
  ${Next}
FunctionEnd

; ------------------------------------------------------------ install

Section "CrateDB ODBC driver"
  SetOutPath "$INSTDIR"
  File "/oname=${DRIVER_FILE}" "${DLL}"
  File "/oname=README.txt" "${SRCDIR}/README"
  File "/oname=LICENSE.txt" "${SRCDIR}/LICENSE"
  File "/oname=cratedb.tdc" "${SRCDIR}/win/cratedb.tdc"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  Call RegisterDriver

  ; Apps & features (Add/Remove Programs)
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT} driver"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "CrateDB ODBC driver project"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; ------------------------------------------------------------ uninstall

Section "Uninstall"
  Call un.UnregisterDriver
  Delete "$INSTDIR\${DRIVER_FILE}"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\cratedb.tdc"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
