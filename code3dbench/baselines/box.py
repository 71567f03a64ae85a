"""The floor: a unit box, whatever the image shows."""

from __future__ import annotations

BOX_PROGRAM = """\
// Offline baseline `code3dbench/box`: a unit cube, whatever the image shows (the floor).
function buildObject() {
  const group = new THREE.Group();
  const material = new THREE.MeshStandardMaterial({ color: 0x9a9a9a });
  group.add(new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), material));
  return group;
}
"""


def box_reply() -> str:
    """The box model's reply: one fenced program, like an LLM's."""
    return f"A unit box.\n\n```javascript\n{BOX_PROGRAM}```\n"
