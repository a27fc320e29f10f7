"""Server-rendered pages for every role (web.md), talking to the public API as the signed-in user."""
from banzu_gateway.web.site import install_web
from banzu_gateway.web import local_time  # noqa: F401  (template filters)
from banzu_gateway.web.views import account, certificates, contests, promotions, scores  # noqa: F401  (routes)
from banzu_gateway.web.views import accounts, credentials, imports, teams, workers  # noqa: F401  (routes)
from banzu_gateway.web.views import training  # noqa: F401  (routes)
from banzu_gateway.web.views import notifications  # noqa: F401  (routes, the header's unread count)
from banzu_gateway.web.views import assessments  # noqa: F401  (routes)
from banzu_gateway.web.views import audit  # noqa: F401  (routes)
from banzu_gateway.web.views import compliance  # noqa: F401  (routes)
from banzu_gateway.web.views import occupations  # noqa: F401  (routes)
from banzu_gateway.web.views import badges  # noqa: F401  (routes: badge files, /verify, the DID document)

__all__ = ["install_web"]
