"""The register's language: terminal setting, else the OS locale, else English.

The choice is kept in the terminal's data dir (ui.ini, key ui/language, next to the window
geometry). Translations are the compiled pos_desktop/resources/translations/*.qm (built
from the .ts sources by `make`, see scripts/update_translations.py) plus Qt's own
qtbase translations for the standard buttons and dialogs.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

PACKAGE = "pos_desktop.resources"
SETTINGS_FILE = "ui.ini"
SETTING = "ui/language"
LANGUAGES = {  # code: the language's own name, as the picker shows it
    "en": "English",
    "it": "Italiano",
    "fr": "Français",
    "sv": "Svenska",
    "et": "Eesti",
}
_installed: list[QTranslator] = []


def _settings(data_dir: Path) -> QSettings:
    return QSettings(str(Path(data_dir) / SETTINGS_FILE), QSettings.Format.IniFormat)


def stored_language(data_dir: Path | None) -> str | None:
    if data_dir is None:
        return None
    value = _settings(data_dir).value(SETTING)
    return str(value) if value in LANGUAGES else None


def store_language(data_dir: Path, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    settings = _settings(data_dir)
    settings.setValue(SETTING, language)
    settings.sync()


def system_language() -> str:
    code = QLocale.system().name().split("_")[0]
    return code if code in LANGUAGES else "en"


def language_for(data_dir: Path | None) -> str:
    """The terminal's setting, else the OS locale when supported, else English."""
    return stored_language(data_dir) or system_language()


def translation_file(language: str) -> Path | None:
    """The compiled .qm for a language, or None (English: only its plural forms)."""
    path = resources.files(PACKAGE).joinpath("translations").joinpath(
        f"pos_desktop_{language}.qm")
    return Path(str(path)) if path.is_file() else None


def install(language: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for a language (replacing any installed before).

    Also sets the default QLocale, so dates, numbers and money follow the language.
    Returns the language actually in use ("en" when its .qm is missing).
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("i18n.install needs a QCoreApplication: create the app first")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = language if language in LANGUAGES else "en"
    if language == "en":
        _install_english(app)
    if language != "en":
        qm = translation_file(language)
        translator = QTranslator(app)
        if qm is None or not translator.load(str(qm)):
            language = "en"
        else:
            app.installTranslator(translator)
            _installed.append(translator)
            qt = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ours = resources.files(PACKAGE).joinpath("translations").joinpath(
                f"qt_{language}.qm")  # where Qt ships none (Estonian)
            if qt.load(QLocale(language), "qtbase", "_", folder) or (
                    ours.is_file() and qt.load(str(ours))):
                app.installTranslator(qt)
                _installed.append(qt)
    locale = QLocale(language) if language != "en" else QLocale.system()
    if language == "en" and locale.language() != QLocale.Language.English:  # C too
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    QLocale.setDefault(locale)
    return language


def _install_english(app: QCoreApplication) -> bool:
    """English is the source language: its .qm holds only the plural forms."""
    english = translation_file("en")
    translator = QTranslator(app)
    if english is None or not translator.load(str(english)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def ensure_installed() -> None:
    """A window opened with no language installed (embedded, tests) still writes English
    counts right ("1 customer"): English plural forms, the locale left as it is."""
    app = QCoreApplication.instance()
    if app is not None and not _installed:
        _install_english(app)


def current_language() -> str:
    code = QLocale().name().split("_")[0]
    return code if code in LANGUAGES else "en"
