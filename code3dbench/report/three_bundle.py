"""three.js, OrbitControls and GLTFLoader as one classic script, for pages opened from disk.

Browsers refuse ES modules on ``file://`` pages (a module fetch needs an origin), so the
gallery cannot load three's ES modules as shipped. This copies them from the runner's pinned
``three`` package and rewrites their ``import``/``export`` statements (three's builds and
addons use only the plain ``import { a, b as c } from '...'`` and ``export { ... }`` forms)
into one script that sets ``window.C3D_THREE = {THREE, OrbitControls, GLTFLoader}``. Any other
module syntax is an error, so a three.js upgrade that changes the form fails loudly here.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from code3dbench.sandbox.runner_files import runner_dir

MODULES = (
    "build/three.core.js",
    "build/three.module.js",
    "examples/jsm/utils/BufferGeometryUtils.js",
    "examples/jsm/utils/SkeletonUtils.js",
    "examples/jsm/controls/OrbitControls.js",
    "examples/jsm/loaders/GLTFLoader.js",
)
"""The modules bundled, each after the modules it imports."""

BARE = {"three": "build/three.module.js"}

_IMPORT = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*'([^']+)';", re.M)
_REEXPORT = re.compile(r"^export\s*\{([^}]*)\}\s*from\s*'([^']+)';", re.M)
_EXPORT = re.compile(r"^export\s*\{([^}]*)\};", re.M)
_LEFT = re.compile(r"^(import|export)\b.*", re.M)


class BundleError(RuntimeError):
    """A module uses a form of import or export this bundler does not rewrite."""


def _names(listing: str) -> list[tuple[str, str]]:
    """``a, b as c`` -> [(a, a), (b, c)]: (name in the source module, local/exported name)."""
    pairs = []
    for item in listing.split(","):
        item = item.strip()
        if item:
            parts = item.split(" as ")
            pairs.append((parts[0].strip(), parts[-1].strip()))
    return pairs


def _resolve(module: str, specifier: str) -> str:
    if specifier in BARE:
        return BARE[specifier]
    return posixpath.normpath(posixpath.join(posixpath.dirname(module), specifier))


def _rewrite(module: str, code: str) -> str:
    def imported(match: re.Match[str]) -> str:
        source = _resolve(module, match.group(2))
        fields = ", ".join(a if a == b else f"{a}: {b}" for a, b in _names(match.group(1)))
        return f"const {{ {fields} }} = modules[{source!r}];"

    def reexported(match: re.Match[str]) -> str:
        source = _resolve(module, match.group(2))
        return " ".join(
            f"exports.{b} = modules[{source!r}].{a};" for a, b in _names(match.group(1))
        )

    def exported(match: re.Match[str]) -> str:
        return " ".join(f"exports.{b} = {a};" for a, b in _names(match.group(1)))

    code = _IMPORT.sub(imported, code)
    code = _REEXPORT.sub(reexported, code)
    code = _EXPORT.sub(exported, code)
    left = _LEFT.search(code)
    if left:
        raise BundleError(f"{module}: cannot rewrite {left.group(0)[:80]!r}")
    return code


def three_bundle(three_dir: Path | None = None) -> str:
    """The classic script (see the module docstring) built from the pinned three package.

    Raises:
        BundleError: A module's imports or exports are not in the rewritten forms.
        OSError: The runner's ``node_modules/three`` is missing (run ``make setup``).
    """
    folder = three_dir or runner_dir() / "node_modules" / "three"
    parts = ["(function () {\n'use strict';\nconst modules = {};\n"]
    for module in MODULES:
        code = _rewrite(module, (folder / module).read_text(encoding="utf-8"))
        parts.append(
            f"// ---- three/{module}\n(function (exports) {{\n{code}\n}})"
            f"(modules[{module!r}] = {{}});\n"
        )
    parts.append(
        "window.C3D_THREE = { THREE: modules['build/three.module.js'], "
        "OrbitControls: modules['examples/jsm/controls/OrbitControls.js'].OrbitControls, "
        "GLTFLoader: modules['examples/jsm/loaders/GLTFLoader.js'].GLTFLoader };\n})();\n"
    )
    return "".join(parts)
