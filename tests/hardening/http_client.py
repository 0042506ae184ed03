"""Just enough of a browser for tests against a running server: cookies, CSRF, status codes."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    def __init__(self, base_url):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.url

    def get(self, path):
        return self.request(path)[:2]

    def submit(self, path, fields, html=None):
        """POST a form: the CSRF token (and any hidden inputs such as version) from its page."""
        if html is None:
            _, html = self.get(path)
        data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        data.update(CSRF_FIELD(html))
        data.update(fields)
        return self.request(path, data)

    def sign_in(self, username, password):
        status, html, url = self.submit(
            "/accounts/login/", {"username": username, "password": password}
        )
        assert "/accounts/login/" not in url, f"{username} could not sign in"


def CSRF_FIELD(html):  # noqa: N802
    match = CSRF.search(html)
    return {"csrfmiddlewaretoken": match.group(1)} if match else {}
