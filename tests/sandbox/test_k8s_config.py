"""The Kubernetes sandbox configuration: the Helm values file and sandbox=k8s.

The values file is checked here as data against compose.yaml's limits and the agent-env chart's
value names; tests/sandbox/test_k8s_helm.py validates and renders it with the real chart and
helm. ``resolve_sandbox("k8s")`` points at it when inspect-k8s-sandbox (a dev dependency) is
installed, which Inspect and the provider then accept as a values file, and fails with the install
hint when it is not (find_spec patched).
"""

from __future__ import annotations

import importlib.util
import re
from typing import Any

import pytest
import yaml

from code3dbench.sandbox import selection
from code3dbench.sandbox.selection import (
    COMPOSE_FILE,
    K8S_MODULE,
    SANDBOX_CHOICES,
    VALUES_FILE,
    K8sUnavailableError,
    resolve_sandbox,
)
from tests.conftest import skip_or_fail_in_ci

_BINARY = {"k": 2**10, "m": 2**20, "g": 2**30}
_DECIMAL = {"k": 10**3, "m": 10**6, "g": 10**9}


def _docker_bytes(size: str | int) -> int:
    """A compose size ("2gb", "1g", "512m"): Docker's units are binary."""
    match = re.fullmatch(r"(\d+)([kmg])?b?", str(size).strip().lower())
    assert match, f"not a compose size: {size!r}"
    return int(match.group(1)) * (_BINARY[match.group(2)] if match.group(2) else 1)


def _k8s_bytes(quantity: str | int) -> int:
    """A Kubernetes quantity ("2Gi" binary, "2G" decimal)."""
    match = re.fullmatch(r"(\d+)(?:([KMG])(i?))?", str(quantity).strip())
    assert match, f"not a Kubernetes quantity: {quantity!r}"
    number, unit, binary = match.groups()
    if unit is None:
        return int(number)
    return int(number) * (_BINARY if binary else _DECIMAL)[unit.lower()]


def _cpus(quantity: str | float) -> float:
    text = str(quantity)
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return yaml.safe_load(VALUES_FILE.read_text())


@pytest.fixture(scope="module")
def default(values: dict[str, Any]) -> dict[str, Any]:
    return values["services"]["default"]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]["default"]


def test_values_file_is_shipped_beside_the_compose_file() -> None:
    assert VALUES_FILE.is_file() and VALUES_FILE.parent.parent == COMPOSE_FILE.parent


def test_one_default_service_with_a_registry_image(values: dict[str, Any]) -> None:
    assert list(values["services"]) == ["default"]
    image = values["services"]["default"]["image"]
    assert isinstance(image, str) and image
    # A pushed image the user names (Kubernetes cannot build from the Dockerfile), tagged.
    assert "code3dbench-runner" in image and "/" in image and ":" in image.rsplit("/", 1)[1]


def test_command_keeps_the_pod_alive_and_reaps(default: dict[str, Any]) -> None:
    command = default["command"]
    assert isinstance(command, list) and command[0] == "/bin/bash"
    assert "while true" in command[-1] and "wait" in command[-1]


def test_resources_mirror_compose(default: dict[str, Any], compose: dict[str, Any]) -> None:
    resources = default["resources"]
    assert resources["requests"] == resources["limits"]  # Guaranteed QoS, like a fixed cgroup
    assert _cpus(resources["limits"]["cpu"]) == float(compose["cpus"])
    assert _k8s_bytes(resources["limits"]["memory"]) == _docker_bytes(compose["mem_limit"])


def test_shm_is_a_memory_volume_as_large_as_compose(
    default: dict[str, Any], compose: dict[str, Any]
) -> None:
    mounts = {m["mountPath"]: m["name"] for m in default["volumeMounts"]}
    assert "/dev/shm" in mounts
    volumes = {v["name"]: v for v in default["volumes"] if isinstance(v, dict)}
    shm = volumes[mounts["/dev/shm"]]["emptyDir"]
    assert shm["medium"] == "Memory"
    assert _k8s_bytes(shm["sizeLimit"]) == _docker_bytes(compose["shm_size"])


def test_no_network_egress(values: dict[str, Any], compose: dict[str, Any]) -> None:
    assert compose["network_mode"] == "none"
    for key in ("allowDomains", "allowDomainsPorts", "allowCIDR", "allowEntities"):
        assert values.get(key, []) == [], key
    default = values["services"]["default"]
    assert not default.get("dnsRecord") and not default.get("ports")


def test_runs_unprivileged(default: dict[str, Any]) -> None:
    context = default["securityContext"]
    assert context["runAsNonRoot"] is True and context["runAsUser"] != 0
    assert context["allowPrivilegeEscalation"] is False


def test_only_chart_value_names(values: dict[str, Any], default: dict[str, Any]) -> None:
    """Keep to the agent-env chart's names (its schema rejects others: test_k8s_helm.py)."""
    chart_top = {
        "global", "allowDomains", "allowDomainsPorts", "allowCIDR", "allowEntities",
        "imagePullSecrets", "networks", "services", "volumes", "additionalResources",
        "annotations", "labels",
    }  # fmt: skip
    chart_service = {
        "runtimeClassName", "image", "command", "args", "workingDir", "dnsRecord",
        "additionalDnsRecords", "ports", "env", "initContainers", "volumes", "volumeMounts",
        "resources", "readinessProbe", "livenessProbe", "imagePullPolicy", "securityContext",
        "tolerations", "nodeSelector", "networks", "networkIsolated",
    }  # fmt: skip
    assert set(values) <= chart_top
    assert set(default) <= chart_service


def test_sizes_parse_like_docker_and_kubernetes() -> None:
    assert _docker_bytes("2gb") == _k8s_bytes("2Gi") == 2 * 2**30
    assert _docker_bytes("1g") == _k8s_bytes("1024Mi") != _k8s_bytes("1G")
    assert _cpus("500m") == 0.5 and _cpus("1") == 1.0


def test_k8s_is_a_choice() -> None:
    assert "k8s" in SANDBOX_CHOICES


def test_resolve_k8s_points_at_the_values_file_or_says_how_to_install() -> None:
    """With the real package: the spec, and what Inspect and the provider make of it."""
    if importlib.util.find_spec(K8S_MODULE) is None:
        # The not-installed branch is test_resolve_k8s_without_the_package.
        skip_or_fail_in_ci("inspect-k8s-sandbox is not installed (pip install -e '.[dev]')")
    from inspect_ai.util._sandbox.registry import registry_find_sandboxenv
    from k8s_sandbox._sandbox_environment import (
        K8sSandboxEnvironment,
        _validate_and_resolve_k8s_sandbox_config,
    )

    spec = resolve_sandbox("k8s")
    assert (spec.type, spec.config) == ("k8s", str(VALUES_FILE))
    # Inspect finds the provider by the spec's type (the package's entry point) ...
    assert registry_find_sandboxenv(spec.type) is K8sSandboxEnvironment
    # ... which reads the config as a Helm values file for its built-in chart, not as compose.
    resolved = _validate_and_resolve_k8s_sandbox_config(spec.config)
    assert resolved.values == VALUES_FILE.resolve()
    assert resolved.chart is None and resolved.compose_config is None


def test_resolve_k8s_with_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    fake = object()
    monkeypatch.setattr(
        selection.importlib.util,
        "find_spec",
        lambda name, *a: fake if name == K8S_MODULE else real(name, *a),
    )
    monkeypatch.setattr(selection, "docker_status", lambda: pytest.fail("k8s must not ask Docker"))
    spec = resolve_sandbox("k8s")
    assert (spec.type, spec.config) == ("k8s", str(VALUES_FILE))


def test_resolve_k8s_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        selection.importlib.util,
        "find_spec",
        lambda name, *a: None if name == K8S_MODULE else real(name, *a),
    )
    with pytest.raises(K8sUnavailableError, match="pip install inspect-k8s-sandbox"):
        resolve_sandbox("k8s")
