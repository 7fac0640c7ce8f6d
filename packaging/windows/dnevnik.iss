; «Дневник школы» — установщик для Windows 10 (1809+) и 11, 64-bit (Inno Setup 6.3 or newer).
;
; Installs for the current user only, without administrator rights, into
; %LOCALAPPDATA%\Programs\DnevnikShkoly; Start-menu and desktop shortcuts; .dnevnik packages
; open in the program (which goes straight to the import wizard). Uninstalling removes the
; program only: the user's data folder (%LOCALAPPDATA%\DnevnikShkoly) is never touched.
;
; Build the one-folder program first (pyinstaller packaging\dnevnik.spec), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\dnevnik.iss
; (the workflow passes the version of pyproject.toml). Without /DAppVersion the version is
; read from dist\dnevnik\dnevnik.exe, which the spec stamped with that same version.
; The installer is written to dist\installer\. See packaging\README.md.

#define AppName "Дневник школы"
#define AppExe "dnevnik.exe"
#define ProgId "DnevnikShkoly.Package"
; The built folder, relative to this script's folder.
#ifndef DistDir
  #define DistDir "..\..\dist\dnevnik"
#endif
#define ExeFile AddBackslash(SourcePath) + DistDir + "\" + AppExe
#if !FileExists(ExeFile)
  #error dist\dnevnik\dnevnik.exe not found: build the program with packaging\dnevnik.spec first.
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(ExeFile, "ProductVersion")
#endif
#if AppVersion == ""
  #error No version in dist\dnevnik\dnevnik.exe: build it with packaging\dnevnik.spec first.
#endif
; The installer's own version resource takes numbers only (a.b.c.d): the exe's fixed block
; has them, made by the spec from the same pyproject.toml version.
#define NumericVersion GetVersionNumbersString(ExeFile)

[Setup]
; Never change AppId: it is how a newer installer finds the installed program.
AppId={{6F0B2C1E-3A7D-4E59-8C2B-9D4A1F6E3B70}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Дневник школы
VersionInfoVersion={#NumericVersion}
VersionInfoProductVersion={#NumericVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany=Дневник школы
; Per user, no administrator, never elevated (no PrivilegesRequiredOverridesAllowed, so /ALLUSERS
; is ignored): {autopf} is then {userpf} = %LOCALAPPDATA%\Programs, {group} the user's Start
; menu, {autodesktop} the user's desktop.
PrivilegesRequired=lowest
DefaultDirName={autopf}\DnevnikShkoly
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 (build 17763) or newer.
MinVersion=10.0.17763
OutputDir=..\..\dist\installer
OutputBaseFilename=dnevnik-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\dnevnik.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An update replaces the bundle whole, so no library of the previous version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Удалить «{#AppName}»"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .dnevnik → the program, for this user only (HKCU, no administrator needed); Windows reads
; HKCU\Software\Classes before HKLM. A double-click runs `dnevnik.exe "<file>"`, which opens
; the import wizard with the file (app/cli/main/main.py: package_argument).
Root: HKCU; Subkey: "Software\Classes\.dnevnik"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.dnevnik\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Пакет «Дневника школы»"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; «Открыть с помощью»: the program offers itself for .dnevnik files only.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".dnevnik"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The database, backups
; and keys live in %LOCALAPPDATA%\DnevnikShkoly and stay; the user is told where.
[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('Программа «Дневник школы» удалена. Ваши данные (база, резервные копии, ключи) ' +
      'сохранены в папке ' + ExpandConstant('{localappdata}\DnevnikShkoly') +
      '. Если они больше не нужны, эту папку можно удалить вручную.', mbInformation, MB_OK);
end;
