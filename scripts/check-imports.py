#!/usr/bin/env python3
"""Fails when an import breaks the module boundaries.

Two rules, checked on every Swift file under Sources/ and Tests/:
1. A Hearth module imports only the Hearth modules the table in ARCHITECTURE.md ("Modules") allows
   it, and Package.swift declares exactly those (the table is the design; the manifest must agree).
2. Every module a target imports is declared in Package.swift as its dependency (a target or a
   product), or is the toolchain's own (Foundation, Glibc, Dispatch, Testing, ...). SwiftPM's
   --explicit-target-dependency-import-check is meant to catch this, but on the Linux toolchain
   (native build system) it reports nothing, so this script is what enforces it.

Usage: scripts/check-imports.py   (from anywhere; needs `swift` on PATH for `swift package dump-package`)
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "_Concurrency", "Testing", "XCTest",
    "PackagePlugin", "RegexBuilder", "_StringProcessing", "Observation", "Swift", "os",
}
# Products whose modules carry other names.
PRODUCT_MODULES = {"SwiftProtobuf": {"SwiftProtobuf"}, "swift-crypto": {"Crypto"}}
# Multi-line string literals (a Python script in a test, say) are not Swift imports.
MULTILINE_STRING = re.compile(r'#*"""(?:.|\n)*?"""#*')
IMPORT = re.compile(
    r"^\s*(?:@[\w(). ,:]+\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?"
    r"import\s+(?:(?:class|struct|enum|func|protocol|typealias|var|let)\s+)?([A-Za-z_]\w*)", re.M)


def architecture_table():
    """{module: set of Hearth modules it may import} from ARCHITECTURE.md's Modules table."""
    text = (ROOT / "ARCHITECTURE.md").read_text()
    section = text.split("## Modules", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        module = cells[0].strip("`")
        table[module] = set(re.findall(r"`(\w+)`", cells[2]))
    return table


def manifest():
    out = subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    package = json.loads(out)
    targets = {}
    for target in package["targets"]:
        deps = set()
        for dep in target.get("dependencies", []):
            (kind, value), = dep.items()
            deps |= PRODUCT_MODULES.get(value[0], {value[0]})
        targets[target["name"]] = (target["type"], deps, target.get("path"))
    return targets


def hearth_modules_linked_only(name, targets):
    """Dependencies a target needs without importing them: C libraries linked through a Swift module."""
    return {dep for dep in targets[name][1] if targets.get(dep, ("",))[0] == "system"} - {name}


def main():
    table = architecture_table()
    targets = manifest()
    hearth_modules = {name for name, (kind, _, _) in targets.items() if kind in ("regular", "executable", "system")}
    errors = []
    for name, (kind, deps, path) in sorted(targets.items()):
        if kind in ("plugin",):
            continue
        folder = ROOT / (path or ("Tests/" + name if kind == "test" else "Sources/" + name))
        if kind != "test":
            if name not in table:
                errors.append(f"{name}: not in the Modules table of ARCHITECTURE.md; add a row (what it owns, "
                              f"which Hearth modules it may import, why)")
                continue
            declared = deps & hearth_modules
            if declared != table[name]:
                errors.append(f"{name}: Package.swift declares Hearth dependencies {sorted(declared)} but "
                              f"ARCHITECTURE.md allows {sorted(table[name])}; make them agree")
        used = set()
        for file in sorted(folder.rglob("*.swift")):
            for imported in IMPORT.findall(MULTILINE_STRING.sub("", file.read_text())):
                used.add(imported)
                if imported in TOOLCHAIN or imported == name:
                    continue
                where = file.relative_to(ROOT)
                if kind != "test" and imported in hearth_modules and imported not in table[name]:
                    errors.append(f"{where}: imports {imported}, which ARCHITECTURE.md does not allow "
                                  f"{name} to use (the table says why; move the code or change the design)")
                elif imported not in deps:
                    errors.append(f"{where}: imports {imported}, which Package.swift does not declare as a "
                                  f"dependency of {name}; add it to the target's dependencies")
        if kind != "system":
            for unused in sorted(deps - used - hearth_modules_linked_only(name, targets)):
                errors.append(f"{name}: Package.swift declares {unused} as a dependency but no file of {name} "
                              f"imports it; remove it from the target's dependencies")
    for module in sorted(set(table) - set(targets)):
        errors.append(f"ARCHITECTURE.md: the Modules table names {module}, which Package.swift does not have")
    for error in errors:
        print("check-imports: " + error, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"check-imports: {len(targets)} targets import only what ARCHITECTURE.md and Package.swift allow")


if __name__ == "__main__":
    main()
