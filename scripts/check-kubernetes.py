#!/usr/bin/env python3
"""Checks the Kubernetes manifests under deploy/kubernetes, or the folder given (run by scripts/test.sh).

Every file parses as YAML (PyYAML, Debian's python3-yaml) and every document carries what
`kubectl apply` and a safe rollout need: apiVersion, kind and metadata.name; a workload
(Deployment, DaemonSet, StatefulSet) a selector matching its pod labels and containers with a
name, an image, readiness and liveness probes and resource limits (cpu and memory); a Service a
selector that some workload's pods carry and ports whose named targetPorts a container declares.
Nothing is sent to a cluster.
"""
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent / "deploy" / "kubernetes"
WORKLOADS = {"Deployment", "DaemonSet", "StatefulSet"}


def check_workload(where, doc, problems):
    spec = doc.get("spec") or {}
    template = spec.get("template") or {}
    labels = (template.get("metadata") or {}).get("labels") or {}
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    if not selector:
        problems.append(f"{where}: spec.selector.matchLabels is missing")
    elif any(labels.get(key) != value for key, value in selector.items()):
        problems.append(f"{where}: spec.selector.matchLabels {selector} does not match the pod labels {labels}")
    containers = (template.get("spec") or {}).get("containers") or []
    if not containers:
        problems.append(f"{where}: spec.template.spec.containers is empty")
    ports = set()
    for index, container in enumerate(containers):
        name = container.get("name") or f"#{index}"
        here = f"{where}: container {name}"
        if not container.get("name"):
            problems.append(f"{here}: has no name")
        if not container.get("image"):
            problems.append(f"{here}: has no image")
        for probe in ("readinessProbe", "livenessProbe"):
            if not container.get(probe):
                problems.append(f"{here}: has no {probe}")
        limits = (container.get("resources") or {}).get("limits") or {}
        for resource in ("cpu", "memory"):
            if resource not in limits:
                problems.append(f"{here}: resources.limits.{resource} is missing")
        ports.update(port.get("name") for port in container.get("ports") or [] if port.get("name"))
    return labels, ports


def check_service(where, doc, workloads, problems):
    spec = doc.get("spec") or {}
    selector = spec.get("selector") or {}
    if not selector:
        problems.append(f"{where}: spec.selector is missing")
        return
    matches = [ports for labels, ports in workloads if all(labels.get(k) == v for k, v in selector.items())]
    if not matches:
        problems.append(f"{where}: no workload's pods carry the selector {selector}")
    if not spec.get("ports"):
        problems.append(f"{where}: spec.ports is empty")
    for port in spec.get("ports") or []:
        target = port.get("targetPort")
        if isinstance(target, str) and not any(target in ports for ports in matches):
            problems.append(f"{where}: targetPort '{target}' is not a port name of the selected containers")


def main():
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    files = sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml"))
    if not files:
        print(f"check-kubernetes: no manifests in {root}", file=sys.stderr)
        return 1
    problems, services, workloads, count = [], [], [], 0
    for path in files:
        try:
            docs = [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
        except yaml.YAMLError as error:
            problems.append(f"{path.name}: not valid YAML: {error}")
            continue
        for index, doc in enumerate(docs):
            count += 1
            where = f"{path.name} document {index + 1}"
            if not isinstance(doc, dict):
                problems.append(f"{where}: is not a mapping")
                continue
            for field in ("apiVersion", "kind"):
                if not doc.get(field):
                    problems.append(f"{where}: {field} is missing")
            name = (doc.get("metadata") or {}).get("name")
            if not name:
                problems.append(f"{where}: metadata.name is missing")
            where = f"{path.name} {doc.get('kind')}/{name}"
            if doc.get("kind") in WORKLOADS:
                workloads.append(check_workload(where, doc, problems))
            elif doc.get("kind") == "Service":
                services.append((where, doc))
    for where, doc in services:
        check_service(where, doc, workloads, problems)
    for problem in problems:
        print(f"check-kubernetes: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-kubernetes: ok      {count} documents in {len(files)} files under {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
