"""A dry run of sandbox=k8s with the real agent-env chart and a real helm, without a cluster.

The chart is the one inspect-k8s-sandbox ships (a dev dependency) and renders for every sample.
``values.yaml`` is validated against the chart's ``values.schema.json``, linted, and rendered
with the arguments the provider's own ``helm install`` passes; the rendered objects are then
checked. helm is ``$CODE3DBENCH_HELM``, else ``.tools/bin/helm`` (``make k8s-tools``), else the
one on PATH. Without helm or the package these tests skip, and fail when ``CI`` is set.

Not checked here: a cluster accepting the objects, the image pull, Cilium enforcing the policies,
gVisor, and the runner surviving between execs (docs/scale_out.md).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from code3dbench.sandbox.selection import K8S_MODULE, VALUES_FILE
from tests.conftest import skip_or_fail_in_ci

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL_HELM = REPO_ROOT / ".tools" / "bin" / "helm"
HELM_ENV = "CODE3DBENCH_HELM"
# What the provider would pass for one sample: an 8-character lowercase release name
# (``uuid().lower()[:8]``), the kube context's namespace, the task name and the sample's UUID.
RELEASE = "c3dtest1"
NAMESPACE = "code3dbench"
TASK = "code3dbench/single_shot"
SAMPLE_UUID = "Xb7pQm2LkVz9tRw4sNc8Ha"
# Cilium egress peers that reach outside the sandbox's own pods and kube-dns.
WORLD_PEERS = {
    "toFQDNs", "toCIDR", "toCIDRSet", "toEntities", "toServices", "toNodes", "toGroups",
    "toRequires",
}  # fmt: skip


def _helm_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's coalescing of a values file over the chart's defaults: maps merge key by key,
    anything else replaces, and null deletes the key."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


# Broken copies of values.yaml that the chart's schema must reject (Helm itself silently ignores
# unknown keys in charts without a schema; this one has additionalProperties: false).
BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "misspelt service key": (
        lambda v: v["services"]["default"].update(runtimeClass="gvisor"),
        "'runtimeClass' was unexpected",
    ),
    "misspelt top-level key": (
        lambda v: v.update(allowDomain=v.pop("allowDomains")),
        "'allowDomain' was unexpected",
    ),
    "wrong type": (
        lambda v: v["services"]["default"].update(dnsRecord="false"),
        "'false' is not of type 'boolean'",
    ),
}


@pytest.fixture(scope="module")
def chart() -> Path:
    if importlib.util.find_spec(K8S_MODULE) is None:
        skip_or_fail_in_ci("inspect-k8s-sandbox is not installed (pip install -e '.[dev]')")
    from k8s_sandbox._helm import DEFAULT_CHART

    return DEFAULT_CHART


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return yaml.safe_load(VALUES_FILE.read_text())


@pytest.fixture(scope="module")
def schema(chart: Path) -> dict[str, Any]:
    return json.loads((chart / "values.schema.json").read_text())


@pytest.fixture(scope="module")
def chart_defaults(chart: Path) -> dict[str, Any]:
    return yaml.safe_load((chart / "values.yaml").read_text())


@pytest.fixture(scope="module")
def helm_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Keep helm off the user's kubeconfig, repositories and caches."""
    home = tmp_path_factory.mktemp("helm-home")
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_DATA_HOME": str(home / "data"),
        "KUBECONFIG": str(home / "no-kubeconfig"),
    }


@pytest.fixture(scope="module")
def helm(helm_env: dict[str, str]) -> str:
    named = os.environ.get(HELM_ENV)
    if named:
        if not os.access(named, os.X_OK):
            pytest.fail(f"{HELM_ENV}={named} is not an executable file")
        found = named
    elif os.access(LOCAL_HELM, os.X_OK):
        found = str(LOCAL_HELM)
    else:
        found = shutil.which("helm") or ""
    if not found:
        skip_or_fail_in_ci(f"no helm: run `make k8s-tools`, or set {HELM_ENV}")
    try:
        done = subprocess.run(
            [found, "version", "--short"], capture_output=True, text=True, env=helm_env, timeout=30
        )
    except OSError as err:  # e.g. the pinned linux-x86_64 binary on another platform
        skip_or_fail_in_ci(f"{found} does not run: {err}")
    if done.returncode != 0:
        skip_or_fail_in_ci(f"{found} version failed: {done.stderr.strip()}")
    return found


def _run(helm: str, env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [helm, *map(str, args)], capture_output=True, text=True, env=env, timeout=60
    )


def _provider_args(chart: Path, values_file: Path) -> list[str]:
    """The arguments of k8s_sandbox._helm.Release._install (inspect-k8s-sandbox 0.14.0) for a
    first attempt with our values file, less what needs a cluster: --kube-context (not passed
    unless the config names a context) and --output=json (install only). No coredns image,
    sample-metadata or operator values: those come from INSPECT_* variables and metadata keys
    the chart and values.yaml do not reference."""
    return [
        RELEASE,
        str(chart),
        f"--namespace={NAMESPACE}",
        "--timeout=600s",
        f"--set=annotations.inspectTaskName={TASK}",
        "--labels=inspectSandbox=true",
        f"--set=labels.inspectSampleUUID={SAMPLE_UUID}",
        "--values",
        str(values_file),
    ]


def _docs(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


@pytest.fixture(scope="module")
def rendered(helm: str, helm_env: dict[str, str], chart: Path) -> list[dict[str, Any]]:
    done = _run(helm, helm_env, "template", *_provider_args(chart, VALUES_FILE))
    assert done.returncode == 0, done.stderr
    return _docs(done.stdout)


def _of_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in docs if doc["kind"] == kind]


@pytest.fixture(scope="module")
def workload(rendered: list[dict[str, Any]]) -> dict[str, Any]:
    (statefulset,) = _of_kind(rendered, "StatefulSet")
    return statefulset


@pytest.fixture(scope="module")
def pod(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


@pytest.fixture(scope="module")
def sandbox(pod: dict[str, Any]) -> dict[str, Any]:
    (container,) = [c for c in pod["containers"] if c["name"] == "default"]
    return container


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _selects_this_sandbox(selector: dict[str, Any]) -> bool:
    labels = selector["matchLabels"]
    return (
        labels.get("io.kubernetes.pod.namespace") == NAMESPACE
        and labels.get("app.kubernetes.io/instance") == RELEASE
    )


# --- helm and the schema ------------------------------------------------------------------


def test_helm_runs(helm: str, helm_env: dict[str, str]) -> None:
    done = _run(helm, helm_env, "version", "--short")
    # inspect-k8s-sandbox drives Helm 3 and 4 (it picks --wait=legacy on 4).
    assert re.match(r"v[34]\.\d+\.\d+", done.stdout), done.stdout


def test_values_meet_the_chart_schema(
    schema: dict[str, Any], chart_defaults: dict[str, Any], values: dict[str, Any]
) -> None:
    # Helm validates the coalesced values (the chart's defaults supply e.g. `global`).
    merged = _helm_merge(chart_defaults, values)
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(merged)]
    assert errors == []


def test_values_have_no_nulls_for_the_provider(chart: Path, values: dict[str, Any]) -> None:
    from k8s_sandbox._helm import validate_no_null_values

    validate_no_null_values(values, str(VALUES_FILE))


@pytest.mark.parametrize("case", list(BROKEN))
def test_schema_rejects_a_broken_copy(
    case: str, schema: dict[str, Any], chart_defaults: dict[str, Any], values: dict[str, Any]
) -> None:
    breaking, message = BROKEN[case]
    broken = copy.deepcopy(values)
    breaking(broken)
    merged = _helm_merge(chart_defaults, broken)
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(merged)]
    assert len(errors) == 1 and message in errors[0], errors


@pytest.mark.parametrize("case", list(BROKEN))
def test_helm_rejects_a_broken_copy(
    case: str,
    helm: str,
    helm_env: dict[str, str],
    chart: Path,
    values: dict[str, Any],
    tmp_path: Path,
) -> None:
    broken = copy.deepcopy(values)
    BROKEN[case][0](broken)
    broken_file = tmp_path / "values.yaml"
    broken_file.write_text(yaml.safe_dump(broken))
    done = _run(helm, helm_env, "template", *_provider_args(chart, broken_file))
    assert done.returncode != 0
    assert "values don't meet the specifications of the schema" in done.stderr, done.stderr


def test_helm_lint_passes(helm: str, helm_env: dict[str, str], chart: Path) -> None:
    done = _run(helm, helm_env, "lint", chart, "--strict", "--values", VALUES_FILE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 chart(s) linted, 0 chart(s) failed" in done.stdout


# --- what helm renders --------------------------------------------------------------------


def test_renders_one_sandbox_and_its_policies(rendered: list[dict[str, Any]]) -> None:
    kinds = Counter(doc["kind"] for doc in rendered)
    # No Service (dnsRecord: false, no ports), no PVC, no ServiceAccount.
    assert kinds == {"ConfigMap": 2, "StatefulSet": 1, "CiliumNetworkPolicy": 3}
    for doc in rendered:
        assert doc["metadata"]["name"].startswith(f"agent-env-{RELEASE}-")


def test_the_provider_finds_the_default_sandbox(
    rendered: list[dict[str, Any]], workload: dict[str, Any]
) -> None:
    from k8s_sandbox._helm import _declared_services

    # The label the provider waits for and hands over by.
    assert set(_declared_services(rendered)) == {"default"}
    template = workload["spec"]["template"]["metadata"]
    assert template["annotations"]["inspectTaskName"] == TASK
    assert template["labels"]["inspectSampleUUID"] == SAMPLE_UUID
    assert template["labels"]["app.kubernetes.io/instance"] == RELEASE
    assert workload["spec"]["replicas"] == 1


def test_pod_runs_our_image_under_gvisor(
    pod: dict[str, Any], sandbox: dict[str, Any], values: dict[str, Any]
) -> None:
    ours = values["services"]["default"]
    assert sandbox["image"] == ours["image"]
    assert sandbox["imagePullPolicy"] == "IfNotPresent"
    assert pod["runtimeClassName"] == "gvisor"
    assert pod["automountServiceAccountToken"] is False
    assert pod["enableServiceLinks"] is False
    assert "imagePullSecrets" not in pod  # none configured
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        assert not pod.get(key), key
    # The chart's CoreDNS sidecar is the only other container.
    assert [c["name"] for c in pod["containers"]] == ["default", "coredns"]


def test_sandbox_command_and_working_dir(sandbox: dict[str, Any], values: dict[str, Any]) -> None:
    assert sandbox["command"] == values["services"]["default"]["command"]
    assert sandbox["command"][:2] == ["/bin/bash", "-c"]
    assert "args" not in sandbox
    assert sandbox["workingDir"] == "/home/node"


def test_pod_is_guaranteed_qos(pod: dict[str, Any], sandbox: dict[str, Any]) -> None:
    assert sandbox["resources"]["requests"] == {"cpu": "1", "memory": "2Gi"}
    assert sandbox["resources"]["limits"] == {"cpu": "1", "memory": "2Gi"}
    # Guaranteed QoS needs requests == limits in every container, the sidecar included.
    for container in pod["containers"]:
        resources = container["resources"]
        assert resources["requests"] == resources["limits"], container["name"]


def test_shm_is_a_memory_volume(pod: dict[str, Any], sandbox: dict[str, Any]) -> None:
    mounts = {m["mountPath"]: m["name"] for m in sandbox["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes[mounts["/dev/shm"]]["emptyDir"] == {"medium": "Memory", "sizeLimit": "1Gi"}


def test_sandbox_runs_unprivileged(sandbox: dict[str, Any]) -> None:
    assert sandbox["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 1000,
        "runAsGroup": 1000,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
    }


def test_no_egress_beyond_cluster_dns_and_the_sandbox(rendered: list[dict[str, Any]]) -> None:
    """With an egress policy selecting a pod, Cilium denies every egress it does not allow."""
    policies = _of_kind(rendered, "CiliumNetworkPolicy")
    for policy in policies:
        # Allow rules only: `networkIsolated: true` would add an egressDeny to `all` entities.
        world = {key for key, _ in _walk(policy["spec"].get("egress", [])) if key in WORLD_PEERS}
        assert not world, (policy["metadata"]["name"], world)
    (egress,) = [p for p in policies if "egress" in p["spec"]]
    assert _selects_this_sandbox(egress["spec"]["endpointSelector"])
    dns, own_pods = egress["spec"]["egress"]
    assert set(dns) == {"toEndpoints", "toPorts"} and set(own_pods) == {"toEndpoints"}
    # DNS: only the cluster's resolvers, only port 53, only this namespace's service names
    # (no "*" pattern, which would let a program exfiltrate through lookups).
    resolvers = [s["matchLabels"] for s in dns["toEndpoints"]]
    assert resolvers == [
        {"io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns"},
        {"io.kubernetes.pod.namespace": "kube-system", "k8s-app": "node-local-dns"},
    ]
    (dns_ports,) = dns["toPorts"]
    assert dns_ports["ports"] == [{"port": "53", "protocol": "ANY"}]
    assert dns_ports["rules"] == {"dns": [{"matchPattern": f"*.{NAMESPACE}.svc.cluster.local"}]}
    # The rest: this release's own pods, i.e. the one sandbox pod.
    (selector,) = own_pods["toEndpoints"]
    assert _selects_this_sandbox(selector)


def test_the_sandbox_pod_is_network_isolated(rendered: list[dict[str, Any]]) -> None:
    """compose's `network_mode: none`: all egress of the sandbox pod denied, DNS included."""
    isolate = {
        p["metadata"]["name"]: p["spec"]
        for p in _of_kind(rendered, "CiliumNetworkPolicy")
        if "egressDeny" in p["spec"]
    }
    assert list(isolate) == [f"agent-env-{RELEASE}-svc-default-isolate"]
    [spec] = isolate.values()
    assert spec["egressDeny"] == [{"toEntities": ["all"]}]
    assert spec["endpointSelector"]["matchLabels"]["inspect/service"] == "default"
    assert _selects_this_sandbox(spec["endpointSelector"])
    assert f"agent-env-{RELEASE}-svc-default-ingress" not in {
        p["metadata"]["name"] for p in _of_kind(rendered, "CiliumNetworkPolicy")
    }


def test_ingress_only_from_the_same_sandbox(rendered: list[dict[str, Any]]) -> None:
    ingress = {
        p["metadata"]["name"]: p["spec"]
        for p in _of_kind(rendered, "CiliumNetworkPolicy")
        if "ingress" in p["spec"]
    }
    deny = ingress.pop(f"agent-env-{RELEASE}-sandbox-default-deny-ingress")
    assert _selects_this_sandbox(deny["endpointSelector"])
    assert deny["ingress"] == [{}]  # a rule that matches nothing: default deny
    # The one allow (absent with `networkIsolated: true`): from this release's pods only.
    assert set(ingress) <= {f"agent-env-{RELEASE}-svc-default-ingress"}
    for service in ingress.values():
        assert service["endpointSelector"]["matchLabels"]["inspect/service"] == "default"
        for rule in service["ingress"]:
            assert set(rule) <= {"fromEndpoints", "icmps"}
            assert all(_selects_this_sandbox(s) for s in rule["fromEndpoints"])


def test_the_provider_install_command_renders_the_same(
    helm: str, helm_env: dict[str, str], chart: Path, rendered: list[dict[str, Any]]
) -> None:
    """The provider's exact `helm install` (with --output=json), made client-only."""
    from k8s_sandbox._helm import _get_expected_services, _rendered_docs

    args = _provider_args(chart, VALUES_FILE)
    args.insert(args.index("--timeout=600s") + 1, "--output=json")
    done = _run(helm, helm_env, "install", *args, "--dry-run=client")
    if done.returncode != 0 and _run(helm, helm_env, "version", "--short").stdout.startswith("v3"):
        pytest.skip(f"helm 3's install --dry-run=client failed offline: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["namespace"] == NAMESPACE
    docs = _rendered_docs(done.stdout, RELEASE)  # how the provider reads the manifest
    assert _get_expected_services(docs, RELEASE) == frozenset({"default"})
    assert [doc for doc in docs if doc] == rendered
