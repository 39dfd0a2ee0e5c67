"""Reading a page the way a browser would, to find anything that could run: script
elements, event-handler attributes, `javascript:`/`data:` URLs, frames, inline styles."""

import json
from html.parser import HTMLParser

#: Elements that run, embed or restyle content; none may come from the register's text.
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
#: Attributes that hold a URL a browser may navigate to or load.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "cite", "srcset", "ping", "lowsrc", "dynsrc", "manifest", "codebase",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


def _scheme_of(url: str) -> str:
    """The URL as a browser's URL parser reads it (WHATWG): leading and trailing C0
    controls and spaces stripped, every tab and newline removed, scheme case-folded."""
    url = url.strip("".join(map(chr, range(0x21))))
    return "".join(ch for ch in url if ch not in "\t\n\r").lower()


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag == "script":
            self._script = (dict(attrs), [])

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def _check(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name in {"style", "srcdoc"}:
                self.problems.append(f"<{tag} {name}=…> inline {name}")
            elif (
                name in URL_ATTRIBUTES and value and _scheme_of(value).startswith(DANGEROUS_SCHEMES)
            ):
                self.problems.append(f"<{tag} {name}={value!r}> dangerous URL")


def inspect_html(html: str, *, nonce: str | None = None):
    """Problems found in a page, and its JSON-LD documents (parsed). Our own scripts are
    allowed: JSON-LD that carries the page's CSP nonce and parses as JSON, and
    external scripts from /static/."""
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    problems = list(inspector.problems)
    documents = []
    for attrs, body in inspector.scripts:
        if attrs.get("type") == "application/ld+json":
            if nonce is not None and attrs.get("nonce") != nonce:
                problems.append("JSON-LD without the page's nonce")
            try:
                documents.append(json.loads(body))
            except ValueError:
                problems.append(f"JSON-LD that is not JSON: {body[:80]!r}")
        elif attrs.get("src", "").startswith("/static/") and not body.strip():
            continue
        else:
            problems.append(f"<script {attrs}>{body[:80]}")
    return problems, documents


def csp_nonce(response) -> str | None:
    for source in response["Content-Security-Policy"].replace(";", " ").split():
        if source.startswith("'nonce-"):
            return source.removeprefix("'nonce-").removesuffix("'")
    return None
