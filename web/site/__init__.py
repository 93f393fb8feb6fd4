"""The static site: a planned day as plain files for any static host, with private route pages.

Many departments have no server, so ``planner build`` renders the very
templates and view models of the Flask app into a folder: the index, the
public dispatch board (initials and districts only), the role charts,
``plan.json``, the roster and one route page per technician. The personal
part of each route page is sealed with AES-GCM under a key that only the
technician's link carries (in its ``#k=`` fragment, never sent to a
server); ``web/static/js/unlock.js`` opens it in the browser.

Modules, one job each: ``layout`` (where files go, relative links),
``labels`` (the words only the static pages need), ``public`` (the day
without personal details), ``sealing`` (keys and AES-GCM), ``render``
(templates to HTML), ``routes`` (sealed route pages), ``scenarios`` (the
staffing scenario reports, when published), ``leaks`` (refuses
to publish personal data in the clear), ``build`` (every file of the
site) and ``publish`` (the atomic swap of the output folder).
"""

from web.site.build import Site, build_site
from web.site.leaks import LeakFound
from web.site.publish import SiteError, publish

__all__ = ["LeakFound", "Site", "SiteError", "build_site", "publish"]
