"""Reply extraction: the rule of the scaffold contract."""

from __future__ import annotations

from code3dbench.solvers.extract import extract_program, fenced_blocks

PROGRAM = "function buildObject() {\n  return new THREE.Group();\n}"


def test_single_block() -> None:
    reply = f"Here you go:\n```javascript\n{PROGRAM}\n```\nDone."
    assert extract_program(reply) == PROGRAM + "\n"


def test_last_block_defining_build_object_wins() -> None:
    first = "function buildObject() { return 1; }"
    helper = (
        "const helper = () => new THREE.BoxGeometry(1, 1, 1); // a much longer helper block " * 3
    )
    reply = f"```js\n{first}\n```\ntext\n```js\n{PROGRAM}\n```\n```js\n{helper}\n```"
    assert extract_program(reply) == PROGRAM + "\n"


def test_largest_block_when_none_defines_build_object() -> None:
    small = "const a = 1;"
    large = "const group = new THREE.Group();\nconst b = 2;"
    reply = f"```js\n{small}\n```\n```js\n{large}\n```"
    assert extract_program(reply) == large + "\n"


def test_whole_reply_when_it_defines_build_object_without_fences() -> None:
    assert extract_program(PROGRAM) == PROGRAM + "\n"


def test_no_code() -> None:
    assert extract_program("I cannot do that.") is None
    assert extract_program("```\n\n```") is None
    assert extract_program("") is None


def test_unterminated_block_runs_to_the_end() -> None:
    reply = f"Sure:\n```javascript\n{PROGRAM}\n"
    assert extract_program(reply) == PROGRAM + "\n"


def test_crlf_line_endings() -> None:
    reply = f"Sure:\r\n```js\r\n{PROGRAM.replace(chr(10), chr(13) + chr(10))}\r\n```\r\n"
    assert extract_program(reply) == PROGRAM + "\n"


def test_tilde_fences_and_longer_fences() -> None:
    assert extract_program(f"~~~js\n{PROGRAM}\n~~~") == PROGRAM + "\n"
    inner = f"{PROGRAM}\n// ``` inside a comment\n```"
    blocks = fenced_blocks(f"````js\n{inner}\n````")
    assert blocks == [inner]


def test_three_imports_are_stripped_but_other_imports_stay() -> None:
    reply = (
        "```js\nimport * as THREE from 'three';\nimport { OrbitControls } from "
        "'three/addons/controls/OrbitControls.js';\n"
        f'import {{ Mesh }} from "three"\n{PROGRAM}\n```'
    )
    program = extract_program(reply)
    assert program is not None
    assert "from 'three';" not in program and 'from "three"' not in program
    assert "three/addons" in program  # not stripped: the scaffold has no addons
    assert program.endswith(PROGRAM + "\n")


def test_arrow_and_assigned_definitions_count() -> None:
    for code in (
        "const buildObject = () => new THREE.Group();",
        "window.buildObject = function () { return new THREE.Group(); };",
    ):
        assert (
            extract_program(
                f"```js\n{code}\n```\n```js\nconst longer = 'block' + 'x'.repeat(50);\n```"
            )
            == code + "\n"
        )


HTML_PAGE = """<!DOCTYPE html>
<html>
<head>
  <script type="importmap">
    { "imports": { "three": "https://unpkg.com/three@0.170.0/build/three.module.js" } }
  </script>
</head>
<body>
  <script type="module">
    import * as THREE from 'three';
    import { BoxGeometry as Box, MeshStandardMaterial } from "three";
    function buildObject() {
      return new THREE.Mesh(new Box(1, 2, 1), new MeshStandardMaterial());
    }
    const scene = new THREE.Scene();
    scene.add(buildObject());
  </script>
</body>
</html>"""


def test_html_page_reply_becomes_its_module_script() -> None:
    program = extract_program(f"Here is a page:\n```html\n{HTML_PAGE}\n```\n")
    assert program is not None
    assert "<" not in program.replace("</", "")  # no markup left
    assert "importmap" not in program and "unpkg" not in program
    assert "import " not in program
    assert "const { BoxGeometry: Box, MeshStandardMaterial } = THREE;" in program
    assert program.lstrip().startswith("const { BoxGeometry")
    assert "function buildObject()" in program and "scene.add(buildObject());" in program


def test_unfenced_html_page_and_url_imports() -> None:
    page = HTML_PAGE.replace(
        "import * as THREE from 'three';",
        "import * as T from 'https://cdn.jsdelivr.net/npm/three@0.170.0/build/three.module.min.js';",
    )
    program = extract_program(page)
    assert program is not None
    assert "const T = THREE;" in program and "jsdelivr" not in program


def test_program_mentioning_script_tags_is_not_treated_as_a_page() -> None:
    code = "// build without '<script>' tags\nfunction buildObject() { return new THREE.Group(); }"
    assert extract_program(f"```js\n{code}\n```") == code + "\n"
