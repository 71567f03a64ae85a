"""Extract the Three.js program from a model reply (the rule of the scaffold contract).

The last fenced block that defines ``buildObject``, else the largest fenced block, else the
whole reply if it defines ``buildObject``; otherwise there is no code. CRLF line ends and
``~~~`` fences are handled, a fence left open at the end of the reply closes there, and a bare
``import ... from 'three'`` line is removed (THREE is already a global).
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
    r"""^[ \t]*import\s+(?:\*\s+as\s+\w+|\{[^}]*\}|\w+)\s+from\s+['"]three['"][ \t]*;?[ \t]*$""",
    re.MULTILINE,
)


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


def strip_three_imports(code: str) -> str:
    """Remove bare ``import ... from 'three'`` lines; THREE is a global in the scaffold."""
    return _THREE_IMPORT.sub("", code)


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
    return strip_three_imports(program).strip("\n") + "\n"
