"""Extract the Three.js program from a model reply (the rule of the scaffold contract).

The last fenced block that defines ``buildObject``, else the largest fenced block, else the
whole reply if it defines ``buildObject``; otherwise there is no code. CRLF line ends and
``~~~`` fences are handled, a fence left open at the end of the reply closes there.

The chosen text is then made runnable (`runnable_program`): a whole HTML page is reduced to
the JavaScript of its ``<script>`` elements (import maps dropped), and imports of three.js
(``'three'`` or a ``three.module.js`` URL) become bindings to the global ``THREE``.
"""

from __future__ import annotations

import re

_FENCE_OPEN = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_DEFINES_BUILD_OBJECT = re.compile(
    r"\bfunction\s*\*?\s*buildObject\s*\("
    r"|\b(?:const|let|var)\s+buildObject\s*="
    r"|\b(?:window|globalThis|self)\s*\.\s*buildObject\s*="
)
_THREE_IMPORT = re.compile(
    r"""^[ \t]*import\s+(?P<what>\*\s+as\s+\w+|\{[^}]*\}|\w+)\s+from\s+"""
    r"""['"](?:three|[^'"]*/three\.module(?:\.min)?\.js)['"][ \t]*;?[ \t]*$""",
    re.MULTILINE,
)
_SCRIPT = re.compile(
    r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)(?:</script\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*['"]?(?P<type>[^'"\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"module", "text/javascript", "application/javascript"}
_HTML_PAGE = re.compile(r"<!doctype\s+html|<html\b|<head\b|<body\b", re.IGNORECASE)


def fenced_blocks(reply: str) -> list[str]:
    """Return the contents of the fenced code blocks of a reply, in order.

    A block closes at a line holding only a fence of the same character, at least as long as
    the opening one; a block still open at the end of the reply runs to the end.
    """
    lines = reply.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening.group("fence")
        closing = re.compile(rf"^[ \t]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        i += 1
        while i < len(lines) and not closing.match(lines[i]):
            body.append(lines[i])
            i += 1
        blocks.append("\n".join(body))
        i += 1
    return blocks


def defines_build_object(code: str) -> bool:
    """Whether the code defines a ``buildObject`` function (declaration or assignment)."""
    return bool(_DEFINES_BUILD_OBJECT.search(code))


def _three_binding(match: re.Match[str]) -> str:
    what = match.group("what").strip()
    if what.startswith("*"):
        name = what.split()[-1]
        return "" if name == "THREE" else f"const {name} = THREE;"
    if what.startswith("{"):
        names = [n.strip() for n in what.strip("{}").split(",") if n.strip()]
        parts = [n.replace(" as ", ": ") if " as " in n else n for n in names]
        return f"const {{ {', '.join(parts)} }} = THREE;" if parts else ""
    return f"const {what} = THREE;"  # a default import: the whole module


def strip_three_imports(code: str) -> str:
    """Replace imports of three.js by bindings to the global THREE (the scaffold provides it).

    ``import * as THREE from 'three'`` goes; ``import { Mesh, Group as G } from 'three'``
    becomes ``const { Mesh, Group: G } = THREE;``. Other imports stay (and fail when run).
    """
    return _THREE_IMPORT.sub(_three_binding, code)


def page_scripts(code: str) -> str:
    """The JavaScript of an HTML page: its script elements joined, import maps left out.

    Text that is not a page (no ``<html>``, ``<head>``, ``<body>`` or doctype, and not
    starting with a tag) or has no ``<script>`` element is returned as it is.
    """
    if not (_HTML_PAGE.search(code) or code.lstrip().startswith("<")):
        return code
    scripts = list(_SCRIPT.finditer(code))
    if not scripts:
        return code
    bodies = []
    for script in scripts:
        kind = _SCRIPT_TYPE.search(script.group("attrs"))
        if kind is None or kind.group("type").lower() in _JS_TYPES:
            bodies.append(script.group("body").strip("\n"))
    return "\n".join(body for body in bodies if body.strip())


def runnable_program(code: str) -> str:
    """A program as the scaffold runs it: page scripts taken out, three.js imports bound.

    Args:
        code: A program, or a whole HTML page holding one.

    Returns:
        The program text ending in one newline.
    """
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    return strip_three_imports(page_scripts(code)).strip("\n") + "\n"


def extract_program(reply: str) -> str | None:
    """Return the program a reply holds, or None when it holds no code (status ``no_code``).

    Args:
        reply: The model's whole reply text.

    Returns:
        The program text, ready to execute, or None.
    """
    blocks = [block for block in fenced_blocks(reply) if block.strip()]
    defining = [block for block in blocks if defines_build_object(block)]
    if defining:
        program = defining[-1]
    elif blocks:
        program = max(blocks, key=len)
    else:
        text = reply.replace("\r\n", "\n").replace("\r", "\n")
        program = text if defines_build_object(text) else None
    if program is None:
        return None
    return runnable_program(program)
