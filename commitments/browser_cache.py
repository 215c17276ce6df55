"""The browser of whoever changes public data forgets the public pages it holds.

Public pages say ``Cache-Control: public, max-age=60`` (views/caching.py), so a browser may show a page it
loaded within the last minute without asking again. For the public that is a minute's delay; for the
supervisor who just approved a report and goes back to the task's page it looks as if the approval did
nothing (issue 4: "approve it and see the public figures change"). A request that retired the public pages
(public_cache.invalidate ran on its commit) therefore answers with ``Clear-Site-Data: "cache"``, and that
browser drops its copies. Approvals and commitment edits are rare, so re-fetching the stylesheet once is
no cost. Browsers honour the header on HTTPS and on localhost.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from commitments import public_cache

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ClearBrowserCacheAfterPublicChange:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        # A bump by another thread of this process in the meantime also counts: one more cleared cache is
        # harmless, a missed one is the bug this prevents.
        before = public_cache.local_bumps
        response = self.get_response(request)
        if public_cache.local_bumps != before:
            response["Clear-Site-Data"] = '"cache"'
        return response
