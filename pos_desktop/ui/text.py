"""User-visible text shared by several screens, always through Qt's translator."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from pos_desktop.domain.customer import AddressPurpose, SyncState
from pos_desktop.domain.errors import DomainError


def tr(text: str, context: str = "POS") -> str:
    return QCoreApplication.translate(context, text)


def account_text(account_number: str | None) -> str:
    """The account number or "Pending sync"; the temporary GUID never shows."""
    return account_number if account_number else tr("Pending sync")


def domain_text(message: str) -> str:
    """Domain messages are English with stable keys; translations hook in here."""
    return QCoreApplication.translate("domain", message)


def error_text(error: BaseException) -> str:
    if isinstance(error, DomainError):
        return domain_text(error.message)
    return tr("Something went wrong: {error}").format(error=error)


def purpose_text(purpose: AddressPurpose | str | None) -> str:
    names = {
        AddressPurpose.HOME: tr("Home"),
        AddressPurpose.BUSINESS: tr("Business"),
        AddressPurpose.OFFICE: tr("Office"),
        AddressPurpose.POST_BOX: tr("Post box"),
    }
    try:
        return names[AddressPurpose(purpose)] if purpose else ""
    except ValueError:
        return str(purpose)


def state_text(state: SyncState) -> str:
    return {
        SyncState.PENDING: tr("Waiting for HQ"),
        SyncState.SYNCED: tr("Synced"),
        SyncState.REJECTED: tr("Rejected by HQ"),
    }[state]


def when_text(moment: datetime | str | None) -> str:
    """A local time for the status bar: HH:MM:SS today, else the date too."""
    if moment is None or moment == "":
        return tr("never")
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")
