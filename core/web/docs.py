"""The interactive API docs (Swagger UI, Scalar) with every script, style and icon served by
Concord itself: a CDN would leave them blank on an offline network and would learn who reads
them. `make install` puts the pinned, checksummed copies in ``ASSETS_DIRECTORY``."""

from __future__ import annotations

import logging
from pathlib import Path

from litestar.openapi.plugins import OpenAPIRenderPlugin, ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

ASSETS_DIRECTORY = Path(__file__).with_name("docs_assets")
#: Under the docs' own prefix, which is public already (``/schema`` needs no login).
ASSETS_PATH = "/schema/assets"

_FAVICON = f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/swagger-ui/favicon-32x32.png'>"
#: Scalar's defaults reach its own servers: web fonts, telemetry and the "Ask AI" agent.
_SCALAR_OFFLINE = {"withDefaultFonts": False, "telemetry": False, "agent": {"disabled": True}}


def docs_render_plugins() -> list[OpenAPIRenderPlugin]:
    """``/schema/scalar`` (the default at ``/schema``) and ``/schema/swagger``."""
    swagger = f"{ASSETS_PATH}/swagger-ui"
    scalar = f"{ASSETS_PATH}/scalar"
    return [
        ScalarRenderPlugin(
            js_url=f"{scalar}/standalone.js",
            css_url=f"{scalar}/standalone.css",
            favicon=_FAVICON,
            options=_SCALAR_OFFLINE,
        ),
        SwaggerRenderPlugin(
            js_url=f"{swagger}/swagger-ui-bundle.js",
            css_url=f"{swagger}/swagger-ui.css",
            standalone_preset_js_url=f"{swagger}/swagger-ui-standalone-preset.js",
            favicon=_FAVICON,
        ),
    ]


def docs_assets_router() -> Router:
    if not (ASSETS_DIRECTORY / ".fetched").exists():
        # The app still serves; only the interactive docs would be blank.
        logging.getLogger(__name__).warning("no API docs assets: run `make docs-assets`")
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[ASSETS_DIRECTORY],
        include_in_schema=False,
        name="docs_assets",
    )
