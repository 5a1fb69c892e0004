#!/usr/bin/env python3
"""Install DuckDB extensions from their PyPI wheels, for machines that cannot reach DuckDB's
extension server but can reach PyPI.

DuckDB looks for an extension at <extension dir>/v<duckdb version>/<platform>/<name>.duckdb_extension.
The wheels (duckdb-extension-<name>) carry the same signed binary, without the platform folder.
This script downloads the wheel with pip, checks that its version folder matches the DuckDB
version, and copies the binary into place. It never needs to be run on a machine with internet:
there DuckDB installs the extension itself.

Usage:
  python3 scripts/install-duckdb-extensions.py [--duckdb-version 1.5.5] [--extension ducklake ... | --all]
                                               [--extension-dir ~/.duckdb/extensions] [--lenient]
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile

# DuckDB's name for an extension -> (PyPI project, file name inside the wheel).
# postgres_scanner: DuckDB only finds it under that name, whatever the wheel calls it.
WHEELS = {
    "ducklake": ("duckdb-extension-ducklake", "ducklake.duckdb_extension"),
    "httpfs": ("duckdb-extension-httpfs", "httpfs.duckdb_extension"),
    "postgres_scanner": ("duckdb-extension-postgres_scanner", "postgres_scanner.duckdb_extension"),
}


def duckdb_platform():
    system = platform.system().lower()
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    if system == "darwin":
        return "osx_" + arch
    if system == "windows":
        return "windows_" + arch
    return "linux_" + arch


def install(extension, duckdb_version, extension_dir):
    project, binary_name = WHEELS[extension]
    target_dir = os.path.join(extension_dir, "v" + duckdb_version, duckdb_platform())
    target = os.path.join(target_dir, extension + ".duckdb_extension")
    if os.path.isfile(target):
        print(f"[testbed] {extension} already installed at {target}")
        return
    with tempfile.TemporaryDirectory(prefix="testbed-wheel-") as tmp:
        print(f"[testbed] downloading {project}=={duckdb_version} from PyPI")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
             "-d", tmp, f"{project}=={duckdb_version}"],
            check=True,
        )
        wheels = [f for f in os.listdir(tmp) if f.endswith(".whl")]
        if len(wheels) != 1:
            raise RuntimeError(f"expected one wheel for {project}, found {wheels}")
        wanted_folder = f"/extensions/v{duckdb_version}/"
        with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as wheel:
            members = [m for m in wheel.namelist() if m.endswith("/" + binary_name)]
            if not members:
                raise RuntimeError(f"{wheels[0]} holds no {binary_name}")
            matching = [m for m in members if wanted_folder in m]
            if not matching:
                raise RuntimeError(
                    f"{wheels[0]} is built for {members[0]}, not for DuckDB v{duckdb_version}; "
                    "pin duckdb_jdbc and the wheel to the same DuckDB version")
            os.makedirs(target_dir, exist_ok=True)
            partial = target + ".part"
            with wheel.open(matching[0]) as source, open(partial, "wb") as sink:
                shutil.copyfileobj(source, sink)
            os.replace(partial, target)  # never leave a half-written extension where DuckDB looks
    print(f"[testbed] installed {extension} -> {target}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duckdb-version", default="1.5.5")
    parser.add_argument("--extension", action="append", choices=sorted(WHEELS),
                        help="extension to install (repeatable); default: ducklake")
    parser.add_argument("--all", action="store_true",
                        help="install every extension the plugin uses: " + ", ".join(sorted(WHEELS)))
    parser.add_argument("--extension-dir", default=os.path.join(os.path.expanduser("~"), ".duckdb", "extensions"),
                        help="DuckDB extension directory (default: ~/.duckdb/extensions)")
    parser.add_argument("--lenient", action="store_true",
                        help="warn instead of failing when PyPI cannot be reached (DuckDB may still install online)")
    args = parser.parse_args()
    failed = False
    extensions = sorted(WHEELS) if args.all else args.extension or ["ducklake"]
    for extension in extensions:
        try:
            install(extension, args.duckdb_version, args.extension_dir)
        except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
            failed = True
            print(f"[testbed] WARNING: could not install {extension} from PyPI: {error}", file=sys.stderr)
    if failed and not args.lenient:
        sys.exit(1)


if __name__ == "__main__":
    main()
