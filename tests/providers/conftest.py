"""A fake provider server for the module, with every provider's base URL pointed at it."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

from tests.conftest import skip_or_fail_in_ci
from tests.providers.fakes import FakeProviders, Reply

PROGRAM = (
    "function buildObject() {\n"
    "  const group = new THREE.Group();\n"
    "  group.add(new THREE.Mesh(new THREE.BoxGeometry(1, 0.5, 0.8), new THREE.MeshStandardMaterial()));\n"
    "  return group;\n"
    "}"
)
REPLY = f"Here is the program:\n```javascript\n{PROGRAM}\n```"

MODELS = {
    "openai/gpt-5.4": "responses",
    "openrouter/openai/gpt-5.4": "chat",
    "anthropic/claude-sonnet-4-6": "messages",
    "google/gemini-3.1-pro-preview": "gemini",
}
"""The models the tests run, and the API each one's provider speaks."""


def provider_environment(url: str) -> dict[str, str]:
    """Base URLs (all on the fake) and stand-in keys for the four providers."""
    return {
        "OPENAI_BASE_URL": f"{url}/v1",
        "OPENAI_API_KEY": "test-key",
        "OPENROUTER_BASE_URL": f"{url}/api/v1",
        "OPENROUTER_API_KEY": "test-key",
        "ANTHROPIC_BASE_URL": url,
        "ANTHROPIC_API_KEY": "test-key",
        "GOOGLE_BASE_URL": url,
        "GOOGLE_API_KEY": "test-key",
    }


def _importable(package: str) -> bool:
    try:
        importlib.import_module(package)
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def fake(builtin_references) -> Iterator[FakeProviders]:
    """The module's fake server (replies: the box program unless a test scripts others)."""
    for package in ("openai", "anthropic", "google.genai"):
        if not _importable(package):
            skip_or_fail_in_ci(f"{package} missing: pip install -e '.[providers]'")
    server = FakeProviders(default=Reply(text=REPLY)).start()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in provider_environment(server.url).items():
            patch.setenv(name, value)
        yield server
    server.stop()
