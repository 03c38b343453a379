"""The static files as production serves them, and the demo too (``STATIC_MANIFEST``, see settings).

``collectstatic`` writes every file under a name holding a hash of its content
(``echarts.common.min.ad685be345d5.js``) beside a manifest of those names, with compressed copies;
the pages ask for the hashed names, and WhiteNoise serves a hashed name with a ten years' max-age
and ``immutable``: a second page load fetches no script or style again, and a new version of a file
is a new name. Development (``DEBUG``, no ``collectstatic``) and the tests keep the plain names,
read from the sources.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, handing out the hashed name with ``DEBUG`` on too
    (the demo runs with it; Django's storage gives the plain name there, which WhiteNoise would serve
    with no lasting cache)."""

    def url(self, name, force=False):
        return super().url(name, force=True)
