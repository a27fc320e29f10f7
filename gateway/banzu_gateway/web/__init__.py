"""Server-rendered pages for workers, HR, organizers and the public (api.md, "Web pages")."""
from banzu_gateway.web.site import PAGE_PREFIXES, install_web
from banzu_gateway.web.views import account, certificates, contests, promotions, scores  # noqa: F401  (routes)

__all__ = ["PAGE_PREFIXES", "install_web"]
