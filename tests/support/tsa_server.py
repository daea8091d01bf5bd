"""An RFC 3161 timestamp authority over HTTP on loopback, signing with the development TSA's
key, and Concord configured to use it as an administrator would (CONCORD_TSA_URL)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from asn1crypto import tsp

from core.settings import get_settings
from minutes.seal.development_pki import ROOT_CERTIFICATE, TSA_CERTIFICATE
from minutes.seal.institution import institution, load_institution
from tests.support.http_origin import Origin, Route, http_origin

PATH = "/tsr"


def timestamp_route() -> Route:
    stamper = load_institution(replace(get_settings(), tsa_url="")).timestamper

    def route(handler: BaseHTTPRequestHandler) -> None:
        query = handler.rfile.read(int(handler.headers["Content-Length"]))
        # The handler runs in the server's own thread, which has no event loop of its own.
        answer = asyncio.run(stamper.async_request_tsa_response(tsp.TimeStampReq.load(query)))
        body = answer.dump()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/timestamp-reply")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


@contextmanager
def timestamp_authority() -> Iterator[Origin]:
    """The TSA, served; not yet configured."""
    with http_origin() as origin:
        origin.routes[PATH] = timestamp_route()
        yield origin


@contextmanager
def configured(**environment: str) -> Iterator[None]:
    """Settings (and the institution built from them) as ``environment`` sets them."""
    previous = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    get_settings.cache_clear()
    institution.cache_clear()
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        institution.cache_clear()


def tsa_chain_file(directory: Path) -> str:
    """The development TSA's certificate and its root, as CONCORD_TSA_CERTIFICATES names them."""
    pki = get_settings().pki_dir
    bundle = directory / "tsa-chain.pem"
    bundle.write_bytes((pki / TSA_CERTIFICATE).read_bytes() + (pki / ROOT_CERTIFICATE).read_bytes())
    return str(bundle)
