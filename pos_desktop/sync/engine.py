"""One sync cycle: configuration, upload of the outbox, pull of the change feed.

Exactly once, whatever fails: every outbox entry is keyed by the client-generated id HQ
uses for idempotency, an entry stays in the outbox until HQ has answered for it, and a
feed page is applied together with its cursor in one transaction. Re-running any step
after a crash or a lost response therefore repeats nothing HQ or the terminal keeps.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import orjson

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import RejectionReason, SyncState, reasons_from_json
from pos_desktop.offline.store import CheckedPage, OfflineStore, utcnow
from pos_desktop.services.ports import DeviceNotAuthorized, HQRejected
from pos_desktop.sync.client import HQClient
from pos_desktop.sync.feed_process import FeedProcess, FeedProcessFailed
from pos_desktop.sync.handoff import Handoff

log = logging.getLogger(__name__)

UPLOAD_BATCH = 500
# HQ refuses bodies over 1 MiB (413): a batch stays well below, measured as sent (orjson).
UPLOAD_BYTES = 768 * 1024
TOO_LARGE = ("This record is too large for HQ to accept (over 1 MiB as sent): "
             "shorten it (fewer or shorter addresses, attributes) and resubmit.")
FEED_PAGE = 1000  # HQ serves at most 1000 per page
BULK_GROUP = 5  # pages per transaction during a first download
# During a bulk download each group's customers are indexed for search right after it
# (a writer step of its own, at most this many: a save waits for one step at most).
SEARCH_STEP = 20_000
STATUS_POLLS_PER_CYCLE = 25
CURSOR_KEY = "feed_cursor"
CONFIG_ETAG_KEY = "store_config_etag"  # HQ's ETag of the cached store configuration
REFUSED = (400, 403, 404, 409, 413, 422)  # HQ's "no" to a record, not a passing state


def _filtered(config: dict[str, Any]) -> bool:
    return bool(
        (config.get("channel_db_group") or {}).get("filter_shared_customer_data_tables")
    )


@dataclass
class SyncReport:
    uploaded: int = 0
    rejected: list[str] = field(default_factory=list)
    pulled: int = 0
    synced: list[str] = field(default_factory=list)  # our pending customers now numbered
    config_changed: bool = False
    awaiting: int = 0  # uploaded, not yet numbered by HQ's job
    after_failure: bool = False  # the cycle before failed, after committing part of its work
    quarantined: int = 0  # feed records that could not be applied (kept in the quarantine)
    changed: list[str] = field(default_factory=list)  # customers the pulled feed touched
    upload_refused: str = ""  # HQ refused an upload this cycle (HTTP status, code, message)

    @property
    def changed_anything(self) -> bool:
        return bool(self.uploaded or self.rejected or self.pulled or self.config_changed
                    or self.synced or self.after_failure or self.quarantined)


Entry = tuple[int, str, dict[str, Any]]  # outbox id, entity id, payload
Send = Callable[[list[dict[str, Any]]], dict[str, Any]]
_ENVELOPE = len(b'{"customers":[]}')


def _by_size(batch: list[Entry], limit: int) -> Iterator[list[Entry]]:
    """The batch in consecutive parts whose request body (orjson, as the client encodes
    it) stays within `limit` bytes; a record larger on its own goes alone."""
    part: list[Entry] = []
    size = _ENVELOPE
    for entry in batch:
        length = len(orjson.dumps(entry[2])) + 1  # the comma
        if part and size + length > limit:
            yield part
            part, size = [], _ENVELOPE
        part.append(entry)
        size += length
    if part:
        yield part


def refusal_text(exc: HQRejected) -> str:
    """What HQ said, for the user: status, code and message (HQ's messages name fields
    and limits, not the values of a record), on one short line."""
    message = " ".join(str(exc.message).split())[:200]
    return f"HTTP {exc.status} {exc.code}" + (f": {message}" if message else "")


def _reasons_of(exc: HQRejected, role: str) -> tuple[RejectionReason, ...]:
    """HQ's coded reasons in a refusal of an edit: ``error.fields`` of a 422; for a 403
    ``permission_denied`` the permission the operator's `role` lacked (the register says
    it in its own words)."""
    body = exc.body if isinstance(exc.body, dict) else {}
    found = body.get("error")
    error: dict[str, Any] = found if isinstance(found, dict) else {}
    if exc.code == "permission_denied" and error.get("permission"):
        return (RejectionReason("", exc.code, exc.message,
                                {"permission": str(error["permission"]), "role": role}),)
    return reasons_from_json(error.get("fields"))


Page = tuple[list[Any], list[tuple[str, str]], str | None]  # changes, unreadable, cursor


def read_page(client: HQClient, cursor: str | None, limit: int) -> tuple[Page, bool]:
    """One feed page after `cursor`, and whether HQ has more after it."""
    page = client.changes(cursor, limit=limit)
    changes = page.get("changes")
    changes = list(changes) if isinstance(changes, list) else []
    bad = list(page.get("unreadable") or [])
    found = page.get("next")
    next_cursor = str(found) if found is not None else cursor
    return (changes, bad, next_cursor), bool(page.get("has_more") and (changes or bad))


class FeedReader:
    """Reads the change feed ahead on its own thread, page after page (each page's
    `next` is the following request's cursor), keeping up to `depth` pages ready, so
    HQ serves and the terminal reads while the pages before are applied. Iterating
    gives the pages in order and raises what stopped the reading (HQ unreachable...).
    Leaving the `with` stops it without waiting for a request under way."""

    def __init__(
        self, client: HQClient, cursor: str | None, *, depth: int, page: int = FEED_PAGE
    ) -> None:
        self._client = client
        self._page = page
        self._handoff: Handoff[Page] = Handoff(depth)
        self._thread = threading.Thread(target=self._handoff.run,
                                        args=(partial(self._pages, cursor),),
                                        name="feed-fetch", daemon=True)  # fmt: skip

    def __enter__(self) -> FeedReader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._handoff.stop()

    def _pages(self, cursor: str | None) -> Iterator[Page]:
        while not self._handoff.stopped:
            page, more = read_page(self._client, cursor, self._page)
            yield page
            if not more:
                return
            cursor = page[2]

    def __iter__(self) -> Iterator[Page]:
        return iter(self._handoff)


FREE_SLICE = 250  # records freed at a time (a few ms with the GIL at most)


def _release(checked: CheckedPage) -> None:
    """Free an applied group's records and rows a slice at a time: dropped at once,
    several hundred thousand objects were freed in one go with the GIL held."""
    parts: list[list[Any]] = [checked.good]
    if checked.prepared is not None:
        rows = checked.prepared.rows
        parts += [rows.customers, rows.addresses, rows.contacts, rows.attributes,
                  rows.cards, rows.terms, checked.prepared.ids]  # fmt: skip
    for part in parts:
        while part:
            del part[-FREE_SLICE:]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the feed is read. The pages in flight are
    hundreds of thousands of young containers (records, rows), all freed by reference
    counting, never in cycles: every collection walked them all with the GIL held,
    the longest stalls of the register's event loop (0.1-0.5 s each during a first
    download). Collections resume after the pull, when those objects are gone."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def grouped(pages: Iterable[Page], group: int) -> Iterator[Page]:
    """Consecutive pages joined `group` at a time (with the last one's cursor)."""
    changes: list[Any] = []
    unreadable: list[tuple[str, str]] = []
    count = 0
    for page_changes, page_unreadable, cursor in pages:
        changes.extend(page_changes)
        unreadable.extend(page_unreadable)
        count += 1
        if count == group:
            yield changes, unreadable, cursor
            changes, unreadable, count = [], [], 0
    if count:
        yield changes, unreadable, cursor


class SyncEngine:
    # A first download's pages past the first are read in a process of their own.
    feed_process = True

    def __init__(self, store: OfflineStore, client: HQClient) -> None:
        self.store = store
        self.client = client
        # Real-time creates begun before this start and never settled are replayed;
        # later ones are still in the hands of the create that began them.
        self.started = utcnow()

    def run_once(self) -> SyncReport:
        """One full cycle. Communication failures propagate as HQUnreachable."""
        report = SyncReport()
        filtered = self.refresh_config(report)
        self.settle_intents(report, filtered=filtered)
        self.upload(report)
        if filtered:
            self.poll_status(report, limit=None)
        else:
            self.pull(report)
            self.store.overlay_queued_edits(report.changed)  # our queued changes still show
            self.poll_status(report, limit=STATUS_POLLS_PER_CYCLE)
        report.awaiting = self.store.awaiting_numbers()
        self.store.set_state("last_sync", datetime.now(UTC).isoformat(timespec="seconds"))
        self.store.synced()
        return report

    # -- configuration ---------------------------------------------------------------

    def refresh_config(self, report: SyncReport) -> bool:
        """Fetch the store configuration if it changed (an ETag check: HQ answers 304
        without a body while the cached one is current); returns the 'filter shared
        data' flag. Cheap enough to run before every creation-mode decision."""
        row = self.store.load_store_config()
        etag = self.store.get_state(CONFIG_ETAG_KEY) if row is not None else None
        fetched, new_etag = self.client.store_if_changed(etag)
        if fetched is None and row is not None:
            return _filtered(row.config)
        config = fetched if fetched is not None else self.client.store()
        filtered = _filtered(config)
        if row is None or row.config != config:
            was_filtered = row is not None and _filtered(row.config)
            self.store.save_store_config(
                config,
                hq_url=row.hq_url if row else self.client.base_url,
                terminal_id=row.terminal_id if row else "",
            )
            report.config_changed = True
            if filtered and not was_filtered:
                purged = self.store.purge_synced_customers(cursor_key=CURSOR_KEY)
                log.info("Shared customer data filtered: purged %d synced customers", purged)
        if new_etag and new_etag != etag:
            self.store.set_state(CONFIG_ETAG_KEY, new_etag)
        return filtered

    # -- real-time creates the register stopped in the middle of ----------------------

    def settle_intents(self, report: SyncReport, *, filtered: bool) -> None:
        """Replay each unsettled real-time create with its own id as Idempotency-Key:
        HQ answers with the customer it made then (or makes it now), so it is numbered
        once. HQ refusing it rejects it here with the reason (correct and resubmit)."""
        for customer_id, payload in self.store.intents(before=self.started):
            operator_id = payload.pop("operator_id", None)  # who created it: HQ checks again
            operator = (operator_id, "") if isinstance(operator_id, str) and operator_id else None
            try:
                stored = self.client.create_customer(payload, idempotency_key=customer_id,
                                                     operator=operator)
            except DeviceNotAuthorized:
                raise
            except HQRejected as exc:
                if exc.status not in REFUSED:  # busy, rate-limited: next cycle
                    log.warning("sync: replay of a real-time create: HTTP %s", exc.status)
                    continue
                log.warning("sync: HQ refused a replayed real-time create: HTTP %s %s",
                            exc.status, exc.code)
                self.store.reject_intent(customer_id, refusal_text(exc))
                report.rejected.append(customer_id)
                continue
            synced = customer_from_json(stored)
            synced.state = SyncState.SYNCED
            self.store.resolve_intent(customer_id, None if filtered else synced)
            report.synced.append(customer_id)
            log.info("sync: settled a real-time create the register had not finished")

    # -- upload ----------------------------------------------------------------------

    def upload(self, report: SyncReport) -> None:
        """Both uploads. HQ refusing one (a 4xx other than the device token's) stops the
        uploads of this cycle only: the pull and the status polling still run, and the
        report says why (`upload_refused`). Unreachable still ends the cycle."""
        try:
            self.upload_customers(report)
            self.upload_addresses(report)  # after the customers they belong to
            self.upload_edits(report)  # after the customers' own uploads
        except DeviceNotAuthorized:
            raise
        except HQRejected as exc:
            report.upload_refused = refusal_text(exc)
            # HQ's message may echo a record: status and code only in the log.
            log.warning("sync: HQ refused an upload: HTTP %s %s", exc.status, exc.code)

    def upload_customers(self, report: SyncReport) -> None:
        self._upload("customer", self.client.upload_customers, "customer_id", report)

    def upload_addresses(self, report: SyncReport) -> None:
        self._upload("address", self.client.upload_addresses, "address_id", report)

    def _upload(self, kind: str, send: Send, id_field: str, report: SyncReport) -> None:
        while True:
            unreadable: list[str] = []
            # Customers are claimed first: an edit from then on no longer rewrites them.
            claimed = self.store.claim_uploads(kind, UPLOAD_BATCH) if kind == "customer" else None
            batch = self.store.pending_uploads(kind, UPLOAD_BATCH, unreadable)
            if claimed is not None:
                batch = [entry for entry in batch if entry[0] in claimed]
            report.rejected.extend(unreadable)  # rejected here, with the reason
            if not batch and not unreadable:
                return
            for part in _by_size(batch, UPLOAD_BYTES):
                self._send(part, send, id_field, report)
            if len(batch) + len(unreadable) < UPLOAD_BATCH:
                return

    def _send(self, batch: list[Entry], send: Send, id_field: str, report: SyncReport) -> None:
        """Upload one batch; a body HQ finds too large (413) is sent again in halves,
        down to one record, and a record too large on its own is rejected here."""
        try:
            answer = send([payload for _, _, payload in batch])
        except HQRejected as exc:
            if exc.status != 413 or isinstance(exc, DeviceNotAuthorized):
                raise
            if len(batch) == 1:
                log.warning("sync: one %s is too large for HQ (HTTP 413): rejected here",
                            id_field.removesuffix("_id"))
                report.rejected.extend(self.store.reject_locally([(batch[0][0], TOO_LARGE)]))
                return
            half = len(batch) // 2
            self._send(batch[:half], send, id_field, report)
            self._send(batch[half:], send, id_field, report)
            return
        self._record_answer(batch, answer, report, id_field=id_field)

    def _record_answer(
        self,
        batch: list[Entry],
        answer: dict[str, Any],
        report: SyncReport,
        *,
        id_field: str = "customer_id",
    ) -> None:
        """HQ answered for these entries: accepted ones wait for their number, rejected
        ones carry HQ's reason; any it did not mention are sent again next time."""
        accepted = {str(x) for x in answer.get("accepted") or []}
        rejected = {
            str(r.get(id_field) or r.get("customer_id")):
                (str(r.get("error") or "rejected"), reasons_from_json(r.get("reasons")))
            for r in answer.get("rejected") or []
            if isinstance(r, dict)
        }  # fmt: skip
        done = [outbox_id for outbox_id, entity_id, _ in batch if entity_id in accepted]
        refused = [(outbox_id, *rejected[entity_id]) for outbox_id, entity_id, _ in batch
                   if entity_id in rejected]  # fmt: skip
        report.rejected.extend(self.store.record_uploads(done, refused))
        report.uploaded += len(done)

    def upload_edits(self, report: SyncReport) -> None:
        """Queued field-level edits, oldest first, one request each (keyed by its edit id:
        a replay answers the same outcome). A customer whose edit must wait (still only
        staged at HQ, HQ busy) keeps its later edits waiting too, in order."""
        waiting: set[str] = set()
        for outbox_id, payload in self.store.pending_edits():
            customer_id = str(payload.get("customer_id"))
            if customer_id in waiting:
                continue
            try:
                outcome = self.client.send_edit(customer_id, payload)
            except DeviceNotAuthorized:
                raise
            except HQRejected as exc:
                waiting.add(customer_id)
                if exc.code == "pending_sync" or exc.status not in REFUSED:
                    continue
                log.warning("sync: HQ refused an edit: HTTP %s %s", exc.status, exc.code)
                self.store.reject_edit(outbox_id, refusal_text(exc), _reasons_of(
                    exc, str(payload.get("operator_role") or "")))
                report.rejected.append(customer_id)
                self._restore_hq_copy(customer_id)
                continue
            hq_copy = customer_from_json(outcome["customer"])
            hq_copy.state = SyncState.SYNCED
            self.store.record_edit(outbox_id, outcome, hq_copy)
            report.uploaded += 1
            report.changed.append(customer_id)

    def _restore_hq_copy(self, customer_id: str) -> None:
        """A refused edit no longer shows: HQ's copy, with what is still queued over it."""
        try:
            hq_copy = customer_from_json(self.client.get_customer(customer_id))
        except HQRejected:
            return
        hq_copy.state = SyncState.SYNCED
        self.store.upsert_customer(hq_copy)
        self.store.overlay_queued_edits([customer_id])

    # -- pull ------------------------------------------------------------------------

    def pull(self, report: SyncReport) -> None:
        """Follow the change feed to its end.

        Pages are fetched ahead on their own thread, and each group of pages is checked
        and made into rows here while the writer stores the group before (SQLite lets
        the GIL go while it works). Only applied changes move the stored cursor (same
        transaction), and groups are applied in feed order, so a crash or a failed fetch
        repeats at most what was not applied, and applying a change twice changes
        nothing. A first (or interrupted first) download applies several pages per
        transaction and indexes its customers for search in bulk at the end.
        """
        cursor = self.store.get_state(CURSOR_KEY)
        # A first download (or one interrupted) loads rows without their unique indexes
        # and builds them once at the end; its customers are indexed for search after.
        first = cursor is None or self.store.bulk_since is not None
        if first:
            self.store.begin_bulk_load()
        bulk = first or self.store.search_backlog_size() > 0
        group = BULK_GROUP if bulk else 1
        with (
            _collector_paused(),
            closing(self._groups(cursor, group, bulk)) as groups,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-apply") as applier,
        ):
            applying: Future[None] | None = None
            for checked, next_cursor in groups:
                if applying is not None:
                    applying.result()  # in feed order; raises what stopped the group
                applying = applier.submit(self._apply, checked, next_cursor, bulk, report)
            if applying is not None:
                applying.result()
        if first:
            started = time.monotonic()
            merged = self.store.finish_bulk_load()
            log.info("first download: unique indexes built in %.1f s (%d duplicates merged)",
                     time.monotonic() - started, merged)  # fmt: skip
        if bulk:
            started = time.monotonic()
            built = self.store.build_search_backlog()
            log.info(
                "first download: indexed %d customers for search in %.1f s",
                built,
                time.monotonic() - started,
            )

    def _groups(
        self, cursor: str | None, group: int, bulk: bool
    ) -> Generator[tuple[CheckedPage, str | None]]:
        """The feed after `cursor`, `group` pages at a time, checked and made into rows.

        A bulk download past its first page is read in a process of its own
        (`FeedProcess`: its Python work leaves the register's interpreter, and its GUI
        thread, alone); a few pages are read here, ahead on a thread (`FeedReader`).
        """
        if not (bulk and self.feed_process and isinstance(self.client, HQClient)):
            yield from self._groups_here(cursor, group)
            return
        # A feed of one page needs no process (~0.5 s to start); a longer one is read
        # again from its start by the child, in the same groups as here.
        (changes, unreadable, next_cursor), more = read_page(self.client, cursor, FEED_PAGE)
        if not more:
            yield self.store.check_feed_page(changes, unreadable), next_cursor
            return
        del changes, unreadable
        with ExitStack() as stack:
            try:
                process = stack.enter_context(
                    FeedProcess(self.client, cursor, page=FEED_PAGE, group=group))
            except OSError as exc:  # no process to be had (memory, a sandbox): read here
                log.warning("the feed's process did not start (%s): read in this one", exc)
                yield from self._groups_here(cursor, group)
                return
            groups = iter(process)
            try:
                first = next(groups, None)
            except FeedProcessFailed as exc:
                # It ended before sending anything (an interpreter or a bundle that cannot
                # run it, a sandbox): nothing is applied yet, so read here from `cursor`.
                stack.close()
                log.warning("%s: read in this one", exc)
                yield from self._groups_here(cursor, group)
                return
            if first is not None:
                yield first
                yield from groups

    def _groups_here(
        self, cursor: str | None, group: int
    ) -> Generator[tuple[CheckedPage, str | None]]:
        with FeedReader(self.client, cursor, depth=group + 1, page=FEED_PAGE) as pages:
            for changes, unreadable, next_cursor in grouped(pages, group):
                yield self.store.check_feed_page(changes, unreadable), next_cursor

    def _apply(
        self, checked: CheckedPage, cursor: str | None, bulk: bool, report: SyncReport
    ) -> None:
        numbered = self.store.apply_feed_page(
            [], cursor_key=CURSOR_KEY, cursor=cursor, defer_index=bulk, checked=checked
        )
        if bulk:  # indexed as it comes: FTS5 works while this thread reads the next group
            self.store.build_search_backlog_step(SEARCH_STEP)
        report.quarantined += self.store.last_quarantined
        report.pulled += checked.received - self.store.last_quarantined
        report.synced.extend(numbered)
        report.changed.extend(checked.changed)
        _release(checked)


    def poll_status(self, report: SyncReport, *, limit: int | None) -> None:
        """Ask HQ about uploaded customers still without a number (rejections at the job)."""
        for customer_id in self.store.awaiting_number_ids(limit):
            try:
                status = self.client.async_status(customer_id)
            except HQRejected as exc:
                log.warning("status of an uploaded customer: HTTP %s", exc.status)
                continue
            state = status.get("state")
            if state == "rejected":
                self.store.reject_upload(customer_id, str(status.get("error") or "rejected"),
                                         reasons_from_json(status.get("reasons")))
                report.rejected.append(customer_id)
            elif state == "converted" and status.get("account_number"):
                number = str(status["account_number"])
                self.store.assign_account_number(customer_id, number)
                report.synced.append(customer_id)
