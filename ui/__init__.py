"""The pages people use: server-rendered over the same services as the API.

A new page: a controller module (``ui/<area>.py``) whose handlers call the package services
with ``viewer_of(request)`` exactly as the api.py controllers do, and return
``await render(request, "<area>.html", context)``; the template extends ``base.html`` and takes
its labels from ``t`` (both catalogs in ``ui/catalogs/``), times from ``when``/``day``; every
form holds ``{{ csrf_input | safe }}`` and its body Struct extends ``ui.forms.PageForm``. Add
the controller to ``ui.routes.PAGE_CONTROLLERS``: the router gives it the session (a login is
needed unless the handler has ``opt=PUBLIC_PAGE``), CSRF and the HTML error pages.
"""
