"""Slack's Socket Mode, emulated: a real WebSocket server on 127.0.0.1 that pushes envelopes as Slack does.

`apps.connections.open` (in `slack.py`) hands out `ws://127.0.0.1:<port>/link/?ticket=...` URLs; each ticket
opens one connection, once. On connect the server says `hello`, then the test pushes envelopes
(`slash_commands`, `events_api`) and reads the app's acknowledgements, which are checked like Slack would
take them: JSON objects naming an envelope that was sent and not yet acknowledged, with a `payload` only
where the envelope accepts one. Pings from the app are answered by the WebSocket layer.

https://api.slack.com/apis/socket-mode
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request as WsRequest
from websockets.http11 import Response as WsResponse
from websockets.sync.server import Server, ServerConnection, serve

from ._server import LOCALHOST, Record
from ._slack_blocks import block_errors, parse_blocks

log = logging.getLogger("slack-emulator.socket-mode")


@dataclass
class SocketConnection(Record):
    number: int  # 1, 2, ... in the order the handshakes passed
    app_token: str
    ticket: str
    open: bool = True
    envelopes: list[str] = field(default_factory=list)  # ids of the envelopes pushed on this connection


@dataclass
class Envelope(Record):
    envelope_id: str
    type: str  # slash_commands or events_api
    payload: dict[str, Any]
    accepts_response_payload: bool
    connection: int  # SocketConnection.number
    acked: bool = False


class SocketModeServer:
    """The WebSocket half of Socket Mode. State lives behind one condition; nothing blocks while holding it."""

    def __init__(self, app_id: str):
        self.app_id = app_id
        self._cond = threading.Condition(threading.RLock())
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._tickets: dict[str, str] = {}  # unused ticket -> the app token that asked for it
        self._admitted: dict[ServerConnection, tuple[str, str]] = {}  # handshake passed -> (ticket, app token)
        self._numbers = 0
        self._live: dict[int, ServerConnection] = {}
        self._connections: list[SocketConnection] = []  # in the order they got their hello
        self._envelopes: dict[str, Envelope] = {}
        self._acks: list[dict[str, Any]] = []
        self._problems: list[str] = []

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        with self._cond:
            if self._server is not None:
                return
            # No compression: slack_sdk's builtin client offers none, so it would not be negotiated anyway.
            self._server = serve(self._serve_connection, LOCALHOST, 0, process_request=self._check_ticket,
                                 compression=None, logger=log)
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                            name=f"slack-socket-mode-{self.port}")
            self._thread.start()

    def stop(self) -> None:
        with self._cond:
            server, self._server = self._server, None
            thread, self._thread = self._thread, None
        if server is None:
            return
        server.shutdown()  # closes every open connection with 1001 (going away)
        if thread is not None:
            thread.join(timeout=5)

    @property
    def port(self) -> int:
        with self._cond:
            if self._server is None:
                raise RuntimeError("the Socket Mode server is not started")
            return int(self._server.socket.getsockname()[1])

    # -- apps.connections.open ---------------------------------------------------------------------

    def new_url(self, app_token: str) -> str:
        """A single-use WebSocket URL for `app_token`, as `apps.connections.open` returns it."""
        self.start()
        ticket = str(uuid.uuid4())
        with self._cond:
            self._tickets[ticket] = app_token
        return f"ws://{LOCALHOST}:{self.port}/link/?ticket={ticket}&app_id={secrets.token_hex(32)}"

    # -- pushing envelopes -------------------------------------------------------------------------

    def push(self, type_: str, payload: dict[str, Any], *, accepts_response_payload: bool,
             **extra: Any) -> str:
        """Send an envelope on the newest open connection; its envelope_id."""
        envelope_id = str(uuid.uuid4())
        with self._cond:
            number, connection = self._newest_open()
            self._envelopes[envelope_id] = Envelope(envelope_id, type_, payload, accepts_response_payload, number)
            self._connection(number).envelopes.append(envelope_id)
        message = {"envelope_id": envelope_id, "payload": payload, "type": type_,
                   "accepts_response_payload": accepts_response_payload, **extra}
        connection.send(json.dumps(message))
        return envelope_id

    def send_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the newest open connection to reconnect, as Slack does before it recycles a connection."""
        with self._cond:
            _, connection = self._newest_open()
        connection.send(json.dumps({"type": "disconnect", "reason": reason,
                                    "debug_info": {"host": "applink-emulator"}}))

    def _newest_open(self) -> tuple[int, ServerConnection]:
        if not self._live:
            raise RuntimeError("no Socket Mode connection is open: nothing would receive the envelope")
        number = max(self._live)
        return number, self._live[number]

    def _connection(self, number: int) -> SocketConnection:
        return next(c for c in self._connections if c.number == number)

    # -- inspection --------------------------------------------------------------------------------

    @property
    def connections(self) -> list[SocketConnection]:
        with self._cond:
            return [SocketConnection(**c.to_dict()) for c in self._connections]

    @property
    def envelopes(self) -> list[Envelope]:
        with self._cond:
            return [Envelope(**e.to_dict()) for e in self._envelopes.values()]

    @property
    def acks(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._acks)

    @property
    def problems(self) -> list[str]:
        """What the app sent that Slack would not take (bad JSON, unknown or repeated envelope ids, ...)."""
        with self._cond:
            return list(self._problems)

    def wait_for_connection(self, count: int = 1, timeout: float = 10.0) -> SocketConnection:
        """The `count`-th connection, once it is open and has had its `hello`."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._connections) >= count, timeout):
                raise AssertionError(f"timed out waiting for Socket Mode connection #{count}")
            return SocketConnection(**self._connections[count - 1].to_dict())

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        with self._cond:
            ack = self._cond.wait_for(lambda: self._ack_of(envelope_id), timeout)
        if not ack:
            raise AssertionError(f"timed out waiting for the ack of envelope {envelope_id}")
        return ack

    def _ack_of(self, envelope_id: str) -> dict[str, Any] | None:
        return next((a for a in self._acks if a.get("envelope_id") == envelope_id), None)

    # -- the WebSocket server ----------------------------------------------------------------------

    def _check_ticket(self, connection: ServerConnection, request: WsRequest) -> WsResponse | None:
        url = urlsplit(request.path)
        ticket = (parse_qs(url.query).get("ticket") or [""])[0]
        with self._cond:
            app_token = self._tickets.pop(ticket, None) if url.path == "/link/" else None
            if app_token is None:
                self._problems.append(f"handshake refused: {request.path!r} carries no unused ticket")
                return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid ticket\n")
            self._admitted[connection] = (ticket, app_token)
        return None

    def _serve_connection(self, connection: ServerConnection) -> None:
        with self._cond:
            ticket, app_token = self._admitted.pop(connection)
            self._numbers += 1
            number = self._numbers
        hello = {"type": "hello", "num_connections": 1,
                 "debug_info": {"host": "applink-emulator", "build_number": 1,
                                "approximate_connection_time": 18060},
                 "connection_info": {"app_id": self.app_id}}
        try:
            connection.send(json.dumps(hello))
            with self._cond:  # counted as connected only once hello went out: envelopes never overtake it
                self._live[number] = connection
                self._connections.append(SocketConnection(number, app_token, ticket))
                self._cond.notify_all()
            for message in connection:
                self._receive(number, message)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                if self._live.pop(number, None) is not None:
                    self._connection(number).open = False
                self._cond.notify_all()

    def _receive(self, number: int, message: str | bytes) -> None:
        with self._cond:
            try:
                self._take_ack(number, message)
            finally:
                self._cond.notify_all()

    def _take_ack(self, number: int, message: str | bytes) -> None:
        if isinstance(message, bytes):
            self._problems.append(f"connection #{number}: binary frame; Slack reads text frames of JSON")
            return
        try:
            ack = json.loads(message)
        except ValueError:
            self._problems.append(f"connection #{number}: not JSON: {message[:200]!r}")
            return
        if not isinstance(ack, dict) or not isinstance(ack.get("envelope_id"), str):
            self._problems.append(f"connection #{number}: not an ack (no envelope_id): {message[:200]!r}")
            return
        self._acks.append(ack)
        envelope = self._envelopes.get(ack["envelope_id"])
        if envelope is None:
            self._problems.append(f"connection #{number}: ack for unknown envelope {ack['envelope_id']}")
            return
        if envelope.acked:
            self._problems.append(f"connection #{number}: envelope {envelope.envelope_id} acknowledged twice")
            return
        envelope.acked = True
        payload = ack.get("payload")
        if payload is None:
            return
        if not envelope.accepts_response_payload:
            self._problems.append(f"envelope {envelope.envelope_id} ({envelope.type}) takes no response payload")
        elif not isinstance(payload, dict):
            self._problems.append(f"envelope {envelope.envelope_id}: payload is not an object")
        else:
            blocks, problem = parse_blocks(payload.get("blocks"))
            errors = [problem] if problem else block_errors(blocks) if blocks else []
            if errors:
                self._problems.append(f"envelope {envelope.envelope_id}: invalid_blocks {errors}")
