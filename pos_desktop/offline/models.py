"""SQLAlchemy models of the offline store. The schema itself comes from the migrations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    select,
    type_coerce,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship


class Base(DeclarativeBase):
    pass


_EPOCH = datetime(1970, 1, 1)


class Micros(TypeDecorator[datetime]):
    """A naive-UTC datetime kept as microseconds since 1970 (an 8-byte integer)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> int | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return (value - _EPOCH) // timedelta(microseconds=1)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # written before migration 0009
            return datetime.fromisoformat(value)
        return _EPOCH + timedelta(microseconds=int(value))


class CustomerRow(Base):
    __tablename__ = "customers"

    # Integer rowid: the search index refers to customers by it.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(36), unique=True)
    account_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Indexed where not synced only (ix_customers_state, migration 0008): the worklist.
    state: Mapped[str] = mapped_column(String(16))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    # HQ's reasons with their codes, as JSON ([{field, code, message, params}]).
    rejection_details: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_by: Mapped[str | None] = mapped_column(String(40))  # operator id; "": none
    created_by_name: Mapped[str] = mapped_column(String(120), default="")
    origin: Mapped[str] = mapped_column(String(8), default="local")  # local | hq
    customer_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(60), default="")
    first_name: Mapped[str] = mapped_column(String(60), default="")
    middle_name: Mapped[str] = mapped_column(String(60), default="")
    last_name: Mapped[str] = mapped_column(String(60), default="")
    organization_name: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    phone_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    customer_group: Mapped[str] = mapped_column(String(40), default="")
    currency: Mapped[str] = mapped_column(String(3), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    receipt_option: Mapped[str] = mapped_column(String(8), default="print")
    receipt_email: Mapped[str] = mapped_column(String(254), default="")
    affiliations: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The id of its `dimension_sets` row (a few distinct values: migration 0009); read
    # as the JSON value by `financial_dimensions` below.
    dimensions_id: Mapped[int | None] = mapped_column("financial_dimensions", Integer)
    if TYPE_CHECKING:
        financial_dimensions: dict[str, str]  # column_property, after DimensionSetRow
    version: Mapped[int] = mapped_column(Integer, default=0)
    store_id: Mapped[str] = mapped_column(String(40), default="")
    # Microseconds since 1970 UTC (migration 0009; `mapping.micros`).
    created_at: Mapped[datetime | None] = mapped_column(Micros)
    updated_at: Mapped[datetime | None] = mapped_column(Micros)

    addresses: Mapped[list[AddressRow]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="AddressRow.position"
    )
    contacts: Mapped[list[ContactRecord]] = relationship(
        cascade="all, delete-orphan", order_by="ContactRecord.id"
    )
    attributes: Mapped[list[AttributeRow]] = relationship(cascade="all, delete-orphan")
    loyalty_cards: Mapped[list[LoyaltyCardRow]] = relationship(cascade="all, delete-orphan")


class AddressRow(Base):
    __tablename__ = "addresses"

    address_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_pk: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    purpose: Mapped[str] = mapped_column(String(16))
    street: Mapped[str] = mapped_column(String(250), default="")
    city: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(60), default="")
    zip: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    sync_state: Mapped[str] = mapped_column(String(16), default="synced")

    customer: Mapped[CustomerRow] = relationship(back_populates="addresses")


class ContactRecord(Base):
    __tablename__ = "contacts"
    # WITHOUT ROWID, keyed by (customer_pk, id): a customer's contacts side by side, no
    # separate customer_pk index (migration 0009). `id` is the contact's place (0, 1, ...).

    customer_pk: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(254))
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class AttributeRow(Base):
    __tablename__ = "customer_attributes"
    # WITHOUT ROWID, keyed by (customer_pk, name): one b-tree (migration 0008).

    customer_pk: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class LoyaltyCardRow(Base):
    __tablename__ = "loyalty_cards"

    card_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_pk: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )


class DimensionSetRow(Base):
    """One distinct value of the customers' financial dimensions (JSON text)."""

    __tablename__ = "dimension_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(Text, unique=True)


CustomerRow.financial_dimensions = column_property(  # type: ignore[assignment]
    select(type_coerce(DimensionSetRow.value, JSON))
    .where(DimensionSetRow.id == CustomerRow.dimensions_id)
    .scalar_subquery()
)


class StoreConfigRow(Base):
    """The cached store configuration (one row)."""

    __tablename__ = "store_config"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(40))
    hq_url: Mapped[str] = mapped_column(Text, default="")
    terminal_id: Mapped[str] = mapped_column(String(40), default="")
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    fetched_at: Mapped[datetime]


class OutboxRow(Base):
    """An operation accepted here and not yet acknowledged by HQ.

    `entity_id` is the client-generated id (customer_id or address_id) that HQ uses as
    idempotency key, so re-sending an entry can never create a second record.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("kind", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # customer | address
    entity_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    uploaded_at: Mapped[datetime | None]


class SyncStateRow(Base):
    """Key/value sync bookkeeping: the change-feed cursor, last sync time."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SearchBacklogRow(Base):
    """Search terms waiting to go into the FTS index (first download, built in bulk)."""

    __tablename__ = "search_backlog"

    customer_pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    terms: Mapped[str] = mapped_column(Text)


class QuarantineRow(Base):
    """A change-feed record that could not be parsed or applied (kept, counted, shown)."""

    __tablename__ = "feed_quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), default="", index=True)  # "": unreadable
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)  # the record as HQ sent it (text, maybe cut)
    cursor: Mapped[str] = mapped_column(String(40), default="")  # the page it came in
    received_at: Mapped[datetime]
