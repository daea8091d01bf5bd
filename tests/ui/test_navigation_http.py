"""Every page is reachable from the nav or the dashboard, and the nav marks where one is."""

from __future__ import annotations

import re
from typing import Any

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD
from tests.ui.world import coordinator_account, log_in_over_http
from ui.i18n import labels

ZH = labels("zh-CN")
_CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')


def _nav_links(html: str) -> list[str]:
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav)


async def test_the_coordinators_nav_reaches_every_area_and_marks_the_current_page(
    client: Any,
) -> None:
    await coordinator_account()
    await log_in_over_http(client)
    pages = {
        "/ui/": ZH["dashboard_title"],
        "/ui/sessions/new": ZH["psess_new_title"],
        "/ui/action-items": ZH["actions_title"],
        "/ui/archive": ZH["archive_title"],
    }
    for path, title in pages.items():
        page = await client.get(path)
        assert page.status_code == 200, path
        assert _nav_links(page.text) == list(pages)
        assert _CURRENT.findall(page.text) == [path]
        assert f"<title>{title} · {ZH['app_name']}</title>" in page.text
    dashboard = await client.get("/ui/")
    assert 'href="/ui/sessions/new"' in dashboard.text.split("</nav>", 1)[1]


async def test_the_nav_offers_only_what_the_role_may_use(client: Any) -> None:
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    await log_in_over_http(client, "archivist@test.example")
    dashboard = await client.get("/ui/")
    assert _nav_links(dashboard.text) == ["/ui/", "/ui/action-items", "/ui/archive"]
    assert "/ui/sessions/new" not in dashboard.text
    assert (await client.get("/ui/sessions/new")).status_code == 403
